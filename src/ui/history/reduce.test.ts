/**
 * The stored copy of a run: exact within the budget (the same numbers as drawn), bounded and
 * min/max-preserving beyond it, and said to be reduced.
 */
import { describe, expect, it } from 'vitest';
import type { FigureValue } from '../../../nodes/values.ts';
import { MIN_SERIES_POINTS, reduceFigure } from './reduce.ts';
import { BYTES_PER_POINT, RUN_BUDGET_BYTES } from './run.ts';

/** A trace at dt 0.025 ms: a slow wave plus one-sample spikes at `spikes` (height 40 + k·1e-4). */
function trace(n: number, phase = 0, spikes: number[] = []): Float64Array {
  const xy = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    xy[2 * k] = k * 0.025;
    xy[2 * k + 1] = -65 + 5 * Math.sin((k + phase) / 997);
  }
  for (const k of spikes) xy[2 * k + 1] = 40 + k * 1e-4;
  return xy;
}

const asPairs = (f: Float64Array): Array<[number, number]> => Array.from({ length: f.length >> 1 }, (_, k) => [f[2 * k], f[2 * k + 1]]);

function figure(series: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): FigureValue {
  return { kind: 'figure', figure: 'traces', title: 'Voltage', csv: '', option: { xAxis: [{ name: 't (ms)', type: 'value', gridIndex: 0, max: 1000 }], yAxis: [{ name: 'V (mV)', type: 'value', gridIndex: 0, min: -80 }], series, ...extra } };
}

describe('reduceFigure', () => {
  it('keeps a figure within the budget exactly: the tutorial plot, 3 traces × 40,001 samples (1.92 MB ≤ 2 MiB)', () => {
    const traces = [trace(40_001, 0, [10_000]), trace(40_001, 300), trace(40_001, 600)];
    const fig = figure(traces.map((t, i) => ({ name: `v${i}`, type: 'line', yAxisIndex: 0, data: asPairs(t), markArea: { data: [] } })));
    const r = reduceFigure(fig);
    expect(3 * 40_001 * BYTES_PER_POINT).toBeLessThanOrEqual(RUN_BUDGET_BYTES);
    expect(r.decimated).toBe(false);
    expect(r.points).toEqual({ stored: 120_003, full: 120_003 });
    const series = r.option.series as Array<Record<string, unknown>>;
    expect(series.map((s) => s.name)).toEqual(['v0', 'v1', 'v2']);
    // Every sample, the same doubles; no mark areas; axes reduced to what places a run.
    traces.forEach((t, i) => expect(series[i].data).toEqual(t));
    expect(series[0].markArea).toBeUndefined();
    expect(r.option.xAxis).toEqual([{ name: 't (ms)', type: 'value', gridIndex: 0 }]);
    expect(r.option.yAxis).toEqual([{ name: 'V (mV)', type: 'value', gridIndex: 0 }]);
    // Structured-clone safe (what IndexedDB stores).
    expect(structuredClone(r.option)).toEqual(r.option);
  });

  it('bounds a big figure (100 traces × 40,001 samples) to the budget, each trace its share of min/max columns', () => {
    const n = 40_001;
    const spikesOf = (i: number) => [100 + i * 97, 20_000 + i * 13];
    const traces = Array.from({ length: 100 }, (_, i) => trace(n, i * 11, spikesOf(i)));
    // Packed data as the panel gives ECharts (the same path as [x, y] arrays after packPairs).
    const fig = figure(traces.map((t, i) => ({ name: `cell ${i}`, type: 'line', data: t })));
    const r = reduceFigure(fig);
    expect(r.decimated).toBe(true);
    expect(r.points.full).toBe(100 * n);
    // 2 MiB / 16 B = 131,072 points; 1,310 each: 654 columns' min and max plus both ends.
    expect(r.points.stored * BYTES_PER_POINT).toBeLessThanOrEqual(RUN_BUDGET_BYTES);
    const series = r.option.series as Array<{ name: string; data: Float64Array }>;
    expect(series).toHaveLength(100);
    for (const [i, s] of series.entries()) {
      const pts = asPairs(s.data);
      expect(pts.length).toBeLessThanOrEqual(1310);
      expect(pts.length).toBeGreaterThan(654);
      // The one-sample spikes survive with their exact values, and the ends.
      for (const k of spikesOf(i)) expect(pts).toContainEqual([k * 0.025, 40 + k * 1e-4]);
      expect(pts[0]).toEqual([0, traces[i][1]]);
      expect(pts[pts.length - 1]).toEqual([(n - 1) * 0.025, traces[i][2 * n - 1]]);
    }
    // A fresh copy: the figure's own data is untouched.
    expect(series[0].data).not.toBe(traces[0]);
  });

  it('reduces [x, y] array data the same way (one series packed at a time)', () => {
    const traces = Array.from({ length: 20 }, (_, i) => trace(10_001, i * 7, [50 + i, 9_000 - i]));
    const r = reduceFigure(figure(traces.map((t, i) => ({ name: `v${i}`, type: 'line', data: asPairs(t) }))), 20_000 * BYTES_PER_POINT);
    expect(r.decimated).toBe(true);
    const series = r.option.series as Array<{ data: Float64Array }>;
    // A share of 1,000 points: 499 columns' min and max and both ends.
    for (const [i, s] of series.entries()) {
      const pts = asPairs(s.data);
      expect(pts.length).toBeLessThanOrEqual(1000);
      for (const k of [50 + i, 9_000 - i]) expect(pts).toContainEqual([k * 0.025, 40 + k * 1e-4]);
      // Every point a real sample of its own trace (not of the scratch's previous one).
      for (const [x, y] of pts) expect(y).toBe(traces[i][2 * Math.round(x / 0.025) + 1]);
    }
  });

  it('leaves out series the budget cannot hold at their smallest share, and thins scatter evenly', () => {
    // 3,000 series of 100 points: 300,000 points > 131,072; a share would be 43 < 130 (64 columns).
    const many = Array.from({ length: 3000 }, (_, i) => ({ name: `s${i}`, type: 'line', data: asPairs(trace(100, i)) }));
    const r = reduceFigure(figure(many));
    const kept = r.option.series as unknown[];
    expect(MIN_SERIES_POINTS).toBe(130);
    expect(kept).toHaveLength(Math.floor(131_072 / 130)); // 1008
    expect(r.decimated).toBe(true);
    expect(r.points.stored).toBe(1008 * 100);

    // A raster: 5 × 40,000 spikes in a budget of 1,000 points: 200 each, first and last kept.
    const spikes = Array.from({ length: 5 }, (_, c) => {
      const xy = new Float64Array(80_000);
      for (let k = 0; k < 40_000; k++) {
        xy[2 * k] = k * 0.01 + c * 1e-3;
        xy[2 * k + 1] = c;
      }
      return { name: `cell ${c}`, type: 'scatter', data: xy };
    });
    const raster = reduceFigure(figure(spikes), 1000 * BYTES_PER_POINT);
    for (const [c, s] of (raster.option.series as Array<{ data: Float64Array }>).entries()) {
      expect(s.data.length / 2).toBe(200);
      expect([s.data[0], s.data[1]]).toEqual([c * 1e-3, c]);
      expect(s.data[398]).toBeCloseTo(39_999 * 0.01 + c * 1e-3, 12);
    }
  });

  it('keeps category data whole when it fits', () => {
    const r = reduceFigure(figure([{ name: 'rates', type: 'bar', data: [1, 2, 3] }]));
    expect(r.option.series).toEqual([{ name: 'rates', type: 'bar', data: [1, 2, 3] }]);
    expect(r.decimated).toBe(false);
  });
});
