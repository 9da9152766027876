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
}

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

/**
 * The states of `nodes` (blocks of unknown type are left out), emitted whenever a status or an
 * output of one of them changes; at once when the streams hold values (the Session's do).
 */
export function blockStates$(streams: BlockStreams, nodes: ReadonlyArray<{ id: string; type: string }>, blockDef: (type: string) => BlockDef | undefined): Observable<BlockStates> {
  const watched = nodes.flatMap((n) => {
    const def = blockDef(n.type);
    return def ? [{ id: n.id, port: resultPort(def) }] : [];
  });
  if (!watched.length) return of({ statuses: new Map(), results: [], busy: 0 });
  return combineLatest(watched.map((w) => combineLatest([streams.status$(w.id), streams.output$(w.id)]))).pipe(
    map((states) => {
      const statuses = new Map<string, NodeStatus>();
      const results: Result[] = [];
      let busy = 0;
      states.forEach(([status, output], k) => {
        const { id, port } = watched[k];
        statuses.set(id, status);
        if (status.state === 'running') busy++;
        if (port) results.push({ id, kind: port[1], value: output?.ok ? ((output.values[port[0]] as FigureValue | TableValue | undefined) ?? null) : null, status });
      });
      return { statuses, results, busy };
    }),
  );
}
