import { createSignal, Show } from 'solid-js';
import { SelectField, TextField } from '~/components/field.tsx';
import type { ProjectSummary } from '~/components/project-page.tsx';
import { locale, money, pick, t } from '~/i18n/i18n.ts';
import { textOf } from '~/lib/forms.ts';
import { parseMoneyInput } from '~/lib/money-input.ts';
import { sessionEnded } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { SourcesChart } from './funding-charts.tsx';
import { SOURCE_KIND_KEY, type EstimateDetail, type FundingOverview, type FundingSource, type GridRow, type SourceKind } from './funding-data.ts';
import { SourcesTable } from './funding-totals.tsx';
import MoneyField from './money-field.tsx';
import { createRecordForm, EditDeleteButtons, RecordForm } from './record-form.tsx';

interface SourceValues {
  code: string;
  kind: SourceKind;
  nameVi: string;
  nameEn: string;
  organizationId: number | null;
  pledgedAmount: number;
  note: string;
}

/**
 * The sources with their pledges against this version's estimate, as a chart and a table. Those who
 * may edit funding add a source, change its names and pledge, and delete one no line uses.
 */
export default function SourcesPanel(props: {
  project: ProjectSummary;
  overview: FundingOverview;
  detail: EstimateDetail;
  rows: readonly GridRow[];
  onChanged: (message?: string) => Promise<void>;
  onError: (message: string) => void;
}) {
  /** The source whose form is open, or 'new'. */
  const [editing, setEditing] = createSignal<number | 'new'>();
  const editingId = () => {
    const id = editing();
    return typeof id === 'number' ? id : undefined;
  };
  let addButton: HTMLButtonElement | undefined;

  /** Closes the open form; from a new source's, focus goes back to the button that opened it. */
  function close() {
    const wasNew = editing() === 'new';
    setEditing(undefined);
    if (wasNew) queueMicrotask(() => addButton?.focus());
  }

  const form = (source: FundingSource | null) => (
    <SourceForm
      project={props.project}
      source={source}
      onCancel={close}
      onSaved={async (message) => {
        close();
        await props.onChanged(message);
      }}
    />
  );

  async function remove(source: FundingSource) {
    if (!window.confirm(t('funding.deleteSourceQuestion', { name: pick(source.nameVi, source.nameEn) }))) return;
    try {
      await trpc.funding.deleteSource.mutate({ projectId: props.project.id, sourceId: source.id, version: source.version });
      setEditing(undefined);
      await props.onChanged(t('funding.sourceDeleted', { code: source.code }));
    } catch (error) {
      const described = describeError(error);
      if (described.code === 'UNAUTHORIZED') sessionEnded();
      props.onError(described.message);
      // Someone else changed it meanwhile: show what it is now, to decide again.
      if (described.code === 'CONFLICT') await props.onChanged();
    }
  }

  const actions = (source: FundingSource) => (
    <EditDeleteButtons
      editLabel={t('funding.editSource', { code: source.code })}
      deleteLabel={t('funding.deleteSource', { code: source.code })}
      open={editing() === source.id}
      onEdit={() => setEditing(source.id)}
      onDelete={() => void remove(source)}
    />
  );

  return (
    <>
      <SourcesChart overview={props.overview} detail={props.detail} rows={props.rows} />
      <SourcesTable
        overview={props.overview}
        detail={props.detail}
        rows={props.rows}
        actions={props.overview.can.edit ? actions : undefined}
        editing={editingId()}
        editor={form}
      />
      <Show when={props.overview.can.edit}>
        <Show
          when={editing() === 'new'}
          fallback={
            <div class="actions">
              <button type="button" class="button button--secondary" ref={addButton} onClick={() => setEditing('new')}>
                {t('funding.addSource')}
              </button>
            </div>
          }
        >
          {form(null)}
        </Show>
      </Show>
    </>
  );
}

