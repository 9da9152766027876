/**
 * The sweeps of an export: for each Parameter sweep block wired to a compartment run the
 * script runs, its points as `sweep-points.ts` gives them (seeded draws included: the script
 * gets the numbers, never a generator), the model's plan at each point (the graph evaluated
 * with the point's values, as the sweep's evaluator does) and, from the plans, the numbers the
 * script sets per point (plan-diff.ts). A swept parameter that changes anything else (the
 * sections, a recorder, the time axis) is an export error naming the sweep, block and
 * parameter, never a script that silently runs something else.
 *
 * Trace metrics blocks wired to an exported sweep or run are exported too (the script measures
 * its own traces as nodes/trace-metrics.ts does).
 */
import { blockDef as catalogueBlockDef } from '../../nodes/index.ts';
import type { BlockDef } from '../../nodes/types.ts';
import { metricsBlock } from '../../nodes/trace-metrics.ts';
import { paramValues } from '../../nodes/param-values.ts';
import { sweepBlock, sweepLabel } from '../../nodes/sweep.ts';
import { CoreError } from '../core/errors.ts';
import type { Graph } from '../dataflow/graph.ts';
import { resolveParams } from '../dataflow/params.ts';
import { sweepPoints, SweepSyntaxError, type SweepPoints } from '../dataflow/sweep-points.ts';
import { upstreamOf } from '../dataflow/upstream.ts';
import { collectRuns, q, type Collected, type CollectOptions } from './collect.ts';
import { changeText, planChanges, type PlanColumn, type PlanPath } from './plan-diff.ts';
import { compartmentPlan, type CompartmentPlan, type Plan } from './plan.ts';

type GraphLike = Pick<Graph, 'nodes' | 'connections'>;

/** One exported sweep: its points and, per point, the values of its run's columns. */
export interface SweepExport {
  id: string;
  runId: string;
  /** The swept parameters as the sweep names them (`block.param`), in its order. */
  names: string[];
  /** Per point, the swept values as the graph gives them (the block's units). */
  points: number[][];
  /** Per point, the values of the run's columns (SweepExports.columns of runId), NEURON's units. */
  rows: number[][];
  /** Per point, what the sweep appends to a trace label: ` [iclamp.current=0.01]`. */
  suffixes: string[];
}

/** A Trace metrics block the script computes, with its options (ms, mV; `to` Infinity: to the end). */
export interface MetricsExport {
  id: string;
  source: { sweep: string } | { run: string };
  opts: { threshold: number; from: number; to: number; onset: number; baselineFrom: number; baselineTo: number };
}

export interface SweepExports {
  sweeps: SweepExport[];
  metrics: MetricsExport[];
  /** Per run id with sweeps: the plan numbers set per point (P[k] of its build function). */
  columns: Map<string, PlanColumn[]>;
  /** The plans to write: those of swept runs regrouped for their columns (plan-diff.ts). */
  plans: Plan[];
  warnings: string[];
}

