import type { Kysely } from 'kysely';
import { hashAuditEvent } from '../server/audit/audit.ts';
import type { Database } from '../server/db/schema.ts';
import { taskSearchText } from '../server/tasks/search-text.ts';

export const SIZES = {
  tasks: 10_000,
  dependencies: 15_000,
  milestones: 200,
  organizations: 4,
  users: 200,
  budgetLines: 5_000,
  auditEvents: 100_000,
};

/** Inserts rows in chunks inside one transaction: the generator should take seconds, not minutes. */
export async function insertChunked<T extends keyof Database>(db: Kysely<Database>, table: T, rows: any[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insertInto(table).values(rows.slice(i, i + chunk)).execute();
  }
}

/** Adds people to the project until it has `SIZES.users`, spread over its parties and roles. */
export async function generateUsers(db: Kysely<Database>, projectId: number): Promise<void> {
  const parties = await db.selectFrom('project_parties').select('organization_id').where('project_id', '=', projectId).execute();
  const template = await db.selectFrom('users').select('password_hash').limit(1).executeTakeFirstOrThrow();
  const existing = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  const roles = ['member', 'member', 'approver', 'viewer'] as const;
  const at = new Date().toISOString();
  for (let i = Number(existing.n); i < SIZES.users; i++) {
    const org = parties[i % parties.length]!.organization_id;
    const user = await db
      .insertInto('users')
      .values({ email: `bench.${i}@lienket.bench`, display_name: `Cán bộ ${i}`, organization_id: org, password_hash: template.password_hash, locale: 'vi', is_admin: 0, active: 1, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ project_id: projectId, user_id: user.id, role: roles[i % roles.length]!, created_at: at }).execute();
  }
}

/** Appends audit events up to `SIZES.auditEvents`, as a valid hash chain. */
export async function generateAuditEvents(db: Kysely<Database>, projectId: number): Promise<void> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  let prev = head.hash;
  let seq = head.seq;
  const rows = [];
  const start = Date.now() - SIZES.auditEvents * 60_000;
  while (seq < SIZES.auditEvents) {
    seq++;
    const fields = {
      seq,
      prev_hash: prev,
      at: new Date(start + seq * 60_000).toISOString(),
      actor_user_id: 2 + (seq % 16),
      actor_organization_id: 1 + (seq % 4),
      project_id: projectId,
      action: 'task.update',
      subject_type: 'task',
      subject_id: String(seq % 10_000),
      before_json: JSON.stringify({ progress: seq % 100 }),
      after_json: JSON.stringify({ progress: (seq + 1) % 100 }),
    };
    prev = hashAuditEvent(fields);
    rows.push({ ...fields, hash: prev });
  }
  await insertChunked(db, 'audit_events', rows);
  await db.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
}

/**
 * A plan of `SIZES.tasks` tasks over 10 phases and `SIZES.milestones` milestones, spread over the
 * project's parties, mostly accepted and in progress, with `SIZES.dependencies` finish-to-start
 * links that always point forward (lower id → higher id), so there is no cycle.
 */
