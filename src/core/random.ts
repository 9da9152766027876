import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded, reproducible stream of random numbers (xoroshiro128+ from pure-rand). */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [a, b). */
  range(a: number, b: number): number;
  /** Integer uniform in [a, b] (inclusive). */
  int(a: number, b: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** Create a seeded random stream; the same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  const uniform = () => uniformFloat64(g);
  return {
    uniform,
    range: (a, b) => a + (b - a) * uniform(),
    int: (a, b) => a + Math.floor((b - a + 1) * uniform()),
    normal: () => {
      const u = 1 - uniform();
      const v = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
