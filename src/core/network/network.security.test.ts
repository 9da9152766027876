/**
 * Point networks that cannot finish or cannot fit: refused before the run (dt, stimulus spikes)
 * or stopped during it (spikes beyond the budget), in words, never a hang or out of memory.
 */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { backgroundNoise, networkFromEdges, PointNetwork } from './network.ts';
import { readEdgeList } from './edges.ts';

function refusal(f: () => unknown): { error: CoreError } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return { error: e as CoreError };
  }
  throw new Error('expected a refusal');
}

/** n IntFire1 neurons, no edges, with background noise at `hz` on all of them. */
function noisy(n: number, hz: number): PointNetwork {
  const names = Array.from({ length: n }, (_, i) => `n${i}`);
  return new PointNetwork({ names, model: 'IntFire1', edges: { source: [], target: [], weight: [] }, stimuli: [backgroundNoise(names.map((_, i) => i), hz)] });
}

describe('point network budgets', () => {
  // "At once" and "before the run": what is refused would run for ages, so the tests' own
  // timeouts bound them (a wall-clock bound of 50 ms failed on a loaded machine).
  it('dt = 1e-300 ms is refused at once', { timeout: 20_000 }, () => {
    const { error } = refusal(() => noisy(3, 10).run(1000, 1e-300));
    expect(error.message).toMatch(/^tstop = 1000 ms at dt = 1e-300 ms needs 1\.00e\+303 time steps/);
  });

  it('stimuli that alone would fire 10 billion spikes are refused before the run', { timeout: 20_000 }, () => {
    const { error } = refusal(() => noisy(1000, 1000).run(1e7));
    expect(error.message).toBe('the stimuli alone fire about 10,000,000,000 spikes in 10000000 ms; at most 50,000,000 are kept (400 MB): shorten the duration or lower the stimulus frequencies');
  });

  it('a network that fires more than the budget stops during the run, saying when', () => {
    // A↔B excite each other (weight 2, delay 10 ms): once kicked, each fires every 20 ms forever, 1,000 spikes by ~10 s.
    const net = networkFromEdges(readEdgeList('source,target,weight\nA,B,2\nB,A,2\n'), {
      delay: 10,
      stimuli: [{ neurons: ['A'], start: 1, stop: 2, frequency: 1000, randomness: 0, independent: true, weight: 2 }],
    });
    expect(net.run(1000).spikes[0].length).toBeGreaterThan(45);
    const { error } = refusal(() => net.run(1e6, 0.025, undefined, { maxSpikes: 1000 }));
    expect(error.message).toMatch(/^the network fired 1,00\d spikes by t = 99\d\d\.0 ms \(2 neurons\); at most 1,000 are kept \(8\.0 kB\): shorten the duration or lower the stimulus rates and weights$/);
    expect(error.where.time).toBeGreaterThan(9900);
    expect(error.where.time).toBeLessThan(10000);
  });

  it('a very long run with few steps ends in bounded time (slices widen beyond a million)', { timeout: 20_000 }, () => {
    const r = noisy(2, 1e-9).run(1e12, 1e5);
    expect(r.tFinal).toBe(1e12);
  });
});
