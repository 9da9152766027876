/**
 * Minimum radius: raise every radius below a minimum to it. A zero or near-zero radius gives a
 * compartment an (almost) infinite axial resistance, which cuts the model in two.
 */
import { setMinRadius } from '../src/core/morphology/repair.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readNumber, type NumberSpec } from './param-values.ts';

/** The smallest radius allowed, µm. */
const MIN_RADIUS: NumberSpec = {
  name: 'minRadius',
  label: 'minimum radius',
  kind: 'number',
  unit: 'µm',
  default: 0.05,
  min: 0,
  max: 10,
  step: 0.01,
  help: 'Radii below this become this. The default 0.05 µm (0.1 µm diameter, about the thinnest neurites) only mends zero or placeholder radii; the hemibrain DA1 skeletons are at least 0.08 µm.',
};

export const minRadius: BlockDef = {
  type: 'min-radius',
  title: 'Minimum radius',
  equivalents: 'navis: n.nodes.loc[n.nodes.radius < r, \'radius\'] = r',
  aliases: ['radius', 'min radius'],
  category: 'skeleton',
  exportable: true,
  description: 'Raise radii below a minimum (µm) to it, so no compartment has a zero radius.',
  ...NEURON_TO_NEURON,
  params: [MIN_RADIUS],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const r = setMinRadius(n.skeleton, readNumber(params, MIN_RADIUS));
    return { neuron: neuronWith(n, { skeleton: r.skeleton, warnings: [r.report.message] }) };
  },
};
