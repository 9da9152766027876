/**
 * Between the exact option of a figure (every sample, decorated by figure-option.ts) and what
 * ECharts is given to draw: at most `limit` series (the rest counted, shown on request), big
 * line series reduced to min/max per pixel column of the visible x window (column-decimate.ts),
 * x axes fixed to the data's extent so a zoom window in percent keeps meaning the same times
 * while the data under it is replaced, and a tooltip that reads the exact samples.
 *
 * Pure: no DOM, no ECharts. The exact option stays what exports and figureData() read.
 */
import { decimateColumns, visibleRange } from './column-decimate.ts';
import { asList, formatValue, isRunSeries, PINNED_SUFFIX, type Option } from './figure-option.ts';

/** Series shown at first when a figure has more; the panel offers the rest. */
export const DEFAULT_MAX_SERIES = 50;

/** An option cut to its first series, with how many there are in all. */
export interface LimitedOption {
  option: Option;
  shown: number;
  total: number;
}

/** The option with only its first `limit` series (all when they fit). */
export function limitSeries(option: Option, limit: number): LimitedOption {
  const series = asList(option.series);
  const total = series.length;
  if (total <= limit) return { option, shown: total, total };
  const n = Math.max(0, Math.floor(limit));
  return { option: { ...option, series: series.slice(0, n) }, shown: n, total };
}

/** A pinned option with only the series whose names are drawn now. */
export function pinnedOf(pinned: Option, shown: Option): Option {
  const names = new Set(asList(shown.series).map((s) => s.name));
  return { ...pinned, series: asList(pinned.series).filter((s) => names.has(s.name)) };
}

