/**
 * Split axon/dendrite: label every node axon, dendrite, linker or cell body fiber, as the
 * tutorial's `navis.split_axon_dendrite(n, label_only=True, cellbodyfiber='soma')`. Connectors
 * take their node's compartment (`connectorCompartment`), for "dendritic postsynapses".
 */
import { CoreError } from '../src/core/errors.ts';
import type { ConnectorTable } from '../src/core/morphology/connectors.ts';
import { splitAxonDendrite as splitCore } from '../src/core/morphology/split.ts';
import type { BlockDef } from './types.ts';
import { neuronWith, requireNeuron } from './skeleton-common.ts';
import { readEnum, readNumber, type EnumSpec, type NumberSpec } from './param-values.ts';

const METRICS = ['synapse flow', 'leaf flow'] as const;
const SPLITS = ['prepost', 'distance'] as const;
const CBF = ['soma', 'root', 'none'] as const;

const METRIC: EnumSpec & { options: typeof METRICS } = {
  name: 'metric',
  label: 'flow metric',
  kind: 'enum',
  options: METRICS,
  default: 'synapse flow',
  help: "'synapse flow': synapse flow centrality (paths between inputs and outputs through each node; needs synapses), as navis. 'leaf flow': leaves beyond × leaves before each node, for skeletons without synapses.",
};

/** Fraction (dimensionless) of the maximum flow above which nodes are linker. */
const FLOW_THRESHOLD: NumberSpec = {
  name: 'flowThreshold',
  label: 'flow threshold',
  kind: 'number',
  unit: '',
  default: 0.9,
  min: 0,
  max: 1,
  step: 0.01,
  help: 'The linker (the cable between dendrite and axon) is every node whose flow is at least this fraction of the maximum flow; above 0, at most 1. navis: flow_thresh = 0.9.',
};

const SPLIT: EnumSpec & { options: typeof SPLITS } = {
  name: 'split',
  label: 'split by',
  kind: 'enum',
  options: SPLITS,
  default: 'prepost',
  help: "How the parts left after removing the linker are named. 'prepost': a part with relatively more outputs (presynapses) than inputs is axon (needs synapses). 'distance': the part containing the soma/root is dendrite, the rest axon.",
};

/** Ratio (dimensionless) of a part's share of presynapses to its share of postsynapses at which it is axon. */
const PREPOST_THRESHOLD: NumberSpec = {
  name: 'prepostThreshold',
  softMin: 0, softMax: 10,
  label: 'pre/post threshold',
  kind: 'number',
  unit: '',
  default: 1,
  min: 0,
  max: 100,
  step: 0.1,
  help: "A part is axon when (its share of the presynapses) / (its share of the postsynapses) is at least this, else dendrite. navis: split='prepost' with threshold 1.",
  visibleWhen: { param: 'split', equals: ['prepost'] },
};

const CELL_BODY_FIBER: EnumSpec & { options: typeof CBF } = {
  name: 'cellBodyFiber',
  label: 'cell body fiber',
  kind: 'enum',
  options: CBF,
  default: 'soma',
  help: "Label the cell body fiber (the low-flow neurite from the cell body to the rest): 'soma' starts from the soma, as the tutorial; 'root' from the root (no soma needed); 'none' leaves it to the other compartments.",
};

/** An empty connector table, for leaf flow with a distance split on a neuron without synapses. */
function noConnectors(): ConnectorTable {
  return {
    connectorId: new Float64Array(0),
    nodeId: new Int32Array(0),
    type: new Uint8Array(0),
    x: new Float64Array(0),
    y: new Float64Array(0),
    z: new Float64Array(0),
    roi: [],
    confidence: new Float64Array(0),
  };
}

export const splitAxonDendrite: BlockDef = {
  type: 'split-axon-dendrite',
  title: 'Split axon/dendrite',
  equivalents: 'navis: n = navis.split_axon_dendrite(n, label_only=True) (labels in n.nodes.compartment)',
  aliases: ['split_axon_dendrite', 'navis.split_axon_dendrite', 'cellbodyfiber', 'label_only'],
  category: 'skeleton',
  exportable: true,
  description: 'Label each node axon, dendrite, linker or cell body fiber by synapse flow, as navis split_axon_dendrite.',
  inputs: { neuron: { type: 'neuron', label: 'neuron' } },
  outputs: { neuron: { type: 'neuron', label: 'labelled neuron' } },
  params: [METRIC, FLOW_THRESHOLD, SPLIT, PREPOST_THRESHOLD, CELL_BODY_FIBER],
  // A whole-skeleton analysis: the worker keeps the editor responsive on large skeletons.
  heavy: true,
  compute(inputs, params) {
    const n = requireNeuron(inputs);
    const sk = n.skeleton;
    const metric = readEnum(params, METRIC);
    const flowThresh = readNumber(params, FLOW_THRESHOLD);
    const split = readEnum(params, SPLIT);
    const prepostThreshold = readNumber(params, PREPOST_THRESHOLD);
    const cbf = readEnum(params, CELL_BODY_FIBER);

    const trees = sk.roots().length;
    if (trees > 1) {
      throw new CoreError('input', `cannot split: the skeleton has ${trees} separate trees (disconnected fragments); join them first with a Heal fragments block`);
    }
    const nCon = n.connectors?.nodeId.length ?? 0;
    if (nCon === 0 && (metric === 'synapse flow' || split === 'prepost')) {
      const need = [metric === 'synapse flow' ? "metric 'synapse flow'" : '', split === 'prepost' ? "split 'prepost'" : ''].filter((s) => s).join(' and ');
      throw new CoreError(
        'input',
        `cannot split: the neuron has no synapses, which ${need} need${need.includes(' and ') ? '' : 's'}; load a synapse table, or use metric 'leaf flow' with split 'distance'`,
      );
    }
    const r = splitCore(sk, n.connectors ?? noConnectors(), {
      metric: metric === 'synapse flow' ? 'synapse_flow' : 'leaf_flow',
      flowThresh,
      split,
      prepostThreshold,
      cellbodyfiber: cbf === 'none' ? false : cbf,
    });
    const warnings = [...r.warnings];
    if (cbf === 'soma' && sk.soma < 0) {
      warnings.push("no cell body fiber was labelled: the skeleton has no soma (set one with a Set soma block, or use cell body fiber 'root')");
    }
    return {
      neuron: neuronWith(n, {
        skeleton: r.skeleton,
        connectorCompartment: n.connectors ? r.connectorCompartment : null,
        warnings,
      }),
    };
  },
};
