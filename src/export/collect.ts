/**
 * Evaluate a graph up to what each run block simulates: the model (or network) value on the
 * input of every `run` and `run-network` block, with the block's run options, exactly as
 * `neurowire run` computes it (same evaluator, same block code). The run blocks themselves are
 * not computed: the exported script does their work.
 *
 * Every block that feeds a run must be one whose whole effect is captured by the value it
 * passes on (`exportable` on its definition); any other block upstream of a run is an export error naming
 * it, so that an export never silently drops something the graph does.
 */
import { upstreamOf } from '../dataflow/upstream.ts';
import { blockDef as catalogueBlockDef } from '../../nodes/index.ts';
import type { BlockDef, Params } from '../../nodes/types.ts';
import type { ModelValue, NetworkValue } from '../../nodes/values.ts';
import { CoreError } from '../core/errors.ts';
import { Session } from '../dataflow/session.ts';
import type { Graph } from '../dataflow/graph.ts';
import { resolveParams } from '../dataflow/params.ts';

/** The value kind a run block simulates (its definition's `runs`), or null for any other block. */
function runKind(blockDef: (type: string) => BlockDef | undefined, type: string): 'model' | 'network' | null {
  return blockDef(type)?.runs ?? null;
}

/** One block in the chain that built a model or network, with how many parts existed after it. */
export interface ChainStep {
  id: string;
  type: string;
  /** Lengths of the value's lists after this block (for comments naming the block of each part). */
  counts: Record<string, number>;
}

export type CollectedRun =
  | { kind: 'model'; runId: string; sourceId: string; value: ModelValue; params: Params; chain: ChainStep[] }
  | { kind: 'network'; runId: string; sourceId: string; value: NetworkValue; params: Params; chain: ChainStep[] };

export interface Collected {
  runs: CollectedRun[];
  /** Blocks that feed no run (plots, tables, unused branches): not part of the script. */
  notExported: Array<{ id: string; type: string }>;
  /** Parameter names of each run block and block upstream of one (a .mod mechanism's included), for checking swept parameters. */
  paramNames: Map<string, string[]>;
}

export interface CollectOptions {
  /** Reads file parameters, as for `neurowire run`. */
  readText: (ref: string) => Promise<string>;
  blockDef?: (type: string) => BlockDef | undefined;
}

type GraphLike = Pick<Graph, 'nodes' | 'connections'>;

/**
 * An id in a message: quoted with JSON's escapes, so that control characters (a terminal's
 * escape sequences, line breaks) in a shared graph's ids reach the user as visible text.
 */
export function q(id: string): string {
  return JSON.stringify(id);
}

/** A block type in a message: as is when it is a plain word, else quoted. */
function typeWord(type: string): string {
  return /^[a-z][a-z0-9-]*$/.test(type) ? type : q(type);
}


/** The lists of a model or network whose growth tells which block added which part. */
function countsOf(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [k, x] of Object.entries(v)) if (Array.isArray(x)) out[k] = x.length;
  return out;
}

/**
 * Evaluate `graph` (already validated, `--set` applied) up to every run block's input.
 * Throws a CoreError naming the block when a run's input cannot be exported or computed.
 */
