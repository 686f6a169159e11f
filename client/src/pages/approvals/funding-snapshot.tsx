import { For, Show } from 'solid-js';
import type { FundingEstimateSnapshot } from '../../../../shared/funding-schemas.ts';
import { money, pick, t } from '~/i18n/i18n.ts';
import { GapText } from '~/pages/funding/funding-totals.tsx';
import { quantityText } from '~/pages/funding/funding-data.ts';

function isFundingSnapshot(value: unknown): value is FundingEstimateSnapshot {
  return typeof value === 'object' && value !== null && Array.isArray((value as { lines?: unknown }).lines) && Array.isArray((value as { sources?: unknown }).sources);
}

/** The estimate version as submitted: its total, each source's pledge and gap, and every line. */
export default function FundingSnapshotView(props: { snapshot: unknown }) {
  return (
    <Show when={isFundingSnapshot(props.snapshot) ? props.snapshot : null} fallback={<p class="muted">—</p>}>
      {(s) => {
        const code = (sourceId: number) => s().sources.find((x) => x.id === sourceId)?.code ?? '—';
        return (
          <>
            <dl class="facts">
              <div>
                <dt>{t('funding.total')}</dt>
                <dd>{money(s().total)}</dd>
              </div>
              <Show when={s().note}>
                <div>
                  <dt>{t('funding.note')}</dt>
                  <dd class="pre-line">{s().note}</dd>
                </div>
              </Show>
            </dl>
            <table class="table table--stack">
              <caption class="visually-hidden">{t('funding.sourcesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('funding.col.source')}</th>
                  <th scope="col" class="numeric">{t('funding.pledged')}</th>
                  <th scope="col" class="numeric">{t('funding.estimated')}</th>
                  <th scope="col" class="numeric">{t('funding.gap')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={s().sources}>
                  {(source) => (
                    <tr>
                      <th scope="row" data-label={t('funding.col.source')}>
                        {pick(source.nameVi, source.nameEn)}
                      </th>
                      <td class="numeric" data-label={t('funding.pledged')}>{money(source.pledged)}</td>
                      <td class="numeric" data-label={t('funding.estimated')}>{money(source.estimated)}</td>
                      <td class="numeric" data-label={t('funding.gap')}>
                        <GapText gap={source.gap} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <details class="snapshot-lines">
              <summary>{t('funding.snapshotLines', { count: s().lines.length })}</summary>
              <table class="table table--stack">
                <caption class="visually-hidden">{t('funding.linesTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('funding.col.description')}</th>
                    <th scope="col" class="numeric">{t('funding.col.quantity')}</th>
                    <th scope="col" class="numeric">{t('funding.col.unitCost')}</th>
                    <th scope="col" class="numeric">{t('funding.col.amount')}</th>
                    <th scope="col">{t('funding.col.source')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s().lines}>
                    {(line) => (
                      <tr>
                        <th scope="row" data-label={t('funding.col.description')}>{line.description}</th>
                        <td class="numeric" data-label={t('funding.col.quantity')}>{`${quantityText(line.quantity)} ${line.unit}`}</td>
                        <td class="numeric" data-label={t('funding.col.unitCost')}>{money(line.unitCost)}</td>
                        <td class="numeric" data-label={t('funding.col.amount')}>{money(line.amount)}</td>
                        <td class="code" data-label={t('funding.col.source')}>{code(line.sourceId)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </details>
          </>
        );
      }}
    </Show>
  );
}
