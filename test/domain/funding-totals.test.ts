import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BUILTIN_FUNDING_CATEGORIES } from '../../shared/funding-schemas.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenApproved, givenFundingWorld, givenLines, type FundingWorld } from '../support/funding-fixtures.ts';

// Property: for random lines, every total the server returns (by version, source, category, year,
// phase, on the Funding page, the overview and the dashboard) equals the BigInt sum of
// quantity × unit cost computed here, independently of the server's arithmetic.

describeEachDialect('funding totals', (dialect) => {
  let t: TestDatabase;
  let w: FundingWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenFundingWorld(t.db);
  });
  afterEach(() => t.destroy());

  it('equal the BigInt sums of quantity × unit cost, whatever the lines', async () => {
    const line = fc
      .record({
        category: fc.constantFrom(...BUILTIN_FUNDING_CATEGORIES.map((c) => c.code)),
        whole: fc.integer({ min: 0, max: 1_000_000 }),
        thousandths: fc.integer({ min: 0, max: 999 }),
        // Large unit costs, up to ~10^12 đồng; with a fraction, a multiple of 1000 so the amount is whole.
        unitCost: fc.bigInt({ min: 0n, max: 1_000_000_000_000n }),
        source: fc.constantFrom('state', 'province'),
        year: fc.integer({ min: 2026, max: 2030 }),
        phase: fc.boolean(),
      })
      .map((l) => ({ ...l, unitCost: l.thousandths === 0 ? l.unitCost : (l.unitCost / 1000n) * 1000n }))
      .filter((l) => BigInt(l.whole * 1000 + l.thousandths) * l.unitCost <= 1000n * 2n ** 49n);

    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), async (lines) => {
        const estimate = await w.coordinator.funding.createEstimate({ projectId: w.projectId, copyFromEstimateId: null });
        await givenLines(
          w,
          estimate.id,
          lines.map((l) => ({
            category: l.category,
            quantity: `${l.whole}.${String(l.thousandths).padStart(3, '0')}`,
            // As a string of digits: the client's way to send an exact big integer.
            unitCost: l.unitCost.toString(),
            sourceId: w.sources[l.source as 'state' | 'province'].id,
            year: l.year,
            phaseId: l.phase ? w.phase.id : null,
          })),
        );
        const amount = (l: (typeof lines)[number]) => (BigInt(l.whole * 1000 + l.thousandths) * l.unitCost) / 1000n;
        const sum = (pick: (l: (typeof lines)[number]) => boolean) => Number(lines.filter(pick).reduce((s, l) => s + amount(l), 0n));

        const view = await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId: estimate.id });
        expect(view.lines.map((l) => BigInt(l.amount))).toEqual(lines.map(amount));
        expect(view.totals.total).toBe(sum(() => true));
        for (const s of view.totals.bySource) {
          const key = s.sourceId === w.sources.state.id ? 'state' : 'province';
          expect(s.estimated).toBe(sum((l) => l.source === key));
          expect(s.gap).toBe(Number(BigInt(s.estimated) - BigInt(s.pledged)));
        }
        for (const c of view.totals.byCategory) expect(c.estimated).toBe(sum((l) => l.category === c.category));
        for (const y of view.totals.byYear) expect(y.estimated).toBe(sum((l) => l.year === y.year));
        for (const p of view.totals.byPhase) expect(p.estimated).toBe(sum((l) => (p.phaseId === null) !== l.phase));
        expect(view.totals.byYear.reduce((s, y) => s + BigInt(y.estimated), 0n)).toBe(BigInt(view.totals.total));

        const overview = await w.coordinator.funding.overview({ projectId: w.projectId });
        expect(overview.estimates.find((e) => e.id === estimate.id)!.total).toBe(sum(() => true));
      }),
      { numRuns: 12 },
    );
  });

  it('on the dashboard, equal the sums of the approved version, the pledges and the disbursements', async () => {
    const lines = await givenLines(w, w.estimate.id, [
      { quantity: '3', unitCost: '3000000000000' },
      { category: 'surveys', quantity: '0.5', unitCost: 1_000_000_000_000, sourceId: w.sources.province.id },
      { category: 'surveys', quantity: '7', unitCost: 1_234_567, sourceId: w.sources.province.id },
    ]);
    await givenApproved(w, w.estimate.id);
    for (const [i, amount] of [[0, 4_000_000_000_000], [1, 123_456_789], [2, 1]] as const) {
      await w.coordinator.funding.recordDisbursement({ projectId: w.projectId, lineId: lines[i]!.id, date: '2026-11-20', amount, reference: `UNC ${i}` });
    }
    const summary = (await w.as(w.people.lead.viewer).dashboard.summary({ projectId: w.projectId })).funding;
    const estimated = 9_000_000_000_000n + 500_000_000_000n + 8_641_969n;
    expect(summary).toMatchObject({
      basis: { estimateId: w.estimate.id, number: 1, kind: 'baseline' },
      inReview: null,
      estimated: Number(estimated),
      pledged: 1_300_000_000,
      disbursed: 4_000_123_456_790,
      gap: Number(estimated - 1_300_000_000n),
    });
    expect(summary.bySource.map((s) => [s.source.code, s.estimated, s.disbursed, s.gap])).toEqual([
      ['NSNN-BCT', 9_000_000_000_000, 4_000_000_000_000, 9_000_000_000_000 - 1_000_000_000],
      ['NS-QNAM', 500_008_641_969, 123_456_790, 500_008_641_969 - 300_000_000],
    ]);
    expect(summary.byCategory.map((c) => [c.category.code, c.estimated, c.disbursed])).toEqual([
      ['experts_consultancy', 9_000_000_000_000, 4_000_000_000_000],
      ['surveys', 500_008_641_969, 123_456_790],
    ]);
  });
});
