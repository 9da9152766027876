/**
 * Bounded plot data: a figure holds at most what a screen can show, whatever the run's length
 * or the number of traces, so that a long run or a plot of every node never exhausts memory
 * (3 × 800,001 samples once took 1.6 GB to plot). A trace over the budget is reduced to the
 * minimum and maximum of each bucket of consecutive samples, in time order: the drawn envelope
 * is exact (every spike peak and trough is kept) and every point is a real sample. The exact
 * samples stay in the figure's CSV.
 */

/** Points a figure may hold over all its series before traces are reduced. */
export const FIGURE_POINT_BUDGET = 2_000_000;
/** Points one series may hold before it is reduced; the tutorial's 40,001 stay exact. */
export const SERIES_POINT_LIMIT = 100_001;
/** Buckets per reduced series at least (two points each): finer than a wide screen. */
const MIN_BUCKETS = 1000;

/**
 * The number of samples a series of `n` samples may keep when a figure has `series` such
 * series: n itself when it fits, else an even count of at least 2·MIN_BUCKETS.
 */
export function keptPoints(n: number, series: number): number {
  const share = Math.floor(FIGURE_POINT_BUDGET / Math.max(1, series));
  const limit = Math.max(2 * MIN_BUCKETS, Math.min(SERIES_POINT_LIMIT, share));
  return n <= limit ? n : limit - (limit % 2);
}

/**
 * [t, v] pairs of a trace reduced to at most `points` + 1 (`points` even, ≥ 2) by min/max per bucket:
 * `points / 2` buckets of consecutive samples, each giving its smallest and largest v in the
 * order they occur (one point when they are the same sample). With `points ≥ t.length` every
 * sample is kept, and then the last sample of the run.
 */
export function minMaxPairs(t: ArrayLike<number>, v: ArrayLike<number>, points: number): Array<[number, number]> {
  const n = t.length;
  if (points >= n) {
    const out = new Array<[number, number]>(n);
    for (let k = 0; k < n; k++) out[k] = [t[k], v[k]];
    return out;
  }
  const buckets = Math.max(1, Math.floor(points / 2));
  const out: Array<[number, number]> = [];
  for (let b = 0; b < buckets; b++) {
    const i0 = Math.floor((b * n) / buckets);
    const i1 = Math.floor(((b + 1) * n) / buckets);
    let lo = i0;
    let hi = i0;
    for (let i = i0 + 1; i < i1; i++) {
      const x = v[i];
      if (x < v[lo]) lo = i;
      else if (x > v[hi]) hi = i;
    }
    const a = Math.min(lo, hi);
    const c = Math.max(lo, hi);
    out.push([t[a], v[a]]);
    if (c !== a) out.push([t[c], v[c]]);
  }
  // The last sample, so that the trace ends where the run ended.
  const last = out[out.length - 1];
  if (last[0] !== t[n - 1]) out.push([t[n - 1], v[n - 1]]);
  return out;
}
