/**
 * `rate-plot`: binned firing rates over time, per neuron or as mean ± s.e.m. per label, as
 * navis's `PointNetwork.plot_traces` (rates = spike counts per bin · 1000 / bin, from
 * `get_spike_counts`; tools/neuron/EVENTS.md §7).
 *
 * Where it differs from navis, on purpose: bins cover [0, tstop) of the run (navis bins up to
 * NEURON's final t, slightly above tstop, and so adds one more bin after tstop; spikes in
 * [tstop, final t] are left out here); the time column is the bin centre (navis: right edges,
 * left edges in older versions); the rolling mean is centred and shrinks at the ends (navis
 * averages forward and leaves the last window − 1 bins raw).
 */
import { CoreError } from '../src/core/errors.ts';
import { firingRates, groupRates } from '../src/core/network/rates.ts';
import { BACKGROUND_STOP, csvField } from './raster-plot.ts';
import { lazyCsv } from './plot-traces.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef, Params } from './types.ts';
import type { FigureValue, SpikesValue } from './values.ts';

/** ECharts' default palette, given explicitly so that a group's band has its mean's colour. */
const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];

const pairs = (t: Float64Array, y: ArrayLike<number>): Array<[number, number]> => Array.from(t, (x, k) => [x, y[k]]);

/** Most bins a rate plot computes (a curve of a million points is already far past what a plot shows). */
const MAX_BINS = 1_000_000;
/** Most rates in all (neurons × bins; 160 MB of doubles). */
const MAX_VALUES = 20_000_000;

