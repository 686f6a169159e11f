import { A, useLocation } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { approvalsRevision } from '~/lib/approvals-count.ts';
import { useProjectRevision } from '~/lib/live.ts';
import { trpc } from '~/lib/trpc.ts';

/**
 * The navigation link to a project's Approvals inbox with how many rounds wait for the
 * person's organization. Fetched again on every move, whenever a screen reports a change, and when
 * a partner changes something in the project (the header holds the tab's live stream).
 */
export default function ApprovalsNavItem(props: { projectId: number }) {
  const location = useLocation();
  const liveRevision = useProjectRevision(() => props.projectId);
  const [count] = createResource(
    () => ({ id: props.projectId, path: location.pathname, revision: approvalsRevision(), live: liveRevision() }),
    // The badge is a hint: if it cannot be loaded (not a member, offline) it simply stays away.
    ({ id }) =>
      trpc.approvals.waitingCount
        .query({ projectId: id })
        .then((r) => r.count)
        .catch(() => 0),
  );
  return (
    <li>
      <A href={`/projects/${props.projectId}/approvals`} activeClass="nav-link--active" class="nav-link">
        {t('nav.approvals')}
        <Show when={count.latest}>
          {(n) => (
            <span class="nav-count">
              {n()}
              <span class="visually-hidden"> {t('nav.approvalsWaiting')}</span>
            </span>
          )}
        </Show>
      </A>
    </li>
  );
}
