import { useSearchParams } from '@solidjs/router';
import { For, Match, Show, Switch } from 'solid-js';
import { usePageTitle } from '~/components/page-title.ts';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { me } from '~/lib/session.ts';
import OrganizationsTab from './organizations-tab.tsx';
import ProjectsTab from './projects-tab.tsx';
import UsersTab from './users-tab.tsx';

const TABS = ['organizations', 'users', 'projects'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, MessageKey> = {
  organizations: 'admin.tab.organizations',
  users: 'admin.tab.users',
  projects: 'admin.tab.projects',
};

/** System administration: organizations, users, projects. Only administrators; the server checks again. */
export default function Admin() {
  usePageTitle(() => t('admin.title'));
  return (
    <Show when={me()?.isAdmin} fallback={<NoAccess />}>
      <AdminTabs />
    </Show>
  );
}

function NoAccess() {
  return (
    <section class="notice notice--warning" aria-labelledby="no-access-title">
      <h1 id="no-access-title">{t('admin.noAccessTitle')}</h1>
      <p>{t('admin.noAccessBody')}</p>
    </section>
  );
}

/** WAI-ARIA tabs: the chosen tab is in the address, so a reload or a shared link keeps it. */
function AdminTabs() {
  const [params, setParams] = useSearchParams<{ tab?: string; project?: string }>();
  const current = (): Tab => (TABS as readonly string[]).includes(params.tab ?? '') ? (params.tab as Tab) : 'organizations';
  const tabButtons: HTMLButtonElement[] = [];

  function select(tab: Tab, focus = false) {
    setParams({ tab, project: undefined });
    if (focus) tabButtons[TABS.indexOf(tab)]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const index = TABS.indexOf(current());
    const last = TABS.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    if (next < 0) return;
    event.preventDefault();
    select(TABS[next]!, true);
  }

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <div class="tabs" role="tablist" aria-labelledby="admin-title" onKeyDown={onKeyDown}>
        <For each={TABS}>
          {(tab, i) => (
            <button
              ref={(el) => (tabButtons[i()] = el)}
              type="button"
              role="tab"
              id={`tab-${tab}`}
              class="tab"
              aria-selected={current() === tab}
              aria-controls={current() === tab ? `panel-${tab}` : undefined}
              tabindex={current() === tab ? 0 : -1}
              onClick={() => select(tab)}
            >
              {t(TAB_LABELS[tab])}
            </button>
          )}
        </For>
      </div>
      <div class="tab-panel" role="tabpanel" id={`panel-${current()}`} aria-labelledby={`tab-${current()}`}>
        <Switch>
          <Match when={current() === 'organizations'}>
            <OrganizationsTab />
          </Match>
          <Match when={current() === 'users'}>
            <UsersTab />
          </Match>
          <Match when={current() === 'projects'}>
            <ProjectsTab />
          </Match>
        </Switch>
      </div>
    </section>
  );
}
