import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../../server/audit/audit.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';

describeEachDialect('audit chain', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.destroy());

  const append = (n: number) =>
    t.db.transaction().execute(async (tx) => {
      for (let i = 0; i < n; i++) {
        await recordAudit(tx, { actor: null, at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }, {
          action: 'test.event',
          subject: { type: 'thing', id: i },
          before: { i },
          after: { i: i + 1, text: 'Cơ khí' },
        });
      }
    });

  it('verifies an intact chain and counts its events', async () => {
    await append(5);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: 5 });
  });

  it('names the first event whose content was edited', async () => {
    await append(5);
    await t.db.updateTable('audit_events').set({ after_json: '{"i":999}' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 3, problem: 'content does not match its hash' });
  });

  it('detects a deleted event in the middle and a truncated tail', async () => {
    await append(5);
    await t.db.deleteFrom('audit_events').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 2 });

    const other = await createTestDatabase(dialect);
    try {
      await other.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 3; i++) await recordAudit(tx, { actor: null, at: '2026-01-01T00:00:00.000Z' }, { action: 'x', subject: { type: 't', id: i } });
      });
      await other.db.deleteFrom('audit_events').where('seq', '=', 3).execute();
      expect(await verifyAuditChain(other.db)).toMatchObject({ ok: false, brokenAt: 3, problem: 'chain was truncated after this point' });
    } finally {
      await other.destroy();
    }
  });

  it('keeps one unbroken chain when many transactions append at once', async () => {
    await Promise.all(Array.from({ length: 20 }, () => append(3)));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: 60 });
  });
});
