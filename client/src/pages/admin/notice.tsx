import { createSignal, Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';

export interface NoticeState {
  kind: 'success' | 'info' | 'error';
  text: string;
}

/** A tab's latest outcome ("Saved", "Someone else changed this"). */
export function createNotice() {
  const [notice, setNotice] = createSignal<NoticeState>();
  return {
    notice,
    success: (text: string) => setNotice({ kind: 'success', text }),
    /** Something others did that the person should know (their section was removed). */
    info: (text: string) => setNotice({ kind: 'info', text }),
    error: (text: string) => setNotice({ kind: 'error', text }),
    clear: () => setNotice(undefined),
  };
}

/** Always in the page, so screen readers announce what appears in it; errors interrupt, successes wait. */
export function Notice(props: { notice: NoticeState | undefined; onDismiss: () => void }) {
  return (
    <div class="live-region" aria-live={props.notice?.kind === 'error' ? 'assertive' : 'polite'} aria-atomic="true">
      <Show when={props.notice}>
        {(n) => (
          <div class={`notice notice--${n().kind} notice--dismissable`}>
            <p>{n().text}</p>
            <button type="button" class="button button--ghost button--small" aria-label={t('common.dismiss')} onClick={() => props.onDismiss()}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
        )}
      </Show>
    </div>
  );
}
