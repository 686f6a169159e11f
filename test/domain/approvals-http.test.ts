import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { describeEachDialect } from '../support/databases.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

// The approval and outline procedures over real HTTP on the demo data: the happy path of a v3
// round, and malformed input that must come back as 4xx, never a 500.

describeEachDialect('approvals and outline over HTTP', (dialect) => {
  let server: TestServer;
  let projectId: number;
  const session = async (email: string) => {
    const s = new HttpSession(server.url);
    expect((await s.login(email, DEMO_PASSWORD)).status).toBe(200);
    return s;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const coordinator = await session(demoEmail('coordinator', 'VIOIT'));
    const mine = await coordinator.call('projects.mine', undefined, { method: 'GET' });
    projectId = mine.data.find((p: { code: string }) => p.code === 'CHULAI-PILOT').id;
  });
  afterAll(() => server?.stop());

  it('proposes v3, shows it in the approvers’ inbox and records their decisions', async () => {
    const coordinator = await session(demoEmail('coordinator', 'VIOIT'));
    const outline = await coordinator.call('outline.get', { projectId }, { method: 'GET' });
    expect(outline.status).toBe(200);
    expect(outline.data.latestVersion.number).toBe(2);
    const diff = await coordinator.call('outline.compare', { projectId, from: outline.data.latestVersion.id, to: 'draft' }, { method: 'GET' });
    expect(diff.data.summary.changed).toBe(1);

    const thaco = await session(demoEmail('approver', 'THACO-IND'));
    const waitingBefore = (await thaco.call('approvals.waitingCount', { projectId }, { method: 'GET' })).data.count as number;
    const proposed = await coordinator.call('outline.propose', { projectId, note: 'Dự thảo lần 3' });
    expect(proposed.status).toBe(200);
    const roundId = proposed.data.round.id;

    // The demo already has other rounds waiting for THACO-IND (a milestone sign-off); v3 adds one.
    expect((await thaco.call('approvals.waitingCount', { projectId }, { method: 'GET' })).data).toEqual({ count: waitingBefore + 1 });
    const decided = await thaco.call('approvals.decide', { projectId, roundId, decision: 'approve', comment: '<script>alert(1)</script>' });
    expect(decided.status).toBe(200);
    expect(decided.data.decisions[0].commentHtml).toContain('&lt;script&gt;');

    const member = await session(demoEmail('member', 'THACO-IND'));
    const refused = await member.call('approvals.decide', { projectId, roundId, decision: 'approve' });
    expect([refused.status, refused.error?.data?.reason]).toEqual([403, 'role_not_allowed']);
  });

  it('answers malformed input with 4xx, never a 500', async () => {
    const coordinator = await session(demoEmail('coordinator', 'VIOIT'));
    const approver = await session(demoEmail('approver', 'MOIT'));
    const calls: [HttpSession, string, unknown, 'GET' | 'POST'][] = [
      [approver, 'approvals.decide', { projectId, roundId: 'x', decision: 'approve' }, 'POST'],
      [approver, 'approvals.decide', { projectId, roundId: 999999, decision: 'maybe' }, 'POST'],
      [approver, 'approvals.decide', { projectId, roundId: 999999, decision: 'approve' }, 'POST'],
      [approver, 'approvals.decide', { projectId, roundId: 2 ** 31, decision: 'approve' }, 'POST'],
      [approver, 'approvals.round', { projectId, roundId: -1 }, 'GET'],
      [approver, 'approvals.subject', { projectId, kind: 'plan', subjectId: 1 }, 'GET'],
      [coordinator, 'approvals.submit', { projectId, kind: 'funding_estimate', subjectId: 1 }, 'POST'],
      [coordinator, 'approvals.submit', { projectId, kind: 'outline_version', subjectId: 999999 }, 'POST'],
      [coordinator, 'approvals.submit', { projectId, kind: 'outline_version', subjectId: 1, requiredOrganizationIds: [999999] }, 'POST'],
      [coordinator, 'approvals.withdraw', { projectId, roundId: 999999 }, 'POST'],
      [coordinator, 'outline.addSection', { projectId, parentId: 999999, title: 'X' }, 'POST'],
      [coordinator, 'outline.addSection', { projectId, title: 'X', ownerOrganizationId: 999999 }, 'POST'],
      [coordinator, 'outline.addSection', { projectId, title: 'X\u0000' }, 'POST'],
      [coordinator, 'outline.addSection', { projectId, title: 'x'.repeat(5000) }, 'POST'],
      [coordinator, 'outline.updateSection', { projectId, sectionId: 999999, version: 1, title: 'X', body: '', ownerOrganizationId: null }, 'POST'],
      [coordinator, 'outline.moveSection', { projectId, sectionId: 1, version: 1, parentId: 1, position: 0 }, 'POST'],
      [coordinator, 'outline.deleteSection', { projectId, sectionId: 999999, version: 1 }, 'POST'],
      [coordinator, 'outline.compare', { projectId, from: 'latest', to: 'draft' }, 'GET'],
      [coordinator, 'outline.compare', { projectId, from: 999999, to: 'draft' }, 'GET'],
      [coordinator, 'outline.version', { projectId, versionId: 1.5 }, 'GET'],
      [coordinator, 'outline.propose', { projectId, requiredOrganizationIds: 'all' }, 'POST'],
    ];
    for (const [s, path, input, method] of calls) {
      const response = await s.call(path, input, { method });
      expect([path, response.status >= 400 && response.status < 500]).toEqual([path, true]);
    }
  });
});
