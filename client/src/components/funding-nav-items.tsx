import { A, useLocation } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { projectIdOf } from '~/lib/project-id.ts';

/** Inside a project, the navigation links to its funding estimate and its leadership dashboard. */
export default function FundingNavItems() {
  const location = useLocation();
  const projectId = () => projectIdOf(/^\/projects\/([^/]+)/.exec(location.pathname)?.[1]);
  return (
    <Show when={projectId()}>
      {(id) => (
        <>
          <li>
            <A href={`/projects/${id()}/funding`} activeClass="nav-link--active" class="nav-link">
              {t('nav.funding')}
            </A>
          </li>
          <li>
            <A href={`/projects/${id()}/dashboard`} activeClass="nav-link--active" class="nav-link">
              {t('nav.dashboard')}
            </A>
          </li>
        </>
      )}
    </Show>
  );
}
