import { createResource, createSignal, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import { TextField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { trpc } from '~/lib/trpc.ts';
import { CODE_PATTERN, type AdminOrganization } from './admin-data.ts';
import FormPanel, { EditRow } from './form-panel.tsx';
import { createNotice, Notice } from './notice.tsx';

const byCode = (a: AdminOrganization, b: AdminOrganization) => a.code.localeCompare(b.code);

export default function OrganizationsTab() {
  const notice = createNotice();
  const [organizations, { mutate, refetch }] = createResource(() => trpc.admin.organizations.list.query());
  const [creating, setCreating] = createSignal(false);
  const [editingId, setEditingId] = createSignal<number>();

  /** Puts the server's copy of one organization in the list, keeping the other rows as they are. */
  function replace(row: AdminOrganization) {
    mutate((list) => list?.map((o) => (o.id === row.id ? row : o)));
  }

  function onStale(current: unknown) {
    notice.error(t('error.stale_version'));
    if (isOrganization(current)) replace(current);
    // No current copy in the refusal: reload in a transition, keeping the table on screen meanwhile.
    else void startTransition(() => void refetch());
  }

  return (
    <div class="admin-tab">
      <div class="tab-toolbar">
        <h2>{t('admin.tab.organizations')}</h2>
        <button type="button" class="button button--primary" aria-expanded={creating()} onClick={() => setCreating(!creating())}>
          {t('admin.organizations.new')}
        </button>
      </div>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <Show when={creating()}>
        <OrganizationForm
          onSaved={(org) => {
            mutate((list) => [...(list ?? []), org].sort(byCode));
            setCreating(false);
            notice.success(t('admin.organizations.created', { code: org.code }));
          }}
          onCancel={() => setCreating(false)}
        />
      </Show>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <table class="table table--stack">
            <caption class="visually-hidden">{t('admin.tab.organizations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('org.code')}</th>
                <th scope="col">{t('org.nameVi')}</th>
                <th scope="col">{t('org.nameEn')}</th>
                <th scope="col" class="numeric">{t('org.userCount')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={organizations()}>
                {(org) => (
                  <>
                    <tr>
                      <th scope="row" class="code" data-label={t('org.code')}>
                        {org.code}
                      </th>
                      <td data-label={t('org.nameVi')} lang="vi">
                        {org.nameVi}
                      </td>
                      <td data-label={t('org.nameEn')} lang="en">
                        {org.nameEn}
                      </td>
                      <td data-label={t('org.userCount')} class="numeric">
                        {org.userCount}
                      </td>
                      <td class="row-actions">
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-expanded={editingId() === org.id}
                          onClick={() => setEditingId(editingId() === org.id ? undefined : org.id)}
                        >
                          {t('common.edit')}
                          <span class="visually-hidden"> {org.code}</span>
                        </button>
                      </td>
                    </tr>
                    <Show when={editingId() === org.id}>
                      <EditRow columns={5}>
                        <OrganizationForm
                          organization={org}
                          onSaved={(saved) => {
                            replace(saved);
                            setEditingId(undefined);
                            notice.success(t('admin.organizations.saved', { code: saved.code }));
                          }}
                          onStale={onStale}
                          onCancel={() => setEditingId(undefined)}
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

function isOrganization(value: unknown): value is AdminOrganization {
  return typeof value === 'object' && value !== null && 'id' in value && 'version' in value && 'code' in value && 'nameVi' in value;
}

function OrganizationForm(props: {
  organization?: AdminOrganization;
  onSaved: (org: AdminOrganization) => void;
  onStale?: (current: unknown) => void;
  onCancel: () => void;
}) {
  const submit = createSubmit({
    duplicateField: 'code',
    send: (data) => {
      const input = { code: textOf(data, 'code'), nameVi: textOf(data, 'nameVi'), nameEn: textOf(data, 'nameEn') };
      const org = props.organization;
      return org
        ? trpc.admin.organizations.update.mutate({ id: org.id, version: org.version, ...input })
        : trpc.admin.organizations.create.mutate(input);
    },
    onDone: (org) => props.onSaved(org),
    onFailed: (error) => {
      if (error.reason === 'stale_version') props.onStale?.(error.current);
    },
  });
  return (
    <FormPanel
      id={`org-form-${props.organization?.id ?? 'new'}`}
      title={props.organization ? t('admin.organizations.editTitle', { code: props.organization.code }) : t('admin.organizations.newTitle')}
      submit={submit}
      submitLabel={props.organization ? t('common.save') : t('admin.organizations.create')}
      focus="input"
      onCancel={props.onCancel}
    >
      <div class="form-grid">
        <TextField
          label={t('org.code')}
          name="code"
          required
          maxLength={32}
          pattern={CODE_PATTERN}
          data-invalid-message="validation.code"
          autocapitalize="characters"
          spellcheck={false}
          hint={t('org.codeHint')}
          value={props.organization?.code ?? ''}
          error={submit.fieldErrors().code}
        />
        <TextField
          label={t('org.nameVi')}
          name="nameVi"
          lang="vi"
          required
          maxLength={200}
          value={props.organization?.nameVi ?? ''}
          error={submit.fieldErrors().nameVi}
        />
        <TextField
          label={t('org.nameEn')}
          name="nameEn"
          lang="en"
          required
          maxLength={200}
          value={props.organization?.nameEn ?? ''}
          error={submit.fieldErrors().nameEn}
        />
      </div>
    </FormPanel>
  );
}
