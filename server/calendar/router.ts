import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';
import { feedStatus, feedUrl, regenerateFeed } from './calendar.ts';

export const calendarRouter = router({
  /** Whether the caller has a feed; never its URL, which is shown once when made. */
  feed: authedProcedure
    .output(z.object({ hasFeed: z.boolean(), createdAt: z.string().nullable() }))
    .query(({ ctx }) => feedStatus(ctx.db, ctx.user.id)),
  /** A new secret feed URL for the caller, returned this once; the previous URL stops working. */
  regenerate: authedProcedure.output(z.object({ url: z.string() })).mutation(async ({ ctx }) => {
    const token = await ctx.mutate((tx, action) => regenerateFeed(tx, action, ctx.user.id));
    return { url: feedUrl(ctx.origin ?? ctx.config.publicUrl ?? '', token) };
  }),
});
