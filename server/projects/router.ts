import { authedProcedure, projectProcedure, router } from '../trpc.ts';
import { getProjectOverview, listMyProjects } from './projects.ts';

export const projectsRouter = router({
  mine: authedProcedure.query(({ ctx }) => listMyProjects(ctx.db, ctx.user.id)),
  overview: projectProcedure.query(async ({ ctx, input }) => ({
    ...(await getProjectOverview(ctx.db, input.projectId)),
    myRole: ctx.membership.role,
  })),
});
