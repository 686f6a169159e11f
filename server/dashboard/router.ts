import { todayInVietnam } from '../plan/checks.ts';
import { projectProcedure, router } from '../trpc.ts';
import { dashboardSummary } from './dashboard.ts';

export const dashboardRouter = router({
  /** Every member reads it; it is the first screen for viewers (leadership). */
  summary: projectProcedure.query(({ ctx }) => dashboardSummary(ctx.db, ctx.membership.projectId, todayInVietnam(ctx.clock.now()))),
});
