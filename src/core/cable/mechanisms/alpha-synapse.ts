import type { MechanismKernel, StepArrays } from './kernel.ts';

/**
 * NEURON's AlphaSynapse: g = gmax·x·e^(1−x) with x = (t − onset)/tau for 0 ≤ x ≤ 10, else 0
 * (peak gmax at t = onset + tau); i = g·(v − e). Units: ms, µS, mV, nA.
 */
export interface AlphaSynapseParams {
  onset: number;
  tau: number;
  gmax: number;
  e: number;
}

export const ALPHA_SYNAPSE_DEFAULTS: AlphaSynapseParams = { onset: 0, tau: 0.1, gmax: 0, e: 0 };

/** Alpha-function synapses; `i` (nA) and `g` (µS) hold each synapse's values from the last step. */
export class AlphaSynapseKernel implements MechanismKernel {
  readonly name = 'AlphaSynapse';
  readonly i: Float64Array;
  readonly g: Float64Array;
  constructor(
    readonly nodes: Int32Array,
    readonly onset: Float64Array,
    readonly tau: Float64Array,
    readonly gmax: Float64Array,
    readonly e: Float64Array,
  ) {
    this.i = new Float64Array(nodes.length);
    this.g = new Float64Array(nodes.length);
  }

  initialize(): void {
    this.i.fill(0);
    this.g.fill(0);
  }

  current(a: StepArrays, t: number): void {
    const { v, rhs, d, toDensity } = a;
    for (let k = 0; k < this.nodes.length; k++) {
      const x = (t - this.onset[k]) / this.tau[k];
      const g = x < 0 || x > 10 ? 0 : this.gmax[k] * x * Math.exp(1 - x);
      const nd = this.nodes[k];
      const i = g * (v[nd] - this.e[k]);
      this.g[k] = g;
      this.i[k] = i;
      const f = toDensity[nd];
      rhs[nd] -= i * f;
      d[nd] += g * f;
    }
  }
}
