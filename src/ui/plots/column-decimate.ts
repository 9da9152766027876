/**
 * Draw only what the pixels can show: a trace reduced to the smallest and largest sample of
 * each pixel column of the plot, in time order, with the first and last sample of the drawn
 * range kept. Every point is a real sample (bit-exact), every column's extremes survive (a
 * spike one sample wide is never lost), and a range that already fits is passed through as it
 * is, so zooming in shows the exact samples. Pure: no DOM, no ECharts.
 *
 * Data are interleaved pairs x0, y0, x1, y1, … (the packed form the panel gives ECharts), with
 * x non-decreasing (time).
 */

/** Points one range may give for `columns` pixel columns: min and max of each, first and last. */
export const pointBudget = (columns: number): number => 2 * Math.max(1, Math.floor(columns)) + 2;

/** The first pair index k in [0, n) with xy[2k] ≥ x (n when none): binary search. */
function lowerBound(xy: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xy[2 * mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Pair indices [from, to) of the samples inside [x0, x1] plus one neighbour on each side, so
 * that the line runs on to the plot's edges when zoomed.
 */
export function visibleRange(xy: ArrayLike<number>, x0: number, x1: number): [number, number] {
  const n = xy.length >> 1;
  if (!(x0 <= x1)) return [0, n];
  const from = Math.max(0, lowerBound(xy, n, x0) - 1);
  // First index with x > x1, then one more.
  let to = lowerBound(xy, n, x1);
  while (to < n && xy[2 * to] <= x1) to++;
  return [from, Math.min(n, to + 1)];
}

/** The column of x: floor((x − a)·scale), NaN and left of a in column 0 (clamped right by the caller). */
const columnOf = (x: number, a: number, scale: number): number => {
  const c = Math.floor((x - a) * scale);
  return c > 0 ? c : 0;
};

/** The first index in [k, to) whose column is past c (to when none): binary search. */
function columnEnd(xy: Float64Array, k: number, to: number, c: number, a: number, scale: number): number {
  let l = k;
  let h = to;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if (columnOf(xy[2 * mid], a, scale) <= c) l = mid + 1;
    else h = mid;
  }
  return l;
}

/** Scratch index arrays, grown as needed: one call at a time (synchronous), so shared. */
const scratchArrays: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
function scratch(n: number, which: 0 | 1): Int32Array {
  if (scratchArrays[which].length < n) scratchArrays[which] = new Int32Array(Math.max(n, 2 * scratchArrays[which].length));
  return scratchArrays[which];
}

/**
 * Pairs [from, to) of `xy` for a plot `columns` pixels wide showing x in [x0, x1] (the
 * range's own first and last x when not given): at most pointBudget(columns) pairs. A range
 * of at most that many pairs comes back unchanged (a view of the same numbers); otherwise the
 * first and last pair and, per column, the pair with the smallest y and the one with the
 * largest y (first occurrence), in time order, without repeats. Points left or right of
 * [x0, x1] fall in the first or last column. NaN y values are never chosen as extremes.
 */
export function decimateColumns(xy: Float64Array, columns: number, from = 0, to = xy.length >> 1, x0?: number, x1?: number): Float64Array {
  const count = to - from;
  const cols = Math.max(1, Math.floor(columns));
  if (count <= pointBudget(cols)) return xy.subarray(2 * from, 2 * to);
  const a = x0 ?? xy[2 * from];
  const b = x1 ?? xy[2 * (to - 1)];
  const span = b - a;
  const scale = span > 0 ? cols / span : 0;
  // Per column the index of its min and of its max (-1: column empty). Scratch, reused.
  const lo = scratch(cols, 0);
  const hi = scratch(cols, 1);
  // The column of a sample is monotone in x, so each column is one run of samples. Its end is
  // guessed from an even spread and moved to where the rule (floor((x − a)·scale), clamped, as
  // sample by sample) puts it: a step or two for samples at a fixed dt. The run's extremes are
  // then found by a loop over y alone, the hot part.
  const perColumn = count / cols;
  let k = from;
  for (let c = 0; c < cols; c++) {
    let end = to;
    if (c < cols - 1) {
      end = Math.min(to, Math.max(k, from + Math.round((c + 1) * perColumn)));
      let steps = 0;
      while (end > k && columnOf(xy[2 * (end - 1)], a, scale) > c && ++steps < 4) end--;
      while (end < to && columnOf(xy[2 * end], a, scale) <= c && ++steps < 4) end++;
      // Uneven samples: a binary search between the last sample of this column and the next's first.
      if (steps >= 4) end = columnEnd(xy, k, to, c, a, scale);
    }
    let kl = -1;
    let kh = -1;
    let yl = 0;
    let yh = 0;
    for (; k < end; k++) {
      const y = xy[2 * k + 1];
      if (y !== y) continue;
      if (kl < 0) {
        kl = kh = k;
        yl = yh = y;
      } else if (y < yl) {
        kl = k;
        yl = y;
      } else if (y > yh) {
        kh = k;
        yh = y;
      }
    }
    lo[c] = kl;
    hi[c] = kh;
  }
  const out = new Float64Array(2 * pointBudget(cols));
  let m = 0;
  let last = -1;
  const put = (k: number) => {
    if (k <= last) return;
    out[2 * m] = xy[2 * k];
    out[2 * m + 1] = xy[2 * k + 1];
    m++;
    last = k;
  };
  put(from);
  for (let c = 0; c < cols; c++) {
    const l = lo[c];
    if (l < 0) continue;
    const h = hi[c];
    // Columns are in x order, so their indices increase: only the pair within needs ordering.
    if (l < h) {
      put(l);
      put(h);
    } else {
      put(h);
      put(l);
    }
  }
  put(to - 1);
  return out.subarray(0, 2 * m);
}
