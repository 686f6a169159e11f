import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { renderMarkdown } from '../../server/markdown.ts';
import { diffText } from '../../server/outline/outline.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor } from '../support/fixtures.ts';
import { approvalTableCounts, givenApprovalProject, givenOutlineDraft, type ApprovalProject } from '../support/approval-fixtures.ts';

describe('outline text helpers', () => {
  it('diffs Vietnamese text word by word', () => {
    expect(diffText('Hình thành Trung tâm cơ khí', 'Hình thành Trung tâm công nghiệp cơ khí')).toEqual([
      { op: 'unchanged', text: 'Hình thành Trung tâm ' },
      { op: 'added', text: 'công nghiệp ' },
      { op: 'unchanged', text: 'cơ khí' },
    ]);
    expect(diffText('', 'Mục tiêu')).toEqual([{ op: 'added', text: 'Mục tiêu' }]);
    expect(diffText('Mục tiêu', 'Mục tiêu')).toEqual([{ op: 'unchanged', text: 'Mục tiêu' }]);
  });

  it('renders Markdown with HTML and script URLs inert', () => {
    const html = renderMarkdown(
      '**Đậm** <script>alert(1)</script> <img src=x onerror="alert(2)"> [bấm](javascript:alert(3)) [b](JAVASCRIPT:alert(4)) [c](vbscript:x) ![d](data:text/html;base64,PHNjcmlwdD4=) <a href="https://x">e</a>',
    );
    expect(html).toContain('<strong>Đậm</strong>');
    expect(html).toContain('&lt;script&gt;');
    // Every real element is harmless markup; the only link is linkify's https one, never a script URL.
    const tags = [...html.matchAll(/<(\w+)([^>]*)>/g)];
    expect(new Set(tags.map((m) => m[1]))).toEqual(new Set(['p', 'strong', 'a']));
    expect(tags.filter((m) => m[1] === 'a').map((m) => m[2])).toEqual([' href="https://x"']);
    expect(html).not.toMatch(/\son\w+="/i);
  });
});

describeEachDialect('outline', (dialect) => {
  let t: TestDatabase;
  let p: ApprovalProject;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    p = await givenApprovalProject(t.db);
  });
  afterEach(() => t.destroy());

  const coordinator = () => p.as(p.people.coordinator);

  it('builds a numbered tree of sections owned by parties', async () => {
    const { background, center } = await givenOutlineDraft(p);
    const c = coordinator();
    const sub = await c.outline.addSection({ projectId: p.projectId, parentId: center.id, title: 'Tổ chức', body: '', ownerOrganizationId: null });
    const first = await c.outline.addSection({ projectId: p.projectId, parentId: null, position: 0, title: 'Tóm tắt', body: 'Tóm tắt', ownerOrganizationId: null });
    expect([sub.number, first.number]).toEqual(['3.1', '1']);
    const outline = await p.as(p.people.viewer).outline.get({ projectId: p.projectId });
    expect(outline.sections.map((s) => [s.number, s.title, s.owner?.code ?? null])).toEqual([
      ['1', 'Tóm tắt', null],
      ['2', 'Bối cảnh', 'VIOIT'],
      ['3', 'Mục tiêu', 'VIOIT'],
      ['4', 'Trung tâm', 'THACO-IND'],
      ['4.1', 'Tổ chức', null],
    ]);
    expect(outline.sections.every((s) => !s.canEdit)).toBe(true);
    expect(outline).toMatchObject({ latestVersion: null, draftChangedSinceLatest: true, canPropose: false });
    expect((await c.outline.get({ projectId: p.projectId })).canPropose).toBe(true);

    await expect(
      c.outline.addSection({ projectId: p.projectId, parentId: null, title: 'X', body: '', ownerOrganizationId: p.outsider.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'not_a_party' } });
    await expect(
      c.outline.addSection({ projectId: p.projectId, parentId: background.id + 1000, title: 'X', body: '', ownerOrganizationId: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    let parentId = sub.id;
    for (let depth = 2; depth < 4; depth++) {
      parentId = (await c.outline.addSection({ projectId: p.projectId, parentId, title: `Cấp ${depth}`, body: '', ownerOrganizationId: null })).id;
    }
    await expect(c.outline.addSection({ projectId: p.projectId, parentId, title: 'Quá sâu', body: '', ownerOrganizationId: null })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'too_deep' },
    });
  });

  it('lets a section’s owning organization edit its text, and nobody else but coordinators', async () => {
    const { objectives, center } = await givenOutlineDraft(p);
    const edit = (user: ApprovalProject['people'][keyof ApprovalProject['people']], section: typeof center, body: string, owner = section.owner?.id ?? null) =>
      p.as(user).outline.updateSection({ projectId: p.projectId, sectionId: section.id, version: section.version, title: section.title, body, ownerOrganizationId: owner });

    const counts = await approvalTableCounts(t.db);
    for (const [user, section, reason] of [
      [p.people.viewer, center, 'role_not_allowed'],
      [p.people.memberMoit, center, 'not_section_owner'],
      [p.people.approverMoit, objectives, 'not_section_owner'],
      [p.people.memberThaco, objectives, 'not_section_owner'],
    ] as const) {
      await expect(edit(user, section, 'Sửa trái phép')).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { reason } });
    }
    await expect(edit(p.people.memberThaco, center, 'Trao cho Bộ', p.orgs.moit.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: { reason: 'owner_change_not_allowed' },
    });
    for (const user of [p.people.memberThaco, p.people.approverThaco, p.people.approverMoit]) {
      await expect(p.as(user).outline.addSection({ projectId: p.projectId, parentId: null, title: 'X', body: '', ownerOrganizationId: null })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(p.as(user).outline.deleteSection({ projectId: p.projectId, sectionId: center.id, version: center.version })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(p.as(user).outline.propose({ projectId: p.projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await approvalTableCounts(t.db)).toEqual(counts);

    const edited = await edit(p.people.memberThaco, center, 'Đầu mối kết nối doanh nghiệp trong và ngoài tỉnh.');
    expect(edited).toMatchObject({ version: 2, body: 'Đầu mối kết nối doanh nghiệp trong và ngoài tỉnh.', canEdit: true });
    // Saving the same text again changes nothing and records nothing.
    const events = (await approvalTableCounts(t.db)).audit_events;
    await p.as(p.people.memberThaco).outline.updateSection({ projectId: p.projectId, sectionId: center.id, version: 2, title: center.title, body: edited.body, ownerOrganizationId: p.orgs.thaco.id });
    expect((await approvalTableCounts(t.db)).audit_events).toBe(events);
    const handed = await edit(p.people.coordinator, { ...center, version: 2 }, edited.body, p.orgs.qn.id);
    expect(handed.owner?.code).toBe('QN-DOIT');
  });

  it('refuses a stale edit with the current section, changing nothing', async () => {
    const { center } = await givenOutlineDraft(p);
    const input = { projectId: p.projectId, sectionId: center.id, version: center.version, title: center.title, ownerOrganizationId: p.orgs.thaco.id };
    await p.as(p.people.coordinator).outline.updateSection({ ...input, body: 'Bản của điều phối' });
    const counts = await approvalTableCounts(t.db);
    await expect(p.as(p.people.memberThaco).outline.updateSection({ ...input, body: 'Bản của THACO' })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { reason: 'stale_version', current: { id: center.id, version: 2, body: 'Bản của điều phối' } },
    });
    expect(await approvalTableCounts(t.db)).toEqual(counts);
  });

  it('proposes an immutable numbered version, and only when the draft changed', async () => {
    const c = coordinator();
    await expect(c.outline.propose({ projectId: p.projectId })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'empty_outline' } });
    const { objectives } = await givenOutlineDraft(p);
    const { version: v1, round } = await c.outline.propose({ projectId: p.projectId, note: 'Lần 1' });
    expect(v1.number).toBe(1);
    expect(round).toMatchObject({ subject: { kind: 'outline_version', id: v1.id, revision: 1, label: 'v1' }, message: 'Lần 1' });
    await expect(c.outline.propose({ projectId: p.projectId })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'no_changes' } });

    await c.outline.updateSection({ projectId: p.projectId, sectionId: objectives.id, version: objectives.version, title: 'Mục tiêu chung', body: 'Mới', ownerOrganizationId: null });
    await c.outline.deleteSection({ projectId: p.projectId, sectionId: objectives.id, version: objectives.version + 1 });
    const frozen = await p.as(p.people.viewer).outline.version({ projectId: p.projectId, versionId: v1.id });
    expect(frozen.sections.map((s) => [s.number, s.title, s.body])).toEqual([
      ['1', 'Bối cảnh', 'Đề án thí điểm tại Khu kinh tế mở Chu Lai.'],
      ['2', 'Mục tiêu', 'Hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ.'],
      ['3', 'Trung tâm', 'Đầu mối kết nối doanh nghiệp với chuỗi sản xuất của THACO.'],
    ]);
    expect(frozen.rounds.map((r) => r.state)).toEqual(['superseded']);

    // A changed draft cannot be approved under the old number: re-submitting v1 is refused.
    await expect(c.approvals.submit({ projectId: p.projectId, kind: 'outline_version', subjectId: v1.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'draft_changed' },
    });
    // Two coordinators proposing at once: one version, the other is told nothing changed.
    const results = await Promise.allSettled([c.outline.propose({ projectId: p.projectId }), c.outline.propose({ projectId: p.projectId })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'no_changes' } });
    const outline = await c.outline.get({ projectId: p.projectId });
    expect(outline.versions.map((v) => [v.number, v.latestRound?.state])).toEqual([
      [2, 'open'],
      [1, 'superseded'],
    ]);
    await expect(c.approvals.submit({ projectId: p.projectId, kind: 'outline_version', subjectId: v1.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'not_latest_version' },
    });
  });

  it('moves and removes sections, keeping the numbering dense and refusing cycles', async () => {
    const { background, objectives, center } = await givenOutlineDraft(p);
    const c = coordinator();
    const moved = await c.outline.moveSection({ projectId: p.projectId, sectionId: center.id, version: center.version, parentId: background.id, position: 0 });
    expect(moved.number).toBe('1.1');
    await expect(
      c.outline.moveSection({ projectId: p.projectId, sectionId: background.id, version: background.version, parentId: center.id, position: 0 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'cycle' } });
    await expect(c.outline.deleteSection({ projectId: p.projectId, sectionId: background.id, version: background.version })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'section_has_children' },
    });
    await c.outline.moveSection({ projectId: p.projectId, sectionId: objectives.id, version: objectives.version, parentId: null, position: 0 });
    await c.outline.deleteSection({ projectId: p.projectId, sectionId: center.id, version: moved.version });
    const outline = await c.outline.get({ projectId: p.projectId });
    expect(outline.sections.map((s) => [s.number, s.title, s.position])).toEqual([
      ['1', 'Mục tiêu', 0],
      ['2', 'Bối cảnh', 1],
    ]);
  });

  it('compares versions and the draft section by section with word-level changes', async () => {
    const { objectives, center } = await givenOutlineDraft(p);
    const c = coordinator();
    const { version: v1 } = await c.outline.propose({ projectId: p.projectId });
    await c.outline.updateSection({
      projectId: p.projectId,
      sectionId: objectives.id,
      version: objectives.version,
      title: 'Mục tiêu',
      body: 'Hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ tại Chu Lai.',
      ownerOrganizationId: p.orgs.vioit.id,
    });
    await c.outline.deleteSection({ projectId: p.projectId, sectionId: center.id, version: center.version });
    const added = await c.outline.addSection({ projectId: p.projectId, parentId: null, title: 'Lộ trình', body: 'Giai đoạn 1', ownerOrganizationId: null });
    const { version: v2 } = await c.outline.propose({ projectId: p.projectId });

    const diff = await p.as(p.people.viewer).outline.compare({ projectId: p.projectId, from: v1.id, to: v2.id });
    expect(diff.from).toEqual({ kind: 'version', versionId: v1.id, number: 1 });
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(diff.sections.map((s) => [s.status, s.from?.number ?? null, s.to?.number ?? null])).toEqual([
      ['unchanged', '1', '1'],
      ['changed', '2', '2'],
      ['removed', '3', null],
      ['added', null, '3'],
    ]);
    expect(diff.sections[1]!.body).toEqual([
      { op: 'unchanged', text: 'Hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ' },
      { op: 'added', text: ' tại Chu Lai' },
      { op: 'unchanged', text: '.' },
    ]);
    expect(diff.sections[3]).toMatchObject({ sectionId: added.id, title: [{ op: 'added', text: 'Lộ trình' }] });

    await c.outline.updateSection({ projectId: p.projectId, sectionId: added.id, version: added.version, title: 'Lộ trình thực hiện', body: 'Giai đoạn 1', ownerOrganizationId: null });
    const vsDraft = await c.outline.compare({ projectId: p.projectId, from: v2.id, to: 'draft' });
    expect(vsDraft.to).toEqual({ kind: 'draft', versionId: null, number: null });
    expect(vsDraft.sections.filter((s) => s.status !== 'unchanged').map((s) => s.title)).toEqual([
      [
        { op: 'unchanged', text: 'Lộ trình' },
        { op: 'added', text: ' thực hiện' },
      ],
    ]);
    await expect(c.outline.compare({ projectId: p.projectId, from: v1.id + 1000, to: 'draft' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(c.outline.compare({ projectId: p.projectId, from: 'latest' as never, to: 'draft' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keeps script in titles and bodies inert in what it renders', async () => {
    const c = coordinator();
    await c.outline.addSection({
      projectId: p.projectId,
      parentId: null,
      title: '<img src=x onerror=alert(1)>',
      body: '<script>alert(1)</script>\n\n[Xem](javascript:alert(2))',
      ownerOrganizationId: null,
    });
    const [section] = (await c.outline.get({ projectId: p.projectId })).sections;
    expect(section!.title).toBe('<img src=x onerror=alert(1)>');
    expect(section!.bodyHtml).not.toMatch(/<script|<a |href/i);
    const { version } = await c.outline.propose({ projectId: p.projectId });
    const frozen = await c.outline.version({ projectId: p.projectId, versionId: version.id });
    expect(frozen.sections[0]!.bodyHtml).toBe(section!.bodyHtml);
  });

  it('shows which parties approved which version', async () => {
    const { objectives } = await givenOutlineDraft(p);
    const c = coordinator();
    const { round: r1 } = await c.outline.propose({ projectId: p.projectId });
    await p.as(p.people.approverMoit).approvals.decide({ projectId: p.projectId, roundId: r1.id, decision: 'request_changes', comment: 'Bổ sung' });
    await c.outline.updateSection({ projectId: p.projectId, sectionId: objectives.id, version: objectives.version, title: 'Mục tiêu', body: 'Bổ sung', ownerOrganizationId: p.orgs.vioit.id });
    const { version: v2, round: r2 } = await c.outline.propose({ projectId: p.projectId, requiredOrganizationIds: [p.orgs.vioit.id, p.orgs.moit.id] });
    await p.as(p.people.approverVioit).approvals.decide({ projectId: p.projectId, roundId: r2.id, decision: 'approve', comment: '' });
    let consensus = await p.as(p.people.viewer).outline.consensus({ projectId: p.projectId });
    expect(consensus.openRound).toEqual({ id: r2.id, versionId: v2.id, number: 2 });
    expect(consensus.approvedVersion).toBeNull();
    await p.as(p.people.approverMoit).approvals.decide({ projectId: p.projectId, roundId: r2.id, decision: 'approve', comment: '' });
    consensus = await p.as(p.people.viewer).outline.consensus({ projectId: p.projectId });
    expect(consensus.approvedVersion).toEqual({ id: v2.id, number: 2 });
    expect(consensus.versions.map((v) => [v.number, v.state, v.rounds[0]!.parties.map((x) => `${x.organization.code}:${x.decision}`)])).toEqual([
      [2, 'approved', ['VIOIT:approve', 'MOIT:approve']],
      [1, 'changes_requested', ['VIOIT:null', 'MOIT:request_changes', 'QN-DOIT:null', 'THACO-IND:null']],
    ]);
  });

  it('seeds the Chu Lai outline: v1 superseded, v2 approved by all four parties, a draft in progress', async () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const fresh = await createTestDatabase(dialect);
    try {
      expect(await seedDemo(fresh.db, now)).toBe(true);
      const viewer = await fresh.db.selectFrom('users').selectAll().where('email', '=', 'viewer.moit@lienket.demo').executeTakeFirstOrThrow();
      const approver = await fresh.db.selectFrom('users').selectAll().where('email', '=', 'approver.thaco-ind@lienket.demo').executeTakeFirstOrThrow();
      const project = await fresh.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
      const caller = callerFor(fresh.db, viewer);
      const outline = await caller.outline.get({ projectId: project.id });
      expect(outline.sections.map((s) => s.number)).toEqual(['1', '2', '3', '4', '4.1', '4.2', '4.3', '4.4', '5', '6']);
      expect(outline.sections[2]!.title).toBe('Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ');
      expect(outline.versions.map((v) => [v.number, v.latestRound?.state])).toEqual([
        [2, 'approved'],
        [1, 'superseded'],
      ]);
      expect(outline.draftChangedSinceLatest).toBe(true);

      const consensus = await caller.outline.consensus({ projectId: project.id });
      expect(consensus.approvedVersion?.number).toBe(2);
      expect(consensus.versions[0]!.rounds[0]!.parties.map((x) => [x.organization.code, x.decision])).toEqual([
        ['VIOIT', 'approve'],
        ['MOIT', 'approve'],
        ['QN-DOIT', 'approve'],
        ['THACO-IND', 'approve'],
      ]);
      expect(consensus.versions[1]!.rounds[0]!.closeReason).toEqual({
        code: 'section_edited',
        detail: '3. Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ',
      });
      // Dated around `now`: v2 was decided weeks ago, the draft edited last week.
      expect(consensus.versions[0]!.rounds[0]!.closedAt! < now.toISOString()).toBe(true);

      const diff = await caller.outline.compare({ projectId: project.id, from: consensus.approvedVersion!.id, to: 'draft' });
      expect(diff.summary).toMatchObject({ changed: 1, added: 0, removed: 0 });
      expect(diff.sections.find((s) => s.status === 'changed')!.to!.title).toBe('Lộ trình thực hiện');

      const inbox = await callerFor(fresh.db, approver).approvals.inbox({ projectId: project.id });
      // Nothing about the outline waits for THACO-IND (a demo milestone sign-off does).
      expect(inbox.waiting.filter((r) => r.subject.kind === 'outline_version')).toEqual([]);
      expect(inbox.recentlyDecided.map((r) => r.subject.label)).toContain('v2');
      expect((await verifyAuditChain(fresh.db)).ok).toBe(true);
    } finally {
      await fresh.destroy();
    }
  });
});
