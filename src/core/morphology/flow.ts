import { CoreError } from '../errors.ts';
import { POST, PRE, type ConnectorTable } from './connectors.ts';
import type { Skeleton } from './skeleton.ts';

export type FlowMode = 'centrifugal' | 'centripetal' | 'sum';

/** Per-node counts of presynapses and postsynapses (by row), from a connector table. */
export function synapseCounts(sk: Skeleton, con: ConnectorTable): { pre: Int32Array; post: Int32Array } {
  const pre = new Int32Array(sk.size);
  const post = new Int32Array(sk.size);
  for (let k = 0; k < con.nodeId.length; k++) {
    const r = sk.rowOf(con.nodeId[k]);
    if (r < 0) throw new CoreError('connector', `connector ${con.connectorId[k]} is on node ${con.nodeId[k]}, which does not exist in the skeleton`, { node: con.nodeId[k] });
    if (con.type[k] === PRE) pre[r]++;
    else if (con.type[k] === POST) post[r]++;
  }
  return { pre, post };
}

/**
 * Synapse flow centrality (Schneider-Mizell et al. 2016, eLife 5:e12059), per node (row), in
 * linear time. For the edge from a node to its parent, with "distal" the node and everything
 * below it: centrifugal flow = presynapses distal × postsynapses proximal, centripetal =
 * postsynapses distal × presynapses proximal; `sum` (default) adds them. As navis does, a
 * branch point takes the largest flow of its children (the flow goes across it, not through
 * it), and a root that is not a branch point and carries no synapse takes its child's flow.
 * Counts are numbers of synapses (dimensionless products).
 */
export function synapseFlow(sk: Skeleton, con: ConnectorTable, mode: FlowMode = 'sum'): Float64Array {
  if (mode !== 'centrifugal' && mode !== 'centripetal' && mode !== 'sum') throw new CoreError('input', `unknown flow mode "${mode}" (centrifugal, centripetal or sum)`);
  if (con.nodeId.length === 0) throw new CoreError('input', 'synapse flow needs connectors, and this neuron has none');
  const { pre, post } = synapseCounts(sk, con);
  const n = sk.size;
  // Subtree sums in reverse depth-first order (children before parents).
  const dPre = Float64Array.from(pre);
  const dPost = Float64Array.from(post);
  const order = sk.order;
  const root = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = sk.parent[i];
    root[i] = p < 0 ? i : root[p];
  }
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const p = sk.parent[i];
    if (p >= 0) {
      dPre[p] += dPre[i];
      dPost[p] += dPost[i];
    }
  }
  const flow = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Totals per tree (the root's subtree).
    const tPre = dPre[root[i]];
    const tPost = dPost[root[i]];
    const cf = dPre[i] * (tPost - dPost[i]);
    const cp = dPost[i] * (tPre - dPre[i]);
    flow[i] = mode === 'centrifugal' ? cf : mode === 'centripetal' ? cp : cf + cp;
  }
  // Children's own values (not already replaced ones), as navis's groupby over the column.
  const base = flow.slice();
  const start = sk.childStart;
  const list = sk.childList;
  for (let i = 0; i < n; i++) {
    const nc = start[i + 1] - start[i];
    if (nc >= 2) {
      let m = 0;
      for (let c = start[i]; c < start[i + 1]; c++) m = Math.max(m, base[list[c]]);
      flow[i] = m;
    } else if (nc === 1 && sk.parent[i] < 0 && pre[i] === 0 && post[i] === 0) {
      flow[i] = base[list[start[i]]];
    }
  }
  return flow;
}

/**
 * Leaf-based flow centrality (navis's flow_centrality, for neurons without connectors): for
 * the edge from a node to its parent, leaves distal × leaves proximal; branch points take the
 * largest value of their children. (navis gives 0 to the nodes of twigs between a leaf and the
 * next branch point; here every node has its edge's value.)
 */
export function leafFlow(sk: Skeleton): Float64Array {
  const n = sk.size;
  const leaves = new Float64Array(n);
  const order = sk.order;
  for (let i = 0; i < n; i++) if (sk.childCount(i) === 0) leaves[i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const p = sk.parent[i];
    if (p >= 0) leaves[p] += leaves[i];
  }
  const root = new Int32Array(n);
  for (const i of order) root[i] = sk.parent[i] < 0 ? i : root[sk.parent[i]];
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) base[i] = leaves[i] * (leaves[root[i]] - leaves[i]);
  const flow = base.slice();
  const { childStart: start, childList: list } = sk;
  for (let i = 0; i < n; i++) {
    if (start[i + 1] - start[i] >= 2) {
      let m = 0;
      for (let c = start[i]; c < start[i + 1]; c++) m = Math.max(m, base[list[c]]);
      flow[i] = m;
    }
  }
  return flow;
}
