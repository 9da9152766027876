/**
 * The plot panel's option helpers on real figures: the plot-traces, raster-plot and rate-plot
 * blocks' own options, from traces and spikes with known numbers.
 */
import { describe, expect, it } from 'vitest';
import { plotTraces, tracesOption } from '../../../nodes/plot-traces.ts';
import { rasterPlotBlock } from '../../../nodes/raster-plot.ts';
import { ratePlotBlock } from '../../../nodes/rate-plot.ts';
import type { ComputeContext } from '../../../nodes/types.ts';
import type { FigureValue, SpikesValue, TracesValue } from '../../../nodes/values.ts';
import { COMPARE_COLOR, KEPT_COLOR, PINNED_COLOR, PINNED_SUFFIX, asList, decorate, formatValue, seriesData, withPinned, withRuns, type Option } from './figure-option.ts';

const ctx: ComputeContext = {
  signal: new AbortController().signal,
  progress: () => {},
  readText: () => Promise.reject(new Error('no files here')),
  nodeId: 'test',
};

/** 0, 0.5, …, 10 ms; soma and dendrite voltages (mV), a clamp current (nA), spikes at the soma. */
function traces(shift = 0): TracesValue {
  const n = 21;
  const t = Float64Array.from({ length: n }, (_, k) => k * 0.5);
  return {
    kind: 'traces',
    t,
    traces: {
      soma: Float64Array.from(t, (x) => -65 + x + shift),
      dend: Float64Array.from(t, (x) => -70 + 2 * x + shift),
      clamp: Float64Array.from(t, (x) => (x >= 2 && x < 7 ? 0.5 : 0)),
    },
    units: { soma: 'mV', dend: 'mV', clamp: 'nA' },
    spikes: { soma: Float64Array.from([3, 4.5, 6]) },
    run: { tstop: 10, v_init: -65, dt: 0.5, celsius: 6.3 },
    sections: 1,
    segments: 1,
    wallMs: 1,
    warnings: [],
  };
}

function spikes(): SpikesValue {
  return {
    kind: 'spikes',
    names: ['n0', 'n1', 'n2'],
    labels: ['PN', 'PN', 'LN'],
    spikes: [Float64Array.from([10, 20.5]), Float64Array.from([]), Float64Array.from([15])],
    stimuli: [{ label: 'odour', start: 5, stop: 25, neurons: [0, 1] }],
    tstop: 50,
    tFinal: 50,
    events: 3,
    wallMs: 1,
    warnings: [],
  };
}

type Series = { name: string; type: string; xAxisIndex?: number; yAxisIndex?: number; data: Array<[number, number]>; lineStyle?: Option; itemStyle?: Option; markArea?: unknown; tooltip?: Option; emphasis?: Option };
const seriesOf = (o: Option) => asList(o.series) as unknown as Series[];
/** A series' first point, whether its data is packed (t0, v0, …) or a list of pairs. */
const first = (s: Series): [number, number] => {
  const d = s.data as unknown;
  return d instanceof Float64Array ? [d[0], d[1]] : (d as Array<[number, number]>)[0];
};

