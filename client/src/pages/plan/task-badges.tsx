import { Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { ASSIGNMENT_KEY, TASK_STATUS_KEY, type AssignmentState, type TaskStatus } from './plan-data.ts';

export function TaskStatusBadge(props: { status: TaskStatus }) {
  return <span class={`badge task-status task-status--${props.status}`}>{t(TASK_STATUS_KEY[props.status])}</span>;
}

export function AssignmentBadge(props: { state: AssignmentState }) {
  return <span class={`badge assignment assignment--${props.state}`}>{t(ASSIGNMENT_KEY[props.state])}</span>;
}

/** Overdue and schedule-conflict flags, in words (not colour alone). */
export function TaskFlags(props: { overdue: boolean; conflict?: boolean }) {
  return (
    <>
      <Show when={props.overdue}>
        <span class="badge flag flag--overdue">{t('task.overdue')}</span>
      </Show>
      <Show when={props.conflict}>
        <span class="badge flag flag--conflict" title={t('task.scheduleConflictHint')}>
          {t('task.scheduleConflict')}
        </span>
      </Show>
    </>
  );
}

/** Progress as a bar with its number beside it; the <meter> carries the value for assistive technology. */
export function ProgressMeter(props: { value: number }) {
  return (
    <span class="progress">
      <meter min={0} max={100} value={props.value} aria-label={t('task.progress')}>
        {props.value}%
      </meter>
      <span class="progress-value">{props.value}%</span>
    </span>
  );
}
