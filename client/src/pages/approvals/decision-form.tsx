import { createSignal, createUniqueId, Show, untrack } from 'solid-js';
import { FormMessage, TextAreaField } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { me } from '~/lib/session.ts';
import { trpc } from '~/lib/trpc.ts';
import type { DecisionKind } from './approval-words.tsx';

/**
 * An approver's decision for their own organization: approve, or request changes with a comment
 * saying what should change. A round that closed meanwhile is refused (CONFLICT), and the page reloads it.
 */
export default function DecisionForm(props: {
  projectId: number;
  roundId: number;
  organizationCode: string;
  changing: boolean;
  /** The round is still open; when it closes under a comment being written, the form stays with a notice. */
  open: boolean;
  /** My organization's current decision, to notice a colleague's arriving while this one is written. */
  current: { id: number; user: { id: number; displayName: string } } | null;
  /** Whether the comment box holds text, so the page keeps the form while it does. */
  onDraft: (drafting: boolean) => void;
  onDecided: (decision: DecisionKind) => void;
  /** The round closed meanwhile: the page reloads it and says why the decision was not recorded. */
  onConflict: (message: string) => void;
}) {
  const [decision, setDecision] = createSignal<DecisionKind>('approve');
  const titleId = createUniqueId();
  const seenDecision = untrack(() => props.current?.id ?? null);
  const colleague = () => {
    const current = props.current;
    return current && current.id !== seenDecision && current.user.id !== me()?.id ? current.user.displayName : null;
  };
  const form = createSubmit({
    check: (data): Record<string, string> => (decision() === 'request_changes' && !textOf(data, 'comment').trim() ? { comment: t('approvals.commentRequired') } : {}),
    send: (data) =>
      trpc.approvals.decide.mutate({ projectId: props.projectId, roundId: props.roundId, decision: decision(), comment: textOf(data, 'comment').trim() }),
    onDone: (_, el) => {
      el.reset();
      props.onDraft(false);
      props.onDecided(decision());
    },
    onFailed: (error) => {
      if (error.code === 'CONFLICT') props.onConflict(error.message);
    },
  });
  return (
    <form class="form form--panel decision-form" aria-labelledby={titleId} onSubmit={form.onSubmit} novalidate>
      <h3 id={titleId}>{t(props.changing ? 'approvals.changeDecisionTitle' : 'approvals.decideTitle', { org: props.organizationCode })}</h3>
      <Show when={!props.open}>
        <p class="notice notice--warning" role="status">
          {t('approvals.closedWhileWriting')}
        </p>
      </Show>
      <Show when={props.open && colleague()}>
        {(name) => (
          <p class="notice notice--warning" role="status">
            {t('approvals.decidedWhileWriting', { name: name() })}
          </p>
        )}
      </Show>
      <TextAreaField
        label={t('approvals.comment')}
        name="comment"
        maxLength={4000}
        hint={t('approvals.commentHint')}
        error={form.fieldErrors().comment}
        onInput={(e) => props.onDraft(e.currentTarget.value.trim() !== '')}
      />
      <FormMessage message={form.message()} />
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={form.pending() || !props.open} onClick={() => setDecision('approve')}>
          <span aria-hidden="true">✓ </span>
          {t('approvals.approve')}
        </button>
        <button type="submit" class="button button--danger-ghost" disabled={form.pending() || !props.open} onClick={() => setDecision('request_changes')}>
          <span aria-hidden="true">✗ </span>
          {t('approvals.requestChanges')}
        </button>
      </div>
    </form>
  );
}
