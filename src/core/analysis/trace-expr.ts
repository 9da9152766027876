/**
 * Measures users write of a trace, for the Trace metrics block: `peak - rest` (spike height),
 * `v_at(250) - rest`, `mean_in(300, 400)`, `spikes >= 3 ? latency : -1`. The language is
 * src/core/expr/expression.ts; the names read the trace inside the metrics window.
 *
 * Names (numbers): the block's own measures spikes, rate (Hz), latency (ms), peak, time_to_peak
 * (ms), rest (mV), half_width (ms); over the window's samples v_mean, v_min, v_max, v_std
 * (population standard deviation), v_integral (trapezoid rule, the trace's unit × ms), v_first,
 * v_last; t_from, t_to (the window's first and last sample times, ms); threshold and onset (the
 * block's). Functions: the usual ones of numbers (exp, log, sqrt, abs, pow, min, max, …) and
 * v_at(t) (the trace linearly interpolated at time t ms; NaN outside the run), mean_in(a, b),
 * min_in(a, b), max_in(a, b) (over the samples with a ≤ t ≤ b ms; NaN when there are none) and
 * spikes_above(x) (upward crossings of x in the window).
 */
import { MATH_FUNCTIONS, parseExpr, type Expr, type ExprFunction, type Grammar } from '../expr/expression.ts';
import { crossingTimes } from './spikes.ts';
import { lowerBound, type MetricsOptions, type TraceMetrics } from './trace-metrics.ts';

/** A trace, its window (sample indices [a, b)) and its measures, as expressions read them. */
export class TraceEnv {
  private stats: { mean: number; min: number; max: number; std: number; integral: number } | null = null;
  constructor(
    readonly t: ArrayLike<number>,
    readonly v: ArrayLike<number>,
    readonly a: number,
    readonly b: number,
    readonly metrics: TraceMetrics,
    readonly opts: MetricsOptions,
  ) {}

  /** Mean, extremes, population standard deviation and trapezoid integral over the window (computed once). */
  windowStats() {
    if (this.stats) return this.stats;
    const { t, v, a, b } = this;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let integral = 0;
    for (let k = a; k < b; k++) {
      sum += v[k];
      if (v[k] < min) min = v[k];
      if (v[k] > max) max = v[k];
      if (k > a) integral += ((v[k] + v[k - 1]) / 2) * (t[k] - t[k - 1]);
    }
    const n = b - a;
    const mean = n ? sum / n : NaN;
    let ss = 0;
    for (let k = a; k < b; k++) ss += (v[k] - mean) * (v[k] - mean);
    this.stats = { mean, min: n ? min : NaN, max: n ? max : NaN, std: n ? Math.sqrt(ss / n) : NaN, integral: n ? integral : NaN };
    return this.stats;
  }
}

/** Reduce the samples with from ≤ t ≤ to; NaN when there are none. */
function over(env: TraceEnv, from: number, to: number, start: number, step: (acc: number, x: number) => number, finish = (acc: number, _n: number) => acc): number {
  let acc = start;
  let n = 0;
  for (let k = lowerBound(env.t, from); k < env.t.length && env.t[k] <= to; k++) {
    acc = step(acc, env.v[k]);
    n++;
  }
  return n ? finish(acc, n) : NaN;
}

/** The trace at time `time` (ms), linearly interpolated; NaN outside the run. */
function valueAt(env: TraceEnv, time: number): number {
  const { t, v } = env;
  const k = lowerBound(t, time);
  if (k >= t.length || !(time >= t[0])) return NaN;
  if (t[k] === time || k === 0) return v[k];
  return v[k - 1] + ((time - t[k - 1]) / (t[k] - t[k - 1])) * (v[k] - v[k - 1]);
}

const TRACE_FUNCTIONS: Readonly<Record<string, ExprFunction<TraceEnv>>> = {
  ...MATH_FUNCTIONS,
  v_at: { n: 1, f: ([time], env) => valueAt(env, time) },
  mean_in: { n: 2, f: ([a, b], env) => over(env, a, b, 0, (s, x) => s + x, (s, n) => s / n) },
  min_in: { n: 2, f: ([a, b], env) => over(env, a, b, Infinity, Math.min) },
  max_in: { n: 2, f: ([a, b], env) => over(env, a, b, -Infinity, Math.max) },
  spikes_above: {
    n: 1,
    f: ([x], env) => crossingTimes(Array.prototype.slice.call(env.t, env.a, env.b) as number[], Array.prototype.slice.call(env.v, env.a, env.b) as number[], x).length,
  },
};

const READERS: Readonly<Record<string, (env: TraceEnv) => number>> = {
  spikes: (e) => e.metrics.spikes,
  rate: (e) => e.metrics.rate,
  latency: (e) => e.metrics.latency,
  peak: (e) => e.metrics.peak,
  time_to_peak: (e) => e.metrics.timeToPeak,
  rest: (e) => e.metrics.rest,
  half_width: (e) => e.metrics.halfWidth,
  v_mean: (e) => e.windowStats().mean,
  v_min: (e) => e.windowStats().min,
  v_max: (e) => e.windowStats().max,
  v_std: (e) => e.windowStats().std,
  v_integral: (e) => e.windowStats().integral,
  v_first: (e) => (e.b > e.a ? e.v[e.a] : NaN),
  v_last: (e) => (e.b > e.a ? e.v[e.b - 1] : NaN),
  t_from: (e) => (e.b > e.a ? e.t[e.a] : NaN),
  t_to: (e) => (e.b > e.a ? e.t[e.b - 1] : NaN),
  threshold: (e) => e.opts.threshold,
  onset: (e) => e.opts.onset,
};

const TRACE_GRAMMAR: Grammar<TraceEnv> = {
  vars: Object.fromEntries(Object.keys(READERS).map((k) => [k, 'num' as const])),
  constants: { pi: Math.PI },
  fns: TRACE_FUNCTIONS,
  read: (env, name) => READERS[name](env),
};

/** Parse a measure of a trace; a mistake is a CoreError naming the column. */
export function parseTraceExpr(text: string): Expr<TraceEnv> {
  return parseExpr(text, TRACE_GRAMMAR);
}
