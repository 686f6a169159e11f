import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartData, type ChartOptions } from 'chart.js';
import { createEffect, For, on, onCleanup, onMount, Show } from 'solid-js';
import { locale, t } from '~/i18n/i18n.ts';
import './bar-chart.css';

// Only the pieces these charts use, so the rest of Chart.js is tree-shaken away. Only the lazy routes
// that draw charts (dashboard, funding) import this module, so Chart.js lands in a chunk they share,
// never in the first screen's.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface BarSeries {
  /** Shown in the legend; the caller's table uses the same words. */
  label: string;
  /** The bar's colour: see TONES. */
  tone: 'estimated' | 'pledged' | 'disbursed' | 'done' | 'progress' | 'overdue';
}

export interface BarGroup {
  label: string;
  values: (number | bigint)[];
}

/**
 * Colours on a canvas cannot come from CSS classes. Each has at least 3:1 contrast with the white
 * panel (WCAG 1.4.11), and the bars of a group are kept apart by a white border.
 */
const TONES: Record<BarSeries['tone'], string> = {
  estimated: '#0f4c81',
  pledged: '#4f7fb0',
  disbursed: '#166534',
  progress: '#0f4c81',
  done: '#166534',
  overdue: '#b42318',
};
const INK = '#1b2430';
const INK_SOFT = '#4a5565';
const GRID = '#d4dbe4';

/** Long names (phases, sources) are wrapped onto at most three lines; the table beside has them whole. */
function wrap(label: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= 3) return lines;
  const last = lines.slice(2).join(' ');
  return [lines[0]!, lines[1]!, `${last.slice(0, Math.max(1, width - 1))}…`];
}

/** A chart value as a whole number the formatters accept (money must be an integer number of đồng). */
const whole = (value: number): number | bigint => (Number.isSafeInteger(Math.round(value)) ? Math.round(value) : BigInt(Math.round(value)));

/**
 * Horizontal grouped bars drawn by Chart.js: one group per row, one bar per series. The canvas is an
 * image with a short summary for assistive technology: the numbers are in a table beside it, the
 * caller's own or, with `table`, one out of sight that this component adds.
 */
export default function BarChart(props: {
  series: BarSeries[];
  groups: BarGroup[];
  format: (value: number | bigint) => string;
  /** Money axes get fewer ticks: their labels are long. */
  kind: 'money' | 'percent';
  max?: number | bigint;
  /** The caption of the visually hidden table of the numbers, and the header of its first column. */
  table?: { caption: string; head: string };
}) {
  let box!: HTMLDivElement;
  let canvas!: HTMLCanvasElement;
  let chart: Chart<'bar', number[], string> | undefined;

  // How many characters of a name fit on a line of the category axis, which takes about 40% of the width.
  const lineChars = () => Math.max(10, Math.floor((box.clientWidth * 0.4) / 7));
  // Money labels are long (about 100 px): a narrow chart gets two ticks, a wide one three, never a smear.
  const tickCount = () => (props.kind === 'money' ? (box.clientWidth < 400 ? 2 : 3) : box.clientWidth < 400 ? 3 : 6);

  const data = (): ChartData<'bar', number[], string> => ({
    labels: props.groups.map((g) => g.label),
    datasets: props.series.map((s, i) => ({
      label: s.label,
      data: props.groups.map((g) => Number(g.values[i] ?? 0)),
      backgroundColor: TONES[s.tone],
      borderColor: '#ffffff',
      borderWidth: 1,
      borderSkipped: false,
      minBarLength: 2,
      maxBarThickness: 18,
    })),
  });

  const options = (): ChartOptions<'bar'> => ({
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    font: { family: getComputedStyle(box).fontFamily, size: 13 },
    color: INK,
    scales: {
      x: {
        beginAtZero: true,
        max: props.max === undefined ? undefined : Number(props.max),
        grid: { color: GRID },
        border: { color: INK_SOFT },
        ticks: { color: INK_SOFT, font: { size: 12 }, maxRotation: 0, maxTicksLimit: tickCount(), callback: (value) => props.format(whole(Number(value))) },
      },
      y: { grid: { display: false }, border: { color: INK_SOFT }, ticks: { color: INK, font: { size: 12 }, autoSkip: false, callback: (_value, index) => wrap(props.groups[index]?.label ?? '', lineChars()) } },
    },
    // A new width changes how names wrap, how tall the box is and how many ticks fit.
    onResize: (c) => {
      fit();
      const x = c.options.scales?.['x'];
      if (x?.ticks) x.ticks.maxTicksLimit = tickCount();
    },
    plugins: {
      legend: { position: 'top', align: 'start', labels: { color: INK, boxWidth: 12, boxHeight: 12, padding: 12, font: { size: 13 } } },
      tooltip: {
        backgroundColor: INK,
        titleColor: '#ffffff',
        bodyColor: '#ffffff',
        // The exact amount from the caller, not the float the bar was drawn from.
        callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${props.format(props.groups[ctx.dataIndex]?.values[ctx.datasetIndex] ?? 0)}` },
      },
    },
  });

  const summary = () =>
    t('dashboard.chartSummary', { series: props.series.map((s) => s.label).join(', '), groups: props.groups.map((g) => g.label).join(', ') });

  // The box grows with the bars and the lines of their names: a custom property set through the
  // CSSOM, which the CSP allows (it refuses style attributes in markup, not this).
  const fit = () => {
    const rows = props.groups.reduce((sum, g) => sum + Math.max(props.series.length, wrap(g.label, lineChars()).length * 0.75), 0);
    box.style.setProperty('--chart-bars', String(Math.max(1, Math.ceil(rows * 10) / 10)));
  };

  onMount(() => {
    fit();
    chart = new Chart(canvas, { type: 'bar', data: data(), options: options() });
  });

  // New numbers, labels or language: redraw the same chart rather than building a new one.
  createEffect(
    on(
      () => [props.groups, props.series, props.max, props.format, locale()],
      () => {
        if (!chart) return;
        fit();
        chart.data = data();
        chart.options = options();
        chart.update();
      },
      { defer: true },
    ),
  );

  onCleanup(() => {
    chart?.destroy();
    chart = undefined;
  });

  return (
    <>
      <div class={`bar-chart bar-chart--${props.kind}`} ref={box}>
        <canvas ref={canvas} role="img" aria-label={summary()} />
      </div>
      <Show when={props.table}>
        {(table) => (
          // Hidden through a wrapper: a table itself grows to fit its cells whatever its own width says.
          <div class="visually-hidden">
            <table>
              <caption>{table().caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{table().head}</th>
                  <For each={props.series}>{(s) => <th scope="col">{s.label}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={props.groups}>
                  {(g) => (
                    <tr>
                      <th scope="row">{g.label}</th>
                      <For each={g.values}>{(value) => <td>{props.format(value)}</td>}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </>
  );
}
