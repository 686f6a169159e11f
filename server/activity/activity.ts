import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import {
  ACTIVITY_EXPORT_MAX,
  ACTIVITY_KIND_PREFIXES,
  activityKindOf,
  type ActivityFilter,
  type ActivityKind,
} from '../../shared/activity-schemas.ts';
import { formatDateTime } from '../../shared/format.ts';
import type { Locale } from '../../shared/schemas.ts';
import { activitySentence, kindKey, type ActivityEventView, type ActivityTarget } from '../../shared/activity-sentence.ts';
import { dictionary, type MessageKey } from '../../shared/dictionary.ts';
import { verifyAuditChain } from '../audit/audit.ts';
import type { AuditEventTable, Database } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { csvCell } from '../funding/spreadsheet.ts';
import type { Membership } from '../trpc.ts';

// The activity stream: the project's audit events (DESIGN.md §4 "Activity and audit"), newest
// first, as facts the client turns into a sentence in the person's language. The audit log stores
// what each change was about at the time; names that only live in other tables (a task's title for
// a comment, a round's subject) are looked up in one query per table for the whole page.
// The CSV export writes the same sentences as the screen, from the dictionary and sentence builder
// the client also uses (shared/dictionary.ts, shared/activity-sentence.ts), so there is one wording.

type Db = Kysely<Database>;
type Row = Awaited<ReturnType<ReturnType<typeof eventQuery>['execute']>>[number];
type Json = Record<string, unknown> | null;

/** The day `date` (YYYY-MM-DD) starts in Vietnam, as the ISO instant audit events are stored in. */
function vietnamDayStart(date: string, addDays = 0): string {
  const start = new Date(`${date}T00:00:00+07:00`);
  start.setUTCDate(start.getUTCDate() + addDays);
  return start.toISOString();
}

type EventsEb = ExpressionBuilder<Database & { e: AuditEventTable }, 'e'>;

/** `substr` rather than LIKE: action names hold `_`, a LIKE wildcard. */
function startsWith(eb: EventsEb, prefix: string) {
  return eb(sql<string>`substr(${eb.ref('e.action')}, 1, ${prefix.length})`, '=', prefix);
}

function kindCondition(eb: EventsEb, kind: ActivityKind) {
  if (kind !== 'other') return eb.or(ACTIVITY_KIND_PREFIXES[kind].map((p) => startsWith(eb, p)));
  return eb.not(eb.or(Object.values(ACTIVITY_KIND_PREFIXES).flat().map((p) => startsWith(eb, p))));
}

function eventQuery(db: Db, projectId: number, filter: ActivityFilter) {
  let q = db.selectFrom('audit_events as e').where('e.project_id', '=', projectId);
  if (filter.organizationId) q = q.where('e.actor_organization_id', '=', filter.organizationId);
  if (filter.userId) q = q.where('e.actor_user_id', '=', filter.userId);
  const kind = filter.kind;
  if (kind) q = q.where((eb) => kindCondition(eb, kind));
  if (filter.from) q = q.where('e.at', '>=', vietnamDayStart(filter.from));
  if (filter.to) q = q.where('e.at', '<', vietnamDayStart(filter.to, 1));
  return q
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('organizations as o', 'o.id', 'e.actor_organization_id')
    .select([
      'e.seq',
      'e.at',
      'e.action',
      'e.subject_type',
      'e.subject_id',
      'e.before_json',
      'e.after_json',
      'e.actor_user_id',
      'e.actor_organization_id',
      'u.display_name as actor_name',
      'o.code as actor_org_code',
    ]);
}

