import { describe, expect, it } from 'vitest';
import { spikeTableBlock } from '../../nodes/spike-table.ts';
import type { SpikesValue, TableValue } from '../../nodes/values.ts';
import { tableCellText } from './table-cell.ts';

describe('table cells on screen', () => {
  it('a silent neuron’s first spike reads "—", not NaN; counts and rates as numbers', async () => {
    // Two neurons over 200 ms: A fires at 12.5 and 30.25 ms, B never.
    const spikes: SpikesValue = {
      kind: 'spikes', names: ['A', 'B'], labels: ['a', 'b'], spikes: [Float64Array.of(12.5, 30.25), new Float64Array(0)],
      stimuli: [], tstop: 200, tFinal: 200, events: 2, wallMs: 0, warnings: [],
    };
    const ctx = { signal: new AbortController().signal, progress: () => {}, readText: () => Promise.reject(new Error('none')), nodeId: 't' };
    const t = (await spikeTableBlock.compute({ spikes }, {}, ctx)).table as TableValue;
    const row = (i: number) => Object.values(t.columns).map((c) => tableCellText(c[i]));
    // 2 spikes in 200 ms = 10 Hz.
    expect(row(0)).toEqual(['A', 'a', '2', '10', '12.5000']);
    expect(row(1)).toEqual(['B', 'b', '0', '0', '—']);
  });

  it('whole numbers as they are, others to 6 significant digits', () => {
    expect([tableCellText(-65), tableCellText(1 / 3), tableCellText(NaN), tableCellText('x'), tableCellText(undefined)]).toEqual(['-65', '0.333333', '—', 'x', '']);
  });
});
