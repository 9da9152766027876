/**
 * Insert a block's minimal example (help-model.ts examplePlan) into the open graph: the new
 * blocks in columns (upstream at the left) right of the selected block, or below the graph,
 * and their wires, as one undo step.
 */
import type { BlockDef } from '../../../nodes/types.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import { NODE_WIDTH } from '../../editor/view-model.ts';
import { examplePlan } from './help-model.ts';

/** Room between columns and rows of inserted blocks (px of the canvas). */
const COLUMN = NODE_WIDTH + 80;
const ROW = 190;

export interface Inserted {
  /** The example's block (the one the help page is about). */
  id: string;
  /** Every block added, and the existing blocks wired to. */
  added: string[];
  uses: string[];
}

/** Adds the example of `type`; null for an unknown type. */
export function insertExample(store: GraphStore, type: string, selected: string | null, blockDef: (t: string) => BlockDef | undefined): Inserted | null {
  const graph = store.graph;
  const plan = examplePlan(type, graph, selected, blockDef);
  if (!plan) return null;
  const sel = selected ? store.node(selected) : undefined;
  const nodes = graph.nodes;
  const [x0, y0]: [number, number] = sel
    ? [sel.position[0] + COLUMN, sel.position[1]]
    : nodes.length
      ? [Math.min(...nodes.map((n) => n.position[0])), Math.max(...nodes.map((n) => n.position[1])) + ROW + 60]
      : [0, 0];
  const rows = new Map<number, number>();
  const ids = new Map<string, string>();
  store.transaction(() => {
    for (const a of plan.add) {
      const row = rows.get(a.column) ?? 0;
      rows.set(a.column, row + 1);
      ids.set(a.key, store.addNode(a.type, [x0 + a.column * COLUMN, y0 + row * ROW]));
    }
    for (const w of plan.wires) {
      const from = w.from.existing ? w.from.node : ids.get(w.from.node)!;
      store.connect({ from: { node: from, port: w.from.port }, to: { node: ids.get(w.to.node)!, port: w.to.port } });
    }
  });
  return { id: ids.get(plan.target)!, added: [...ids.values()], uses: plan.uses };
}