const parse = (text: string | null): Json => (text === null ? null : (JSON.parse(text) as Json));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The names the page's events point at, read once per table. */
async function lookups(db: Db, projectId: number, rows: readonly Row[]) {
  const taskIds = new Set<number>();
  const roundIds = new Set<number>();
  const sectionIds = new Set<number>();
  const userIds = new Set<number>();
  const organizationIds = new Set<number>();
  const estimateIds = new Set<number>();
  for (const r of rows) {
    const id = Number(r.subject_id);
    const data = { ...parse(r.before_json), ...parse(r.after_json) };
    if (r.subject_type === 'task') taskIds.add(id);
    if (r.subject_type === 'approval_round') roundIds.add(id);
    if (r.subject_type === 'outline_section') sectionIds.add(id);
    if (r.subject_type === 'funding_estimate') estimateIds.add(id);
    for (const key of ['taskId', 'predecessorId', 'successorId'] as const) if (num(data[key])) taskIds.add(num(data[key])!);
    if (r.action.startsWith('membership.') && num(data.userId)) userIds.add(num(data.userId)!);
    if (r.action === 'task.assigned' && num(data.leadOrganizationId)) organizationIds.add(num(data.leadOrganizationId)!);
    if (Array.isArray(data.organizationIds)) for (const o of data.organizationIds) if (num(o)) organizationIds.add(num(o)!);
  }
  const ids = (s: Set<number>) => [...s].filter(Number.isSafeInteger);
  const none = Promise.resolve([]);
  const [tasks, rounds, sections, users, organizations, estimates] = await Promise.all([
    taskIds.size ? db.selectFrom('tasks').select(['id', 'title']).where('project_id', '=', projectId).where('id', 'in', ids(taskIds)).execute() : none,
    roundIds.size
      ? db.selectFrom('approval_rounds').select(['id', 'subject_kind', 'subject_id', 'subject_label']).where('project_id', '=', projectId).where('id', 'in', ids(roundIds)).execute()
      : none,
    sectionIds.size ? db.selectFrom('outline_sections').select(['id', 'title']).where('project_id', '=', projectId).where('id', 'in', ids(sectionIds)).execute() : none,
    userIds.size ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids(userIds)).execute() : none,
    organizationIds.size ? db.selectFrom('organizations').select(['id', 'code']).where('id', 'in', ids(organizationIds)).execute() : none,
    estimateIds.size ? db.selectFrom('funding_estimates').select(['id', 'number']).where('project_id', '=', projectId).where('id', 'in', ids(estimateIds)).execute() : none,
  ]);
  return {
    task: new Map(tasks.map((t) => [t.id, t.title])),
    round: new Map(rounds.map((r) => [r.id, r])),
    section: new Map(sections.map((s) => [s.id, s.title])),
    user: new Map(users.map((u) => [u.id, u.display_name])),
    organization: new Map(organizations.map((o) => [o.id, o.code])),
    estimate: new Map(estimates.map((e) => [e.id, e.number])),
  };
}

type Lookups = Awaited<ReturnType<typeof lookups>>;

/** What the event is about (its name as recorded, or as it is now), extra words, and where to look. */
function describe(r: Row, l: Lookups): Pick<ActivityEventView, 'object' | 'objectEn' | 'detail' | 'target'> {
  const before = parse(r.before_json) ?? {};
  const after = parse(r.after_json) ?? {};
  const either = (key: string) => str(after[key]) ?? str(before[key]);
  const id = Number(r.subject_id);
  const taskTarget = (taskId: number | null): ActivityTarget | null => (taskId !== null && l.task.has(taskId) ? { page: 'task', taskId } : null);
  const taskTitle = (taskId: number | null) => (taskId === null ? null : (l.task.get(taskId) ?? `#${taskId}`));
  const [area] = r.action.split('.');
  switch (area) {
    case 'task':
      return {
        object: either('title') ?? l.task.get(id) ?? `#${id}`,
        detail: r.action === 'task.assigned' ? { to: l.organization.get(num(after.leadOrganizationId) ?? 0) ?? '' } : {},
        target: taskTarget(id),
      };
    case 'comment': {
      const taskId = num(after.taskId);
      return { object: taskTitle(taskId), detail: {}, target: taskTarget(taskId) };
    }
    case 'dependency': {
      const data = { ...before, ...after };
      const successor = num(data.successorId);
      return { object: taskTitle(successor), detail: { other: taskTitle(num(data.predecessorId)) ?? '' }, target: taskTarget(successor) };
    }
    case 'phase':
    case 'milestone':
    case 'baseline':
      return { object: either('name'), detail: {}, target: area === 'baseline' ? { page: 'timeline' } : { page: 'plan' } };
    case 'outline_section':
      return {
        object: either('title') ?? l.section.get(id) ?? either('number'),
        detail: { number: either('number') ?? '' },
        target: r.action.endsWith('.deleted') ? { page: 'outline' } : { page: 'outline', sectionId: id },
      };
    case 'outline_version':
      return { object: null, detail: { number: num(after.number) ?? '' }, target: { page: 'approval', kind: 'outline_version', subjectId: id, roundId: null } };
    case 'approval_round':
    case 'approval_decision': {
      const round = l.round.get(id);
      const state = r.action.split('.')[1] ?? '';
      return {
        object: round?.subject_label ?? null,
        detail: { decision: str(after.decision) ?? '', state, subjectKind: round?.subject_kind ?? '' },
        target: round ? { page: 'approval', kind: round.subject_kind, subjectId: round.subject_id, roundId: round.id } : null,
      };
    }
    case 'funding_line':
      return { object: either('description'), detail: {}, target: { page: 'funding' } };
    case 'funding_source':
    case 'funding_category':
      return { object: either('nameVi') ?? either('code'), objectEn: either('nameEn'), detail: {}, target: { page: 'funding' } };
    case 'funding_estimate':
    case 'funding_lines':
      return {
        object: null,
        detail: { number: num(after.number) ?? l.estimate.get(id) ?? '', count: num(after.imported) ?? '' },
        target: { page: 'funding' },
      };
    case 'funding_disbursement':
      return { object: either('reference') || either('date'), detail: {}, target: { page: 'funding' } };
    case 'funding_budget_owners': {
      const owners = Array.isArray(after.organizationIds) ? after.organizationIds.map((o) => l.organization.get(Number(o)) ?? `#${String(o)}`) : [];
      return { object: owners.join(', '), detail: {}, target: { page: 'funding' } };
    }
    case 'membership': {
      const userId = num(after.userId) ?? num(before.userId);
      return { object: userId === null ? null : (l.user.get(userId) ?? `#${userId}`), detail: { role: either('role') ?? '' }, target: null };
    }
    case 'party': {
      const organization = (after.organization ?? before.organization) as { code?: unknown } | undefined;
      return { object: str(organization?.code), detail: {}, target: null };
    }
    case 'project':
      return { object: either('nameVi') ?? either('code'), objectEn: either('nameEn'), detail: {}, target: null };
    default:
      return { object: null, detail: {}, target: null };
  }
}

