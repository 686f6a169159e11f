import { callTRPCProcedure, type AnyTRPCRouter } from '@trpc/server';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * Answers GET queries (single or batched, as httpBatchLink sends them) without tRPC's HTTP layer
 * when they succeed. That layer costs more than a hot read itself: per request it builds two
 * AbortSignal.any (tens of µs each on Node 20: WeakRefs and a FinalizationRegistry), a fetch
 * Request, Headers and Response. The procedures still run through tRPC (callProcedure: the same
 * middlewares, input validation and authorization) with the same context, and the answer is what
 * tRPC would send: `{"result":{"data":…}}`, or an array of them for a batch.
 *
 * Everything else goes on to the tRPC handler: other methods, subscriptions, streaming, anything
 * unusual in the URL, and every error, which tRPC then formats and logs itself. A query that failed
 * here thus runs a second time there; queries are reads (GET skips the origin check), so that
 * changes nothing but the time an error takes.
 */
export function fastQueries(options: {
  router: AnyTRPCRouter;
  maxBatchSize: number;
  createContext: (c: Context, resHeaders: Headers) => Promise<object>;
}): MiddlewareHandler {
  const { router, maxBatchSize, createContext } = options;
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;
  const transformer = router._def._config.transformer;
  return async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('trpc-accept') !== undefined) return next();
    const contentType = c.req.header('content-type');
    if (contentType !== undefined && !contentType.toLowerCase().startsWith('application/json')) return next();
    const url = new URL(c.req.url);
    let paths: string[];
    let inputs: unknown[];
    try {
      const batch = url.searchParams.get('batch') === '1';
      paths = decodeURIComponent(url.pathname.slice('/trpc/'.length)).split(',');
      if (paths.length > (batch ? maxBatchSize : 1)) return next();
      if (!paths.every((path) => procedures[path]?._def.type === 'query')) return next();
      const raw = url.searchParams.get('input');
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      if (batch && parsed !== undefined && (typeof parsed !== 'object' || parsed === null)) return next();
      inputs = batch ? paths.map((_, i) => (parsed as Record<number, unknown> | undefined)?.[i]) : [parsed];
      inputs = inputs.map((input) => (input === undefined ? undefined : transformer.input.deserialize(input)));
      const resHeaders = new Headers();
      const ctx = await createContext(c, resHeaders);
      const results = await Promise.all(
        paths.map((path, i) =>
          callTRPCProcedure({ router, path, getRawInput: async () => inputs[i], ctx, type: 'query', signal: undefined, batchIndex: i }),
        ),
      );
      const items = results.map((data) => ({ result: { data: transformer.output.serialize(data) } }));
      resHeaders.forEach((value, key) => c.header(key, value, { append: true }));
      c.header('vary', 'trpc-accept, accept');
      return c.json(batch ? items : items[0]);
    } catch {
      return next();
    }
  };
}
