/**
 * A node picked in the morphology view feeds a selection: the 'select' block is switched to
 * 'node ids' and the node appended to its list (once), in one undo step.
 */
import type { GraphStore } from '../../dataflow/store.ts';

/** Detail of the `nw-node-pick` event the morphology view dispatches on a click on a node. */
export interface NodePickDetail {
  /** Id of the morphology-view block. */
  nodeId: string;
  /** Skeleton node id. */
  node: number;
}

/**
 * Add skeleton node `node` to the ids of the select block `selectNodeId` (mode set to
 * 'node ids'). Returns the block's ids after the edit; throws when the block is not a select.
 */
export function applyNodePick(store: GraphStore, selectNodeId: string, node: number): number[] {
  const n = store.node(selectNodeId);
  if (!n) throw new Error(`no block "${selectNodeId}"`);
  if (n.type !== 'select') throw new Error(`block "${selectNodeId}" is a ${n.type}, not a Select nodes block`);
  const raw = n.params.ids;
  const ids = Array.isArray(raw) ? raw.filter((x): x is number => typeof x === 'number') : [];
  const next = ids.includes(node) ? ids : [...ids, node];
  store.transaction(() => {
    if (n.params.mode !== 'node ids') store.setParam(selectNodeId, 'mode', 'node ids');
    store.setParam(selectNodeId, 'ids', next);
  });
  return next;
}
