import type { ProjectStatus } from '~/components/badge.tsx';
import { SelectField, TextAreaField, TextField } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { trpc } from '~/lib/trpc.ts';
import { CODE_PATTERN, PROJECT_STATUSES, statusOptions, type AdminProjectRow } from './admin-data.ts';
import FormPanel from './form-panel.tsx';

/** The fields of a project an administrator edits, with the version the edit is based on. */
export interface EditableProject {
  id: number;
  version: number;
  code: string;
  nameVi: string;
  nameEn: string;
  summaryVi: string;
  summaryEn: string;
  zone: string;
  startDate: string;
  endDate: string;
  status: ProjectStatus;
}

/** Creates a project, or edits one (`project` given). */
export default function ProjectForm(props: {
  project?: EditableProject;
  onSaved: (project: AdminProjectRow) => void;
  onStale?: (current: unknown) => void;
  onCancel?: () => void;
  focusOnMount?: boolean;
}) {
  const submit = createSubmit({
    duplicateField: 'code',
    check: (data): Record<string, string> => {
      const start = textOf(data, 'startDate');
      const end = textOf(data, 'endDate');
      return start && end && end < start ? { endDate: t('validation.endBeforeStart') } : {};
    },
    send: (data) => {
      const status = textOf(data, 'status');
      const input = {
        code: textOf(data, 'code'),
        nameVi: textOf(data, 'nameVi'),
        nameEn: textOf(data, 'nameEn'),
        summaryVi: textOf(data, 'summaryVi'),
        summaryEn: textOf(data, 'summaryEn'),
        zone: textOf(data, 'zone'),
        startDate: textOf(data, 'startDate'),
        endDate: textOf(data, 'endDate'),
        status: (PROJECT_STATUSES as string[]).includes(status) ? (status as ProjectStatus) : 'draft',
      };
      const project = props.project;
      return project
        ? trpc.admin.projects.update.mutate({ id: project.id, version: project.version, ...input })
        : trpc.admin.projects.create.mutate(input);
    },
    onDone: (project) => props.onSaved(project),
    onFailed: (error) => {
      if (error.reason === 'stale_version') props.onStale?.(error.current);
    },
  });
  const p = () => props.project;

  return (
    <FormPanel
      id={`project-form-${props.project?.id ?? 'new'}`}
      title={p() ? t('admin.projects.detailsTitle') : t('admin.projects.newTitle')}
      submit={submit}
      submitLabel={p() ? t('common.save') : t('admin.projects.create')}
      focus={props.focusOnMount === false ? undefined : 'input'}
      onCancel={props.onCancel}
    >
      <div class="form-grid">
        <TextField
          label={t('project.code')}
          name="code"
          required
          maxLength={32}
          pattern={CODE_PATTERN}
          data-invalid-message="validation.code"
          autocapitalize="characters"
          spellcheck={false}
          hint={t('org.codeHint')}
          value={p()?.code ?? ''}
          error={submit.fieldErrors().code}
        />
        <SelectField
          label={t('project.status')}
          name="status"
          options={statusOptions()}
          value={p()?.status ?? 'draft'}
          error={submit.fieldErrors().status}
        />
        <TextAreaField
          label={t('project.nameVi')}
          name="nameVi"
          rows={2}
          lang="vi"
          required
          maxLength={300}
          class="field--wide"
          value={p()?.nameVi ?? ''}
          error={submit.fieldErrors().nameVi}
        />
        <TextAreaField
          label={t('project.nameEn')}
          name="nameEn"
          rows={2}
          lang="en"
          required
          maxLength={300}
          class="field--wide"
          value={p()?.nameEn ?? ''}
          error={submit.fieldErrors().nameEn}
        />
        <TextAreaField
          label={t('project.summaryVi')}
          name="summaryVi"
          lang="vi"
          maxLength={4000}
          class="field--wide"
          value={p()?.summaryVi ?? ''}
          error={submit.fieldErrors().summaryVi}
        />
        <TextAreaField
          label={t('project.summaryEn')}
          name="summaryEn"
          lang="en"
          maxLength={4000}
          class="field--wide"
          value={p()?.summaryEn ?? ''}
          error={submit.fieldErrors().summaryEn}
        />
        <TextField
          label={t('project.zone')}
          name="zone"
          maxLength={200}
          class="field--wide"
          value={p()?.zone ?? ''}
          error={submit.fieldErrors().zone}
        />
        <TextField
          label={t('project.startDate')}
          name="startDate"
          type="date"
          required
          value={p()?.startDate ?? ''}
          error={submit.fieldErrors().startDate}
        />
        <TextField
          label={t('project.endDate')}
          name="endDate"
          type="date"
          required
          value={p()?.endDate ?? ''}
          error={submit.fieldErrors().endDate}
        />
      </div>
    </FormPanel>
  );
}
