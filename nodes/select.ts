/**
 * Select: a set of skeleton nodes for recorders, stimuli, synapses and mechanism subsets, in
 * the ways the tutorial picks them: by id, by compartment (`axon_nodes`), synapses by type and
 * compartment (`post.node_id.unique()[0:n_syn]`), and the node of some compartments nearest to
 * or farthest from the soma along the cable (dendrite base, axon tip).
 */
import { CoreError } from '../src/core/errors.ts';
import { connectorNodes, extremeByDistance, nodesById, nodesByLabel } from '../src/core/morphology/selection.ts';
import type { BlockDef, Params } from './types.ts';
import type { NeuronValue, SelectionValue } from './values.ts';
import { orList, requireNeuron, resolveCompartments } from './skeleton-common.ts';
import {
  readBoolean,
  readEnum,
  readList,
  readNodeId,
  readNodeIds,
  readOptionalNumber,
  type BooleanSpec,
  type EnumSpec,
  type NodeIdsSpec,
  type NumberSpec,
  type StringSpec,
} from './param-values.ts';

const MODES = ['node ids', 'soma', 'compartment', 'synapses', 'nearest', 'farthest'] as const;
const SYNAPSE_TYPES = ['post', 'pre', 'any'] as const;

const MODE: EnumSpec & { options: typeof MODES } = {
  name: 'mode',
  label: 'select',
  kind: 'enum',
  options: MODES,
  aliases: { ids: 'node ids', nodes: 'node ids', compartments: 'compartment', connectors: 'synapses' },
  default: 'compartment',
  help: "'node ids': the nodes listed. 'soma': the soma node (as the tutorial's recorder at n.soma). 'compartment': every node of some compartments. 'synapses': the nodes synapses sit on. 'nearest'/'farthest': the one node of some compartments nearest to / farthest from a node (the soma) along the cable.",
};

/** The soma (the skeleton's soma node). */
function bySoma(n: NeuronValue): SelectionValue {
  const sk = n.skeleton;
  if (sk.soma < 0) throw new CoreError('input', "the selection \"the soma\" is empty: the skeleton has no soma; set one with a Set soma block");
  return { kind: 'selection', ids: Int32Array.of(sk.id[sk.soma]), description: `the soma (node ${sk.id[sk.soma]})` };
}

const IDS: NodeIdsSpec = {
  name: 'ids',
  label: 'node ids',
  kind: 'node-ids',
  default: [],
  help: 'The node ids to select, in this order (each must exist in the skeleton).',
  visibleWhen: { param: 'mode', equals: ['node ids'] },
};

const LABELS: StringSpec = {
  name: 'labels',
  label: 'compartments',
  kind: 'string',
  default: 'axon, linker',
  help: "Comma-separated compartments whose nodes to select (axon, dendrite, linker, cellbodyfiber). The tutorial's axon_nodes, where it inserts hh, are 'axon, linker'.",
  visibleWhen: { param: 'mode', equals: ['compartment'] },
};

const SYNAPSE_TYPE: EnumSpec & { options: typeof SYNAPSE_TYPES } = {
  name: 'synapseType',
  label: 'synapse type',
  kind: 'enum',
  options: SYNAPSE_TYPES,
  default: 'post',
  help: "'post': postsynapses (inputs to this neuron), 'pre': presynapses (its outputs), 'any': both.",
  visibleWhen: { param: 'mode', equals: ['synapses'] },
};

const SYNAPSE_COMPARTMENTS: StringSpec = {
  name: 'synapseCompartments',
  label: 'on compartments',
  kind: 'string',
  default: 'dendrite',
  optional: true,
  help: "Comma-separated compartments the synapses must sit on; empty: anywhere. The tutorial's inputs are the dendritic postsynapses ('dendrite').",
  visibleWhen: { param: 'mode', equals: ['synapses'] },
};

