/** Largest tRPC batch: the server refuses bigger ones, the client's `maxItems` matches. */
export const MAX_BATCH_SIZE = 10;
