import { A, useLocation } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { dateTime, t } from '~/i18n/i18n.ts';
import { useProjectRevision } from '~/lib/live.ts';
import { projectIdOf } from '~/lib/project-id.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { notificationHref, notificationSentence, type NotificationItem } from './notification-words.ts';
import './notification-bell.css';

/** A notification with no live event behind it (the due scan) shows up within this long. */
const POLL_MS = 60_000;

/**
 * The bell: how many of my notifications are unread, and a panel listing them. The count is fetched
 * again when anything happens in the project on screen (its live stream, already open for the page),
 * when the tab comes back into view, every minute, and after I read some. Simple and always what the
 * server says; no notification state is kept in the client.
 */
export default function NotificationBell() {
  const location = useLocation();
  const projectId = () => projectIdOf(/^\/projects\/([^/]+)/.exec(location.pathname)?.[1]);
  const liveRevision = useProjectRevision(projectId);
  const [tick, setTick] = createSignal(0);
  const again = () => setTick((n) => n + 1);
  const timer = setInterval(again, POLL_MS);
  const onVisible = () => document.visibilityState === 'visible' && again();
  window.addEventListener('focus', again);
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => {
    clearInterval(timer);
    window.removeEventListener('focus', again);
    document.removeEventListener('visibilitychange', onVisible);
  });

  // A hint like the approvals badge: when it cannot be loaded it shows nothing rather than an error.
  const [count] = createResource(
    () => ({ live: liveRevision(), tick: tick() }),
    () =>
      trpc.notifications.unreadCount
        .query()
        .then((r) => r.count)
        .catch(() => 0),
  );
  const unread = () => count.latest ?? 0;

  const [open, setOpen] = createSignal(false);
  const [items, setItems] = createSignal<NotificationItem[]>([]);
  const [cursor, setCursor] = createSignal<number | null>(null);
  const [loadError, setLoadError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);

  async function load(more: boolean) {
    setLoading(true);
    setLoadError(undefined);
    try {
      const page = await trpc.notifications.list.query({ cursor: more ? cursor() : null });
      setItems(more ? [...items(), ...page.items] : page.items);
      setCursor(page.nextCursor);
    } catch (error) {
      setLoadError(describeError(error).message);
    } finally {
      setLoading(false);
    }
  }
  // While the panel is open, a new count means new notifications: show them.
  createEffect(on([open, () => count.latest], ([isOpen]) => isOpen && void load(false)));
  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));

  let button: HTMLButtonElement | undefined;
  let wrapper: HTMLDivElement | undefined;
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button?.focus();
  };
  const onOutside = (event: MouseEvent) => {
    if (open() && wrapper && !wrapper.contains(event.target as Node)) close(false);
  };
  document.addEventListener('mousedown', onOutside);
  onCleanup(() => document.removeEventListener('mousedown', onOutside));

  async function markAllRead() {
    try {
      await trpc.notifications.markAllRead.mutate();
      again();
      setItems(items().map((n) => ({ ...n, read: true })));
    } catch (error) {
      setLoadError(describeError(error).message);
    }
  }

  function onFollow(n: NotificationItem) {
    // A link to the page already shown changes no address, so the panel is closed here too.
    setOpen(false);
    if (n.read) return;
    // Navigation goes ahead at once; the count follows when the mark is saved.
    void trpc.notifications.markRead.mutate({ ids: [n.id] }).then(again, () => {});
  }

  return (
    <div
      class="notification-bell"
      ref={wrapper}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open()) {
          event.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="bell-button"
        aria-expanded={open()}
        aria-controls={open() ? 'notification-panel' : undefined}
        aria-label={unread() > 0 ? t('notification.bellUnread', { count: unread() }) : t('notification.bell')}
        onClick={() => setOpen(!open())}
      >
        <svg class="bell-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 3a6 6 0 0 0-6 6v3.5L4.5 16h15L18 12.5V9a6 6 0 0 0-6-6Z" />
          <path d="M9.5 18.5a2.5 2.5 0 0 0 5 0" />
        </svg>
        <Show when={unread() > 0}>
          <span class="bell-count" aria-hidden="true">
            {unread() > 99 ? '99+' : unread()}
          </span>
        </Show>
      </button>
      <Show when={open()}>
        <section id="notification-panel" class="notification-panel" aria-labelledby="notification-panel-title">
          <div class="notification-panel-head">
            <h2 id="notification-panel-title">{t('notification.title')}</h2>
            <Show when={unread() > 0}>
              <button type="button" class="button button--ghost button--small" onClick={() => void markAllRead()}>
                {t('notification.markAllRead')}
              </button>
            </Show>
          </div>
          <Show when={loadError()}>
            <p class="notification-error" role="alert">
              {loadError()}{' '}
              <button type="button" class="button button--ghost button--small" onClick={() => void load(false)}>
                {t('common.retry')}
              </button>
            </p>
          </Show>
          <Show
            when={items().length > 0}
            fallback={
              <Show when={!loading() && !loadError()}>
                <p class="notification-empty">{t('notification.empty')}</p>
              </Show>
            }
          >
            <ul class="notification-list" role="list">
              <For each={items()}>
                {(n) => (
                  <li class="notification-item" classList={{ 'notification-item--unread': !n.read }}>
                    <A href={notificationHref(n)} class="notification-link" onClick={() => onFollow(n)}>
                      <Show when={!n.read}>
                        <span class="visually-hidden">{t('notification.unread')}: </span>
                      </Show>
                      <span class="notification-sentence">{notificationSentence(n)}</span>
                      <span class="notification-meta">
                        <span class="code">{n.projectCode}</span> · {dateTime(n.createdAt)}
                      </span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={cursor() !== null}>
            <button type="button" class="button button--ghost button--small notification-more" disabled={loading()} onClick={() => void load(true)}>
              {t('notification.more')}
            </button>
          </Show>
        </section>
      </Show>
    </div>
  );
}
