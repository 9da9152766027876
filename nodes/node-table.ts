/**
 * Node table: a neuron's nodes or connectors as a table, the tutorial's `n.nodes.head()` and
 * `post.head()`. A sink: the UI shows it, the CLI writes it to a file.
 */
import { CoreError } from '../src/core/errors.ts';
import { PRE } from '../src/core/morphology/connectors.ts';
import type { BlockDef } from './types.ts';
import type { NeuronValue, TableValue } from './values.ts';
import { requireNeuron } from './skeleton-common.ts';
import { readEnum, type EnumSpec } from './param-values.ts';

const WHATS = ['nodes', 'connectors'] as const;

const WHAT: EnumSpec & { options: typeof WHATS } = {
  name: 'what',
  label: 'table of',
  kind: 'enum',
  options: WHATS,
  aliases: { node: 'nodes', connector: 'connectors', synapses: 'connectors' },
  default: 'nodes',
  help: "'nodes': node_id, parent_id (-1 at a root), x, y, z, radius (µm), SWC type, compartment. 'connectors': connector_id, node_id, type (pre/post), x, y, z (µm), roi, confidence, compartment.",
};

/** Label name of each node ('' where unlabelled). */
function nodeCompartments(n: NeuronValue): string[] {
  const sk = n.skeleton;
  return Array.from(sk.label, (l) => sk.labelNames[l] ?? '');
}

function nodesTable(n: NeuronValue): TableValue {
  const sk = n.skeleton;
  const parentId = Int32Array.from(sk.parent, (p) => (p < 0 ? -1 : sk.id[p]));
  // Copies, not the skeleton's own arrays: a consumer that sorts a column must not reorder the neuron.
  return {
    kind: 'table',
    title: `nodes of ${sk.name || 'the neuron'} (${sk.size}, ${sk.units})`,
    columns: {
      node_id: sk.id.slice(),
      parent_id: parentId,
      x: sk.x.slice(),
      y: sk.y.slice(),
      z: sk.z.slice(),
      radius: sk.radius.slice(),
      type: sk.type.slice(),
      compartment: nodeCompartments(n),
    },
  };
}

function connectorsTable(n: NeuronValue): TableValue {
  const sk = n.skeleton;
  const c = n.connectors;
  if (!c) throw new CoreError('input', 'the neuron has no synapse table: there are no connectors to list (load one with the skeleton)');
  const m = c.nodeId.length;
  const compartment = new Array<string>(m);
  for (let k = 0; k < m; k++) {
    // The split's own record when there is one; otherwise the node's current label.
    const code = n.connectorCompartment ? n.connectorCompartment[k] : sk.label[sk.requireRow(c.nodeId[k], 'connector node')];
    compartment[k] = sk.labelNames[code] ?? '';
  }
  return {
    kind: 'table',
    title: `connectors of ${sk.name || 'the neuron'} (${m}, ${sk.units})`,
    columns: {
      connector_id: c.connectorId.slice(),
      node_id: c.nodeId.slice(),
      type: Array.from(c.type, (t) => (t === PRE ? 'pre' : 'post')),
      x: c.x.slice(),
      y: c.y.slice(),
      z: c.z.slice(),
      roi: c.roi.slice(),
      confidence: c.confidence.slice(),
      compartment,
    },
  };
}

export const nodeTable: BlockDef = {
  type: 'node-table',
  title: 'Node table',
  equivalents: 'navis: n.nodes / n.connectors (pandas DataFrames)',
  aliases: ['n.nodes', 'n.connectors', 'DataFrame'],
  category: 'skeleton',
  description: "A neuron's nodes (id, parent, position, radius, type, compartment) or its connectors as a table.",
  inputs: { neuron: { type: 'neuron', label: 'neuron' } },
  outputs: { table: { type: 'table', label: 'table' } },
  params: [WHAT],
  sink: true,
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const what = readEnum(params, WHAT);
    return { table: what === 'nodes' ? nodesTable(n) : connectorsTable(n) };
  },
};
