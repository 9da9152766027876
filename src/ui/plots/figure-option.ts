/**
 * Pure helpers between a block's figure (an ECharts option of plain JSON, nodes/values.ts) and
 * what the plot panel draws: the interactive parts every figure gets (tooltip, scrolling
 * legend, zoom linked over all stacked panels), a pinned run drawn under the current one, and
 * the numbers a chart is drawing (for tests, which compare data, not pixels).
 *
 * No DOM and no ECharts here. Options are copied shallowly: series data arrays are shared;
 * only big series are packed into one typed array each (once per array, see packPairs), which
 * ECharts takes without copying.
 */
import type { FigureValue } from '../../../nodes/values.ts';

export type Option = Record<string, unknown>;
export type FigureKind = FigureValue['figure'];

/** One drawn series: its name and its [x, y] points. */
export interface SeriesPoints {
  name: string;
  data: Array<[number, number]>;
}

/** Suffix of a pinned series' name. */
export const PINNED_SUFFIX = ' (pinned)';
/** Colour of pinned series. */
export const PINNED_COLOR = '#9a9a9a';

/** Series longer than this are down-sampled (LTTB) and drawn without symbols. */
const BIG_LINE = 1000;
/** Scatter series longer than this use ECharts' large mode. */
const BIG_SCATTER = 2000;
/** Height (px) of the zoom slider added under a figure and the room it takes. */
const SLIDER_HEIGHT = 18;
const SLIDER_ROOM = 34;
/** Room (px) a legend line under a title takes. */
const LEGEND_ROOM = 24;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** A component option (one object, an array of them, or nothing) as an array. */
export function asList(v: unknown): Option[] {
  if (Array.isArray(v)) return v.filter(isRecord);
  return isRecord(v) ? [v] : [];
}

/** Indices of the option's x axes (at least [0]: ECharts' default axis). */
export function xAxisIndices(option: Option): number[] {
  const n = Math.max(1, asList(option.xAxis).length);
  return Array.from({ length: n }, (_, i) => i);
}

/** Tooltip numbers: five significant digits, as a plot is read (the CSV has them all). */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(5)));
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  return v === null || v === undefined ? '–' : String(v);
}

/** Grids with room for a slider under them: a pixel `bottom` grows, a percent one is left. */
function roomForSlider(grid: unknown): unknown {
  const grow = (g: Option): Option => {
    const b = g.bottom;
    if (typeof b === 'number') return { ...g, bottom: b + SLIDER_ROOM };
    if (b === undefined && g.height === undefined) return { ...g, bottom: 60 + SLIDER_ROOM };
    return g;
  };
  if (Array.isArray(grid)) return grid.map((g) => (isRecord(g) ? grow(g) : g));
  if (isRecord(grid)) return grow(grid);
  return { bottom: 60 + SLIDER_ROOM };
}

/** Packed copies of big [x, y] data arrays, made once per array (figures are immutable). */
const packs = new WeakMap<object, Float64Array | null>();

/**
 * [[x, y], …] as one Float64Array x0, y0, x1, y1, … (ECharts reads a typed array as rows of its
 * coordinate dimensions). ECharts deep-copies plain arrays on every setOption and parses them
 * item by item; a typed array it keeps as it is: three to four times faster for 40,001-point
 * traces. Null when some item is not a pair of numbers (gaps, objects): then left as it is.
 */
export function packPairs(data: unknown[]): Float64Array | null {
  const hit = packs.get(data);
  if (hit !== undefined) return hit;
  let out: Float64Array | null = new Float64Array(data.length * 2);
  for (let k = 0; k < data.length; k++) {
    const p = data[k];
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      out = null;
      break;
    }
    out[2 * k] = p[0];
    out[2 * k + 1] = p[1];
  }
  packs.set(data, out);
  return out;
}

/** A big series with its data packed (see packPairs; ECharts then needs the dimensions), or as it is. */
function withPacked(s: Option): Option {
  const f = Array.isArray(s.data) ? packPairs(s.data) : null;
  return f ? { ...s, data: f, dimensions: s.dimensions ?? ['x', 'y'] } : s;
}

/** Grids moved down by `px` where their top is in pixels (percent layouts are left as they are). */
function shiftTop(grid: unknown, px: number): unknown {
  const move = (g: Option): Option => (typeof g.top === 'number' ? { ...g, top: g.top + px } : g);
  if (Array.isArray(grid)) return grid.map((g) => (isRecord(g) ? move(g) : g));
  return isRecord(grid) ? move(grid) : grid;
}