function view(r: Row, l: Lookups): ActivityEventView {
  return {
    seq: r.seq,
    at: r.at,
    action: r.action,
    kind: activityKindOf(r.action),
    actor: { userId: r.actor_user_id, name: r.actor_name, organizationId: r.actor_organization_id, organizationCode: r.actor_org_code },
    subject: { type: r.subject_type, id: r.subject_id },
    ...describe(r, l),
  };
}

/**
 * One page of the project's activity, newest first. `before` pages back through the stream with a
 * keyset cursor (the seq of the oldest event shown), so a page costs the same however deep it is
 * and events arriving meanwhile never shift it; `after` asks only for what arrived since.
 */
export async function listActivity(
  db: Db,
  m: Membership,
  input: { filter: ActivityFilter; before?: number | null | undefined; after?: number | null | undefined; limit: number },
) {
  let q = eventQuery(db, m.projectId, input.filter);
  if (input.before) q = q.where('e.seq', '<', input.before);
  if (input.after) q = q.where('e.seq', '>', input.after);
  const rows = await q.orderBy('e.seq', 'desc').limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  const l = await lookups(db, m.projectId, page);
  return {
    events: page.map((r) => view(r, l)),
    /** Pass as `before` for the next (older) page; null at the start of the project. */
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.seq : null,
  };
}

const CSV_LABELS = {
  vi: { file: 'hoat-dong', columns: ['Thời điểm (ISO)', 'Thời điểm (giờ Việt Nam)', 'Người thực hiện', 'Tổ chức', 'Loại', 'Nội dung', 'Đối tượng'] },
  en: { file: 'activity', columns: ['Time (ISO)', 'Time (Vietnam)', 'Person', 'Organization', 'Kind', 'What happened', 'Object'] },
} as const;

function translator(locale: Locale) {
  return (key: MessageKey, params?: Record<string, string | number>) =>
    dictionary[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/**
 * The filtered stream as CSV, in the person's language: UTF-8 with a BOM (so Excel reads the
 * Vietnamese), every cell escaped and formula-looking text defused (csvCell). Read page by page
 * so a long stream never sits in one query's result.
 */
export async function exportActivity(db: Db, m: Membership, input: { filter: ActivityFilter; locale: Locale }) {
  const counted = await eventQuery(db, m.projectId, input.filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(counted.n) > ACTIVITY_EXPORT_MAX) {
    throw badRequest('export_too_large', `More than ${ACTIVITY_EXPORT_MAX} events: choose a shorter period`, { to: ['Choose a shorter period'] });
  }
  const t = translator(input.locale);
  const L = CSV_LABELS[input.locale];
  const lines = [L.columns.map(csvCell).join(',')];
  let before: number | null = null;
  do {
    const page: Awaited<ReturnType<typeof listActivity>> = await listActivity(db, m, { filter: input.filter, before, limit: 1000 });
    for (const e of page.events) {
      const cells = [
        e.at,
        formatDateTime(e.at, input.locale),
        e.actor.name,
        e.actor.organizationCode,
        t(kindKey(e.kind)),
        activitySentence(e, t, input.locale),
        `${e.subject.type}:${e.subject.id}`,
      ];
      lines.push(cells.map(csvCell).join(','));
    }
    before = page.nextCursor;
  } while (before !== null);
  return { filename: `${L.file}-${m.projectId}.csv`, mimeType: 'text/csv; charset=utf-8', text: '\uFEFF' + lines.join('\r\n') + '\r\n' };
}

const CHAIN_PROBLEMS: [RegExp, 'missing' | 'link' | 'content' | 'truncated'][] = [
  [/is missing/, 'missing'],
  [/previous-hash/, 'link'],
  [/does not match its hash/, 'content'],
  [/truncated/, 'truncated'],
];

/**
 * The whole audit chain checked, as `npm run audit:verify` does, for administrators. It reads every
 * event of every project, so it runs when asked, never on page load.
 */
export async function verifyChain(db: Db) {
  const report = await verifyAuditChain(db);
  if (report.ok) return { ok: true as const, events: report.events };
  const problem = CHAIN_PROBLEMS.find(([pattern]) => pattern.test(report.problem))?.[1] ?? 'content';
  return { ok: false as const, events: report.events, brokenAt: report.brokenAt, problem };
}
