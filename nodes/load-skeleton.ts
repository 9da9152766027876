/**
 * Load skeleton: the start of every chain. Either the built-in synthetic projection neuron (so
 * a graph runs without outside data) or an SWC file with an optional navis connector table,
 * converted to µm: the tutorial's `navis.example_neurons(1).convert_units('um')`. A NeuroML 2
 * file (`.nml`, or any file that starts with `<`) is read as the skeleton of its first
 * `<morphology>` (src/core/morphology/neuroml.ts).
 */
import { CoreError } from '../src/core/errors.ts';
import { checkConnectors, readConnectors, remapConnectors, scaleConnectors, type ConnectorTable } from '../src/core/morphology/connectors.ts';
import { fixForCable } from '../src/core/morphology/import-fixes.ts';
import { readSwc } from '../src/core/morphology/swc.ts';
import { looksLikeXml, readNeuroMl } from '../src/core/morphology/neuroml.ts';
import { syntheticProjectionNeuron } from '../src/core/morphology/synthetic.ts';
import { scaleSkeleton } from '../src/core/morphology/transform.ts';
import type { BlockDef, ComputeContext, Params } from './types.ts';
import type { NeuronValue } from './values.ts';
import { LENGTH_UNITS, UM_PER_UNIT, UNIT_ALIASES, UNITS_BY_SOURCE, throwIfAborted, unitsWarning } from './skeleton-common.ts';
import { readEnum, readNumber, readString, type EnumSpec, type FileSpec, type NumberSpec } from './param-values.ts';
import { seedOf } from './quantities.ts';

const SOURCES = ['auto', 'synthetic', 'file'] as const;

const SOURCE: EnumSpec & { options: typeof SOURCES } = {
  name: 'source',
  label: 'source',
  kind: 'enum',
  options: SOURCES,
  default: 'auto',
  help: "'auto': the SWC file if one is set, else the synthetic neuron (so a graph runs as-is, and choosing an SWC file, or dropping one on the block, switches it to data). 'synthetic': the built-in procedural projection neuron (µm, with synapses), no data needed. 'file': an SWC skeleton and, optionally, its synapse table.",
};

/** Seed of the synthetic neuron's random stream (dimensionless): the same seed gives the same neuron. */
const SEED: NumberSpec = {
  name: 'seed',
  label: 'seed',
  ...seedOf(2147483647),
  default: 1,
  help: 'Seed of the synthetic neuron: the same seed always gives the same skeleton and synapses.',
  visibleWhen: { param: 'source', equals: ['auto', 'synthetic'] },
};

const SWC: FileSpec = {
  name: 'swc',
  label: 'skeleton file (SWC or NeuroML)',
  kind: 'file',
  accept: ['.swc', '.nml'],
  default: '',
  help: "The skeleton: SWC (id type x y z radius parent per line) or a NeuroML 2 file's <morphology> (segment s's distal point is node s; segment groups give soma, axon and dendrite types). Its first soma node (type 1) is the soma; set another with a Set soma block.",
  visibleWhen: { param: 'source', equals: ['auto', 'file'] },
};

const SYNAPSES: FileSpec = {
  name: 'synapses',
  label: 'synapse table',
  kind: 'file',
  accept: ['.csv'],
  default: '',
  optional: true,
  help: 'Optional navis connector table (CSV: connector_id, node_id, type pre/post, x, y, z, optional roi, confidence), in the same units as the SWC. Needed to split by synapse flow and to select synapses.',
  visibleWhen: { param: 'source', equals: ['auto', 'file'] },
};

const UNITS: EnumSpec & { options: typeof LENGTH_UNITS } = {
  name: 'units',
  label: 'file units',
  kind: 'enum',
  options: LENGTH_UNITS,
  aliases: UNIT_ALIASES,
  default: 'µm',
  help: `Length unit of the files' coordinates and radii; everything is converted to µm (nm ×0.001, 8 nm voxels ×0.008; '8nm', '8 nm' and 'voxels' are accepted too). ${UNITS_BY_SOURCE}.`,
  visibleWhen: { param: 'source', equals: ['auto', 'file'] },
};

/** The file's name for messages and the skeleton's name: "swc/1734350788.swc" → "1734350788". */
function baseName(ref: string): string {
  const last = ref.split(/[\\/]/).pop() ?? ref;
  return last.replace(/\.(swc|csv|nml|xml)$/i, '');
}

