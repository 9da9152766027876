/**
 * Reroot: make a node (by default the soma) the root of its tree, as the tutorial's
 * `n.reroot(n.soma)`. Rows keep their order; only the parent links on the path to the old root
 * are reversed, so connectors and compartments stay valid.
 */
import { CoreError } from '../src/core/errors.ts';
import { reroot as rerootCore } from '../src/core/morphology/transform.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readNodeId, type NodeIdsSpec } from './param-values.ts';

const NODE: NodeIdsSpec = {
  name: 'node',
  label: 'new root',
  kind: 'node-ids',
  default: [],
  optional: true,
  help: 'Node id of the new root. Empty: the soma (as the tutorial reroots to n.soma).',
};

export const reroot: BlockDef = {
  type: 'reroot',
  title: 'Reroot',
  equivalents: 'navis: n = n.reroot(n.soma) (navis.reroot_skeleton)',
  aliases: ['reroot_skeleton', 'navis.reroot_skeleton', 'n.reroot'],
  category: 'skeleton',
  exportable: true,
  description: 'Make a node (by default the soma) the root of the skeleton.',
  ...NEURON_TO_NEURON,
  params: [NODE],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const sk = n.skeleton;
    let id = readNodeId(params, NODE);
    if (id === null) {
      if (sk.soma < 0) throw new CoreError('input', 'no node to reroot at: the skeleton has no soma; set one with a Set soma block, or give the new root node');
      id = sk.id[sk.soma];
    }
    const row = sk.requireRow(id, 'root node');
    const warnings: string[] = [];
    const trees = sk.roots().length;
    if (trees > 1) {
      warnings.push(`the skeleton has ${trees} separate trees; only the one containing node ${id} was rerooted (join them with a Heal fragments block)`);
    }
    // Already the root: keep the skeleton itself, so nothing downstream recomputes.
    const skeleton = sk.parent[row] === -1 ? sk : rerootCore(sk, id);
    return { neuron: neuronWith(n, { skeleton, warnings }) };
  },
};
