import { describe, expect, it } from 'vitest';
import { CoreError } from './errors.ts';
import { MAX_STEPS, neuronTime } from './time.ts';

/** The step-by-step loop neuronTime replaced (NEURON's clock, EVENTS.md §1): the reference. */
function loop(tstop: number, dt: number): { steps: number; tFinal: number } {
  let t = 0;
  let steps = 0;
  const ts = tstop - dt / 2;
  while (t < ts) {
    t += 0.5 * dt;
    t += 0.5 * dt;
    steps++;
  }
  return { steps, tFinal: t };
}

/** A small deterministic generator, so a failure names a reproducible pair. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function refusal(f: () => unknown): { error: CoreError; ms: number } {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    const ms = performance.now() - t0;
    expect(e).toBeInstanceOf(CoreError);
    return { error: e as CoreError, ms };
  }
  throw new Error('expected a refusal');
}

describe('neuronTime: O(log) and identical to the step-by-step clock', () => {
  it('gives NEURON’s numbers on the usual runs', () => {
    expect(neuronTime(1000, 0.025)).toEqual({ steps: 40000, tFinal: 1000.0000000014466 });
    expect(neuronTime(100, 0.1)).toEqual(loop(100, 0.1));
    expect(neuronTime(0.3, 0.1)).toEqual(loop(0.3, 0.1));
    expect(neuronTime(0.3, 0.1).steps).toBe(3);
    expect(neuronTime(0, 0.025)).toEqual({ steps: 0, tFinal: 0 });
    expect(neuronTime(0.0125, 0.025)).toEqual(loop(0.0125, 0.025));
  });

  it('matches the loop bit for bit on 4,000 (tstop, dt) pairs', () => {
    const rnd = lcg(12345);
    const dts = [0.025, 0.01, 0.1, 0.05, 0.001, 0.005, 1 / 3, 0.2, 0.125, 0.0125];
    const pairs: Array<[number, number]> = [];
    while (pairs.length < 2000) {
      const dt = dts[pairs.length % dts.length] * (pairs.length % 5 === 0 ? rnd() * 3 + 0.01 : 1);
      const tstop = pairs.length % 3 ? Math.round(rnd() * 10 ** (1 + (pairs.length % 4))) : Math.round(rnd() * 1e6) / 1000;
      if (tstop / dt < 1e6) pairs.push([tstop, dt]);
    }
    while (pairs.length < 4000) {
      const dt = 10 ** (-4 + 4 * rnd());
      const tstop = 10 ** (-2 + 5 * rnd());
      if (tstop / dt < 1e6) pairs.push([tstop, dt]);
    }
    const wrong = pairs.filter(([tstop, dt]) => {
      const a = loop(tstop, dt);
      const b = neuronTime(tstop, dt);
      return a.steps !== b.steps || !Object.is(a.tFinal, b.tFinal);
    });
    expect(wrong).toEqual([]);
  });

  it('matches the loop on a long run (2,000,000 steps) and costs far less than it', () => {
    const a = loop(50000, 0.025);
    const t0 = performance.now();
    const b = neuronTime(50000, 0.025);
    const ms = performance.now() - t0;
    expect(b).toEqual(a);
    expect(ms).toBeLessThan(5);
  });
});

describe('neuronTime refuses runs it cannot bound', () => {
  it('dt = 1e-300 ms is refused within milliseconds, saying how many steps and what to change', () => {
    const { error, ms } = refusal(() => neuronTime(1000, 1e-300));
    expect(error.code).toBe('input');
    expect(error.message).toBe('tstop = 1000 ms at dt = 1e-300 ms needs 1.00e+303 time steps; at most 1,000,000,000 are allowed: raise dt or shorten tstop');
    expect(ms).toBeLessThan(50);
  });

  it('refuses a step count above the budget, and a dt, tstop or ratio that is not a finite number', () => {
    expect(() => neuronTime(1e7, 0.001)).toThrow(/needs 10,000,000,000 time steps; at most 1,000,000,000/);
    expect(() => neuronTime(100, 0.025, 1000)).toThrow(/needs 4,000 time steps; at most 1,000 are allowed/);
    expect(neuronTime(25, 0.025, 1000).steps).toBe(1000);
    for (const dt of [0, -0.025, NaN, Infinity]) expect(() => neuronTime(100, dt)).toThrow(/dt must be a positive number of ms/);
    for (const tstop of [-1, NaN, Infinity]) expect(() => neuronTime(tstop, 0.025)).toThrow(/tstop must be a number of ms ≥ 0/);
    expect(() => neuronTime(1e300, 1e-300)).toThrow(/time steps/);
    expect(MAX_STEPS).toBe(1e9);
  });

  it('huge but few steps are exact and instant (dt = 1e299 ms, tstop = 1e300 ms)', () => {
    expect(neuronTime(1e300, 1e299)).toEqual(loop(1e300, 1e299));
  });
});