describe('decorate', () => {
  it('keeps the traces figure’s own linked zoom over its three panels and makes the legend scroll', () => {
    const o = tracesOption(traces(), 'T', true);
    const d = decorate(o, 'traces');
    expect(asList(d.grid).length).toBe(3);
    const zooms = asList(d.dataZoom);
    expect(zooms.map((z) => z.type).sort()).toEqual(['inside', 'slider']);
    for (const z of zooms) expect(z.xAxisIndex).toEqual([0, 1, 2]);
    expect(asList(d.legend)[0].type).toBe('scroll');
    expect(asList(d.tooltip)[0].trigger).toBe('axis');
    expect(d.animation).toBe(false);
    // Series data are shared with the figure, not copied.
    expect(seriesOf(d)[0].data).toBe(seriesOf(o)[0].data);
  });

  it('adds zoom over every x axis, a scrolling legend and room for the slider to a raster', async () => {
    const fig = (await rasterPlotBlock.compute({ spikes: spikes() }, { title: 'Spikes', labels: true, shade: true }, ctx)).figure as FigureValue;
    const d = decorate(fig.option, 'raster');
    const zooms = asList(d.dataZoom);
    expect(zooms.map((z) => z.type)).toEqual(['inside', 'slider']);
    for (const z of zooms) expect(z.xAxisIndex).toEqual([0]);
    expect(asList(d.legend)[0].type).toBe('scroll');
    // The raster keeps its item tooltip (one spike at a time).
    expect(asList(d.tooltip)[0].trigger).toBe('item');
    expect(asList(d.grid)[0].bottom).toBe(50 + 34);
    // The legend is a line under the title and subtext; the plot moves down to make room.
    expect(asList(d.legend)[0]).toMatchObject({ top: 48, left: 'center' });
    expect(asList(d.grid)[0].top).toBe(60 + 24);
    // The stimuli series only shades: its legend entry is a square of the shading's colour.
    expect(asList(d.legend)[0].data).toEqual(['spikes', { name: 'stimuli', icon: 'rect', itemStyle: { color: 'rgba(230, 140, 20, 0.15)', borderColor: 'rgba(0, 0, 0, 0.25)', borderWidth: 1 } }]);
    expect(asList(fig.option.grid)[0].bottom).toBe(50);
  });

  it('links the zoom over all panels of a figure without zoom of its own', () => {
    const o = tracesOption(traces(), 'T', true);
    const { dataZoom: _z, axisPointer: _p, ...bare } = o;
    const d = decorate(bare, 'traces');
    for (const z of asList(d.dataZoom)) expect(z.xAxisIndex).toEqual([0, 1, 2]);
    expect(d.axisPointer).toEqual({ link: [{ xAxisIndex: 'all' }] });
  });

  it('down-samples big traces and draws them without symbols', () => {
    const n = 10_001;
    const t = Float64Array.from({ length: n }, (_, k) => k * 0.025);
    const tr: TracesValue = { ...traces(), t, traces: { soma: Float64Array.from(t, (x) => Math.sin(x)) }, units: { soma: 'mV' }, spikes: {}, run: { tstop: 250, v_init: -65, dt: 0.025, celsius: 6.3 } };
    const d = decorate(tracesOption(tr, 'big', true), 'traces');
    const s = seriesOf(d)[0] as unknown as { sampling: string; showSymbol: boolean; data: Float64Array };
    expect(s.sampling).toBe('lttb');
    expect(s.showSymbol).toBe(false);
    // Packed once into x0, y0, x1, y1, … (ECharts keeps typed arrays as they are).
    expect(s.data).toBeInstanceOf(Float64Array);
    expect(s.data.length).toBe(2 * n);
    expect((s as unknown as { dimensions: string[] }).dimensions).toEqual(['x', 'y']);
    expect([s.data[2 * 4000], s.data[2 * 4000 + 1]]).toEqual([t[4000], Math.sin(t[4000])]);
    expect((seriesOf(decorate(tracesOption(tr, 'big', true), 'traces'))[0] as unknown as { data: Float64Array }).data).not.toBe(s.data);
    // The same figure decorated again reuses the packed array.
    const o = tracesOption(tr, 'big', true);
    expect(seriesOf(decorate(o, 'traces'))[0].data).toBe(seriesOf(decorate(o, 'traces'))[0].data);
    // And what is drawn reads back as the very same numbers.
    const back = seriesData(d).series[0];
    expect(back.name).toBe('soma');
    const packed = seriesOf(tracesOption(tr, 'big', true))[0].data as unknown as Float64Array;
    expect(back.data).toEqual(Array.from({ length: packed.length / 2 }, (_, k) => [packed[2 * k], packed[2 * k + 1]]));
  });

  it('leaves big data with gaps or objects unpacked', () => {
    const data: unknown[] = Array.from({ length: 2000 }, (_, k) => [k, k * 2]);
    data[7] = { value: [7, 14] };
    const d = decorate({ series: [{ type: 'line', name: 'g', data }] }, 'rates');
    expect(seriesOf(d)[0].data).toBe(data);
  });

  it('formats tooltip values to five significant digits', () => {
    expect(formatValue(-64.97312345)).toBe('-64.973');
    expect(formatValue(12)).toBe('12');
    expect(formatValue([1.234567, 2])).toBe('1.2346, 2');
  });
});

