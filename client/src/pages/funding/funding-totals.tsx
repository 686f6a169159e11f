import { createMemo, For, Show, type JSX } from 'solid-js';
import { money, pick, pickLang, t } from '~/i18n/i18n.ts';
import { EditRow } from '~/pages/admin/form-panel.tsx';
import { sumMoney } from '~/lib/money-input.ts';
import { categoryName, estimatedBy, gapKey, rowAmount, stableById, type EstimateDetail, type FundingOverview, type FundingSource, type GridRow } from './funding-data.ts';

/**
 * Pledged, estimated (as typed, live), gap and disbursed per source: the co-financing at a glance.
 * With `actions`, a last column holds each source's buttons (edit, delete), and the `editor` of
 * the source being edited opens under its row.
 */
export function SourcesTable(props: {
  overview: FundingOverview;
  detail: EstimateDetail;
  rows: readonly GridRow[];
  actions?: ((source: FundingSource) => JSX.Element) | undefined;
  editing?: number | undefined;
  editor?: ((source: FundingSource) => JSX.Element) | undefined;
}) {
  const sources = stableById(() => props.overview.sources);
  const bySource = createMemo(() => estimatedBy(props.rows, (r) => r.sourceId));
  const estimatedOf = (sourceId: number) => bySource().get(String(sourceId)) ?? 0n;
  const disbursedOf = (sourceId: number) => props.detail.totals.bySource.find((s) => s.sourceId === sourceId)?.disbursed ?? 0;
  const pledged = () => sumMoney(props.overview.sources.map((s) => s.pledged));
  const estimated = () => sumMoney(props.rows.map((r) => rowAmount(r) ?? 0n));
  return (
    <div class="grid-scroll">
      <table class="table table--stack sources-table">
        <caption class="visually-hidden">{t('funding.sourcesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.col.source')}</th>
            <th scope="col" class="numeric">{t('funding.pledged')}</th>
            <th scope="col" class="numeric">{t('funding.estimated')}</th>
            <th scope="col" class="numeric">{t('funding.gap')}</th>
            <th scope="col" class="numeric">{t('funding.col.disbursed')}</th>
            <Show when={props.actions}>
              <th scope="col">
                <span class="visually-hidden">{t('common.actions')}</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={sources}>
            {(source) => {
              const gap = () => estimatedOf(source.id) - BigInt(source.pledged);
              return (
                <>
                <tr>
                  <th scope="row" data-label={t('funding.col.source')}>
                    <span lang={pickLang(source.nameVi, source.nameEn)}>{pick(source.nameVi, source.nameEn)}</span>
                    <span class="cell-sub code">{source.code}</span>
                  </th>
                  <td class="numeric" data-label={t('funding.pledged')}>{money(source.pledged)}</td>
                  <td class="numeric" data-label={t('funding.estimated')}>{money(estimatedOf(source.id))}</td>
                  <td class="numeric" data-label={t('funding.gap')} classList={{ 'gap--short': gap() > 0n }}>
                    <GapText gap={gap()} />
                  </td>
                  <td class="numeric" data-label={t('funding.col.disbursed')}>{money(disbursedOf(source.id))}</td>
                  <Show when={props.actions}>{(actions) => <td class="row-actions">{actions()(source)}</td>}</Show>
                </tr>
                <Show when={props.editing === source.id && props.editor}>{(editor) => <EditRow columns={6}>{editor()(source)}</EditRow>}</Show>
                </>
              );
            }}
          </For>
        </tbody>
        <tfoot>
          <tr class="grid-total">
            <th scope="row">{t('funding.total')}</th>
            <td class="numeric" data-label={t('funding.pledged')}>{money(pledged())}</td>
            <td class="numeric" data-label={t('funding.estimated')}>{money(estimated())}</td>
            <td class="numeric" data-label={t('funding.gap')} classList={{ 'gap--short': estimated() - pledged() > 0n }}>
              <GapText gap={estimated() - pledged()} />
            </td>
            <td class="numeric" data-label={t('funding.col.disbursed')}>{money(props.detail.totals.disbursed)}</td>
            <Show when={props.actions}>
              <td />
            </Show>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** "Short by 300.000.000 ₫", "Surplus of …" or "Fully covered": never a bare signed number. */
export function GapText(props: { gap: number | bigint }) {
  const abs = () => {
    const g = BigInt(props.gap);
    return g < 0n ? -g : g;
  };
  return <>{t(gapKey(props.gap), { amount: money(abs()) })}</>;
}

/** Estimated (live) vs disbursed by category: actual against the estimate. */
export function CategoryTable(props: { overview: FundingOverview; detail: EstimateDetail; rows: readonly GridRow[] }) {
  const codes = () => [...new Set([...props.rows.map((r) => r.category), ...props.detail.totals.byCategory.map((c) => c.category)])];
  const byCategory = createMemo(() => estimatedBy(props.rows, (r) => r.category));
  const estimatedOf = (code: string) => byCategory().get(code) ?? 0n;
  const disbursedOf = (code: string) => props.detail.totals.byCategory.find((c) => c.category === code)?.disbursed ?? 0;
  return (
    <Show when={codes().length > 0} fallback={<p class="empty-state">{t('funding.noLines')}</p>}>
      <div class="grid-scroll">
        <table class="table table--stack category-table">
          <caption class="visually-hidden">{t('funding.categoriesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('funding.col.category')}</th>
              <th scope="col" class="numeric">{t('funding.estimated')}</th>
              <th scope="col" class="numeric">{t('funding.col.disbursed')}</th>
              <th scope="col" class="numeric">{t('funding.spentShare')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={codes()}>
              {(code) => {
                const estimated = () => estimatedOf(code);
                const share = () => (estimated() > 0n ? Number((BigInt(disbursedOf(code)) * 100n) / estimated()) : 0);
                return (
                  <tr>
                    <th scope="row" data-label={t('funding.col.category')}>{categoryName(props.overview.categories, code)}</th>
                    <td class="numeric" data-label={t('funding.estimated')}>{money(estimated())}</td>
                    <td class="numeric" data-label={t('funding.col.disbursed')}>{money(disbursedOf(code))}</td>
                    <td class="numeric" data-label={t('funding.spentShare')}>{share()}%</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
