import { A } from '@solidjs/router';
import { usePageTitle } from '~/components/page-title.ts';
import { t } from '~/i18n/i18n.ts';
import { me } from '~/lib/session.ts';

/** An address that is no page of ours. */
export default function NotFound() {
  usePageTitle(() => t('notFound.title'));
  return (
    <section class="notice notice--warning not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <A href={me() ? '/projects' : '/login'} class="button button--primary">
          {me() ? t('nav.backToProjects') : t('login.title')}
        </A>
      </p>
    </section>
  );
}
