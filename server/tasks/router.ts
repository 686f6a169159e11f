import {
  zCommentInput,
  zDependencyInput,
  zTaskAcceptInput,
  zTaskAssignInput,
  zTaskCreateInput,
  zTaskDeclineInput,
  zTaskIdInput,
  zTaskListInput,
  zTaskRefInput,
  zTaskUpdateInput,
  zTaskWorkInput,
} from '../../shared/plan-schemas.ts';
import { todayInVietnam } from '../plan/checks.ts';
import { projectProcedure, router } from '../trpc.ts';
import { acceptProposedDates, acceptTask, assignTask, declineTask } from './assignments.ts';
import { addComment } from './comments.ts';
import { addDependency, removeDependency } from './dependencies.ts';
import { getTask, listTasks, myWork } from './queries.ts';
import { createTask, deleteTask, updateTask, updateTaskWork } from './tasks.ts';

export const tasksRouter = router({
  list: projectProcedure
    .input(zTaskListInput)
    .query(({ ctx, input }) => listTasks(ctx.db, ctx.membership.projectId, input, todayInVietnam(ctx.clock.now()))),
  get: projectProcedure.input(zTaskIdInput).query(({ ctx, input }) => getTask(ctx.db, ctx.membership, input.taskId, todayInVietnam(ctx.clock.now()))),
  myWork: projectProcedure.query(({ ctx }) => myWork(ctx.db, ctx.membership, todayInVietnam(ctx.clock.now()))),

  create: projectProcedure
    .input(zTaskCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createTask(tx, action, ctx.membership, input))),
  update: projectProcedure
    .input(zTaskUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateTask(tx, action, ctx.membership, input))),
  updateWork: projectProcedure
    .input(zTaskWorkInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateTaskWork(tx, action, ctx.membership, input))),
  delete: projectProcedure
    .input(zTaskRefInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deleteTask(tx, action, ctx.membership, input))),

  assign: projectProcedure
    .input(zTaskAssignInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => assignTask(tx, action, ctx.membership, input))),
  accept: projectProcedure
    .input(zTaskAcceptInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => acceptTask(tx, action, ctx.membership, input))),
  decline: projectProcedure
    .input(zTaskDeclineInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => declineTask(tx, action, ctx.membership, input))),
  acceptProposedDates: projectProcedure
    .input(zTaskRefInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => acceptProposedDates(tx, action, ctx.membership, input))),

  addDependency: projectProcedure
    .input(zDependencyInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => addDependency(tx, action, ctx.membership, input))),
  removeDependency: projectProcedure
    .input(zDependencyInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => removeDependency(tx, action, ctx.membership, input))),

  addComment: projectProcedure
    .input(zCommentInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => addComment(tx, action, ctx.membership, input))),
});
