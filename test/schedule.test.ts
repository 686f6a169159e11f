import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  breaksFinishToStart,
  dateOfDay,
  dayNumber,
  daysBetween,
  earliestStartAfter,
  schedule,
  ScheduleCycleError,
  ScheduleInputError,
  type Schedule,
  type ScheduleDependency,
  type ScheduleTask,
} from '../shared/schedule.ts';

const byId = <Id,>(s: Schedule<Id & (number | string)>) => new Map(s.tasks.map((t) => [t.id, t]));

describe('calendar days', () => {
  it('counts UTC days on YYYY-MM-DD strings, across months, leap days and years', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-11-23')).toBe(Date.UTC(2026, 10, 23) / 86_400_000);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2000-03-01', -1)).toBe('2000-02-29');
    expect(addDays('1900-03-01', -1)).toBe('1900-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1); // a daylight-saving night elsewhere: still one day
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-01', '26-01-01', '2026-01-01T00:00:00Z', '']) {
      expect(dayNumber(bad)).toBeNull();
    }
    expect(() => addDays('2026-02-30', 1)).toThrow(ScheduleInputError);
  });

  it('round-trips every day number over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        expect(dayNumber(dateOfDay(n))).toBe(n);
        expect(dateOfDay(n)).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('the finish-to-start rule', () => {
  it('treats due dates as inclusive: a successor starts the day after its predecessor is due at the earliest', () => {
    expect(breaksFinishToStart('2026-12-10', '2026-12-09')).toBe(true);
    expect(breaksFinishToStart('2026-12-10', '2026-12-10')).toBe(true);
    expect(breaksFinishToStart('2026-12-10', '2026-12-11')).toBe(false);
    expect(earliestStartAfter('2026-12-31')).toBe('2027-01-01');
    expect(earliestStartAfter('2028-02-28')).toBe('2028-02-29');
    // CPM agrees: a successor planned on its predecessor's due date is pushed to the day after.
    const s = schedule(
      [
        { id: 1, start: '2026-12-01', due: '2026-12-10' },
        { id: 2, start: '2026-12-10', due: '2026-12-12' },
        { id: 3, start: '2026-12-11', due: '2026-12-12' },
      ],
      [
        { predecessorId: 1, successorId: 2 },
        { predecessorId: 1, successorId: 3 },
      ],
    );
    expect(byId(s).get(2)!.earlyStart).toBe('2026-12-11');
    expect(byId(s).get(3)!.earlyStart).toBe('2026-12-11');
  });
});

describe('schedule on hand-computed graphs', () => {
  it('schedules a fork: the longer branch is critical, the shorter has float', () => {
    // A (5 d) → B (3 d), A → C (2 d); all planned from 1 Jan.
    const s = schedule(
      [
        { id: 'A', start: '2026-01-01', due: '2026-01-05' },
        { id: 'B', start: '2026-01-01', due: '2026-01-03' },
        { id: 'C', start: '2026-01-01', due: '2026-01-02' },
      ],
      [
        { predecessorId: 'A', successorId: 'B' },
        { predecessorId: 'A', successorId: 'C' },
      ],
    );
    expect(s.tasks).toEqual([
      { id: 'A', duration: 5, earlyStart: '2026-01-01', earlyFinish: '2026-01-05', lateStart: '2026-01-01', lateFinish: '2026-01-05', totalFloat: 0, critical: true },
      { id: 'B', duration: 3, earlyStart: '2026-01-06', earlyFinish: '2026-01-08', lateStart: '2026-01-06', lateFinish: '2026-01-08', totalFloat: 0, critical: true },
      { id: 'C', duration: 2, earlyStart: '2026-01-06', earlyFinish: '2026-01-07', lateStart: '2026-01-07', lateFinish: '2026-01-08', totalFloat: 1, critical: false },
    ]);
    expect(s.criticalPath).toEqual(['A', 'B']);
    expect(s.span).toEqual({ start: '2026-01-01', end: '2026-01-08', days: 8 });
  });

  it('takes the latest of several predecessors, and a diamond keeps both critical branches', () => {
    // 1 (2 d) → 2 (4 d) → 4 (1 d); 1 → 3 (4 d) → 4; 5 (1 d) alone.
    const s = schedule(
      [
        { id: 4, start: '2026-03-01', due: '2026-03-01' },
        { id: 3, start: '2026-03-01', due: '2026-03-04' },
        { id: 2, start: '2026-03-01', due: '2026-03-04' },
        { id: 1, start: '2026-03-01', due: '2026-03-02' },
        { id: 5, start: '2026-03-01', due: '2026-03-01' },
      ],
      [
        { predecessorId: 1, successorId: 2 },
        { predecessorId: 1, successorId: 3 },
        { predecessorId: 2, successorId: 4 },
        { predecessorId: 3, successorId: 4 },
      ],
    );
    const t = byId(s);
    expect(t.get(4)).toMatchObject({ earlyStart: '2026-03-07', earlyFinish: '2026-03-07', totalFloat: 0 });
    expect(t.get(5)).toMatchObject({ earlyStart: '2026-03-01', lateStart: '2026-03-07', totalFloat: 6 });
    expect(s.criticalPath).toEqual([1, 2, 3, 4]);
    expect(s.span).toEqual({ start: '2026-03-01', end: '2026-03-07', days: 7 });
  });

  it('never starts a task before its planned start, which then drives the critical path', () => {
    // X (3 d) → Y planned 10–11 Jan: Y waits for its own date, X has float until 9 Jan.
    const s = schedule(
      [
        { id: 1, start: '2026-01-01', due: '2026-01-03' },
        { id: 2, start: '2026-01-10', due: '2026-01-11' },
      ],
      [{ predecessorId: 1, successorId: 2 }],
    );
    const t = byId(s);
    expect(t.get(2)).toMatchObject({ earlyStart: '2026-01-10', earlyFinish: '2026-01-11', totalFloat: 0 });
    expect(t.get(1)).toMatchObject({ lateFinish: '2026-01-09', lateStart: '2026-01-07', totalFloat: 6 });
    expect(s.criticalPath).toEqual([2]);
    expect(s.span).toEqual({ start: '2026-01-01', end: '2026-01-11', days: 11 });
  });

  it('counts durations inclusively across a leap day', () => {
    const s = schedule(
      [
        { id: 1, start: '2028-02-27', due: '2028-03-01' },
        { id: 2, start: '2028-01-01', due: '2028-01-01' },
      ],
      [{ predecessorId: 1, successorId: 2 }],
    );
    expect(byId(s).get(1)?.duration).toBe(4);
    expect(byId(s).get(2)).toMatchObject({ earlyStart: '2028-03-02', earlyFinish: '2028-03-02' });
  });

  it('has nothing to say about an empty plan', () => {
    expect(schedule([], [])).toEqual({ tasks: [], criticalPath: [], span: null });
  });

  it('refuses a cycle, naming it in dependency order', () => {
    const tasks = [1, 2, 3, 4].map((id) => ({ id, start: '2026-01-01', due: '2026-01-02' }));
    const deps = [
      { predecessorId: 4, successorId: 1 },
      { predecessorId: 1, successorId: 2 },
      { predecessorId: 2, successorId: 3 },
      { predecessorId: 3, successorId: 1 },
    ];
    let error: unknown;
    try {
      schedule(tasks, deps);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScheduleCycleError);
    const cycle = (error as ScheduleCycleError<number>).cycle;
    expect(cycle).toHaveLength(4);
    expect(cycle[0]).toBe(cycle[3]);
    expect(new Set(cycle)).toEqual(new Set([1, 2, 3]));
    for (let i = 0; i + 1 < cycle.length; i++) {
      expect(deps).toContainEqual({ predecessorId: cycle[i], successorId: cycle[i + 1] });
    }
    expect((error as Error).message).toBe(`The dependencies form a cycle: ${cycle.join(' → ')}`);
    expect(() => schedule(tasks, [{ predecessorId: 2, successorId: 2 }])).toThrow(ScheduleCycleError);
  });

  it('refuses input it cannot schedule', () => {
    const ok = { id: 1, start: '2026-01-01', due: '2026-01-02' };
    expect(() => schedule([{ id: 1, start: '2026-02-30', due: '2026-03-02' }], [])).toThrow(ScheduleInputError);
    expect(() => schedule([{ id: 1, start: '2026-01-05', due: '2026-01-04' }], [])).toThrow(/due before it starts/);
    expect(() => schedule([ok, ok], [])).toThrow(/given twice/);
    expect(() => schedule([ok], [{ predecessorId: 1, successorId: 9 }])).toThrow(/unknown task: 9/);
  });

  it('schedules 10,000 tasks with 15,000 dependencies', () => {
    const { tasks, dependencies } = largeGraph(10_000, 15_000);
    const s = schedule(tasks, dependencies);
    expect(s.tasks).toHaveLength(10_000);
    expect(s.criticalPath.length).toBeGreaterThan(0);
    expect(s.tasks.every((t) => t.totalFloat >= 0)).toBe(true);
    const t = byId(s);
    for (const d of dependencies) expect(t.get(d.successorId)!.earlyStart > t.get(d.predecessorId)!.earlyFinish).toBe(true);
  });
});

/** A random-looking acyclic plan: dependencies only run from a lower index to a higher one. */
function largeGraph(n: number, m: number) {
  // mulberry32: a small seeded generator, so the graph is the same on every run.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
  const tasks = Array.from({ length: n }, (_, i) => {
    const start = addDays('2026-01-01', Math.floor(random() * 700));
    return { id: i + 1, start, due: addDays(start, Math.floor(random() * 30)) };
  });
  const seen = new Set<string>();
  const dependencies: ScheduleDependency[] = [];
  while (dependencies.length < m) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a === b || seen.has(`${Math.min(a, b)}:${Math.max(a, b)}`)) continue;
    seen.add(`${Math.min(a, b)}:${Math.max(a, b)}`);
    dependencies.push({ predecessorId: Math.min(a, b) + 1, successorId: Math.max(a, b) + 1 });
  }
  return { tasks, dependencies };
}

