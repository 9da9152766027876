/**
 * Correctly rounded M / 10^k for a decimal mantissa M of 16–19 digits (≥ 2⁵³, beyond Clinger's
 * fast path) and 0 ≤ k ≤ 22 — the weights JavaScript, NumPy and pandas print with 17
 * significant digits — without making a string. M = hi·10⁹ + lo is held exactly as a sum of two
 * doubles (Dekker's exact product, no FMA needed), the quotient is computed in double-double
 * (error < 2⁻⁹⁰ relative), and the rounded sum is returned only when it is provably the
 * correctly rounded value: NaN when the quotient lies too near a midpoint between two doubles
 * (or at a power of two), and the caller then uses `Number()` of the text.
 */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
/** Veltkamp's splitter for doubles: 2²⁷ + 1. */
const SPLIT = 134217729;

let prodErr = 0;
/** a·b rounded; the exact error a·b − result is left in `prodErr` (Dekker). */
function twoProd(a: number, b: number): number {
  const p = a * b;
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  prodErr = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/**
 * (hi·10⁹ + lo) / 10^k correctly rounded (hi < 10¹⁰, lo < 10⁹, whole numbers; 0 ≤ k ≤ 22), or
 * NaN when that cannot be decided cheaply (the caller falls back to `Number()`).
 */
export function longDecimal(hi: number, lo: number, k: number): number {
  if (!(k >= 0 && k <= 22)) return NaN;
  const D = POW10[k];
  // M exactly as s + t: s = fl(M); t a small whole number (|t| ≤ 2¹¹), exact.
  const p = twoProd(hi, 1e9);
  const e = prodErr;
  const s = p + lo;
  const bb = s - p;
  const t = p - (s - bb) + (lo - bb) + e;
  // Quotient in double-double: q1 + q2.
  const q1 = s / D;
  const P = twoProd(q1, D);
  const r = s - P - prodErr + t; // s − P is exact (Sterbenz)
  const q2 = r / D;
  const res = q1 + q2;
  const e2 = q2 - (res - q1); // exact: res + e2 = q1 + q2
  const a = Math.abs(res);
  if (!(a > 0 && a < 1e300)) return NaN;
  let pw = 2 ** Math.floor(Math.log2(a));
  if (pw > a) pw /= 2;
  else if (pw * 2 <= a) pw *= 2;
  // At a power of two the spacing below is half the spacing above: let Number() decide.
  if (pw === a) return NaN;
  const half = pw * 2 ** -53;
  if (Math.abs(Math.abs(e2) - half) <= a * 2 ** -90) return NaN;
  return res;
}
