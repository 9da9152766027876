/**
 * plot-traces: a run's traces as a figure, as navis's `plot_results()`: one panel per kind of
 * recording (here: per unit, mV / nA / µS) sharing the time axis, and a panel with each spike
 * detector's rate. The figure is an ECharts option of plain JSON (the UI draws it, the CLI
 * renders it to SVG) and a CSV of the traces.
 */
import { CoreError } from '../src/core/errors.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef } from './types.ts';
import type { FigureValue, TracesValue } from './values.ts';
import { keptPoints, minMaxPacked } from './decimate.ts';
import { viridis } from './morphology-colours.ts';
import { short } from './sweep.ts';

/** Number of bin edges navis's plot_results uses: `np.linspace(0, max(t), 10)`, i.e. 9 bins. */
const RATE_EDGES = 10;

/** A spike train's rate over time, binned as navis's plot_results bins it. */
export interface SpikeRate {
  /** Bin centres (ms). */
  centres: number[];
  /** Spikes per second in each bin (Hz). */
  rate: number[];
  /** Bin width (ms). */
  width: number;
}

/**
 * Spike rate (Hz) of spike times (ms) over [0, tMax] (ms), exactly as navis's plot_results
 * computes it: edges `np.linspace(0, tMax, 10)` (so 9 bins of width tMax/9), counts as
 * `np.histogram` (each bin [a, b), the last one [a, b]; spikes outside dropped),
 * rate = count·(1000/width), plotted at the bin centres. Null when tMax ≤ 0 (no bins).
 */
export function spikeRate(spikes: ArrayLike<number>, tMax: number): SpikeRate | null {
  if (!(tMax > 0)) return null;
  // numpy's linspace: k·step + start, with the last edge set to stop exactly.
  const step = tMax / (RATE_EDGES - 1);
  const edges = Array.from({ length: RATE_EDGES }, (_, k) => (k === RATE_EDGES - 1 ? tMax : k * step));
  const counts = new Array<number>(RATE_EDGES - 1).fill(0);
  for (let j = 0; j < spikes.length; j++) {
    const s = spikes[j];
    if (!(s >= edges[0] && s <= edges[RATE_EDGES - 1])) continue;
    let b = 0;
    while (b < RATE_EDGES - 2 && s >= edges[b + 1]) b++;
    counts[b]++;
  }
  const width = edges[1] - edges[0];
  const perSpike = 1000 / width;
  return { centres: edges.slice(0, -1).map((e) => e + width / 2), rate: counts.map((c) => c * perSpike), width };
}

/**
 * The traces of a sweep coloured by the first swept parameter's value (viridis, low = purple,
 * high = yellow; log scale when its values span more than a decade and are positive), and the
 * note that says so; null for the traces of one run.
 */
function sweepColours(tr: TracesValue): { of(label: string): string; note: string; bar: Array<Record<string, unknown>> } | null {
  const sw = tr.sweep;
  if (!sw || !sw.names.length || !sw.points.length) return null;
  const vals = sw.points.map((p) => p[0]);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const log = lo > 0 && hi / lo > 10;
  const f = (x: number) => (hi === lo ? 0.5 : log ? Math.log(x / lo) / Math.log(hi / lo) : (x - lo) / (hi - lo));
  return {
    of: (label) => (Object.hasOwn(sw.of, label) ? viridis(f(sw.points[sw.of[label][0]][0])) : '#888'),
    note: `colour: ${sw.names[0]} from ${short(lo)} (purple) to ${short(hi)} (yellow)${log ? ', log scale' : ''}`,
    bar: colourBar(sw.names[0], short(lo), short(hi), log),
  };
}

/**
 * A colour bar at the top of the chart, where the legend of a single run would be (a sweep's
 * traces are told apart by colour, not by 8 … 1,000 legend entries): the parameter's name, its
 * lowest value, the viridis ramp, its highest value. ECharts graphic elements in plain objects
 * (figures cross the worker boundary and are stored).
 */