/** The smallest and largest x of packed (time-ordered) or [x, y] array data. */
function extent(data: unknown): [number, number] | null {
  if (data instanceof Float64Array) {
    const n = data.length >> 1;
    return n ? [data[0], data[2 * (n - 1)]] : null;
  }
  if (!Array.isArray(data) || data.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of data) {
    const x = Array.isArray(p) ? p[0] : undefined;
    if (typeof x === 'number' && x === x) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

const axisOf = (s: Option): number => (typeof s.xAxisIndex === 'number' ? s.xAxisIndex : 0);
const isValueAxis = (a: Option | undefined): boolean => !a || a.type === undefined || a.type === 'value';

/**
 * Per x axis, the range a zoom window in percent refers to: the axis's own min/max where they
 * are numbers, else the extent of its series' x. Null for category/time axes and empty ones.
 */
export function xExtents(option: Option): Array<[number, number] | null> {
  const axes = asList(option.xAxis);
  const n = Math.max(1, axes.length);
  const out: Array<[number, number] | null> = [];
  const series = asList(option.series);
  for (let i = 0; i < n; i++) {
    const a = axes[i];
    if (!isValueAxis(a)) {
      out.push(null);
      continue;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of series) {
      if (axisOf(s) !== i) continue;
      const e = extent(s.data);
      if (e) {
        lo = Math.min(lo, e[0]);
        hi = Math.max(hi, e[1]);
      }
    }
    const min = typeof a?.min === 'number' ? a.min : lo;
    const max = typeof a?.max === 'number' ? a.max : hi;
    out.push(min <= max && Number.isFinite(min) && Number.isFinite(max) ? [min, max] : null);
  }
  return out;
}

/** The option with each value x axis's min/max set to its extent (where the figure left them open). */
export function fixAxes(option: Option, extents: Array<[number, number] | null>): Option {
  const axes = asList(option.xAxis);
  if (axes.length === 0) return extents[0] ? { ...option, xAxis: { min: extents[0][0], max: extents[0][1] } } : option;
  const fixed = axes.map((a, i) => {
    const e = extents[i];
    if (!e || (typeof a.min === 'number' && typeof a.max === 'number')) return a;
    return { ...a, min: typeof a.min === 'number' ? a.min : e[0], max: typeof a.max === 'number' ? a.max : e[1] };
  });
  return { ...option, xAxis: Array.isArray(option.xAxis) ? fixed : fixed[0] };
}

/** Per x axis, the x range in view for a zoom window of `start`–`end` percent of its extent. */
export function windows(extents: Array<[number, number] | null>, start = 0, end = 100): Array<[number, number] | null> {
  return extents.map((e) => (e ? [e[0] + ((e[1] - e[0]) * start) / 100, e[0] + ((e[1] - e[0]) * end) / 100] : null));
}

/** Line series with packed data: the ones drawn by pixel column. */
export const reducible = (s: Option): s is Option & { data: Float64Array } => s.type === 'line' && s.data instanceof Float64Array;

/**
 * Per series, the packed points to draw in `columns` pixel columns of its axis's window (every
 * sample of the window once they fit), or null for a series drawn as it is.
 */
export function drawnData(option: Option, columns: number, wins: Array<[number, number] | null>): Array<Float64Array | null> {
  return asList(option.series).map((s) => {
    if (!reducible(s)) return null;
    const w = wins[axisOf(s)];
    const hit = reduced.get(s.data);
    if (hit && hit.columns === columns && hit.x0 === w?.[0] && hit.x1 === w?.[1]) return hit.out;
    let out: Float64Array;
    if (!w) out = decimateColumns(s.data, columns);
    else {
      const [from, to] = visibleRange(s.data, w[0], w[1]);
      out = decimateColumns(s.data, columns, from, to, w[0], w[1]);
    }
    reduced.set(s.data, { columns, x0: w?.[0], x1: w?.[1], out });
    return out;
  });
}

/**
 * The last reduction of each series' data (data are never changed in place): drawing the same
 * series again for the same width and window (more traces shown, a run pinned) reads nothing.
 */
const reduced = new WeakMap<Float64Array, { columns: number; x0: number | undefined; x1: number | undefined; out: Float64Array }>();

/** The index of the sample nearest to x in packed data (-1 when empty). */
export function nearest(xy: Float64Array, x: number): number {
  const n = xy.length >> 1;
  if (n === 0) return -1;
  const [from] = visibleRange(xy, x, x);
  // from is the last sample before x (or 0); the next one may be nearer.
  let k = from;
  if (k + 1 < n && Math.abs(xy[2 * (k + 1)] - x) < Math.abs(xy[2 * k] - x)) k++;
  return k;
}

/** What ECharts passes an axis tooltip's formatter, as far as it is read here. */
interface TooltipParam {
  seriesIndex?: number;
  seriesName?: string;
  marker?: unknown;
  value?: unknown;
  axisValue?: unknown;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An axis tooltip formatter that shows, for each series, the exact sample nearest the pointer
 * (from the full data, not the drawn points) and its time.
 */
export function exactTooltip(option: Option): (params: unknown) => string {
  const series = asList(option.series);
  return (params: unknown) => {
    const list = (Array.isArray(params) ? params : [params]) as TooltipParam[];
    const x = typeof list[0]?.axisValue === 'number' ? list[0].axisValue : Number(list[0]?.axisValue);
    const rows: string[] = [];
    let head = formatValue(x);
    for (const p of list) {
      const s = typeof p.seriesIndex === 'number' ? series[p.seriesIndex] : undefined;
      if ((typeof p.seriesName === 'string' && p.seriesName.endsWith(PINNED_SUFFIX)) || isRunSeries(s)) continue;
      let y: unknown = Array.isArray(p.value) ? p.value[1] : p.value;
      if (s && s.data instanceof Float64Array && Number.isFinite(x)) {
        const k = nearest(s.data, x);
        if (k >= 0) {
          y = s.data[2 * k + 1];
          if (rows.length === 0) head = formatValue(s.data[2 * k]);
        }
      }
      const marker = typeof p.marker === 'string' ? p.marker : '';
      rows.push(`${marker}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(formatValue(y))}</b>`);
    }
    return [escapeHtml(head), ...rows].join('<br/>');
  };
}

/**
 * An option's shape: everything but its series' data, its title and its tooltip, as text.
 * Two options of the same shape draw the same axes, zoom, legend and series styles: the
 * second can be given to a chart showing the first as its data (and title, tooltip) alone.
 */
export function shapeOf(option: Option): string {
  const series = asList(option.series).map((s) => {
    const { data: _d, ...rest } = s;
    return rest;
  });
  const { series: _s, title: _t, tooltip: _tt, ...rest } = option;
  return JSON.stringify({ ...rest, series }, (_k, v: unknown) => (typeof v === 'function' ? 'fn' : ArrayBuffer.isView(v) ? 'typed' : v));
}
