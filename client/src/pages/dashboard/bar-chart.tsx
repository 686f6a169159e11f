import { For } from 'solid-js';

export interface BarSeries {
  /** Shown in the legend; the caller's table uses the same words. */
  label: string;
  /** A class for the bar's fill: the colours live in dashboard.css (the CSP forbids inline styles). */
  tone: 'estimated' | 'pledged' | 'disbursed' | 'done' | 'progress' | 'overdue';
}

export interface BarGroup {
  label: string;
  values: (number | bigint)[];
}

/**
 * Horizontal grouped bars: one group per row, one bar per series, each an inline SVG scaled to the
 * largest value with its number written beside it. Hidden from assistive technology: the caller
 * puts the same numbers in a table.
 */
export default function BarChart(props: {
  series: BarSeries[];
  groups: BarGroup[];
  format: (value: number | bigint) => string;
  /** Sets the width kept for the numbers, so every bar of a chart has the same track. */
  kind: 'money' | 'percent';
  max?: number | bigint;
}) {
  const max = () => {
    let m = props.max !== undefined ? BigInt(props.max) : 0n;
    for (const g of props.groups) for (const v of g.values) if (BigInt(v) > m) m = BigInt(v);
    return m === 0n ? 1n : m;
  };
  // A share of the largest value, in BigInt first so large amounts never lose precision.
  const share = (value: number | bigint) => Number((BigInt(value) * 10000n) / max()) / 100;
  return (
    <div class={`bar-chart bar-chart--${props.kind}`} aria-hidden="true">
      <ul class="chart-legend">
        <For each={props.series}>
          {(s) => (
            <li>
              <svg class="legend-swatch" viewBox="0 0 10 10">
                <rect class={`tone--${s.tone}`} width="10" height="10" rx="2" />
              </svg>
              {s.label}
            </li>
          )}
        </For>
      </ul>
      <ol class="chart-groups">
        <For each={props.groups}>
          {(group) => (
            <li class="chart-group">
              <span class="chart-group-label">{group.label}</span>
              <For each={group.values}>
                {(value, i) => (
                  <span class="chart-bar-row">
                    <svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none">
                      <rect class="chart-track" width="100" height="10" />
                      <rect class={`tone--${props.series[i()]?.tone ?? 'estimated'}`} width={Math.max(share(value), BigInt(value) > 0n ? 0.5 : 0)} height="10" />
                    </svg>
                    <span class="chart-value">{props.format(value)}</span>
                  </span>
                )}
              </For>
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}
