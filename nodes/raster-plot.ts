/**
 * `raster-plot`: one tick per spike, one row per neuron, as navis's `PointNetwork.plot_raster`
 * (row i holds neuron i, the first neuron at the bottom), with the stimulus windows shaded.
 * Big networks: rows grouped by label on request (cell types), numbered rather than named
 * past ROW_NAMES rows, ticks drawn in ECharts' large mode past PAIRS spikes, and past
 * SPIKES_DRAWN spikes a density (spikes per time bin and band of rows) instead of every tick;
 * the CSV has every spike in all cases.
 */
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import { lazyCsv } from './plot-traces.ts';
import { densityGrid, rowOrder } from './raster-layout.ts';
import type { BlockDef, Params } from './types.ts';
import type { FigureValue, SpikesValue } from './values.ts';

/** A CSV field: numbers in shortest round-trip form (full precision), text quoted when needed. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A vertical bar, ECharts scales it to the symbol size: navis draws each spike as a short vertical line. */
const TICK = 'path://M0,0H1V10H0Z';

/** Rows named on the axis up to this many (more names than pixels say nothing). */
const ROW_NAMES = 200;
/** Spikes given as [t, row] pairs up to this many; packed and drawn in large mode beyond. */
const PAIRS = 20_000;
/** Spikes drawn one by one up to this many; beyond, their density. */
export const SPIKES_DRAWN = 300_000;
/**
 * The density's grid: time bins × bands of rows (at most). ECharts draws a heatmap cell by
 * cell: 250 × 120 cells draw in a fraction of a second, 600 × 300 took 2 s in Chromium.
 */
