/** Plot data bounded by the screen: min/max envelopes, exact below the limits. */
import { describe, expect, it } from 'vitest';
import { FIGURE_POINT_BUDGET, SERIES_POINT_LIMIT, keptPoints, minMaxPacked } from './decimate.ts';
import { tracesOption } from './plot-traces.ts';
import type { TracesValue } from './values.ts';

const ramp = (n: number, f: (k: number) => number) => Float64Array.from({ length: n }, (_, k) => f(k));
/** The packed points as [t, v] pairs. */
const minMaxPairs = (t: Float64Array, v: Float64Array, points: number): Array<[number, number]> => {
  const xy = minMaxPacked(t, v, points);
  return Array.from({ length: xy.length / 2 }, (_, k) => [xy[2 * k], xy[2 * k + 1]]);
};

describe('min/max decimation', () => {
  it('keeps every sample when the trace fits (the tutorial: 40,001 samples, 3 traces)', () => {
    expect(keptPoints(40_001, 3)).toBe(40_001);
    const t = ramp(10, (k) => k * 0.025);
    const v = ramp(10, (k) => Math.sin(k));
    expect(minMaxPairs(t, v, 10)).toEqual(Array.from(t, (x, k) => [x, v[k]]));
  });

  it('bounds a figure: one 800,001-sample trace, 611 traces, 10,000 traces', () => {
    expect(keptPoints(800_001, 1)).toBe(SERIES_POINT_LIMIT - 1);
    expect(keptPoints(8_001, 611)).toBe(3272); // 611 × 8,001 = 4.9 M points: 2 M / 611, even
    expect(keptPoints(8_001, 200)).toBe(8_001);
    expect(keptPoints(40_001, 611) * 611).toBeLessThanOrEqual(FIGURE_POINT_BUDGET);
    expect(keptPoints(40_001, 10_000)).toBe(2000);
  });

  it('keeps each bucket\'s extremes in time order, only real samples, and the last sample', () => {
    const n = 100_003;
    const t = ramp(n, (k) => k * 0.025);
    // A slow sine with one-sample spikes: every spike must survive.
    const spikes = new Set([777, 31_415, 99_999]);
    const v = ramp(n, (k) => (spikes.has(k) ? 40 : -65 + 5 * Math.sin(k / 5000)));
    const out = minMaxPairs(t, v, 2000);
    expect(out.length).toBeLessThanOrEqual(2001);
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
    for (const [x, y] of out) {
      const k = Math.round(x / 0.025);
      expect(t[k]).toBe(x);
      expect(v[k]).toBe(y);
    }
    for (const k of spikes) expect(out.some(([x]) => x === t[k])).toBe(true);
    expect(Math.min(...out.map((p) => p[1]))).toBe(Math.min(...v));
    expect(out[out.length - 1]).toEqual([t[n - 1], v[n - 1]]);
    // Bucket by bucket, the kept points hold that bucket's min and max.
    const buckets = 1000;
    for (const b of [0, 17, 500, 999]) {
      const i0 = Math.floor((b * n) / buckets);
      const i1 = Math.floor(((b + 1) * n) / buckets);
      const seg = Array.from(v.subarray(i0, i1));
      const inB = out.filter(([x]) => x >= t[i0] && x < (i1 < n ? t[i1] : Infinity)).map((p) => p[1]);
      expect(Math.max(...inB)).toBe(Math.max(...seg));
      expect(Math.min(...inB)).toBe(Math.min(...seg));
    }
  });

  it('a long run plots within the budget and says so; the CSV is not the plot\'s business', () => {
    const n = 800_001;
    const t = ramp(n, (k) => k * 0.025);
    const tr = {
      kind: 'traces',
      t,
      traces: { soma: ramp(n, (k) => -65 + Math.sin(k / 100)), axon: ramp(n, (k) => -60 + Math.cos(k / 100)) },
      units: { soma: 'mV', axon: 'mV' },
      spikes: {},
      run: { tstop: 20_000, dt: 0.025, v_init: -65, celsius: 6.3 },
    } as unknown as TracesValue;
    const option = tracesOption(tr, 'long', false) as { series: Array<{ data: Float64Array }>; title?: { subtext: string } };
    // Packed t, v pairs: half as many points as numbers.
    for (const s of option.series) expect(s.data.length / 2).toBeLessThanOrEqual(SERIES_POINT_LIMIT);
    expect(option.title?.subtext).toMatch(/min\/max of every 16 samples \(800,001 per trace\); the CSV has them all/);
  });
});