/** Speed settings for big series, unless the figure set them, and their data packed. */
function fastSeries(s: Option): Option {
  // Data already packed (x0, y0, x1, y1, …; see packPairs) is taken as it is, with its dimensions.
  if (s.data instanceof Float64Array) {
    const packed = { ...s, dimensions: s.dimensions ?? ['x', 'y'] };
    return s.type === 'line' ? { ...packed, sampling: s.sampling ?? 'lttb', showSymbol: s.showSymbol ?? false } : packed;
  }
  const n = Array.isArray(s.data) ? s.data.length : 0;
  if (s.type === 'line' && n > BIG_LINE) {
    return withPacked({ ...s, sampling: s.sampling ?? 'lttb', showSymbol: s.showSymbol ?? false });
  }
  if (s.type === 'scatter' && n > BIG_SCATTER) {
    return withPacked({ ...s, large: s.large ?? true, largeThreshold: s.largeThreshold ?? BIG_SCATTER });
  }
  return s;
}

/**
 * The figure's option with what the panel adds to every figure (only what the figure does not
 * define itself): no animation; a tooltip (axis trigger; rasters keep their item tooltip); a
 * scrolling legend; zoom by wheel/drag and a slider, both over every x axis so stacked panels
 * zoom together; the axis pointer linked over those axes; big series down-sampled.
 */
export function decorate(option: Option, kind: FigureKind): Option {
  const out: Option = { ...option, animation: false };
  const xs = xAxisIndices(option);
  const hasTitle = asList(option.title).some((t) => typeof t.text === 'string' && t.text !== '');

  const tooltip = asList(option.tooltip)[0];
  out.tooltip = {
    trigger: kind === 'raster' ? 'item' : 'axis',
    confine: true,
    valueFormatter: formatValue,
    ...(tooltip ?? {}),
  };

  const series = asList(option.series);
  const legend = asList(option.legend)[0];
  let grid: unknown = option.grid;
  // A legend of the figure's own lists every series unless it names them: kept runs are left out.
  const kept = series.some((s) => typeof s.id === 'string' && s.id.startsWith(`${RUN_ID_PREFIX}kept:`));
  if (legend) out.legend = { type: 'scroll', ...legend, ...(kept && legend.data === undefined ? { data: legendItems(series) } : {}) };
  else {
    // One scrolling line: under the title (and its subtext) when there is one, the plot moved
    // down to make room; otherwise along the top.
    const title = asList(option.title)[0];
    const top = hasTitle ? (typeof title?.subtext === 'string' && title.subtext !== '' ? 48 : 30) : 0;
    // Centred as the title is, clear of the y axis name at the top left.
    out.legend = { type: 'scroll', top, left: 'center', width: '66%', data: legendItems(series) };
    if (hasTitle) grid = shiftTop(grid, LEGEND_ROOM);
  }

  const zooms = asList(option.dataZoom);
  const added: Option[] = [];
  if (!zooms.some((z) => z.type === 'inside')) added.push({ type: 'inside', xAxisIndex: xs });
  if (!zooms.some((z) => z.type === 'slider')) {
    added.push({ type: 'slider', xAxisIndex: xs, bottom: 6, height: SLIDER_HEIGHT, showDetail: false });
    grid = roomForSlider(grid);
  }
  if (grid !== option.grid) out.grid = grid;
  // The figure's own slider, slimmer and lower when it did not size it: the stacked panels'
  // time axis name sits just above it.
  const own = zooms.map((z) => (z.type === 'slider' && z.height === undefined ? { ...z, height: 14, bottom: Math.min(typeof z.bottom === 'number' ? z.bottom : 5, 5), showDetail: z.showDetail ?? false } : z));
  if (added.length || own.some((z, i) => z !== zooms[i])) out.dataZoom = [...own, ...added];

  if (xs.length > 1 && option.axisPointer === undefined) out.axisPointer = { link: [{ xAxisIndex: 'all' }] };

  out.series = series.map((s) => readableMarkArea(fastSeries(s)));
  return out;
}

/** A series that draws nothing but its mark areas (symbols of size 0). */
function onlyMarkArea(s: Option): boolean {
  return s.symbolSize === 0 && isRecord(s.markArea);
}

