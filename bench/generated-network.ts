/**
 * The benchmarks' generated network: n neurons with `out` distinct random targets each; 20 % of
 * the neurons are inhibitory (Dale's law): excitatory weights uniform in [0, 0.02), inhibitory in
 * (−0.08, 0], so that excitation and inhibition balance on average. Seeded: the same edges in
 * every bench that uses it (network-run, network-worker, edges-load).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../src/core/random.ts';

/** Every edge in order (by source), as f(source, target, weight). */
export function eachGeneratedEdge(n: number, out: number, seed: number, f: (source: number, target: number, weight: number) => void): void {
  const rng = createRng(seed);
  const inhibitory = Array.from({ length: n }, () => rng.uniform() < 0.2);
  const seen = new Set<number>();
  for (let s = 0; s < n; s++) {
    seen.clear();
    while (seen.size < out) {
      const t = rng.int(0, n - 1);
      if (t === s || seen.has(t)) continue;
      seen.add(t);
      f(s, t, inhibitory[s] ? -0.08 * rng.uniform() : 0.02 * rng.uniform());
    }
  }
}

/** The edges as columns (25,000 × 120 = 3,000,000 by default). */
export function generatedNetwork(n = 25000, out = 120, seed = 42): { n: number; source: Int32Array; target: Int32Array; weight: Float64Array } {
  const m = n * out;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const weight = new Float64Array(m);
  let k = 0;
  eachGeneratedEdge(n, out, seed, (s, t, w) => {
    source[k] = s;
    target[k] = t;
    weight[k] = w;
    k++;
  });
  return { n, source, target, weight };
}

/** The network as a `source,target,weight` CSV at `path`, written in 4 MiB pieces (no whole-file string); the number of edges. */
export function writeGeneratedCsv(path: string, n: number, out: number, seed = 42): number {
  const fd = openSync(path, 'w');
  let buf = 'source,target,weight\n';
  let m = 0;
  eachGeneratedEdge(n, out, seed, (s, t, w) => {
    buf += `${s},${t},${w}\n`;
    m++;
    if (buf.length > 1 << 22) {
      writeSync(fd, buf);
      buf = '';
    }
  });
  writeSync(fd, buf);
  closeSync(fd);
  return m;
}
