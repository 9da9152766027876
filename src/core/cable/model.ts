import type { Skeleton } from '../morphology/skeleton.ts';
import type { Discretization } from './discretize.ts';
import type { HhParams } from './mechanisms/hh.ts';
import type { PasParams } from './mechanisms/pas.ts';
import type { IClampParams } from './mechanisms/iclamp.ts';
import type { AlphaSynapseParams } from './mechanisms/alpha-synapse.ts';
import type { NetStimParams } from '../events/netstim.ts';
import type { RunBudget } from '../budget.ts';
import type { MechanismCatalogue } from './kernels.ts';
import type { SegmentValue } from './segment-env.ts';

export type { SegmentValue };

/** NEURON's ExpSyn: g decays with tau (ms); an event adds its weight (µS); i = g·(v − e) (mV). */
export interface ExpSynParams {
  tau: number;
  e: number;
}
export const EXPSYN_DEFAULTS: ExpSynParams = { tau: 0.1, e: 0 };

/**
 * NEURON's Exp2Syn: g = B − A with rise tau1 and decay tau2 (ms), normalised so that an event's
 * weight (µS) is the peak conductance; i = g·(v − e) (mV).
 */
export interface Exp2SynParams {
  tau1: number;
  tau2: number;
  e: number;
}
export const EXP2SYN_DEFAULTS: Exp2SynParams = { tau1: 0.1, tau2: 10, e: 0 };

/** A place on the model: a skeleton node (by id) or a section and relative position 0–1. */
export type Location = { node: number } | { section: number; x: number };

/** A set of sections: all of them, those the given node ids map to, or explicit indices. */
export type Where = 'all' | { nodes: ArrayLike<number> } | { sections: ArrayLike<number> };

/**
 * A density mechanism on a set of sections: the built-in pas or hh, or any mechanism of the
 * model's `catalogue` by its name, with parameter values by field name (the rest keep their
 * defaults). A value is a number or an expression evaluated at each segment's centre
 * (`{ expr: '0.0002 * exp(d / 323)' }`, segment-expr.ts).
 */
export type MechanismSpec =
  | { name: 'pas'; params?: Partial<Record<keyof PasParams, SegmentValue>>; where: Where }
  | { name: 'hh'; params?: Partial<Record<keyof HhParams, SegmentValue>>; where: Where }
  | { name: string; params?: Readonly<Record<string, SegmentValue>>; where: Where };

export type PointProcessSpec =
  | { type: 'IClamp'; at: Location; params?: Partial<IClampParams>; label?: string }
  | { type: 'AlphaSynapse'; at: Location; params?: Partial<AlphaSynapseParams>; label?: string }
  | { type: 'ExpSyn'; at: Location; params?: Partial<ExpSynParams>; label?: string }
  | { type: 'Exp2Syn'; at: Location; params?: Partial<Exp2SynParams>; label?: string }
  /** A point process of the model's `catalogue` (compiled from a .mod file), parameters by field name. */
  | { type: string; at: Location; params?: Readonly<Record<string, number>>; label?: string };

/**
 * A NetStim: a spike train (NEURON's parameters). With a `seed` its noise comes from its own
 * Random123 stream (seed, its index, 0), as NEURON's noiseFromRandom123; without one, from
 * NEURON's default generator shared by the unseeded NetStims, started as in a fresh NEURON.
 */
export interface NetStimSpec {
  params?: Partial<NetStimParams>;
  seed?: number;
}

/**
 * A NetCon: from a NetStim or from a voltage threshold at a location, to a synapse (an ExpSyn
 * or Exp2Syn by its index in `pointProcesses`) or to nothing (a spike detector). Weight in µS,
 * delay in ms (NEURON's defaults 0 and 1), threshold in mV (default 10). A label records the
 * source's spike times in the run result.
 */
export interface NetConSpec {
  /** A NetStim, a voltage threshold at a location, or a catalogue point process / artificial cell that fires with net_event (by its index in `pointProcesses`). */
  source: { netStim: number } | { at: Location; threshold?: number } | { pointProcess: number };
  target: { pointProcess: number } | null;
  weight?: number;
  delay?: number;
  label?: string;
}

