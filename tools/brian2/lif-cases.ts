/**
 * The networks and inputs of the LIF population's Brian2 comparison (lif-brian2.test.ts):
 * random, seeded, made here (no data files).
 */
import { createRng } from '../../src/core/random.ts';
import { randomEdgeColumns } from '../random-network.ts';

/**
 * n neurons with `out` distinct random targets each (no self-loops); weights are signed synapse
 * counts as in the fly connectome: 1–`maxCount` synapses, a fifth of the neurons inhibitory
 * (negative counts). Edges in source order.
 */
export function randomCountNetwork(n: number, out: number, maxCount: number, seed: number): { source: Int32Array; target: Int32Array; weight: Float64Array } {
  return randomEdgeColumns(n, out, seed, (rng, inhibitory) => (inhibitory ? -1 : 1) * rng.int(1, maxCount));
}

/** Poisson input spike times (ms) for the given neurons at rate (Hz) over tstop (ms), on the dt grid (step × dt), seeded. */
export function inputSpikeFile(neurons: number[], rate: number, tstop: number, dt: number, seed: number): { neuron: Int32Array; time: Float64Array } {
  const rng = createRng(seed);
  const p = rate * dt * 1e-3;
  const steps = Math.round(tstop / dt);
  const nr: number[] = [];
  const tm: number[] = [];
  for (let s = 0; s < steps; s++) {
    for (const i of neurons) {
      if (rng.uniform() < p) {
        nr.push(i);
        tm.push(s * dt);
      }
    }
  }
  return { neuron: Int32Array.from(nr), time: Float64Array.from(tm) };
}