describe('withRuns', () => {
  it('draws kept runs light grey and thin (left out of the legend), pinned grey dashed, the compared one coloured', () => {
    const current = tracesOption(traces(5), 'T', false);
    const kept = tracesOption(traces(1), 'T', false);
    const pinned = tracesOption(traces(2), 'T', false);
    const compared = tracesOption(traces(3), 'T', false);
    const o = withRuns(current, [
      { id: 'a', option: kept, style: 'kept', suffix: ' (run 1)' },
      { id: 'b', option: pinned, style: 'pinned', suffix: PINNED_SUFFIX },
      { id: 'c', option: compared, style: 'compare', suffix: ' (compare, run 3)' },
    ]);
    const all = seriesOf(o) as Array<Series & { id?: string; lineStyle?: Record<string, unknown>; z?: number }>;
    expect(all.map((s) => s.name)).toEqual(['soma', 'dend', 'clamp', 'soma (run 1)', 'dend (run 1)', 'clamp (run 1)', 'soma (pinned)', 'dend (pinned)', 'clamp (pinned)', 'soma (compare, run 3)', 'dend (compare, run 3)', 'clamp (compare, run 3)']);
    expect(all[3]).toMatchObject({ id: 'nw-kept:a:0', z: 0, lineStyle: { color: KEPT_COLOR, type: 'solid', width: 0.8 } });
    expect(all[6]).toMatchObject({ id: 'nw-run:b:0', z: 1, lineStyle: { color: PINNED_COLOR, type: 'dashed', width: 1 } });
    expect(all[9]).toMatchObject({ id: 'nw-run:c:0', lineStyle: { color: COMPARE_COLOR, type: 'dashed', width: 1.5 } });
    // Each run's own numbers: soma of run k starts at -65 + k mV.
    expect([all[3], all[6], all[9], all[0]].map(first)).toEqual([[0, -64], [0, -63], [0, -62], [0, -60]]);
    // The legend lists the current series, the pinned and the compared ones, not the kept ones.
    const legend = asList(decorate(o, 'traces').legend)[0].data as string[];
    expect(legend).toEqual(['soma', 'dend', 'clamp', 'soma (pinned)', 'dend (pinned)', 'clamp (pinned)', 'soma (compare, run 3)', 'dend (compare, run 3)', 'clamp (compare, run 3)']);
  });
});

