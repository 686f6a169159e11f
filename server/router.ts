import { adminRouter } from './admin/router.ts';
import { authRouter } from './auth/router.ts';
import { projectsRouter } from './projects/router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  projects: projectsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
