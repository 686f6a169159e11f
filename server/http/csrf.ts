import type { MiddlewareHandler } from 'hono';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests from other origins, whatever their content type.
 *
 * hono/csrf only inspects form content types, and tRPC mutations are JSON, so we check every
 * non-GET request: its Origin must be our own host or an allowed origin; lacking Origin, its
 * Sec-Fetch-Site must be same-origin. A request with neither header does not come from a browser
 * (every current browser sends Origin on a cross-origin POST), so it cannot carry a victim's cookie
 * by surprise and is let through for scripts and monitoring.
 */
export function originCheck(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const ownOrigin = `${new URL(c.req.url).protocol}//${c.req.header('host') ?? ''}`;
      if (origin === ownOrigin || allowed.has(origin)) return next();
      return c.json({ error: { message: 'Cross-origin request refused', reason: 'csrf' } }, 403);
    }
    const site = c.req.header('sec-fetch-site');
    if (site === undefined || site === 'same-origin' || site === 'none') return next();
    return c.json({ error: { message: 'Cross-site request refused', reason: 'csrf' } }, 403);
  };
}
