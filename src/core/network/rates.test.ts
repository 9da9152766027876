import { describe, expect, it } from 'vitest';
import { firingRates, groupRates, rollingMean } from './rates.ts';

describe('firing rates', () => {
  it('bins spikes into Hz', () => {
    const r = firingRates([[1, 2, 3, 12, 25.5], []], { bin: 10, tstop: 30 });
    expect(Array.from(r.t)).toEqual([5, 15, 25]);
    expect(Array.from(r.rates[0])).toEqual([300, 100, 100]);
    expect(Array.from(r.rates[1])).toEqual([0, 0, 0]);
  });

  it('smooths with a centred rolling mean truncated at the edges', () => {
    expect(Array.from(rollingMean(Float64Array.from([3, 6, 9, 0]), 3))).toEqual([4.5, 6, 5, 4.5]);
  });

  it('groups by label with mean and s.e.m.', () => {
    const g = groupRates([Float64Array.of(10, 0), Float64Array.of(20, 0), Float64Array.of(5, 5)], ['PN', 'PN', 'LN']);
    expect(g.map((x) => [x.label, x.n])).toEqual([
      ['PN', 2],
      ['LN', 1],
    ]);
    expect(Array.from(g[0].mean)).toEqual([15, 0]);
    // s.d. of (10, 20) = 7.0711, /√2 = 5
    expect(g[0].sem[0]).toBeCloseTo(5, 12);
    expect(Array.from(g[1].sem)).toEqual([0, 0]);
  });

  it('rejects bad options', () => {
    expect(() => firingRates([[1]], { bin: 0, tstop: 10 })).toThrow(/bin size/);
    expect(() => firingRates([[1]], { bin: 1, tstop: 10, window: 0 })).toThrow(/rolling window/);
  });
});
