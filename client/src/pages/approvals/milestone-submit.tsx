import { createSignal } from 'solid-js';
import { FormMessage, TextAreaField } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import { describeError, trpc } from '~/lib/trpc.ts';

/**
 * A coordinator sends a milestone to its sign-off organizations. Shown when no round is open:
 * the engine snapshots the milestone and its tasks at this moment.
 */
export default function MilestoneSubmit(props: { projectId: number; milestoneId: number; onSubmitted: (text: string) => void }) {
  const [message, setMessage] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await trpc.approvals.submit.mutate({ projectId: props.projectId, kind: 'milestone', subjectId: props.milestoneId, message: message() });
      setMessage('');
      props.onSubmitted(t('milestone.submitted'));
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card milestone-submit" onSubmit={submit} aria-labelledby="milestone-submit-title">
      <h2 id="milestone-submit-title">{t('milestone.submitTitle')}</h2>
      <p class="muted">{t('milestone.submitHint')}</p>
      <TextAreaField label={t('milestone.submitMessage')} name="message" rows={3} maxLength={2000} value={message()} onInput={(e) => setMessage(e.currentTarget.value)} />
      <FormMessage message={error()} kind="error" />
      <button type="submit" class="button" disabled={busy()}>
        {t('milestone.submit')}
      </button>
    </form>
  );
}