export async function generatePlan(db: Kysely<Database>, projectId: number, today: Date): Promise<void> {
  const at = today.toISOString();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const parties = await db.selectFrom('project_parties').select('organization_id').where('project_id', '=', projectId).orderBy('id').execute();
  const assignees = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.organization_id'])
    .where('memberships.project_id', '=', projectId)
    .where('memberships.role', 'in', ['member', 'approver'])
    .execute();
  const peopleOf = (org: number) => assignees.filter((a) => a.organization_id === org).map((a) => a.id);

  const phaseIds: number[] = [];
  for (let p = 0; p < 10; p++) {
    const row = await db
      .insertInto('phases')
      .values({ project_id: projectId, position: 100 + p, name: `Giai đoạn mở rộng ${p + 1}`, start_date: day(-200 + p * 40), end_date: day(-160 + p * 40 + 40), created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    phaseIds.push(row.id);
  }
  const milestones: { id: number; phase: number }[] = [];
  for (let m = 0; m < SIZES.milestones; m++) {
    const phase = phaseIds[m % phaseIds.length]!;
    const row = await db
      .insertInto('milestones')
      .values({ project_id: projectId, phase_id: phase, name: `Mốc kiểm tra ${m + 1}`, date: day(-200 + m * 2), deliverables: 'Báo cáo tiến độ', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    milestones.push({ id: row.id, phase });
  }

  const statuses = ['in_progress', 'in_progress', 'not_started', 'done', 'blocked'] as const;
  const topics = ['Khảo sát nhu cầu doanh nghiệp cơ khí', 'Rà soát chính sách công nghiệp hỗ trợ', 'Tư vấn layout nhà xưởng', 'Hội thảo kết nối chuỗi cung ứng', 'Cơ sở dữ liệu ngành ô tô'];
  const rows = [];
  for (let i = 0; i < SIZES.tasks; i++) {
    const org = parties[i % parties.length]!.organization_id;
    const milestone = milestones[i % milestones.length]!;
    const people = peopleOf(org);
    const status = statuses[i % statuses.length]!;
    const title = `${topics[i % topics.length]} — hạng mục ${i + 1}`;
    const start = -200 + (i % 400);
    rows.push({
      project_id: projectId,
      phase_id: milestone.phase,
      milestone_id: milestone.id,
      title,
      description: 'Phối hợp giữa các bên theo kế hoạch hành động của Đề án.',
      deliverables: '',
      lead_organization_id: org,
      assignee_user_id: people.length ? people[i % people.length]! : null,
      assignment_state: i % 9 === 0 ? 'awaiting' : 'accepted',
      start_date: day(start),
      due_date: day(start + 5 + (i % 30)),
      status: i % 9 === 0 ? 'not_started' : status,
      progress: status === 'done' && i % 9 !== 0 ? 100 : status === 'in_progress' ? (i * 7) % 100 : 0,
      search_text: taskSearchText({ title, description: 'Phối hợp giữa các bên theo kế hoạch hành động của Đề án.', deliverables: '' }),
      created_at: at,
      updated_at: at,
    } as const);
  }
  const before = await db.selectFrom('tasks').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
  await insertChunked(db, 'tasks', rows, 200);
  const ids = (await db.selectFrom('tasks').select('id').where('id', '>', Number(before.max ?? 0)).orderBy('id').execute()).map((r) => r.id);
  const deps = [];
  // Each round links every task to a later one at a distance that differs by round, so rounds
  // never repeat a pair and the loop always ends.
  for (let round = 1; deps.length < SIZES.dependencies; round++) {
    for (let a = 0; a < ids.length && deps.length < SIZES.dependencies; a++) {
      const b = a + round * 3 + ((a * 31) % 17);
      if (b < ids.length) deps.push({ project_id: projectId, predecessor_id: ids[a]!, successor_id: ids[b]!, created_at: at });
    }
  }
  await insertChunked(db, 'task_dependencies', deps);
}

/** Adds budget lines to the project's newest estimate until the project has `SIZES.budgetLines`. */
export async function generateBudgetLines(db: Kysely<Database>, projectId: number): Promise<void> {
  const estimate = await db.selectFrom('funding_estimates').select('id').where('project_id', '=', projectId).orderBy('number', 'desc').executeTakeFirstOrThrow();
  const sources = await db.selectFrom('funding_sources').select('id').where('project_id', '=', projectId).orderBy('id').execute();
  const settings = await db.selectFrom('funding_settings').select('last_line_key').where('project_id', '=', projectId).executeTakeFirstOrThrow();
  const existing = await db.selectFrom('funding_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  const categories = ['experts_consultancy', 'seminars_workshops', 'surveys', 'database_development', 'travel', 'printing', 'contingency'];
  const at = new Date().toISOString();
  const rows = [];
  let key = settings.last_line_key;
  for (let i = Number(existing.n); i < SIZES.budgetLines; i++) {
    key++;
    const quantity = 1 + (i % 12);
    const unitCost = 500_000 * (1 + (i % 40));
    rows.push({
      project_id: projectId,
      estimate_id: estimate.id,
      line_key: key,
      position: i,
      category: categories[i % categories.length]!,
      description: `Hạng mục chi ${i + 1}`,
      phase_id: null,
      task_id: null,
      quantity_milli: quantity * 1000,
      unit: 'lần',
      unit_cost: unitCost,
      amount: quantity * unitCost,
      source_id: sources[i % sources.length]!.id,
      year: 2026 + (i % 3),
      note: '',
      created_at: at,
      updated_at: at,
    });
  }
  await insertChunked(db, 'funding_lines', rows, 200);
  await db.updateTable('funding_settings').set({ last_line_key: key }).where('project_id', '=', projectId).execute();
}
