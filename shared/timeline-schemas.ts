import { z } from 'zod';
import { MAX_RESCHEDULE_MOVES } from './limits.ts';
import { startBeforeEnd, zVersion } from './plan-schemas.ts';
import { zCalendarDate, zId, zRequiredText } from './schemas.ts';

/** Inputs of the timeline.* procedures; each also takes `projectId`, added by `projectProcedure`. */

/** Most baselines one project keeps: each is a copy of every task's dates. */
export const MAX_BASELINES_PER_PROJECT = 100;

export const zBaselineSaveInput = z.object({ name: zRequiredText(200) });

export const zTimelineGetInput = z.object({
  /** The baseline to compare with; omitted, the latest one (none while the project has none). */
  baselineId: zId.optional(),
  /** Also run the critical path method over the tasks and their dependencies. */
  critical: z.boolean().default(false),
});

/** One bar's new dates, against the version the person saw. */
export const zTaskMove = z
  .object({ taskId: zId, version: zVersion, startDate: zCalendarDate, dueDate: zCalendarDate })
  .superRefine(startBeforeEnd('startDate', 'dueDate', 'Due date is before start date'));

export const zRescheduleInput = z.object({
  moves: z
    .array(zTaskMove)
    .min(1)
    .max(MAX_RESCHEDULE_MOVES)
    .refine((moves) => new Set(moves.map((x) => x.taskId)).size === moves.length, 'Each task is moved at most once per save'),
});

export type BaselineSaveInput = z.infer<typeof zBaselineSaveInput>;
export type TimelineGetInput = z.infer<typeof zTimelineGetInput>;
export type RescheduleInput = z.infer<typeof zRescheduleInput>;
