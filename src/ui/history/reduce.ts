/**
 * A bounded copy of what a figure draws, for the run history: its axes (what a kept run needs
 * to find its panel in a later figure: name, type, grid) and its series with [x, y] data packed
 * as float64 pairs. A figure within the budget is kept exactly (every sample, the same numbers);
 * a bigger one (1000 traces × 40,001 samples) gets an equal share of the budget per series:
 * lines reduced to the min and max of each of that many columns (column-decimate.ts: every kept
 * point is a real sample, spikes survive), scatter points thinned evenly, and series beyond
 * what the budget can hold left out. Pure: no DOM.
 */
import type { FigureValue } from '../../../nodes/values.ts';
import { decimateColumns, pointBudget } from '../plots/column-decimate.ts';
import { asList, packPairs, type Option } from '../plots/figure-option.ts';
import { BYTES_PER_POINT, RUN_BUDGET_BYTES } from './run.ts';

/** Fewest points a series gets when the budget is shared (64 columns' min and max, and the ends). */
export const MIN_SERIES_POINTS = pointBudget(64);

export interface ReducedFigure {
  option: Option;
  decimated: boolean;
  points: { stored: number; full: number };
}

/** Series properties copied into the history (plain JSON: structured-clone safe, no functions). */
function seriesMeta(s: Option): Option {
  const { data: _d, markArea: _a, markLine: _l, markPoint: _p, ...rest } = s;
  return JSON.parse(JSON.stringify(rest)) as Option;
}

/** Axis properties a kept run needs to be placed in a later figure (see figure-option.ts withRuns). */
function axisMeta(a: Option): Option {
  const out: Option = {};
  for (const k of ['name', 'type', 'gridIndex'] as const) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

/** All items are [x, y] pairs of numbers (checked without copying). */
function isPairs(data: unknown[]): boolean {
  for (const p of data) if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return false;
  return true;
}

/** Scratch for packing one series to be reduced (a figure of 1000 big traces is not packed whole). */
let scratch = new Float64Array(0);

/** [[x, y], …] packed into the scratch array (valid until the next call). */
function packScratch(data: Array<[number, number]>): Float64Array {
  if (scratch.length < 2 * data.length) scratch = new Float64Array(2 * data.length);
  for (let k = 0; k < data.length; k++) {
    scratch[2 * k] = data[k][0];
    scratch[2 * k + 1] = data[k][1];
  }
  return scratch.subarray(0, 2 * data.length);
}

/** `count` points of packed data, evenly spread (first and last kept). */
function thin(xy: Float64Array, count: number): Float64Array {
  const n = xy.length >> 1;
  if (n <= count) return xy.slice();
  const out = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    const k = count === 1 ? 0 : Math.round((i * (n - 1)) / (count - 1));
    out[2 * i] = xy[2 * k];
    out[2 * i + 1] = xy[2 * k + 1];
  }
  return out;
}

/**
 * The figure's drawn series and axes within `budgetBytes` (16 bytes per point). Series whose
 * data are not [x, y] pairs (categories) are kept as they are when they fit their share, else
 * left out. The data arrays of the result are fresh copies or the figure's own packed arrays
 * (never changed: figures are immutable).
 */
export function reduceFigure(figure: FigureValue, budgetBytes: number = RUN_BUDGET_BYTES): ReducedFigure {
  const budget = Math.max(MIN_SERIES_POINTS, Math.floor(budgetBytes / BYTES_PER_POINT));
  const series = asList(figure.option.series);
  // Which series are x, y pairs (packed already, or arrays of pairs), and their sizes: nothing copied yet.
  const pairs = series.map((s) => s.data instanceof Float64Array || (Array.isArray(s.data) && isPairs(s.data)));
  const sizes = series.map((s) => (s.data instanceof Float64Array ? s.data.length >> 1 : Array.isArray(s.data) ? s.data.length : 0));
  const full = sizes.reduce((a, b) => a + b, 0);
  // Within budget: every sample.
  const fits = full <= budget;
  // Otherwise an equal share each; as many series as the budget holds at their smallest share.
  const share = fits ? Infinity : Math.max(MIN_SERIES_POINTS, Math.floor(budget / Math.max(1, series.length)));
  const room = fits ? series.length : Math.floor(budget / share);
  let decimated = false;
  let stored = 0;
  const out: Option[] = [];
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    if (i >= room) {
      decimated = true;
      continue;
    }
    if (!pairs[i]) {
      // Not pairs (category values, objects): kept only whole.
      if (sizes[i] > share) {
        decimated = true;
        continue;
      }
      out.push({ ...seriesMeta(s), ...(Array.isArray(s.data) ? { data: JSON.parse(JSON.stringify(s.data)) as unknown[] } : {}) });
      stored += sizes[i];
      continue;
    }
    let kept: Float64Array;
    if (sizes[i] <= share) {
      // Every sample: the packed array the panel draws from (made once per array, shared).
      kept = s.data instanceof Float64Array ? s.data : packPairs(s.data as unknown[])!;
    } else {
      decimated = true;
      const xy = s.data instanceof Float64Array ? s.data : packScratch(s.data as Array<[number, number]>);
      // Lines: min/max per column (2 per column + both ends); other series: evenly thinned.
      kept = s.type === 'line' ? decimateColumns(xy, Math.floor((share - 2) / 2)).slice() : thin(xy, share);
    }
    out.push({ ...seriesMeta(s), data: kept });
    stored += kept.length >> 1;
  }
  const option: Option = { series: out };
  const x = asList(figure.option.xAxis).map(axisMeta);
  const y = asList(figure.option.yAxis).map(axisMeta);
  if (x.length) option.xAxis = x;
  if (y.length) option.yAxis = y;
  return { option, decimated, points: { stored, full } };
}
