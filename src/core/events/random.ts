/**
 * The random streams NEURON's NetStim draws its noise from (tools/neuron/EVENTS.md §4.1), so
 * that noisy stimuli can reproduce NEURON's spike trains exactly:
 * - `Random123Stream`: Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy
 *   as 1, 2, 3", SC'11), one independent, reproducible stream per stimulus, as NEURON's
 *   `NetStim.noiseFromRandom123(id1, id2, id3)` gives;
 * - `LegacyStream`: NEURON's default `scop_random`, one 32-bit linear congruential generator
 *   shared by every NetStim of a run, as navis uses it (state 1 in a fresh NEURON process).
 */

/** A source of exponential(1) draws (NetStim's erand). */
export interface ExpSource {
  /** Next draw of an exponential distribution with mean 1. */
  negexp(): number;
}

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers. */
function mulhi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const lo = a0 * b0;
  const m1 = a1 * b0;
  const m2 = a0 * b1;
  const carry = (lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + Math.floor(carry / 65536)) >>> 0;
}

/** Philox4x32 with 10 rounds: 4 × 32-bit outputs for a 4-word counter and a 2-word key. */
export function philox4x32(ctr: Uint32Array, k0: number, k1: number, out: Uint32Array): void {
  let c0 = ctr[0];
  let c1 = ctr[1];
  let c2 = ctr[2];
  let c3 = ctr[3];
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ key0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ key1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/**
 * NEURON's nrnran123 stream (id1, id2, id3): counter {seq, id3, id1, id2}, key {0, 0}; the four
 * outputs of a counter are used in turn, then seq += 1. Uniform draws are (u + 1)/(2^32 + 1),
 * in (0, 1); exponential draws −ln(uniform). `restart()` goes back to the start, as NetStim's
 * INITIAL does.
 */
export class Random123Stream implements ExpSource {
  private readonly ctr = new Uint32Array(4);
  private readonly out = new Uint32Array(4);
  private index = 4;

  constructor(
    readonly id1: number,
    readonly id2 = 0,
    readonly id3 = 0,
  ) {
    this.restart();
  }

  restart(): void {
    this.ctr[0] = 0;
    this.ctr[1] = this.id3 >>> 0;
    this.ctr[2] = this.id1 >>> 0;
    this.ctr[3] = this.id2 >>> 0;
    this.index = 4;
  }

  /** Next raw 32-bit draw. */
  next32(): number {
    if (this.index === 4) {
      philox4x32(this.ctr, 0, 0, this.out);
      this.ctr[0] = (this.ctr[0] + 1) >>> 0;
      this.index = 0;
    }
    return this.out[this.index++];
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    return (this.next32() + 1) / 4294967297;
  }

  negexp(): number {
    return -Math.log(this.uniform());
  }
}

/**
 * NEURON's default scop_random: value ← (2147437301·value + 453816981) mod 2^32, uniform =
 * value / 4294967295; exprand(1) = −ln(uniform). One instance is shared by all NetStims of a
 * run, drawn in event-delivery order. NEURON starts it at 1 and never resets it, so this
 * reproduces a fresh NEURON process (NetStim.seed(x) sets the state to x).
 */
export class LegacyStream implements ExpSource {
  private value: number;
  constructor(readonly seed = 1) {
    this.value = seed >>> 0;
  }

  /** Back to the seed's state (a fresh NEURON process has state 1). */
  restart(): void {
    this.value = this.seed >>> 0;
  }

  uniform(): number {
    this.value = (Math.imul(2147437301, this.value) + 453816981) >>> 0;
    return this.value / 4294967295;
  }

  negexp(): number {
    return -1 * Math.log(this.uniform());
  }

  /** scopmath's set_seed(seed): the state becomes (uint32) seed. */
  setSeed(seed: number): void {
    this.value = Math.trunc(seed) >>> 0;
  }

  /** scopmath's exprand(mean) = −mean·ln(uniform). */
  exprand(mean: number): number {
    return -mean * Math.log(this.uniform());
  }

  /**
   * scopmath's normrand(mean, sd) (normrand.c): Marsaglia's polar method on pairs of uniforms
   * 2u − 1 until s = v1² + v2² < 1, then v1·√(−2 ln s / s)·sd + mean (one value per accepted pair).
   */
  normrand(mean: number, sd: number): number {
    let s = 1.0;
    let v1 = 0;
    let v2 = 0;
    while (s >= 1.0) {
      v1 = 2.0 * this.uniform() - 1.0;
      v2 = 2.0 * this.uniform() - 1.0;
      s = v1 * v1 + v2 * v2;
    }
    v2 = v1 * Math.sqrt((-2.0 * Math.log(s)) / s);
    return v2 * sd + mean;
  }
}
