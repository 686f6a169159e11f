import { createResource, createSignal, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { dateTime, t } from '~/i18n/i18n.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import ConfirmButton from './confirm-button.tsx';
import { createNotice, Notice } from './notice.tsx';
import './email-tab.css';

type DeliveryPage = Awaited<ReturnType<typeof trpc.admin.emailDelivery.list.query>>;
type OutboxMessage = DeliveryPage['messages'][number];

const PAGE_SIZE = 25;
const MINUTE = 60_000;

/** How long the oldest message has waited, in the largest unit that reads well. */
function age(ms: number): string {
  if (ms < MINUTE) return t('admin.email.age.underMinute');
  if (ms < 60 * MINUTE) return t('admin.email.age.minutes', { count: Math.floor(ms / MINUTE) });
  if (ms < 48 * 60 * MINUTE) return t('admin.email.age.hours', { count: Math.floor(ms / (60 * MINUTE)) });
  return t('admin.email.age.days', { count: Math.floor(ms / (24 * 60 * MINUTE)) });
}

/**
 * E-mail delivery: whether the server sends, how much waits, and the messages the sender gave up on
 * (or is still retrying), which an administrator may put back in the queue.
 */
export default function EmailTab() {
  const notice = createNotice();
  const [summary, { refetch: refetchSummary }] = createResource(() => trpc.admin.emailDelivery.summary.query());
  // The first page is a resource (Suspense, errors); "Load more" appends the next pages to it.
  const [firstPage, { refetch: refetchFirst }] = createResource(() => trpc.admin.emailDelivery.list.query({ limit: PAGE_SIZE }));
  const [more, setMore] = createSignal<DeliveryPage[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [busy, setBusy] = createSignal<number>();

  const messages = (): OutboxMessage[] => [...(firstPage()?.messages ?? []), ...more().flatMap((p) => p.messages)];
  const nextCursor = () => (more().at(-1) ?? firstPage())?.nextCursor ?? null;

  async function loadMore() {
    const cursor = nextCursor();
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await trpc.admin.emailDelivery.list.query({ limit: PAGE_SIZE, cursor });
      setMore((pages) => [...pages, page]);
    } catch (error) {
      notice.error(describeError(error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  /** After a retry the list starts again from the newest: retried messages leave it. */
  function reload() {
    void startTransition(() => {
      setMore([]);
      void refetchFirst();
      void refetchSummary();
    });
  }

  async function retry(message: OutboxMessage) {
    notice.clear();
    setBusy(message.id);
    try {
      await trpc.admin.emailDelivery.retry.mutate({ ids: [message.id] });
      notice.success(t('admin.email.retried', { recipient: message.recipient }));
    } catch (error) {
      notice.error(describeError(error).message);
    } finally {
      setBusy(undefined);
      reload();
    }
  }

  async function retryAll() {
    notice.clear();
    try {
      const { count } = await trpc.admin.emailDelivery.retryAllFailed.mutate();
      notice.success(t('admin.email.retriedAll', { count }));
    } catch (error) {
      notice.error(describeError(error).message);
    } finally {
      reload();
    }
  }

  return (
    <div class="admin-tab email-delivery">
      <div class="tab-toolbar">
        <h2>{t('admin.tab.email')}</h2>
        <ConfirmButton
          label={t('admin.email.retryAll')}
          confirmLabel={t('admin.email.retryAll')}
          question={t('admin.email.retryAllQuestion', { count: summary()?.failed ?? 0 })}
          disabled={!summary()?.failed}
          onConfirm={retryAll}
        />
      </div>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <ErrorBoundary fallback={(error, again) => <LoadError error={error} retry={again} />}>
        <Suspense fallback={<Loading />}>
          <Show when={summary()}>
            {(s) => (
              <section class="email-status" aria-labelledby="email-status-title">
                <h3 id="email-status-title" class="visually-hidden">
                  {t('admin.email.statusTitle')}
                </h3>
                <p class="email-status-line">
                  <span class={`badge ${s().sending ? 'badge--ok' : 'badge--muted'}`}>{s().sending ? t('admin.email.sendingOn') : t('admin.email.sendingOff')}</span>
                </p>
                <Show when={!s().sending}>
                  <p class="notice notice--warning">{t('admin.email.sendingOffExplain')}</p>
                </Show>
                <dl class="email-counts">
                  <div>
                    <dt>{t('admin.email.pending')}</dt>
                    <dd>{s().pending}</dd>
                  </div>
                  <div>
                    <dt>{t('admin.email.sentLastDay')}</dt>
                    <dd>{s().sentLastDay}</dd>
                  </div>
                  <div classList={{ 'email-counts--alert': s().failed > 0 }}>
                    <dt>{t('admin.email.failed')}</dt>
                    <dd>{s().failed}</dd>
                  </div>
                  <div>
                    <dt>{t('admin.email.oldestPending')}</dt>
                    <dd>{s().oldestPendingAgeMs === null ? '—' : age(s().oldestPendingAgeMs!)}</dd>
                  </div>
                </dl>
              </section>
            )}
          </Show>
          <h3>{t('admin.email.problemsTitle')}</h3>
          <Show when={firstPage()} fallback={<Loading />}>
            <Show when={messages().length > 0} fallback={<p class="empty-state">{t('admin.email.none')}</p>}>
              <table class="table table--stack email-table">
                <caption class="visually-hidden">{t('admin.email.problemsTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.email.recipient')}</th>
                    <th scope="col">{t('admin.email.subject')}</th>
                    <th scope="col" class="numeric">
                      {t('admin.email.attempts')}
                    </th>
                    <th scope="col">{t('admin.email.lastError')}</th>
                    <th scope="col">{t('admin.email.dates')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={messages()}>
                    {(m) => (
                      <tr>
                        <th scope="row" data-label={t('admin.email.recipient')}>
                          {m.recipientName ?? m.recipient}
                          <Show when={m.recipientName}>
                            <span class="cell-sub email">{m.recipient}</span>
                          </Show>
                        </th>
                        <td data-label={t('admin.email.subject')} class="email-subject">
                          {m.subject}
                        </td>
                        <td data-label={t('admin.email.attempts')} class="numeric">
                          {m.attempts}
                        </td>
                        <td data-label={t('admin.email.lastError')} class="email-error">
                          <code>{m.lastError ?? '—'}</code>
                        </td>
                        <td data-label={t('admin.email.dates')} class="email-dates">
                          <span class={`badge ${m.status === 'failed' ? 'badge--failed' : 'badge--muted'}`}>
                            {m.status === 'failed' ? t('admin.email.statusFailed') : t('admin.email.statusRetrying')}
                          </span>
                          <span class="cell-sub">{t('admin.email.createdAt', { at: dateTime(m.createdAt) })}</span>
                          <Show when={m.failedAt}>{(at) => <span class="cell-sub">{t('admin.email.failedAt', { at: dateTime(at()) })}</span>}</Show>
                          <Show when={m.nextAttemptAt}>{(at) => <span class="cell-sub">{t('admin.email.nextAttemptAt', { at: dateTime(at()) })}</span>}</Show>
                        </td>
                        <td class="row-actions">
                          <Show when={m.status === 'failed'}>
                            <button type="button" class="button button--secondary button--small" disabled={busy() === m.id} onClick={() => retry(m)}>
                              {t('admin.email.retry')}
                              <span class="visually-hidden"> {m.recipient}</span>
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={nextCursor() !== null}>
                <p class="load-more">
                  <button type="button" class="button button--secondary" disabled={loadingMore()} onClick={loadMore}>
                    {loadingMore() ? t('common.loading') : t('admin.email.loadMore')}
                  </button>
                </p>
              </Show>
            </Show>
          </Show>
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
