import { createSignal, createUniqueId, Show } from 'solid-js';
import { FormMessage, SelectField, TextAreaField, TextField } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { trpc } from '~/lib/trpc.ts';

export interface AnswerTarget {
  id: number;
  version: number;
  title: string;
}

export interface PersonOption {
  value: string;
  label: string;
}

/**
 * Accept (optionally naming the assignee from our organization) or decline with a reason and
 * other dates, right where the assignment is shown. `onAnswered` reloads the caller's data.
 */
export default function AnswerControls(props: { projectId: number; task: AnswerTarget; people: PersonOption[]; onAnswered: (message: string) => void; onStale: () => void }) {
  const [declining, setDeclining] = createSignal(false);
  const formId = createUniqueId();
  const stale = (code: string | undefined) => code === 'CONFLICT' && props.onStale();

  const accept = createSubmit({
    send: (data) => {
      const assignee = textOf(data, 'assigneeId');
      return trpc.tasks.accept.mutate({ projectId: props.projectId, taskId: props.task.id, version: props.task.version, assigneeId: assignee ? Number(assignee) : null });
    },
    onDone: () => props.onAnswered(t('answer.accepted', { title: props.task.title })),
    onFailed: (e) => stale(e.code),
  });

  const decline = createSubmit({
    check: (data) => {
      const start = textOf(data, 'proposedStartDate');
      const due = textOf(data, 'proposedDueDate');
      return start && due && start > due ? { proposedDueDate: t('validation.endBeforeStart') } : ({} as Record<string, string>);
    },
    send: (data) =>
      trpc.tasks.decline.mutate({
        projectId: props.projectId,
        taskId: props.task.id,
        version: props.task.version,
        reason: textOf(data, 'reason').trim(),
        proposedStartDate: textOf(data, 'proposedStartDate') || null,
        proposedDueDate: textOf(data, 'proposedDueDate') || null,
      }),
    onDone: () => {
      setDeclining(false);
      props.onAnswered(t('answer.declined', { title: props.task.title }));
    },
    onFailed: (e) => stale(e.code),
  });

  return (
    <div class="answer">
      <form class="answer-accept" onSubmit={accept.onSubmit} aria-label={t('answer.acceptLabel', { title: props.task.title })}>
        <SelectField
          name="assigneeId"
          label={t('answer.assignee')}
          placeholder={t('answer.noAssignee')}
          options={props.people}
          error={accept.fieldErrors().assigneeId}
        />
        <div class="answer-buttons">
          <button type="submit" class="button button--primary" disabled={accept.pending()}>
            {t('answer.accept')}
          </button>
          <button type="button" class="button button--secondary" aria-expanded={declining()} aria-controls={formId} onClick={() => setDeclining(!declining())}>
            {t('answer.decline')}
          </button>
        </div>
        <FormMessage message={accept.message()} />
      </form>
      <Show when={declining()}>
        <form id={formId} class="form form--panel answer-decline" onSubmit={decline.onSubmit} noValidate aria-label={t('answer.declineLabel', { title: props.task.title })}>
          <TextAreaField
            name="reason"
            label={t('answer.reason')}
            required
            maxLength={2000}
            rows={3}
            error={decline.fieldErrors().reason}
            ref={(el: HTMLTextAreaElement) => queueMicrotask(() => el.focus())}
          />
          <div class="form-grid">
            <TextField type="date" name="proposedStartDate" label={t('answer.proposedStart')} hint={t('answer.proposedHint')} error={decline.fieldErrors().proposedStartDate} />
            <TextField type="date" name="proposedDueDate" label={t('answer.proposedDue')} error={decline.fieldErrors().proposedDueDate} />
          </div>
          <FormMessage message={decline.message()} />
          <div class="form-actions">
            <button type="submit" class="button button--primary" disabled={decline.pending()}>
              {t('answer.sendDecline')}
            </button>
            <button type="button" class="button button--ghost" onClick={() => setDeclining(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Show>
    </div>
  );
}
