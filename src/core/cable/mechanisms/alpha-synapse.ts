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
