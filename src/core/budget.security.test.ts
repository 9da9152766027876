/** The spike budget of network runs: a runaway network is stopped by its pace, an ordinary burst is not. */
import { describe, expect, it } from 'vitest';
import { checkSpikeBudget } from './budget.ts';

describe('checkSpikeBudget', () => {
  it('stops a pace that would end far over the budget as soon as a million spikes are reached', () => {
    // 2 million spikes in the first 2 ms of a 1000 ms run: 1e9 projected, budget 5e7.
    expect(() => checkSpikeBudget(2e6, 2, 2952, 5e7, 1000)).toThrow(
      /fired 2,000,000 spikes by t = 2\.0 ms \(2,952 neurons\): at this rate it would fire about 1,000,000,000 by 1000 ms, and at most 50,000,000 are kept/,
    );
  });

  it('lets an early burst through when the pace stays under twice the budget, and small runs entirely', () => {
    expect(() => checkSpikeBudget(2e6, 50, 2952, 5e7, 1000)).not.toThrow(); // 4e7 projected
    expect(() => checkSpikeBudget(9e5, 0.1, 10, 5e7, 1e6)).not.toThrow(); // under a million: never projected
    expect(() => checkSpikeBudget(2e6, 2, 2952, 5e7)).not.toThrow(); // no final time: the plain cap only
  });

  it('keeps the plain cap', () => {
    expect(() => checkSpikeBudget(5e7 + 1, 900, 10, 5e7, 1000)).toThrow(/at most 50,000,000 are kept/);
  });
});
