import { createMemo, Show } from 'solid-js';
import BarChart, { type BarGroup, type BarSeries } from '~/components/bar-chart.tsx';
import { money, pick, t } from '~/i18n/i18n.ts';
import { categoryName, estimatedBy, type EstimateDetail, type FundingOverview, type GridRow } from './funding-data.ts';

// The Funding page's charts. Estimates follow the grid as it is typed, like the tables beside them;
// pledges and disbursements are what the server holds. Each chart's numbers are in a table: the
// sources and categories tables under their charts, the chart's own hidden one for phases and years.

type Props = { overview: FundingOverview; detail: EstimateDetail; rows: readonly GridRow[] };

const estimatedSeries = (): BarSeries => ({ label: t('funding.estimated'), tone: 'estimated' });
const disbursedSeries = (): BarSeries => ({ label: t('funding.col.disbursed'), tone: 'disbursed' });

/** Estimated vs pledged vs disbursed per source. */
export function SourcesChart(props: Props) {
  const groups = createMemo((): BarGroup[] => {
    const estimated = estimatedBy(props.rows, (r) => r.sourceId);
    return props.overview.sources.map((s) => ({
      label: pick(s.nameVi, s.nameEn),
      values: [estimated.get(String(s.id)) ?? 0n, s.pledged, props.detail.totals.bySource.find((x) => x.sourceId === s.id)?.disbursed ?? 0],
    }));
  });
  return (
    <Show when={groups().length > 0}>
      <BarChart series={[estimatedSeries(), { label: t('funding.pledged'), tone: 'pledged' }, disbursedSeries()]} groups={groups()} format={money} kind="money" />
    </Show>
  );
}

/** Estimated vs disbursed per category, in the categories table's order. */
export function CategoryChart(props: Props) {
  const groups = createMemo((): BarGroup[] => {
    const estimated = estimatedBy(props.rows, (r) => r.category);
    const codes = [...new Set([...estimated.keys(), ...props.detail.totals.byCategory.map((c) => c.category)])];
    return codes.map((code) => ({
      label: categoryName(props.overview.categories, code),
      values: [estimated.get(code) ?? 0n, props.detail.totals.byCategory.find((c) => c.category === code)?.disbursed ?? 0],
    }));
  });
  return (
    <Show when={groups().length > 0}>
      <BarChart series={[estimatedSeries(), disbursedSeries()]} groups={groups()} format={money} kind="money" />
    </Show>
  );
}

/** The estimate by phase (in the plan's order, lines without one last) and by year. */
export function PhaseYearCharts(props: Props) {
  const byPhase = createMemo((): BarGroup[] => {
    const estimated = estimatedBy(props.rows, (r) => r.phaseId);
    const phases = props.overview.phases
      .filter((p) => estimated.has(String(p.id)))
      .map((p) => ({ label: p.name, values: [estimated.get(String(p.id))!] }));
    return estimated.has('') ? [...phases, { label: t('funding.noPhase'), values: [estimated.get('')!] }] : phases;
  });
  const byYear = createMemo((): BarGroup[] => {
    const estimated = estimatedBy(props.rows, (r) => r.year.trim());
    return [...estimated.keys()]
      .filter((year) => /^\d{4}$/.test(year))
      .sort()
      .map((year) => ({ label: year, values: [estimated.get(year)!] }));
  });
  return (
    <Show when={props.rows.length > 0} fallback={<p class="empty-state">{t('funding.noLines')}</p>}>
      <div class="chart-pair">
        <div>
          <h3>{t('funding.byPhase')}</h3>
          <BarChart series={[estimatedSeries()]} groups={byPhase()} format={money} kind="money" table={{ caption: t('funding.byPhase'), head: t('funding.col.phase') }} />
        </div>
        <div>
          <h3>{t('funding.byYear')}</h3>
          <BarChart series={[estimatedSeries()]} groups={byYear()} format={money} kind="money" table={{ caption: t('funding.byYear'), head: t('funding.col.year') }} />
        </div>
      </div>
    </Show>
  );
}
