import { tracked } from '@trpc/server';
import { z } from 'zod';
import { projectProcedure, router } from '../trpc.ts';
import { projectEventStream } from './live.ts';

export const liveRouter = router({
  /**
   * The project's audit events as they commit, over SSE, in batches (`{ events }`: all that is new at
   * each wake-up). A batch is sent with its last seq as the SSE id, so a client that reconnects
   * (Last-Event-ID, or `lastEventId` in the input) gets exactly what it missed.
   */
  projectEvents: projectProcedure
    .input(z.object({ lastEventId: z.string().regex(/^\d{1,15}$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const stream = projectEventStream({
        db: ctx.db,
        hub: ctx.hub,
        projectId: input.projectId,
        afterSeq: input.lastEventId == null ? null : Number(input.lastEventId),
        signal,
        userId: ctx.user.id,
      });
      for await (const events of stream) yield tracked(String(events.at(-1)!.seq), { events });
    }),
});
