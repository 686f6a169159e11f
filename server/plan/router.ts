import {
  zMilestoneCreateInput,
  zMilestoneDeleteInput,
  zMilestoneUpdateInput,
  zPhaseCreateInput,
  zPhaseDeleteInput,
  zPhaseUpdateInput,
} from '../../shared/plan-schemas.ts';
import { projectProcedure, router } from '../trpc.ts';
import { todayInVietnam } from './checks.ts';
import { createMilestone, createPhase, deleteMilestone, deletePhase, getPlan, updateMilestone, updatePhase } from './plan.ts';

export const planRouter = router({
  get: projectProcedure.query(({ ctx }) => getPlan(ctx.db, ctx.membership.projectId, todayInVietnam(ctx.clock.now()))),

  createPhase: projectProcedure
    .input(zPhaseCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createPhase(tx, action, ctx.membership, input))),
  updatePhase: projectProcedure
    .input(zPhaseUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updatePhase(tx, action, ctx.membership, input))),
  deletePhase: projectProcedure
    .input(zPhaseDeleteInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deletePhase(tx, action, ctx.membership, input))),

  createMilestone: projectProcedure
    .input(zMilestoneCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createMilestone(tx, action, ctx.membership, input))),
  updateMilestone: projectProcedure
    .input(zMilestoneUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateMilestone(tx, action, ctx.membership, input))),
  deleteMilestone: projectProcedure
    .input(zMilestoneDeleteInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deleteMilestone(tx, action, ctx.membership, input))),
});