// ── properties on random acyclic graphs ───────────────────────────────────────────────────────

/**
 * Random plans: up to 40 tasks, ids shuffled so that neither input order nor id order is the
 * topological order, dependencies between distinct ranks (lower → higher, so never a cycle).
 * With `sameStart`, every task is planned from the same day: planned starts never bind, pure CPM.
 */
function acyclicPlan(options: { sameStart: boolean }) {
  return fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      offsets: fc.array(fc.integer({ min: 0, max: options.sameStart ? 0 : 60 }), { minLength: n, maxLength: n }),
      durations: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: n, maxLength: n }),
      ranks: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      inputOrder: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      edges: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3, selector: ([a, b]) => `${a}:${b}` }),
    }).map(({ offsets, durations, ranks, inputOrder, edges }) => {
      // Task i has id 100 + i and topological rank ranks[i].
      const tasks: ScheduleTask[] = inputOrder.map((i) => {
        const start = addDays('2026-06-01', offsets[i]!);
        return { id: 100 + i, start, due: addDays(start, durations[i]! - 1) };
      });
      const dependencies: ScheduleDependency[] = edges
        .filter(([a, b]) => ranks[a] !== ranks[b])
        .map(([a, b]) => (ranks[a]! < ranks[b]! ? [a, b] : [b, a]))
        .map(([a, b]) => ({ predecessorId: 100 + a!, successorId: 100 + b! }));
      return { tasks, dependencies: [...new Map(dependencies.map((d) => [`${d.predecessorId}:${d.successorId}`, d])).values()] };
    }),
  );
}

