import type { MechanismKernel, StepArrays } from './kernel.ts';

/** Parameters of NEURON's `pas` (passive leak): i = g·(v − e). */
export interface PasParams {
  /** Leak conductance (S/cm²); NEURON default 0.001. */
  g: number;
  /** Reversal potential (mV); NEURON default −70. */
  e: number;
}

export const PAS_DEFAULTS: PasParams = { g: 0.001, e: -70 };

/** Passive leak on the given nodes, with per-node g (S/cm²) and e (mV). */
export class PasKernel implements MechanismKernel {
  readonly name = 'pas';
  constructor(
    readonly nodes: Int32Array,
    readonly g: Float64Array,
    readonly e: Float64Array,
  ) {}

  initialize(): void {}

  current(a: StepArrays): void {
    const { v, rhs, d } = a;
    const nodes = this.nodes;
    const g = this.g;
    const e = this.e;
    for (let k = 0; k < nodes.length; k++) {
      const i = nodes[k];
      rhs[i] -= g[k] * (v[i] - e[k]);
      d[i] += g[k];
    }
  }
}
