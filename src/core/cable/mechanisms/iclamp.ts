import type { MechanismKernel, StepArrays } from './kernel.ts';

/** NEURON's IClamp: a current pulse of `amp` nA from `del` ms for `dur` ms (positive depolarizes). */
export interface IClampParams {
  del: number;
  dur: number;
  amp: number;
}

export const ICLAMP_DEFAULTS: IClampParams = { del: 0, dur: 0, amp: 0 };

/** Current clamps, one per instance; `i` holds each clamp's current (nA) from the last step. */
export class IClampKernel implements MechanismKernel {
  readonly name = 'IClamp';
  readonly i: Float64Array;
  constructor(
    readonly nodes: Int32Array,
    readonly del: Float64Array,
    readonly dur: Float64Array,
    readonly amp: Float64Array,
  ) {
    this.i = new Float64Array(nodes.length);
  }

  initialize(): void {
    this.i.fill(0);
  }

  current(a: StepArrays, t: number): void {
    const { rhs, toDensity } = a;
    for (let k = 0; k < this.nodes.length; k++) {
      const del = this.del[k];
      const on = t < del + this.dur[k] && t >= del;
      const i = on ? this.amp[k] : 0;
      this.i[k] = i;
      const nd = this.nodes[k];
      rhs[nd] += i * toDensity[nd];
    }
  }
}
