import { createResource, For, Show } from 'solid-js';
import { FormMessage, SelectField, TextField } from '~/components/field.tsx';
import { date, locale, money, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { parseMoneyInput } from '~/lib/money-input.ts';
import { trpc } from '~/lib/trpc.ts';
import type { EstimateDetail } from './funding-data.ts';

/**
 * Money paid out (actuals), newest first, and a form to record a payment against a line of the
 * budget baseline (the approved version), for those who may edit funding.
 */
export default function DisbursementsPanel(props: {
  projectId: number;
  /** The approved version when it is the one on screen: payments are recorded against its lines. */
  baseline: EstimateDetail | null;
  baselineNumber: number | null;
  canRecord: boolean;
  revision: number;
  onRecorded: (message: string) => Promise<void>;
}) {
  const [list, { refetch }] = createResource(
    () => ({ projectId: props.projectId, revision: props.revision }),
    ({ projectId }) => trpc.funding.disbursements.query({ projectId }),
  );
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
      await refetch();
      await props.onRecorded(t('funding.disbursementRecorded'));
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
                <TextField label={t('funding.disbursementAmount')} name="amount" inputMode="numeric" required hint={t('funding.amountHint')} error={form.fieldErrors().amount} />
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
          <Show when={data().items.length > 0} fallback={<p class="empty-state">{t('funding.noDisbursements')}</p>}>
            <table class="table table--stack disbursements-table">
              <caption class="visually-hidden">{t('funding.disbursementsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('funding.disbursementDate')}</th>
                  <th scope="col">{t('funding.disbursementLine')}</th>
                  <th scope="col">{t('funding.reference')}</th>
                  <th scope="col" class="numeric">{t('funding.disbursementAmount')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={data().items}>
                  {(d) => (
                    <tr>
                      <td data-label={t('funding.disbursementDate')}>{date(d.date)}</td>
                      <th scope="row" data-label={t('funding.disbursementLine')}>
                        {d.line.description}
                        <span class="cell-sub">v{d.line.estimateNumber}</span>
                      </th>
                      <td data-label={t('funding.reference')}>{d.reference}</td>
                      <td class="numeric" data-label={t('funding.disbursementAmount')}>{money(d.amount)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
              <tfoot>
                <tr class="grid-total">
                  <th scope="row" colspan="3">{t('funding.total')}</th>
                  <td class="numeric" data-label={t('funding.total')}>{money(data().total)}</td>
                </tr>
              </tfoot>
            </table>
          </Show>
        )}
      </Show>
    </>
  );
}
