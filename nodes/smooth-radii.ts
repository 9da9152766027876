/**
 * Smooth radii: a rolling mean of the radius along the cable, as navis
 * `smooth_skeleton(to_smooth='radius')`, against the jagged radii of automatic segmentations.
 * The report (nodes changed, largest change) goes into the output's warnings.
 */
import { smoothRadii as smoothCore } from '../src/core/morphology/repair.ts';
import type { BlockDef } from './types.ts';
import { NEURON_TO_NEURON, neuronWith, requireNeuron } from './skeleton-common.ts';
import { readEnum, readNumber, type EnumSpec, type NumberSpec } from './param-values.ts';

const METHODS = ['navis', 'centred'] as const;

/** Number of nodes (a count, not a length) in the rolling window. */
const WINDOW: NumberSpec = {
  name: 'window',
  label: 'window',
  kind: 'number',
  unit: 'nodes',
  default: 3,
  min: 1,
  max: 99,
  integer: true,
  help: "Number of nodes averaged. 'centred' needs an odd number.",
};

const METHOD: EnumSpec & { options: typeof METHODS } = {
  name: 'method',
  label: 'method',
  kind: 'enum',
  options: METHODS,
  aliases: { centered: 'centred' },
  default: 'navis',
  help: "'navis': exactly navis smooth_skeleton (a trailing mean along leaf-to-root paths, which shifts features towards the root by about half a window). 'centred': a centred mean along each unbranched stretch, branch points kept.",
};

export const smoothRadii: BlockDef = {
  type: 'smooth-radii',
  title: 'Smooth radii',
  equivalents: 'navis: n = navis.smooth_skeleton(n, window=3, to_smooth=[\'radius\'])',
  aliases: ['smooth_skeleton', 'navis.smooth_skeleton'],
  category: 'skeleton',
  exportable: true,
  description: 'Smooth the radii with a rolling mean over a few nodes along the cable (navis smooth_skeleton).',
  ...NEURON_TO_NEURON,
  params: [WINDOW, METHOD],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const r = smoothCore(n.skeleton, { window: readNumber(params, WINDOW), mode: readEnum(params, METHOD) });
    return { neuron: neuronWith(n, { skeleton: r.skeleton, warnings: [r.report.message] }) };
  },
};
