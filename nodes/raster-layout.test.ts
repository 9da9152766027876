/** Raster rows grouped by label and the density grid of a big raster, by hand. */
import { describe, expect, it } from 'vitest';
import { densityGrid, rowOrder } from './raster-layout.ts';
import { rasterPlotBlock, SPIKES_DRAWN } from './raster-plot.ts';
import type { FigureValue, SpikesValue } from './values.ts';
import type { ComputeContext, Params } from './types.ts';

const ctx: ComputeContext = { signal: new AbortController().signal, nodeId: 'r', readText: async () => '', progress: () => {} };

describe('raster rows', () => {
  it('in neuron order, or grouped by label in order of first appearance, neuron order within', () => {
    expect(Array.from(rowOrder(['b', 'a', 'b'], false).neuronAt)).toEqual([0, 1, 2]);
    const g = rowOrder(['KC', 'PN', 'KC', 'LN', 'PN'], true);
    expect(Array.from(g.neuronAt)).toEqual([0, 2, 1, 4, 3]);
    expect(Array.from(g.rowOf)).toEqual([0, 2, 1, 4, 3]);
    expect(g.groups).toEqual([
      { label: 'KC', first: 0, last: 1 },
      { label: 'PN', first: 2, last: 3 },
      { label: 'LN', first: 4, last: 4 },
    ]);
  });

  it('counts spikes per time bin and band of rows; a spike at tstop is in the last bin', () => {
    const rowOf = Int32Array.from([0, 1, 2, 3]);
    // 4 rows in 2 bands (rows 0–1, 2–3), 100 ms in 4 bins of 25 ms.
    const { counts, max } = densityGrid([[0, 24.9, 25], [99], [50, 100], []], rowOf, 100, 4, 2);
    expect(Array.from(counts)).toEqual([2, 1, 0, 1, 0, 0, 1, 1]);
    expect(max).toBe(2);
  });
});

describe('raster of a big network', () => {
  function spikes(n: number, perNeuron: number, labels?: string[]): SpikesValue {
    const trains = Array.from({ length: n }, (_, i) => Float64Array.from({ length: perNeuron }, (_, k) => (k * 1000 + i) / perNeuron / 1.0001));
    return { kind: 'spikes', names: trains.map((_, i) => `n${i}`), labels: labels ?? trains.map((_, i) => `n${i}`), spikes: trains, stimuli: [], tstop: 1000, tFinal: 1000, events: 0, wallMs: 0, warnings: [] };
  }
  const figure = async (sp: SpikesValue, params: Params = {}) => ((await rasterPlotBlock.compute({ spikes: sp }, params, ctx)) as { figure: FigureValue }).figure;

  it('past 200 rows numbers them; past 20,000 spikes packs them for ECharts’ large mode; the CSV has every spike', async () => {
    const sp = spikes(5000, 10);
    const fig = await figure(sp);
    const o = fig.option as { yAxis: Array<{ type: string }>; series: Array<{ large?: boolean; data: Float64Array }> };
    expect(o.yAxis[0].type).toBe('value');
    expect(o.series[0].large).toBe(true);
    expect(o.series[0].data).toBeInstanceOf(Float64Array);
    expect(o.series[0].data.length).toBe(2 * 50_000);
    // Neuron 4321's third spike: its time and its row.
    const k = 2 * (4321 * 10 + 2);
    expect([o.series[0].data[k], o.series[0].data[k + 1]]).toEqual([sp.spikes[4321][2], 4321]);
    expect(fig.csv.split('\n').length - 2).toBe(50_000);
  });

  it('past SPIKES_DRAWN spikes draws their density, every spike counted once', async () => {
    const n = 127_000;
    const sp = spikes(n, 3, Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'KC' : 'PN')));
    expect(3 * n).toBeGreaterThan(SPIKES_DRAWN);
    const fig = await figure(sp, { group: true });
    const o = fig.option as { series: Array<{ type: string; data: Array<[number, number, number]>; markArea?: { data: Array<Array<{ name?: string; yAxis?: number }>> } }>; visualMap: { max: number } };
    expect(o.series[0].type).toBe('heatmap');
    expect(o.series[0].data.reduce((a, c) => a + c[2], 0)).toBe(3 * n);
    expect(Math.max(...o.series[0].data.map((c) => c[2]))).toBe(o.visualMap.max);
    // Grouped: KC rows first (42,334 of them), then PN; both bands named.
    const bands = o.series[1].markArea!.data.filter((a) => a[0].name);
    expect(bands.map((b) => [b[0].name, b[0].yAxis, b[1].yAxis])).toEqual([
      ['KC', -0.5, 42_333.5],
      ['PN', 42_333.5, n - 0.5],
    ]);
  });
});