const MODES = ['grid', 'paired'] as const;
const RANDOM = /\b(normrand|exprand|scop_random)\s*\(/;

/** The graph restricted to run block `runId` and what feeds it, with these parameter values. */
function pointGraph(graph: GraphLike, runId: string, set: ReadonlyArray<{ node: string; param: string; value: number }>): GraphLike {
  const up = new Set([runId, ...upstreamOf(graph, runId)]);
  return {
    nodes: graph.nodes
      .filter((n) => up.has(n.id))
      .map((n) => {
        const mine = set.filter((s) => s.node === n.id);
        return mine.length ? { ...n, params: { ...n.params, ...Object.fromEntries(mine.map((s) => [s.param, s.value])) } } : n;
      }),
    connections: graph.connections.filter((c) => up.has(c.from.node) && up.has(c.to.node)),
  };
}

/** The model plan of run `runId` with these parameter values (the graph evaluated as a sweep's point is). */
async function planAt(graph: GraphLike, base: CompartmentPlan, set: ReadonlyArray<{ node: string; param: string; value: number }>, opts: CollectOptions): Promise<CompartmentPlan> {
  const c = await collectRuns(pointGraph(graph, base.runId, set), opts);
  const r = c.runs.find((x) => x.runId === base.runId);
  if (!r || r.kind !== 'model') throw new Error(`internal: run block ${q(base.runId)} lost at a sweep's point`);
  return compartmentPlan(r.runId, r.sourceId, r.value, r.params, r.chain);
}

function pointText(sp: SweepPoints, k: number): string {
  return sp.params.map((p, i) => `${q(p.node)}.${q(p.param)} = ${sp.points[k][i]}`).join(', ');
}

/** Sweeps and metrics of the graph that the script can run, from the runs collected for it. */
export async function exportSweeps(graph: GraphLike, collected: Collected, plans: Plan[], opts: CollectOptions): Promise<SweepExports> {
  const blockDef: (type: string) => BlockDef | undefined = opts.blockDef ?? catalogueBlockDef;
  const planOf = new Map(plans.map((p) => [p.runId, p]));
  const warnings: string[] = [];
  const found: Array<{ id: string; runId: string; sp: SweepPoints; plans: CompartmentPlan[] }> = [];
  for (const node of graph.nodes) {
    const def = blockDef(node.type);
    if (!def?.sweeps) continue;
    if (node.type !== sweepBlock.type) {
      warnings.push(`block ${q(node.id)} (${def.title}) is not exported: the script runs the model at the graph's values; run the fit with \`neurowire run\``);
      continue;
    }
    const wire = graph.connections.find((c) => c.to.node === node.id && c.to.port === 'traces');
    const run = wire && wire.from.port === 'traces' ? planOf.get(wire.from.node) : undefined;
    if (!run || run.kind !== 'compartment') {
      warnings.push(`block ${q(node.id)} (${def.title}) is not in the script: its input is not the traces of a compartment run the script runs; run the sweep with \`neurowire run\``);
      continue;
    }
    let sp: SweepPoints;
    try {
      const p = paramValues(sweepBlock, resolveParams(node, sweepBlock));
      sp = sweepPoints(p.string('parameters'), p.choice('mode', MODES));
    } catch (e) {
      if (e instanceof SweepSyntaxError || e instanceof CoreError) throw new CoreError('input', `sweep block ${q(node.id)}: ${e.message}`);
      throw e;
    }
    // The sweep's own checks (evaluator.ts), so that the export fails where the sweep would.
    const up = new Set([run.runId, ...upstreamOf(graph, run.runId)]);
    for (const s of sp.params) {
      const what = `sweep block ${q(node.id)}: swept parameter ${q(s.node)}.${q(s.param)}`;
      if (!graph.nodes.some((n) => n.id === s.node)) throw new CoreError('input', `${what}: there is no block ${q(s.node)}`);
      if (!up.has(s.node)) throw new CoreError('input', `${what}: block ${q(s.node)} is not upstream of the sweep's input`);
      if (!(collected.paramNames.get(s.node) ?? []).includes(s.param)) throw new CoreError('input', `${what}: block ${q(s.node)} has no parameter ${q(s.param)}`);
    }
    const random = run.mods.find((m) => RANDOM.test(m.text));
    if (random) {
      throw new CoreError('input', `sweep block ${q(node.id)}: the mechanism ${q(random.name)} draws random numbers (normrand, exprand), whose stream NEURON continues from one run to the next in a process (NeuroWire restarts it per run); a sweep of it is not exported, run it with \`neurowire run\``);
    }
    const byPoint = new Map<string, CompartmentPlan>();
    const pointPlans: CompartmentPlan[] = [];
    for (let k = 0; k < sp.points.length; k++) {
      const key = JSON.stringify(sp.points[k]);
      let plan = byPoint.get(key);
      if (!plan) {
        try {
          plan = await planAt(graph, run, sp.params.map((s, i) => ({ node: s.node, param: s.param, value: sp.points[k][i] })), opts);
        } catch (e) {
          if (e instanceof CoreError) throw new CoreError(e.code, `sweep block ${q(node.id)}, point ${k + 1} (${pointText(sp, k)}): ${e.message}`);
          throw e;
        }
        byPoint.set(key, plan);
      }
      pointPlans.push(plan);
    }
    found.push({ id: node.id, runId: run.runId, sp, plans: pointPlans });
  }

  const columns = new Map<string, PlanColumn[]>();
  const rows = new Map<string, number[][]>();
  const outPlans = [...plans];
  for (const [k, p] of plans.entries()) {
    const mine = found.filter((s) => s.runId === p.runId);
    if (!mine.length || p.kind !== 'compartment') continue;
    const { base, changes } = planChanges(p, mine.flatMap((s) => s.plans));
    if (!changes.ok) throw await refusal(graph, p, mine, changes.path, opts);
    outPlans[k] = base;
    columns.set(p.runId, changes.columns);
    let at = 0;
    for (const s of mine) {
      rows.set(s.id, changes.rows.slice(at, at + s.plans.length));
      at += s.plans.length;
    }
  }
  const sweeps: SweepExport[] = found.map((s) => {
    const names = s.sp.params.map((x) => `${x.node}.${x.param}`);
    return { id: s.id, runId: s.runId, names, points: s.sp.points, rows: rows.get(s.id)!, suffixes: s.sp.points.map((pt) => sweepLabel('', names, pt)) };
  });

  const metrics: MetricsExport[] = [];
  for (const node of graph.nodes) {
    if (node.type !== metricsBlock.type) continue;
    const wire = graph.connections.find((c) => c.to.node === node.id && c.to.port === 'traces');
    if (!wire || wire.from.port !== 'traces') continue;
    const source = sweeps.some((s) => s.id === wire.from.node) ? { sweep: wire.from.node } : planOf.get(wire.from.node)?.kind === 'compartment' ? { run: wire.from.node } : null;
    if (!source) continue;
    let p;
    try {
      p = paramValues(metricsBlock, resolveParams(node, metricsBlock));
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError('input', `block ${q(node.id)} (${metricsBlock.title}): ${e.message}`);
      throw e;
    }
    // The measures users write are NeuroWire's expression language, not translated to Python yet.
    if (p.string('expressions').trim()) warnings.push(`block ${q(node.id)} (${metricsBlock.title}): your own measures are not in the script (its table there has the built-in columns only)`);
    const to = p.optionalNumber('to');
    metrics.push({
      id: node.id,
      source,
      opts: { threshold: p.number('threshold'), from: p.number('from'), to: to === null || to === 0 ? Infinity : to, onset: p.number('onset'), baselineFrom: p.number('baselineFrom'), baselineTo: p.number('baselineTo') },
    });
  }
  return { sweeps, metrics, columns, plans: outPlans, warnings };
}

/**
 * The export error for a change the script cannot set per point, naming the swept parameter
 * that makes it (each tried alone at its values) or, when none does alone, the sweep.
 */
async function refusal(graph: GraphLike, base: CompartmentPlan, sweeps: Array<{ id: string; sp: SweepPoints }>, path: PlanPath, opts: CollectOptions): Promise<CoreError> {
  const tail = `, which the exported script cannot set per point; run this sweep with \`neurowire run\``;
  for (const s of sweeps) {
    for (const p of s.sp.params) {
      for (const value of [...new Set(p.values)].slice(0, 3)) {
        const plan = await planAt(graph, base, [{ node: p.node, param: p.param, value }], opts).catch(() => null);
        if (!plan) continue;
        const c = planChanges(base, [plan]).changes;
        if (!c.ok) return new CoreError('input', `sweep block ${q(s.id)}: swept parameter ${q(p.node)}.${q(p.param)} changes ${changeText(c.path)}${tail}`);
      }
    }
  }
  return new CoreError('input', `sweep block${sweeps.length > 1 ? 's' : ''} ${sweeps.map((s) => q(s.id)).join(', ')}: the points change ${changeText(path)}${tail}`);
}
