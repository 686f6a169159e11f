import { createAsync } from '@solidjs/router';
import { createSignal, ErrorBoundary, For, Show, Suspense } from 'solid-js';
import { CheckboxField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import type { NotificationKind } from '../../../../shared/notification-schemas.ts';
import type { EmailPreferences } from '../../../../shared/email-schemas.ts';
import './notification-settings.css';

const KIND_LABELS: Record<NotificationKind, MessageKey> = {
  assigned: 'emailSettings.kind.assigned',
  decision_requested: 'emailSettings.kind.decisionRequested',
  round_superseded: 'emailSettings.kind.roundSuperseded',
  round_closed: 'emailSettings.kind.roundClosed',
  assignment_declined: 'emailSettings.kind.assignmentDeclined',
  mentioned: 'emailSettings.kind.mentioned',
  due_soon: 'emailSettings.kind.dueSoon',
  overdue: 'emailSettings.kind.overdue',
};
// From the labels, not the shared list: that module builds zod schemas, whose eval probe the CSP refuses.
const KINDS = Object.keys(KIND_LABELS) as NotificationKind[];

/** The person's own choice of which notifications also come by e-mail (none until they choose). */
export default function NotificationSettings() {
  usePageTitle(() => t('emailSettings.title'));
  return (
    <section class="notification-settings" aria-labelledby="notification-settings-title">
      <h1 id="notification-settings-title">{t('emailSettings.title')}</h1>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <PreferencesForm />
        </Suspense>
      </ErrorBoundary>
    </section>
  );
}

function PreferencesForm() {
  const loaded = createAsync(() => trpc.notifications.emailPreferences.query());
  return <Show when={loaded()}>{(preferences) => <KindsForm initial={preferences()} />}</Show>;
}

function KindsForm(props: { initial: EmailPreferences }) {
  // The form starts from what was loaded, then holds its own state until saved.
  const [saved, setSaved] = createSignal(props.initial);
  const [chosen, setChosen] = createSignal(new Set(props.initial.kinds));
  const [pending, setPending] = createSignal(false);
  const [message, setMessage] = createSignal<{ kind: 'success' | 'error'; text: string }>();

  function toggle(kind: NotificationKind, on: boolean) {
    const next = new Set(chosen());
    if (on) next.add(kind);
    else next.delete(kind);
    setChosen(next);
    setMessage(undefined);
  }

  async function save(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    setPending(true);
    setMessage(undefined);
    try {
      const result = await trpc.notifications.setEmailPreferences.mutate({ kinds: KINDS.filter((kind) => chosen().has(kind)) });
      setSaved(result);
      setChosen(new Set(result.kinds));
      setMessage({ kind: 'success', text: t('emailSettings.saved') });
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(error).message });
    } finally {
      setPending(false);
    }
  }

  return (
    <form class="panel" onSubmit={(event) => void save(event)}>
      <p>{t('emailSettings.intro', { address: saved().address })}</p>
      <Show when={!saved().delivery}>
        <p class="notice notice--info">{t('emailSettings.noDelivery')}</p>
      </Show>
      <fieldset class="email-kinds">
        <legend>{t('emailSettings.legend')}</legend>
        <For each={KINDS}>
          {(kind) => (
            <CheckboxField
              label={t(KIND_LABELS[kind])}
              name={kind}
              checked={chosen().has(kind)}
              onChange={(event) => toggle(kind, event.currentTarget.checked)}
            />
          )}
        </For>
      </fieldset>
      <Show when={message()}>
        {(m) => (
          <p class={`notice notice--${m().kind}`} role={m().kind === 'error' ? 'alert' : 'status'}>
            {m().text}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={pending()}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
