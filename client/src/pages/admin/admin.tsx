import { useSearchParams } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { usePageTitle } from '~/components/page-title.ts';
import Tabs from '~/components/tabs.tsx';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { me } from '~/lib/session.ts';
import EmailTab from './email-tab.tsx';
import OrganizationsTab from './organizations-tab.tsx';
import ProjectsTab from './projects-tab.tsx';
import UsersTab from './users-tab.tsx';

const TABS = ['organizations', 'users', 'projects', 'email'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, MessageKey> = {
  organizations: 'admin.tab.organizations',
  users: 'admin.tab.users',
  projects: 'admin.tab.projects',
  email: 'admin.tab.email',
};

/** System administration: organizations, users, projects, e-mail delivery. Only administrators; the server checks again. */
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

/** The chosen tab is in the address, so a reload or a shared link keeps it. */
function AdminTabs() {
  const [params, setParams] = useSearchParams<{ tab?: string; project?: string }>();
  const current = (): Tab => (TABS as readonly string[]).includes(params.tab ?? '') ? (params.tab as Tab) : 'organizations';

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <Tabs tabs={TABS} labels={TAB_LABELS} current={current()} onSelect={(tab) => setParams({ tab, project: undefined })} labelledBy="admin-title">
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
          <Match when={current() === 'email'}>
            <EmailTab />
          </Match>
        </Switch>
      </Tabs>
    </section>
  );
}
