import { dateOfDay, dayNumber } from '../../../../shared/schedule.ts';
import type { Locale } from '~/i18n/i18n.ts';
import type { trpc } from '~/lib/trpc.ts';
import type { TaskStatus } from '~/pages/plan/plan-data.ts';

export type Timeline = Awaited<ReturnType<typeof trpc.timeline.get.query>>;
export type TimelineTask = Timeline['tasks'][number];
export type TimelineMilestone = Timeline['milestones'][number];
export type TimelinePhase = Timeline['phases'][number];
export type Baselines = Awaited<ReturnType<typeof trpc.timeline.baselines.query>>;

export type Zoom = 'week' | 'month' | 'quarter' | 'year';
export const ZOOMS: Zoom[] = ['week', 'month', 'quarter', 'year'];

/** Pixels per calendar day at each zoom: a week fills a screen, a year fits on a laptop. */
export const PX_PER_DAY: Record<Zoom, number> = { week: 32, month: 6, quarter: 2, year: 0.6 };

/** Every row is this tall: the visible slice is then plain arithmetic on the scroll offset. */
export const ROW_HEIGHT = 32;
export const HEADER_HEIGHT = 44;

/** Lead organizations get one of this many colours (CSS classes org-tone-0…), in order of appearance. */
export const ORG_TONES = 8;

export type GanttRow =
  | { kind: 'group'; key: string; label: string; start: number | null; end: number | null }
  | { kind: 'task'; key: string; task: TimelineTask }
  | { kind: 'milestone'; key: string; milestone: TimelineMilestone };

export interface TimelineFilter {
  organizationId?: number;
  phaseId?: number;
  status?: TaskStatus;
  assigneeId?: number;
}

/** The day number of a 'YYYY-MM-DD' date; the server only sends real dates. */
export const day = (date: string) => dayNumber(date) ?? 0;

/** A task's dates as it is drawn: what it is being dragged to, else what was last saved. */
export interface TaskDates {
  startDate: string;
  dueDate: string;
}

/**
 * The rows of the Gantt, in order: by phase (a phase row, then its milestones and tasks by date) or
 * by lead organization (then the milestones last). Filters hide tasks; a phase filter hides milestones
 * of other phases too.
 */
export function buildRows(
  timeline: Timeline,
  filter: TimelineFilter,
  group: 'phase' | 'organization',
  labels: { noOrganization: string; milestones: string; organizationName: (id: number, code: string) => string },
): GanttRow[] {
  const shown = timeline.tasks.filter(
    (x) =>
      (filter.organizationId === undefined || x.leadOrganization?.id === filter.organizationId) &&
      (filter.phaseId === undefined || x.phaseId === filter.phaseId) &&
      (filter.status === undefined || x.status === filter.status) &&
      (filter.assigneeId === undefined || x.assigneeId === filter.assigneeId),
  );
  // Milestones belong to no organization, status or person: only the phase filter keeps them.
  const filtered = filter.organizationId !== undefined || filter.status !== undefined || filter.assigneeId !== undefined;
  const milestones = timeline.milestones.filter((m) => filter.phaseId === undefined || m.phaseId === filter.phaseId);
  const rows: GanttRow[] = [];
  if (group === 'phase') {
    const tasksOf = new Map<number, TimelineTask[]>();
    for (const x of shown) {
      const list = tasksOf.get(x.phaseId);
      if (list) list.push(x);
      else tasksOf.set(x.phaseId, [x]);
    }
    const milestonesOf = new Map<number, TimelineMilestone[]>();
    for (const m of milestones) {
      const list = milestonesOf.get(m.phaseId);
      if (list) list.push(m);
      else milestonesOf.set(m.phaseId, [m]);
    }
    for (const phase of timeline.phases) {
      if (filter.phaseId !== undefined && phase.id !== filter.phaseId) continue;
      const tasks = tasksOf.get(phase.id) ?? [];
      if (filtered && tasks.length === 0) continue;
      rows.push({ kind: 'group', key: `p${phase.id}`, label: phase.name, start: day(phase.startDate), end: day(phase.endDate) });
      // Milestones go where their date falls among the tasks' starts (tasks arrive sorted by start).
      const ms = filtered ? [] : (milestonesOf.get(phase.id) ?? []);
      let k = 0;
      for (const x of tasks) {
        while (k < ms.length && ms[k]!.date <= x.startDate) rows.push({ kind: 'milestone', key: `m${ms[k]!.id}`, milestone: ms[k++]! });
        rows.push({ kind: 'task', key: `t${x.id}`, task: x });
      }
      while (k < ms.length) rows.push({ kind: 'milestone', key: `m${ms[k]!.id}`, milestone: ms[k++]! });
    }
    return rows;
  }
  const byOrg = new Map<number, { code: string; tasks: TimelineTask[] }>();
  const noLead: TimelineTask[] = [];
  for (const x of shown) {
    if (!x.leadOrganization) {
      noLead.push(x);
      continue;
    }
    const entry = byOrg.get(x.leadOrganization.id);
    if (entry) entry.tasks.push(x);
    else byOrg.set(x.leadOrganization.id, { code: x.leadOrganization.code, tasks: [x] });
  }
  const groups = [...byOrg.entries()].sort((a, b) => (a[1].code < b[1].code ? -1 : a[1].code > b[1].code ? 1 : 0));
  const push = (key: string, label: string, tasks: TimelineTask[]) => {
    if (tasks.length === 0) return;
    let start = Infinity;
    let end = -Infinity;
    for (const x of tasks) {
      start = Math.min(start, day(x.startDate));
      end = Math.max(end, day(x.dueDate));
    }
    rows.push({ kind: 'group', key, label, start, end });
    for (const x of tasks) rows.push({ kind: 'task', key: `t${x.id}`, task: x });
  };
  for (const [id, g] of groups) push(`o${id}`, labels.organizationName(id, g.code), g.tasks);
  push('o-none', labels.noOrganization, noLead);
  if (!filtered && milestones.length > 0) {
    rows.push({ kind: 'group', key: 'ms', label: labels.milestones, start: null, end: null });
    for (const m of milestones) rows.push({ kind: 'milestone', key: `m${m.id}`, milestone: m });
  }
  return rows;
}

