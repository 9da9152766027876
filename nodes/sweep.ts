/**
 * sweep: run the graph upstream of its input once per point of a parameter sweep (any numeric
 * parameter of any upstream block), in parallel on the pool of workers, and put the traces of
 * all points together, each labelled with its point. Blocks upstream that do not depend on a
 * swept parameter are not computed again. Points that fail are reported with their values and
 * do not stop the others.
 */
import { dict } from '../src/core/dict.ts';
import { CoreError } from '../src/core/errors.ts';
import { sweepPoints, SweepSyntaxError, type SweepPoints } from '../src/dataflow/sweep-points.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import { REEVALUATED, type BlockDef, type ComputeContext } from './types.ts';
import type { SweepInfo, TracesValue } from './values.ts';

const MODES = ['grid', 'paired'] as const;

/** Points evaluated at once: enough to keep a pool of workers busy, few enough to bound memory. */
const IN_FLIGHT = 8;

/** A swept value as labels and notes show it: up to 4 significant digits. */
export const short = (x: number): string => String(Number(x.toPrecision(4)));

/** The label of trace `label` of point `k`. */
export function sweepLabel(label: string, names: string[], point: number[]): string {
  return `${label} [${names.map((n, i) => `${n}=${short(point[i])}`).join(', ')}]`;
}

/**
 * Input: traces (from a run). Output: traces of every point. Params: parameters (text, one
 * `block.param = values` per line), mode (grid | paired).
 */
export const sweepBlock: BlockDef = {
  type: 'sweep',
  title: 'Parameter sweep',
  equivalents: 'a Python loop over parameter values, one NEURON run each (or ParallelContext\'s bulletin board)',
  aliases: ['parameter scan', 'linspace', 'logspace', 'batch'],
  category: 'run',
  description: 'Run the model once per value of one or more parameters (lists, ranges, random draws), in parallel, and overlay the traces.',
  sweeps: true,
  inputs: { traces: { type: 'traces', label: 'traces', reevaluated: true } },
  outputs: { traces: { type: 'traces', label: 'traces' } },
  params: [
    {
      name: 'parameters',
      label: 'Swept parameters',
      kind: 'string',
      default: '',
      multiline: true,
      suggestions: ['syn_1.gmax = linspace(0.01, 0.2, 8)', 'iclamp.amp = linspace(0, 1, 11)', 'props.Ra = logspace(50, 500, 5)'],
      help: 'One line per parameter: block.parameter = values. Values: a list "0.01, 0.05", linspace(from, to, n), logspace(from, to, n), uniform(from, to, n, seed) or loguniform(from, to, n, seed).',
    },
    { name: 'mode', label: 'Combine', kind: 'enum', options: MODES, default: 'grid', help: 'grid: every combination of the values; paired: the k-th value of each parameter together (equal counts).' },
  ],
  async compute(inputs, params, ctx) {
    // The input's own value is the graph's current run (or REEVALUATED, before that run is done); the sweep evaluates it again per point.
    if (inputs.traces !== REEVALUATED) requireInput(inputs, 'traces', 'traces', sweepBlock);
    const p = paramValues(sweepBlock, params);
    let sp: SweepPoints;
    try {
      sp = sweepPoints(p.string('parameters'), p.choice('mode', MODES));
    } catch (e) {
      if (e instanceof SweepSyntaxError) throw new CoreError('input', `${sweepBlock.title}: ${e.message}`);
      throw e;
    }
    if (!ctx.evaluateInput) throw new CoreError('input', `${sweepBlock.title}: this runner cannot evaluate sweeps`);
    const results = await evaluatePoints(sp, ctx);
    return { traces: combine(sp, results) };
  },
};

type PointResult = { ok: true; traces: TracesValue } | { ok: false; message: string };

/** Every point, at most IN_FLIGHT at a time; partial results (the points done so far) as they finish. */
async function evaluatePoints(sp: SweepPoints, ctx: ComputeContext): Promise<PointResult[]> {
  const results: Array<PointResult | undefined> = new Array(sp.points.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < sp.points.length) {
      const k = next++;
      const overrides = sp.params.map((q, i) => ({ node: q.node, param: q.param, value: sp.points[k][i] }));
      try {
        const v = await ctx.evaluateInput!('traces', overrides, ctx.signal);
        if (!v || (v as TracesValue).kind !== 'traces') throw new CoreError('model', 'the input gave no traces');
        results[k] = { ok: true, traces: v as TracesValue };
      } catch (e) {
        if (ctx.signal.aborted) throw new CoreError('aborted', 'sweep cancelled');
        // A swept parameter that does not exist fails every point alike: say it once, now.
        if (e instanceof CoreError && e.code === 'input' && /^swept parameter/.test(e.message)) throw new CoreError('input', `${sweepBlock.title}: ${e.message}`);
        results[k] = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      done++;
      ctx.progress(done / sp.points.length);
      if (ctx.partial && done < sp.points.length) ctx.partial({ traces: combine(sp, results, done / sp.points.length) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, sp.points.length) }, worker));
  return results as PointResult[];
}

/** The traces of the points evaluated so far as one value (labels carry the point). */
function combine(sp: SweepPoints, results: ReadonlyArray<PointResult | undefined>, fraction?: number): TracesValue {
  const names = sp.params.map((q) => `${q.node}.${q.param}`);
  const ok = results.flatMap((r, k) => (r?.ok ? [{ k, tr: r.traces }] : []));
  const failed = results.flatMap((r, k) => (r && !r.ok ? [`point ${k + 1} (${names.map((n, i) => `${n} = ${short(sp.points[k][i])}`).join(', ')}) failed: ${r.message}`] : []));
  if (!ok.length && fraction === undefined) throw new CoreError('model', `${sweepBlock.title}: every point failed; the first: ${failed[0] ?? 'no result'}`);
  const first = ok[0]?.tr;
  const traces = dict<Float64Array>();
  const units = dict<string>();
  const spikes = dict<Float64Array>();
  const nodes = dict<number>();
  const of: SweepInfo['of'] = dict<[number, string]>();
  const warnings = [...failed];
  for (const { k, tr } of ok) {
    if (tr.t.length !== first!.t.length || tr.t[tr.t.length - 1] !== first!.t[first!.t.length - 1]) {
      warnings.push(`point ${k + 1}: its run has other sample times (a swept duration or step); left out, as traces of one sweep share one time axis`);
      continue;
    }
    for (const [label, a] of Object.entries(tr.traces)) {
      const l = sweepLabel(label, names, sp.points[k]);
      traces[l] = a;
      units[l] = tr.units[label] ?? '';
      of[l] = [k, label];
      if (tr.nodes && label in tr.nodes) nodes[l] = tr.nodes[label];
    }
    for (const [label, s] of Object.entries(tr.spikes)) {
      const l = sweepLabel(label, names, sp.points[k]);
      spikes[l] = s;
      of[l] = [k, label];
    }
    for (const w of tr.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  return {
    kind: 'traces',
    t: first?.t ?? new Float64Array(0),
    traces,
    units,
    spikes,
    nodes,
    run: first?.run ?? { tstop: 0, v_init: 0, dt: 0, celsius: 0 },
    sections: first?.sections ?? 0,
    segments: first?.segments ?? 0,
    wallMs: ok.reduce((s, x) => s + x.tr.wallMs, 0),
    warnings,
    sweep: { names, points: sp.points, of },
    ...(fraction !== undefined ? { partial: { fraction, t: first?.run.tstop ?? 0 } } : {}),
  };
}
