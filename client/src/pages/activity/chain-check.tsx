import { createSignal, Match, Show, Switch } from 'solid-js';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { describeError, trpc } from '~/lib/trpc.ts';

type Report = Awaited<ReturnType<typeof trpc.activity.verifyChain.query>>;

const PROBLEMS: Record<Extract<Report, { ok: false }>['problem'], MessageKey> = {
  missing: 'activity.verify.problem.missing',
  link: 'activity.verify.problem.link',
  content: 'activity.verify.problem.content',
  truncated: 'activity.verify.problem.truncated',
};

/**
 * For administrators: the result of `npm run audit:verify` on demand. It reads every event of
 * every project (seconds on a large log), so it never runs by itself on page load.
 */
export default function ChainCheck() {
  const [report, setReport] = createSignal<Report>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await trpc.activity.verifyChain.query());
    } catch (failure) {
      setError(describeError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel chain-check" aria-labelledby="chain-check-title">
      <h2 id="chain-check-title">{t('activity.verify.title')}</h2>
      <p class="muted">{t('activity.verify.intro')}</p>
      <div class="actions">
        <button type="button" class="button button--secondary" disabled={busy()} onClick={() => void run()}>
          {busy() ? t('activity.verify.running') : t('activity.verify.run')}
        </button>
      </div>
      <div aria-live="polite">
        <Show when={error()}>
          <p class="notice notice--error">{error()}</p>
        </Show>
        <Show when={!busy() && report()}>
          {(r) => (
            <Switch>
              <Match when={r().ok}>
                <p class="notice notice--success chain-check-result">{t('activity.verify.ok', { events: r().events })}</p>
              </Match>
              <Match when={!r().ok && (r() as Extract<Report, { ok: false }>)}>
                {(broken) => (
                  <p class="notice notice--error chain-check-result">
                    {t('activity.verify.broken', { brokenAt: broken().brokenAt, events: broken().events, problem: t(PROBLEMS[broken().problem]) })}
                  </p>
                )}
              </Match>
            </Switch>
          )}
        </Show>
      </div>
    </section>
  );
}