export async function collectRuns(graph: GraphLike, opts: CollectOptions): Promise<Collected> {
  const blockDef = opts.blockDef ?? catalogueBlockDef;
  const runs = graph.nodes.filter((n) => runKind(blockDef, n.type) !== null);
  if (runs.length === 0) throw new CoreError('input', 'the graph has no run block ("run" or "run-network"): there is no model to export');
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const feeding = new Set<string>();
  for (const r of runs) {
    for (const id of upstreamOf(graph, r.id)) {
      feeding.add(id);
      const node = byId.get(id);
      if (!node) throw new CoreError('input', `a connection into the run block ${JSON.stringify(r.id)} comes from a block ${JSON.stringify(id)} that is not in the graph`);
      if (runKind(blockDef, node.type) !== null) throw new CoreError('input', `block ${q(id)} (${node.type}) feeds the run block ${q(r.id)}: a run's result cannot be part of an exported model`);
      if (blockDef(node.type)?.exportable !== true) {
        throw new CoreError('input', `block ${q(id)} (${typeWord(node.type)}) has no NEURON equivalent in the export, so the model of run block ${q(r.id)} cannot be exported without changing it`);
      }
    }
  }
  // The one graph runner, asked only for what feeds the runs (the runs themselves are the script's).
  const ev = new Session({ graph }, { blockDef, readText: (ref) => opts.readText(ref), eager: false, runLimits: null });
  try {
    const out: CollectedRun[] = [];
    for (const r of runs) {
      const kind = runKind(blockDef, r.type)!;
      const def = blockDef(r.type)!;
      const port = Object.keys(def.inputs)[0];
      const wire = graph.connections.find((c) => c.to.node === r.id && c.to.port === port);
      if (!wire) throw new CoreError('input', `run block ${q(r.id)} has nothing on its "${port}" input: connect a ${kind} to export`);
      const o = await ev.value(wire.from.node);
      if (!o.ok) {
        // Name the cause, not the chain of "upstream failed" below it.
        const cause = o.origin !== wire.from.node && byId.has(o.origin) ? await ev.value(o.origin) : o;
        const why = cause.ok ? o.message : cause.message;
        // The reader's messages name their block already; a compute's error is named here.
        const named = why.startsWith('block ') ? why : `block ${q(o.origin)} (${byId.get(o.origin)?.type ?? 'unknown'}): ${why}`;
        throw new CoreError('input', `run block ${q(r.id)}: its ${kind} could not be computed: ${named}`);
      }
      const value = o.values[wire.from.port] as { kind?: string } | undefined;
      if (value?.kind !== kind) throw new CoreError('input', `run block ${q(r.id)}: expected a ${kind} on its input, got ${value?.kind ?? 'nothing'}`);
      const chain = await chainOf(graph, blockDef, ev, wire.from.node, wire.from.port, kind);
      const params = resolveParams(byId.get(r.id)!, def);
      if (kind === 'model') out.push({ kind, runId: r.id, sourceId: wire.from.node, value: value as ModelValue, params, chain });
      else out.push({ kind, runId: r.id, sourceId: wire.from.node, value: value as NetworkValue, params, chain });
    }
    const notExported = graph.nodes.filter((n) => !feeding.has(n.id) && runKind(blockDef, n.type) === null).map((n) => ({ id: n.id, type: n.type }));
    const paramNames = new Map([...feeding, ...runs.map((r) => r.id)].map((id) => [id, ev.paramSpecs(id).map((p) => p.name)]));
    return { runs: out, notExported, paramNames };
  } finally {
    ev.dispose();
  }
}

/**
 * The blocks that built a model or network, from the first (compartment-model, point-network)
 * to the one feeding the run, each with the value's list lengths after it. Follows the input
 * of the same kind upstream; the evaluator has already computed every one of them.
 */
async function chainOf(graph: GraphLike, blockDef: (type: string) => BlockDef | undefined, ev: Session, id: string, port: string, kind: string): Promise<ChainStep[]> {
  const steps: ChainStep[] = [];
  let cur: { id: string; port: string } | null = { id, port };
  while (cur) {
    const o = await ev.value(cur.id);
    const node = graph.nodes.find((n) => n.id === cur!.id)!;
    if (!o.ok) break;
    steps.unshift({ id: cur.id, type: node.type, counts: countsOf(o.values[cur.port]) });
    const def = blockDef(node.type);
    const inPort = Object.entries(def?.inputs ?? {}).find(([, s]) => s.type === kind)?.[0];
    const wire = inPort ? graph.connections.find((c) => c.to.node === cur!.id && c.to.port === inPort) : undefined;
    cur = wire ? { id: wire.from.node, port: wire.from.port } : null;
  }
  return steps;
}