/** A series drawing nothing at all: no visible symbols and no mark areas. */
function invisible(s: Option): boolean {
  return s.symbolSize === 0 && !isRecord(s.markArea);
}

/**
 * Legend entries for the series: a series that only shades areas (a raster's stimuli) shows
 * as a square of its shading colour; series that draw nothing are left out.
 */
function legendItems(series: Option[]): Array<string | Option> {
  const out: Array<string | Option> = [];
  for (const s of series) {
    // Kept runs (any number of them, all alike) would crowd the legend out.
    if (typeof s.name !== 'string' || invisible(s) || (typeof s.id === 'string' && s.id.startsWith(`${RUN_ID_PREFIX}kept:`))) continue;
    if (onlyMarkArea(s)) {
      const area = s.markArea as Option;
      const color = isRecord(area.itemStyle) && typeof area.itemStyle.color === 'string' ? area.itemStyle.color : undefined;
      out.push({ name: s.name, icon: 'rect', itemStyle: color ? { color, borderColor: 'rgba(0, 0, 0, 0.25)', borderWidth: 1 } : {} });
    } else out.push(s.name);
  }
  return out;
}

/** Mark-area labels in a readable grey (they otherwise take the faint area colour). */
function readableMarkArea(s: Option): Option {
  const area = s.markArea;
  if (!isRecord(area)) return s;
  const label = isRecord(area.label) ? area.label : {};
  if (label.color !== undefined) return s;
  return { ...s, markArea: { ...area, label: { ...label, color: '#666' } } };
}

/** Where the pinned figure's axis `i` is in the current one: same name (and kind), else same index. */
function axisMap(pinnedAxes: Option[], currentAxes: Option[]): (i: number) => number | null {
  return (i) => {
    const p = pinnedAxes[i] ?? (i === 0 ? {} : undefined);
    if (!p) return null;
    const c = currentAxes[i] ?? (i === 0 && currentAxes.length === 0 ? {} : undefined);
    const same = (a: Option, b: Option) => (a.name ?? '') === (b.name ?? '') && (a.type ?? 'value') === (b.type ?? 'value');
    if (c && same(p, c)) return i;
    const k = currentAxes.findIndex((a) => same(p, a));
    return k >= 0 ? k : null;
  };
}

/** How an earlier run is drawn: pinned (grey dashed), kept (thin light grey) or compared (coloured, dashed). */
export type RunStyle = 'pinned' | 'kept' | 'compare';

/** Colour of kept (not pinned) runs: lighter than pinned ones. */
export const KEPT_COLOR = '#c4c4c4';
/** Colour of the run compared with the current one. */
export const COMPARE_COLOR = '#d9480f';
/** Series ids of earlier runs start with this (`nw-kept:` for kept runs, which the legend leaves out). */
export const RUN_ID_PREFIX = 'nw-';

const STYLE_COLOR: Record<RunStyle, string> = { pinned: PINNED_COLOR, kept: KEPT_COLOR, compare: COMPARE_COLOR };

/** A copy of a series of an earlier run: coloured by its style, thin, quiet, under the current run. */
function runSeries(s: Option, xAxisIndex: number, yAxisIndex: number, style: RunStyle, suffix: string, id: string): Option {
  const { markArea: _a, markLine: _l, markPoint: _p, ...rest } = s;
  const hidden = isRecord(s.lineStyle) && s.lineStyle.opacity === 0;
  const color = STYLE_COLOR[style];
  const copy: Option = {
    ...rest,
    id,
    name: `${typeof s.name === 'string' ? s.name : 'series'}${suffix}`,
    xAxisIndex,
    yAxisIndex,
    color,
    silent: true,
    z: style === 'kept' ? 0 : 1,
    emphasis: { disabled: true },
    tooltip: { show: false },
  };
  if (typeof s.stack === 'string') copy.stack = `${s.stack}${suffix}`;
  if (s.type === 'scatter') {
    copy.itemStyle = { ...(isRecord(s.itemStyle) ? s.itemStyle : {}), color, opacity: style === 'compare' ? 0.6 : 0.35 };
  } else {
    const line: Record<RunStyle, Option> = {
      pinned: { type: 'dashed', width: 1, opacity: 0.9 },
      kept: { type: 'solid', width: 0.8, opacity: 0.8 },
      compare: { type: 'dashed', width: 1.5, opacity: 0.95 },
    };
    copy.lineStyle = { color, ...line[style], ...(hidden ? { opacity: 0 } : {}) };
    copy.itemStyle = { color, opacity: 0.6 };
    copy.showSymbol = false;
    copy.symbol = 'none';
    if (s.areaStyle !== undefined) copy.areaStyle = { color, opacity: 0.15 };
  }
  return copy;
}

