import { describe, expect, it } from 'vitest';
import { blockDef } from './index.ts';
import { plotHeatmap } from './plot-heatmap.ts';
import { exec } from './model-test-kit.ts';
import type { FigureValue, TableValue } from './values.ts';

// A 2 × 3 grid of a metric for two traces, as the metrics block gives it after a 2-D sweep.
const rows = [
  [0.1, 100, 'soma', 1],
  [0.1, 100, 'axon', 2],
  [0.1, 200, 'soma', 3],
  [0.1, 200, 'axon', 4],
  [0.1, 300, 'soma', NaN],
  [0.1, 300, 'axon', 6],
  [0.2, 100, 'soma', 7],
  [0.2, 100, 'axon', 8],
  [0.2, 200, 'soma', 9],
  [0.2, 200, 'axon', 10],
  [0.2, 300, 'soma', 11],
  [0.2, 300, 'axon', 12],
] as const;
const table: TableValue = {
  kind: 'table',
  title: 'metrics',
  columns: { 'syn.g': Float64Array.from(rows, (r) => r[0]), 'props.Ra': Float64Array.from(rows, (r) => r[1]), trace: rows.map((r) => r[2]), spikes: Float64Array.from(rows, (r) => r[3]) },
};

describe('plot-heatmap block', () => {
  it('is in the catalogue', () => expect(blockDef('plot-heatmap')).toBe(plotHeatmap));

  it('puts one trace’s metric on the grid of the two swept values, blank where it has none', async () => {
    const f = (await exec(plotHeatmap, { table }, { x: 'syn.g', y: 'props.Ra', value: 'spikes', trace: 'soma' })).figure as FigureValue;
    expect(f.figure).toBe('heatmap');
    expect((f.option.xAxis as { data: string[] }).data).toEqual(['0.1', '0.2']);
    expect((f.option.yAxis as { data: string[] }).data).toEqual(['100', '200', '300']);
    expect((f.option.series as Array<{ data: number[][] }>)[0].data).toEqual([
      [0, 0, 1],
      [0, 1, 3],
      [1, 0, 7],
      [1, 1, 9],
      [1, 2, 11],
    ]);
    expect((f.option.visualMap as { min: number; max: number }).min).toBe(1);
    expect((f.option.visualMap as { min: number; max: number }).max).toBe(11);
    expect((f.option.title as { subtext: string }).subtext).toBe('1 point without a value left blank');
    expect(f.csv.split('\n')[0]).toBe('syn.g,props.Ra,spikes');
  });

  it('asks for a trace when a point has several rows, and names missing columns', async () => {
    await expect(exec(plotHeatmap, { table }, { x: 'syn.g', y: 'props.Ra', value: 'spikes' })).rejects.toThrow(/several rows for syn.g = 0.1, props.Ra = 100: pick one trace \(soma, axon\)/);
    await expect(exec(plotHeatmap, { table }, { x: 'gmax', y: 'props.Ra', value: 'spikes' })).rejects.toThrow(/no column "gmax" for x/);
    await expect(exec(plotHeatmap, { table }, { x: 'syn.g', y: 'props.Ra', value: 'spikes', trace: 'dend' })).rejects.toThrow(/no row with a value for trace "dend"/);
  });
});
