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
 * A trace as packed points t0, v0, t1, v1, … (what the plot panel and ECharts take without
 * copying; a list of [t, v] arrays cost 40,001 small arrays per trace and per streamed result),
 * reduced to at most `points` + 1 (`points` even, ≥ 2) by min/max per bucket: `points / 2`
 * buckets of consecutive samples, each giving its smallest and largest v in the order they
 * occur (one point when they are the same sample). With `points ≥ t.length` every sample is
 * kept, and then the last sample of the run.
 */
export function minMaxPacked(t: ArrayLike<number>, v: ArrayLike<number>, points: number): Float64Array {
  const n = t.length;
  if (points >= n) {
    const out = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      out[2 * k] = t[k];
      out[2 * k + 1] = v[k];
    }
    return out;
  }
  const buckets = Math.max(1, Math.floor(points / 2));
  const out = new Float64Array(4 * buckets + 2);
  let m = 0;
  const put = (k: number) => {
    out[m++] = t[k];
    out[m++] = v[k];
  };
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
    put(a);
    if (c !== a) put(c);
  }
  // The last sample, so that the trace ends where the run ended.
  if (out[m - 2] !== t[n - 1]) put(n - 1);
  return out.slice(0, m);
}
