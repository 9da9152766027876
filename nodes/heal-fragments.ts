/**
 * Heal fragments: join the separate trees of a skeleton to its main tree (the soma's, or the
 * largest), each at the main-tree node nearest to its root. A split and a compartment model
 * need one connected tree.
 */
import { healFragments as healCore } from '../src/core/morphology/repair.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readOptionalNumber, type NumberSpec } from './param-values.ts';

/** Farthest gap bridged, µm; empty (or ∞) for no limit. */
const MAX_DISTANCE: NumberSpec = {
  name: 'maxDistance',
  label: 'max distance',
  kind: 'number',
  unit: 'µm',
  // No limit: every fragment is joined. (A null default needs ParamSpec to allow it; Infinity
  // serialises to null in JSON, which reads back as "empty", so both mean the same.)
  default: Infinity,
  min: 0,
  optional: true,
  step: 1,
  help: "Join a fragment only if its root is within this distance of the main tree; farther ones stay separate and are listed. Empty: no limit.",
};

export const healFragments: BlockDef = {
  type: 'heal-fragments',
  title: 'Heal fragments',
  equivalents: 'navis: n = navis.heal_skeleton(n)',
  aliases: ['heal_skeleton', 'navis.heal_skeleton'],
  category: 'skeleton',
  exportable: true,
  description: 'Join disconnected fragments of a skeleton to its main tree at the nearest node.',
  ...NEURON_TO_NEURON,
  params: [MAX_DISTANCE],
  // Fragments × main-tree nodes distances: can be long on a shattered skeleton.
  heavy: true,
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const r = healCore(n.skeleton, { maxDistance: readOptionalNumber(params, MAX_DISTANCE) ?? Infinity });
    return { neuron: neuronWith(n, { skeleton: r.skeleton, warnings: [r.report.message] }) };
  },
};