/**
 * One critical path traced back from a task that ends the project: each step goes to the
 * predecessor that drove the task's early start, until a task that started on its own planned date.
 */
function criticalChain(plan: { tasks: ScheduleTask[]; dependencies: ScheduleDependency[] }, s: Schedule) {
  const t = byId(s);
  const planned = new Map(plan.tasks.map((x) => [x.id, x]));
  const predecessors = new Map<number, number[]>();
  for (const d of plan.dependencies) predecessors.set(d.successorId, [...(predecessors.get(d.successorId) ?? []), d.predecessorId]);
  let current = s.tasks.find((x) => x.critical && x.earlyFinish === s.span!.end)!;
  const chain = [current];
  for (;;) {
    const dayBefore = addDays(current.earlyStart, -1);
    const driver = (predecessors.get(current.id) ?? []).map((p) => t.get(p)!).find((p) => p.earlyFinish === dayBefore);
    if (!driver) {
      expect(current.earlyStart).toBe(planned.get(current.id)!.start);
      break;
    }
    chain.unshift((current = driver));
  }
  return chain;
}

describe('schedule properties', () => {
  it('when planned starts do not bind, the critical path is as long as the project', () => {
    fc.assert(
      fc.property(acyclicPlan({ sameStart: true }), (plan) => {
        const s = schedule(plan.tasks, plan.dependencies);
        const chain = criticalChain(plan, s);
        expect(chain.every((x) => x.critical && x.totalFloat === 0)).toBe(true);
        expect(chain[0]!.earlyStart).toBe(s.span!.start);
        expect(chain.reduce((days, x) => days + x.duration, 0)).toBe(s.span!.days);
        // The critical tasks together cover the whole span too.
        const critical = s.tasks.filter((x) => x.critical);
        expect(critical.map((x) => x.earlyStart).sort()[0]).toBe(s.span!.start);
        expect(critical.map((x) => x.earlyFinish).sort().at(-1)).toBe(s.span!.end);
      }),
      { numRuns: 300 },
    );
  });

  it('on any acyclic plan: float ≥ 0, critical means zero float, successors start after predecessors finish', () => {
    fc.assert(
      fc.property(acyclicPlan({ sameStart: false }), (plan) => {
        const s = schedule(plan.tasks, plan.dependencies);
        const t = byId(s);
        const planned = new Map(plan.tasks.map((x) => [x.id, x]));
        expect(s.tasks.map((x) => x.id)).toEqual(plan.tasks.map((x) => x.id));
        for (const x of s.tasks) {
          expect(x.totalFloat).toBeGreaterThanOrEqual(0);
          expect(x.totalFloat).toBe(daysBetween(x.earlyStart, x.lateStart));
          expect(x.critical).toBe(x.totalFloat === 0);
          expect(x.earlyStart >= planned.get(x.id)!.start).toBe(true);
          expect(daysBetween(x.earlyStart, x.earlyFinish) + 1).toBe(x.duration);
          expect(daysBetween(x.lateStart, x.lateFinish) + 1).toBe(x.duration);
          expect(x.lateFinish <= s.span!.end).toBe(true);
        }
        for (const d of plan.dependencies) {
          const [p, q] = [t.get(d.predecessorId)!, t.get(d.successorId)!];
          expect(q.earlyStart > p.earlyFinish).toBe(true);
          expect(breaksFinishToStart(p.earlyFinish, q.earlyStart)).toBe(false);
          expect(q.lateStart > p.lateFinish).toBe(true);
        }
        // The critical path lists exactly the zero-float tasks, in order of their early start.
        const critical = s.criticalPath.map((id) => t.get(id)!);
        expect(new Set(s.criticalPath)).toEqual(new Set(s.tasks.filter((x) => x.totalFloat === 0).map((x) => x.id)));
        expect(critical.every((x, i) => i === 0 || critical[i - 1]!.earlyStart <= x.earlyStart)).toBe(true);
        // A path traced back from the end is unbroken and spans the project from its first task's
        // start, which is the project's start unless a planned start held that task back.
        const chain = criticalChain(plan, s);
        expect(chain.every((x) => x.totalFloat === 0)).toBe(true);
        expect(chain.reduce((days, x) => days + x.duration, 0)).toBe(daysBetween(chain[0]!.earlyStart, s.span!.end) + 1);
        expect(s.span!.days).toBe(daysBetween(s.span!.start, s.span!.end) + 1);
        expect(s.span!.start).toBe(plan.tasks.map((x) => x.start).sort()[0]);
        expect(s.span!.end).toBe(s.tasks.map((x) => x.earlyFinish).sort().at(-1));
      }),
      { numRuns: 300 },
    );
  });

  it('moves a task exactly as the conflict rule says: a flagged successor always, an unflagged plan never', () => {
    fc.assert(
      fc.property(acyclicPlan({ sameStart: false }), (plan) => {
        const s = schedule(plan.tasks, plan.dependencies);
        const t = byId(s);
        const planned = new Map(plan.tasks.map((x) => [x.id, x]));
        const flagged = plan.dependencies.filter((d) => breaksFinishToStart(planned.get(d.predecessorId)!.due, planned.get(d.successorId)!.start));
        // What the server flags as a conflict, CPM pushes later.
        for (const d of flagged) expect(t.get(d.successorId)!.earlyStart > planned.get(d.successorId)!.start).toBe(true);
        // And a plan with nothing flagged is already a valid schedule: CPM keeps every planned date.
        if (flagged.length === 0) for (const x of s.tasks) expect(x.earlyStart).toBe(planned.get(x.id)!.start);
      }),
      { numRuns: 300 },
    );
  });
});