const DENSITY_COLUMNS = 250;
const DENSITY_BANDS = 120;
/** Group bands named on a grouped raster up to this many groups. */
const GROUP_BANDS = 60;

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
      name: 'group',
      label: 'group rows by label',
      kind: 'boolean',
      default: false,
      help: 'Order the rows by label (a connectome’s cell types together, each in neuron order) and name each label’s band; off: row i is neuron i, as navis draws it.',
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
    const grouped = p.boolean('group');
    const { rowOf, neuronAt, groups } = rowOrder(sp.labels, grouped);
    const named = byLabel ? sp.labels : sp.names;
    let count = 0;
    for (const times of sp.spikes) count += times.length;
    const dense = count > SPIKES_DRAWN;
    // Rows get thinner as neurons get more numerous; a few pixels at least stay visible.
    const tickHeight = Math.max(2, Math.min(14, 400 / Math.max(n, 1)));
    const areas: Array<[Record<string, unknown>, Record<string, unknown>]> = [];
    if (p.boolean('shade')) {
      for (const st of sp.stimuli) {
        if (st.stop >= BACKGROUND_STOP) continue;
        const x0 = Math.max(0, st.start);
        const x1 = Math.min(sp.tstop, st.stop);
        if (!(x1 > x0)) continue;
        for (const [a, b] of runs(st.neurons.map((i) => rowOf[i]))) areas.push([{ name: st.label, xAxis: x0, yAxis: a - 0.5 }, { xAxis: x1, yAxis: b + 0.5 }]);
      }
    }
    // The groups' bands, alternately shaded and named, where rows are numbered rather than named.
    const bands =
      grouped && n > ROW_NAMES && groups.length <= GROUP_BANDS
        ? groups.map((g, k) => [{ name: g.label, yAxis: g.first - 0.5, itemStyle: { color: k % 2 ? 'rgba(60, 90, 160, 0.07)' : 'rgba(0, 0, 0, 0)' } }, { yAxis: g.last + 0.5 }])
        : [];
    const rowAxisName = grouped ? 'neurons by label' : byLabel ? 'label' : 'neuron';
    const rowsAxis = n <= ROW_NAMES ? { type: 'category', data: Array.from(neuronAt, (i) => named[i]), name: rowAxisName, axisTick: { alignWithLabel: true } } : { type: 'value', name: `${rowAxisName} (row)`, min: -0.5, max: n - 0.5, minInterval: 1 };
    const timeAxis = { type: 'value', name: 'time (ms)', nameLocation: 'middle', nameGap: 28, min: 0, max: sp.tstop, axisLine: { onZero: false } };
    const overlay = {
      type: 'scatter',
      // Named for what it shades: the legend says "stimuli" only when there are some.
      name: areas.length || !bands.length ? 'stimuli' : 'label groups',
      silent: true,
      symbolSize: 0,
      // One invisible point keeps the series (and so its areas) drawn when nothing else is.
      data: areas.length || bands.length ? [[0, -0.5]] : [],
      markArea: { silent: true, itemStyle: { color: 'rgba(230, 140, 20, 0.15)' }, label: { position: 'insideTopLeft', fontSize: 10 }, data: [...bands, ...areas] },
    };
    let option: Record<string, unknown>;
    if (!dense) {
      let data: Array<[number, number]> | Float64Array;
      if (count <= PAIRS) {
        const pairs: Array<[number, number]> = [];
        sp.spikes.forEach((times, i) => {
          for (let k = 0; k < times.length; k++) pairs.push([times[k], rowOf[i]]);
        });
        data = pairs;
      } else {
        // Packed t0, row0, t1, row1, …: no array per spike.
        data = new Float64Array(2 * count);
        let m = 0;
        sp.spikes.forEach((times, i) => {
          for (let k = 0; k < times.length; k++) {
            data[m++] = times[k];
            data[m++] = rowOf[i];
          }
        });
      }
      const big = count > PAIRS;
      option = {
        title: { text: title, subtext: count === 0 ? 'no spikes' : `${count} spikes, ${n} neurons` },
        tooltip: { trigger: 'item' },
        grid: { left: 90, right: 30, top: 60, bottom: 50 },
        // onZero false: the hidden row axis has its 0 on the first row, not at the bottom.
        xAxis: timeAxis,
        // Rows are categories (names or labels, possibly repeated) or numbers; a hidden value
        // axis on the same span (row i centred on i) places the stimulus areas between row edges.
        yAxis: [rowsAxis, { type: 'value', show: false, min: -0.5, max: n - 0.5 }],
        series: [
          big
            ? { type: 'scatter', name: 'spikes', yAxisIndex: 0, symbol: 'rect', symbolSize: [1, Math.max(1, tickHeight)], itemStyle: { color: '#222' }, large: true, largeThreshold: 2000, dimensions: ['x', 'y'], data }
            : { type: 'scatter', name: 'spikes', yAxisIndex: 0, symbol: TICK, symbolSize: [1.5, tickHeight], itemStyle: { color: '#222' }, data },
          { ...overlay, yAxisIndex: 1 },
        ],
      };
    } else {
      // Too many ticks to draw one by one: spikes per cell of a time × rows grid, darker for more.
      const columns = DENSITY_COLUMNS;
      const nb = Math.max(1, Math.min(n, DENSITY_BANDS));
      const { counts, max } = densityGrid(sp.spikes, rowOf, sp.tstop, columns, nb);
      const cells: Array<[number, number, number]> = [];
      for (let b = 0; b < nb; b++) for (let c = 0; c < columns; c++) if (counts[b * columns + c]) cells.push([c, b, counts[b * columns + c]]);
      const binMs = sp.tstop / columns;
      option = {
        title: { text: title, subtext: `${count} spikes, ${n} neurons: spikes per ${Number(binMs.toPrecision(3))} ms and ${Math.round(n / nb)} rows (the CSV has every spike)` },
        tooltip: { trigger: 'item' },
        grid: { left: 90, right: 30, top: 70, bottom: 50 },
        // The grid's cells on hidden category axes; time and rows shown on value axes over the same span.
        xAxis: [
          { type: 'category', show: false, data: Array.from({ length: columns }, (_, c) => Number((c * binMs).toPrecision(4))) },
          { ...timeAxis, position: 'bottom' },
        ],
        yAxis: [
          { type: 'category', show: false, data: Array.from({ length: nb }, (_, b) => `rows ${Math.floor((b * n) / nb)}–${Math.floor(((b + 1) * n) / nb) - 1}`) },
          { ...(rowsAxis.type === 'value' ? rowsAxis : { type: 'value', name: rowAxisName, min: -0.5, max: n - 0.5 }), position: 'left' },
        ],
        visualMap: { type: 'continuous', min: 1, max: Math.max(1, max), dimension: 2, seriesIndex: 0, orient: 'horizontal', right: 30, top: 24, itemHeight: 120, text: [`${max}`, '1 spike'], inRange: { color: ['#cfcfcf', '#000000'] } },
        series: [
          { type: 'heatmap', name: 'spikes', xAxisIndex: 0, yAxisIndex: 0, progressive: 0, progressiveThreshold: 1e9, data: cells },
          // Over the density: the stimulus windows and the label bands stay visible.
          { ...overlay, xAxisIndex: 1, yAxisIndex: 1, z: 5, markArea: { ...overlay.markArea, z: 10, itemStyle: { color: 'rgba(230, 140, 20, 0.25)' } } },
        ],
        // The visual map says what the greys mean; a legend entry for the cells would not.
        legend: { show: false },
      };
    }
    const figure = lazyCsv({ kind: 'figure', figure: 'raster', title, option }, () => {
      const lines = ['label,t'];
      sp.spikes.forEach((times, i) => {
        const name = csvField(sp.names[i]);
        for (let k = 0; k < times.length; k++) lines.push(`${name},${csvField(times[k])}`);
      });
      return lines.join('\n') + '\n';
    });
    return { figure };
  },
};