/** An earlier run to draw with the current one: its (bounded) option, style and name suffix. */
export interface RunOverlay {
  /** Unique among the runs drawn (goes into the series ids). */
  id: string;
  option: Option;
  style: RunStyle;
  /** Added to each series name: " (pinned)", " (run 3)". */
  suffix: string;
}

/**
 * The current option with the series of earlier runs added after its own: each named
 * "<name><suffix>", on the current figure's matching axes (same axis name, so a panel that
 * moved is still found; series whose panel is gone are left out), thin lines or faded symbols
 * in the run's style, silent, not emphasised, not in the tooltip. Stimulus shading (mark
 * areas) is not repeated. Without runs, the current option as it is.
 */
export function withRuns(option: Option, runs: readonly RunOverlay[]): Option {
  if (!runs.length) return option;
  const xAxes = asList(option.xAxis);
  const yAxes = asList(option.yAxis);
  const gridOf = (a: Option | undefined) => (a && typeof a.gridIndex === 'number' ? a.gridIndex : 0);
  const extra: Option[] = [];
  for (const run of runs) {
    const mapY = axisMap(asList(run.option.yAxis), yAxes);
    const prefix = `${RUN_ID_PREFIX}${run.style === 'kept' ? 'kept' : 'run'}:${run.id}:`;
    asList(run.option.series).forEach((s, i) => {
      if (!Array.isArray(s.data) && !(s.data instanceof Float64Array)) return;
      // The panel is found by its y axis (named by quantity); the x axis is that panel's.
      const y = mapY(typeof s.yAxisIndex === 'number' ? s.yAxisIndex : 0);
      if (y === null) return;
      const grid = gridOf(yAxes[y]);
      const x = xAxes.length === 0 ? (grid === 0 ? 0 : -1) : xAxes.findIndex((a) => gridOf(a) === grid);
      if (x < 0) return;
      extra.push(runSeries(s, x, y, run.style, run.suffix, `${prefix}${i}`));
    });
  }
  return { ...option, series: [...asList(option.series), ...extra] };
}

/** The current option with one pinned run's series (" (pinned)", grey dashed) added: see {@link withRuns}. */
export function withPinned(option: Option, pinned: Option | null | undefined): Option {
  return pinned ? withRuns(option, [{ id: 'pinned', option: pinned, style: 'pinned', suffix: PINNED_SUFFIX }]) : option;
}

/** A series of an earlier run (see withRuns): left out of tooltips. */
export const isRunSeries = (s: Option | undefined): boolean => typeof s?.id === 'string' && s.id.startsWith(RUN_ID_PREFIX);

/** A data item as an [x, y] point (`[x, y, …]`, `{ value: [x, y] }`, or y at category index k). */
function point(item: unknown, k: number): [number, number] | null {
  const v = isRecord(item) ? item.value : item;
  if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  if (typeof v === 'number') return [k, v];
  return null;
}

/**
 * What an option draws: every series with array data, by name, as [x, y] points (the numbers
 * as given, no rounding). Pinned series are included under their " (pinned)" names.
 */
export function seriesData(option: Option | null | undefined): { series: SeriesPoints[] } {
  const series: SeriesPoints[] = [];
  if (!option) return { series };
  for (const s of asList(option.series)) {
    const name = typeof s.name === 'string' ? s.name : '';
    // Packed data (packPairs): rows of two numbers.
    if (s.data instanceof Float64Array || s.data instanceof Float32Array) {
      const f = s.data;
      const data = new Array<[number, number]>(f.length >> 1);
      for (let k = 0; k < data.length; k++) data[k] = [f[2 * k], f[2 * k + 1]];
      series.push({ name, data });
      continue;
    }
    if (!Array.isArray(s.data)) continue;
    const data: Array<[number, number]> = [];
    s.data.forEach((item: unknown, k: number) => {
      const p = point(item, k);
      if (p) data.push(p);
    });
    series.push({ name, data });
  }
  return { series };
}
