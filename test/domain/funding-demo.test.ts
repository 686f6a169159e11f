import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import type { User } from '../../server/db/schema.ts';
import { demoEmail, seedDemo } from '../../server/demo/seed.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, testClock } from '../support/fixtures.ts';

describeEachDialect('funding demo data', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.destroy());

  it('seeds a Chu Lai estimate: v1 approved with disbursements, v2 in review, one source short of its share', async () => {
    const clock = testClock();
    expect(await seedDemo(t.db, clock.now())).toBe(true);
    const user = (email: string) => t.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow() as Promise<User>;
    const project = await t.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const viewer = callerFor(t.db, await user(demoEmail('viewer', 'MOIT')), { clock });
    const projectId = project.id;

    const overview = await viewer.funding.overview({ projectId });
    expect(overview.budgetOwners.map((o) => o.code)).toEqual(['QN-DOIT', 'THACO-IND']);
    expect(overview.sources).toHaveLength(4);
    expect(overview.estimates.map((e) => [e.number, e.approval?.state, e.isBaseline, e.lineCount])).toEqual([
      [2, 'open', false, 40],
      [1, 'approved', true, 40],
    ]);
    expect(overview.can).toEqual({ edit: false, submit: false, setBudgetOwners: false });

    const v1 = await viewer.funding.estimate({ projectId, estimateId: overview.baselineEstimateId! });
    const categories = new Set(v1.lines.map((l) => l.category));
    expect(categories.size).toBeGreaterThanOrEqual(8);
    expect(new Set(v1.lines.map((l) => l.year)).size).toBe(2);
    expect(v1.totals.total).toBe(v1.lines.reduce((sum, l) => sum + l.amount, 0));
    const short = v1.totals.bySource.filter((s) => s.gap > 0).map((s) => s.code);
    expect(short).toEqual(['NS-QNAM']);
    expect(v1.totals.disbursed).toBeGreaterThan(0);
    expect(v1.lines.filter((l) => l.disbursed > 0)).toHaveLength(10);

    const v2Round = (await viewer.approvals.subject({ projectId, kind: 'funding_estimate', subjectId: overview.estimates[0]!.id })).rounds[0]!;
    expect(v2Round.state).toBe('open');
    expect(v2Round.parties.map((p) => [p.organization.code, p.current?.decision ?? null])).toEqual([
      ['QN-DOIT', null],
      ['THACO-IND', 'approve'],
    ]);
    expect(v2Round.warnings.map((w) => w.code)).toEqual(['funding_gap']);

    const dashboard = await viewer.dashboard.summary({ projectId });
    expect(dashboard.funding.basis).toMatchObject({ number: 1, kind: 'baseline' });
    expect(dashboard.funding.inReview).toMatchObject({ number: 2 });
    expect(dashboard.funding.estimated).toBe(v1.totals.total);
    expect(dashboard.funding.disbursed).toBe(v1.totals.disbursed);
    expect(dashboard.progress.total.counts.total).toBeGreaterThan(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
