/**
 * The state the engine shares with mechanism kernels during a step. Arrays are indexed by
 * matrix node. Units: v in mV, rhs in mA/cm² (net current into the node, NEURON's sign),
 * d in mA/cm²/mV (the diagonal: membrane conductance + capacitance + axial terms).
 */
export interface StepArrays {
  v: Float64Array;
  rhs: Float64Array;
  d: Float64Array;
  /** 1e2 / area (µm²) per node: converts a point current in nA to mA/cm²; 1 on zero-area nodes (area 100 by NEURON's convention). */
  toDensity: Float64Array;
}

/**
 * A mechanism compiled onto a set of matrix nodes. Follows NEURON's fixed-step order:
 * `initialize` in finitialize, `current` while setting up the matrix at t + dt/2 (adds −i to
 * rhs and di/dv to d), `advance` after the voltage update (state equations at the new v).
 */
export interface MechanismKernel {
  readonly name: string;
  initialize(a: StepArrays, celsius: number): void;
  current(a: StepArrays, t: number): void;
  advance?(a: StepArrays, dt: number): void;
}
