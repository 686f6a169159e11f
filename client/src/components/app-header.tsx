import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, on, Show } from 'solid-js';
import { pick, pickLang, t } from '~/i18n/i18n.ts';
import { logOut, me } from '~/lib/session.ts';
import { describeError } from '~/lib/trpc.ts';
import LanguageSwitch from './language-switch.tsx';
import NotificationBell from './notification-bell.tsx';
import ProjectNavItems from './project-nav-items.tsx';

/**
 * Product name, the screens that exist for this person, language, who is logged in, and logout.
 * Below 48rem the screens and the person fold into a menu button; the language stays in view.
 */
export default function AppHeader() {
  const [menuOpen, setMenuOpen] = createSignal(false);
  const [logoutError, setLogoutError] = createSignal<string>();
  const location = useLocation();
  const navigate = useNavigate();
  createEffect(on(() => location.pathname, () => setMenuOpen(false), { defer: true }));

  async function onLogout() {
    setLogoutError(undefined);
    try {
      await logOut();
      navigate('/login', { replace: true });
    } catch (error) {
      setLogoutError(describeError(error).message);
    }
  }

  let menuToggle: HTMLButtonElement | undefined;
  function onMenuKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !menuOpen()) return;
    setMenuOpen(false);
    menuToggle?.focus();
  }

  return (
    <header class="app-header" onKeyDown={onMenuKeyDown}>
      <div class="app-header-inner">
      <div class="app-header-bar">
        <A href={me() ? '/projects' : '/login'} class="brand" end>
          <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <circle cx="11" cy="16" r="6" />
            <circle cx="21" cy="16" r="6" />
          </svg>
          {t('app.name')}
        </A>
        <div class="app-header-tools">
          <Show when={me()}>
            <NotificationBell />
          </Show>
          <LanguageSwitch />
          <Show when={me()}>
            <button
              ref={menuToggle}
              type="button"
              class="menu-toggle"
              aria-expanded={menuOpen()}
              aria-controls="site-menu"
              onClick={() => setMenuOpen(!menuOpen())}
            >
              <span class="menu-toggle-icon" aria-hidden="true" />
              <span class="menu-toggle-label">{t('nav.menu')}</span>
            </button>
          </Show>
        </div>
      </div>
      <Show when={me()}>
        {(user) => (
          <div id="site-menu" class="site-menu" classList={{ 'site-menu--open': menuOpen() }}>
            <nav aria-label={t('nav.label')}>
              <ul class="nav-list">
                <li>
                  <A href="/projects" activeClass="nav-link--active" class="nav-link" end>
                    {t('nav.projects')}
                  </A>
                </li>
                <ProjectNavItems />
                <Show when={user().isAdmin}>
                  <li>
                    <A href="/admin" activeClass="nav-link--active" class="nav-link">
                      {t('nav.admin')}
                    </A>
                  </li>
                </Show>
              </ul>
            </nav>
            <div class="user-box">
              <p class="user-name">
                <span class="visually-hidden">{t('nav.loggedInAs')} </span>
                {user().displayName}
                <span class="user-org" title={pick(user().organization.nameVi, user().organization.nameEn)}>
                  <span class="visually-hidden">
                    {' '}
                    (<span lang={pickLang(user().organization.nameVi, user().organization.nameEn)}>
                      {pick(user().organization.nameVi, user().organization.nameEn)}
                    </span>)
                  </span>
                  <span aria-hidden="true">{user().organization.code}</span>
                </span>
              </p>
              <A href="/settings/notifications" class="button button--ghost logout settings-link" title={t('emailSettings.link')}>
                <svg class="settings-icon" viewBox="0 0 24 24" aria-hidden="true">
                  <path d="M4 7h9M19 7h1M4 17h3M13 17h7" />
                  <circle cx="16" cy="7" r="2.5" />
                  <circle cx="10" cy="17" r="2.5" />
                </svg>
                <span class="settings-link-text">{t('emailSettings.link')}</span>
              </A>
              <button type="button" class="button button--ghost logout" onClick={onLogout}>
                {t('nav.logout')}
              </button>
            </div>
            <Show when={logoutError()}>
              <p class="header-error" role="alert">
                {logoutError()}
              </p>
            </Show>
          </div>
        )}
      </Show>
      </div>
    </header>
  );
}