/** Read a file parameter, turning a reader's failure into a message that names the parameter. */
async function readFile(ctx: ComputeContext, ref: string, what: string): Promise<string> {
  try {
    return await ctx.readText(ref);
  } catch (e) {
    if (e instanceof CoreError) throw e;
    throw new CoreError('input', `cannot read the ${what} "${ref}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function loadFile(params: Params, ctx: ComputeContext): Promise<NeuronValue> {
  const swcRef = readString(params, SWC).trim();
  if (!swcRef) throw new CoreError('input', "no SWC file chosen: set 'skeleton file (SWC or NeuroML)', or use the 'synthetic' source");
  const synRef = readString(params, SYNAPSES).trim();
  const units = readEnum(params, UNITS);
  const factor = UM_PER_UNIT[units];
  const [swcText, synText] = await Promise.all([readFile(ctx, swcRef, 'SWC file'), synRef ? readFile(ctx, synRef, 'synapse table') : Promise.resolve(null)]);
  throwIfAborted(ctx);

  // Messages and the skeleton's name use the file's own name (an embedded file's, not its hash).
  const swcName = ctx.fileName?.(swcRef) ?? swcRef;
  const neuroMl = /\.(nml|xml)$/i.test(swcName) || looksLikeXml(swcText);
  if (neuroMl && factor !== 1) throw new CoreError('input', `NeuroML morphologies are in µm by definition; set 'file units' to µm (got ${units})`);
  const read = neuroMl ? readNeuroMl(swcText, { name: baseName(swcName) }) : readSwc(swcText, { name: baseName(swcName), units: factor === 1 ? 'µm' : units });
  const scaled = factor === 1 ? read.skeleton : scaleSkeleton(read.skeleton, factor, 'µm');
  // Layouts NEURON's Import3d builds (a single point, lone points, zero-length runs) are made
  // buildable here, with a warning, rather than refused when the model is built.
  const fixed = neuroMl ? null : fixForCable(scaled);
  const skeleton = fixed ? fixed.skeleton : scaled;
  const warnings = [...read.warnings, ...(fixed ? fixed.warnings : [])];
  let connectors: ConnectorTable | null = null;
  if (synText !== null) {
    const table = readConnectors(synText, { name: baseName(ctx.fileName?.(synRef) ?? synRef) });
    // Node ids do not depend on units; checking before scaling names the file's own numbers.
    checkConnectors(table, read.skeleton);
    const remapped = fixed ? remapConnectors(table, fixed.mergedInto) : { table, moved: 0 };
    if (remapped.moved) warnings.push(`${remapped.moved} synapse(s) were on merged points and now sit on the point they were merged into`);
    connectors = factor === 1 ? remapped.table : scaleConnectors(remapped.table, factor);
  }
  const w = unitsWarning(skeleton, factor, `'${UNITS.label}'`);
  if (w) warnings.push(w);
  return { kind: 'neuron', skeleton, connectors, warnings };
}

export const loadSkeleton: BlockDef = {
  type: 'load-skeleton',
  title: 'Load skeleton',
  equivalents: 'navis: n = navis.read_swc(\'neuron.swc\'); n.connectors = synapse table (navis.example_neurons for the built-in one)',
  aliases: ['read_swc', 'navis.read_swc', 'navis.example_neurons', 'TreeNeuron', 'SWC'],
  category: 'skeleton',
  exportable: true,
  description: 'A neuron skeleton with its synapses, in µm: the built-in synthetic projection neuron, an SWC file (+ navis synapse table) or a NeuroML 2 morphology.',
  inputs: {},
  outputs: { neuron: { type: 'neuron', label: 'neuron' } },
  params: [SOURCE, SEED, SWC, SYNAPSES, UNITS],
  async compute(_inputs, params, ctx) {
    const source = readEnum(params, SOURCE);
    if (source === 'synthetic' || (source === 'auto' && readString(params, SWC).trim() === '')) {
      const pn = syntheticProjectionNeuron({ seed: readNumber(params, SEED) });
      const neuron: NeuronValue = { kind: 'neuron', skeleton: pn.skeleton, connectors: pn.connectors, warnings: [] };
      return { neuron };
    }
    return { neuron: await loadFile(params, ctx) };
  },
};
