/**
 * The values that travel between blocks. All are immutable: a block returns new values and
 * never changes its inputs, so the evaluator can share them between readers and compare them
 * by reference.
 */
import type { ModMechanism } from './mod-mechanism.ts';
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
  /** Mechanisms and point processes from .mod files, by NEURON name (with their source, for the NEURON export). */
  mods?: Readonly<Record<string, ModMechanism>>;
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
  /**
   * Skeleton node id of each trace recorded at a node (trace label → node id): a voltage
   * recorder's node, or the node of the point process whose current/conductance is recorded.
   * Absent in values made before it existed; traces at a section position are not listed.
   */
  nodes?: Record<string, number>;
  /** Options the run used. */
  run: Required<Pick<RunOptions, 'tstop' | 'v_init' | 'dt' | 'celsius'>>;
  sections: number;
  segments: number;
  wallMs: number;
  warnings: string[];
  /** Present while the run goes (a streamed value): how far it got. The arrays hold the samples so far. */
  partial?: RunProgress;
  /** Traces of a sweep: which point (and which trace of that point's run) each label is. */
  sweep?: SweepInfo;
}

/** The points of a sweep behind a traces value (nodes/sweep.ts). */
export interface SweepInfo {
  /** Swept parameters as `block.param`. */
  names: string[];
  /** Each point's values, in `names` order. */
  points: number[][];
  /** Trace or spike-train label → [point index, the label in that point's run]. */
  of: Record<string, [number, string]>;
}

/** How far a run in flight got: fraction of its steps done (0–1) and the simulated time reached (ms). */
export interface RunProgress {
  fraction: number;
  t: number;
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
  /** NetCon delay (ms): one for every edge, or one per edge (an edge list with a delay column). */
  edges: { source: Int32Array; target: Int32Array; weight: Float64Array; delay: number | Float64Array };
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
  /** Partitions the run was spread over (workers side by side; absent or 1: one queue). */
  partitions?: number;
}

/** A table: named columns of equal length. */
export interface TableValue {
  kind: 'table';
  title: string;
  columns: Record<string, ArrayLike<number> | string[]>;
}

/** A marker the morphology view draws on a node. */
export interface MorphologyMarker {
  /** recorder: a voltage recorder; clamp: an IClamp; synapse: a synaptic point process; netstim: a synapse driven by a NetStim; detector: a spike detector (threshold NetCon). */
  kind: 'recorder' | 'clamp' | 'synapse' | 'netstim' | 'detector';
  /** Skeleton node id. */
  node: number;
  label: string;
}

/** Voltages over the run for the morphology view's time slider and animation. */
export interface MorphologyVoltage {
  /** Times of the frames (ms): run samples, every `stride`-th one, always including the block's `time`. */
  times: Float64Array;
  /** Keeping every stride-th sample of the run (1: all). */
  stride: number;
  /** Rows (indices into the node columns) of the nodes with a voltage trace. */
  recorded: Int32Array;
  /**
   * Voltages (mV), frame-major: `frames[k * recorded.length + j]` is node `recorded[j]` at
   * `times[k]` (a nodes × times matrix stored time by time, so a frame is one contiguous run).
   */
  frames: Float32Array;
  /**
   * Per row, the index into `recorded` whose voltage the node shows, or -1 (drawn grey): itself
   * when recorded; otherwise the nearest recorded node along the cable when `fill` is
   * 'nearest', none when 'grey'.
   */
  source: Int32Array;
  fill: 'nearest' | 'grey';
}

/** What the interactive morphology view needs, as typed arrays (transferable, immutable). */
export interface MorphologyData {
  /** Skeleton node id per row. */
  ids: Int32Array;
  /** Parent row per row, -1 for a root. */
  parent: Int32Array;
  /** Projected coordinates (µm): horizontal and vertical axes of the chosen projection. */
  x: Float32Array;
  y: Float32Array;
  /** Names of the projection's axes, e.g. ['x', 'y']. */
  axes: [string, string];
  /** True: the vertical axis points down (image/EM convention). */
  flipVertical: boolean;
  /** Radius per row (µm). */
  radius: Float32Array;
  /** Compartment per row, an index into `compartmentNames`. */
  compartment: Uint8Array;
  compartmentNames: string[];
  /** Distance from the soma along the cable (µm) per row; NaN without a soma or in another tree. */
  distance: Float32Array;
  /** Row of the soma, or -1. */
  soma: number;
  /** What colours the segments. */
  colourBy: 'compartment' | 'column' | 'voltage';
  /** Name and unit of the colour values ('V', 'mV'; 'radius', 'µm'; 'compartment', ''). */
  valueName: string;
  unit: string;
  /** Colour value per row (at `time` for voltage; compartment index for compartments); NaN: no value (grey). */
  values: Float64Array;
  /** Colour range [min, max] of the colour bar (values outside are clamped). */
  range: [number, number];
  /** Time (ms) the values are at, for voltage. */
  time: number | null;
  voltage: MorphologyVoltage | null;
  markers: MorphologyMarker[];
  /** One line on how the colours were made, the time left out (shown under the view; the static figure prefixes "V at t ms"). */
  note: string;
}

/** What a plot block produces: data to draw (the UI with ECharts, the CLI to SVG). */
export interface FigureValue {
  kind: 'figure';
  figure: 'traces' | 'raster' | 'rates' | 'morphology' | 'xy' | 'heatmap';
  title: string;
  /** ECharts option (plain JSON with typed arrays flattened to number pairs). */
  option: Record<string, unknown>;
  /** CSV of the plotted data (`t,label,…` for traces; `label,t` for spikes; `node_id,parent_id,x,y,z,compartment,value` for morphology). */
  csv: string;
  /** For 'morphology': the data the interactive view draws. */
  morphology?: MorphologyData;
  /** Drawn from a run still going (its traces so far); `csv` is then empty, the final figure has it. */
  partial?: RunProgress;
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
