/**
 * fit: adjust chosen parameters of upstream blocks (each within bounds, on a log or linear
 * scale) so that the run's traces match a target — a recorded trace (CSV: a time column `t`
 * in ms and one column per trace label) or another run's traces wired in — by Nelder–Mead on
 * the RMS difference, each batch of evaluations in parallel on the sweep's pool of workers.
 * Outputs the best traces next to the target, the fitted values and the cost per iteration.
 */
import Papa from 'papaparse';
import { dict } from '../src/core/dict.ts';
import { CoreError } from '../src/core/errors.ts';
import { nelderMead } from '../src/core/fit/nelder-mead.ts';
import { NUM } from '../src/dataflow/sweep-points.ts';
import { readFileParam } from './edge-list.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import { REEVALUATED, type BlockDef, type ComputeContext } from './types.ts';
import type { TableValue, TracesValue } from './values.ts';

/** One fitted parameter: its block and name, start, bounds and scale. */
export interface FitParam {
  node: string;
  param: string;
  start: number;
  lo: number;
  hi: number;
  log: boolean;
}

const LINE = new RegExp(String.raw`^(.+)\.([A-Za-z_]\w*)\s*=\s*(${NUM})\s+in\s+\[\s*(${NUM})\s*,\s*(${NUM})\s*\]\s*(log|lin)?$`);

/** Parse `block.param = start in [lo, hi] log|lin` lines. */
export function fitParams(text: string): FitParam[] {
  const out: FitParam[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const m = LINE.exec(line);
    if (!m) throw new CoreError('input', `${fitBlock.title}: line ${k + 1}: expected "block.parameter = start in [low, high]" with optional "log", e.g. "props.Ra = 100 in [10, 1000] log"`);
    const [, node, param, s, a, b, scale] = m;
    const p = { node: node.trim(), param, start: Number(s), lo: Number(a), hi: Number(b), log: scale === 'log' };
    if (!(p.lo < p.hi)) throw new CoreError('input', `${fitBlock.title}: line ${k + 1}: the low bound must be below the high one`);
    if (!(p.start >= p.lo && p.start <= p.hi)) throw new CoreError('input', `${fitBlock.title}: line ${k + 1}: the start ${p.start} is outside [${p.lo}, ${p.hi}]`);
    if (p.log && !(p.lo > 0)) throw new CoreError('input', `${fitBlock.title}: line ${k + 1}: a log scale needs positive bounds`);
    if (out.some((q) => q.node === p.node && q.param === p.param)) throw new CoreError('input', `${fitBlock.title}: line ${k + 1}: ${p.node}.${p.param} is fitted twice`);
    out.push(p);
  });
  if (!out.length) throw new CoreError('input', `${fitBlock.title}: nothing to fit: add a line "block.parameter = start in [low, high]", e.g. "props.Ra = 100 in [10, 1000] log"`);
  return out;
}

/** A target: sample times (ms) and traces by label. */
interface Target {
  t: ArrayLike<number>;
  traces: Record<string, ArrayLike<number>>;
}

/** Read a target CSV: a `t` column (ms) and one column per trace label. */
export function targetCsv(text: string, name: string): Target {
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n').trim(), { newline: '\n' });
  const rows = parsed.data;
  if (rows.length < 3) throw new CoreError('input', `${fitBlock.title}: the target ${name} has fewer than two rows of samples`);
  const header = rows[0].map((h) => h.trim());
  const ti = header.indexOf('t');
  if (ti < 0) throw new CoreError('input', `${fitBlock.title}: the target ${name} has no time column "t" (ms); its columns: ${header.slice(0, 10).join(', ')}`);
  const cols = header.map(() => new Float64Array(rows.length - 1));
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== header.length) throw new CoreError('input', `${fitBlock.title}: the target ${name}, row ${r + 1}: ${rows[r].length} fields, the header has ${header.length}`);
    for (let c = 0; c < header.length; c++) {
      const v = Number(rows[r][c]);
      if (rows[r][c].trim() === '' || !Number.isFinite(v)) throw new CoreError('input', `${fitBlock.title}: the target ${name}, row ${r + 1}, column "${header[c]}": "${rows[r][c].slice(0, 20)}" is not a number`);
      cols[c][r - 1] = v;
    }
  }
  for (let k = 1; k < cols[ti].length; k++) if (!(cols[ti][k] > cols[ti][k - 1])) throw new CoreError('input', `${fitBlock.title}: the target ${name}: times must increase (row ${k + 2})`);
  const traces = dict<Float64Array>();
  header.forEach((h, c) => c !== ti && (traces[h] = cols[c]));
  return { t: cols[ti], traces };
}

/** The model trace at time x (ms), linearly interpolated (t ascending); NaN outside it. */
function at(t: ArrayLike<number>, v: ArrayLike<number>, x: number, hint: { k: number }): number {
  let k = hint.k;
  while (k < t.length - 1 && t[k + 1] < x) k++;
  hint.k = k;
  if (x < t[0] || x > t[t.length - 1]) return NaN;
  if (k >= t.length - 1) return v[t.length - 1];
  const f = (x - t[k]) / (t[k + 1] - t[k]);
  return v[k] + f * (v[k + 1] - v[k]);
}

