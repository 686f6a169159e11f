import { createSignal, Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';

/**
 * A destructive action in two steps, without a modal: the first press asks, the second does it.
 * Focus moves to the confirm button so keyboard users can answer at once.
 */
export default function ConfirmButton(props: { label: string; confirmLabel: string; question: string; onConfirm: () => Promise<void> | void; disabled?: boolean }) {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  async function confirm() {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <Show
      when={asking()}
      fallback={
        <button
          type="button"
          class="button button--danger-ghost button--small"
          disabled={props.disabled}
          onClick={() => setAsking(true)}
        >
          {props.label}
        </button>
      }
    >
      <span class="confirm" role="group" aria-label={props.question}>
        <span class="confirm-question">{props.question}</span>
        <button ref={(el) => queueMicrotask(() => el.focus())} type="button" class="button button--danger button--small" disabled={busy()} onClick={confirm}>
          {props.confirmLabel}
        </button>
        <button type="button" class="button button--ghost button--small" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </button>
      </span>
    </Show>
  );
}
