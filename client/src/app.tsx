import { useLocation, type RouteSectionProps } from '@solidjs/router';
import { createEffect, on, onCleanup, Show, Suspense } from 'solid-js';
import AppHeader from '~/components/app-header.tsx';
import Loading from '~/components/loading.tsx';
import { t } from '~/i18n/i18n.ts';
import { sessionChecked } from '~/lib/session.ts';

/**
 * After moving to another page, focus goes to its heading, so screen-reader and keyboard users
 * start there instead of wherever the old page left them. The heading may wait for data: look for
 * it for up to a second.
 */
function useFocusHeadingOnNavigation() {
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => {
        let tries = 0;
        const timer = setInterval(() => {
          const heading = document.querySelector<HTMLElement>('main h1');
          if (heading || ++tries > 20) {
            clearInterval(timer);
            if (heading && !heading.contains(document.activeElement)) {
              heading.tabIndex = -1;
              heading.focus({ preventScroll: false });
            }
          }
        }, 50);
        onCleanup(() => clearInterval(timer));
      },
      { defer: true },
    ),
  );
}

/** The frame around every page: skip link, header, and the page itself once we know who is here. */
export default function App(props: RouteSectionProps) {
  useFocusHeadingOnNavigation();
  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" class="page" tabindex="-1">
        <Show when={sessionChecked()} fallback={<Loading />}>
          <Suspense fallback={<Loading />}>{props.children}</Suspense>
        </Show>
      </main>
    </>
  );
}