/** RMS difference (the traces' unit) over the target's samples in [from, to] of the labels both have. */
export function rmsCost(model: TracesValue, target: Target, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (const [label, tv] of Object.entries(target.traces)) {
    const mv = model.traces[label];
    if (!mv) continue;
    const hint = { k: 0 };
    for (let k = 0; k < target.t.length; k++) {
      const x = target.t[k];
      if (x < from || x > to) continue;
      const d = at(model.t, mv, x, hint) - tv[k];
      sum += d * d;
      n++;
    }
  }
  return n ? Math.sqrt(sum / n) : NaN;
}

/** The parameters as the optimiser sees them: each on [0, 1] (log or linear between its bounds). */
const toUnit = (p: FitParam, x: number) => (p.log ? Math.log(x / p.lo) / Math.log(p.hi / p.lo) : (x - p.lo) / (p.hi - p.lo));
const fromUnit = (p: FitParam, z: number) => {
  const c = Math.min(1, Math.max(0, z));
  return p.log ? p.lo * Math.exp(c * Math.log(p.hi / p.lo)) : p.lo + c * (p.hi - p.lo);
};

/**
 * Inputs: traces (the run whose upstream parameters are fitted), target (traces, optional).
 * Outputs: traces (best fit and target), fitted (table), cost (table). Params: parameters,
 * targetFile, from/to (ms), maxEvaluations, tolerance.
 */
export const fitBlock: BlockDef = {
  type: 'fit',
  title: 'Fit parameters',
  equivalents: 'scipy.optimize.minimize(cost, x0, method=\'Nelder-Mead\') around NEURON runs',
  aliases: ['optimize', 'Nelder-Mead', 'MultipleRunFitter', 'fit_praxis'],
  category: 'run',
  description: 'Fit parameters of upstream blocks (bounds, log or linear) so that the run matches a recorded trace, by Nelder–Mead in parallel batches.',
  sweeps: true,
  sink: true,
  inputs: { traces: { type: 'traces', label: 'traces', reevaluated: true }, target: { type: 'traces', label: 'target', optional: true } },
  outputs: { traces: { type: 'traces', label: 'best fit' }, fitted: { type: 'table', label: 'fitted' }, cost: { type: 'table', label: 'cost' } },
  params: [
    {
      name: 'parameters',
      label: 'Fitted parameters',
      kind: 'string',
      default: '',
      multiline: true,
      suggestions: ['props.Ra = 100 in [10, 1000] log', 'props.cm = 1 in [0.3, 3] log', 'pas.g = 5e-5 in [1e-6, 1e-3] log'],
      help: 'One line per parameter: block.parameter = start in [low, high], then log (for positive quantities that vary over decades) or lin.',
    },
    { name: 'targetFile', label: 'Target CSV', kind: 'file', accept: ['.csv'], default: '', optional: true, help: 'A recorded trace: a column t (ms) and a column per trace label (as the run names them); or wire another run into "target".' },
    { name: 'from', label: 'Window start', kind: 'number', unit: 'ms', default: 0, min: 0, step: 10, help: 'The cost counts the target’s samples from this time.' },
    { name: 'to', label: 'Window end', kind: 'number', unit: 'ms', default: 0, min: 0, step: 10, optional: true, help: 'The cost counts the target’s samples up to this time; 0 or empty: all.' },
    { name: 'maxEvaluations', label: 'Most runs', kind: 'number', unit: '', default: 200, min: 5, max: 100000, integer: true, step: 10, help: 'Stop after this many simulations.' },
    { name: 'tolerance', softMin: 0, softMax: 0.001, label: 'Tolerance', kind: 'number', unit: '', default: 1e-6, min: 0, step: 1e-6, help: 'Stop when the costs in the simplex differ by less than this (the traces’ unit, RMS) and its points by less than 1e-6 of their ranges.' },
  ],
  summary(values) {
    const t = values.fitted as TableValue;
    const names = t.columns.parameter as string[];
    const x = t.columns.fitted as ArrayLike<number>;
    const best = dict<number>();
    names.forEach((n, i) => (best[n] = x[i]));
    return { best, fit: t.title };
  },
  async compute(inputs, params, ctx) {
    if (inputs.traces !== REEVALUATED) requireInput(inputs, 'traces', 'traces', fitBlock);
    const p = paramValues(fitBlock, params);
    const fp = fitParams(p.string('parameters'));
    const file = p.file('targetFile');
    const wired = inputs.target as TracesValue | undefined;
    let target: Target;
    if (wired) target = wired;
    else if (file) target = targetCsv(await readFileParam(ctx, file, 'the target'), `"${file.slice(0, 60)}"`);
    else throw new CoreError('input', `${fitBlock.title}: no target: give a target CSV or wire a run's traces into "target"`);
    const to = p.optionalNumber('to');
    const from = p.number('from');
    const until = to === null || to === 0 ? Infinity : to;
    if (!ctx.evaluateInput) throw new CoreError('input', `${fitBlock.title}: this runner cannot evaluate fits`);
    return fit(fp, target, from, until, p.number('maxEvaluations'), p.number('tolerance'), ctx);
  },
};

