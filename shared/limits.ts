/** Largest tRPC batch: the server refuses bigger ones, the client's `maxItems` matches. */
export const MAX_BATCH_SIZE = 10;

/** Most task moves one timeline.reschedule saves: a few drags or a run of arrow keys, never a whole plan. */
export const MAX_RESCHEDULE_MOVES = 200;
