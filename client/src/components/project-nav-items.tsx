import { A, useLocation } from '@solidjs/router';
import { Show } from 'solid-js';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { projectIdOf } from '~/lib/project-id.ts';
import ApprovalsNavItem from './approvals-nav-item.tsx';

/** A page of the project, by the path under /projects/:id/ and its name in the navigation. */
const BEFORE_APPROVALS: [string, MessageKey][] = [
  ['plan', 'nav.plan'],
  ['timeline', 'nav.timeline'],
  ['my-work', 'nav.myWork'],
];
const AFTER_APPROVALS: [string, MessageKey][] = [
  ['funding', 'nav.funding'],
  ['dashboard', 'nav.dashboard'],
  ['activity', 'nav.activity'],
];

/** Inside a project, the navigation links to its pages; Approvals with how many rounds wait for us. */
export default function ProjectNavItems() {
  const location = useLocation();
  const projectId = () => projectIdOf(/^\/projects\/([^/]+)/.exec(location.pathname)?.[1]);
  const link = (id: number, [path, label]: [string, MessageKey]) => (
    <li>
      <A href={`/projects/${id}/${path}`} activeClass="nav-link--active" class="nav-link">
        {t(label)}
      </A>
    </li>
  );
  return (
    <Show when={projectId()}>
      {(id) => (
        <>
          {BEFORE_APPROVALS.map((page) => link(id(), page))}
          <ApprovalsNavItem projectId={id()} />
          {AFTER_APPROVALS.map((page) => link(id(), page))}
        </>
      )}
    </Show>
  );
}
