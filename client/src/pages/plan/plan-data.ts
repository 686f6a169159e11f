import { createResource } from 'solid-js';
import { TRPCClientError } from '@trpc/client';
import type { AssignmentState, TaskStatus } from '../../../../shared/plan-schemas.ts';
import type { MessageKey } from '~/i18n/i18n.ts';
import { trpc } from '~/lib/trpc.ts';

export type { AssignmentState, TaskStatus };
export type Plan = Awaited<ReturnType<typeof trpc.plan.get.query>>;
export type PlanPhase = Plan['phases'][number];
export type TaskPage = Awaited<ReturnType<typeof trpc.tasks.list.query>>;
export type TaskRow = TaskPage['items'][number];
export type TaskDetail = Awaited<ReturnType<typeof trpc.tasks.get.query>>;
export type MyWork = Awaited<ReturnType<typeof trpc.tasks.myWork.query>>;
export type ProjectOverview = Awaited<ReturnType<typeof trpc.projects.overview.query>>;

export const TASK_STATUSES: TaskStatus[] = ['not_started', 'in_progress', 'blocked', 'done'];

// Written out in full so the dictionary test sees every key used.
export const TASK_STATUS_KEY: Record<TaskStatus, MessageKey> = {
  not_started: 'taskStatus.not_started',
  in_progress: 'taskStatus.in_progress',
  blocked: 'taskStatus.blocked',
  done: 'taskStatus.done',
};

export const ASSIGNMENT_KEY: Record<AssignmentState, MessageKey> = {
  unassigned: 'assignment.unassigned',
  awaiting: 'assignment.awaiting',
  accepted: 'assignment.accepted',
  declined: 'assignment.declined',
};

export const HANDOFF_KEY: Record<TaskDetail['handoffs'][number]['kind'], MessageKey> = {
  assigned: 'handoff.assigned',
  accepted: 'handoff.accepted',
  declined: 'handoff.declined',
  dates_accepted: 'handoff.dates_accepted',
};

/** Ids are positive integers; anything else in the address cannot name a record. */
export function idOf(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : null;
}

/** The project's parties and members, for organization and assignee choices. */
export function createProjectResource(projectId: () => number) {
  return createResource(projectId, (id) => trpc.projects.overview.query({ projectId: id }));
}

/** Everyone in the project but viewers, as choices of an assignee filter (plan and timeline). */
export function assigneeOptions(project: ProjectOverview) {
  return project.members.filter((m) => m.role !== 'viewer').map((m) => ({ value: String(m.userId), label: `${m.displayName} (${m.organizationCode})` }));
}

/** The ids of a refused dependency's cycle, as the server lists them (first id again at the end). */
export function cycleOf(error: unknown): number[] {
  if (!(error instanceof TRPCClientError)) return [];
  const cycle = (error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors?.cycle;
  return (cycle ?? []).map(Number).filter((n) => Number.isInteger(n));
}

/** "2026-11-23" for a date input, from whatever the form holds; '' stays ''. */
export const dateValue = (value: string | null | undefined) => value ?? '';
