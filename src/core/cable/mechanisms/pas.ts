/**
 * Parameters of NEURON's `pas` (passive leak): i = g·(v − e). Being linear, pas is folded
 * into the matrix by the engine (see `Leak` in engine.ts) rather than run as a kernel.
 */
export interface PasParams {
  /** Leak conductance (S/cm²); NEURON default 0.001. */
  g: number;
  /** Reversal potential (mV); NEURON default −70. */
  e: number;
}

export const PAS_DEFAULTS: PasParams = { g: 0.001, e: -70 };
