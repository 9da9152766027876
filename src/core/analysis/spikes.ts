/**
 * Times (ms) at which a voltage trace crosses `threshold` (mV) upwards, linearly interpolated
 * between samples. Used to compare spike trains of recorded traces.
 */
export function crossingTimes(t: ArrayLike<number>, v: ArrayLike<number>, threshold = 0): number[] {
  const out: number[] = [];
  for (let k = 1; k < v.length; k++) {
    const a = v[k - 1];
    const b = v[k];
    if (a < threshold && b >= threshold) out.push(t[k - 1] + ((threshold - a) / (b - a)) * (t[k] - t[k - 1]));
  }
  return out;
}

/** Largest |Δt| (ms) between two spike trains matched in order; Infinity if their counts differ. */
export function maxSpikeShift(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
