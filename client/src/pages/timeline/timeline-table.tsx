import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { daysBetween } from '../../../../shared/schedule.ts';
import type { ProjectSummary } from '~/components/project-page.tsx';
import { date, t } from '~/i18n/i18n.ts';
import { TASK_STATUS_KEY } from '~/pages/plan/plan-data.ts';
import { milestoneStateLabel, slipText } from './gantt.tsx';
import type { GanttRow, TaskDates, Timeline, TimelineTask } from './timeline-data.ts';

const PAGE = 200;

/** The same dates as the chart, as a table: the path for screen readers and for copying into minutes. */
export default function TimelineTable(props: {
  project: ProjectSummary;
  timeline: Timeline;
  rows: GanttRow[];
  datesOf: (task: TimelineTask) => TaskDates;
  floats: Map<number, number> | null;
  showBaseline: boolean;
}) {
  const [shown, setShown] = createSignal(PAGE);
  const page = createMemo(() => props.rows.slice(0, shown()));
  const predecessorTitles = createMemo(() => {
    const title = new Map(props.timeline.tasks.map((x) => [x.id, x.title]));
    const map = new Map<number, string[]>();
    for (const d of props.timeline.dependencies) {
      const list = map.get(d.successorId) ?? map.set(d.successorId, []).get(d.successorId)!;
      list.push(title.get(d.predecessorId) ?? `#${d.predecessorId}`);
    }
    return map;
  });
  const columns = () => 7 + (props.showBaseline ? 2 : 0) + (props.floats ? 1 : 0);
  return (
    <div class="table-scroll timeline-table-wrap">
      <table class="table timeline-table">
        <caption class="visually-hidden">{t('timeline.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('task.title')}</th>
            <th scope="col">{t('task.lead')}</th>
            <th scope="col">{t('task.start')}</th>
            <th scope="col">{t('task.due')}</th>
            <th scope="col">{t('task.progress')}</th>
            <th scope="col">{t('task.status')}</th>
            <th scope="col">{t('timeline.predecessors')}</th>
            <Show when={props.showBaseline}>
              <th scope="col">{t('timeline.baselineDue')}</th>
              <th scope="col">{t('timeline.slip')}</th>
            </Show>
            <Show when={props.floats}>
              <th scope="col">{t('timeline.floatColumn')}</th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={page()}>
            {(row) => {
              if (row.kind === 'group') {
                return (
                  <tr class="phase-row">
                    <th scope="rowgroup" colSpan={columns()}>
                      {row.label}
                    </th>
                  </tr>
                );
              }
              if (row.kind === 'milestone') {
                const m = row.milestone;
                return (
                  <tr class="milestone-row">
                    <th scope="row">
                      <span aria-hidden="true">◆ </span>
                      <span class="visually-hidden">{t('task.milestone')}: </span>
                      {m.name}
                    </th>
                    <td>—</td>
                    <td colSpan={2}>{date(m.date)}</td>
                    <td colSpan={3}>{milestoneStateLabel(m)}</td>
                    <Show when={props.showBaseline}>
                      <td>{m.baselineDate ? date(m.baselineDate) : '—'}</td>
                      <td>{m.slipDays === null ? '—' : slipText(m.slipDays)}</td>
                    </Show>
                    <Show when={props.floats}>
                      <td>—</td>
                    </Show>
                  </tr>
                );
              }
              const task = row.task;
              const d = () => props.datesOf(task);
              const predecessors = () => predecessorTitles().get(task.id) ?? [];
              const float = () => props.floats?.get(task.id);
              return (
                <tr classList={{ 'timeline-row--critical': float() === 0 }}>
                  <th scope="row">
                    <A href={`/projects/${props.project.id}/tasks/${task.id}`}>{task.title}</A>
                  </th>
                  <td>{task.leadOrganization?.code ?? '—'}</td>
                  <td>{date(d().startDate)}</td>
                  <td>{date(d().dueDate)}</td>
                  <td>{task.progress}%</td>
                  <td>{t(TASK_STATUS_KEY[task.status])}</td>
                  <td>{predecessors().join('; ') || '—'}</td>
                  <Show when={props.showBaseline}>
                    <td>{task.baselineDueDate ? date(task.baselineDueDate) : '—'}</td>
                    <td>{task.baselineDueDate ? slipText(daysBetween(task.baselineDueDate, d().dueDate)) : '—'}</td>
                  </Show>
                  <Show when={props.floats}>
                    <td>{float() === undefined ? '—' : float() === 0 ? t('timeline.onCriticalPath') : t('timeline.float', { days: float()! })}</td>
                  </Show>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
      <Show when={shown() < props.rows.length}>
        <p class="load-more">
          <button type="button" class="button button--secondary" onClick={() => setShown((n) => n + PAGE)}>
            {t('timeline.showMore', { shown: Math.min(shown(), props.rows.length), total: props.rows.length })}
          </button>
        </p>
      </Show>
    </div>
  );
}
