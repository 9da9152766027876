/**
 * NEURON's scop_random stream (LegacyStream) as scopmath's normrand uses it: the draws a .mod's
 * normrand(0.002, 0.005) gives in a freshly started NEURON 8.2.2 (rchan.mod of the zoo, one
 * instance, one draw per step; tools/nmodl/cases.ts 'rchan' records them as its current).
 */
import { describe, expect, it } from 'vitest';
import { LegacyStream } from './random.ts';

/** Draw number → NEURON's value (mA/cm²). */
const NEURON_DRAWS: ReadonlyArray<[number, number]> = [
  [1, 0.002471892688654727],
  [2, -0.00428693263162813],
  [3, 0.0031986358600247754],
  [4, 0.0018382825746968185],
  [1000, -0.004724699307222526],
  [1999, 0.0008834051156624799],
];

describe('scop_random stream', () => {
  it("normrand gives NEURON's draws (the uniforms exactly; libm's log and sqrt within an ulp or two)", () => {
    const r = new LegacyStream(1);
    const got = new Map<number, number>();
    for (let k = 1; k <= 1999; k++) got.set(k, r.normrand(0.002, 0.005));
    for (const [k, want] of NEURON_DRAWS) expect(Math.abs(got.get(k)! - want), `draw ${k}: ${got.get(k)} vs NEURON ${want}`).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want));
  });

  it('restarts at the seed, and set_seed sets the state', () => {
    const a = new LegacyStream(1);
    const first = a.uniform();
    a.uniform();
    a.restart();
    expect(a.uniform()).toBe(first);
    // From state 1 the LCG gives (2147437301 + 453816981) mod 2^32 = 2601254282.
    expect(first).toBe(2601254282 / 4294967295);
    a.setSeed(1);
    expect(a.uniform()).toBe(first);
    expect(a.exprand(2)).toBe(-2 * Math.log(new LegacyStream(2601254282).uniform()));
  });
});
