/**
 * Convert units: rescale a neuron whose numbers are not µm (loaded as µm by mistake, or built
 * elsewhere) to µm, skeleton and connector positions alike. The tutorial's `convert_units('um')`.
 */
import { scaleConnectors } from '../src/core/morphology/connectors.ts';
import { scaleSkeleton } from '../src/core/morphology/transform.ts';
import type { BlockDef } from './types.ts';
import { LENGTH_UNITS, UM_PER_UNIT, UNIT_ALIASES, UNITS_BY_SOURCE, neuronWith, requireNeuron, unitsWarning } from './skeleton-common.ts';
import { readEnum, readNumber, type EnumSpec, type NumberSpec } from './param-values.ts';

const FROM_UNITS = [...LENGTH_UNITS, 'custom'] as const;

const FROM: EnumSpec & { options: typeof FROM_UNITS } = {
  name: 'from',
  label: 'from units',
  kind: 'enum',
  options: FROM_UNITS,
  aliases: UNIT_ALIASES,
  default: '8 nm voxels',
  help: `What the neuron's numbers really are; they become µm (nm ×0.001, 8 nm voxels ×0.008, custom × the factor; '8nm', '8 nm' and 'voxels' are accepted too). ${UNITS_BY_SOURCE}; the tutorial's DA1 neuron is hemibrain.`,
};

/** µm per unit of the input, for 'custom' (e.g. 0.004 for 4 nm voxels). */
const FACTOR: NumberSpec = {
  name: 'factor',
  softMin: 0, softMax: 10,
  label: 'µm per unit',
  kind: 'number',
  unit: 'µm',
  default: 1,
  min: 0,
  max: 1e6,
  exclusive: true,
  help: 'For custom units: how many µm one unit of the input is (4 nm voxels: 0.004). Coordinates, radii and connector positions are multiplied by it.',
  visibleWhen: { param: 'from', equals: ['custom'] },
};

const PRECISIONS = ['double', 'float32 (navis)'] as const;

/** navis keeps node tables in float32 and converts units in float32; NeuroWire in doubles. */
const PRECISION: EnumSpec & { options: typeof PRECISIONS } = {
  name: 'precision',
  label: 'arithmetic',
  kind: 'enum',
  options: PRECISIONS,
  aliases: { float32: 'float32 (navis)', navis: 'float32 (navis)' },
  default: 'double',
  help: "'double': coordinates × factor in double precision. 'float32 (navis)': as navis's convert_units on its float32 node table (each value and the factor rounded to float32, the product rounded to float32), so that the model's geometry is the one a navis script builds; differences are below 1e-7 relative.",
};

export const convertUnits: BlockDef = {
  type: 'convert-units',
  title: 'Convert units',
  equivalents: 'navis: n = navis.convert_units(n, \'um\') or n * 8 / 1000 (8 nm voxels → µm)',
  aliases: ['convert_units', 'navis.TreeNeuron.convert_units', 'nm', 'voxels'],
  category: 'skeleton',
  exportable: true,
  description: 'Rescale a neuron (coordinates, radii, synapse positions) from nm, 8 nm voxels or a custom unit to µm.',
  inputs: { neuron: { type: 'neuron', label: 'neuron' } },
  outputs: { neuron: { type: 'neuron', label: 'neuron (µm)' } },
  params: [FROM, FACTOR, PRECISION],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const from = readEnum(params, FROM);
    const factor = from === 'custom' ? readNumber(params, FACTOR) : UM_PER_UNIT[from];
    const precision = readEnum(params, PRECISION) === 'double' ? 'double' : 'float32';
    const skeleton = scaleSkeleton(n.skeleton, factor, 'µm', precision);
    const connectors = n.connectors && scaleConnectors(n.connectors, factor, precision);
    const warnings: string[] = [];
    const w = unitsWarning(skeleton, factor, `'${FROM.label}'`);
    if (w) warnings.push(w);
    return { neuron: neuronWith(n, { skeleton, connectors, warnings }) };
  },
};
