/**
 * A node picked in the morphology view feeds a block that takes picked nodes (`picksNodes` on
 * its definition, e.g. Select nodes): the node is appended to that node-ids parameter (once),
 * and a parameter that must have a value for it to be shown (`visibleWhen`, Select's mode
 * 'node ids') is set to it, in one undo step.
 */
import { blockDef } from '../../../nodes/index.ts';
import type { GraphStore } from '../../dataflow/store.ts';

/** Detail of the `nw-node-pick` event the morphology view dispatches on a click on a node. */
export interface NodePickDetail {
  /** Id of the morphology-view block. */
  nodeId: string;
  /** Skeleton node id. */
  node: number;
}

/** True when picked nodes can go to this block (its definition has `picksNodes`). */
export function takesPicks(store: GraphStore, id: string): boolean {
  const n = store.node(id);
  return n !== undefined && blockDef(n.type)?.picksNodes !== undefined;
}

/**
 * Add skeleton node `node` to the picked-node parameter of block `targetId`. Returns that
 * parameter's ids after the edit; throws when the block takes no picked nodes.
 */
export function applyNodePick(store: GraphStore, targetId: string, node: number): number[] {
  const n = store.node(targetId);
  if (!n) throw new Error(`no block "${targetId}"`);
  const def = blockDef(n.type);
  const param = def?.params.find((p) => p.name === def.picksNodes && p.kind === 'node-ids');
  if (!def || !param) throw new Error(`block "${targetId}" is a ${n.type}, which takes no picked nodes (a Select nodes block does)`);
  const raw = n.params[param.name];
  const ids = Array.isArray(raw) ? raw.filter((x): x is number => typeof x === 'number') : [];
  const next = ids.includes(node) ? ids : [...ids, node];
  const shown = param.visibleWhen;
  store.transaction(() => {
    if (shown && !shown.equals.includes(n.params[shown.param] as string)) store.setParam(targetId, shown.param, shown.equals[0]);
    store.setParam(targetId, param.name, next);
  });
  return next;
}
