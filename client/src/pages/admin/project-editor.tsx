import { A } from '@solidjs/router';
import { createResource, ErrorBoundary, Show, startTransition, Suspense } from 'solid-js';
import { RoleBadge, type ProjectRole } from '~/components/badge.tsx';
import { SelectField, TextAreaField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { pick, pickLang, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { PROJECT_ROLES, roleOptions, type AdminOrganization, type AdminProject, type AdminUser } from './admin-data.ts';
import EditableSection from './editable-section.tsx';
import FormPanel from './form-panel.tsx';
import { createNotice, Notice } from './notice.tsx';
import ProjectForm from './project-form.tsx';

type Party = AdminProject['parties'][number];
type Member = AdminProject['members'][number];

/** One project's details, parties (with their part) and memberships (person and role). */
export default function ProjectEditor(props: { projectId: number; onClose: () => void }) {
  const notice = createNotice();
  const [project, { mutate, refetch }] = createResource(() => props.projectId, (id) => trpc.admin.projects.get.query({ id }));
  const [organizations] = createResource(() => trpc.admin.organizations.list.query());
  const [users] = createResource(() => trpc.admin.users.list.query());

  /** Reloads in a transition, so the page keeps showing the old values instead of a spinner. */
  const reload = () => startTransition(() => void refetch());

  async function saved(success: string) {
    notice.success(success);
    await reload();
  }

  /** Removals answer in the tab's notice; additions and edits answer in their own form. */
  async function remove(work: () => Promise<unknown>, success: string) {
    notice.clear();
    try {
      await work();
      await saved(success);
    } catch (error) {
      notice.error(describeError(error).message);
    }
  }

  return (
    <div class="admin-tab project-editor">
      <p>
        <button type="button" class="button button--ghost" onClick={() => props.onClose()}>
          <span aria-hidden="true">← </span>
          {t('admin.projects.backToList')}
        </button>
      </p>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <Show when={project()}>
            {(p) => (
              <>
                <div class="tab-toolbar">
                  <h2 lang={pickLang(p().nameVi, p().nameEn)}>
                    <span class="code">{p().code}</span> {pick(p().nameVi, p().nameEn)}
                  </h2>
                  <A href={`/projects/${p().id}`} class="button button--secondary button--small">
                    {t('admin.projects.viewOverview')}
                  </A>
                </div>
                <Notice notice={notice.notice()} onDismiss={notice.clear} />

                <ProjectForm
                  project={p()}
                  focusOnMount={false}
                  onSaved={(saved) => {
                    mutate((current) => current && { ...current, ...saved });
                    notice.success(t('admin.projects.saved', { code: saved.code }));
                  }}
                  onStale={(current) => {
                    notice.error(t('error.stale_version'));
                    if (typeof current === 'object' && current !== null && 'version' in current) {
                      mutate((now) => now && { ...now, ...(current as Partial<AdminProject>) });
                    } else void reload();
                  }}
                />

                <PartiesSection
                  project={p()}
                  organizations={organizations() ?? []}
                  onSet={(input, success) => trpc.admin.parties.set.mutate(input).then(() => saved(success))}
                  onRemove={(party) =>
                    remove(
                      () => trpc.admin.parties.remove.mutate({ projectId: p().id, organizationId: party.organization.id }),
                      t('admin.parties.removed', { code: party.organization.code }),
                    )
                  }
                />

                <MembersSection
                  project={p()}
                  users={users() ?? []}
                  onSet={(input, success) => trpc.admin.memberships.set.mutate(input).then(() => saved(success))}
                  onRemove={(member) =>
                    remove(
                      () => trpc.admin.memberships.remove.mutate({ projectId: p().id, userId: member.userId }),
                      t('admin.members.removed', { name: member.displayName }),
                    )
                  }
                />
              </>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

interface PartyInput {
  projectId: number;
  organizationId: number;
  partVi: string;
  partEn: string;
}

function PartiesSection(props: {
  project: AdminProject;
  organizations: AdminOrganization[];
  onSet: (input: PartyInput, success: string) => Promise<void>;
  onRemove: (party: Party) => Promise<void>;
}) {
  const candidates = () => props.organizations.filter((o) => !props.project.parties.some((p) => p.organization.id === o.id));
  return (
    <EditableSection
      id="parties"
      title={t('project.parties')}
      empty={t('project.noParties')}
      addLabel={t('admin.parties.add')}
      editLabel={t('admin.parties.editPart')}
      items={props.project.parties}
      key={(party) => party.organization.id}
      name={(party) => party.organization.code}
      removeQuestion={(party) => t('admin.parties.removeQuestion', { code: party.organization.code })}
      onRemove={props.onRemove}
      columns={[t('org.code'), t('admin.parties.partVi'), t('admin.parties.partEn')]}
      cells={(party) => (
        <>
          <th scope="row" data-label={t('org.code')}>
            <span class="code">{party.organization.code}</span>
            <span class="cell-sub" lang={pickLang(party.organization.nameVi, party.organization.nameEn)}>
              {pick(party.organization.nameVi, party.organization.nameEn)}
            </span>
          </th>
          <td data-label={t('admin.parties.partVi')} lang="vi">
            {party.partVi || '—'}
          </td>
          <td data-label={t('admin.parties.partEn')} lang="en">
            {party.partEn || '—'}
          </td>
        </>
      )}
      form={(party, close) => (
        <PartyForm
          projectId={props.project.id}
          party={party}
          organizations={party ? [] : candidates()}
          onSubmit={async (input, success) => {
            await props.onSet(input, success);
            close();
          }}
          onCancel={close}
        />
      )}
    />
  );
}

/** Adds an organization as a party with its part (vi and en), or edits the part of one. */
function PartyForm(props: {
  projectId: number;
  party?: Party;
  organizations: AdminOrganization[];
  onSubmit: (input: PartyInput, success: string) => Promise<void>;
  onCancel: () => void;
}) {
  const submit = createSubmit({
    send: async (data) => {
      const organizationId = props.party?.organization.id ?? Number(textOf(data, 'organizationId'));
      const code = props.party?.organization.code ?? props.organizations.find((o) => o.id === organizationId)?.code ?? '';
      await props.onSubmit(
        { projectId: props.projectId, organizationId, partVi: textOf(data, 'partVi'), partEn: textOf(data, 'partEn') },
        t(props.party ? 'admin.parties.saved' : 'admin.parties.added', { code }),
      );
    },
  });
  return (
    <FormPanel
      id={`party-form-${props.party?.organization.id ?? 'new'}`}
      heading="h4"
      title={props.party ? t('admin.parties.editTitle', { code: props.party.organization.code }) : t('admin.parties.addTitle')}
      submit={submit}
      submitLabel={props.party ? t('common.save') : t('admin.parties.add')}
      focus="select, textarea"
      onCancel={props.onCancel}
    >
      <div class="form-grid">
        <Show when={!props.party}>
          <SelectField
            label={t('admin.parties.organization')}
            name="organizationId"
            required
            class="field--wide"
            placeholder={t('form.choose')}
            options={props.organizations.map((o) => ({ value: String(o.id), label: `${o.code} — ${pick(o.nameVi, o.nameEn)}` }))}
            hint={props.organizations.length === 0 ? t('admin.parties.noCandidates') : undefined}
            error={submit.fieldErrors().organizationId}
          />
        </Show>
        <TextAreaField
          label={t('admin.parties.partVi')}
          name="partVi"
          lang="vi"
          maxLength={1000}
          rows={3}
          value={props.party?.partVi ?? ''}
          error={submit.fieldErrors().partVi}
        />
        <TextAreaField
          label={t('admin.parties.partEn')}
          name="partEn"
          lang="en"
          maxLength={1000}
          rows={3}
          value={props.party?.partEn ?? ''}
          error={submit.fieldErrors().partEn}
        />
      </div>
    </FormPanel>
  );
}

interface MembershipInput {
  projectId: number;
  userId: number;
  role: ProjectRole;
}

function MembersSection(props: {
  project: AdminProject;
  users: AdminUser[];
  onSet: (input: MembershipInput, success: string) => Promise<void>;
  onRemove: (member: Member) => Promise<void>;
}) {
  // Only active people of a party organization who are not members yet: the server refuses others.
  const candidates = () => {
    const partyCodes = new Set(props.project.parties.map((p) => p.organization.code));
    const memberIds = new Set(props.project.members.map((m) => m.userId));
    return props.users.filter((u) => u.active && partyCodes.has(u.organization.code) && !memberIds.has(u.id));
  };
  return (
    <EditableSection
      id="members"
      title={t('project.members')}
      empty={t('project.noMembers')}
      addLabel={t('admin.members.add')}
      editLabel={t('admin.members.changeRole')}
      items={props.project.members}
      key={(member) => member.userId}
      name={(member) => member.displayName}
      removeQuestion={(member) => t('admin.members.removeQuestion', { name: member.displayName })}
      onRemove={props.onRemove}
      columns={[t('user.name'), t('user.email'), t('user.organization'), t('admin.members.role')]}
      rowClass={(member) => ({ 'row--inactive': !member.active })}
      cells={(member) => (
        <>
          <th scope="row" data-label={t('user.name')}>
            {member.displayName}
            <Show when={!member.active}>
              <span class="badge badge--muted">{t('user.inactive')}</span>
            </Show>
          </th>
          <td data-label={t('user.email')} class="email">
            {member.email}
          </td>
          <td data-label={t('user.organization')} class="code">
            {member.organizationCode}
          </td>
          <td data-label={t('admin.members.role')}>
            <RoleBadge role={member.role} />
          </td>
        </>
      )}
      form={(member, close) => (
        <MembershipForm
          projectId={props.project.id}
          member={member}
          candidates={member ? [] : candidates()}
          onSubmit={async (input, success) => {
            await props.onSet(input, success);
            close();
          }}
          onCancel={close}
        />
      )}
    />
  );
}

/** Gives a person a role in the project, or changes the role of a member. */
function MembershipForm(props: {
  projectId: number;
  member?: Member;
  candidates: AdminUser[];
  onSubmit: (input: MembershipInput, success: string) => Promise<void>;
  onCancel: () => void;
}) {
  const submit = createSubmit({
    send: async (data) => {
      const userId = props.member?.userId ?? Number(textOf(data, 'userId'));
      const role = textOf(data, 'role') as ProjectRole;
      const name = props.member?.displayName ?? props.candidates.find((u) => u.id === userId)?.displayName ?? '';
      await props.onSubmit(
        { projectId: props.projectId, userId, role: PROJECT_ROLES.includes(role) ? role : 'viewer' },
        t(props.member ? 'admin.members.saved' : 'admin.members.added', { name, role: t(`role.${role}`) }),
      );
    },
  });
  return (
    <FormPanel
      id={`member-form-${props.member?.userId ?? 'new'}`}
      heading="h4"
      title={props.member ? t('admin.members.editTitle', { name: props.member.displayName }) : t('admin.members.addTitle')}
      submit={submit}
      submitLabel={props.member ? t('common.save') : t('admin.members.add')}
      focus="select"
      onCancel={props.onCancel}
    >
      <div class="form-grid">
        <Show when={!props.member}>
          <SelectField
            label={t('admin.members.person')}
            name="userId"
            required
            placeholder={t('form.choose')}
            options={props.candidates.map((u) => ({ value: String(u.id), label: `${u.displayName} · ${u.organization.code} · ${u.email}` }))}
            hint={props.candidates.length === 0 ? t('admin.members.noCandidates') : t('admin.members.candidatesHint')}
            error={submit.fieldErrors().userId}
          />
        </Show>
        <SelectField
          label={t('admin.members.role')}
          name="role"
          required
          options={roleOptions()}
          value={props.member?.role ?? 'member'}
          error={submit.fieldErrors().role}
        />
      </div>
    </FormPanel>
  );
}
