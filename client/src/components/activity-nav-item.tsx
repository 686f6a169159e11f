import { A, useLocation } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { projectIdOf } from '~/lib/project-id.ts';

/** Inside a project, the navigation links to its activity stream. */
export default function ActivityNavItem() {
  const location = useLocation();
  const projectId = () => projectIdOf(/^\/projects\/([^/]+)/.exec(location.pathname)?.[1]);
  return (
    <Show when={projectId()}>
      {(id) => (
        <li>
          <A href={`/projects/${id()}/activity`} activeClass="nav-link--active" class="nav-link">
            {t('nav.activity')}
          </A>
        </li>
      )}
    </Show>
  );
}
