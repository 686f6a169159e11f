import { batch, createEffect, createMemo, createSignal, createUniqueId, For, on, onCleanup, onMount, Show } from 'solid-js';
import { addDays, breaksFinishToStart, daysBetween } from '../../../../shared/schedule.ts';
import { date, locale, t } from '~/i18n/i18n.ts';
import { roundStateLabel } from '~/pages/approvals/approval-words.tsx';
import { TASK_STATUS_KEY } from '~/pages/plan/plan-data.ts';
import {
  day,
  fitText,
  HEADER_HEIGHT,
  PX_PER_DAY,
  ROW_HEIGHT,
  ticks,
  visibleSlice,
  type GanttRow,
  type TaskDates,
  type Timeline,
  type TimelineMilestone,
  type TimelineTask,
  type Zoom,
} from './timeline-data.ts';

export interface GanttProps {
  timeline: Timeline;
  rows: GanttRow[];
  zoom: Zoom;
  span: { first: number; last: number };
  coordinator: boolean;
  showBaseline: boolean;
  /** Total float per task id, when the critical path is shown. */
  floats: Map<number, number> | null;
  /** A task's dates as saved (or being saved). */
  datesOf: (task: TimelineTask) => TaskDates;
  toneOf: (organizationId: number | undefined) => number;
  /** A bar dropped or nudged to new dates; the page queues and saves them. */
  onMove: (task: TimelineTask, dates: TaskDates) => void;
  onOpen: (task: TimelineTask) => void;
  /** A drag starts (true) or ends (false): the page holds saves and refreshes until it ends. */
  onDragChange?: (dragging: boolean) => void;
  /** The drawn SVG, for the PNG export. */
  canvasRef?: (svg: SVGSVGElement) => void;
}

type Tip = { kind: 'task'; task: TimelineTask; row: number } | { kind: 'milestone'; milestone: TimelineMilestone; row: number };

export function milestoneStateLabel(m: TimelineMilestone): string {
  return m.signoff ? roundStateLabel(m.signoff.state) : t('timeline.signoffNone');
}

/**
 * The Gantt: one scroll container whose size is the whole chart, and one SVG the size of the
 * viewport kept in place (sticky) that draws only the rows and days in view. Scrolling moves the
 * drawing, never the DOM: a 10,000-task plan has the same few hundred elements as a small one.
 */
