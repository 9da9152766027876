/**
 * Set soma: which node is the cell body. The tutorial corrects its DA1 neuron's soma by hand
 * (`n.soma = 20`). Rerooting, the cell body fiber of a split and the "from the soma" selections
 * all start from this node.
 */
import { setSoma as setSomaCore } from '../src/core/morphology/transform.ts';
import type { Skeleton } from '../src/core/morphology/skeleton.ts';
import type { BlockDef } from './types.ts';
import { neuronWith, readNodeId, requireNeuron, type NodeIdsSpec } from './skeleton-common.ts';

const NODE: NodeIdsSpec = {
  name: 'node',
  label: 'soma node',
  kind: 'node-ids',
  default: [],
  optional: true,
  help: "Node id of the soma (the tutorial sets 20 on its DA1 neuron). Empty: keep the SWC's soma (its first type-1 node) or, if it has none, take the thickest node.",
};

/** Row of the thickest node (the first in file order on a tie): a soma is by far the widest part. */
function thickestRow(sk: Skeleton): number {
  let best = 0;
  for (let i = 1; i < sk.size; i++) if (sk.radius[i] > sk.radius[best]) best = i;
  return best;
}

export const setSoma: BlockDef = {
  type: 'set-soma',
  title: 'Set soma',
  category: 'skeleton',
  description: 'Mark a node as the soma (cell body), or keep the SWC’s soma; without one, take the thickest node.',
  inputs: { neuron: { type: 'neuron', label: 'neuron' } },
  outputs: { neuron: { type: 'neuron', label: 'neuron' } },
  params: [NODE],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const sk = n.skeleton;
    const id = readNodeId(params, NODE);
    if (id !== null) {
      const skeleton = sk.soma >= 0 && sk.id[sk.soma] === id ? sk : setSomaCore(sk, id);
      return { neuron: neuronWith(n, { skeleton }) };
    }
    if (sk.soma >= 0) return { neuron: neuronWith(n, {}) };
    const row = thickestRow(sk);
    const warning =
      `the skeleton has no soma (no type-1 node in the SWC): node ${sk.id[row]}, the thickest ` +
      `(radius ${Number(sk.radius[row].toPrecision(4))} ${sk.units}), is taken as the soma; set the soma node if that is wrong`;
    return { neuron: neuronWith(n, { skeleton: setSomaCore(sk, sk.id[row]), warnings: [warning] }) };
  },
};
