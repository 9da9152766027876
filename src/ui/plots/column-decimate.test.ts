/**
 * Pixel-column decimation: every column's min and max kept, first and last sample kept, at most
 * 2·columns + 2 points, values bit-exact, short ranges passed through.
 */
import { describe, expect, it } from 'vitest';
import { decimateColumns, pointBudget, visibleRange } from './column-decimate.ts';

/** A 40,001-sample trace at dt 0.025 ms: a slow wave with one-sample spikes at known places. */
function trace(n = 40_001): Float64Array {
  const xy = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    xy[2 * k] = k * 0.025;
    xy[2 * k + 1] = -65 + 5 * Math.sin(k / 997) + ((k * 7919) % 13) * 1e-3;
  }
  for (const k of [5, 12_345, 30_000]) xy[2 * k + 1] = 40 + k * 1e-4; // spikes
  xy[2 * 22_222 + 1] = -90.123456789; // one deep trough
  return xy;
}

/** The points of a packed result as [x, y] pairs. */
const pairs = (f: Float64Array): Array<[number, number]> => Array.from({ length: f.length >> 1 }, (_, k) => [f[2 * k], f[2 * k + 1]]);

describe('decimateColumns', () => {
  it('keeps every column min and max, the first and last sample, in time order, within 2·columns+2', () => {
    const xy = trace();
    const n = xy.length >> 1;
    const cols = 800;
    const out = decimateColumns(xy, cols);
    const pts = pairs(out);
    expect(pts.length).toBeLessThanOrEqual(2 * cols + 2);
    expect(pts.length).toBeGreaterThan(cols); // most columns give two points
    expect(pts[0]).toEqual([xy[0], xy[1]]);
    expect(pts[pts.length - 1]).toEqual([xy[2 * (n - 1)], xy[2 * n - 1]]);
    // Time order, strictly (no repeated sample).
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThan(pts[i - 1][0]);
    // Every point is a real sample, bit for bit.
    const byX = new Map<number, number>();
    for (let k = 0; k < n; k++) byX.set(xy[2 * k], xy[2 * k + 1]);
    for (const [x, y] of pts) expect(Object.is(byX.get(x), y)).toBe(true);
    // Brute force: each column's extremes are in the output.
    const a = xy[0];
    const span = xy[2 * (n - 1)] - a;
    const min = new Array<number>(cols).fill(Infinity);
    const max = new Array<number>(cols).fill(-Infinity);
    for (let k = 0; k < n; k++) {
      const c = Math.min(cols - 1, Math.floor(((xy[2 * k] - a) * cols) / span));
      min[c] = Math.min(min[c], xy[2 * k + 1]);
      max[c] = Math.max(max[c], xy[2 * k + 1]);
    }
    const ys = new Set(pts.map((p) => p[1]));
    for (let c = 0; c < cols; c++) {
      expect(ys.has(min[c])).toBe(true);
      expect(ys.has(max[c])).toBe(true);
    }
    // The spikes and the trough survive with their exact values.
    for (const k of [5, 12_345, 30_000, 22_222]) expect(pts).toContainEqual([xy[2 * k], xy[2 * k + 1]]);
    expect(Math.max(...pts.map((p) => p[1]))).toBe(43);
    expect(Math.min(...pts.map((p) => p[1]))).toBe(-90.123456789);
  });

  it('passes a range that fits through unchanged (the same numbers, no copy)', () => {
    const xy = trace(1_001);
    const out = decimateColumns(xy, 600);
    expect(out.length).toBe(xy.length);
    expect(out.buffer).toBe(xy.buffer);
    expect(Array.from(out)).toEqual(Array.from(xy));
    // Exactly at the budget: still unchanged.
    const small = trace(pointBudget(100));
    expect(decimateColumns(small, 100).length).toBe(small.length);
    // One more: reduced.
    expect(decimateColumns(trace(pointBudget(100) + 1), 100).length).toBeLessThanOrEqual(2 * pointBudget(100));
  });

  it('zoomed: the visible range plus one neighbour each side, exact once it fits', () => {
    const xy = trace();
    // 10 ms of 1000 ms: 401 samples inside.
    const [from, to] = visibleRange(xy, 300, 310);
    expect(xy[2 * from]).toBeLessThan(300);
    expect(xy[2 * (from + 1)]).toBeGreaterThanOrEqual(300);
    expect(xy[2 * (to - 1)]).toBeGreaterThan(310);
    expect(xy[2 * (to - 2)]).toBeLessThanOrEqual(310);
    expect(to - from).toBe(403);
    // 800 px: every sample of the window, exact.
    const exact = decimateColumns(xy, 800, from, to, 300, 310);
    expect(Array.from(exact)).toEqual(Array.from(xy.subarray(2 * from, 2 * to)));
    // 100 px: reduced, the spike at k = 12,345 (308.625 ms) kept.
    const coarse = pairs(decimateColumns(xy, 100, from, to, 300, 310));
    expect(coarse.length).toBeLessThanOrEqual(202);
    expect(coarse).toContainEqual([xy[2 * 12_345], xy[2 * 12_345 + 1]]);
    expect(coarse[0][0]).toBe(xy[2 * from]);
    expect(coarse[coarse.length - 1][0]).toBe(xy[2 * (to - 1)]);
  });

  it('visibleRange: a window past the data gives its edge samples; an empty trace nothing', () => {
    const xy = trace(101); // 0 … 2.5 ms
    expect(visibleRange(xy, 10, 20)).toEqual([100, 101]);
    expect(visibleRange(xy, -5, -1)).toEqual([0, 1]);
    expect(visibleRange(new Float64Array(0), 0, 1)).toEqual([0, 0]);
    expect(decimateColumns(new Float64Array(0), 10).length).toBe(0);
  });

  it('never picks NaN as an extreme, and a single column gives at most 4 points', () => {
    const xy = trace(5_000);
    xy[2 * 100 + 1] = NaN;
    const out = pairs(decimateColumns(xy, 50));
    expect(out.some((p) => Number.isNaN(p[1]))).toBe(false);
    const one = pairs(decimateColumns(xy, 1));
    expect(one.length).toBeLessThanOrEqual(4);
    expect(one.map((p) => p[1])).toContain(Math.max(...pairs(xy).map((p) => p[1]).filter((y) => !Number.isNaN(y))));
  });

  it('uneven samples, gaps and NaN: the same points as a sample-by-sample reference', () => {
    // The reference: each sample's column by floor((x − a)·scale), clamped; min/max per column.
    const reference = (xy: Float64Array, cols: number, from: number, to: number, x0: number, x1: number): number[] => {
      if (to - from <= pointBudget(cols)) return Array.from(xy.subarray(2 * from, 2 * to));
      const scale = x1 > x0 ? cols / (x1 - x0) : 0;
      const lo = new Array<number>(cols).fill(-1);
      const hi = new Array<number>(cols).fill(-1);
      for (let k = from; k < to; k++) {
        const y = xy[2 * k + 1];
        if (Number.isNaN(y)) continue;
        const c = Math.min(cols - 1, Math.max(0, Math.floor((xy[2 * k] - x0) * scale) || 0));
        if (lo[c] < 0) lo[c] = hi[c] = k;
        else if (y < xy[2 * lo[c] + 1]) lo[c] = k;
        else if (y > xy[2 * hi[c] + 1]) hi[c] = k;
      }
      const ks = [from];
      for (let c = 0; c < cols; c++) if (lo[c] >= 0) ks.push(Math.min(lo[c], hi[c]), Math.max(lo[c], hi[c]));
      ks.push(to - 1);
      const out: number[] = [];
      let last = -1;
      for (const k of ks) if (k > last) (out.push(xy[2 * k], xy[2 * k + 1]), (last = k));
      return out;
    };
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 60; trial++) {
      const n = 500 + Math.floor(rand() * 20_000);
      const xy = new Float64Array(2 * n);
      let x = rand() * 10;
      for (let k = 0; k < n; k++) {
        // Mostly small steps, now and then a long gap (an uneven, variable-step time axis).
        x += rand() < 0.05 ? rand() * 50 : rand() * 0.1;
        xy[2 * k] = x;
        xy[2 * k + 1] = rand() < 0.01 ? NaN : Math.round(rand() * 40) - 20;
      }
      const cols = 1 + Math.floor(rand() * 1200);
      const a = xy[0] + rand() * (x - xy[0]) * 0.5;
      const b = a + rand() * (x - a);
      const [from, to] = visibleRange(xy, a, b);
      expect(Array.from(decimateColumns(xy, cols, from, to, a, b))).toEqual(reference(xy, cols, from, to, a, b));
    }
  });
});