export const ratePlotBlock: BlockDef = {
  type: 'rate-plot',
  title: 'Firing rates',
  equivalents: 'navis: net.plot_traces(bin_size)',
  aliases: ['plot_traces', 'net.plot_traces', 'firing rate', 'PSTH'],
  category: 'plot',
  description: 'Firing rates over time in bins, per neuron or mean ± s.e.m. per label (navis’s plot_traces).',
  inputs: { spikes: { type: 'spikes', label: 'spikes' } },
  outputs: { figure: { type: 'figure', label: 'figure' } },
  sink: true,
  params: [
    { name: 'title', label: 'title', kind: 'string', default: 'Firing rates', help: 'Title above the plot.' },
    {
      name: 'bin',
      softMin: 0, softMax: 500,
      label: 'bin',
      kind: 'number',
      unit: 'ms',
      default: 50,
      min: 0,
      exclusive: true,
      max: 1e6,
      help: 'Bin width: rate = spikes in the bin · 1000 / bin. Bins start at 0 and cover the run’s duration (a last partial bin is still divided by the full width, as navis does). navis’s get_spike_counts uses 50 ms, plot_traces 100 ms.',
    },
    {
      name: 'window',
      softMin: 1, softMax: 50,
      label: 'rolling window',
      kind: 'number',
      unit: 'bins',
      default: 1,
      min: 1,
      max: 1000,
      integer: true,
      help: 'Smooth each rate with a centred rolling mean over this many bins (1: no smoothing; at the ends the window shrinks to the bins that exist).',
    },
    {
      name: 'group',
      label: 'group by label',
      kind: 'boolean',
      default: false,
      help: 'One curve per label: the mean rate of its neurons with a band of ± one standard error of the mean (none for a single neuron), as navis’s plot_traces(group=True).',
    },
    {
      name: 'stimuli',
      label: 'show stimuli',
      kind: 'boolean',
      default: true,
      help: 'Shade the time windows of the stimuli (not background noise, as in navis).',
    },
  ],
  compute(inputs, params: Params) {
    const sp: SpikesValue = requireInput(inputs, 'spikes', 'spikes', ratePlotBlock);
    const p = paramValues(ratePlotBlock, params);
    const title = p.string('title');
    const bin = p.number('bin');
    const window = p.number('window');
    // A bin far below the run's length asks for more numbers than a plot can show or memory can
    // hold (a 1e-300 ms bin was a RangeError from the typed array): refuse it in words.
    const bins = Math.ceil(sp.tstop / bin);
    const curves = Math.max(1, sp.names.length);
    if (bins > MAX_BINS || bins * curves > MAX_VALUES) {
      const least = Math.max(sp.tstop / MAX_BINS, (sp.tstop * curves) / MAX_VALUES);
      throw new CoreError(
        'input',
        `rate plot: a bin of ${bin} ms over the ${sp.tstop} ms run makes ${bins.toExponential(2)} bins for ${curves} neuron(s); at most ${MAX_BINS.toLocaleString('en')} bins and ${MAX_VALUES.toLocaleString('en')} rates in all are plotted: choose a bin of at least ${Number(least.toPrecision(2))} ms`,
      );
    }
    const { t, rates } = firingRates(sp.spikes, { bin, tstop: sp.tstop, window });
    const columns: Array<{ name: string; values: Float64Array }> = [];
    const series: Array<Record<string, unknown>> = [];
    if (p.boolean('group')) {
      groupRates(rates, sp.labels).forEach((g, gi) => {
        const color = PALETTE[gi % PALETTE.length];
        columns.push({ name: `${g.label} mean`, values: g.mean }, { name: `${g.label} sem`, values: g.sem });
        if (g.n > 1) {
          // The band is two stacked lines: its lower edge (invisible), then its height filled
          // on top. A rate is never negative, so the lower edge stops at 0.
          const lower = g.mean.map((m, k) => Math.max(0, m - g.sem[k]));
          const height = g.mean.map((m, k) => m + g.sem[k] - lower[k]);
          const stack = `band ${gi}`;
          const band = { type: 'line', stack, symbol: 'none', silent: true, lineStyle: { opacity: 0 }, tooltip: { show: false } };
          series.push({ ...band, name: `${g.label} − sem`, data: pairs(t, lower) });
          series.push({ ...band, name: `${g.label} ± sem`, data: pairs(t, height), areaStyle: { color, opacity: 0.25 } });
        }
        series.push({ type: 'line', name: `${g.label} (n = ${g.n})`, symbol: 'none', itemStyle: { color }, lineStyle: { color, width: 1.5 }, data: pairs(t, g.mean) });
      });
    } else {
      rates.forEach((r, i) => {
        columns.push({ name: sp.names[i], values: r });
        series.push({ type: 'line', name: sp.names[i], symbol: 'none', lineStyle: { width: 1.2 }, data: pairs(t, r) });
      });
    }
    if (p.boolean('stimuli') && series.length) {
      const areas = sp.stimuli
        .filter((s) => s.stop < BACKGROUND_STOP && Math.min(s.stop, sp.tstop) > Math.max(0, s.start))
        .map((s) => [{ name: s.label, xAxis: Math.max(0, s.start) }, { xAxis: Math.min(s.stop, sp.tstop) }]);
      if (areas.length) {
        const last = series[series.length - 1];
        last.markArea = { silent: true, itemStyle: { color: 'rgba(160, 160, 160, 0.15)' }, label: { position: 'insideTop', fontSize: 10 }, data: areas };
      }
    }
    const shown = series.filter((s) => s.tooltip === undefined).map((s) => s.name);
    const option: Record<string, unknown> = {
      title: { text: title, subtext: `bin ${bin} ms${window > 1 ? `, rolling mean over ${window} bins` : ''}` },
      tooltip: { trigger: 'axis' },
      // A legend of hundreds of neurons is noise: shown only for a readable number of curves,
      // on one scrolling line under the title.
      legend: { show: shown.length <= 30, type: 'scroll', data: shown, top: 62, left: 60, right: 30 },
      grid: { left: 60, right: 30, top: 110, bottom: 50 },
      xAxis: { type: 'value', name: 'time (ms)', nameLocation: 'middle', nameGap: 28, min: 0, max: sp.tstop },
      yAxis: { type: 'value', name: 'rate (Hz)' },
      series,
    };
    // Written when asked for (a download, the CLI): ungrouped, a column per neuron.
    const figure: FigureValue = lazyCsv({ kind: 'figure', figure: 'rates', title, option }, () => {
      const lines = [['t', ...columns.map((c) => c.name)].map(csvField).join(',')];
      for (let k = 0; k < t.length; k++) lines.push([t[k], ...columns.map((c) => c.values[k])].map(csvField).join(','));
      return lines.join('\n') + '\n';
    });
    return { figure };
  },
};
