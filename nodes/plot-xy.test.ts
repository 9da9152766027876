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
    expect(f.csv.split('\n')[0]).toBe('iclamp.amp,trace,rate_Hz');
    const one = (await exec(plotXy, { table }, { x: 'iclamp.amp', y: 'rate_Hz', group: '' })).figure as FigureValue;
    expect((one.option.series as unknown[]).length).toBe(1);
  });

  it('names the columns it has when asked for one it has not', async () => {
    await expect(exec(plotXy, { table }, { x: 'amp', y: 'rate_Hz' })).rejects.toThrow(/no column "amp" for x; its columns: iclamp.amp, trace, rate_Hz/);
    await expect(exec(plotXy, { table }, { x: 'iclamp.amp', y: 'rate_Hz', group: 'cell' })).rejects.toThrow(/no column "cell" to group by/);
  });
});