/**
 * What to record: membrane voltage (mV) at a location, or a point process's current `i` (nA)
 * or conductance `g` (µS), the point process given by its index in `pointProcesses`.
 */
export type RecorderSpec =
  | { label: string; variable?: 'v'; at: Location }
  /** A point process's variable: i (nA) or g (µS) of the built-ins, any field of a catalogue point process. */
  | { label: string; variable: string; pointProcess: number }
  /** A field (state, assigned, parameter) of a catalogue mechanism at the segment of a location. */
  | { label: string; mechanism: string; variable: string; at: Location }
  /** An ion variable at the segment of a location, by NEURON's name: cai, cao, eca, ica (mM, mV, mA/cm²). */
  | { label: string; ion: string; variable: string; at: Location };

/** Passive properties for a subset of sections (later entries override earlier ones). */
export interface PropertySpec {
  where: Where;
  /** Axial resistivity (Ω·cm); an expression is evaluated at each section's centre (Ra belongs to a section in NEURON). */
  Ra?: SegmentValue;
  /** Specific membrane capacitance (µF/cm²); an expression is evaluated at each segment's centre. */
  cm?: SegmentValue;
}

/**
 * A declarative compartment model: a discretized skeleton with properties, mechanisms, point
 * processes and recorders. Immutable data; `compileModel` turns it into a runnable engine.
 */
export interface CableModelSpec {
  skeleton: Skeleton;
  discretization: Discretization;
  /** Axial resistivity for all sections (Ω·cm); NEURON's default is 35.4. */
  Ra: number;
  /** Specific membrane capacitance for all sections (µF/cm²); NEURON's default is 1. */
  cm: number;
  properties?: PropertySpec[];
  mechanisms: MechanismSpec[];
  pointProcesses: PointProcessSpec[];
  recorders: RecorderSpec[];
  netStims?: NetStimSpec[];
  netCons?: NetConSpec[];
  /** Mechanisms besides pas and hh, by name (compiled .mod files or hand-written kernels). */
  catalogue?: MechanismCatalogue;
}

/** Options of a run, in NEURON's units. */
export interface RunOptions {
  /** Duration (ms). */
  tstop: number;
  /** Initial membrane potential (mV); default −65. */
  v_init?: number;
  /** Time step (ms); default 0.025. */
  dt?: number;
  /** Temperature (°C); default 6.3. */
  celsius?: number;
  /**
   * Interpolate hh's rates in its 1 mV table, as NEURON does by default (usetable_hh = 1).
   * false computes them exactly at every step (usetable_hh = 0): slower, and what the
   * Rallpack 3 reference used.
   */
  hhUseTable?: boolean;
  /** Keep every k-th sample (default 1: every step). */
  recordEvery?: number;
  /** Limits of the run (steps, segments, recorded bytes; defaults DEFAULT_BUDGET); beyond them the run is refused before it allocates. */
  budget?: Partial<RunBudget>;
  /** Cancels the run; it then throws a CoreError with code 'aborted'. */
  signal?: AbortSignal;
  /** Called now and then with the fraction done (0–1) and the simulated time (ms). */
  onProgress?: (fraction: number, t: number) => void;
  /**
   * runAsync only: called after every slice of steps (~20 ms of work) with a way to take the
   * result so far (traces as views of the samples recorded up to now, spikes so far) — for
   * streaming a run to a plot. Taking it is O(detectors); it does not copy the traces.
   */
  onSlice?: (soFar: () => RunResult, fraction: number) => void;
}

export interface RunResult {
  /** Sample times (ms). */
  t: Float64Array;
  /** One array per recorder label, aligned with `t`. */
  traces: Record<string, Float64Array>;
  /** Number of integration steps taken. */
  steps: number;
  /** Wall-clock time of the integration (ms). */
  wallMs: number;
  /** Spike times (ms) per labelled NetCon's source, when the model has events. */
  spikes?: Record<string, Float64Array>;
}
