/**
 * compartment-model: a neuron (µm) → a compartment model, as navis's
 * `CompartmentModel(n, res=10)`: NEURON sections along the skeleton's unbranched runs, each
 * cut into nseg = 1 + 2·floor(L / (2·res)) segments, with NEURON's default Ra and cm. The soma
 * policy 'import3d' builds the sections as NEURON's Import3d does instead (soma sphere, children
 * of the soma at 0.5; src/core/morphology/import3d.ts).
 */
import { CoreError } from '../src/core/errors.ts';
import type { DiscretizeOptions } from '../src/core/cable/discretize.ts';
import { discretizationOf, emptyModel, neuronInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef } from './types.ts';

/** Skeleton unit names that mean micrometres ('' = not stated, taken as µm as navis does). */
const MICRONS = new Set(['µm', 'um', 'μm', 'micron', 'microns', 'micrometer', 'micrometre', 'micrometers', 'micrometres', '']);

/**
 * Inputs: neuron (skeleton in µm). Output: model. Params: res (µm, default 10), nseg
 * (segments per section, 0 or empty = from res), minRadius (µm, 0 or empty = none), soma
 * ('navis' default, or 'import3d').
 */
export const compartmentModel: BlockDef = {
  type: 'compartment-model',
  title: 'Compartment model',
  equivalents: 'navis: cmp = navis.interfaces.neuron.CompartmentModel(n, res=10); NEURON: h.Section + pt3dadd per section, sec.nseg',
  aliases: ['CompartmentModel', 'navis.interfaces.neuron', 'nrn.CompartmentModel', 'h.Section', 'nseg'],
  category: 'model',
  exportable: true,
  description: 'Cut a neuron into NEURON sections and segments (navis CompartmentModel).',
  inputs: { neuron: { type: 'neuron', label: 'neuron (µm)' } },
  outputs: { model: { type: 'model', label: 'model' } },
  params: [
    {
      name: 'res',
      label: 'Segment length (res)',
      kind: 'number',
      unit: 'µm',
      default: 10,
      min: 0,
      exclusive: true,
      step: 1,
      help: 'Target segment length: each section gets nseg = 1 + 2·floor(L / (2·res)) segments (always odd, as navis sets it). Smaller is finer and slower. navis default: 10 µm.',
    },
    {
      name: 'nseg',
      label: 'Segments per section (nseg)',
      kind: 'number',
      unit: '',
      default: 0,
      min: 0,
      integer: true,
      step: 1,
      optional: true,
      help: 'A fixed number of segments for every section, overriding res. 0 or empty: computed from res.',
    },
    {
      name: 'minRadius',
      label: 'Minimum radius',
      kind: 'number',
      unit: 'µm',
      default: 0,
      min: 0,
      step: 0.01,
      optional: true,
      help: 'Radii below this are raised to it (EM skeletons often have zero radii, which make the axial resistance infinite). 0 or empty: radii are used as they are and a zero radius is an error.',
    },
    {
      name: 'soma',
      label: 'Soma and sections',
      kind: 'enum',
      options: ['navis', 'import3d'],
      default: 'navis',
      aliases: { 'neuron import3d': 'import3d', neuron: 'import3d' },
      help: 'navis (default): every skeleton node is a cable point, soma points included; sections run between the root, branch points and leaves (as navis builds them). import3d: the sections NEURON’s Import3d builds from an SWC file: a one-point soma (or the NeuroMorpho 3-point soma) is a sphere, a cylinder along x as long as it is wide; sections leaving the soma attach at its middle (0.5) and start at their own first point; a line of soma points is one soma section; sections break where the SWC type changes. Needs one connected tree.',
    },
  ],
  compute(inputs, params) {
    const neuron = neuronInput(inputs, compartmentModel);
    const p = paramValues(compartmentModel, params);
    const res = p.number('res');
    const nseg = p.optionalNumber('nseg');
    const minRadius = p.optionalNumber('minRadius');
    const soma = p.choice('soma', ['navis', 'import3d'] as const);
    const units = neuron.skeleton.units.trim();
    if (!MICRONS.has(units)) {
      // NEURON's lengths are µm; a skeleton in nm or voxels would give a model 1000× too large.
      throw new CoreError('input', `${compartmentModel.title}: the skeleton's coordinates are in ${units}, but NEURON needs µm; convert the units first`);
    }
    // Only the options that are set, so that the defaults give exactly navis's {res: 10}.
    const options: DiscretizeOptions = { res };
    if (nseg !== null && nseg > 0) options.nseg = nseg;
    if (minRadius !== null && minRadius > 0) options.minRadius = minRadius;
    if (soma === 'import3d') options.somaPolicy = 'import3d';
    // Discretize now: zero radii, lone roots and zero-length sections show on this block,
    // and the (memoized) result is what the run uses.
    try {
      discretizationOf(neuron.skeleton, options);
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(e.code, `${compartmentModel.title}: ${e.message}`, e.where);
      // Sizes follow from res / nseg: an allocation failure names them, not the engine's words.
      if (e instanceof RangeError) {
        const cause = options.nseg !== undefined ? `nseg = ${options.nseg}` : `res = ${res} µm`;
        throw new CoreError('model', `${compartmentModel.title}: ${cause} gives more segments than memory holds; use a longer segment length res or a smaller nseg`);
      }
      throw e;
    }
    return { model: emptyModel(neuron, Object.freeze(options)) };
  },
};