/** The first and last day the chart spans: every date it draws, with a margin either side. */
export function chartSpan(timeline: Timeline): { first: number; last: number } {
  let first = day(timeline.today);
  let last = first;
  const see = (d: string | null) => {
    if (!d) return;
    const n = day(d);
    if (n < first) first = n;
    if (n > last) last = n;
  };
  for (const p of timeline.phases) {
    see(p.startDate);
    see(p.endDate);
  }
  for (const x of timeline.tasks) {
    see(x.startDate);
    see(x.dueDate);
    see(x.baselineStartDate);
    see(x.baselineDueDate);
  }
  for (const m of timeline.milestones) {
    see(m.date);
    see(m.baselineDate);
  }
  // Room to drag a task past the current ends, and to start on a Monday.
  first -= 30;
  first -= (first + 3) % 7 < 0 ? (first + 3) % 7 + 7 : (first + 3) % 7;
  return { first, last: last + 90 };
}

export interface Tick {
  day: number;
  label: string;
}

const MONTHS: Record<Locale, string[]> = {
  vi: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

const parts = (n: number) => {
  const s = dateOfDay(n);
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)) };
};
const firstOfMonth = (y: number, m: number) => dayNumber(`${y}-${m < 10 ? '0' : ''}${m}-01`) ?? 0;

/** Month starts from `from` to `to` (day numbers), stepping `step` months. */
function monthStarts(from: number, to: number, step: number): number[] {
  const p = parts(from);
  let y = p.y;
  let m = Math.floor((p.m - 1) / step) * step + 1;
  const out: number[] = [];
  for (;;) {
    const n = firstOfMonth(y, m);
    if (n > to) break;
    out.push(n);
    m += step;
    if (m > 12) {
      m -= 12;
      y++;
    }
  }
  return out;
}

/**
 * The scale's two rows of labels for the days `from`…`to` only (the visible window): major (months
 * or years) above, minor (days, weeks, months, quarters) below.
 */
export function ticks(zoom: Zoom, from: number, to: number, locale: Locale): { major: Tick[]; minor: Tick[] } {
  const monthLabel = (n: number) => {
    const p = parts(n);
    return locale === 'vi' ? `Tháng ${p.m}/${p.y}` : `${MONTHS.en[p.m - 1]} ${p.y}`;
  };
  const yearLabel = (n: number) => String(parts(n).y);
  if (zoom === 'week') {
    const minor: Tick[] = [];
    for (let n = from; n <= to; n++) minor.push({ day: n, label: String(parts(n).d) });
    return { major: monthStarts(from, to, 1).map((n) => ({ day: n, label: monthLabel(n) })), minor };
  }
  if (zoom === 'month') {
    const minor: Tick[] = [];
    // Mondays: 1970-01-05 was one.
    for (let n = from - ((((from - 4) % 7) + 7) % 7); n <= to; n += 7) minor.push({ day: n, label: String(parts(n).d) });
    return { major: monthStarts(from, to, 1).map((n) => ({ day: n, label: monthLabel(n) })), minor };
  }
  if (zoom === 'quarter') {
    return {
      major: monthStarts(from, to, 12).map((n) => ({ day: n, label: yearLabel(n) })),
      minor: monthStarts(from, to, 1).map((n) => ({ day: n, label: MONTHS[locale][parts(n).m - 1]! })),
    };
  }
  return {
    major: monthStarts(from, to, 12).map((n) => ({ day: n, label: yearLabel(n) })),
    minor: monthStarts(from, to, 3).map((n) => ({ day: n, label: `Q${Math.floor((parts(n).m - 1) / 3) + 1}` })),
  };
}

/** The first and one-past-last row index that intersect the viewport, with a few rows spare. */
export function visibleSlice(scrollTop: number, viewHeight: number, rowCount: number, overscan = 4): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + overscan);
  return [first, last];
}

/** Cuts a label to about `width` pixels of text (SVG text does not wrap or ellipsize). */
export function fitText(text: string, width: number, charWidth = 7): string {
  const max = Math.max(1, Math.floor(width / charWidth));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
