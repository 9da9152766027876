import { describe, expect, it } from 'vitest';
import { traceMetrics, type MetricsOptions } from './trace-metrics.ts';

const opts = (o: Partial<MetricsOptions> = {}): MetricsOptions => ({ threshold: 0, from: 0, to: Infinity, onset: 0, baselineFrom: 0, baselineTo: 5, ...o });

/** A train of triangular spikes: rest −65 mV, each rising to +35 mV in 1 ms and back in 1 ms. */
function train(starts: number[], dt = 0.01, tstop = 100): { t: Float64Array; v: Float64Array } {
  const n = Math.round(tstop / dt) + 1;
  const t = Float64Array.from({ length: n }, (_, k) => k * dt);
  const v = new Float64Array(n).fill(-65);
  for (const s of starts)
    for (let k = 0; k < n; k++) {
      const x = t[k] - s;
      if (x >= 0 && x <= 1) v[k] = -65 + 100 * x;
      else if (x > 1 && x <= 2) v[k] = 35 - 100 * (x - 1);
    }
  return { t, v };
}

describe('traceMetrics', () => {
  it('counts spikes and measures them on a triangular train, by hand', () => {
    const { t, v } = train([20, 50, 80]);
    const m = traceMetrics(t, v, opts({ onset: 10 }));
    expect(m.spikes).toBe(3);
    // 3 spikes over 100 ms of window: 30 Hz.
    expect(m.rate).toBeCloseTo(30, 10);
    // The first crossing of 0 mV: 0.65 ms into the rise at 20 ms, after the onset at 10 ms.
    expect(m.latency).toBeCloseTo(10.65, 9);
    expect(m.peak).toBeCloseTo(35, 9);
    expect(m.timeToPeak).toBeCloseTo(11, 9);
    expect(m.rest).toBe(-65);
    // Half height: (35 + −65)/2 = −15 mV, reached 0.5 ms into the rise and 0.5 ms after the top: 1 ms wide.
    expect(m.halfWidth).toBeCloseTo(1, 9);
  });

  it('measures inside the window only; latency from the onset', () => {
    const { t, v } = train([20, 50, 80]);
    const m = traceMetrics(t, v, opts({ from: 40, to: 90, onset: 40 }));
    expect(m.spikes).toBe(2);
    expect(m.rate).toBeCloseTo(40, 9); // 2 spikes in 50 ms
    expect(m.latency).toBeCloseTo(10.65, 9);
  });

  it('gives NaN for what a silent trace does not have', () => {
    const { t, v } = train([]);
    const m = traceMetrics(t, v, opts());
    expect(m).toMatchObject({ spikes: 0, rate: 0, peak: -65, timeToPeak: 0, rest: -65 });
    expect(m.latency).toBeNaN();
    expect(m.halfWidth).toBeNaN();
    // A baseline window without samples: no resting potential.
    expect(traceMetrics(t, v, opts({ baselineFrom: 200, baselineTo: 300 })).rest).toBeNaN();
  });

  it('a spike cut by the end of the window has no half-width', () => {
    const { t, v } = train([99]);
    const m = traceMetrics(t, v, opts());
    expect(m.spikes).toBe(1);
    expect(m.halfWidth).toBeNaN();
  });
});
