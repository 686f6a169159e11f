import { zBaselineSaveInput, zRescheduleInput, zTimelineGetInput } from '../../shared/timeline-schemas.ts';
import { todayInVietnam } from '../plan/checks.ts';
import { projectProcedure, router } from '../trpc.ts';
import { rescheduleTasks } from './reschedule.ts';
import { getTimeline, listBaselines, saveBaseline } from './timeline.ts';

export const timelineRouter = router({
  /** Every member reads the timeline; `critical: true` adds the critical path. */
  get: projectProcedure
    .input(zTimelineGetInput)
    .query(({ ctx, input }) => getTimeline(ctx.db, ctx.membership.projectId, input, todayInVietnam(ctx.clock.now()))),
  baselines: projectProcedure.query(({ ctx }) => listBaselines(ctx.db, ctx.membership.projectId)),
  /** Coordinators save a named copy of every task's and milestone's dates. */
  saveBaseline: projectProcedure
    .input(zBaselineSaveInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => saveBaseline(tx, action, ctx.membership, input))),
  /** Coordinators save several bars' new dates together: all or nothing, CONFLICT naming every stale task. */
  reschedule: projectProcedure
    .input(zRescheduleInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => rescheduleTasks(tx, action, ctx.membership, input))),
});
