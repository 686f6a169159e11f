import {
  zApprovalDecide,
  zApprovalRoundInput,
  zApprovalSubjectInput,
  zApprovalSubmit,
  zApprovalWithdraw,
} from '../../shared/approval-schemas.ts';
import { projectProcedure, router } from '../trpc.ts';
import {
  approvalInbox,
  countWaiting,
  decideRound,
  getRound,
  listSubjectRounds,
  submitRound,
  withdrawRound,
} from './approvals.ts';

export const approvalsRouter = router({
  inbox: projectProcedure.query(({ ctx }) => approvalInbox(ctx.db, ctx.membership)),
  waitingCount: projectProcedure.query(async ({ ctx }) => ({ count: await countWaiting(ctx.db, ctx.membership) })),
  round: projectProcedure.input(zApprovalRoundInput).query(({ ctx, input }) => getRound(ctx.db, ctx.membership, input.roundId)),
  subject: projectProcedure
    .input(zApprovalSubjectInput)
    .query(({ ctx, input }) => listSubjectRounds(ctx.db, ctx.membership, input.kind, input.subjectId)),

  submit: projectProcedure
    .input(zApprovalSubmit)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => submitRound(tx, action, ctx.membership, input))),
  decide: projectProcedure
    .input(zApprovalDecide)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => decideRound(tx, action, ctx.membership, input))),
  withdraw: projectProcedure
    .input(zApprovalWithdraw)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => withdrawRound(tx, action, ctx.membership, input))),
});
