import type { Skeleton } from '../morphology/skeleton.ts';
import type { Discretization } from './discretize.ts';
import type { HhParams } from './mechanisms/hh.ts';
import type { PasParams } from './mechanisms/pas.ts';
import type { IClampParams } from './mechanisms/iclamp.ts';
import type { AlphaSynapseParams } from './mechanisms/alpha-synapse.ts';

/** A place on the model: a skeleton node (by id) or a section and relative position 0–1. */
export type Location = { node: number } | { section: number; x: number };

/** A set of sections: all of them, those the given node ids map to, or explicit indices. */
export type Where = 'all' | { nodes: ArrayLike<number> } | { sections: ArrayLike<number> };

export type MechanismSpec =
  | { name: 'pas'; params?: Partial<PasParams>; where: Where }
  | { name: 'hh'; params?: Partial<HhParams>; where: Where };

export type PointProcessSpec =
  | { type: 'IClamp'; at: Location; params?: Partial<IClampParams>; label?: string }
  | { type: 'AlphaSynapse'; at: Location; params?: Partial<AlphaSynapseParams>; label?: string };

/**
 * What to record: membrane voltage (mV) at a location, or a point process's current `i` (nA)
 * or conductance `g` (µS), the point process given by its index in `pointProcesses`.
 */
export type RecorderSpec =
  | { label: string; variable?: 'v'; at: Location }
  | { label: string; variable: 'i' | 'g'; pointProcess: number };

/** Passive properties for a subset of sections (later entries override earlier ones). */
export interface PropertySpec {
  where: Where;
  /** Axial resistivity (Ω·cm). */
  Ra?: number;
  /** Specific membrane capacitance (µF/cm²). */
  cm?: number;
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
  /** Cancels the run; it then throws a CoreError with code 'aborted'. */
  signal?: AbortSignal;
  /** Called now and then with the fraction done (0–1) and the simulated time (ms). */
  onProgress?: (fraction: number, t: number) => void;
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
}
