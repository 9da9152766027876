/** NEURON's IClamp: a current pulse of `amp` nA from `del` ms for `dur` ms (positive depolarizes). */
export interface IClampParams {
  del: number;
  dur: number;
  amp: number;
}

export const ICLAMP_DEFAULTS: IClampParams = { del: 0, dur: 0, amp: 0 };
