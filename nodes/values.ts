/**
 * The values that travel between blocks. All are immutable: a block returns new values and
 * never changes its inputs, so the evaluator can share them between readers and compare them
 * by reference.
 */
import type { ConnectorTable } from '../src/core/morphology/connectors.ts';
import type { Skeleton } from '../src/core/morphology/skeleton.ts';
import type { DiscretizeOptions } from '../src/core/cable/discretize.ts';
import type { MechanismSpec, NetConSpec, NetStimSpec, PointProcessSpec, PropertySpec, RecorderSpec, RunOptions } from '../src/core/cable/model.ts';
import type { EdgeList } from '../src/core/network/edges.ts';
import type { PointModel, StimulusSpec, NoiseSource } from '../src/core/network/network.ts';

/** A skeleton (µm once converted) with its connector table. */
export interface NeuronValue {
  kind: 'neuron';
  skeleton: Skeleton;
  connectors: ConnectorTable | null;
  /** Compartment of each connector (index into the skeleton's labelNames), when split. */
  connectorCompartment?: Uint8Array;
  warnings: string[];
}

/** A set of skeleton node ids, in a meaningful order (e.g. synapse-table order). */
export interface SelectionValue {
  kind: 'selection';
  ids: Int32Array;
  /** Words for messages and the UI ("first 5 dendritic postsynapses"). */
  description: string;
}

/** A compartment model under construction: a neuron and the declarative parts added by blocks. */
export interface ModelValue {
  kind: 'model';
  neuron: NeuronValue;
  discretization: DiscretizeOptions;
  /** Ω·cm and µF/cm² for all sections, overridden per subset by `properties`. */
  Ra: number;
  cm: number;
  properties: PropertySpec[];
  mechanisms: MechanismSpec[];
  pointProcesses: PointProcessSpec[];
  recorders: RecorderSpec[];
  netStims: NetStimSpec[];
  netCons: NetConSpec[];
  /** Units of each recorder's trace (mV, nA, µS), by label. */
  units: Record<string, string>;
}

/** A run's recorded traces and spike times. */
export interface TracesValue {
  kind: 'traces';
  /** ms */
  t: Float64Array;
  traces: Record<string, Float64Array>;
  units: Record<string, string>;
  /** Spike times (ms) by detector label. */
  spikes: Record<string, Float64Array>;
  /** Options the run used. */
  run: Required<Pick<RunOptions, 'tstop' | 'v_init' | 'dt' | 'celsius'>>;
  sections: number;
  segments: number;
  wallMs: number;
  warnings: string[];
}

export interface EdgesValue {
  kind: 'edges';
  edges: EdgeList;
}

/** A point network under construction. */
export interface NetworkValue {
  kind: 'network';
  names: string[];
  labels: string[];
  model: PointModel;
  params: Record<string, number>;
  edges: { source: Int32Array; target: Int32Array; weight: Float64Array; delay: number };
  stimuli: StimulusSpec[];
  noise: NoiseSource;
  warnings: string[];
}

/** Spike times of a network run. */
export interface SpikesValue {
  kind: 'spikes';
  names: string[];
  labels: string[];
  /** Per neuron (ms). */
  spikes: Float64Array[];
  /** Stimulus windows [start, stop] (ms) with labels, for shading a raster. */
  stimuli: Array<{ label: string; start: number; stop: number; neurons: number[] }>;
  tstop: number;
  tFinal: number;
  events: number;
  wallMs: number;
  warnings: string[];
}

/** A table: named columns of equal length. */
export interface TableValue {
  kind: 'table';
  title: string;
  columns: Record<string, ArrayLike<number> | string[]>;
}

/** What a plot block produces: data to draw (the UI with ECharts, the CLI to SVG). */
export interface FigureValue {
  kind: 'figure';
  figure: 'traces' | 'raster' | 'rates';
  title: string;
  /** ECharts option (plain JSON with typed arrays flattened to number pairs). */
  option: Record<string, unknown>;
  /** CSV of the plotted data (`t,label,…` for traces; `label,t` for spikes). */
  csv: string;
}

export interface ValueMap {
  neuron: NeuronValue;
  selection: SelectionValue;
  model: ModelValue;
  traces: TracesValue;
  edges: EdgesValue;
  network: NetworkValue;
  spikes: SpikesValue;
  table: TableValue;
  figure: FigureValue;
}

export type SocketType = keyof ValueMap;
export type ValueOf<T extends SocketType> = ValueMap[T];

export const SOCKET_TYPES: readonly SocketType[] = ['neuron', 'selection', 'model', 'traces', 'edges', 'network', 'spikes', 'table', 'figure'];
