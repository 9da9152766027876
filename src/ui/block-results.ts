/**
 * What the workbench shows of its blocks, as one Observable for the app's ObservableController:
 * every block's status (the inspector's, the busy count) and, for each figure or table a block
 * puts out, its result panel's latest value and status. Built for one set of blocks; the app
 * follows a new one when blocks or wires change.
 */
import { combineLatest, map, of, type Observable } from 'rxjs';
import type { FigureValue, TableValue } from '../../nodes/values.ts';
import type { BlockDef } from '../../nodes/types.ts';
import type { NodeOutput, NodeStatus } from '../dataflow/evaluator.ts';

/** The streams of a running graph (the Session). */
export interface BlockStreams {
  status$(id: string): Observable<NodeStatus>;
  output$(id: string): Observable<NodeOutput | null>;
}

/** One result panel: a plot or morphology view (figure) or a table. */
export interface Result {
  id: string;
  kind: 'figure' | 'table';
  value: FigureValue | TableValue | null;
  status: NodeStatus;
  /**
   * Whether the value shown is not the current result: the block or one upstream of it is
   * computing ('recomputing'), or such a run was stopped by the user ('stopped'); null when it is.
   */
  stale: Staleness;
}

export type Staleness = 'recomputing' | 'stopped' | null;

export interface BlockStates {
  /** Status of every block (by id). */
  statuses: ReadonlyMap<string, NodeStatus>;
  /** Result panels, in the graph's block order. */
  results: Result[];
  /** Blocks running now. */
  busy: number;
}

/** The output a result panel shows: a figure, or a sink's table; null when the block has none. */
function resultPort(def: BlockDef): [string, 'figure' | 'table'] | null {
  const port = Object.entries(def.outputs).find(([, o]) => o.type === 'figure' || (def.sink && o.type === 'table'));
  return port ? [port[0], port[1].type === 'figure' ? 'figure' : 'table'] : null;
}

/** The wires, as far as staleness needs them. */
export type Wires = ReadonlyArray<{ from: { node: string }; to: { node: string } }>;

/** Every block id upstream of each block, the block itself included. */
export function upstreamOf(ids: readonly string[], wires: Wires): Map<string, Set<string>> {
  const into = new Map<string, string[]>();
  for (const w of wires) into.set(w.to.node, [...(into.get(w.to.node) ?? []), w.from.node]);
  const out = new Map<string, Set<string>>();
  for (const id of ids) {
    const seen = new Set<string>([id]);
    const todo = [id];
    while (todo.length) for (const f of into.get(todo.pop()!) ?? []) if (!seen.has(f)) (seen.add(f), todo.push(f));
    out.set(id, seen);
  }
  return out;
}

/** A user's Stop leaves the stopped blocks waiting with this message (Session.stop()). */
const isStopped = (s: NodeStatus | undefined): boolean => s?.state === 'waiting' && s.message.startsWith('stopped');

/** The staleness of a result whose upstream blocks (itself included) are `ups`. */
export function staleness(ups: Iterable<string>, statuses: ReadonlyMap<string, NodeStatus>): Staleness {
  let stopped = false;
  for (const u of ups) {
    const s = statuses.get(u);
    if (s?.state === 'running') return 'recomputing';
    if (isStopped(s)) stopped = true;
  }
  return stopped ? 'stopped' : null;
}

/**
 * The states of `nodes` (blocks of unknown type are left out), emitted whenever a status or an
 * output of one of them changes; at once when the streams hold values (the Session's do).
 */
export function blockStates$(streams: BlockStreams, nodes: ReadonlyArray<{ id: string; type: string }>, blockDef: (type: string) => BlockDef | undefined, wires: Wires = []): Observable<BlockStates> {
  const watched = nodes.flatMap((n) => {
    const def = blockDef(n.type);
    return def ? [{ id: n.id, port: resultPort(def) }] : [];
  });
  if (!watched.length) return of({ statuses: new Map(), results: [], busy: 0 });
  const upstream = upstreamOf(watched.map((w) => w.id), wires);
  return combineLatest(watched.map((w) => combineLatest([streams.status$(w.id), streams.output$(w.id)]))).pipe(
    map((states) => {
      const statuses = new Map<string, NodeStatus>();
      const results: Result[] = [];
      let busy = 0;
      states.forEach(([status], k) => {
        statuses.set(watched[k].id, status);
        if (status.state === 'running') busy++;
      });
      states.forEach(([status, output], k) => {
        const { id, port } = watched[k];
        if (!port) return;
        const value = output?.ok ? ((output.values[port[0]] as FigureValue | TableValue | undefined) ?? null) : null;
        // Only a value on show can be stale; with none, the status overlay says what is going on.
        // A figure drawn from a run still going is the current result as far as it got (the panel
        // says how far), unless that run was stopped.
        const stale = value ? staleness(upstream.get(id) ?? [id], statuses) : null;
        const live = value !== null && 'partial' in value && value.partial !== undefined;
        results.push({ id, kind: port[1], value, status, stale: live && stale === 'recomputing' ? null : stale });
      });
      return { statuses, results, busy };
    }),
  );
}
