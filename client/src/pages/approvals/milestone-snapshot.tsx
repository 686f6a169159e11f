import { For, Show } from 'solid-js';
import { date, t } from '~/i18n/i18n.ts';
import { TASK_STATUS_KEY, type TaskStatus } from '~/pages/plan/plan-data.ts';

/** What a milestone sign-off round froze (server/plan/milestone-subject.ts). */
interface MilestoneSnapshot {
  name: string;
  date: string;
  deliverables: string;
  tasks: { id: number; title: string; status: TaskStatus; progress: number; dueDate: string | null; leadCode: string | null }[];
}

function isMilestoneSnapshot(value: unknown): value is MilestoneSnapshot {
  return typeof value === 'object' && value !== null && 'deliverables' in value && Array.isArray((value as { tasks?: unknown }).tasks);
}

/** The milestone as submitted for sign-off: its date, deliverables and the state of each of its tasks then. */
export default function MilestoneSnapshotView(props: { snapshot: unknown }) {
  return (
    <Show when={isMilestoneSnapshot(props.snapshot) ? (props.snapshot as MilestoneSnapshot) : null} fallback={<p class="muted">—</p>}>
      {(m) => (
        <>
          <dl class="facts">
            <div>
              <dt>{t('approvals.milestoneDate')}</dt>
              <dd>{date(m().date)}</dd>
            </div>
            <div>
              <dt>{t('approvals.milestoneDeliverables')}</dt>
              <dd class="pre-line">{m().deliverables || '—'}</dd>
            </div>
          </dl>
          <Show when={m().tasks.length > 0}>
            <table class="table table--stack snapshot-tasks">
              <caption class="visually-hidden">{t('approvals.milestoneTasks')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('task.title')}</th>
                  <th scope="col">{t('task.lead')}</th>
                  <th scope="col">{t('task.status')}</th>
                  <th scope="col" class="numeric">{t('task.progress')}</th>
                  <th scope="col">{t('task.due')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={m().tasks}>
                  {(task) => (
                    <tr>
                      <th scope="row" data-label={t('task.title')}>
                        {task.title}
                      </th>
                      <td data-label={t('task.lead')} class="code">
                        {task.leadCode ?? '—'}
                      </td>
                      <td data-label={t('task.status')}>{TASK_STATUS_KEY[task.status] ? t(TASK_STATUS_KEY[task.status]) : task.status}</td>
                      <td data-label={t('task.progress')} class="numeric">
                        {task.progress}%
                      </td>
                      <td data-label={t('task.due')}>{task.dueDate ? date(task.dueDate) : '—'}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        </>
      )}
    </Show>
  );
}
