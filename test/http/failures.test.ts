import { expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { systemClock } from '../../server/clock.ts';
import { defaultConfig } from '../../server/config.ts';
import { openPostgres } from '../../server/db/connect.ts';
import { createLocalHub } from '../../server/live/live.ts';
import { createLogger } from '../../server/logger.ts';
import { createTestDatabase, describeEachDialect } from '../support/databases.ts';
import { freePort } from '../support/postgres.ts';

const logger = createLogger('silent');

describeEachDialect('when the database fails', (dialect) => {
  it('answers /healthz 503 and procedures a generic 500 with a request id, never the internal message', async () => {
    const t = await createTestDatabase(dialect);
    const app = createApp({ db: t.db, dialect, clock: systemClock, config: defaultConfig(), logger, hub: createLocalHub() });
    await t.destroy();

    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, db: dialect });

    const call = await app.request('/trpc/projects.mine', { headers: { cookie: 'lk_session=abc' } });
    expect(call.status).toBe(500);
    const body = await call.text();
    expect(body).toContain('Internal error');
    expect(body).not.toMatch(/destroyed|sqlite|select|stack/i);
    // The person can quote this id; the log has the details under it.
    expect(call.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

it('answers /healthz 503 when PostgreSQL is unreachable', async () => {
  const { db } = openPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/none`, 1);
  const app = createApp({ db, dialect: 'postgres', clock: systemClock, config: defaultConfig(), logger, hub: createLocalHub() });
  const health = await app.request('/healthz');
  expect(health.status).toBe(503);
  await db.destroy();
});
