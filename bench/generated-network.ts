/**
 * The benchmarks' generated network: n neurons with `out` distinct random targets each; 20 % of
 * the neurons are inhibitory (Dale's law): excitatory weights uniform in [0, 0.02), inhibitory in
 * (−0.08, 0], so that excitation and inhibition balance on average. Seeded: the same edges in
 * every bench that uses it (network-run, network-worker, edges-load).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { eachRandomEdge, randomEdgeColumns, type EdgeWeight } from '../tools/random-network.ts';

/** Dale's law, balanced on average: excitatory weights uniform in [0, 0.02), inhibitory in (−0.08, 0]. */
const daleWeight: EdgeWeight = (rng, inhibitory) => (inhibitory ? -0.08 * rng.uniform() : 0.02 * rng.uniform());

/** Every edge in order (by source), as f(source, target, weight). */
export function eachGeneratedEdge(n: number, out: number, seed: number, f: (source: number, target: number, weight: number) => void): void {
  eachRandomEdge(n, out, seed, daleWeight, f);
}

/** The edges as columns (25,000 × 120 = 3,000,000 by default). */
export function generatedNetwork(n = 25000, out = 120, seed = 42): { n: number; source: Int32Array; target: Int32Array; weight: Float64Array } {
  return { n, ...randomEdgeColumns(n, out, seed, daleWeight) };
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