function colourBar(name: string, lo: string, hi: string, log: boolean): Array<Record<string, unknown>> {
  const stops = Array.from({ length: 9 }, (_, k) => ({ offset: k / 8, color: viridis(k / 8) }));
  const text = { fontSize: 11, fill: '#444', verticalAlign: 'middle' };
  return [
    {
      type: 'group',
      left: 'center',
      top: 2,
      children: [
        { type: 'text', x: -6, y: 6, style: { ...text, align: 'right', text: `${name}${log ? ' (log scale)' : ''}:  ${lo}` } },
        { type: 'rect', x: 0, y: 1, shape: { width: 140, height: 10 }, style: { fill: { type: 'linear', x: 0, y: 0, x2: 1, y2: 0, colorStops: stops } } },
        { type: 'text', x: 146, y: 6, style: { ...text, align: 'left', text: hi } },
      ],
    },
  ];
}

/** Axis name for a unit: the quantity it measures and the unit. */
function axisName(unit: string): string {
  if (unit === 'mV') return 'V (mV)';
  if (unit === 'nA') return 'I (nA)';
  if (unit === 'µS') return 'g (µS)';
  if (unit === 'Hz') return 'spike rate (Hz)';
  return unit ? `(${unit})` : '(no unit)';
}

// The figure's CSV is the traces table `neurowire run` writes (csv.ts), the same bytes.
export { tracesCsv } from './csv.ts';
import { tracesCsv } from './csv.ts';

/** [t, v] pairs as plain arrays: ECharts takes them as they are and they survive JSON. */
function pairs(t: ArrayLike<number>, v: ArrayLike<number>): Array<[number, number]> {
  const out = new Array<[number, number]>(t.length);
  for (let k = 0; k < t.length; k++) out[k] = [t[k], v[k]];
  return out;
}

/**
 * The ECharts option: panels stacked top to bottom (one grid, x axis and y axis each), one
 * line series per trace in its unit's panel, and the spike-rate panel last; zooming and the
 * axis pointer act on all panels at once.
 */
