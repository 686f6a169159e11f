import { createResource, createSignal, createUniqueId, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import { CheckboxField, SelectField, TextField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { pick, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { me } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { localeOptions, PASSWORD_MIN, type AdminOrganization, type AdminUser } from './admin-data.ts';
import ConfirmButton from './confirm-button.tsx';
import FormPanel, { EditRow } from './form-panel.tsx';
import { createNotice, Notice } from './notice.tsx';

type Panel = { userId: number; kind: 'edit' | 'password' };

export default function UsersTab() {
  const notice = createNotice();
  const [users, { mutate, refetch }] = createResource(() => trpc.admin.users.list.query());
  const [organizations] = createResource(() => trpc.admin.organizations.list.query());
  const [creating, setCreating] = createSignal(false);
  const [panel, setPanel] = createSignal<Panel>();
  const [filter, setFilter] = createSignal('');
  const filterId = createUniqueId();

  // A plain function, not a memo: it reads the list inside the table's own Suspense boundary.
  const shown = () => {
    const words = filter().trim().toLocaleLowerCase('vi').normalize('NFC');
    const list = users() ?? [];
    if (!words) return list;
    return list.filter((u) =>
      [u.displayName, u.email, u.organization.code, u.organization.nameVi, u.organization.nameEn].some((s) =>
        s.toLocaleLowerCase('vi').normalize('NFC').includes(words),
      ),
    );
  };

  function replace(row: AdminUser) {
    mutate((list) => list?.map((u) => (u.id === row.id ? row : u)));
  }

  function onStale(current: unknown) {
    notice.error(t('error.stale_version'));
    if (isUser(current)) replace(current);
    // No current copy in the refusal: reload in a transition, keeping the table on screen meanwhile.
    else void startTransition(() => void refetch());
  }

  const isOpen = (userId: number, kind: Panel['kind']) => panel()?.userId === userId && panel()?.kind === kind;
  const toggle = (userId: number, kind: Panel['kind']) => setPanel(isOpen(userId, kind) ? undefined : { userId, kind });

  async function setActive(user: AdminUser, active: boolean) {
    notice.clear();
    try {
      const saved = await trpc.admin.users.setActive.mutate({ id: user.id, version: user.version, active });
      replace(saved);
      notice.success(t(active ? 'admin.users.reactivated' : 'admin.users.deactivated', { name: saved.displayName }));
    } catch (error) {
      const described = describeError(error);
      if (described.reason === 'stale_version') onStale(described.current);
      else notice.error(described.message);
    }
  }

  return (
    <div class="admin-tab">
      <div class="tab-toolbar">
        <h2>{t('admin.tab.users')}</h2>
        <button type="button" class="button button--primary" aria-expanded={creating()} onClick={() => setCreating(!creating())}>
          {t('admin.users.new')}
        </button>
      </div>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <Show when={creating()}>
        <Suspense fallback={<Loading />}>
          <UserForm
          organizations={organizations() ?? []}
          onSaved={(user) => {
            mutate((list) => [...(list ?? []), user]);
            setCreating(false);
            notice.success(t('admin.users.created', { name: user.displayName, email: user.email }));
          }}
          onCancel={() => setCreating(false)}
          />
        </Suspense>
      </Show>
      <div class="filter">
        <label for={filterId}>{t('admin.users.filter')}</label>
        <input id={filterId} type="search" value={filter()} onInput={(e) => setFilter(e.currentTarget.value)} autocomplete="off" />
      </div>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <Show when={users()}>
            <p class="muted" aria-live="polite">
              {t('admin.users.count', { shown: shown().length, total: users()!.length })}
            </p>
          </Show>
          <table class="table table--stack">
            <caption class="visually-hidden">{t('admin.tab.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('user.name')}</th>
                <th scope="col">{t('user.email')}</th>
                <th scope="col">{t('user.organization')}</th>
                <th scope="col">{t('user.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={shown()}>
                {(user) => (
                  <>
                    <tr classList={{ 'row--inactive': !user.active }}>
                      <th scope="row" data-label={t('user.name')}>
                        {user.displayName}
                        <Show when={user.id === me()?.id}>
                          <span class="muted"> ({t('admin.users.you')})</span>
                        </Show>
                      </th>
                      <td data-label={t('user.email')} class="email">
                        {user.email}
                      </td>
                      <td data-label={t('user.organization')}>
                        <span class="code" title={pick(user.organization.nameVi, user.organization.nameEn)}>
                          {user.organization.code}
                        </span>
                      </td>
                      <td data-label={t('user.status')}>
                        <span class="badge-row">
                          <span class={`badge ${user.active ? 'badge--ok' : 'badge--muted'}`}>
                            {user.active ? t('user.active') : t('user.inactive')}
                          </span>
                          <Show when={user.isAdmin}>
                            <span class="badge badge--admin">{t('user.admin')}</span>
                          </Show>
                          <span class="badge badge--plain" lang={user.locale} title={t('user.locale')}>
                            {user.locale.toUpperCase()}
                          </span>
                        </span>
                      </td>
                      <td class="row-actions">
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-expanded={isOpen(user.id, 'edit')}
                          onClick={() => toggle(user.id, 'edit')}
                        >
                          {t('common.edit')}
                          <span class="visually-hidden"> {user.displayName}</span>
                        </button>
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-expanded={isOpen(user.id, 'password')}
                          onClick={() => toggle(user.id, 'password')}
                        >
                          {t('admin.users.resetPassword')}
                          <span class="visually-hidden"> {user.displayName}</span>
                        </button>
                        <Show
                          when={user.active}
                          fallback={
                            <button type="button" class="button button--secondary button--small" onClick={() => setActive(user, true)}>
                              {t('admin.users.reactivate')}
                              <span class="visually-hidden"> {user.displayName}</span>
                            </button>
                          }
                        >
                          <ConfirmButton
                            label={t('admin.users.deactivate')}
                            confirmLabel={t('admin.users.deactivate')}
                            question={t('admin.users.deactivateQuestion', { name: user.displayName })}
                            disabled={user.id === me()?.id}
                            onConfirm={() => setActive(user, false)}
                          />
                        </Show>
                      </td>
                    </tr>
                    <Show when={isOpen(user.id, 'edit')}>
                      <EditRow columns={5}>
                        <UserForm
                          user={user}
                          organizations={organizations() ?? []}
                          onSaved={(saved) => {
                            replace(saved);
                            setPanel(undefined);
                            notice.success(t('admin.users.saved', { name: saved.displayName }));
                          }}
                          onStale={onStale}
                          onCancel={() => setPanel(undefined)}
                        />
                      </EditRow>
                    </Show>
                    <Show when={isOpen(user.id, 'password')}>
                      <EditRow columns={5}>
                        <PasswordResetForm
                          user={user}
                          onDone={() => {
                            setPanel(undefined);
                            notice.success(t('admin.users.passwordReset', { name: user.displayName }));
                          }}
                          onCancel={() => setPanel(undefined)}
                        />
                      </EditRow>
                    </Show>
                  </>
                )}
              </For>
            </tbody>
          </table>
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

function isUser(value: unknown): value is AdminUser {
  return typeof value === 'object' && value !== null && 'id' in value && 'version' in value && 'email' in value && 'organization' in value;
}

function organizationOptions(organizations: AdminOrganization[]) {
  return organizations.map((o) => ({ value: String(o.id), label: `${o.code} — ${pick(o.nameVi, o.nameEn)}` }));
}

/** Creates a person (with an initial password) or edits one; the email is the login and does not change. */
function UserForm(props: {
  user?: AdminUser;
  organizations: AdminOrganization[];
  onSaved: (user: AdminUser) => void;
  onStale?: (current: unknown) => void;
  onCancel: () => void;
}) {
  const submit = createSubmit({
    duplicateField: 'email',
    send: (data) => {
      const common = {
        displayName: textOf(data, 'displayName'),
        organizationId: Number(textOf(data, 'organizationId')),
        locale: textOf(data, 'locale') === 'en' ? ('en' as const) : ('vi' as const),
        isAdmin: data.get('isAdmin') === 'on',
      };
      const user = props.user;
      return user
        ? trpc.admin.users.update.mutate({ id: user.id, version: user.version, ...common })
        : trpc.admin.users.create.mutate({ ...common, email: textOf(data, 'email'), password: textOf(data, 'password') });
    },
    onDone: (user) => props.onSaved(user),
    onFailed: (error) => {
      if (error.reason === 'stale_version') props.onStale?.(error.current);
    },
  });
  return (
    <FormPanel
      id={`user-form-${props.user?.id ?? 'new'}`}
      title={props.user ? t('admin.users.editTitle', { name: props.user.displayName }) : t('admin.users.newTitle')}
      submit={submit}
      submitLabel={props.user ? t('common.save') : t('admin.users.create')}
      focus="input:not([readonly])"
      onCancel={props.onCancel}
    >
      <div class="form-grid">
        <Show
          when={props.user}
          fallback={
            <TextField
              label={t('user.email')}
              name="email"
              type="email"
              required
              maxLength={320}
              autocomplete="off"
              spellcheck={false}
              error={submit.fieldErrors().email}
            />
          }
        >
          {(user) => <TextField label={t('user.email')} name="email-readonly" type="email" readonly value={user().email} hint={t('admin.users.emailFixed')} />}
        </Show>
        <TextField
          label={t('user.name')}
          name="displayName"
          required
          maxLength={120}
          autocomplete="off"
          value={props.user?.displayName ?? ''}
          error={submit.fieldErrors().displayName}
        />
        <SelectField
          label={t('user.organization')}
          name="organizationId"
          required
          placeholder={t('form.choose')}
          options={organizationOptions(props.organizations)}
          value={props.user ? String(props.user.organization.id) : ''}
          error={submit.fieldErrors().organizationId}
        />
        <SelectField
          label={t('user.locale')}
          name="locale"
          options={localeOptions()}
          value={props.user?.locale ?? 'vi'}
          error={submit.fieldErrors().locale}
        />
        <Show when={!props.user}>
          <TextField
            label={t('admin.users.initialPassword')}
            name="password"
            type="password"
            required
            minLength={PASSWORD_MIN}
            maxLength={256}
            autocomplete="new-password"
            hint={t('admin.users.passwordHint', { min: PASSWORD_MIN })}
            error={submit.fieldErrors().password}
          />
        </Show>
        <CheckboxField
          label={t('admin.users.isAdmin')}
          name="isAdmin"
          checked={props.user?.isAdmin ?? false}
          hint={t('admin.users.isAdminHint')}
          error={submit.fieldErrors().isAdmin}
        />
      </div>
    </FormPanel>
  );
}

/** Sets a new password; the server ends every session the person had. */
function PasswordResetForm(props: { user: AdminUser; onDone: () => void; onCancel: () => void }) {
  const submit = createSubmit({
    send: (data) => trpc.admin.users.resetPassword.mutate({ id: props.user.id, password: textOf(data, 'password') }),
    onDone: () => props.onDone(),
  });
  return (
    <FormPanel
      id={`password-form-${props.user.id}`}
      title={t('admin.users.resetTitle', { name: props.user.displayName })}
      submit={submit}
      submitLabel={t('admin.users.resetPassword')}
      focus="input"
      onCancel={props.onCancel}
    >
      <p class="muted">{t('admin.users.resetExplain')}</p>
      <TextField
        label={t('admin.users.newPassword')}
        name="password"
        type="password"
        required
        minLength={PASSWORD_MIN}
        maxLength={256}
        autocomplete="new-password"
        hint={t('admin.users.passwordHint', { min: PASSWORD_MIN })}
        error={submit.fieldErrors().password ?? submit.fieldErrors()['']}
      />
    </FormPanel>
  );
}
