/**
 * Measures users write, on a trace whose answers are computed by hand: v = 2t (mV) sampled at
 * t = 0, 1, …, 10 ms, and an hh spike-like bump for the spike measures.
 */
import { describe, expect, it } from 'vitest';
import { parseTraceExpr, TraceEnv } from './trace-expr.ts';
import { traceMetrics, windowRange, type MetricsOptions } from './trace-metrics.ts';

const t = Float64Array.from({ length: 11 }, (_, k) => k);
const v = Float64Array.from(t, (x) => 2 * x);
const opts: MetricsOptions = { threshold: 5, from: 0, to: 10, onset: 1, baselineFrom: 0, baselineTo: 2 };

function measure(text: string, o: MetricsOptions = opts, vv: Float64Array = v): number {
  const [a, b] = windowRange(t, o);
  return parseTraceExpr(text).evaluate(new TraceEnv(t, vv, a, b, traceMetrics(t, vv, o), o));
}

describe('measures of a trace', () => {
  it('window statistics of v = 2t on 0–10 ms', () => {
    expect(measure('v_mean')).toBe(10); // (0 + 2 + … + 20) / 11
    expect(measure('v_min')).toBe(0);
    expect(measure('v_max')).toBe(20);
    // Population variance of 2k, k = 0…10: 4 · 10 = 40.
    expect(measure('v_std')).toBeCloseTo(Math.sqrt(40), 14);
    // Trapezoids of a straight line are exact: ∫0^10 2t dt = 100 mV·ms.
    expect(measure('v_integral')).toBe(100);
    expect(measure('v_first')).toBe(0);
    expect(measure('v_last')).toBe(20);
    expect([measure('t_from'), measure('t_to')]).toEqual([0, 10]);
  });

  it('a window of 2–6 ms', () => {
    const o = { ...opts, from: 2, to: 6 };
    expect(measure('v_mean', o)).toBe(8); // 4, 6, 8, 10, 12
    expect(measure('v_integral', o)).toBe(32); // ∫2^6 2t dt = 36 − 4
    expect(measure('t_to - t_from', o)).toBe(4);
  });

  it('functions of the trace', () => {
    expect(measure('v_at(2.5)')).toBe(5);
    expect(measure('v_at(3)')).toBe(6);
    expect(Number.isNaN(measure('v_at(11)'))).toBe(true);
    expect(measure('mean_in(2, 4)')).toBe(6);
    expect(measure('min_in(2, 4) + max_in(2, 4)')).toBe(12);
    expect(Number.isNaN(measure('mean_in(2.2, 2.8)'))).toBe(true);
    // v = 2t crosses 5 mV once (at 2.5 ms), 30 mV never.
    expect([measure('spikes_above(5)'), measure('spikes_above(30)')]).toEqual([1, 0]);
  });

  it('the block’s own measures by name, and arithmetic on them', () => {
    // rest: mean over 0–2 ms = (0 + 2 + 4) / 3 = 2; peak 20; one crossing of 5 mV at 2.5 ms.
    expect(measure('peak - rest')).toBe(18);
    expect(measure('spikes')).toBe(1);
    expect(measure('latency')).toBe(1.5);
    expect(measure('spikes >= 1 ? latency : -1')).toBe(1.5);
    expect(measure('threshold + onset')).toBe(6);
    expect(measure('max(peak, 25) - sqrt(16)')).toBe(21);
  });

  it('says what is wrong, with the column', () => {
    expect(() => parseTraceExpr('peak - foo')).toThrow(/unknown name 'foo'.*column 8/);
    expect(() => parseTraceExpr('v_at(1, 2)')).toThrow(/v_at\(\) takes 1 argument, got 2/);
    expect(() => parseTraceExpr('label == "x"')).toThrow(/unknown name 'label'/);
    expect(() => parseTraceExpr('eval(1)')).toThrow(/unknown function 'eval'/);
    expect(() => parseTraceExpr('constructor')).toThrow(/unknown name 'constructor'/);
  });
});
