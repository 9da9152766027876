/** Networks for the partition tests (core and worker). */
import { generatedNetwork } from '../../../bench/generated-network.ts';
import type { PointModel, PointNetworkSpec } from './network.ts';

/** bench/generated-network.ts's generator, n neurons × `out` targets, 10 Hz Poisson noise on every neuron (Random123). */
export function generatedSpec(model: PointModel, n = 2000, out = 100, noiseWeight = model === 'IntFire1' ? 1.05 : 0.6): PointNetworkSpec {
  const g = generatedNetwork(n, out, 7);
  const all = Array.from({ length: n }, (_, i) => i);
  return {
    names: all.map(String),
    model,
    edges: { source: g.source, target: g.target, weight: g.weight, delay: 5 },
    stimuli: [{ neurons: all, start: 0, stop: 9999999999, frequency: 10, randomness: 1, independent: true, weight: noiseWeight, label: 'background' }],
    noise: { kind: 'random123', seed: 3 },
  };
}

/**
 * 300 neurons × 30 targets, all driven by one shared regular stimulus (every neuron fires at 10,
 * 60, 110, … ms): their events reach common targets at the same times, a tie only one queue orders.
 */
export function tiedSpec(): PointNetworkSpec {
  const g = generatedNetwork(300, 30, 7);
  const all = Array.from({ length: 300 }, (_, i) => i);
  return {
    names: all.map(String),
    model: 'IntFire1',
    edges: { source: g.source, target: g.target, weight: g.weight, delay: 5 },
    stimuli: [{ neurons: all, start: 10, stop: 500, frequency: 20, randomness: 0, independent: false, weight: 1.5 }],
  };
}
