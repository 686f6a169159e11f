import { A } from '@solidjs/router';
import { onMount, Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { sessionEnded } from '~/lib/session.ts';
import { describeError } from '~/lib/trpc.ts';

/**
 * What an <ErrorBoundary> shows when a page's data could not be loaded. A lost session sends the
 * person to log in again (and back here afterwards); anything else says what happened and offers a retry.
 */
export default function LoadError(props: { error: unknown; retry: () => void }) {
  // Recomputed on read, so the message follows a language switch.
  const described = () => describeError(props.error);
  onMount(() => {
    if (described().code === 'UNAUTHORIZED') sessionEnded();
  });
  return (
    <section class="notice notice--error" role="alert">
      <h2>{t('error.loadTitle')}</h2>
      <p>{described().message}</p>
      <div class="actions">
        <button type="button" class="button" onClick={() => props.retry()}>
          {t('common.retry')}
        </button>
        <Show when={described().code !== 'UNAUTHORIZED'}>
          <A href="/projects" class="button button--secondary">
            {t('nav.backToProjects')}
          </A>
        </Show>
      </div>
    </section>
  );
}
