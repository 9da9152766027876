/**
 * Fake block definitions and small graphs for the graph-document tests. They are written here,
 * not taken from nodes/, so that the tests pin the validator's behaviour (every param kind,
 * units, ranges, socket types) independently of how the real catalogue evolves.
 */
import type { BlockDef, ParamSpec, SocketSpec } from '../../nodes/types.ts';
import type { SocketType } from '../../nodes/values.ts';
import { GRAPH_FORMAT, GRAPH_VERSION, type Connection, type Graph, type GraphNode, type JsonValue } from './graph.ts';

const sock = (type: SocketType, optional = false): SocketSpec => ({ type, label: type, ...(optional ? { optional } : {}) });

const base = { label: '', help: '' };
const numberParam = (name: string, unit: string, dflt: number, extra: Partial<Extract<ParamSpec, { kind: 'number' }>> = {}): ParamSpec => ({
  ...base,
  label: name,
  name,
  kind: 'number',
  unit,
  default: dflt,
  ...extra,
});

function fake(type: string, inputs: BlockDef['inputs'], outputs: BlockDef['outputs'], params: ParamSpec[]): BlockDef {
  return { type, title: type, category: 'model', description: `fake ${type}`, inputs, outputs, params, compute: () => ({}) };
}

/** A small catalogue covering every socket type the tests wire and every kind of parameter. */
export const FAKE_BLOCKS: readonly BlockDef[] = [
  fake('load-skeleton', {}, { neuron: sock('neuron') }, [
    { ...base, name: 'swc', label: 'SWC', kind: 'file', accept: ['.swc'], default: '' },
    { ...base, name: 'synapses', label: 'synapses', kind: 'file', accept: ['.csv'], default: '', optional: true },
    { ...base, name: 'units', label: 'units', kind: 'enum', options: ['µm', 'nm', '8 nm voxels'], default: 'µm' },
    numberParam('seed', '', 1, { min: 0, integer: true }),
  ]),
  fake('set-soma', { neuron: sock('neuron') }, { neuron: sock('neuron') }, [{ ...base, name: 'node', label: 'soma node', kind: 'node-ids', default: [], optional: true }]),
  fake('select', { neuron: sock('neuron') }, { selection: sock('selection') }, [
    { ...base, name: 'ids', label: 'ids', kind: 'node-ids', default: [] },
    { ...base, name: 'label', label: 'label', kind: 'string', default: 'sites' },
    numberParam('first', '', 5, { min: 1, integer: true, optional: true }),
  ]),
  fake('compartment-model', { neuron: sock('neuron') }, { model: sock('model') }, [
    numberParam('res', 'µm', 10, { min: 0, exclusive: true }),
    numberParam('Ra', 'Ω·cm', 266.1, { min: 0, exclusive: true }),
    numberParam('diameter', 'µm', 1, { min: 0.1 }),
  ]),
  fake('current-clamp', { model: sock('model'), sites: sock('selection', true) }, { model: sock('model') }, [
    numberParam('amp', 'nA', 0.1),
    numberParam('delay', 'ms', 5, { min: 0 }),
    numberParam('g', 'µS', 0.001, { min: 0 }),
  ]),
  fake('run', { model: sock('model') }, { traces: sock('traces') }, [
    numberParam('tstop', 'ms', 100, { min: 0, exclusive: true }),
    numberParam('dt', 'ms', 0.025, { min: 0, max: 1, exclusive: true }),
    numberParam('v_init', 'mV', -65, { min: -200, max: 100 }),
    numberParam('celsius', '°C', 6.3),
    numberParam('rate', 'Hz', 10, { min: 0 }),
    { ...base, name: 'method', label: 'method', kind: 'enum', options: ['backward-euler', 'crank-nicolson'], default: 'backward-euler' },
    { ...base, name: 'progress', label: 'progress', kind: 'boolean', default: true },
  ]),
  fake('merge-models', { a: sock('model'), b: sock('model') }, { model: sock('model') }, []),
  fake('plot-traces', { traces: sock('traces') }, { figure: sock('figure') }, [{ ...base, name: 'title', label: 'title', kind: 'string', default: '', optional: true }]),
];

/** A node at the origin. */
export function n(id: string, type: string, params: Record<string, JsonValue> = {}, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, type, params, position: [0, 0], ...extra };
}

/** A wire "a.out → b.in". */
export function w(from: string, to: string): Connection {
  const [fn, fp] = from.split('.');
  const [tn, tp] = to.split('.');
  return { from: { node: fn, port: fp }, to: { node: tn, port: tp } };
}

export function graphOf(nodes: GraphNode[], connections: Connection[] = [], assets: Graph['assets'] = {}): Graph {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes, connections, assets };
}

/** load → soma → model → run → plot, valid against FAKE_BLOCKS. */
export function chain(): Graph {
  return graphOf(
    [
      n('load', 'load-skeleton', { units: '8 nm voxels' }, { position: [0, 0] }),
      n('soma', 'set-soma', { node: 20 }, { position: [200, 0] }),
      n('model', 'compartment-model', { res: 10 }, { position: [400, 0] }),
      n('run', 'run', { tstop: { value: 0.5, unit: 's' } }, { position: [600, 0] }),
      n('plot', 'plot-traces', {}, { position: [800, 0], title: 'Voltage' }),
    ],
    [w('load.neuron', 'soma.neuron'), w('soma.neuron', 'model.neuron'), w('model.model', 'run.model'), w('run.traces', 'plot.traces')],
  );
}