describe('withPinned', () => {
  it('adds every pinned trace again, grey and dashed, with the pinned run’s data on the same panel', () => {
    const pinned = tracesOption(traces(0), 'T', true);
    const current = tracesOption(traces(5), 'T', true);
    const o = withPinned(current, pinned);
    const cur = seriesOf(current);
    const all = seriesOf(o);
    expect(cur.length).toBe(4); // soma, dend, clamp, soma spike rate
    expect(all.length).toBe(2 * cur.length);
    const pins = all.slice(cur.length);
    expect(pins.map((s) => s.name)).toEqual(['soma (pinned)', 'dend (pinned)', 'clamp (pinned)', 'soma spike rate (pinned)']);
    for (const [i, p] of pins.entries()) {
      const src = seriesOf(pinned)[i];
      expect(p.name.endsWith(PINNED_SUFFIX)).toBe(true);
      expect(p.data).toEqual(src.data);
      expect(p.xAxisIndex).toBe(src.xAxisIndex);
      expect(p.yAxisIndex).toBe(src.yAxisIndex);
      expect(p.lineStyle).toMatchObject({ type: 'dashed', color: PINNED_COLOR, width: 1 });
      expect(p.tooltip).toEqual({ show: false });
      expect(p.emphasis).toEqual({ disabled: true });
    }
    // The pinned soma is the unshifted run, the current one is 5 mV up.
    expect(first(pins[0])).toEqual([0, -65]);
    expect(first(all[0])).toEqual([0, -60]);
    // The current option itself is left as it was.
    expect(seriesOf(current).length).toBe(4);
  });

  it('finds a pinned panel by its axis name when panels moved, and drops series whose panel is gone', () => {
    // Pinned with spike rates (panels mV, nA, Hz), now without (mV, nA): the rates have nowhere to go.
    const pinned = tracesOption(traces(0), 'T', true);
    const now = traces(1);
    now.traces = { clamp: now.traces.clamp, soma: now.traces.soma };
    const current = tracesOption(now, 'T', false);
    // Now nA is panel 0 and mV panel 1.
    expect(asList(current.yAxis).map((a) => a.name)).toEqual(['I (nA)', 'V (mV)']);
    const pins = seriesOf(withPinned(current, pinned)).slice(2);
    expect(pins.map((s) => [s.name, s.yAxisIndex, s.xAxisIndex])).toEqual([
      ['soma (pinned)', 1, 1],
      ['dend (pinned)', 1, 1],
      ['clamp (pinned)', 0, 0],
    ]);
  });

  it('pins raster spikes as faded symbols without repeating the stimulus shading', async () => {
    const fig = (await rasterPlotBlock.compute({ spikes: spikes() }, { title: 'Spikes' }, ctx)).figure as FigureValue;
    const o = withPinned(fig.option, fig.option);
    const all = seriesOf(o);
    expect(all.map((s) => s.name)).toEqual(['spikes', 'stimuli', 'spikes (pinned)', 'stimuli (pinned)']);
    expect(all[2].data).toEqual([[10, 0], [20.5, 0], [15, 2]]);
    expect(all[2].itemStyle).toMatchObject({ color: PINNED_COLOR, opacity: 0.35 });
    expect(all[1].markArea).toBeDefined();
    expect(all[3].markArea).toBeUndefined();
  });

  it('keeps a rate plot’s ± sem band stacked on its own pinned stack', async () => {
    const fig = (await ratePlotBlock.compute({ spikes: spikes() }, { title: 'R', bin: 10, window: 1, group: true, stimuli: true }, ctx)).figure as FigureValue;
    const o = withPinned(fig.option, fig.option);
    const stacks = seriesOf(o).map((s) => (s as Series & { stack?: string }).stack);
    expect(stacks).toEqual(['band 0', 'band 0', undefined, undefined, 'band 0 (pinned)', 'band 0 (pinned)', undefined, undefined]);
  });

  it('is the option itself without a pinned one', () => {
    const o = tracesOption(traces(), 'T', true);
    expect(withPinned(o, null)).toBe(o);
  });
});

describe('seriesData', () => {
  it('reads back the plotted numbers, pinned ones under their names', async () => {
    const fig = (await plotTraces.compute({ traces: traces(2) }, { title: 'T', spikeRates: true }, ctx)).figure as FigureValue;
    const pinned = tracesOption(traces(0), 'T', true);
    const data = seriesData(decorate(withPinned(fig.option, pinned), 'traces'));
    expect(data.series.map((s) => s.name)).toEqual(['soma', 'dend', 'clamp', 'soma spike rate', 'soma (pinned)', 'dend (pinned)', 'clamp (pinned)', 'soma spike rate (pinned)']);
    const soma = data.series[0].data;
    expect(soma.length).toBe(21);
    expect(soma[4]).toEqual([2, -61]);
    expect(data.series[2].data[4]).toEqual([2, 0.5]);
    expect(data.series[4].data[4]).toEqual([2, -63]);
    // Three spikes in 10 ms: bins of 10/9 ms hold one each at 3, 4.5 and 6 ms → 900 Hz.
    expect(data.series[3].data.filter(([, r]) => r > 0).length).toBe(3);
    expect(data.series[3].data.find(([, r]) => r > 0)?.[1]).toBeCloseTo(900, 9);
  });

  it('reads {value} items and category series, and skips series without array data', () => {
    const data = seriesData({ series: [{ name: 'a', data: [{ value: [1, 2] }, [3, 4]] }, { name: 'b', data: [5, 6] }, { name: 'c', data: 'x' }] });
    expect(data).toEqual({ series: [{ name: 'a', data: [[1, 2], [3, 4]] }, { name: 'b', data: [[0, 5], [1, 6]] }] });
    expect(seriesData(null)).toEqual({ series: [] });
  });
});