/** Number of synapse nodes to keep (dimensionless count), in synapse-table order. */
const FIRST: NumberSpec = {
  name: 'first',
  softMin: 1, softMax: 200,
  label: 'first N',
  kind: 'number',
  unit: '',
  default: 20,
  min: 1,
  max: 1_000_000,
  integer: true,
  optional: true,
  help: "Keep the first N, in synapse-table order (with 'unique nodes', N distinct nodes); empty: all. The tutorial's noisy input uses the first 20, its synaptic currents the first 5, 10, 15 and 20.",
  visibleWhen: { param: 'mode', equals: ['synapses'] },
};

const UNIQUE: BooleanSpec = {
  name: 'unique',
  label: 'unique nodes',
  kind: 'boolean',
  default: true,
  help: "Each node once, at its first synapse (the tutorial's post.node_id.unique()); off: one entry per synapse, so a node with 3 synapses appears 3 times.",
  visibleWhen: { param: 'mode', equals: ['synapses'] },
};

const NEAREST_AMONG: StringSpec = {
  name: 'nearestAmong',
  label: 'nearest node of',
  kind: 'string',
  default: 'dendrite',
  optional: true,
  help: "Comma-separated compartments to choose from; empty: any node. The tutorial's dendrite base is the 'dendrite' node nearest to the soma.",
  visibleWhen: { param: 'mode', equals: ['nearest'] },
};

const FARTHEST_AMONG: StringSpec = {
  name: 'farthestAmong',
  label: 'farthest node of',
  kind: 'string',
  default: 'axon',
  optional: true,
  help: "Comma-separated compartments to choose from; empty: any node. The tutorial's axon tip is the 'axon' node farthest from the soma.",
  visibleWhen: { param: 'mode', equals: ['farthest'] },
};

const FROM: NodeIdsSpec = {
  name: 'from',
  label: 'distance from node',
  kind: 'node-ids',
  default: [],
  optional: true,
  help: 'Node the distance along the cable is measured from; empty: the soma.',
  visibleWhen: { param: 'mode', equals: ['nearest', 'farthest'] },
};

/** "20, 467, 4384" or "20, 21, 19, 2409, 22, … (684 in all)". */
function idList(ids: ArrayLike<number>): string {
  const shown = Array.from(ids).slice(0, 6).join(', ');
  return ids.length > 6 ? `${shown}, … (${ids.length} in all)` : shown;
}

function byIds(n: NeuronValue, params: Params): SelectionValue {
  const ids = readNodeIds(params, IDS);
  const what = ids.length === 0 ? 'nodes by id' : ids.length === 1 ? `node ${ids[0]}` : `nodes ${idList(ids)}`;
  return { kind: 'selection', ids: nodesById(n.skeleton, ids, what), description: what };
}

function byCompartment(n: NeuronValue, params: Params): SelectionValue {
  const names = readList(params, LABELS);
  if (names.length === 0) throw new CoreError('input', 'no compartments given: list one or more, e.g. "axon, linker"');
  const labels = resolveCompartments(n.skeleton, names, 'select by compartment');
  const base = `${orList(labels)} nodes`;
  const ids = nodesByLabel(n.skeleton, labels, base);
  return { kind: 'selection', ids, description: `${base} (${ids.length})` };
}

