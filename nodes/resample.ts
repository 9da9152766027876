/**
 * Resample: evenly spaced nodes along every unbranched stretch of cable. Roots, branch points,
 * leaves and the soma keep their ids; the nodes between them are replaced, so connectors on
 * replaced nodes move to the nearest new node of the same stretch.
 */
import type { ConnectorTable } from '../src/core/morphology/connectors.ts';
import { resample as resampleCore } from '../src/core/morphology/repair.ts';
import type { Skeleton } from '../src/core/morphology/skeleton.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readNumber, type NumberSpec } from './param-values.ts';

/** Largest distance between consecutive nodes along the cable, µm. */
const SPACING: NumberSpec = {
  name: 'spacing',
  softMin: 0, softMax: 20,
  label: 'spacing',
  kind: 'number',
  unit: 'µm',
  default: 1,
  min: 0,
  max: 1000,
  exclusive: true,
  step: 0.1,
  help: 'Nodes at most this far apart along the cable (each stretch between branch points is cut into equal steps). Positions and radii are interpolated along the original cable.',
};

/**
 * Where each connector of `con` sits on `after`, the resampled `before`: unchanged on a kept
 * node; for a node that was replaced, the nearest node (Euclidean, to the old node's position)
 * among the nodes of the same stretch in `after`. The new nodes lie on the old polyline, so
 * this is the nearest point along the same piece of cable, never a neighbouring branch.
 */
function remapConnectors(before: Skeleton, after: Skeleton, con: ConnectorTable): { nodeId: Int32Array; moved: number; farthest: number } {
  const nodeId = con.nodeId.slice();
  const target = new Map<number, { id: number; d: number }>();
  let moved = 0;
  let farthest = 0;
  for (let k = 0; k < nodeId.length; k++) {
    const id = nodeId[k];
    if (after.rowOf(id) >= 0) continue;
    let t = target.get(id);
    if (!t) {
      const r = before.requireRow(id, 'connector node');
      // A replaced node has exactly one child (it was inside a stretch): follow children to
      // the kept node that ends the stretch, then climb the new stretch up to its kept start.
      let e = r;
      while (after.rowOf(before.id[e]) < 0) e = before.children(e)[0];
      const end = after.rowOf(before.id[e]);
      let best = end;
      let bestD = Infinity;
      for (let a = end; a >= 0; a = after.parent[a]) {
        const d = Math.hypot(after.x[a] - before.x[r], after.y[a] - before.y[r], after.z[a] - before.z[r]);
        if (d < bestD) {
          bestD = d;
          best = a;
        }
        // The stretch's kept start node (ids of kept nodes exist in both skeletons) ends it.
        if (a !== end && before.rowOf(after.id[a]) >= 0) break;
      }
      t = { id: after.id[best], d: bestD };
      target.set(id, t);
    }
    nodeId[k] = t.id;
    moved++;
    if (t.d > farthest) farthest = t.d;
  }
  return { nodeId, moved, farthest };
}

export const resample: BlockDef = {
  type: 'resample',
  title: 'Resample',
  equivalents: 'navis: n = navis.resample_skeleton(n, resample_to=1)',
  aliases: ['resample_skeleton', 'navis.resample_skeleton'],
  category: 'skeleton',
  exportable: true,
  description: 'Place nodes evenly (at most a spacing in µm apart) along every unbranched stretch of cable.',
  ...NEURON_TO_NEURON,
  params: [SPACING],
  // May create millions of nodes at a fine spacing.
  heavy: true,
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const before = n.skeleton;
    const r = resampleCore(before, readNumber(params, SPACING));
    const after = r.skeleton;
    const warnings = [r.report.message];
    if (!n.connectors || after === before) return { neuron: neuronWith(n, { skeleton: after, warnings }) };
    const { nodeId, moved, farthest } = remapConnectors(before, after, n.connectors);
    if (moved === 0) return { neuron: neuronWith(n, { skeleton: after, warnings }) };
    const connectors: ConnectorTable = { ...n.connectors, nodeId };
    warnings.push(
      `${moved} connector(s) sat on replaced nodes and moved to the nearest node of the resampled stretch (at most ${Number(farthest.toPrecision(3))} ${after.units} away)`,
    );
    // Moved connectors take the compartment of their new node.
    const connectorCompartment = n.connectorCompartment ? Uint8Array.from(nodeId, (id) => after.label[after.rowOf(id)]) : null;
    return { neuron: neuronWith(n, { skeleton: after, connectors, connectorCompartment, warnings }) };
  },
};
