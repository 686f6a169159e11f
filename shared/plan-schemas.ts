import { z } from 'zod';
import { zCalendarDate, zId, zRequiredText, zText } from './schemas.ts';

/**
 * Inputs of the action plan (plan.* and tasks.* procedures). Every procedure also takes
 * `projectId`, added by `projectProcedure`. Rules that need the stored row (start ≤ due after a
 * partial update, parties, phases) are checked again on the server.
 */

export const zTaskStatus = z.enum(['not_started', 'in_progress', 'blocked', 'done']);
export const zAssignmentState = z.enum(['unassigned', 'awaiting', 'accepted', 'declined']);
/** The version the client last saw; a stale one is answered with CONFLICT and the current state. */
export const zVersion = z.number().int().positive().max(2_147_483_647);

export const startBeforeEnd =
  <K1 extends string, K2 extends string>(start: K1, end: K2, message: string) =>
  (v: Partial<Record<K1 | K2, string | null | undefined>>, ctx: z.RefinementCtx) => {
    const a = v[start];
    const b = v[end];
    if (a && b && a > b) ctx.addIssue({ code: 'custom', path: [end], message });
  };

// ── phases ──────────────────────────────────────────────────────────────────────────────────

export const zPhaseCreateInput = z
  .object({ name: zRequiredText(200), startDate: zCalendarDate, endDate: zCalendarDate })
  .superRefine(startBeforeEnd('startDate', 'endDate', 'End date is before start date'));

export const zPhaseUpdateInput = z
  .object({
    phaseId: zId,
    version: zVersion,
    name: zRequiredText(200).optional(),
    startDate: zCalendarDate.optional(),
    endDate: zCalendarDate.optional(),
    /** 1-based place among the project's phases; the others shift to make room. */
    position: z.number().int().min(1).max(10_000).optional(),
  })
  .superRefine(startBeforeEnd('startDate', 'endDate', 'End date is before start date'));

export const zPhaseDeleteInput = z.object({ phaseId: zId, version: zVersion });

// ── milestones ──────────────────────────────────────────────────────────────────────────────

const zOrganizationIds = z.array(zId).max(50);

export const zMilestoneCreateInput = z.object({
  phaseId: zId,
  name: zRequiredText(200),
  date: zCalendarDate,
  deliverables: zText(4000).default(''),
  signoffOrganizationIds: zOrganizationIds.default([]),
});

export const zMilestoneUpdateInput = z.object({
  milestoneId: zId,
  version: zVersion,
  phaseId: zId.optional(),
  name: zRequiredText(200).optional(),
  date: zCalendarDate.optional(),
  deliverables: zText(4000).optional(),
  signoffOrganizationIds: zOrganizationIds.optional(),
});

export const zMilestoneDeleteInput = z.object({ milestoneId: zId, version: zVersion });

// ── tasks ───────────────────────────────────────────────────────────────────────────────────

export const zTaskCreateInput = z
  .object({
    title: zRequiredText(300),
    description: zText(10_000).default(''),
    deliverables: zText(4000).default(''),
    phaseId: zId,
    milestoneId: zId.nullable().default(null),
    startDate: zCalendarDate,
    dueDate: zCalendarDate,
    supportingOrganizationIds: zOrganizationIds.default([]),
    /** When given, the task is assigned to this organization at once (awaiting its answer). */
    leadOrganizationId: zId.nullable().default(null),
  })
  .superRefine(startBeforeEnd('startDate', 'dueDate', 'Due date is before start date'));

/** What coordinators edit: the plan's fields of a task. */
export const zTaskUpdateInput = z
  .object({
    taskId: zId,
    version: zVersion,
    title: zRequiredText(300).optional(),
    description: zText(10_000).optional(),
    deliverables: zText(4000).optional(),
    phaseId: zId.optional(),
    milestoneId: zId.nullable().optional(),
    startDate: zCalendarDate.optional(),
    dueDate: zCalendarDate.optional(),
    supportingOrganizationIds: zOrganizationIds.optional(),
  })
  .superRefine(startBeforeEnd('startDate', 'dueDate', 'Due date is before start date'));

/** What the lead organization's people update on an accepted task. */
export const zTaskWorkInput = z.object({
  taskId: zId,
  version: zVersion,
  status: zTaskStatus.optional(),
  progress: z.number().int().min(0).max(100).optional(),
  assigneeId: zId.nullable().optional(),
  deliverables: zText(4000).optional(),
});

export const zTaskRefInput = z.object({ taskId: zId, version: zVersion });
export const zTaskIdInput = z.object({ taskId: zId });

export const zTaskAssignInput = z.object({ taskId: zId, version: zVersion, organizationId: zId });

export const zTaskAcceptInput = z.object({ taskId: zId, version: zVersion, assigneeId: zId.nullable().default(null) });

export const zTaskDeclineInput = z
  .object({
    taskId: zId,
    version: zVersion,
    reason: zRequiredText(2000),
    proposedStartDate: zCalendarDate.nullable().default(null),
    proposedDueDate: zCalendarDate.nullable().default(null),
  })
  .superRefine(startBeforeEnd('proposedStartDate', 'proposedDueDate', 'Proposed due date is before proposed start date'));

export const zDependencyInput = z.object({ predecessorId: zId, successorId: zId });

export const zCommentInput = z.object({ taskId: zId, body: zRequiredText(10_000) });

/** `due_date:id` of the last row seen; opaque to clients. */
export const zTaskCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}:\d{1,10}$/, 'Invalid cursor')
  .refine((c) => Number(c.slice(11)) <= 2_147_483_647, 'Invalid cursor');

export const zTaskListInput = z
  .object({
    organizationId: zId.optional(),
    phaseId: zId.optional(),
    milestoneId: zId.optional(),
    status: z.array(zTaskStatus).max(4).optional(),
    assignmentState: z.array(zAssignmentState).max(4).optional(),
    assigneeId: zId.optional(),
    overdue: z.boolean().optional(),
    dueFrom: zCalendarDate.optional(),
    dueTo: zCalendarDate.optional(),
    q: zText(200).optional(),
    cursor: zTaskCursor.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(startBeforeEnd('dueFrom', 'dueTo', 'End of the window is before its start'));

export type TaskStatus = z.infer<typeof zTaskStatus>;
export type AssignmentState = z.infer<typeof zAssignmentState>;
export type PhaseCreateInput = z.infer<typeof zPhaseCreateInput>;
export type PhaseUpdateInput = z.infer<typeof zPhaseUpdateInput>;
export type MilestoneCreateInput = z.infer<typeof zMilestoneCreateInput>;
export type MilestoneUpdateInput = z.infer<typeof zMilestoneUpdateInput>;
export type TaskCreateInput = z.infer<typeof zTaskCreateInput>;
export type TaskUpdateInput = z.infer<typeof zTaskUpdateInput>;
export type TaskWorkInput = z.infer<typeof zTaskWorkInput>;
export type TaskAssignInput = z.infer<typeof zTaskAssignInput>;
export type TaskAcceptInput = z.infer<typeof zTaskAcceptInput>;
export type TaskDeclineInput = z.infer<typeof zTaskDeclineInput>;
export type DependencyInput = z.infer<typeof zDependencyInput>;
export type CommentInput = z.infer<typeof zCommentInput>;
export type TaskListInput = z.infer<typeof zTaskListInput>;
