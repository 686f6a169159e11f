import { activityRouter } from './activity/router.ts';
import { adminRouter } from './admin/router.ts';
import { approvalsRouter } from './approvals/router.ts';
import { authRouter } from './auth/router.ts';
import { calendarRouter } from './calendar/router.ts';
import { dashboardRouter } from './dashboard/router.ts';
import { fundingRouter } from './funding/router.ts';
import { liveRouter } from './live/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { outlineRouter } from './outline/router.ts';
import { planRouter } from './plan/router.ts';
import { projectsRouter } from './projects/router.ts';
import { tasksRouter } from './tasks/router.ts';
import { timelineRouter } from './timeline/router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  projects: projectsRouter,
  admin: adminRouter,
  outline: outlineRouter,
  approvals: approvalsRouter,
  plan: planRouter,
  tasks: tasksRouter,
  funding: fundingRouter,
  dashboard: dashboardRouter,
  timeline: timelineRouter,
  calendar: calendarRouter,
  live: liveRouter,
  activity: activityRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
