import { A, useLocation } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { idOf } from '~/pages/plan/plan-data.ts';

/** Inside a project, the navigation links to its action plan and to the person's own work in it. */
export default function PlanNavItems() {
  const location = useLocation();
  const projectId = () => idOf(/^\/projects\/([^/]+)/.exec(location.pathname)?.[1]);
  return (
    <Show when={projectId()}>
      {(id) => (
        <>
          <li>
            <A href={`/projects/${id()}/plan`} activeClass="nav-link--active" class="nav-link">
              {t('nav.plan')}
            </A>
          </li>
          <li>
            <A href={`/projects/${id()}/timeline`} activeClass="nav-link--active" class="nav-link">
              {t('nav.timeline')}
            </A>
          </li>
          <li>
            <A href={`/projects/${id()}/my-work`} activeClass="nav-link--active" class="nav-link">
              {t('nav.myWork')}
            </A>
          </li>
        </>
      )}
    </Show>
  );
}