function bySynapses(n: NeuronValue, params: Params): SelectionValue {
  const type = readEnum(params, SYNAPSE_TYPE);
  const names = readList(params, SYNAPSE_COMPARTMENTS);
  const first = readOptionalNumber(params, FIRST);
  const unique = readBoolean(params, UNIQUE);
  const kinds = type === 'any' ? 'synapses' : `${type}synapses`;
  if (!n.connectors) throw new CoreError('input', `cannot select ${kinds}: the neuron has no synapse table (load one with the skeleton)`);
  const compartments = names.length ? resolveCompartments(n.skeleton, names, `select ${kinds}`) : undefined;
  const of = `${compartments ? `${orList(compartments)} ` : ''}${kinds}`;
  // As the tutorial's post.node_id.unique()[0:n]: N distinct nodes, or the nodes of N synapses.
  const what = unique ? `${first !== null ? `first ${first} ` : ''}distinct nodes of ${of}` : `nodes of ${first !== null ? `the first ${first} ` : ''}${of}`;
  const ids = connectorNodes(n.skeleton, n.connectors, { type: type === 'any' ? undefined : type, compartments, first: first ?? undefined, uniqueNodes: unique }, what);
  return { kind: 'selection', ids, description: first !== null && ids.length < first ? `${what} (only ${ids.length})` : what };
}

function byDistance(n: NeuronValue, params: Params, which: 'nearest' | 'farthest'): SelectionValue {
  const sk = n.skeleton;
  const names = readList(params, which === 'nearest' ? NEAREST_AMONG : FARTHEST_AMONG);
  const fromParam = readNodeId(params, FROM);
  let from: number;
  let fromWords: string;
  if (fromParam !== null) {
    sk.requireRow(fromParam, 'distance-from node');
    from = fromParam;
    fromWords = `node ${from}`;
  } else {
    if (sk.soma < 0) throw new CoreError('input', `cannot find the ${which} node: the skeleton has no soma; set one with a Set soma block, or give the node to measure from`);
    from = sk.id[sk.soma];
    fromWords = `the soma (node ${from})`;
  }
  const labels = names.length ? resolveCompartments(sk, names, `select the ${which} node`) : null;
  const what = `${labels ? `${orList(labels)} node` : 'node'} ${which === 'nearest' ? 'nearest to' : 'farthest from'} ${fromWords} along the cable`;
  const candidates = labels ? nodesByLabel(sk, labels, `${orList(labels)} nodes`) : sk.id;
  const id = extremeByDistance(sk, from, candidates, which, what);
  return { kind: 'selection', ids: Int32Array.of(id), description: what };
}

export const select: BlockDef = {
  type: 'select',
  title: 'Select nodes',
  equivalents: 'navis: ids = n.nodes.node_id[n.nodes.compartment == \'dendrite\'] or n.postsynapses.node_id',
  aliases: ['node_id', 'get_node_section', 'find_main_branchpoint', 'geodesic_matrix', 'connectors', 'postsynapses'],
  category: 'skeleton',
  exportable: true,
  picksNodes: 'ids',
  description: 'Pick skeleton nodes by id, by compartment, by synapses, or the node nearest to / farthest from the soma.',
  inputs: { neuron: { type: 'neuron', label: 'neuron' } },
  outputs: { selection: { type: 'selection', label: 'nodes' } },
  params: [MODE, IDS, LABELS, SYNAPSE_TYPE, SYNAPSE_COMPARTMENTS, FIRST, UNIQUE, NEAREST_AMONG, FARTHEST_AMONG, FROM],
  // The selections of the tutorial (its recorders and synapses); the default is the axon (hh's nodes).
  presets: [
    { name: 'soma', description: 'The soma node (the tutorial records there).', params: { mode: 'soma' } },
    { name: 'synapses', description: 'The first 20 postsynapses on the dendrite, one node each.', params: { mode: 'synapses' } },
    { name: 'axon tip', description: 'The axon node farthest from the soma along the cable.', params: { mode: 'farthest', farthestAmong: 'axon' } },
    { name: 'dendrite base', description: 'The dendrite node nearest to the soma along the cable.', params: { mode: 'nearest', nearestAmong: 'dendrite' } },
  ],
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const mode = readEnum(params, MODE);
    const selection =
      mode === 'node ids' ? byIds(n, params) : mode === 'soma' ? bySoma(n) : mode === 'compartment' ? byCompartment(n, params) : mode === 'synapses' ? bySynapses(n, params) : byDistance(n, params, mode);
    return { selection };
  },
};
