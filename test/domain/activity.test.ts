import { afterEach, beforeEach, expect, it } from 'vitest';
import { activitySentence } from '../../shared/activity-sentence.ts';
import { dictionary, type MessageKey } from '../../shared/dictionary.ts';
import { demoEmail, seedDemo } from '../../server/demo/seed.ts';
import { readCsv } from '../../server/funding/spreadsheet.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, givenOrganization, givenUser } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, refusal, type PlanWorld } from '../support/plan-fixtures.ts';

const translator = (locale: 'vi' | 'en') => (key: MessageKey, params?: Record<string, string | number>) =>
  dictionary[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
const english = translator('en');

describeEachDialect('activity stream', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  const list = (input: Record<string, unknown> = {}, as = w.as(w.people.lead.viewer)) =>
    as.activity.list({ projectId: w.projectId, ...input } as Parameters<ReturnType<typeof callerFor>['activity']['list']>[0]);

  it('tells each change as a sentence, newest first, with a link to the task', async () => {
    const task = await givenTask(w, { title: 'Tư vấn nhà đầu tư về bố trí nhà máy' });
    const { events } = await list();
    expect(events.map((e) => e.action).slice(0, 3)).toEqual(['task.accepted', 'task.assigned', 'task.created']);
    const accepted = events[0]!;
    expect(accepted.actor).toMatchObject({ userId: w.people.lead.member.id, organizationCode: w.orgs.lead.code, name: w.people.lead.member.display_name });
    expect(accepted.target).toEqual({ page: 'task', taskId: task.id });
    expect(activitySentence(accepted, english, 'en')).toBe(`${w.orgs.lead.code} accepted “Tư vấn nhà đầu tư về bố trí nhà máy”`);
    expect(activitySentence(events[1]!, english, 'en')).toBe(`${w.orgs.other.code} assigned “Tư vấn nhà đầu tư về bố trí nhà máy” to ${w.orgs.lead.code}`);
    expect(events.at(-1)!.action).toBe('phase.created');
  });

  it('still says something for an action nobody wrote a sentence for', () => {
    const sentence = activitySentence(
      { seq: 1, at: '2026-11-23T03:00:00.000Z', action: 'widget.polished', kind: 'other', actor: { userId: null, name: null, organizationId: null, organizationCode: null }, subject: { type: 'widget', id: '7' }, object: null, detail: {}, target: null },
      english,
      'en',
    );
    expect(sentence).toBe('The system did “widget.polished” on widget #7');
  });

  it('filters by organization, person, kind and Vietnamese calendar dates', async () => {
    await givenTask(w, { title: 'Khảo sát nhu cầu' });
    // 17:30 UTC is already the next day (00:30) in Vietnam.
    w.clock.advance((14 * 60 + 30) * 60_000);
    const task = await givenTask(w, { state: 'awaiting', title: 'Rà soát chính sách' });
    await w.as(w.people.lead.approver).tasks.addComment({ projectId: w.projectId, taskId: task.id, body: 'Đã nhận, sẽ phản hồi.' });

    const byLead = await list({ filter: { organizationId: w.orgs.lead.id } });
    expect(byLead.events.every((e) => e.actor.organizationId === w.orgs.lead.id)).toBe(true);
    expect(byLead.events.map((e) => e.action)).toEqual(['comment.added', 'task.accepted']);

    const byPerson = await list({ filter: { userId: w.people.lead.approver.id } });
    expect(byPerson.events.map((e) => e.action)).toEqual(['comment.added']);
    expect(activitySentence(byPerson.events[0]!, english, 'en')).toBe(`${w.orgs.lead.code} commented on “Rà soát chính sách”`);

    const comments = await list({ filter: { kind: 'comments' } });
    expect(comments.events.map((e) => e.kind)).toEqual(['comment.added'].map(() => 'comments'));
    const plan = await list({ filter: { kind: 'plan' } });
    expect(plan.events.map((e) => e.action)).toEqual(['phase.created']);
    expect((await list({ filter: { kind: 'other' } })).events).toEqual([]);

    const dayOne = await list({ filter: { from: '2026-11-23', to: '2026-11-23' } });
    expect(dayOne.events.map((e) => e.action)).toEqual(['task.accepted', 'task.assigned', 'task.created', 'phase.created']);
    const dayTwo = await list({ filter: { from: '2026-11-24' } });
    expect(dayTwo.events.map((e) => e.action)).toEqual(['comment.added', 'task.assigned', 'task.created']);
    expect((await list({ filter: { to: '2026-11-22' } })).events).toEqual([]);

    expect(await refusal(list({ filter: { from: '2026-11-24', to: '2026-11-23' } }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    expect(await refusal(list({ filter: { kind: 'everything' } }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
  });

  it('pages back with a cursor: every event once, unmoved by events that arrive meanwhile', async () => {
    for (let i = 0; i < 4; i++) await givenTask(w, { state: 'unassigned', title: `Nhiệm vụ ${i}` });
    const all = (await list({ limit: 200 })).events.map((e) => e.seq);
    expect(all).toHaveLength(5);

    const first = await list({ limit: 2 });
    expect(first.events.map((e) => e.seq)).toEqual(all.slice(0, 2));
    await givenTask(w, { state: 'unassigned', title: 'Đến sau' });
    const seen = [...first.events.map((e) => e.seq)];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await list({ limit: 2, before: cursor });
      seen.push(...page.events.map((e) => e.seq));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all);

    const arrived = await list({ after: all[0] });
    expect(arrived.events.map((e) => e.action)).toEqual(['task.created']);
    expect(arrived.events[0]!.object).toBe('Đến sau');
  });

  it('shows a project only to its members: others get NOT_FOUND, as everywhere', async () => {
    const outsiderOrg = await givenOrganization(t.db);
    const outsider = await givenUser(t.db, { organizationId: outsiderOrg.id });
    const admin = await givenUser(t.db, { organizationId: outsiderOrg.id, admin: true });
    for (const caller of [callerFor(t.db, outsider), callerFor(t.db, admin)]) {
      expect(await refusal(caller.activity.list({ projectId: w.projectId }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await refusal(caller.activity.export({ projectId: w.projectId }))).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await refusal(callerFor(t.db, null).activity.list({ projectId: w.projectId }))).toMatchObject({ code: 'UNAUTHORIZED' });
    // Another project's events never leak into this one.
    const other = await givenPlanWorld(t.db);
    await givenTask(other, { title: 'Việc của đề án khác' });
    const mine = await list({ limit: 200 });
    expect(mine.events.some((e) => e.object === 'Việc của đề án khác')).toBe(false);
  });

  it('lets administrators alone check the audit chain, and names the first broken event', async () => {
    const adminOrg = await givenOrganization(t.db);
    const admin = callerFor(t.db, await givenUser(t.db, { organizationId: adminOrg.id, admin: true }));
    await givenTask(w);
    const events = Number((await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await admin.activity.verifyChain()).toMatchObject({ ok: true, events });
    expect(await refusal(w.coordinator.activity.verifyChain())).toMatchObject({ code: 'FORBIDDEN', reason: 'admin_only' });

    await t.db.updateTable('audit_events').set({ after_json: '{"title":"Sửa lén"}' }).where('seq', '=', 2).execute();
    expect(await admin.activity.verifyChain()).toMatchObject({ ok: false, events: 1, brokenAt: 2, problem: 'content' });
  });

  it('exports the filtered stream as CSV with a BOM, quoted cells and defused formulas', async () => {
    const title = '=HYPERLINK("http://x"), "báo cáo"\ndòng hai';
    await givenTask(w, { title });
    // A person's name that a spreadsheet would run as a formula.
    await t.db.updateTable('users').set({ display_name: '=1+2' }).where('id', '=', w.people.lead.member.id).execute();
    const file = await w.as(w.people.lead.viewer).activity.export({ projectId: w.projectId, filter: { organizationId: w.orgs.lead.id }, locale: 'en' });
    expect(file.filename).toMatch(/\.csv$/);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.text).toContain(`,"${w.orgs.lead.code} accepted “=HYPERLINK(""http://x""), ""báo cáo""\ndòng hai”",`);
    expect(file.text).toContain(`,'=1+2,`);
    const rows = readCsv(file.text);
    expect(rows[0]!.cells).toEqual(['Time (ISO)', 'Time (Vietnam)', 'Person', 'Organization', 'Kind', 'What happened', 'Object']);
    expect(rows).toHaveLength(2);
    const [iso, local, person, organization, kind, sentence, object] = rows[1]!.cells;
    expect(iso).toMatch(/^2026-11-23T03:00:00/);
    expect(local).toBe('23 Nov 2026, 10:00');
    expect(person).toBe("'=1+2");
    expect(organization).toBe(w.orgs.lead.code);
    expect(kind).toBe('Tasks');
    expect(sentence).toBe(`${w.orgs.lead.code} accepted “${title}”`);
    expect(object).toMatch(/^task:\d+$/);

    // The Vietnamese file: its own headers, sentences and kinds.
    await w.coordinator.plan.createPhase({ projectId: w.projectId, name: '+Giai đoạn 2', startDate: '2027-01-01', endDate: '2027-06-30' });
    const vi = await w.coordinator.activity.export({ projectId: w.projectId, filter: { kind: 'plan' }, locale: 'vi' });
    const viRows = readCsv(vi.text);
    expect(viRows[0]!.cells[0]).toBe('Thời điểm (ISO)');
    expect(viRows[1]!.cells[5]).toBe(`${w.orgs.other.code} đã thêm giai đoạn “+Giai đoạn 2”`);
    expect(viRows[1]!.cells[4]).toBe('Kế hoạch');
  });
});

describeEachDialect('activity stream of the demo project', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.destroy());

  it('has a written sentence, with every placeholder filled, for each action the demo records', async () => {
    expect(await seedDemo(t.db, new Date('2026-11-23T03:00:00Z'))).toBe(true);
    const project = await t.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const viewer = await t.db.selectFrom('users').selectAll().where('email', '=', demoEmail('viewer', 'MOIT')).executeTakeFirstOrThrow();
    const caller = callerFor(t.db, viewer as Parameters<typeof callerFor>[1]);
    const sentences: string[] = [];
    let before: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.activity.list>> = await caller.activity.list({ projectId: project.id, before, limit: 40 });
      for (const e of page.events) {
        for (const locale of ['vi', 'en'] as const) sentences.push(activitySentence(e, translator(locale), locale));
      }
      before = page.nextCursor;
    } while (before !== null);
    expect(sentences.length).toBeGreaterThan(100);
    expect(sentences.filter((s) => /\{\w+\}| did “| đã thực hiện “|#\d/.test(s))).toEqual([]);
    expect(sentences).toContain('THACO-IND approved “Outline v2”');
    expect(sentences).toContain('QN-DOIT đã gửi “Dự toán kinh phí v2” để phê duyệt');
  });
});
