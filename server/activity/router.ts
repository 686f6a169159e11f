import { zActivityExportInput, zActivityListInput } from '../../shared/activity-schemas.ts';
import { adminProcedure, projectProcedure, router } from '../trpc.ts';
import { exportActivity, listActivity, verifyChain } from './activity.ts';

export const activityRouter = router({
  /** Any member reads the project's activity; a non-member gets NOT_FOUND like everywhere else. */
  list: projectProcedure.input(zActivityListInput).query(({ ctx, input }) => listActivity(ctx.db, ctx.membership, input)),
  export: projectProcedure.input(zActivityExportInput).query(({ ctx, input }) => exportActivity(ctx.db, ctx.membership, input)),
  /** The audit chain spans every project, so checking it is for system administrators only. */
  verifyChain: adminProcedure.query(({ ctx }) => verifyChain(ctx.db)),
});
