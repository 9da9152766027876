/**
 * From the exact option to what ECharts draws: the series bound, fixed x extents, per-column
 * data of the zoom window, and a tooltip that reads the exact samples.
 */
import { describe, expect, it } from 'vitest';
import { decorate, packPairs, type Option } from './figure-option.ts';
import { drawnData, exactTooltip, fixAxes, limitSeries, nearest, pinnedOf, shapeOf, windows, xExtents } from './drawn-option.ts';

/** n samples at dt 0.025 ms, v = sin(t) with one spike of 40 mV at sample `spike`. */
function packed(n: number, spike: number): Float64Array {
  const xy = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    xy[2 * k] = k * 0.025;
    xy[2 * k + 1] = k === spike ? 40 : Math.sin(k * 0.025);
  }
  return xy;
}

describe('drawn option', () => {
  it('limitSeries keeps the first N and counts them all; pinnedOf keeps the matching names', () => {
    const option: Option = { series: Array.from({ length: 120 }, (_, i) => ({ name: `n${i}`, type: 'line', data: [[0, i]] })) };
    const lim = limitSeries(option, 50);
    expect(lim.shown).toBe(50);
    expect(lim.total).toBe(120);
    expect((lim.option.series as Option[]).map((s) => s.name).slice(-2)).toEqual(['n48', 'n49']);
    expect(limitSeries(option, 500).option).toBe(option);
    const pinned = pinnedOf(option, lim.option);
    expect((pinned.series as Option[]).length).toBe(50);
  });

  it('x extents from the axis or the data; fixed on open axes; windows in percent', () => {
    const xy = packed(40_001, 100);
    const option: Option = { xAxis: [{ type: 'value' }, { type: 'value', min: 0, max: 2000 }, { type: 'category' }], series: [{ type: 'line', data: xy }, { type: 'line', xAxisIndex: 1, data: [[5, 1], [7, 2]] }] };
    const ext = xExtents(option);
    expect(ext).toEqual([[0, 1000], [0, 2000], null]);
    const fixed = fixAxes(option, ext).xAxis as Option[];
    expect(fixed[0]).toMatchObject({ min: 0, max: 1000 });
    expect(fixed[1]).toBe((option.xAxis as Option[])[1]);
    expect(windows(ext, 25, 50)).toEqual([[250, 500], [500, 1000], null]);
  });

  it('big traces come to at most 2·columns+2 points of the window, spike kept; a zoomed window is exact', () => {
    const n = 40_001;
    const data = Array.from({ length: n }, (_, k): [number, number] => [k * 0.025, k === 12_000 ? 40 : Math.sin(k * 0.025)]);
    const option = decorate({ series: [{ name: 'soma', type: 'line', data }, { name: 'small', type: 'line', data: [[0, 1], [1000, 2]] }] }, 'traces');
    const ext = xExtents(option);
    const [full, small] = drawnData(option, 700, windows(ext));
    expect(small).toBeNull();
    expect(full!.length / 2).toBeLessThanOrEqual(1402);
    let peak = -Infinity;
    for (let k = 1; k < full!.length; k += 2) peak = Math.max(peak, full![k]);
    expect(peak).toBe(40);
    // 295–305 ms: 401 samples (+2 neighbours) fit in 700 columns: every one, bit for bit.
    const [zoomed] = drawnData(option, 700, windows(ext, 29.5, 30.5));
    expect(zoomed!.length / 2).toBe(403);
    const exact = packPairs(data)!;
    expect(Array.from(zoomed!)).toEqual(Array.from(exact.subarray(2 * 11_799, 2 * 12_202)));
  });

  it('a series drawn again for the same width and window is not reduced again; another width or window is', () => {
    const option: Option = { xAxis: { type: 'value', min: 0, max: 1000 }, series: [{ name: 'a', type: 'line', data: packed(40_001, 500) }] };
    const wins = windows(xExtents(option));
    const [first] = drawnData(option, 800, wins);
    const [again] = drawnData(option, 800, wins);
    expect(again).toBe(first);
    const [wider] = drawnData(option, 900, wins);
    expect(wider).not.toBe(first);
    expect(wider!.length).toBeGreaterThan(first!.length);
    const [zoomed] = drawnData(option, 900, windows(xExtents(option), 10, 20));
    expect(zoomed![0]).toBeLessThan(100);
    expect(zoomed![zoomed!.length - 2]).toBeGreaterThan(200);
    // Back to the first width and window: the same numbers as before.
    expect(Array.from(drawnData(option, 800, wins)[0]!)).toEqual(Array.from(first!));
  });

  it('the tooltip shows the exact sample nearest the pointer, not a drawn point, names escaped', () => {
    const xy = packed(40_001, 12_000);
    expect(nearest(xy, 300.01)).toBe(12_000);
    expect(nearest(xy, 300.0126)).toBe(12_001);
    expect(nearest(xy, -3)).toBe(0);
    expect(nearest(xy, 5000)).toBe(40_000);
    const format = exactTooltip({ series: [{ name: '<b>soma</b>', type: 'line', data: xy }] });
    // ECharts gives the drawn point's value; the exact sample at 300 ms is the spike.
    const html = format([{ seriesIndex: 0, seriesName: '<b>soma</b>', marker: '', value: [300.05, 0.1], axisValue: 300.004 }]);
    expect(html).toBe('300<br/>&#60;b&#62;soma&#60;/b&#62;: <b>40</b>');
  });
});

describe('shapeOf', () => {
  const base = (n: number, extra: Option = {}): Option => ({
    xAxis: { type: 'value', min: 0, max: 100 },
    title: { subtext: `every ${n} samples` },
    series: [{ name: 'soma', type: 'line', data: new Float64Array(2 * n) }],
    ...extra,
  });
  it('is the same for the next data of a growing run (data, title and tooltip apart)', () => {
    expect(shapeOf(base(10))).toBe(shapeOf(base(2000, { tooltip: { formatter: () => 'x' } })));
  });
  it('differs when an axis, a series or the zoom window changes', () => {
    const a = shapeOf(base(10));
    expect(shapeOf(base(10, { xAxis: { type: 'value', min: 0, max: 200 } }))).not.toBe(a);
    expect(shapeOf({ ...base(10), series: [{ name: 'dend', type: 'line', data: new Float64Array(4) }] })).not.toBe(a);
    expect(shapeOf(base(10, { dataZoom: [{ type: 'slider', start: 10, end: 50 }] }))).not.toBe(a);
  });
});
