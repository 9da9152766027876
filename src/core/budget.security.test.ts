/** The spike budget of network runs: a runaway network is stopped by its pace, an ordinary burst is not. */
import { describe, expect, it } from 'vitest';
import { checkSpikeBudget } from './budget.ts';

describe('checkSpikeBudget', () => {
  it('stops a pace that would end far over the budget as soon as a million spikes are reached', () => {
    // 2 million spikes in the first 2 ms of a 1000 ms run of a FlyWire-size network: 1e9 projected, budget 5e7.
    expect(() => checkSpikeBudget(2e6, 2, 127_000, 5e7, 1000)).toThrow(
      /fired 2,000,000 spikes by t = 2\.0 ms \(127,000 neurons\): at this rate it would fire about 1,000,000,000 by 1000 ms, and at most 50,000,000 are kept/,
    );
  });

  it('lets an early burst through when the pace stays under twice the budget, and small runs entirely', () => {
    expect(() => checkSpikeBudget(2e6, 50, 127_000, 5e7, 1000)).not.toThrow(); // 4e7 projected
    expect(() => checkSpikeBudget(9e5, 0.1, 10, 5e7, 1e6)).not.toThrow(); // under a million: never projected
    expect(() => checkSpikeBudget(2e6, 2, 127_000, 5e7)).not.toThrow(); // no final time: the plain cap only
  });

  it('stops a network whose neurons fire at a mean rate no neuron has (over 10 kHz) once past a million spikes', () => {
    // 4 neurons and 30,000 copies of one edge: 1.2 million spikes in 3 ms is 100 spikes per neuron per ms.
    expect(() => checkSpikeBudget(1.2e6, 3, 4, 5e7, 200)).toThrow(/on average 100,000 spikes per neuron per ms, a runaway network/);
    // The larva connectome (2,952 neurons) at 100 Hz for 1 s is 295,200 spikes: far from either rule.
    expect(() => checkSpikeBudget(2.952e5, 1000, 2952, 5e7, 1000)).not.toThrow();
    // 127,000 neurons at 200 Hz: 2.5 million spikes by 100 ms, 0.2 spikes per neuron per ms.
    expect(() => checkSpikeBudget(2.54e6, 100, 127_000, 5e7, 1000)).not.toThrow();
  });

  it('keeps the plain cap', () => {
    expect(() => checkSpikeBudget(5e7 + 1, 900, 127_000, 5e7, 1000)).toThrow(/at most 50,000,000 are kept/);
  });
});
