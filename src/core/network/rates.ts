import { CoreError } from '../errors.ts';

export interface RateOptions {
  /** Bin width (ms). */
  bin: number;
  /** End of the time axis (ms); bins cover [0, tstop). */
  tstop: number;
  /** Centred rolling mean over this many bins (1 = none). */
  window?: number;
}

export interface Rates {
  /** Bin centres (ms). */
  t: Float64Array;
  /** Per neuron, the firing rate in each bin (Hz). */
  rates: Float64Array[];
}

/**
 * Binned firing rates (Hz) from spike times (ms): count per bin / bin width, optionally
 * smoothed with a centred rolling mean of `window` bins (shrinking at the edges).
 */
export function firingRates(spikes: ArrayLike<number>[], opts: RateOptions): Rates {
  const { bin, tstop } = opts;
  const window = opts.window ?? 1;
  if (!(bin > 0)) throw new CoreError('input', `bin size must be a positive number of ms, got ${bin}`);
  if (!(tstop > 0)) throw new CoreError('input', `the time axis must end after 0 ms, got ${tstop}`);
  if (!Number.isInteger(window) || window < 1) throw new CoreError('input', `rolling window must be a positive whole number of bins, got ${window}`);
  const nb = Math.ceil(tstop / bin);
  const t = Float64Array.from({ length: nb }, (_, k) => (k + 0.5) * bin);
  const toHz = 1000 / bin;
  const rates = spikes.map((s) => {
    const c = new Float64Array(nb);
    for (let k = 0; k < s.length; k++) {
      const b = Math.floor(s[k] / bin);
      if (b >= 0 && b < nb) c[b]++;
    }
    for (let k = 0; k < nb; k++) c[k] *= toHz;
    return window > 1 ? rollingMean(c, window) : c;
  });
  return { t, rates };
}

/** Centred rolling mean; at the edges the window is truncated to the bins that exist. */
export function rollingMean(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length);
  const lo = Math.floor((window - 1) / 2);
  const hi = window - 1 - lo;
  // prefix sums keep this O(n) whatever the window
  const pre = new Float64Array(x.length + 1);
  for (let k = 0; k < x.length; k++) pre[k + 1] = pre[k] + x[k];
  for (let k = 0; k < x.length; k++) {
    const a = Math.max(0, k - lo);
    const b = Math.min(x.length, k + hi + 1);
    out[k] = (pre[b] - pre[a]) / (b - a);
  }
  return out;
}

export interface GroupRates {
  label: string;
  /** Number of neurons in the group. */
  n: number;
  mean: Float64Array;
  /** Standard error of the mean across the group's neurons (sample s.d. / √n; 0 for n = 1). */
  sem: Float64Array;
}

/** Mean and s.e.m. of the rates per label, labels in order of first appearance. */
export function groupRates(rates: Float64Array[], labels: string[]): GroupRates[] {
  if (rates.length !== labels.length) throw new CoreError('input', `${rates.length} rate traces but ${labels.length} labels`);
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const g = groups.get(l);
    if (g) g.push(i);
    else groups.set(l, [i]);
  });
  const nb = rates[0]?.length ?? 0;
  // Neuron by neuron (each neuron's bins are together in memory), the sums in the same order per
  // bin as bin by bin: the same numbers, without a cache miss per neuron and bin (127,000
  // neurons: ~1 s → ~0.1 s).
  return [...groups].map(([label, idx]) => {
    const n = idx.length;
    const mean = new Float64Array(nb);
    const sem = new Float64Array(nb);
    for (const i of idx) {
      const r = rates[i];
      for (let k = 0; k < nb; k++) mean[k] += r[k];
    }
    for (let k = 0; k < nb; k++) mean[k] /= n;
    if (n > 1) {
      for (const i of idx) {
        const r = rates[i];
        for (let k = 0; k < nb; k++) sem[k] += (r[k] - mean[k]) ** 2;
      }
      for (let k = 0; k < nb; k++) sem[k] = Math.sqrt(sem[k] / (n - 1)) / Math.sqrt(n);
    }
    return { label, n, mean, sem };
  });
}
