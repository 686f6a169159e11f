import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProjectRole } from '../../server/db/schema.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, givenUser } from '../support/fixtures.ts';
import { fundingFingerprint, givenApproved, givenFundingWorld, givenLines, lineInput, type FundingWorld } from '../support/funding-fixtures.ts';

// Every funding procedure × every kind of caller: each role of the budget-owner organization
// ("lead") and of another party ("other"), and a person in no project. Editors are coordinators
// and the budget owner's approvers and members; viewers and other parties' staff read only.

type Caller = `${ProjectRole}:${'lead' | 'other'}` | 'nonMember';
const CALLERS: Caller[] = [
  'coordinator:lead',
  'approver:lead',
  'member:lead',
  'viewer:lead',
  'coordinator:other',
  'approver:other',
  'member:other',
  'viewer:other',
  'nonMember',
];
const EDITORS: Caller[] = ['coordinator:lead', 'coordinator:other', 'approver:lead', 'member:lead'];
const COORDINATORS: Caller[] = ['coordinator:lead', 'coordinator:other'];
const EVERY_MEMBER: Caller[] = CALLERS.filter((c) => c !== 'nonMember');

let counter = 0;
const csv = (rows: string[]) => Buffer.from(['Hạng mục,Nội dung,Số lượng,Đơn vị tính,Đơn giá,Nguồn kinh phí,Năm', ...rows].join('\n')).toString('base64');

type Builder = (w: FundingWorld, baselineLineId: number) => Promise<Record<string, unknown>>;

async function freshEstimate(w: FundingWorld, withLine = false) {
  const e = await w.coordinator.funding.createEstimate({ projectId: w.projectId, copyFromEstimateId: null });
  const lines = withLine ? await givenLines(w, e.id, [{}]) : [];
  const current = await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId: e.id });
  return { id: e.id, version: current.estimate.version, line: lines[0] };
}

async function freshSource(w: FundingWorld) {
  return w.coordinator.funding.createSource({ projectId: w.projectId, code: `SRC-${++counter}`, kind: 'other_sponsor', nameVi: 'Nhà tài trợ', nameEn: 'Sponsor', pledgedAmount: 1_000_000 });
}

async function freshDisbursement(w: FundingWorld, lineId: number) {
  return w.coordinator.funding.recordDisbursement({ projectId: w.projectId, lineId, date: '2026-11-01', amount: 1_000_000, reference: `UNC ${++counter}` });
}

const MUTATIONS: Record<string, { allow: Caller[]; input: Builder }> = {
  setBudgetOwners: { allow: COORDINATORS, input: async (w) => ({ organizationIds: [w.orgs.lead.id] }) },
  createCategory: { allow: EDITORS, input: async () => ({ code: `hang_muc_${++counter}`, nameVi: 'Hạng mục riêng', nameEn: 'Own category' }) },
  createSource: { allow: EDITORS, input: async () => ({ code: `SRC-${++counter}`, kind: 'enterprise', nameVi: 'Doanh nghiệp', nameEn: 'Enterprise', pledgedAmount: 5_000_000 }) },
  updateSource: {
    allow: EDITORS,
    input: async (w) => {
      const s = await freshSource(w);
      return { ...s, sourceId: s.id, pledgedAmount: 2_000_000 };
    },
  },
  deleteSource: {
    allow: EDITORS,
    input: async (w) => {
      const s = await freshSource(w);
      return { sourceId: s.id, version: s.version };
    },
  },
  createEstimate: { allow: EDITORS, input: async () => ({ copyFromEstimateId: null, note: 'Phiên bản mới' }) },
  updateEstimate: {
    allow: EDITORS,
    input: async (w) => {
      const e = await freshEstimate(w);
      return { estimateId: e.id, version: e.version, note: `Ghi chú ${++counter}` };
    },
  },
  submitEstimate: { allow: EDITORS, input: async (w) => ({ estimateId: (await freshEstimate(w, true)).id }) },
  addLine: {
    allow: EDITORS,
    input: async (w) => {
      const { projectId: _, ...line } = lineInput(w, (await freshEstimate(w)).id);
      return line;
    },
  },
  updateLine: {
    allow: EDITORS,
    input: async (w) => {
      const e = await freshEstimate(w, true);
      const { projectId: _, estimateId: __, ...line } = lineInput(w, e.id, { quantity: '9' });
      return { ...line, lineId: e.line!.id, version: e.line!.version, phaseId: null, taskId: null, note: '' };
    },
  },
  deleteLine: {
    allow: EDITORS,
    input: async (w) => {
      const e = await freshEstimate(w, true);
      return { lineId: e.line!.id, version: e.line!.version };
    },
  },
  importPreview: { allow: EDITORS, input: async (w) => ({ estimateId: (await freshEstimate(w)).id, format: 'csv', data: csv(['surveys,Khảo sát,2,phiếu,500000,NSNN-BCT,2027']) }) },
  importCommit: {
    allow: EDITORS,
    input: async (w) => {
      const e = await freshEstimate(w);
      return { estimateId: e.id, version: e.version, mode: 'append', format: 'csv', data: csv(['surveys,Khảo sát,2,phiếu,500000,NSNN-BCT,2027']) };
    },
  },
  recordDisbursement: {
    allow: EDITORS,
    input: async (_w, lineId) => ({ lineId, date: '2026-11-10', amount: 2_500_000, reference: `UNC ${++counter}` }),
  },
  updateDisbursement: {
    allow: EDITORS,
    input: async (w, lineId) => {
      const d = await freshDisbursement(w, lineId);
      return { disbursementId: d.id, version: d.version, date: d.date, amount: 3_000_000, reference: d.reference, note: 'Điều chỉnh' };
    },
  },
  deleteDisbursement: {
    allow: EDITORS,
    input: async (w, lineId) => {
      const d = await freshDisbursement(w, lineId);
      return { disbursementId: d.id, version: d.version };
    },
  },
};

