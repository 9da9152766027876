/** Numbers in messages. */

/** `v` to `digits` significant digits, without trailing zeros (0.000123, 375, 1.5e+21); non-finite as is. */
export function significant(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}
