/**
 * `raster-plot`: one tick per spike, one row per neuron, as navis's `PointNetwork.plot_raster`
 * (row i holds neuron i, the first neuron at the bottom), with the stimulus windows shaded.
 */
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef, Params } from './types.ts';
import type { FigureValue, SpikesValue } from './values.ts';

/** A CSV field: numbers in shortest round-trip form (full precision), text quoted when needed. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A vertical bar, ECharts scales it to the symbol size: navis draws each spike as a short vertical line. */
const TICK = 'path://M0,0H1V10H0Z';

/** navis skips stimuli ending at or after 999,999,999 ms (background noise) when it draws them (network.py, _plot_traces_*). */
export const BACKGROUND_STOP = 999_999_999;

/** Runs of consecutive indices in a sorted, de-duplicated list: [first, last] pairs. */
function runs(indices: number[]): Array<[number, number]> {
  const s = [...new Set(indices)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const i of s) {
    const last = out[out.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

export const rasterPlotBlock: BlockDef = {
  type: 'raster-plot',
  title: 'Raster plot',
  equivalents: 'navis: net.plot_raster()',
  aliases: ['plot_raster', 'net.plot_raster'],
  category: 'plot',
  description: 'Spike times of every neuron as a raster (navis’s plot_raster), stimulus windows shaded.',
  inputs: { spikes: { type: 'spikes', label: 'spikes' } },
  outputs: { figure: { type: 'figure', label: 'figure' } },
  sink: true,
  params: [
    { name: 'title', label: 'title', kind: 'string', default: 'Spikes', help: 'Title above the plot.' },
    {
      name: 'labels',
      label: 'rows by label',
      kind: 'boolean',
      default: true,
      help: 'Name each row by the neuron’s label (from the point network’s labels file) rather than its id, as navis’s plot_raster(label=True) in the tutorial. Rows stay one per neuron.',
    },
    {
      name: 'shade',
      label: 'shade stimuli',
      kind: 'boolean',
      default: true,
      help: 'Shade each stimulus window on the rows of the neurons it drives (background noise, which lasts the whole run, is not shaded, as in navis).',
    },
  ],
  compute(inputs, params: Params) {
    const sp: SpikesValue = requireInput(inputs, 'spikes', 'spikes', rasterPlotBlock);
    const p = paramValues(rasterPlotBlock, params);
    const title = p.string('title');
    const byLabel = p.boolean('labels');
    const n = sp.names.length;
    const rows = byLabel ? sp.labels : sp.names;
    const data: Array<[number, number]> = [];
    let count = 0;
    sp.spikes.forEach((times, i) => {
      for (let k = 0; k < times.length; k++) data.push([times[k], i]);
      count += times.length;
    });
    // Rows get thinner as neurons get more numerous; a few pixels at least stay visible.
    const tickHeight = Math.max(2, Math.min(14, 400 / Math.max(n, 1)));
    const areas: Array<[Record<string, unknown>, Record<string, unknown>]> = [];
    if (p.boolean('shade')) {
      for (const st of sp.stimuli) {
        if (st.stop >= BACKGROUND_STOP) continue;
        const x0 = Math.max(0, st.start);
        const x1 = Math.min(sp.tstop, st.stop);
        if (!(x1 > x0)) continue;
        for (const [a, b] of runs(st.neurons)) areas.push([{ name: st.label, xAxis: x0, yAxis: a - 0.5 }, { xAxis: x1, yAxis: b + 0.5 }]);
      }
    }
    const option: Record<string, unknown> = {
      title: { text: title, subtext: count === 0 ? 'no spikes' : `${count} spikes, ${n} neurons` },
      tooltip: { trigger: 'item' },
      grid: { left: 90, right: 30, top: 60, bottom: 50 },
      // onZero false: the hidden row axis has its 0 on the first row, not at the bottom.
      xAxis: { type: 'value', name: 'time (ms)', nameLocation: 'middle', nameGap: 28, min: 0, max: sp.tstop, axisLine: { onZero: false } },
      // Rows are categories (names or labels, possibly repeated); a hidden value axis on the
      // same span (row i centred on i) places the stimulus areas between row edges.
      yAxis: [
        { type: 'category', data: rows, name: byLabel ? 'label' : 'neuron', axisTick: { alignWithLabel: true } },
        { type: 'value', show: false, min: -0.5, max: n - 0.5 },
      ],
      series: [
        { type: 'scatter', name: 'spikes', yAxisIndex: 0, symbol: TICK, symbolSize: [1.5, tickHeight], itemStyle: { color: '#222' }, data },
        {
          type: 'scatter',
          name: 'stimuli',
          yAxisIndex: 1,
          silent: true,
          symbolSize: 0,
          // One invisible point keeps the series (and so its areas) drawn when nothing else is.
          data: areas.length ? [[0, -0.5]] : [],
          markArea: { silent: true, itemStyle: { color: 'rgba(230, 140, 20, 0.15)' }, label: { position: 'insideTopLeft', fontSize: 10 }, data: areas },
        },
      ],
    };
    const lines = ['label,t'];
    sp.spikes.forEach((times, i) => {
      const name = csvField(sp.names[i]);
      for (let k = 0; k < times.length; k++) lines.push(`${name},${csvField(times[k])}`);
    });
    const figure: FigureValue = { kind: 'figure', figure: 'raster', title, option, csv: lines.join('\n') + '\n' };
    return { figure };
  },
};
