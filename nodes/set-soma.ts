/**
 * Set soma: which node is the cell body. The tutorial corrects its DA1 neuron's soma by hand
 * (`n.soma = 20`). Rerooting, the cell body fiber of a split and the "from the soma" selections
 * all start from this node.
 */
import { setSoma as setSomaCore } from '../src/core/morphology/transform.ts';
import { guessSoma } from '../src/core/morphology/soma-guess.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readNodeId, type NodeIdsSpec } from './param-values.ts';

const NODE: NodeIdsSpec = {
  name: 'node',
  label: 'soma node',
  kind: 'node-ids',
  default: [],
  optional: true,
  help: "Node id of the soma (the tutorial sets 20 on its DA1 neuron). Empty: keep the SWC's soma (its first type-1 node) or, if it has none, guess one, with a warning that names the node and how it was guessed (a node far thicker than the rest, else the end of the thickest terminal branch, where a fly neuron's cell body fibre ends).",
};

export const setSoma: BlockDef = {
  type: 'set-soma',
  title: 'Set soma',
  equivalents: 'navis: n.soma = node_id',
  aliases: ['n.soma', 'soma'],
  category: 'skeleton',
  exportable: true,
  description: 'Mark a node as the soma (cell body), or keep the SWC’s soma; without one, guess it and say so.',
  ...NEURON_TO_NEURON,
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
    const guess = guessSoma(sk);
    const warning =
      `guessed soma: node ${sk.id[guess.row]}. The skeleton has no soma (no type-1 node in the file), so this is a guess: ${guess.why}. ` +
      `Check it in a Morphology view and set 'soma node' if it is wrong; everything rooted at the soma (Reroot, the cell body fibre, distances from the soma) depends on it`;
    return { neuron: neuronWith(n, { skeleton: setSomaCore(sk, sk.id[guess.row]), warnings: [warning] }) };
  },
};
