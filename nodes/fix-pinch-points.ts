/**
 * Fix pinch points: find nodes much thinner than the cable around them and give them the
 * median radius of their neighbourhood. The tutorial suspects such a pinch on its DA1 neuron's
 * cell body fiber: a pinch is a near-infinite axial resistance that keeps depolarisation from
 * reaching the soma.
 */
import { findPinchPoints, replacePinchRadii } from '../src/core/morphology/repair.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readNumber, type NumberSpec } from './param-values.ts';

/** Fraction (dimensionless) of the neighbourhood's median radius below which a node is pinched. */
const FRACTION: NumberSpec = {
  name: 'fraction',
  label: 'pinch fraction',
  kind: 'number',
  unit: '',
  default: 0.5,
  min: 0,
  max: 1,
  exclusive: true,
  step: 0.05,
  help: 'A node is a pinch point when its radius is below this fraction of the median radius of the nodes around it (0.5: under half as thick).',
};

/** Neighbourhood half-width along the cable, µm. */
const WINDOW: NumberSpec = {
  name: 'window',
  softMin: 0, softMax: 50,
  label: 'window',
  kind: 'number',
  unit: 'µm',
  default: 5,
  min: 0,
  max: 1000,
  exclusive: true,
  step: 0.5,
  help: "A node's neighbourhood: the other nodes within this distance along the cable on either side, within its unbranched stretch.",
};

export const fixPinchPoints: BlockDef = {
  type: 'fix-pinch-points',
  title: 'Fix pinch points',
  equivalents: 'no single navis call: radii below a fraction of the local median set to the median',
  aliases: ['radius', 'pinch'],
  category: 'skeleton',
  exportable: true,
  description: 'Find nodes much thinner than the cable around them and give them the neighbourhood’s median radius.',
  ...NEURON_TO_NEURON,
  params: [FRACTION, WINDOW],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const found = findPinchPoints(n.skeleton, { fraction: readNumber(params, FRACTION), window: readNumber(params, WINDOW) });
    if (found.pinches.length === 0) return { neuron: neuronWith(n, { warnings: [found.message] }) };
    const r = replacePinchRadii(n.skeleton, found.pinches);
    return { neuron: neuronWith(n, { skeleton: r.skeleton, warnings: [found.message, r.report.message] }) };
  },
};