function SourceForm(props: { project: ProjectSummary; source: FundingSource | null; onCancel: () => void; onSaved: (message: string) => Promise<void> }) {
  // The source as the form opened: a partner's change meanwhile is met as a conflict on saving.
  const source = props.source && { ...props.source };
  const orgCode = (id: number | null) => props.project.parties.find((p) => p.organization.id === id)?.organization.code ?? '—';
  const record = createRecordForm<SourceValues, FundingSource>({
    version: source?.version ?? null,
    read: (data) => {
      const pledged = parseMoneyInput(textOf(data, 'pledgedAmount'), locale());
      if ('error' in pledged) return { errors: { pledgedAmount: t(pledged.error) } };
      const organization = textOf(data, 'organizationId');
      return {
        values: {
          code: textOf(data, 'code').trim(),
          kind: textOf(data, 'kind') as SourceKind,
          nameVi: textOf(data, 'nameVi').trim(),
          nameEn: textOf(data, 'nameEn').trim(),
          organizationId: organization ? Number(organization) : null,
          pledgedAmount: pledged.value,
          note: source?.note ?? '',
        },
      };
    },
    save: (values, version) =>
      version === null || !source
        ? trpc.funding.createSource.mutate({ projectId: props.project.id, ...values })
        : trpc.funding.updateSource.mutate({ projectId: props.project.id, sourceId: source.id, version, ...values }),
    conflictFields: (mine, theirs) => [
      { label: t('funding.sourceCode'), mine: mine.code, theirs: theirs.code },
      { label: t('funding.sourceKind'), mine: t(SOURCE_KIND_KEY[mine.kind]), theirs: t(SOURCE_KIND_KEY[theirs.kind]) },
      { label: t('funding.nameVi'), mine: mine.nameVi, theirs: theirs.nameVi },
      { label: t('funding.nameEn'), mine: mine.nameEn, theirs: theirs.nameEn },
      { label: t('funding.sourceOrganization'), mine: orgCode(mine.organizationId), theirs: orgCode(theirs.organizationId) },
      { label: t('funding.pledged'), mine: money(mine.pledgedAmount), theirs: money(theirs.pledged) },
    ],
    onSaved: () => props.onSaved(t(source ? 'funding.sourceSaved' : 'funding.sourceAdded', { code: source?.code ?? '' })),
    onTheirs: () => void props.onSaved(t('conflict.reloaded')),
  });
  const kinds = () => (Object.keys(SOURCE_KIND_KEY) as SourceKind[]).map((kind) => ({ value: kind, label: t(SOURCE_KIND_KEY[kind]) }));
  const parties = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: p.organization.code }));
  let first: HTMLInputElement | undefined;
  queueMicrotask(() => first?.focus());

  return (
    <RecordForm
      record={record}
      class="source-form"
      title={source ? t('funding.editSourceTitle', { code: source.code }) : t('funding.addSource')}
      submitLabel={source ? undefined : t('funding.addSource')}
      onCancel={props.onCancel}
    >
      <div class="form-grid">
        <TextField label={t('funding.nameVi')} name="nameVi" lang="vi" required maxLength={200} value={source?.nameVi ?? ''} ref={first} error={record.form.fieldErrors().nameVi} />
        <TextField label={t('funding.nameEn')} name="nameEn" lang="en" required maxLength={200} value={source?.nameEn ?? ''} error={record.form.fieldErrors().nameEn} />
        <MoneyField label={t('funding.pledged')} name="pledgedAmount" required hint={t('funding.amountHint')} value={source?.pledged} error={record.form.fieldErrors().pledgedAmount} />
        <TextField
          label={t('funding.sourceCode')}
          name="code"
          required
          maxLength={32}
          hint={t('funding.sourceCodeHint')}
          value={source?.code ?? ''}
          error={record.form.fieldErrors().code}
        />
        <SelectField label={t('funding.sourceKind')} name="kind" required options={kinds()} value={source?.kind ?? 'other_sponsor'} error={record.form.fieldErrors().kind} />
        <SelectField
          label={t('funding.sourceOrganization')}
          name="organizationId"
          placeholder="—"
          options={parties()}
          value={source?.organizationId === null || !source ? '' : String(source.organizationId)}
          hint={t('funding.sourceOrganizationHint')}
          error={record.form.fieldErrors().organizationId}
        />
      </div>
    </RecordForm>
  );
}
