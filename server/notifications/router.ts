import { zNotificationListInput, zNotificationMarkReadInput } from '../../shared/notification-schemas.ts';
import { authedProcedure, projectProcedure, router } from '../trpc.ts';
import { emailPreferenceProcedures } from './email-router.ts';
import { listNotifications, markAllRead, markRead, mentionCandidates, unreadCount } from './notifications.ts';

// Read marks are the person's own view, not a change to any project: they run in a transaction
// (ctx.mutate) but write no audit event, which would flood the activity stream with clicks.
export const notificationsRouter = router({
  /** The caller's notifications, newest first, across their projects. */
  list: authedProcedure.input(zNotificationListInput).query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input)),
  unreadCount: authedProcedure.query(async ({ ctx }) => ({ count: await unreadCount(ctx.db, ctx.user.id) })),
  markRead: authedProcedure
    .input(zNotificationMarkReadInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => markRead(tx, action, ctx.user.id, input.ids))),
  markAllRead: authedProcedure.mutation(({ ctx }) => ctx.mutate((tx, action) => markAllRead(tx, action, ctx.user.id))),
  /** The project's people, for the @mention autocomplete in comments. */
  mentionCandidates: projectProcedure.query(({ ctx }) => mentionCandidates(ctx.db, ctx.membership.projectId)),
  ...emailPreferenceProcedures,
});