async function fit(fp: FitParam[], target: Target, from: number, to: number, maxEvaluations: number, tolerance: number, ctx: ComputeContext): Promise<Record<string, unknown>> {
  let best: { f: number; traces: TracesValue | null; x: number[] } = { f: Infinity, traces: null, x: fp.map((q) => q.start) };
  const failures: string[] = [];
  const history: Array<{ evaluations: number; cost: number }> = [];
  const run = async (z: number[]): Promise<number> => {
    const x = fp.map((q, i) => fromUnit(q, z[i]));
    try {
      const v = (await ctx.evaluateInput!('traces', fp.map((q, i) => ({ node: q.node, param: q.param, value: x[i] })), ctx.signal)) as TracesValue;
      const f = rmsCost(v, target, from, to);
      if (Number.isNaN(f)) throw new CoreError('input', `the target and the run have no trace label in common in the window (target: ${Object.keys(target.traces).join(', ')}; run: ${Object.keys(v.traces).join(', ')})`);
      if (f < best.f) best = { f, traces: v, x };
      return f;
    } catch (e) {
      if (ctx.signal.aborted) throw new CoreError('aborted', 'fit cancelled');
      // The same refusal at every point (no common trace, a parameter that does not exist): say it now.
      if (e instanceof CoreError && e.code === 'input') throw new CoreError('input', `${fitBlock.title}: ${e.message}`);
      failures.push(`${fp.map((q, i) => `${q.node}.${q.param} = ${x[i].toPrecision(4)}`).join(', ')}: ${e instanceof Error ? e.message : String(e)}`);
      return Infinity;
    }
  };
  const result = await nelderMead((zs) => Promise.all(zs.map(run)), fp.map((q) => toUnit(q, q.start)), {
    step: fp.map(() => 0.1),
    maxEvaluations,
    fTolerance: tolerance,
    xTolerance: 1e-6,
    signal: ctx.signal,
    onIteration: ({ f, evaluations }) => {
      history.push({ evaluations, cost: f });
      ctx.progress(Math.min(0.99, evaluations / maxEvaluations));
      if (ctx.partial && best.traces) ctx.partial(outputs(fp, best, target, history, failures, { fraction: Math.min(0.99, evaluations / maxEvaluations), t: best.traces.run.tstop }));
    },
  });
  if (!best.traces) throw new CoreError('model', `${fitBlock.title}: no run of the model succeeded; the first failure: ${failures[0] ?? 'none'}`);
  const out = outputs(fp, best, target, history, failures);
  const fitted = out.fitted as TableValue;
  fitted.title = `fitted in ${result.evaluations} runs (${result.reason === 'converged' ? 'converged' : 'stopped at the budget'}), RMS ${best.f.toPrecision(4)}`;
  return out;
}

function outputs(fp: FitParam[], best: { f: number; traces: TracesValue | null; x: number[] }, target: Target, history: Array<{ evaluations: number; cost: number }>, failures: string[], partial?: { fraction: number; t: number }): Record<string, unknown> {
  const tr = best.traces!;
  // The best run's traces, and the target's (as `target: label`) where it has the same times.
  const traces = { ...tr.traces };
  const units = { ...tr.units };
  for (const [label, v] of Object.entries(target.traces))
    if (target.t.length === tr.t.length && v.length === tr.t.length) {
      traces[`target: ${label}`] = Float64Array.from(v);
      units[`target: ${label}`] = tr.units[label] ?? '';
    }
  const warnings = [...tr.warnings, ...(failures.length ? [`${failures.length} run(s) failed and were avoided; the first: ${failures[0]}`] : [])];
  const best$: TracesValue = { ...tr, traces, units, warnings, ...(partial ? { partial } : {}) };
  const fitted: TableValue = {
    kind: 'table',
    title: `best so far, RMS ${best.f.toPrecision(4)}`,
    columns: {
      parameter: fp.map((q) => `${q.node}.${q.param}`),
      start: Float64Array.from(fp, (q) => q.start),
      fitted: Float64Array.from(best.x),
      low: Float64Array.from(fp, (q) => q.lo),
      high: Float64Array.from(fp, (q) => q.hi),
    },
  };
  const cost: TableValue = { kind: 'table', title: 'cost per iteration', columns: { iteration: Float64Array.from(history, (_, k) => k), evaluations: Float64Array.from(history, (h) => h.evaluations), rms: Float64Array.from(history, (h) => h.cost) } };
  return { traces: best$, fitted, cost };
}
