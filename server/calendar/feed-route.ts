import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { calendarForToken, publicOrigin } from './calendar.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * GET /calendar/:token.ics — the person's feed, for calendar programs that poll without a session.
 * The token is the only credential (the session cookie is never read here); an unknown, replaced
 * or deactivated person's token gets a bare 404.
 *
 * @example app.route('/calendar', calendarFeedRoute({ db, clock, config }))
 */
export function calendarFeedRoute(deps: { db: Kysely<Database>; clock: Clock; config: Config }) {
  const route = new Hono();
  route.get('/:file', async (c) => {
    const file = c.req.param('file');
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    const body = TOKEN.test(token) ? await calendarForToken(deps.db, token, publicOrigin(deps.config, c.req.url), deps.clock.now()) : null;
    if (body === null) {
      c.header('cache-control', 'no-store');
      return c.text('Not found', 404);
    }
    c.header('content-type', 'text/calendar; charset=utf-8');
    c.header('cache-control', 'private, max-age=300');
    c.header('content-disposition', 'inline; filename="lienket.ics"');
    return c.body(body, 200);
  });
  return route;
}
