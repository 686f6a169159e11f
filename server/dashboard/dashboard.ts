import { sql, type Kysely } from 'kysely';
import type { ApprovalRoundState, Database, TaskStatus } from '../db/schema.ts';
import { disbursedTotals, latestEstimateRounds } from '../funding/queries.ts';
import { loadCategories, loadSources } from '../funding/funding-subject.ts';
import { MoneyTotals } from '../funding/money.ts';
import { planSlipSummary } from '../timeline/timeline.ts';

// The leadership dashboard (issue 7): one screen a vice-minister reads in a minute. One fixed set
// of grouped queries whatever the project's size: tasks are counted in SQL, never loaded.

/** How far ahead "upcoming" milestones reach. */
export const UPCOMING_DAYS = 60;
/** How many overdue tasks are listed (the most overdue first); the counts cover them all. */
export const OVERDUE_LIST_LIMIT = 100;

type Counts = Record<TaskStatus | 'total', number>;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Task counts by status with the summed progress, so averages are exact integers until the end. */
class ProgressTally {
  counts: Counts = { not_started: 0, in_progress: 0, blocked: 0, done: 0, total: 0 };
  progressSum = 0;
  overdue = 0;

  add(status: TaskStatus, n: number, progress: number, overdue: number) {
    this.counts[status] += n;
    this.counts.total += n;
    this.progressSum += progress;
    this.overdue += overdue;
  }

  view() {
    return {
      counts: { ...this.counts },
      /** Mean progress % of the tasks, rounded to a whole percent; 0 with no tasks. */
      averageProgress: this.counts.total === 0 ? 0 : Math.round(this.progressSum / this.counts.total),
      overdue: this.overdue,
    };
  }
}

function tallies<K>() {
  const map = new Map<K, ProgressTally>();
  return {
    map,
    get(key: K) {
      let tally = map.get(key);
      if (!tally) map.set(key, (tally = new ProgressTally()));
      return tally;
    },
  };
}

/** Slip of the plan against its latest baseline (see timeline.ts); null while there is none. */
function planSlip(db: Kysely<Database>, projectId: number) {
  return planSlipSummary(db, projectId);
}

