/**
 * Mechanisms as data: what the cable engine needs to run a density mechanism it does not know
 * by name (one compiled from a .mod file, or written by hand against this interface). A
 * mechanism declares its fields (parameters, states, assigned variables) and the ions it uses;
 * the engine lays out one array per field over the mechanism's instances (structure of arrays,
 * computed from the declaration) and calls its kernels at NEURON's points of a fixed step:
 *
 *   finitialize: ion_init (concentrations, e) → `initialize` of each mechanism (INITIAL)
 *   each step:   t += dt/2 → ion_cur (reset ion currents, e from Nernst where it follows the
 *                concentrations) → `current` of each mechanism (BREAKPOINT's currents into the
 *                matrix) → solve, v += Δv → t += dt/2 → `state` of each mechanism (SOLVE … METHOD)
 *
 * Units as NEURON's: v mV, t and dt ms, celsius °C, density currents mA/cm², conductances S/cm²,
 * concentrations mM.
 */
import type { IonState } from '../ions/ions.ts';
import type { KernelIR } from './kernel-ir.ts';

/** One field of a mechanism: a value per instance. */
export interface FieldDecl {
  name: string;
  role: 'parameter' | 'state' | 'assigned';
  /** NEURON's unit text ('S/cm2', 'mV', '1'). */
  unit: string;
  /** Value before any assignment (parameters: their default; states and assigned: 0). */
  default: number;
}

/** The ions a mechanism uses (its `USEION name READ … WRITE … VALENCE z`). */
export interface IonUse {
  ion: string;
  read: readonly string[];
  write: readonly string[];
  valence?: number;
}

/** What kernels may read and write besides their own fields. Arrays are indexed by matrix node. */
export interface KernelEnv {
  /** Membrane potential (mV). */
  v: Float64Array;
  /** Right-hand side of the step's system: −(membrane current density) (mA/cm²). */
  rhs: Float64Array;
  /** Diagonal of the step's system: add a current's slope dI/dv (S/cm² = mA/cm²/mV). */
  d: Float64Array;
  /** Time (ms): the step's midpoint in `current`, its end in `state`, 0 in `initialize`. */
  t: number;
  dt: number;
  celsius: number;
  /** Membrane area of each node (µm²). */
  area: Float64Array;
  /** The ions on the cell by name (per-node arrays). */
  ions: Readonly<Record<string, IonState>>;
}

/** A mechanism's instances on a cell: their nodes and one array per field, in instance order. */
export interface MechanismInstances {
  /** Matrix node of each instance. */
  node: Int32Array;
  /** One Float64Array per field name (parameters, states, assigned). */
  f: Record<string, Float64Array>;
}

export interface MechanismKernels {
  /** INITIAL: states and assigned values at v (ions already initialised). */
  initialize(m: MechanismInstances, env: KernelEnv): void;
  /**
   * BREAKPOINT's currents at v: subtract each instance's total current from `rhs`, add its
   * slope to `d`, and add ion currents (and their slopes) to the ions' `i` and `didv`.
   */
  current(m: MechanismInstances, env: KernelEnv): void;
  /** SOLVE: advance the states over dt at the new v. */
  state(m: MechanismInstances, env: KernelEnv): void;
  /** BEFORE STEP blocks alone (finitialize runs them once after the t = 0 currents; each step's run in `state`). */
  beforeStep?(m: MechanismInstances, env: KernelEnv): void;
}

/**
 * A density mechanism as data. Its code is either JavaScript `kernels`, or `ir` (kernel-ir.ts)
 * that the engine compiles to WebAssembly over its own memory layout (the fast path: the JS
 * kernels of hh measured 2.3× the built-in's time on the DA1 tutorial).
 */
export type MechanismDef = {
  name: string;
  /**
   * A density mechanism (per segment, currents in mA/cm²), a point process (per placement, nA,
   * scaled by 1e2/area), or an artificial cell (a point process with no membrane current: it
   * only receives and sends events).
   */
  kind: 'density' | 'point' | 'artificial';
  fields: readonly FieldDecl[];
  ions: readonly IonUse[];
  /** Arrays shared by the instances (NMODL's TABLEs), by name and length (IR kernels only). */
  tables?: ReadonlyArray<{ name: string; size: number }>;
} & ({ kernels: MechanismKernels; ir?: undefined } | { ir: KernelIR; kernels?: undefined });

/** Mechanisms by name, besides the built-in pas and hh. */
export type MechanismCatalogue = Readonly<Record<string, MechanismDef>>;

/** Instances with every field at its default, on the given nodes. */
export function instancesOf(def: MechanismDef, nodes: Int32Array): MechanismInstances {
  const f: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
  for (const x of def.fields) f[x.name] = new Float64Array(nodes.length).fill(x.default);
  return { node: nodes, f };
}
