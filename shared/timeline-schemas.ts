import { z } from 'zod';
import { zId, zRequiredText } from './schemas.ts';

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

export type BaselineSaveInput = z.infer<typeof zBaselineSaveInput>;
export type TimelineGetInput = z.infer<typeof zTimelineGetInput>;
