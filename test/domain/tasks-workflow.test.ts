import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenPlanWorld, givenTask, planTableCounts, refusal, storedTask, type PlanWorld } from '../support/plan-fixtures.ts';

describeEachDialect('task assignment workflow', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  it('goes assign → decline with dates → coordinator accepts the dates → accept → work, keeping every hand-off', async () => {
    const c = w.coordinator;
    const member = w.as(w.people.lead.member);
    const approver = w.as(w.people.lead.approver);
    let task = await c.tasks.create({
      projectId: w.projectId,
      title: 'Tư vấn layout nhà xưởng',
      phaseId: w.phase.id,
      startDate: '2026-12-01',
      dueDate: '2026-12-31',
      leadOrganizationId: w.orgs.lead.id,
    });
    expect(task).toMatchObject({ assignmentState: 'awaiting', leadOrganizationId: w.orgs.lead.id, version: 1 });

    task = await approver.tasks.decline({
      projectId: w.projectId,
      taskId: task.id,
      version: task.version,
      reason: 'Chưa có danh sách doanh nghiệp',
      proposedStartDate: '2027-01-05',
      proposedDueDate: '2027-02-15',
    });
    expect(task).toMatchObject({ assignmentState: 'declined', startDate: '2026-12-01', version: 2 });

    const coordinatorWork = await c.tasks.myWork({ projectId: w.projectId });
    expect(coordinatorWork.declined).toMatchObject([
      { id: task.id, decline: { reason: 'Chưa có danh sách doanh nghiệp', proposedStartDate: '2027-01-05', proposedDueDate: '2027-02-15' } },
    ]);

    task = await c.tasks.acceptProposedDates({ projectId: w.projectId, taskId: task.id, version: task.version });
    expect(task).toMatchObject({ assignmentState: 'awaiting', leadOrganizationId: w.orgs.lead.id, startDate: '2027-01-05', dueDate: '2027-02-15' });
    expect((await member.tasks.myWork({ projectId: w.projectId })).awaiting.map((x) => x.id)).toEqual([task.id]);

    task = await member.tasks.accept({ projectId: w.projectId, taskId: task.id, version: task.version, assigneeId: w.people.lead.member.id });
    expect(task).toMatchObject({ assignmentState: 'accepted', assigneeId: w.people.lead.member.id });
    task = await member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, status: 'in_progress', progress: 40 });
    expect(task).toMatchObject({ status: 'in_progress', progress: 40 });
    task = await approver.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, status: 'done' });
    expect(task).toMatchObject({ status: 'done', progress: 100, version: 6 });

    const detail = await c.tasks.get({ projectId: w.projectId, taskId: task.id });
    expect(detail.handoffs.map((h) => [h.kind, h.actor?.id, h.actorOrganization?.id, h.organization.id])).toEqual([
      ['assigned', w.people.other.coordinator.id, w.orgs.other.id, w.orgs.lead.id],
      ['declined', w.people.lead.approver.id, w.orgs.lead.id, w.orgs.lead.id],
      ['dates_accepted', w.people.other.coordinator.id, w.orgs.other.id, w.orgs.lead.id],
      ['accepted', w.people.lead.member.id, w.orgs.lead.id, w.orgs.lead.id],
    ]);
    expect(detail.handoffs[1]).toMatchObject({ reason: 'Chưa có danh sách doanh nghiệp', proposedStartDate: '2027-01-05', proposedDueDate: '2027-02-15' });
    expect(detail.handoffs[3]).toMatchObject({ assignee: { id: w.people.lead.member.id } });
  });

  // Each action as done by the one entitled to do it, from each state: allowed or the reason it is refused.
  type Start = 'unassigned' | 'awaiting' | 'accepted' | 'accepted, work started' | 'declined' | 'declined with dates';
  type Move = 'assign to the same org' | 'assign to another org' | 'accept' | 'decline' | 'accept proposed dates' | 'record work';
  const ok = 'ok';
  const table: Record<Start, Record<Move, string>> = {
    unassigned: {
      'assign to the same org': ok,
      'assign to another org': ok,
      accept: 'other_organization',
      decline: 'other_organization',
      'accept proposed dates': 'invalid_transition',
      'record work': 'other_organization',
    },
    awaiting: {
      'assign to the same org': 'invalid_transition',
      'assign to another org': ok,
      accept: ok,
      decline: ok,
      'accept proposed dates': 'invalid_transition',
      'record work': 'not_accepted',
    },
    accepted: {
      'assign to the same org': 'invalid_transition',
      'assign to another org': ok,
      accept: 'invalid_transition',
      decline: 'invalid_transition',
      'accept proposed dates': 'invalid_transition',
      'record work': ok,
    },
    'accepted, work started': {
      'assign to the same org': 'invalid_transition',
      'assign to another org': 'work_started',
      accept: 'invalid_transition',
      decline: 'invalid_transition',
      'accept proposed dates': 'invalid_transition',
      'record work': ok,
    },
    declined: {
      'assign to the same org': ok,
      'assign to another org': ok,
      accept: 'invalid_transition',
      decline: 'invalid_transition',
      'accept proposed dates': 'no_proposed_dates',
      'record work': 'not_accepted',
    },
    'declined with dates': {
      'assign to the same org': ok,
      'assign to another org': ok,
      accept: 'invalid_transition',
      decline: 'invalid_transition',
      'accept proposed dates': ok,
      'record work': 'not_accepted',
    },
  };

  async function taskIn(start: Start) {
    const state = start.startsWith('accepted') ? 'accepted' : start.startsWith('declined') ? 'declined' : (start as 'unassigned' | 'awaiting');
    const task = await givenTask(w, { state, proposedDueDate: start === 'declined with dates' ? '2027-01-31' : null });
    if (start !== 'accepted, work started') return task;
    return w.as(w.people.lead.member).tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, progress: 10 });
  }

  function perform(move: Move, task: { id: number; version: number }) {
    const ref = { projectId: w.projectId, taskId: task.id, version: task.version };
    const member = w.as(w.people.lead.member);
    switch (move) {
      case 'assign to the same org':
        return w.coordinator.tasks.assign({ ...ref, organizationId: w.orgs.lead.id });
      case 'assign to another org':
        return w.coordinator.tasks.assign({ ...ref, organizationId: w.orgs.other.id });
      case 'accept':
        return member.tasks.accept(ref);
      case 'decline':
        return member.tasks.decline({ ...ref, reason: 'Không phù hợp' });
      case 'accept proposed dates':
        return w.coordinator.tasks.acceptProposedDates(ref);
      case 'record work':
        return member.tasks.updateWork({ ...ref, status: 'in_progress', progress: 20 });
    }
  }

  for (const [start, moves] of Object.entries(table) as [Start, Record<Move, string>][]) {
    it(`from ${start}: ${Object.entries(moves).map(([m, r]) => `${m} → ${r}`).join('; ')}`, async () => {
      for (const [move, expected] of Object.entries(moves) as [Move, string][]) {
        const task = await taskIn(start);
        if (expected === ok) {
          await expect(perform(move, task), `${start} / ${move}`).resolves.toMatchObject({ id: task.id, version: task.version + 1 });
          continue;
        }
        const counts = await planTableCounts(t.db);
        const row = await storedTask(t.db, task.id);
        const r = await refusal(perform(move, task));
        expect([move, r.reason], `${start} / ${move}`).toEqual([move, expected]);
        expect(r.code).toBe(expected === 'other_organization' ? 'FORBIDDEN' : 'BAD_REQUEST');
        expect(await storedTask(t.db, task.id)).toEqual(row);
        expect(await planTableCounts(t.db)).toEqual(counts);
      }
    });
  }

  it('declining needs a reason, and proposed dates in order with the planned ones', async () => {
    const task = await givenTask(w, { state: 'awaiting' });
    const member = w.as(w.people.lead.member);
    const ref = { projectId: w.projectId, taskId: task.id, version: task.version };
    expect(await refusal(member.tasks.decline({ ...ref, reason: '   ' }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    expect(await refusal(member.tasks.decline({ ...ref, reason: 'x', proposedStartDate: '2027-02-01', proposedDueDate: '2027-01-01' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    // Only a start is proposed, and it falls after the planned due date (2026-12-31).
    expect(await refusal(member.tasks.decline({ ...ref, reason: 'x', proposedStartDate: '2027-02-01' }))).toMatchObject({
      reason: 'invalid_date_range',
      fieldErrors: { proposedStartDate: [expect.any(String)] },
    });
    expect(await storedTask(t.db, task.id)).toMatchObject({ assignment_state: 'awaiting', version: task.version });
  });

  it('names as assignee only an active member or approver of the lead organization in the project', async () => {
    const member = w.as(w.people.lead.member);
    const wrong = [w.people.other.member.id, w.people.lead.viewer.id, w.people.lead.coordinator.id, 2_000_000];
    for (const assigneeId of wrong) {
      const task = await givenTask(w, { state: 'awaiting' });
      const r = await refusal(member.tasks.accept({ projectId: w.projectId, taskId: task.id, version: task.version, assigneeId }));
      expect(r).toMatchObject({ code: 'BAD_REQUEST', reason: 'not_assignable', fieldErrors: { assigneeId: [expect.any(String)] } });
    }
    const task = await givenTask(w, { state: 'accepted' });
    const updated = await member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, assigneeId: w.people.lead.approver.id });
    expect(updated.assigneeId).toBe(w.people.lead.approver.id);
    const cleared = await member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: updated.version, assigneeId: null });
    expect(cleared.assigneeId).toBeNull();
  });

  it('treats done as 100 %: fills progress, refuses a lower figure', async () => {
    const member = w.as(w.people.lead.member);
    const task = await givenTask(w);
    const r = await refusal(member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, status: 'done', progress: 80 }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', reason: 'done_needs_full_progress' });
    expect(await refusal(member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, progress: 101 }))).toMatchObject({
      reason: 'invalid_input',
    });
    const done = await member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, status: 'done' });
    expect(done).toMatchObject({ status: 'done', progress: 100 });
    const reopened = await member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: done.version, status: 'blocked', progress: 90 });
    expect(reopened).toMatchObject({ status: 'blocked', progress: 90 });
  });

  it('answers every stale version with CONFLICT and the current task, and changes nothing', async () => {
    const member = w.as(w.people.lead.member);
    const task = await givenTask(w, { state: 'awaiting' });
    const renamed = await w.coordinator.tasks.update({ projectId: w.projectId, taskId: task.id, version: task.version, title: 'Tên mới' });
    const counts = await planTableCounts(t.db);
    const stale = { projectId: w.projectId, taskId: task.id, version: task.version };
    const calls = [
      () => member.tasks.accept(stale),
      () => member.tasks.decline({ ...stale, reason: 'x' }),
      () => w.coordinator.tasks.update({ ...stale, title: 'Khác' }),
      () => w.coordinator.tasks.assign({ ...stale, organizationId: w.orgs.other.id }),
      () => w.coordinator.tasks.delete(stale),
    ];
    for (const call of calls) {
      expect(await refusal(call())).toMatchObject({
        code: 'CONFLICT',
        reason: 'stale_version',
        current: { id: task.id, title: 'Tên mới', version: renamed.version, assignmentState: 'awaiting' },
      });
    }
    expect(await planTableCounts(t.db)).toEqual(counts);
    expect(await storedTask(t.db, task.id)).toMatchObject({ title: 'Tên mới', version: renamed.version });
  });

  it('lets exactly one of two simultaneous edits of the same version through', async () => {
    const task = await givenTask(w);
    const member = w.as(w.people.lead.member);
    const approver = w.as(w.people.lead.approver);
    const results = await Promise.allSettled([
      member.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, progress: 30 }),
      approver.tasks.updateWork({ projectId: w.projectId, taskId: task.id, version: task.version, progress: 60 }),
      w.coordinator.tasks.update({ projectId: w.projectId, taskId: task.id, version: task.version, title: 'Song song' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(await storedTask(t.db, task.id)).toMatchObject({ version: task.version + 1 });
  });

  it('edits a task’s plan fields and keeps its search text and supporting organizations in step', async () => {
    const task = await givenTask(w, { state: 'unassigned' });
    const updated = await w.coordinator.tasks.update({
      projectId: w.projectId,
      taskId: task.id,
      version: task.version,
      title: 'Đề xuất chính sách ưu đãi',
      dueDate: '2027-01-31',
      supportingOrganizationIds: [w.orgs.other.id, w.orgs.lead.id],
    });
    expect(updated).toMatchObject({ title: 'Đề xuất chính sách ưu đãi', dueDate: '2027-01-31', supportingOrganizationIds: [w.orgs.lead.id, w.orgs.other.id].sort((a, b) => a - b) });
    expect(await storedTask(t.db, task.id)).toMatchObject({ search_text: 'de xuat chinh sach uu dai' });
    expect(
      await refusal(w.coordinator.tasks.update({ projectId: w.projectId, taskId: task.id, version: updated.version, startDate: '2027-03-01' })),
    ).toMatchObject({ reason: 'invalid_date_range', fieldErrors: { dueDate: [expect.any(String)] } });
    expect(
      await refusal(w.coordinator.tasks.update({ projectId: w.projectId, taskId: task.id, version: updated.version, supportingOrganizationIds: [w.orgs.outsider.id] })),
    ).toMatchObject({ reason: 'not_a_party' });
  });

  it('deletes only a task that was never handed over or commented on', async () => {
    const draft = await givenTask(w, { state: 'unassigned' });
    const other = await givenTask(w, { state: 'unassigned' });
    await w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId: draft.id, successorId: other.id });
    await w.coordinator.tasks.delete({ projectId: w.projectId, taskId: draft.id, version: draft.version });
    expect(await t.db.selectFrom('task_dependencies').selectAll().execute()).toEqual([]);

    const assigned = await givenTask(w, { state: 'awaiting' });
    expect(await refusal(w.coordinator.tasks.delete({ projectId: w.projectId, taskId: assigned.id, version: assigned.version }))).toMatchObject({
      reason: 'task_has_history',
    });
    await w.as(w.people.lead.viewer).tasks.addComment({ projectId: w.projectId, taskId: other.id, body: 'Ghi chú' });
    expect(await refusal(w.coordinator.tasks.delete({ projectId: w.projectId, taskId: other.id, version: other.version }))).toMatchObject({
      reason: 'task_has_history',
    });
  });
});
