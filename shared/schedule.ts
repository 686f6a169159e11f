/**
 * The critical path method (CPM) on calendar days, for the timeline (issue 8). Pure: no I/O, no
 * server code, so the client can run it too.
 *
 * A task occupies its dates inclusively: one that starts and is due on the same day lasts 1 day.
 * Dependencies are finish-to-start. Every date is a 'YYYY-MM-DD' calendar date, computed as a
 * whole number of UTC days, never in local time.
 *
 * Runs in O(V + E): one topological order (Kahn), a forward pass for early dates, a backward pass
 * for late dates.
 *
 * @example
 * const s = schedule(
 *   [{ id: 1, start: '2026-01-01', due: '2026-01-05' }, { id: 2, start: '2026-01-01', due: '2026-01-03' }],
 *   [{ predecessorId: 1, successorId: 2 }],
 * );
 * s.criticalPath; // [1, 2]
 * s.span; // { start: '2026-01-01', end: '2026-01-08', days: 8 }
 */

export type TaskId = number | string;

export interface ScheduleTask<Id extends TaskId = number> {
  id: Id;
  /** Planned start, inclusive. */
  start: string;
  /** Planned due date, inclusive; not before `start`. */
  due: string;
}

export interface ScheduleDependency<Id extends TaskId = number> {
  predecessorId: Id;
  successorId: Id;
}

export interface ScheduledTask<Id extends TaskId = number> {
  id: Id;
  /** Days from start to due, inclusive (≥ 1). */
  duration: number;
  earlyStart: string;
  earlyFinish: string;
  lateStart: string;
  lateFinish: string;
  /** Days the task can slip without moving the project's end (≥ 0). */
  totalFloat: number;
  critical: boolean;
}

export interface Schedule<Id extends TaskId = number> {
  /** One per task, in the order given. */
  tasks: ScheduledTask<Id>[];
  /** The tasks with zero float, by early start (ties in dependency order). */
  criticalPath: Id[];
  /** From the earliest planned start to the latest early finish, inclusive; null with no tasks. */
  span: { start: string; end: string; days: number } | null;
}

/** Thrown for input the method cannot schedule: a bad date, a due before its start, an unknown or repeated id. */
export class ScheduleInputError extends Error {
  override name = 'ScheduleInputError';
}

/** Thrown when the dependencies form a cycle; `cycle` names it, first task repeated at the end. */
export class ScheduleCycleError<Id extends TaskId = TaskId> extends Error {
  override name = 'ScheduleCycleError';
  constructor(readonly cycle: Id[]) {
    super(`The dependencies form a cycle: ${cycle.map(String).join(' → ')}`);
  }
}

// ── calendar days ───────────────────────────────────────────────────────────────────────────

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (proleptic Gregorian, UTC); null if it is not a real date. */
export function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const n = daysFromCivil(y, mo, d);
  // 2026-02-30 would land on 2026-03-02: refuse dates that do not come back as written.
  return dateOfDay(n) === date ? n : null;
}

/** The 'YYYY-MM-DD' date `n` days after 1970-01-01. */
export function dateOfDay(n: number): string {
  // Howard Hinnant's civil_from_days: integer arithmetic only, so no time zone can creep in.
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be real dates. */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) throw new ScheduleInputError(`Not a calendar date: ${a === null ? from : to}`);
  return b - a;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date);
  if (n === null) throw new ScheduleInputError(`Not a calendar date: ${date}`);
  return dateOfDay(n + days);
}

// ── the finish-to-start rule ────────────────────────────────────────────────────────────────

/**
 * The one finish-to-start rule on calendar dates. Due dates are inclusive: a task due on the 10th
 * takes the whole 10th, so its successor may start on the 11th at the earliest, and one starting on
 * the 10th itself is a schedule conflict. CPM below, the server's conflict flags (SQL included:
 * server/tasks/views.ts) and the timeline while dragging all apply exactly this.
 */
export function breaksFinishToStart(predecessorDue: string, successorStart: string): boolean {
  // 'YYYY-MM-DD' strings compare as the dates they name.
  return successorStart <= predecessorDue;
}

/** The earliest start a successor may have under the rule above: the day after `predecessorDue`. */
export function earliestStartAfter(predecessorDue: string): string {
  return addDays(predecessorDue, 1);
}

// ── the method ──────────────────────────────────────────────────────────────────────────────

/**
 * Early, late and float of every task, the critical path and the project's span.
 *
 * Rule: a task's early start is the later of its own planned start and the day after its latest
 * predecessor's early finish (`earliestStartAfter`; a planned start is a "start no earlier than"
 * constraint). So CPM moves a task exactly when `breaksFinishToStart` flags it.
 * Late dates run back from the project's end (the latest early finish): a task's late finish is
 * the day before its earliest successor's late start, or the project's end with no successor.
 */