/** Everything the leadership dashboard shows, for one project, as of `today` (Vietnam's calendar). */
export async function dashboardSummary(db: Kysely<Database>, projectId: number, today: string) {
  const horizon = addDays(today, UPCOMING_DAYS);
  const [phases, groups, overdueTasks, parties, milestones, funding, slip] = await Promise.all([
    db
      .selectFrom('phases')
      .select(['id', 'position', 'name', 'start_date', 'end_date'])
      .where('project_id', '=', projectId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('tasks')
      .select([
        'phase_id',
        'lead_organization_id',
        'status',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`coalesce(sum(progress), 0)`.as('progress'),
        sql<number>`sum(case when due_date < ${today} and status <> 'done' then 1 else 0 end)`.as('overdue'),
      ])
      .where('project_id', '=', projectId)
      .groupBy(['phase_id', 'lead_organization_id', 'status'])
      .execute(),
    db
      .selectFrom('tasks')
      .select(['id', 'title', 'due_date', 'status', 'progress', 'lead_organization_id', 'phase_id'])
      .where('project_id', '=', projectId)
      .where('due_date', '<', today)
      .where('status', '<>', 'done')
      .orderBy('due_date')
      .orderBy('id')
      .limit(OVERDUE_LIST_LIMIT)
      .execute(),
    db
      .selectFrom('project_parties as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['o.id', 'o.code', 'o.name_vi', 'o.name_en'])
      .where('p.project_id', '=', projectId)
      .orderBy('p.id')
      .execute(),
    upcomingMilestones(db, projectId, today, horizon),
    fundingAtAGlance(db, projectId),
    planSlip(db, projectId),
  ]);

  const byPhase = tallies<number>();
  const byOrganization = tallies<number | null>();
  const all = new ProgressTally();
  for (const g of groups) {
    const [n, progress, overdue] = [Number(g.n), Number(g.progress), Number(g.overdue)];
    byPhase.get(g.phase_id).add(g.status, n, progress, overdue);
    byOrganization.get(g.lead_organization_id).add(g.status, n, progress, overdue);
    all.add(g.status, n, progress, overdue);
  }

  // Parties first, in their order; then any other organization that leads tasks (a former party).
  const organizations = new Map(parties.map((o) => [o.id, { id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en }]));
  const strangers = [...byOrganization.map.keys()].filter((id): id is number => id !== null && !organizations.has(id));
  if (strangers.length > 0) {
    const rows = await db.selectFrom('organizations').select(['id', 'code', 'name_vi', 'name_en']).where('id', 'in', strangers).execute();
    for (const o of rows) organizations.set(o.id, { id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en });
  }
  const organizationKeys: (number | null)[] = [...organizations.keys(), ...(byOrganization.map.has(null) ? [null] : [])];
  const organizationOf = (id: number | null) => (id === null ? null : (organizations.get(id) ?? null));

  const progressByOrganization = organizationKeys.map((id) => ({ organization: organizationOf(id), ...(byOrganization.map.get(id) ?? new ProgressTally()).view() }));
  return {
    today,
    progress: {
      total: all.view(),
      byPhase: phases.map((p) => ({
        phase: { id: p.id, position: p.position, name: p.name, startDate: p.start_date, endDate: p.end_date },
        ...(byPhase.map.get(p.id) ?? new ProgressTally()).view(),
      })),
      byOrganization: progressByOrganization,
    },
    overdue: {
      total: all.overdue,
      byOrganization: progressByOrganization
        .filter((o) => o.overdue > 0)
        .map((o) => ({
          organization: o.organization,
          count: o.overdue,
          tasks: overdueTasks
            .filter((t) => t.lead_organization_id === (o.organization?.id ?? null))
            .map((t) => ({ id: t.id, title: t.title, phaseId: t.phase_id, dueDate: t.due_date, daysOverdue: daysBetween(t.due_date, today), status: t.status, progress: t.progress })),
        })),
    },
    upcomingMilestones: milestones.map((ms) => ({ ...ms, daysUntil: daysBetween(today, ms.date) })),
    funding,
    slip,
  };
}

/** Milestones due from today to `horizon`, with the organizations that sign off and the state of their latest sign-off round. */
async function upcomingMilestones(db: Kysely<Database>, projectId: number, today: string, horizon: string) {
  const milestones = await db
    .selectFrom('milestones')
    .select(['id', 'name', 'date', 'phase_id'])
    .where('project_id', '=', projectId)
    .where('date', '>=', today)
    .where('date', '<=', horizon)
    .orderBy('date')
    .orderBy('id')
    .execute();
  if (milestones.length === 0) return [];
  const ids = milestones.map((m) => m.id);
  const [signoffs, rounds] = await Promise.all([
    db
      .selectFrom('milestone_signoffs as s')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .select(['s.milestone_id', 'o.id', 'o.code'])
      .where('s.milestone_id', 'in', ids)
      .orderBy('o.id')
      .execute(),
    db
      .selectFrom('approval_rounds')
      .select(['id', 'subject_id', 'state'])
      .where('project_id', '=', projectId)
      .where('subject_kind', '=', 'milestone')
      .where('subject_id', 'in', ids)
      .orderBy('id', 'desc')
      .execute(),
  ]);
  const latest = new Map<number, { id: number; state: ApprovalRoundState }>();
  for (const r of rounds) if (!latest.has(r.subject_id)) latest.set(r.subject_id, { id: r.id, state: r.state });
  const roundIds = [...latest.values()].map((r) => r.id);
  const [required, decisions] =
    roundIds.length === 0
      ? [[], []]
      : await Promise.all([
          db.selectFrom('approval_round_organizations').select(['round_id', 'organization_id']).where('round_id', 'in', roundIds).execute(),
          db
            .selectFrom('approval_decisions')
            .select(['round_id', 'organization_id', 'decision'])
            .where('round_id', 'in', roundIds)
            .orderBy('seq')
            .execute(),
        ]);
  return milestones.map((m) => {
    const round = latest.get(m.id);
    let approval = null;
    if (round) {
      const current = new Map(decisions.filter((d) => d.round_id === round.id).map((d) => [d.organization_id, d.decision]));
      const asked = required.filter((r) => r.round_id === round.id);
      approval = {
        roundId: round.id,
        state: round.state,
        requiredCount: asked.length,
        approvedCount: asked.filter((r) => current.get(r.organization_id) === 'approve').length,
      };
    }
    return {
      id: m.id,
      name: m.name,
      date: m.date,
      phaseId: m.phase_id,
      signoffOrganizations: signoffs.filter((s) => s.milestone_id === m.id).map((s) => ({ id: s.id, code: s.code })),
      approval,
    };
  });
}

/**
 * Estimated (the budget baseline, or the newest version while none is approved), pledged and
 * disbursed, by source and by category, and the gap = estimated − pledged (positive: short).
 */
async function fundingAtAGlance(db: Kysely<Database>, projectId: number) {
  const [estimates, rounds, sources, categories, disbursed] = await Promise.all([
    db.selectFrom('funding_estimates').select(['id', 'number']).where('project_id', '=', projectId).orderBy('number', 'desc').execute(),
    latestEstimateRounds(db, projectId),
    loadSources(db, projectId),
    loadCategories(db, projectId),
    disbursedTotals(db, projectId),
  ]);
  const baseline = estimates.find((e) => rounds.approved.has(e.id));
  const basis = baseline ?? estimates[0];
  const inReview = estimates.find((e) => rounds.latest.get(e.id)?.state === 'open');
  // Each version's total is kept within the safe range by every write, so these sums are exact.
  const sums = basis
    ? await db
        .selectFrom('funding_lines')
        .select(['source_id', 'category', sql<number>`cast(sum(amount) as bigint)`.as('amount')])
        .where('estimate_id', '=', basis.id)
        .groupBy(['source_id', 'category'])
        .execute()
    : [];
  const bySource = new MoneyTotals<number>();
  const byCategory = new MoneyTotals<string>();
  const estimated = new MoneyTotals<'all'>();
  for (const s of sums) {
    bySource.add(s.source_id, Number(s.amount));
    byCategory.add(s.category, Number(s.amount));
    estimated.add('all', Number(s.amount));
  }
  const pledged = new MoneyTotals<'all'>();
  for (const s of sources) pledged.add('all', s.pledged_amount);
  const categoryCodes = [...new Set([...byCategory.keys(), ...disbursed.byCategory.keys()])];
  return {
    basis: basis ? { estimateId: basis.id, number: basis.number, kind: basis === baseline ? ('baseline' as const) : ('latest' as const) } : null,
    inReview: inReview ? { estimateId: inReview.id, number: inReview.number, roundId: rounds.latest.get(inReview.id)!.roundId } : null,
    estimated: estimated.get('all'),
    pledged: pledged.get('all'),
    disbursed: disbursed.total,
    gap: estimated.get('all') - pledged.get('all'),
    bySource: sources.map((s) => ({
      source: { id: s.id, code: s.code, kind: s.kind, nameVi: s.name_vi, nameEn: s.name_en },
      pledged: s.pledged_amount,
      estimated: bySource.get(s.id),
      disbursed: disbursed.bySource.get(s.id),
      gap: bySource.get(s.id) - s.pledged_amount,
    })),
    byCategory: categoryCodes.map((code) => {
      const info = categories.find((c) => c.code === code);
      return { category: { code, nameVi: info?.nameVi ?? code, nameEn: info?.nameEn ?? code }, estimated: byCategory.get(code), disbursed: disbursed.byCategory.get(code) };
    }),
  };
}
