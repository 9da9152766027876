import { CoreError } from '../errors.ts';
import { POST, PRE, type ConnectorTable } from './connectors.ts';
import { geodesicFrom } from './geodesic.ts';
import type { Skeleton } from './skeleton.ts';

/**
 * Selections of nodes and connectors, the building blocks of the tutorial's recorders and
 * stimuli. Every selection names itself in its error when it comes out empty, so that a model
 * never silently records from or stimulates nothing.
 */

function nonEmpty(ids: number[], what: string): Int32Array {
  if (ids.length === 0) throw new CoreError('input', `the selection "${what}" is empty`);
  return Int32Array.from(ids);
}

/** Node ids, checked to exist (error naming the first missing one). */
export function nodesById(sk: Skeleton, ids: ArrayLike<number>, what = 'nodes by id'): Int32Array {
  const out: number[] = [];
  for (const id of Array.from(ids)) {
    sk.requireRow(id);
    out.push(id);
  }
  return nonEmpty(out, what);
}

/** Ids of the nodes whose compartment label is one of `labels` (row order). */
export function nodesByLabel(sk: Skeleton, labels: string[], what = `nodes labelled ${labels.join(' or ')}`): Int32Array {
  const codes = new Set<number>();
  for (const l of labels) {
    const c = sk.labelNames.indexOf(l);
    if (c > 0) codes.add(c);
  }
  if (codes.size === 0) {
    const known = sk.labelNames.filter((x) => x).join(', ');
    throw new CoreError('input', `the selection "${what}" is empty: the skeleton has no ${labels.join('/')} labels${known ? ` (it has ${known})` : ' (split it into compartments first)'}`);
  }
  const out: number[] = [];
  for (let i = 0; i < sk.size; i++) if (codes.has(sk.label[i])) out.push(sk.id[i]);
  return nonEmpty(out, what);
}

export interface ConnectorQuery {
  /** 'pre' or 'post' (default both). */
  type?: 'pre' | 'post';
  /** Compartments (labels of the connectors' nodes) to keep (default all). */
  compartments?: string[];
  /** Keep only the first N after filtering (table order). */
  first?: number;
  /** Return each node once (first occurrence), as the tutorial's `post.node_id.unique()`. */
  uniqueNodes?: boolean;
}

/**
 * Node ids of connectors selected by type and compartment, in table order; the compartment of
 * a connector is its node's label in `sk`.
 */
export function connectorNodes(sk: Skeleton, con: ConnectorTable, q: ConnectorQuery = {}, what?: string): Int32Array {
  const name = what ?? [q.first !== undefined ? `first ${q.first}` : '', q.compartments?.join('/') ?? '', q.type ? `${q.type}synapses` : 'connectors'].filter((x) => x).join(' ');
  const type = q.type === 'pre' ? PRE : q.type === 'post' ? POST : -1;
  const codes = q.compartments ? new Set(q.compartments.map((l) => sk.labelNames.indexOf(l)).filter((c) => c > 0)) : null;
  if (codes && codes.size === 0) throw new CoreError('input', `the selection "${name}" is empty: the skeleton has no ${q.compartments!.join('/')} labels (split it into compartments first)`);
  const out: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < con.nodeId.length; k++) {
    if (type >= 0 && con.type[k] !== type) continue;
    const id = con.nodeId[k];
    if (codes && !codes.has(sk.label[sk.requireRow(id, 'connector node')])) continue;
    if (q.uniqueNodes) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    out.push(id);
    if (q.first !== undefined && out.length >= q.first) break;
  }
  if (q.first !== undefined && !(Number.isInteger(q.first) && q.first >= 0)) throw new CoreError('input', `"first" must be a whole number ≥ 0, got ${q.first}`);
  return nonEmpty(out, name);
}

/**
 * The node of `ids` geodesically nearest to (or farthest from) node `fromId`; ties go to the
 * node listed first. The tutorial's dendrite base is the dendrite node nearest to the soma, its
 * axon tip the axon node farthest from it.
 */
export function extremeByDistance(sk: Skeleton, fromId: number, ids: ArrayLike<number>, which: 'nearest' | 'farthest', what = `${which} node`): number {
  const d = geodesicFrom(sk, fromId);
  let best = -1;
  let bestD = which === 'nearest' ? Infinity : -Infinity;
  for (const id of Array.from(ids)) {
    const x = d[sk.requireRow(id)];
    if (x === Infinity) continue;
    if (which === 'nearest' ? x < bestD : x > bestD) {
      best = id;
      bestD = x;
    }
  }
  if (best < 0) throw new CoreError('input', `the selection "${what}" is empty: none of the ${ids.length} candidate nodes is connected to node ${fromId}`);
  return best;
}
