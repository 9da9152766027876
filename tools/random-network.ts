/**
 * Seeded random networks for the benchmarks and the Brian2 comparison (no data files): n neurons
 * with `out` distinct random targets each (no self-loops), a fifth of them inhibitory.
 */
import { createRng, type Rng } from '../src/core/random.ts';

/** An edge's weight, drawn after its target, from whether its source is inhibitory. */
export type EdgeWeight = (rng: Rng, inhibitory: boolean) => number;

/** Every edge in source order, as f(source, target, weight). */
export function eachRandomEdge(n: number, out: number, seed: number, weight: EdgeWeight, f: (source: number, target: number, weight: number) => void): void {
  const rng = createRng(seed);
  const inhibitory = Array.from({ length: n }, () => rng.uniform() < 0.2);
  const seen = new Set<number>();
  for (let s = 0; s < n; s++) {
    seen.clear();
    while (seen.size < out) {
      const t = rng.int(0, n - 1);
      if (t === s || seen.has(t)) continue;
      seen.add(t);
      f(s, t, weight(rng, inhibitory[s]));
    }
  }
}

/** The same edges as columns (n × out of them). */
export function randomEdgeColumns(n: number, out: number, seed: number, weight: EdgeWeight): { source: Int32Array; target: Int32Array; weight: Float64Array } {
  const m = n * out;
  const cols = { source: new Int32Array(m), target: new Int32Array(m), weight: new Float64Array(m) };
  let k = 0;
  eachRandomEdge(n, out, seed, weight, (s, t, w) => {
    cols.source[k] = s;
    cols.target[k] = t;
    cols.weight[k++] = w;
  });
  return cols;
}
