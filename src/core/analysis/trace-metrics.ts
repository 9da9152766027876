/**
 * Measures of one recorded trace, for sweeps and f–I curves: spike count and rate, first-spike
 * latency, peak and time to peak, resting potential and the first spike's half-width. Spikes
 * are upward crossings of a threshold, their times linearly interpolated between samples (as
 * crossingTimes); everything is measured inside a window [from, to] of the trace.
 */
import { crossingTimes } from './spikes.ts';

export interface MetricsOptions {
  /** Spike threshold (mV). */
  threshold: number;
  /** Window of the measures (ms); `to` = Infinity: to the end of the trace. */
  from: number;
  to: number;
  /** Stimulus onset (ms): latency and time to peak are counted from it. */
  onset: number;
  /** Baseline window (ms) whose mean is the resting potential. */
  baselineFrom: number;
  baselineTo: number;
}

export interface TraceMetrics {
  /** Spikes in the window. */
  spikes: number;
  /** Spikes per second over the window (Hz). */
  rate: number;
  /** First spike's time after the onset (ms); NaN without a spike. */
  latency: number;
  /** Largest value in the window (the trace's unit, mV for a voltage). */
  peak: number;
  /** Time of the peak after the onset (ms); the first sample of the largest value. */
  timeToPeak: number;
  /** Mean over the baseline window (mV); NaN when no sample falls in it. */
  rest: number;
  /**
   * Width (ms) of the first spike at half its height above the resting potential: between the
   * interpolated rising and falling crossings of (peak of that spike + rest) / 2. NaN without a
   * spike, without a resting potential, or when the spike has not fallen back in the window.
   */
  halfWidth: number;
}

/** First sample index with t ≥ time (t ascending, ms); t.length when none. */
export function lowerBound(t: ArrayLike<number>, time: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sample indices [a, b) of the options' window [from, to] (ms; it includes its end). */
export function windowRange(t: ArrayLike<number>, o: Pick<MetricsOptions, 'from' | 'to'>): [number, number] {
  const a = lowerBound(t, o.from);
  let b = lowerBound(t, o.to);
  if (b < t.length && t[b] === o.to) b++;
  return [a, Math.max(a, b)];
}

/** The measures of trace `v` (sampled at times `t`, ms) inside the options' window. */
export function traceMetrics(t: ArrayLike<number>, v: ArrayLike<number>, o: MetricsOptions): TraceMetrics {
  const [a, b] = windowRange(t, o);
  const n = b - a;
  // Views of the window, not copies (a copy of a typed array as a list cost ~1 ms per trace).
  const tw = windowOf(t, a, b);
  const vw = windowOf(v, a, b);
  const spikes = crossingTimes(tw, vw, o.threshold);
  // Duration of the window: to its end, or to the trace's last sample when it reaches past it
  // (an end within half a step of the last sample is the run's end: t accumulates round-off).
  const last = t.length ? t[t.length - 1] : o.from;
  const half = t.length > 1 ? (t[1] - t[0]) / 2 : 0;
  const end = o.to <= last + half ? o.to : last;
  const span = end - o.from;
  let peak = -Infinity;
  let kPeak = -1;
  for (let k = 0; k < n; k++)
    if (vw[k] > peak) {
      peak = vw[k];
      kPeak = k;
    }
  const ba = lowerBound(t, o.baselineFrom);
  let sum = 0;
  let count = 0;
  for (let k = ba; k < t.length && t[k] <= o.baselineTo; k++) {
    sum += v[k];
    count++;
  }
  const rest = count ? sum / count : NaN;
  return {
    spikes: spikes.length,
    rate: span > 0 ? (spikes.length * 1000) / span : NaN,
    latency: spikes.length ? spikes[0] - o.onset : NaN,
    peak: kPeak >= 0 ? peak : NaN,
    timeToPeak: kPeak >= 0 ? tw[kPeak] - o.onset : NaN,
    rest,
    halfWidth: spikes.length && Number.isFinite(rest) ? halfWidth(tw, vw, o.threshold, rest) : NaN,
  };
}

/** Samples a…b−1 of a trace: a view of a typed array, else a slice. */
function windowOf(x: ArrayLike<number>, a: number, b: number): ArrayLike<number> {
  if (x instanceof Float64Array || x instanceof Float32Array) return x.subarray(a, b);
  return Array.prototype.slice.call(x, a, b) as number[];
}

/** Half-width (ms) of the first spike (see TraceMetrics.halfWidth). */
function halfWidth(t: ArrayLike<number>, v: ArrayLike<number>, threshold: number, rest: number): number {
  let k = 1;
  while (k < v.length && !(v[k - 1] < threshold && v[k] >= threshold)) k++;
  // The spike: from its threshold crossing until v falls below threshold again.
  let top = k;
  let j = k;
  for (; j < v.length && v[j] >= threshold; j++) if (v[j] > v[top]) top = j;
  if (j >= v.length) return NaN;
  const level = (v[top] + rest) / 2;
  let r = top;
  while (r > 0 && v[r - 1] >= level) r--;
  let f = top;
  while (f < v.length - 1 && v[f + 1] >= level) f++;
  if (r === 0 || f === v.length - 1) return NaN;
  const rise = t[r - 1] + ((level - v[r - 1]) / (v[r] - v[r - 1])) * (t[r] - t[r - 1]);
  const fall = t[f] + ((v[f] - level) / (v[f] - v[f + 1])) * (t[f + 1] - t[f]);
  return fall - rise;
}