export function schedule<Id extends TaskId>(
  tasks: readonly ScheduleTask<Id>[],
  dependencies: readonly ScheduleDependency<Id>[],
): Schedule<Id> {
  const n = tasks.length;
  const indexOf = new Map<Id, number>();
  const plannedStart = new Float64Array(n);
  const duration = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const task = tasks[i]!;
    if (indexOf.has(task.id)) throw new ScheduleInputError(`Task ${String(task.id)} is given twice`);
    indexOf.set(task.id, i);
    const start = dayNumber(task.start);
    const due = dayNumber(task.due);
    if (start === null || due === null) {
      throw new ScheduleInputError(`Task ${String(task.id)} has a date that is not a calendar date: ${start === null ? task.start : task.due}`);
    }
    if (due < start) throw new ScheduleInputError(`Task ${String(task.id)} is due before it starts`);
    plannedStart[i] = start;
    duration[i] = due - start + 1;
  }

  // Adjacency in compressed rows (successors of i are succ[succStart[i] .. succStart[i + 1]), and
  // the same for predecessors: two flat arrays instead of 10,000 small ones.
  const m = dependencies.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const succStart = new Int32Array(n + 1);
  const predStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const d = dependencies[e]!;
    const p = indexOf.get(d.predecessorId);
    const s = indexOf.get(d.successorId);
    if (p === undefined || s === undefined) {
      throw new ScheduleInputError(`A dependency names an unknown task: ${String(p === undefined ? d.predecessorId : d.successorId)}`);
    }
    if (p === s) throw new ScheduleCycleError([d.predecessorId, d.successorId]);
    from[e] = p;
    to[e] = s;
    succStart[p + 1]!++;
    predStart[s + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    succStart[i + 1]! += succStart[i]!;
    predStart[i + 1]! += predStart[i]!;
  }
  const succ = new Int32Array(m);
  const pred = new Int32Array(m);
  const succFill = succStart.slice(0, n);
  const predFill = predStart.slice(0, n);
  for (let e = 0; e < m; e++) {
    succ[succFill[from[e]!]!++] = to[e]!;
    pred[predFill[to[e]!]!++] = from[e]!;
  }

  // Kahn's topological order.
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = predStart[i + 1]! - predStart[i]!;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const i = order[head++]!;
    for (let k = succStart[i]!; k < succStart[i + 1]!; k++) {
      const j = succ[k]!;
      indegree[j] = indegree[j]! - 1;
      if (indegree[j] === 0) order[tail++] = j;
    }
  }
  if (tail < n) throw new ScheduleCycleError(findCycle(n, indegree, pred, predStart).map((i) => tasks[i]!.id));

  // Forward pass.
  const earlyStart = new Float64Array(n);
  const earlyFinish = new Float64Array(n);
  let projectStart = Infinity;
  let projectEnd = -Infinity;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    let es = plannedStart[i]!;
    for (let q = predStart[i]!; q < predStart[i + 1]!; q++) es = Math.max(es, earlyFinish[pred[q]!]! + 1);
    earlyStart[i] = es;
    earlyFinish[i] = es + duration[i]! - 1;
    projectStart = Math.min(projectStart, plannedStart[i]!);
    projectEnd = Math.max(projectEnd, earlyFinish[i]!);
  }

  // Backward pass.
  const lateStart = new Float64Array(n);
  const lateFinish = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k]!;
    let lf = projectEnd;
    for (let q = succStart[i]!; q < succStart[i + 1]!; q++) lf = Math.min(lf, lateStart[succ[q]!]! - 1);
    lateFinish[i] = lf;
    lateStart[i] = lf - duration[i]! + 1;
  }

  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) rank[order[k]!] = k;
  const scheduled: ScheduledTask<Id>[] = new Array(n);
  const critical: number[] = [];
  for (let i = 0; i < n; i++) {
    const totalFloat = lateStart[i]! - earlyStart[i]!;
    if (totalFloat === 0) critical.push(i);
    scheduled[i] = {
      id: tasks[i]!.id,
      duration: duration[i]!,
      earlyStart: dateOfDay(earlyStart[i]!),
      earlyFinish: dateOfDay(earlyFinish[i]!),
      lateStart: dateOfDay(lateStart[i]!),
      lateFinish: dateOfDay(lateFinish[i]!),
      totalFloat,
      critical: totalFloat === 0,
    };
  }
  critical.sort((a, b) => earlyStart[a]! - earlyStart[b]! || rank[a]! - rank[b]!);

  return {
    tasks: scheduled,
    criticalPath: critical.map((i) => tasks[i]!.id),
    span: n === 0 ? null : { start: dateOfDay(projectStart), end: dateOfDay(projectEnd), days: projectEnd - projectStart + 1 },
  };
}

/**
 * A cycle among the tasks Kahn's order could not reach. Each of them still has a predecessor that
 * is also unreached, so walking back from any one must come round to a task already seen.
 */
function findCycle(n: number, indegree: Int32Array, pred: Int32Array, predStart: Int32Array): number[] {
  const seenAt = new Int32Array(n).fill(-1);
  const walk: number[] = [];
  let i = indegree.findIndex((d) => d > 0);
  while (seenAt[i] === -1) {
    seenAt[i] = walk.length;
    walk.push(i);
    let next = -1;
    for (let q = predStart[i]!; q < predStart[i + 1]! && next === -1; q++) if (indegree[pred[q]!]! > 0) next = pred[q]!;
    i = next;
  }
  // The walk went backwards along dependencies: reverse it so the cycle reads predecessor → successor.
  const cycle = walk.slice(seenAt[i]!).reverse();
  return [...cycle, cycle[0]!];
}
