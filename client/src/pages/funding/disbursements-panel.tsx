import { createResource, createSignal, For, Show } from 'solid-js';
import { FormMessage, SelectField, TextField } from '~/components/field.tsx';
import { date, locale, money, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { onProjectChange } from '~/lib/live.ts';
import { parseMoneyInput } from '~/lib/money-input.ts';
import { sessionEnded } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { EditRow } from '~/pages/admin/form-panel.tsx';
import { stableById, type EstimateDetail } from './funding-data.ts';
import MoneyField from './money-field.tsx';
import { createRecordForm, EditDeleteButtons, RecordForm } from './record-form.tsx';

type Disbursement = Awaited<ReturnType<typeof trpc.funding.disbursements.query>>['items'][number];
type DisbursementValues = { date: string; amount: number; reference: string; note: string };

/**
 * Money paid out (actuals), newest first, and a form to record a payment against a line of the
 * budget baseline (the approved version), for those who may edit funding; they also correct or
 * delete a recorded payment.
 */
export default function DisbursementsPanel(props: {
  projectId: number;
  /** The approved version when it is the one on screen: payments are recorded against its lines. */
  baseline: EstimateDetail | null;
  baselineNumber: number | null;
  canRecord: boolean;
  revision: number;
  onChanged: (message?: string) => Promise<void>;
  onError: (message: string) => void;
}) {
  const [list, { refetch }] = createResource(
    () => ({ projectId: props.projectId, revision: props.revision }),
    ({ projectId }) => trpc.funding.disbursements.query({ projectId }),
  );
  onProjectChange(() => props.projectId, () => void refetch());
  const items = stableById(() => list.latest?.items ?? []);
  /** The id of the disbursement whose form is open. */
  const [editing, setEditing] = createSignal<number>();

  async function changed(message?: string) {
    setEditing(undefined);
    await refetch();
    await props.onChanged(message);
  }

  async function remove(d: Disbursement) {
    if (!window.confirm(t('funding.deleteDisbursementQuestion', { reference: d.reference, amount: money(d.amount) }))) return;
    try {
      await trpc.funding.deleteDisbursement.mutate({ projectId: props.projectId, disbursementId: d.id, version: d.version });
      await changed(t('funding.disbursementDeleted'));
    } catch (error) {
      const described = describeError(error);
      if (described.code === 'UNAUTHORIZED') sessionEnded();
      props.onError(described.message);
      if (described.code === 'CONFLICT' || described.code === 'NOT_FOUND') await changed();
    }
  }
  const today = () => new Date().toISOString().slice(0, 10);
  const form = createSubmit({
    check: (data): Record<string, string> => {
      const parsed = parseMoneyInput(textOf(data, 'amount'), locale());
      return 'error' in parsed ? { amount: t(parsed.error) } : {};
    },
    send: (data) => {
      const parsed = parseMoneyInput(textOf(data, 'amount'), locale()) as { value: number };
      return trpc.funding.recordDisbursement.mutate({
        projectId: props.projectId,
        lineId: Number(textOf(data, 'lineId')),
        date: textOf(data, 'date'),
        amount: parsed.value,
        reference: textOf(data, 'reference'),
        note: textOf(data, 'note'),
      });
    },
    onDone: async (_result, formElement) => {
      formElement.reset();
      await changed(t('funding.disbursementRecorded'));
    },
  });

  return (
    <>
      <Show when={props.canRecord}>
        <Show
          when={props.baseline}
          fallback={
            <p class="muted">
              {props.baselineNumber === null ? t('error.no_baseline') : t('funding.recordOnBaseline', { number: props.baselineNumber })}
            </p>
          }
        >
          {(baseline) => (
            <form class="form disbursement-form" novalidate onSubmit={form.onSubmit}>
              <h3>{t('funding.recordDisbursement')}</h3>
              <div class="form-grid">
                <SelectField
                  label={t('funding.disbursementLine')}
                  name="lineId"
                  required
                  placeholder={t('funding.chooseLine')}
                  options={baseline().lines.map((l, i) => ({ value: String(l.id), label: `${i + 1}. ${l.description}` }))}
                  error={form.fieldErrors().lineId}
                />
                <TextField label={t('funding.disbursementDate')} name="date" type="date" required value={today()} error={form.fieldErrors().date} />
                <MoneyField label={t('funding.disbursementAmount')} name="amount" required hint={t('funding.amountHint')} error={form.fieldErrors().amount} />
                <TextField label={t('funding.reference')} name="reference" required maxLength={200} error={form.fieldErrors().reference} />
              </div>
              <FormMessage message={form.message()} />
              <div class="form-actions">
                <button type="submit" class="button button--primary" disabled={form.pending()}>
                  {t('funding.record')}
                </button>
              </div>
            </form>
          )}
        </Show>
      </Show>
      <Show when={list.latest}>
        {(data) => (
          <Show when={items.length > 0} fallback={<p class="empty-state">{t('funding.noDisbursements')}</p>}>
            <table class="table table--stack disbursements-table">
              <caption class="visually-hidden">{t('funding.disbursementsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('funding.disbursementDate')}</th>
                  <th scope="col">{t('funding.disbursementLine')}</th>
                  <th scope="col">{t('funding.reference')}</th>
                  <th scope="col" class="numeric">{t('funding.disbursementAmount')}</th>
                  <Show when={props.canRecord}>
                    <th scope="col">
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={items}>
                  {(d) => (
                    <>
                    <tr>
                      <td data-label={t('funding.disbursementDate')}>{date(d.date)}</td>
                      <th scope="row" data-label={t('funding.disbursementLine')}>
                        {d.line.description}
                        <span class="cell-sub">v{d.line.estimateNumber}</span>
                      </th>
                      <td data-label={t('funding.reference')}>{d.reference}</td>
                      <td class="numeric" data-label={t('funding.disbursementAmount')}>{money(d.amount)}</td>
                      <Show when={props.canRecord}>
                        <td class="row-actions">
                          <EditDeleteButtons
                            editLabel={t('funding.editDisbursement', { reference: d.reference })}
                            deleteLabel={t('funding.deleteDisbursement', { reference: d.reference })}
                            open={editing() === d.id}
                            onEdit={() => setEditing(d.id)}
                            onDelete={() => void remove(d)}
                          />
                        </td>
                      </Show>
                    </tr>
                    <Show when={editing() === d.id}>
                      <EditRow columns={5}>
                        <DisbursementForm projectId={props.projectId} disbursement={d} onCancel={() => setEditing(undefined)} onSaved={changed} />
                      </EditRow>
                    </Show>
                    </>
                  )}
                </For>
              </tbody>
              <tfoot>
                <tr class="grid-total">
                  <th scope="row" colspan="3">{t('funding.total')}</th>
                  <td class="numeric" data-label={t('funding.total')}>{money(data().total)}</td>
                  <Show when={props.canRecord}>
                    <td />
                  </Show>
                </tr>
              </tfoot>
            </table>
          </Show>
        )}
      </Show>
    </>
  );
}

/** Corrects a recorded payment: its date, amount, reference document and note; the line stays. */
function DisbursementForm(props: { projectId: number; disbursement: Disbursement; onCancel: () => void; onSaved: (message: string) => Promise<void> }) {
  // The payment as the form opened: a partner's change meanwhile is met as a conflict on saving.
  const d = { ...props.disbursement };
  const record = createRecordForm<DisbursementValues, Disbursement>({
    version: d.version,
    read: (data) => {
      const amount = parseMoneyInput(textOf(data, 'amount'), locale());
      if ('error' in amount) return { errors: { amount: t(amount.error) } };
      return { values: { date: textOf(data, 'date'), amount: amount.value, reference: textOf(data, 'reference').trim(), note: textOf(data, 'note').trim() } };
    },
    save: (values, version) => trpc.funding.updateDisbursement.mutate({ projectId: props.projectId, disbursementId: d.id, version: version ?? d.version, ...values }),
    conflictFields: (mine, theirs) => [
      { label: t('funding.disbursementDate'), mine: date(mine.date), theirs: date(theirs.date) },
      { label: t('funding.disbursementAmount'), mine: money(mine.amount), theirs: money(theirs.amount) },
      { label: t('funding.reference'), mine: mine.reference, theirs: theirs.reference },
      { label: t('funding.col.note'), mine: mine.note, theirs: theirs.note },
    ],
    onSaved: () => props.onSaved(t('funding.disbursementSaved')),
    onTheirs: () => void props.onSaved(t('conflict.reloaded')),
  });
  let first: HTMLInputElement | undefined;
  queueMicrotask(() => first?.focus());

  return (
    <RecordForm record={record} class="disbursement-edit" title={t('funding.editDisbursementTitle')} onCancel={props.onCancel}>
      <p class="muted">
        {d.line.description} <span class="cell-sub">v{d.line.estimateNumber}</span>
      </p>
      <div class="form-grid">
        <TextField label={t('funding.disbursementDate')} name="date" type="date" required value={d.date} ref={first} error={record.form.fieldErrors().date} />
        <MoneyField label={t('funding.disbursementAmount')} name="amount" required hint={t('funding.amountHint')} value={d.amount} error={record.form.fieldErrors().amount} />
        <TextField label={t('funding.reference')} name="reference" required maxLength={200} value={d.reference} error={record.form.fieldErrors().reference} />
        <TextField label={t('funding.col.note')} name="note" maxLength={1000} value={d.note} error={record.form.fieldErrors().note} />
      </div>
    </RecordForm>
  );
}
