import { describe, expect, it } from 'vitest';
import { blockDef } from './index.ts';
import { plotXy } from './plot-xy.ts';
import { exec } from './model-test-kit.ts';
import type { FigureValue, TableValue } from './values.ts';

const table: TableValue = {
  kind: 'table',
  title: 'metrics',
  columns: { 'iclamp.amp': Float64Array.of(0.2, 0.1, 0.2, 0.1), trace: ['soma', 'soma', 'axon', 'axon'], rate_Hz: Float64Array.of(40, 10, 30, 0) },
};

describe('plot-xy block', () => {
  it('is in the catalogue', () => expect(blockDef('plot-xy')).toBe(plotXy));

  it('draws y against x, one line per group, sorted along x; the CSV is the table', async () => {
    const f = (await exec(plotXy, { table }, { x: 'iclamp.amp', y: 'rate_Hz', group: 'trace' })).figure as FigureValue;
    expect(f.figure).toBe('xy');
    const series = f.option.series as Array<{ name: string; data: Array<[number, number]> }>;
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['soma', [[0.1, 10], [0.2, 40]]],
      ['axon', [[0.1, 0], [0.2, 30]]],
    ]);
    expect(f.title).toBe('rate_Hz against iclamp.amp');
    expect(f.csv).toBe('trace,iclamp.amp,rate_Hz\nsoma,0.2,40\nsoma,0.1,10\naxon,0.2,30\naxon,0.1,0\n');
    const one = (await exec(plotXy, { table }, { x: 'iclamp.amp', y: 'rate_Hz', group: '' })).figure as FigureValue;
    expect((one.option.series as unknown[]).length).toBe(1);
  });

  it('leaves out rows without a value and says how many', async () => {
    const t: TableValue = { kind: 'table', title: 'm', columns: { amp: Float64Array.of(0, 0.1), latency_ms: Float64Array.of(NaN, 3) } };
    const f = (await exec(plotXy, { table: t }, { x: 'amp', y: 'latency_ms', group: '' })).figure as FigureValue;
    expect((f.option.series as Array<{ data: unknown[] }>)[0].data).toEqual([[0.1, 3]]);
    expect(f.csv).toBe('group,amp,latency_ms\n,0.1,3\n');
    expect((f.option.title as { subtext: string }).subtext).toBe('1 row without a latency_ms or amp value left out');
  });

  it('names the columns it has when asked for one it has not', async () => {
    await expect(exec(plotXy, { table }, { x: 'amp', y: 'rate_Hz' })).rejects.toThrow(/no column "amp" for x; its columns: iclamp.amp, trace, rate_Hz/);
    await expect(exec(plotXy, { table }, { x: 'iclamp.amp', y: 'rate_Hz', group: 'cell' })).rejects.toThrow(/no column "cell" to group by/);
  });
});
