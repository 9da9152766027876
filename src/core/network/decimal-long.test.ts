import { describe, expect, it } from 'vitest';
import { fastNumber } from './edge-csv.ts';
import { longDecimal } from './decimal-long.ts';
import { createRng } from '../random.ts';

const enc = new TextEncoder();
const fast = (s: string) => fastNumber(enc.encode(s), 0, s.length);

/** Every string: the fast parser gives exactly Number()'s double, or declines (NaN); returns how many it declined. */
function agree(strings: string[]): number {
  let declined = 0;
  const wrong: string[] = [];
  for (const s of strings) {
    const v = fast(s);
    if (v !== v) declined++;
    else if (!Object.is(v, Number(s))) wrong.push(`${s}: ${v} vs ${Number(s)}`);
  }
  expect(wrong.slice(0, 5)).toEqual([]);
  return declined;
}

describe('long decimals (16–19 significant digits) parsed without their text', () => {
  it('JavaScript-printed weights (up to 17 digits): all equal to Number(), almost none declined', () => {
    const rng = createRng(7);
    const xs: string[] = [];
    for (let k = 0; k < 200_000; k++) {
      const u = rng.uniform();
      xs.push(String(0.02 * u), String(-0.08 * u), String(u * 1e-3), String(u * 1000), String(u));
    }
    const long = xs.filter((s) => s.replace(/^-?0?\.?0*|[.-]/g, '').length > 15);
    expect(long.length).toBeGreaterThan(500_000);
    // Declined: the few tiny values printed as 1.2345678901234567e-7 (a power of ten beyond 10⁻²²).
    expect(agree(xs)).toBeLessThanOrEqual(100);
  });

  it('random 16–19-digit mantissas with a point anywhere, and toPrecision(16–19) of random doubles', () => {
    const rng = createRng(11);
    const xs: string[] = [];
    for (let k = 0; k < 200_000; k++) {
      const n = rng.int(16, 19);
      let d = String(rng.int(1, 9));
      for (let j = 1; j < n; j++) d += String(rng.int(0, 9));
      const point = rng.int(0, n);
      xs.push(point === n ? d : `${d.slice(0, point) || '0'}.${d.slice(point)}`);
      xs.push((rng.uniform() * 10 ** rng.int(-2, 3)).toPrecision(rng.int(16, 19)));
    }
    // Declined: whole numbers ≥ 2⁵³ exactly halfway between two doubles (odd ones below 2⁵⁴, …): 0.25 %.
    expect(agree(xs)).toBeLessThanOrEqual(xs.length / 200);
  });

  it('exact ties and powers of two are left to Number(); halfway cases elsewhere come out right', () => {
    // 2⁵³ + 1 lies halfway between 2⁵³ and 2⁵³ + 2: declined (Number gives 2⁵³, ties to even).
    expect(longDecimal(9007199, 254740993, 0)).toBeNaN();
    expect(fast('9007199254740993')).toBeNaN();
    // 2⁵³ + 3 → 2⁵³ + 4 (tie, even); 2⁵³ + 5 → 2⁵³ + 4.
    for (const s of ['9007199254740995', '9007199254740997', '18014398509481985', '0.30000000000000004', '0.1000000000000000055', '1234567890123456789']) {
      const v = fast(s);
      expect(v !== v || Object.is(v, Number(s))).toBe(true);
    }
    expect(fast('0.30000000000000004')).toBe(0.30000000000000004);
    expect(fast('-0.012345678901234567')).toBe(-0.012345678901234567);
    // More than 19 significant digits, or a power of ten beyond 10^±22 (1.2e-7 printed with 17 digits is ×10⁻²³): declined.
    expect(fast('1.2382615475195592e-7')).toBeNaN();
    expect(fast('0.12345678901234567891')).toBeNaN();
    expect(fast('12345678901234567e10')).toBeNaN();
  });
});
