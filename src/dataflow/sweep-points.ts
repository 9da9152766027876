/**
 * The points of a parameter sweep, from the text a sweep block holds: one line per swept
 * parameter, `block.param = values`, where values are
 *   a list            `0.01, 0.05, 0.1`
 *   a linear range    `linspace(0.01, 0.2, 8)`     (8 points, both ends included)
 *   a log range       `logspace(0.01, 1, 5)`       (5 points evenly spaced in log, ends included)
 *   random draws      `uniform(0.01, 0.2, 8, 42)`  (8 draws in [0.01, 0.2), seed 42; seed optional, 1)
 *                     `loguniform(0.01, 1, 8, 42)` (log-uniform)
 * combined as a grid (every combination) or paired (k-th value of each; equal counts).
 */
import { createRng } from '../core/random.ts';

/** Most points one sweep may have (a grid multiplies quickly). */
export const MAX_SWEEP_POINTS = 10_000;

export interface SweptParam {
  /** Block id and parameter name. */
  node: string;
  param: string;
  values: number[];
}

export interface SweepPoints {
  params: SweptParam[];
  /** One row per point: the value of each swept parameter, in `params` order. */
  points: number[][];
}

/** A sweep's text refused: the line (1-based) and why. */
export class SweepSyntaxError extends Error {}

/** A decimal number as the sweep and fit lines write it (regular-expression source). */
export const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;

function numbers(s: string, line: number, what: string): number[] {
  const parts = s.split(',').map((x) => x.trim());
  return parts.map((p) => {
    if (!new RegExp(`^${NUM}$`).test(p)) throw new SweepSyntaxError(`line ${line}: ${what}: "${p.slice(0, 40)}" is not a number`);
    return Number(p);
  });
}

function count(n: number, line: number): number {
  if (!Number.isInteger(n) || n < 1) throw new SweepSyntaxError(`line ${line}: the number of points must be a whole number ≥ 1, got ${n}`);
  if (n > MAX_SWEEP_POINTS) throw new SweepSyntaxError(`line ${line}: ${n} points is more than a sweep may have (${MAX_SWEEP_POINTS})`);
  return n;
}

/** The values of one line's right-hand side. */
function values(spec: string, line: number): number[] {
  const call = /^(\w+)\s*\((.*)\)$/.exec(spec);
  if (!call) {
    if (!spec) throw new SweepSyntaxError(`line ${line}: no values after "="`);
    return numbers(spec, line, 'a list of values');
  }
  const [, fn, args] = call;
  const a = numbers(args, line, `${fn}(…)`);
  const arity = (lo: number, hi: number) => {
    if (a.length < lo || a.length > hi) throw new SweepSyntaxError(`line ${line}: ${fn} takes ${lo === hi ? lo : `${lo} or ${hi}`} numbers, got ${a.length}`);
  };
  switch (fn) {
    case 'linspace': {
      arity(3, 3);
      const n = count(a[2], line);
      // As numpy's linspace: start + k·step, the last value exactly the end.
      const step = n > 1 ? (a[1] - a[0]) / (n - 1) : 0;
      return Array.from({ length: n }, (_, k) => (n > 1 && k === n - 1 ? a[1] : a[0] + k * step));
    }
    case 'logspace': {
      arity(3, 3);
      if (!(a[0] > 0 && a[1] > 0)) throw new SweepSyntaxError(`line ${line}: logspace needs positive ends, got ${a[0]} and ${a[1]}`);
      const n = count(a[2], line);
      const l0 = Math.log(a[0]);
      const l1 = Math.log(a[1]);
      return Array.from({ length: n }, (_, k) => (n === 1 ? a[0] : k === 0 ? a[0] : k === n - 1 ? a[1] : Math.exp(l0 + ((l1 - l0) * k) / (n - 1))));
    }
    case 'uniform':
    case 'loguniform': {
      arity(3, 4);
      const n = count(a[2], line);
      const rng = createRng(a.length > 3 ? a[3] : 1);
      if (fn === 'uniform') return Array.from({ length: n }, () => rng.range(a[0], a[1]));
      if (!(a[0] > 0 && a[1] > 0)) throw new SweepSyntaxError(`line ${line}: loguniform needs positive ends, got ${a[0]} and ${a[1]}`);
      return Array.from({ length: n }, () => Math.exp(rng.range(Math.log(a[0]), Math.log(a[1]))));
    }
    default:
      throw new SweepSyntaxError(`line ${line}: unknown range "${fn.slice(0, 40)}" (use a list, linspace, logspace, uniform or loguniform)`);
  }
}

/** Parse a sweep's text and combine its lines into points. */
export function sweepPoints(text: string, mode: 'grid' | 'paired'): SweepPoints {
  const params: SweptParam[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const eq = line.indexOf('=');
    if (eq < 0) throw new SweepSyntaxError(`line ${k + 1}: expected "block.parameter = values"`);
    const target = line.slice(0, eq).trim();
    const dot = target.lastIndexOf('.');
    if (dot <= 0 || dot === target.length - 1) throw new SweepSyntaxError(`line ${k + 1}: "${target.slice(0, 60)}" is not "block.parameter"`);
    const node = target.slice(0, dot);
    const param = target.slice(dot + 1);
    if (params.some((p) => p.node === node && p.param === param)) throw new SweepSyntaxError(`line ${k + 1}: ${target.slice(0, 60)} is swept twice`);
    params.push({ node, param, values: values(line.slice(eq + 1).trim(), k + 1) });
  });
  if (!params.length) throw new SweepSyntaxError('nothing to sweep: add a line "block.parameter = values", e.g. "syn_1.gmax = linspace(0.01, 0.2, 8)"');
  if (mode === 'paired') {
    const n = params[0].values.length;
    const bad = params.find((p) => p.values.length !== n);
    if (bad) throw new SweepSyntaxError(`paired sweep: ${bad.node}.${bad.param} has ${bad.values.length} values, ${params[0].node}.${params[0].param} has ${n}; paired values need equal counts (or use grid)`);
    return { params, points: Array.from({ length: n }, (_, k) => params.map((p) => p.values[k])) };
  }
  const total = params.reduce((s, p) => s * p.values.length, 1);
  if (total > MAX_SWEEP_POINTS) throw new SweepSyntaxError(`the grid has ${total.toLocaleString('en-US')} points, more than a sweep may have (${MAX_SWEEP_POINTS}); use fewer values or a paired sweep`);
  let points: number[][] = [[]];
  for (const p of params) points = points.flatMap((row) => p.values.map((v) => [...row, v]));
  return { params, points };
}