export function tracesOption(tr: TracesValue, title: string, spikeRates: boolean): Record<string, unknown> {
  const byUnit = new Map<string, string[]>();
  for (const label of Object.keys(tr.traces)) {
    const u = tr.units[label] ?? '';
    byUnit.set(u, [...(byUnit.get(u) ?? []), label]);
  }
  const tMax = tr.t.length ? tr.t[tr.t.length - 1] : 0;
  const rates: Array<{ label: string; rate: SpikeRate }> = [];
  if (spikeRates) {
    for (const [label, s] of Object.entries(tr.spikes)) {
      const r = spikeRate(s, tMax);
      if (r) rates.push({ label, rate: r });
    }
  }
  const panels: Array<{ unit: string; series: Array<Record<string, unknown>> }> = [];
  // Long runs and many traces are drawn as their min/max envelope (decimate.ts); the CSV keeps every sample.
  const kept = keptPoints(tr.t.length, Object.keys(tr.traces).length);
  const colour = sweepColours(tr);
  for (const [unit, labels] of byUnit) {
    panels.push({
      unit,
      series: labels.map((label) => ({ name: label, type: 'line', showSymbol: false, sampling: 'lttb', dimensions: ['x', 'y'], data: minMaxPacked(tr.t, tr.traces[label], kept), ...(colour ? { itemStyle: { color: colour.of(label) }, lineStyle: { color: colour.of(label) } } : {}) })),
    });
  }
  if (rates.length) {
    panels.push({
      unit: 'Hz',
      series: rates.map(({ label, rate }) => ({ name: `${label} spike rate`, type: 'line', showSymbol: true, data: pairs(rate.centres, rate.rate) })),
    });
  }
  // Layout in percent of the chart's height: legend on top, the slider zoom at the bottom.
  const top = 10;
  const bottom = 16;
  const gap = 7;
  const n = Math.max(panels.length, 1);
  const h = (100 - top - bottom - gap * (n - 1)) / n;
  const all = panels.map((_, i) => i);
  const last = panels.length - 1;
  const notes = [
    ...(kept < tr.t.length ? [`drawn as the min/max of every ${Math.round(tr.t.length / (kept / 2))} samples (${tr.t.length.toLocaleString('en-US')} per trace); the CSV has them all`] : []),
    ...(colour ? [colour.note] : []),
  ];
  return {
    animation: false,
    ...(notes.length ? { title: { subtext: notes.join(' · '), left: 'center', top: 12, subtextStyle: { fontSize: 10, color: '#777' } } } : {}),
    // Right of the y axis name (V (mV) at the top left), so that a long legend (pinned and
    // compared runs) never covers it; one scrolling line (the panel makes it scroll).
    ...(colour ? { legend: { show: false }, graphic: colour.bar } : { legend: { top: 0, left: 120, right: 30 } }),
    tooltip: { trigger: 'axis' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    dataZoom: [
      { type: 'inside', xAxisIndex: all },
      { type: 'slider', xAxisIndex: all, bottom: 8 },
    ],
    // The last panel ends a fixed 64 px above the bottom: room for its tick labels and the time
    // axis name above the zoom slider (in percent, a short panel put the name on the slider).
    grid: panels.map((_, i) => ({ left: 70, right: 30, top: `${top + i * (h + gap)}%`, ...(i === last ? { bottom: 64 } : { height: `${h}%` }) })),
    xAxis: panels.map((_, i) => ({
      type: 'value',
      gridIndex: i,
      min: 0,
      max: tr.run.tstop,
      name: i === last ? 'time (ms)' : '',
      nameLocation: 'middle',
      nameGap: 25,
      axisLabel: { show: i === last },
      // At the panel's bottom, not at y = 0 (ECharts' default), which cuts through voltage traces.
      axisLine: { onZero: false },
    })),
    // Voltages and currents scale to their data; rates start at 0.
    yAxis: panels.map((p, i) => (p.unit === 'Hz' ? { type: 'value', gridIndex: i, name: axisName(p.unit), min: 0 } : { type: 'value', gridIndex: i, name: axisName(p.unit), scale: true })),
    series: panels.flatMap((p, i) => p.series.map((s) => ({ ...s, xAxisIndex: i, yAxisIndex: i }))),
  };
}

/**
 * The figure with its CSV written when first read, then kept: every sample as text takes
 * 100–200 ms for the tutorial's 3 × 40,001 samples, on the main thread after every run, and
 * only a download (or the CLI) reads it. An enumerable getter: copies, JSON and structured
 * clones still carry the text.
 */
export function lazyCsv(figure: Omit<FigureValue, 'csv'>, make: () => string): FigureValue {
  let csv: string | undefined;
  return Object.defineProperty(figure, 'csv', { get: () => (csv ??= make()), enumerable: true }) as FigureValue;
}

/**
 * Input: traces. Output: figure (sink). Params: title (text), spikeRates (boolean, true).
 */
export const plotTraces: BlockDef = {
  type: 'plot-traces',
  title: 'Plot traces',
  equivalents: 'navis: cmp.plot_results(); matplotlib: plt.plot(t, v)',
  aliases: ['plot_results', 'cmp.plot_results', 'matplotlib', 'Graph'],
  category: 'plot',
  description: 'Plot recorded traces over time, one panel per unit, and the spike rate of each detector (navis plot_results).',
  sink: true,
  streams: true,
  inputs: { traces: { type: 'traces', label: 'traces' } },
  outputs: { figure: { type: 'figure', label: 'figure' } },
  params: [
    {
      name: 'title',
      label: 'Title',
      kind: 'string',
      default: 'Traces',
      help: 'Title of the figure (and of the exported files).',
    },
    {
      name: 'spikeRates',
      label: 'Spike rates',
      kind: 'boolean',
      default: true,
      help: 'Add a panel with the rate (Hz) of each spike detector, binned as navis’s plot_results: 9 equal bins between 0 and the end of the run.',
    },
  ],
  compute(inputs, params) {
    const tr = requireInput(inputs, 'traces', 'traces', plotTraces);
    const p = paramValues(plotTraces, params);
    const title = p.string('title');
    const spikeRates = p.boolean('spikeRates');
    if (Object.keys(tr.traces).length === 0 && (!spikeRates || Object.keys(tr.spikes).length === 0)) {
      throw new CoreError('input', `${plotTraces.title}: nothing to plot: the run recorded no traces${spikeRates ? ' or spikes' : ''}; add a voltage recorder before the run`);
    }
    // A run still going: drawn as far as it got, the CSV (all samples as text) only for the final result.
    const figure: FigureValue = tr.partial
      ? { kind: 'figure', figure: 'traces', title, option: tracesOption(tr, title, spikeRates), csv: '', partial: tr.partial }
      : lazyCsv({ kind: 'figure', figure: 'traces', title, option: tracesOption(tr, title, spikeRates) }, () => tracesCsv(tr));
    return { figure };
  },
};
