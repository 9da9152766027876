/**
 * Memory and time of loading a big edge-list CSV through the streaming reader (issue 19 part 1).
 * Writes a CSV like bench/network-run.ts's generated network (25,000 neurons × 120 distinct
 * random targets = 3,000,000 edges, seed 42, full-precision weights; with EDGES_LOAD_FLYWIRE=1
 * 127,000 × 116 ≈ 14.7 M edges, FlyWire's size) to a temporary file, then loads it in a child
 * process — the CLI's path: the file streamed from disk (src/cli/asset-bytes.ts) into
 * readEdgeSource, CSR built — and prints one JSON line:
 *   {"bench":"edges-load","edges","load_s","peak_rss_mib","bytes_per_edge", …}
 * bytes_per_edge is the child's peak RSS (whole process, Node itself included) per edge;
 * bytes_per_edge_loading subtracts the RSS before the load started. Target: ≤ 40 at peak.
 *   tsx bench/edges-load.ts            (EDGES_LOAD_N / EDGES_LOAD_OUT override the size)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGeneratedCsv } from './generated-network.ts';

const HERE = fileURLToPath(import.meta.url);

async function child(path: string): Promise<void> {
  const { fileByteSource } = await import('../src/cli/asset-bytes.ts');
  const { readEdgeSource } = await import('../src/core/network/edge-files.ts');
  const size = statSync(path).size;
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const e = await readEdgeSource(fileByteSource(path, size, Number.MAX_SAFE_INTEGER), { name: 'bench' });
  const loadS = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  const m = e.source.length;
  console.log(
    JSON.stringify({
      bench: 'edges-load',
      neurons: e.names.length,
      edges: m,
      file_mib: +(size / 2 ** 20).toFixed(1),
      load_s: +loadS.toFixed(2),
      peak_rss_mib: +(peak / 2 ** 20).toFixed(1),
      bytes_per_edge: +(peak / m).toFixed(1),
      rss_before_mib: +(before / 2 ** 20).toFixed(1),
      bytes_per_edge_loading: +((peak - before) / m).toFixed(1),
      csr_edges: e.csr?.targets.length ?? 0,
    }),
  );
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]);
} else {
  const flywire = process.env.EDGES_LOAD_FLYWIRE === '1';
  const n = Number(process.env.EDGES_LOAD_N ?? (flywire ? 127000 : 25000));
  const out = Number(process.env.EDGES_LOAD_OUT ?? (flywire ? 116 : 120));
  const dir = mkdtempSync(resolve(tmpdir(), 'nw-edges-load-'));
  try {
    const path = resolve(dir, 'edges.csv');
    writeGeneratedCsv(path, n, out);
    const line = execFileSync(process.execPath, ['--import', 'tsx', HERE, '--child', path], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim();
    console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