const QUERIES: Record<string, Builder> = {
  overview: async () => ({}),
  estimate: async (w) => ({ estimateId: w.estimate.id }),
  disbursements: async () => ({}),
  export: async (w) => ({ estimateId: w.estimate.id, format: 'csv', locale: 'en' }),
};

describeEachDialect('funding permissions', (dialect) => {
  let t: TestDatabase;
  let w: FundingWorld;
  let baselineLineId: number;
  let nonMember: Awaited<ReturnType<typeof givenUser>>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    w = await givenFundingWorld(t.db);
    baselineLineId = (await givenLines(w, w.estimate.id, [{}]))[0]!.id;
    await givenApproved(w, w.estimate.id);
    nonMember = await givenUser(t.db, { organizationId: w.orgs.lead.id });
  });
  afterAll(() => t?.destroy());

  const callerOf = (caller: Caller) => {
    if (caller === 'nonMember') return callerFor(t.db, nonMember, { clock: w.clock });
    const [role, side] = caller.split(':') as [ProjectRole, 'lead' | 'other'];
    return w.as(w.people[side][role]);
  };
  const call = async (caller: Caller, path: string, input: Record<string, unknown>, group: 'funding' | 'dashboard' = 'funding') => {
    const procedures = callerOf(caller)[group] as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    try {
      await procedures[path]!({ projectId: w.projectId, ...input });
      return 'ok';
    } catch (error) {
      if (error instanceof TRPCError) return `${error.code}${error.code === 'BAD_REQUEST' ? ` ${error.message}` : ''}`;
      throw error;
    }
  };

  for (const [path, entry] of Object.entries(MUTATIONS)) {
    it(`funding.${path}: ${entry.allow.join(', ')} may; everyone else is refused and nothing changes`, async () => {
      const problems: string[] = [];
      let input = await entry.input(w, baselineLineId);
      for (const caller of CALLERS) {
        const expected = caller === 'nonMember' ? 'NOT_FOUND' : entry.allow.includes(caller) ? 'ok' : 'FORBIDDEN';
        const before = await fundingFingerprint(t.db);
        const outcome = await call(caller, path, input);
        if (outcome !== expected) problems.push(`${caller}: expected ${expected}, got ${outcome}`);
        if (outcome === 'ok') input = await entry.input(w, baselineLineId);
        else if (JSON.stringify(await fundingFingerprint(t.db)) !== JSON.stringify(before)) problems.push(`${caller}: refused, but the database changed`);
      }
      expect(problems.join('\n')).toBe('');
    });
  }

  it('lets every member read funding and the dashboard, and no one else', async () => {
    const problems: string[] = [];
    for (const caller of CALLERS) {
      const expected = EVERY_MEMBER.includes(caller) ? 'ok' : 'NOT_FOUND';
      for (const [path, input] of Object.entries(QUERIES)) {
        const outcome = await call(caller, path, await input(w, baselineLineId));
        if (outcome !== expected) problems.push(`${caller} funding.${path}: expected ${expected}, got ${outcome}`);
      }
      const outcome = await call(caller, 'summary', {}, 'dashboard');
      if (outcome !== expected) problems.push(`${caller} dashboard.summary: expected ${expected}, got ${outcome}`);
    }
    expect(problems.join('\n')).toBe('');
  });
});
