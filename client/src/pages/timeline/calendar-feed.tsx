import { createResource, createSignal, Show } from 'solid-js';
import { dateTime, t } from '~/i18n/i18n.ts';
import { describeError, trpc } from '~/lib/trpc.ts';

/**
 * The person's own calendar feed (.ics): make or remake its secret link and copy it once. The link
 * is never shown again; remaking it stops the old one.
 */
export default function CalendarFeed() {
  const [status, { refetch }] = createResource(() => trpc.calendar.feed.query());
  const [url, setUrl] = createSignal<string>();
  const [pending, setPending] = createSignal(false);
  const [message, setMessage] = createSignal<{ kind: 'success' | 'error'; text: string }>();

  async function regenerate() {
    if (pending()) return;
    if (status.latest?.hasFeed && !window.confirm(t('calendarFeed.confirmRegenerate'))) return;
    setPending(true);
    setMessage(undefined);
    try {
      const made = await trpc.calendar.regenerate.mutate();
      setUrl(made.url);
      void refetch();
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(error).message });
    } finally {
      setPending(false);
    }
  }

  async function copy() {
    const link = url();
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setMessage({ kind: 'success', text: t('calendarFeed.copied') });
    } catch {
      setMessage({ kind: 'error', text: t('calendarFeed.copyFailed') });
    }
  }

  return (
    <details class="panel disclosure calendar-feed">
      <summary>
        <h2>{t('calendarFeed.title')}</h2>
      </summary>
      <p>{t('calendarFeed.intro')}</p>
      <Show when={status.latest}>
        {(s) => <p class="muted">{s().hasFeed && s().createdAt ? t('calendarFeed.since', { when: dateTime(s().createdAt!) }) : t('calendarFeed.none')}</p>}
      </Show>
      <Show when={status.latest?.hasFeed}>
        <p class="notice notice--warning">{t('calendarFeed.warning')}</p>
      </Show>
      <Show when={url()}>
        {(link) => (
          <div class="field calendar-feed-url">
            <label for="calendar-feed-url">{t('calendarFeed.url')}</label>
            <div class="actions">
              <input id="calendar-feed-url" type="text" readonly value={link()} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" class="button button--secondary button--small" onClick={() => void copy()}>
                {t('calendarFeed.copy')}
              </button>
            </div>
            <p class="field-hint">{t('calendarFeed.onlyOnce')}</p>
          </div>
        )}
      </Show>
      <Show when={message()}>
        {(m) => (
          <p class={`notice notice--${m().kind}`} role={m().kind === 'error' ? 'alert' : 'status'}>
            {m().text}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <button type="button" class="button button--primary button--small" disabled={pending()} onClick={() => void regenerate()}>
          {status.latest?.hasFeed ? t('calendarFeed.regenerate') : t('calendarFeed.create')}
        </button>
      </div>
    </details>
  );
}