export default function Gantt(props: GanttProps) {
  const clip = createUniqueId();
  let scroller!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [scrollLeft, setScrollLeft] = createSignal(0);
  const [viewWidth, setViewWidth] = createSignal(800);
  const [viewHeight, setViewHeight] = createSignal(400);
  const [drafts, setDrafts] = createSignal<ReadonlyMap<number, TaskDates>>(new Map());
  const [tip, setTip] = createSignal<Tip>();

  const ppd = () => PX_PER_DAY[props.zoom];
  const labelWidth = () => (viewWidth() < 600 ? 128 : 280);
  const chartWidth = () => Math.max(0, viewWidth() - labelWidth());
  const totalWidth = () => labelWidth() + (props.span.last - props.span.first + 1) * ppd();
  const totalHeight = () => HEADER_HEIGHT + props.rows.length * ROW_HEIGHT;
  const x = (n: number) => (n - props.span.first) * ppd();
  const rowY = (index: number) => index * ROW_HEIGHT;

  const datesOf = (task: TimelineTask) => drafts().get(task.id) ?? props.datesOf(task);
  const setDraft = (id: number, dates: TaskDates | undefined) =>
    setDrafts((map) => {
      const next = new Map(map);
      if (dates) next.set(id, dates);
      else next.delete(id);
      return next;
    });

  // ── what is in view ──
  const slice = createMemo(() => visibleSlice(scrollTop(), Math.max(0, viewHeight() - HEADER_HEIGHT), props.rows.length));
  const visibleRows = createMemo(() => {
    const [first, last] = slice();
    // The rows themselves, so <For> keeps the DOM of rows that stay in view.
    return props.rows.slice(first, last);
  });
  const windowDays = createMemo(() => {
    const from = props.span.first + Math.floor(scrollLeft() / ppd()) - 1;
    return { from, to: from + Math.ceil(chartWidth() / ppd()) + 2 };
  });
  const inWindow = (start: number, end: number) => end >= windowDays().from && start <= windowDays().to;
  const scale = createMemo(() => ticks(props.zoom, windowDays().from - 400, windowDays().to, locale()));

  const rowOfTask = createMemo(() => {
    const map = new Map<number, number>();
    props.rows.forEach((row, i) => row.kind === 'task' && map.set(row.task.id, i));
    return map;
  });
  const taskById = createMemo(() => new Map(props.timeline.tasks.map((x) => [x.id, x])));
  const links = createMemo(() => {
    const predecessors = new Map<number, number[]>();
    const successors = new Map<number, number[]>();
    for (const d of props.timeline.dependencies) {
      (predecessors.get(d.successorId) ?? predecessors.set(d.successorId, []).get(d.successorId)!).push(d.predecessorId);
      (successors.get(d.predecessorId) ?? successors.set(d.predecessorId, []).get(d.predecessorId)!).push(d.successorId);
    }
    return { predecessors, successors };
  });

  /** Finish-to-start arrows touching a visible row, each once; red when the successor starts on or before its predecessor's due date. */
  const arrows = createMemo(() => {
    const rowOf = rowOfTask();
    const byId = taskById();
    const { predecessors, successors } = links();
    const seen = new Set<string>();
    const out: { key: string; d: string; conflict: boolean }[] = [];
    const add = (p: number, s: number) => {
      const key = `${p}-${s}`;
      if (seen.has(key)) return;
      seen.add(key);
      const pr = rowOf.get(p);
      const sr = rowOf.get(s);
      const pt = byId.get(p);
      const st = byId.get(s);
      if (pr === undefined || sr === undefined || !pt || !st) return;
      const pd = datesOf(pt);
      const sd = datesOf(st);
      const x1 = x(day(pd.dueDate) + 1);
      const x2 = x(day(sd.startDate));
      if (Math.max(x1, x2) < scrollLeft() - 20 && Math.min(x1, x2) < scrollLeft() - 20) return;
      const y1 = rowY(pr) + ROW_HEIGHT / 2;
      const y2 = rowY(sr) + ROW_HEIGHT / 2;
      const d =
        x2 >= x1 + 12
          ? `M${x1},${y1}H${x1 + 6}V${y2}H${x2 - 1}`
          : `M${x1},${y1}h6V${y1 + (y2 > y1 ? ROW_HEIGHT / 2 : -ROW_HEIGHT / 2)}H${x2 - 10}V${y2}H${x2 - 1}`;
      out.push({ key, d, conflict: breaksFinishToStart(pd.dueDate, sd.startDate) });
    };
    for (const row of visibleRows()) {
      if (row.kind !== 'task') continue;
      for (const s of successors.get(row.task.id) ?? []) add(row.task.id, s);
      for (const p of predecessors.get(row.task.id) ?? []) add(p, row.task.id);
    }
    return out;
  });

  // ── scrolling and size ──
  let centerDay = day(props.timeline.today);
  const onScroll = () => {
    batch(() => {
      setScrollTop(scroller.scrollTop);
      setScrollLeft(scroller.scrollLeft);
    });
    centerDay = props.span.first + (scroller.scrollLeft + chartWidth() / 2) / ppd();
  };
  onMount(() => {
    const observer = new ResizeObserver(() => {
      setViewWidth(scroller.clientWidth);
      setViewHeight(scroller.clientHeight);
    });
    observer.observe(scroller);
    onCleanup(() => observer.disconnect());
    setViewWidth(scroller.clientWidth);
    setViewHeight(scroller.clientHeight);
    // Open on today, a little in from the left.
    scroller.scrollLeft = Math.max(0, x(day(props.timeline.today)) - chartWidth() * 0.2);
    onScroll();
  });
  // A new zoom keeps the same day in the middle.
  createEffect(
    on(
      () => props.zoom,
      () => {
        const target = centerDay;
        requestAnimationFrame(() => {
          scroller.scrollLeft = Math.max(0, (target - props.span.first) * ppd() - chartWidth() / 2);
          onScroll();
        });
      },
      { defer: true },
    ),
  );

  // ── dragging (coordinators) ──
  let drag: { task: TimelineTask; mode: 'move' | 'resize'; x0: number; from: TaskDates; moved: boolean } | undefined;
  const onPointerDown = (event: PointerEvent, task: TimelineTask, mode: 'move' | 'resize') => {
    if (!props.coordinator || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    drag = { task, mode, x0: event.clientX, from: datesOf(task), moved: false };
    props.onDragChange?.(true);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag) return;
    const days = Math.round((event.clientX - drag.x0) / ppd());
    const { from } = drag;
    let next: TaskDates;
    if (drag.mode === 'move') next = { startDate: addDays(from.startDate, days), dueDate: addDays(from.dueDate, days) };
    else {
      const due = addDays(from.dueDate, days);
      next = { startDate: from.startDate, dueDate: due < from.startDate ? from.startDate : due };
    }
    if (days !== 0) drag.moved = true;
    setDraft(drag.task.id, next);
  };
  const onPointerUp = () => {
    if (!drag) return;
    const { task, from, moved } = drag;
    drag = undefined;
    const next = drafts().get(task.id);
    if (moved && next && (next.startDate !== from.startDate || next.dueDate !== from.dueDate)) props.onMove(task, next);
    setDraft(task.id, undefined);
    props.onDragChange?.(false);
  };

  /** Bars being dragged into a dependency's way, to mark them at once, before the drop. */
  const conflictingDrafts = createMemo(() => {
    const out = new Set<number>();
    if (drafts().size === 0) return out;
    const byId = taskById();
    const { predecessors, successors } = links();
    for (const [id, dates] of drafts()) {
      const breaks =
        (predecessors.get(id) ?? []).some((p) => byId.has(p) && breaksFinishToStart(datesOf(byId.get(p)!).dueDate, dates.startDate)) ||
        (successors.get(id) ?? []).some((s) => byId.has(s) && breaksFinishToStart(dates.dueDate, datesOf(byId.get(s)!).startDate));
      if (breaks) out.add(id);
    }
    return out;
  });

  // ── keyboard: each press is a move; the page groups a run of them into one save ──
  const onKeyDown = (event: KeyboardEvent, task: TimelineTask) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      props.onOpen(task);
      return;
    }
    if (!props.coordinator || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const now = datesOf(task);
    // Shift changes the duration, like dragging the bar's end.
    const next = event.shiftKey
      ? { startDate: now.startDate, dueDate: addDays(now.dueDate, step) < now.startDate ? now.startDate : addDays(now.dueDate, step) }
      : { startDate: addDays(now.startDate, step), dueDate: addDays(now.dueDate, step) };
    props.onMove(task, next);
  };

  const taskLabel = (task: TimelineTask) => {
    const d = datesOf(task);
    const parts = [
      task.title,
      `${t('task.start')} ${date(d.startDate)}`,
      `${t('task.due')} ${date(d.dueDate)}`,
      `${t('task.progress')} ${task.progress}%`,
      t(TASK_STATUS_KEY[task.status]),
      task.leadOrganization ? `${t('task.lead')} ${task.leadOrganization.code}` : '',
    ];
    const slip = slipOf(task);
    if (props.showBaseline && slip !== null) parts.push(slipText(slip));
    const float = props.floats?.get(task.id);
    if (float !== undefined) parts.push(float === 0 ? t('timeline.onCriticalPath') : t('timeline.float', { days: float }));
    return parts.filter(Boolean).join(', ');
  };
  const slipOf = (task: TimelineTask) => (task.baselineDueDate ? daysBetween(task.baselineDueDate, datesOf(task).dueDate) : null);

  return (
    <div
      ref={scroller}
      class="gantt"
      classList={{ 'gantt--editable': props.coordinator }}
      data-px-per-day={ppd()}
      onScroll={onScroll}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <svg class="gantt-spacer" width={totalWidth()} height={totalHeight()} aria-hidden="true" />
      <svg
        ref={(el) => props.canvasRef?.(el)}
        class="gantt-canvas"
        width={viewWidth()}
        height={Math.min(viewHeight(), totalHeight())}
        viewBox={`0 0 ${viewWidth()} ${Math.min(viewHeight(), totalHeight())}`}
        role="group"
        aria-label={t('timeline.chart')}
      >
        <defs>
          <clipPath id={`${clip}-body`}>
            <rect x={labelWidth()} y={HEADER_HEIGHT} width={chartWidth()} height={Math.max(0, viewHeight() - HEADER_HEIGHT)} />
          </clipPath>
          <clipPath id={`${clip}-head`}>
            <rect x={labelWidth()} y={0} width={chartWidth()} height={HEADER_HEIGHT} />
          </clipPath>
          <clipPath id={`${clip}-labels`}>
            <rect x={0} y={HEADER_HEIGHT} width={labelWidth()} height={Math.max(0, viewHeight() - HEADER_HEIGHT)} />
          </clipPath>
          <marker id={`${clip}-arrow`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L8,4L0,8z" class="gantt-arrowhead" />
          </marker>
          <marker id={`${clip}-arrow-bad`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L8,4L0,8z" class="gantt-arrowhead gantt-arrowhead--conflict" />
          </marker>
        </defs>

        {/* ── the chart body ── */}
        <g clip-path={`url(#${clip}-body)`}>
          <g transform={`translate(${labelWidth() - scrollLeft()},${HEADER_HEIGHT - scrollTop()})`}>
            <For each={visibleRows()}>
              {(row, i) => (
                <rect
                  class="gantt-row-bg"
                  classList={{ 'gantt-row-bg--group': row.kind === 'group', 'gantt-row-bg--odd': (slice()[0] + i()) % 2 === 1 }}
                  x={scrollLeft()}
                  y={rowY(slice()[0] + i())}
                  width={chartWidth()}
                  height={ROW_HEIGHT}
                />
              )}
            </For>
            <For each={scale().minor.filter((tick) => tick.day >= windowDays().from)}>
              {(tick) => <line class="gantt-grid" x1={x(tick.day)} x2={x(tick.day)} y1={rowY(slice()[0])} y2={rowY(slice()[1])} />}
            </For>
            <For each={arrows()}>
              {(arrow) => (
                <path
                  class="gantt-arrow"
                  classList={{ 'gantt-arrow--conflict': arrow.conflict }}
                  d={arrow.d}
                  marker-end={`url(#${clip}-${arrow.conflict ? 'arrow-bad' : 'arrow'})`}
                />
              )}
            </For>
            <For each={visibleRows()}>
              {(row, i) => {
                const index = () => slice()[0] + i();
                const y = () => rowY(index());
                if (row.kind === 'group') {
                  return (
                    <Show when={row.start !== null && row.end !== null && inWindow(row.start, row.end)}>
                      <rect class="gantt-group-bar" x={x(row.start!)} y={y() + ROW_HEIGHT / 2 - 3} width={(row.end! - row.start! + 1) * ppd()} height={6} rx={2} />
                    </Show>
                  );
                }
                if (row.kind === 'milestone') {
                  const m = row.milestone;
                  const state = () => m.signoff?.state ?? 'none';
                  return (
                    <Show when={inWindow(day(m.baselineDate ?? m.date) - 2, day(m.date) + 2) || inWindow(day(m.date) - 2, day(m.date) + 2)}>
                      <Show when={props.showBaseline && m.baselineDate && m.baselineDate !== m.date}>
                        <path class="gantt-baseline-milestone" d={diamond(x(day(m.baselineDate!)) + ppd() / 2, y() + ROW_HEIGHT / 2, 6)} />
                      </Show>
                      <path
                        class={`gantt-milestone gantt-milestone--${state()}`}
                        d={diamond(x(day(m.date)) + ppd() / 2, y() + ROW_HEIGHT / 2, 8)}
                        tabindex="0"
                        role="img"
                        aria-label={`${t('task.milestone')}: ${m.name}, ${date(m.date)}, ${milestoneStateLabel(m)}`}
                        onPointerEnter={() => setTip({ kind: 'milestone', milestone: m, row: index() })}
                        onPointerLeave={() => setTip(undefined)}
                        onFocus={() => setTip({ kind: 'milestone', milestone: m, row: index() })}
                        onBlur={() => setTip(undefined)}
                      />
                    </Show>
                  );
                }
                const task = row.task;
                const d = () => datesOf(task);
                const start = () => day(d().startDate);
                const end = () => day(d().dueDate);
                const width = () => Math.max(2, (end() - start() + 1) * ppd());
                const critical = () => props.floats?.get(task.id) === 0;
                const tone = () => props.toneOf(task.leadOrganization?.id);
                const slip = () => slipOf(task);
                const baselineShown = () => props.showBaseline && task.baselineStartDate !== null && task.baselineDueDate !== null;
                return (
                  <Show
                    when={
                      inWindow(start(), end() + 40 / ppd()) ||
                      (baselineShown() && inWindow(day(task.baselineStartDate!), day(task.baselineDueDate!))) ||
                      drafts().has(task.id)
                    }
                  >
                    <Show when={baselineShown()}>
                      <rect
                        class="gantt-baseline"
                        x={x(day(task.baselineStartDate!))}
                        y={y() + ROW_HEIGHT - 9}
                        width={Math.max(2, (day(task.baselineDueDate!) - day(task.baselineStartDate!) + 1) * ppd())}
                        height={5}
                        rx={1}
                      />
                    </Show>
                    <g
                      class={`gantt-bar org-tone-${tone()}`}
                      classList={{
                        'gantt-bar--critical': critical(),
                        'gantt-bar--dragging': drafts().has(task.id),
                        'gantt-bar--conflict': conflictingDrafts().has(task.id),
                        'gantt-bar--done': task.status === 'done',
                      }}
                      tabindex="0"
                      role="button"
                      data-task-id={task.id}
                      aria-label={taskLabel(task)}
                      aria-describedby={`${clip}-hint`}
                      onPointerDown={(e) => onPointerDown(e, task, 'move')}
                      onPointerEnter={() => setTip({ kind: 'task', task, row: index() })}
                      onPointerLeave={() => !drag && setTip(undefined)}
                      onFocus={() => setTip({ kind: 'task', task, row: index() })}
                      onBlur={() => setTip(undefined)}
                      onKeyDown={(e) => onKeyDown(e, task)}
                      onDblClick={() => props.onOpen(task)}
                    >
                      <rect class="gantt-bar-track" x={x(start())} y={y() + 6} width={width()} height={ROW_HEIGHT - 16} rx={3} />
                      <rect class="gantt-bar-fill" x={x(start())} y={y() + 6} width={(width() * task.progress) / 100} height={ROW_HEIGHT - 16} rx={3} />
                      <Show when={props.coordinator}>
                        <rect
                          class="gantt-handle"
                          x={x(start()) + width() - 5}
                          y={y() + 5}
                          width={8}
                          height={ROW_HEIGHT - 14}
                          rx={2}
                          onPointerDown={(e) => onPointerDown(e, task, 'resize')}
                        />
                      </Show>
                    </g>
                    <Show when={props.showBaseline && slip() !== null && slip() !== 0}>
                      <text class="gantt-slip" classList={{ 'gantt-slip--late': slip()! > 0 }} x={x(end() + 1) + 10} y={y() + ROW_HEIGHT / 2 + 4}>
                        {slipShort(slip()!)}
                      </text>
                    </Show>
                  </Show>
                );
              }}
            </For>
            <Show when={inWindow(day(props.timeline.today), day(props.timeline.today))}>
              <line class="gantt-today" x1={x(day(props.timeline.today))} x2={x(day(props.timeline.today))} y1={scrollTop()} y2={scrollTop() + viewHeight()} />
            </Show>
          </g>
        </g>

        {/* ── the scale ── */}
        <rect class="gantt-head-bg" x={0} y={0} width={viewWidth()} height={HEADER_HEIGHT} />
        <g clip-path={`url(#${clip}-head)`}>
          <g transform={`translate(${labelWidth() - scrollLeft()},0)`}>
            {/* Majors before the window are dropped but the last one, whose label sticks to the left edge. */}
            <For each={scale().major.filter((tick, i, all) => i + 1 >= all.length || all[i + 1]!.day > windowDays().from)}>
              {(tick, i) => {
                const labelX = () => Math.max(x(tick.day), scrollLeft()) + 4;
                // The stuck label gives way once the next month's label would run into it.
                const clear = () => {
                  const next = scale().major.find((m) => m.day > tick.day);
                  return !next || x(next.day) - labelX() > tick.label.length * 7.5 + 8 || i() > 0;
                };
                return (
                  <>
                    <line class="gantt-major" x1={x(tick.day)} x2={x(tick.day)} y1={0} y2={HEADER_HEIGHT} />
                    <Show when={clear()}>
                      <text class="gantt-major-label" x={labelX()} y={16}>
                        {tick.label}
                      </text>
                    </Show>
                  </>
                );
              }}
            </For>
            <For each={scale().minor.filter((tick) => tick.day >= windowDays().from)}>
              {(tick) => (
                <text class="gantt-minor-label" x={x(tick.day) + 3} y={36}>
                  {tick.label}
                </text>
              )}
            </For>
            <Show when={inWindow(day(props.timeline.today), day(props.timeline.today))}>
              <line class="gantt-today" x1={x(day(props.timeline.today))} x2={x(day(props.timeline.today))} y1={22} y2={HEADER_HEIGHT} />
            </Show>
          </g>
        </g>
        <line class="gantt-head-line" x1={0} x2={viewWidth()} y1={HEADER_HEIGHT - 0.5} y2={HEADER_HEIGHT - 0.5} />

        {/* ── the labels ── */}
        <rect class="gantt-labels-bg" x={0} y={0} width={labelWidth()} height={viewHeight()} />
        <g clip-path={`url(#${clip}-labels)`}>
          <g transform={`translate(0,${HEADER_HEIGHT - scrollTop()})`}>
            <For each={visibleRows()}>
              {(row, i) => {
                const y = () => rowY(slice()[0] + i()) + ROW_HEIGHT / 2 + 4;
                const label = row.kind === 'group' ? row.label : row.kind === 'milestone' ? `◆ ${row.milestone.name}` : row.task.title;
                return (
                  <text
                    class="gantt-label"
                    classList={{ 'gantt-label--group': row.kind === 'group', 'gantt-label--milestone': row.kind === 'milestone' }}
                    x={row.kind === 'group' ? 8 : 18}
                    y={y()}
                    aria-hidden="true"
                  >
                    {fitText(label, labelWidth() - (row.kind === 'group' ? 14 : 24), row.kind === 'group' ? 7.6 : 6.8)}
                  </text>
                );
              }}
            </For>
          </g>
        </g>
        <line class="gantt-labels-line" x1={labelWidth() - 0.5} x2={labelWidth() - 0.5} y1={0} y2={viewHeight()} />
        <text class="gantt-corner" x={8} y={28}>
          {t('task.title')}
        </text>

        {/* ── the tooltip ── */}
        <Show when={tip()}>{(current) => <Tooltip tip={current()} />}</Show>
      </svg>
      <p id={`${clip}-hint`} class="visually-hidden">
        {props.coordinator ? t('timeline.keyHintCoordinator') : t('timeline.keyHint')}
      </p>
    </div>
  );

  function Tooltip(p: { tip: Tip }) {
    const lines = () => {
      const tip = p.tip;
      if (tip.kind === 'milestone') {
        const m = tip.milestone;
        const out = [m.name, `${t('timeline.date')}: ${date(m.date)}`, `${t('timeline.signoff')}: ${milestoneStateLabel(m)}`];
        if (props.showBaseline && m.baselineDate && m.slipDays !== null) out.push(`${t('timeline.baseline')}: ${date(m.baselineDate)} (${slipText(m.slipDays)})`);
        return out;
      }
      const task = tip.task;
      const d = datesOf(task);
      const out = [
        task.title,
        `${date(d.startDate)} – ${date(d.dueDate)}`,
        `${t('task.progress')}: ${task.progress}% · ${t(TASK_STATUS_KEY[task.status])}`,
        `${t('task.lead')}: ${task.leadOrganization?.code ?? '—'}`,
      ];
      const slip = slipOf(task);
      if (props.showBaseline && task.baselineStartDate && task.baselineDueDate && slip !== null) {
        out.push(`${t('timeline.baseline')}: ${date(task.baselineStartDate)} – ${date(task.baselineDueDate)} (${slipText(slip)})`);
      }
      const float = props.floats?.get(task.id);
      if (float !== undefined) out.push(float === 0 ? t('timeline.onCriticalPath') : t('timeline.float', { days: float }));
      return out;
    };
    const box = () => {
      const tip = p.tip;
      const width = Math.max(0, Math.min(viewWidth() - 8, Math.max(...lines().map((l, i) => l.length * (i === 0 ? 7.4 : 6.6))) + 20));
      const anchorX =
        tip.kind === 'task' ? x(day(datesOf(tip.task).dueDate) + 1) : x(day(tip.milestone.date)) + ppd();
      let left = labelWidth() - scrollLeft() + anchorX + 12;
      if (left + width > viewWidth() - 4) left = Math.max(4, viewWidth() - 4 - width);
      const height = lines().length * 18 + 12;
      let top = HEADER_HEIGHT - scrollTop() + rowY(tip.row) + ROW_HEIGHT;
      if (top + height > viewHeight() - 4) top = Math.max(HEADER_HEIGHT, HEADER_HEIGHT - scrollTop() + rowY(tip.row) - height);
      return { left, top, width, height };
    };
    return (
      <g class="gantt-tip" data-export="skip" aria-hidden="true" transform={`translate(${box().left},${box().top})`}>
        <rect class="gantt-tip-bg" width={box().width} height={box().height} rx={6} />
        <For each={lines()}>
          {(line, i) => (
            <text class="gantt-tip-text" classList={{ 'gantt-tip-title': i() === 0 }} x={10} y={20 + i() * 18}>
              {fitText(line, box().width - 16, i() === 0 ? 7.4 : 6.6)}
            </text>
          )}
        </For>
      </g>
    );
  }
}

const diamond = (cx: number, cy: number, r: number) => `M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`;

/** "+5 ngày trễ" / "3 days early" / "on baseline". */
export function slipText(days: number): string {
  if (days === 0) return t('timeline.onBaseline');
  return days > 0 ? t('timeline.slipLate', { days }) : t('timeline.slipEarly', { days: -days });
}

const slipShort = (days: number) => t('timeline.slipShort', { days: days > 0 ? `+${days}` : String(days) });
