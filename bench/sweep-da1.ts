/**
 * sweep-da1 (issue 17): 32 points of the DA1 tutorial (200 ms each, syn_1.gmax over a linear
 * range) run by `neurowire run` with the pool of worker threads (one per core) and with one
 * worker (--jobs 1), in this invocation; wall times, the speed-up and its ratio to the cores
 * used; each BENCH_REPS times (default 3) in turn, medians. Prints
 * `{"bench":"sweep-da1","points","serial_ms","parallel_ms","workers","speedup"}`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { REPO } from '../tools/neuron/case.ts';

const POINTS = Number(process.env.BENCH_POINTS ?? 32);

function graphFile(): string {
  const g = JSON.parse(readFileSync(resolve(REPO, 'examples/tutorial-da1.graph.json'), 'utf8')) as { nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>; connections: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }> };
  // The run and what it needs; no plot or table (they are not what is measured).
  g.nodes = g.nodes.filter((n) => n.type !== 'plot-traces' && n.type !== 'node-table');
  g.connections = g.connections.filter((c) => g.nodes.some((n) => n.id === c.to.node));
  for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 200;
  g.nodes.push({ id: 'sweep', type: 'sweep', params: { parameters: `syn_1.gmax = linspace(0.05, 0.2, ${POINTS})`, mode: 'grid' } });
  g.nodes.push({ id: 'metrics', type: 'metrics', params: { threshold: 0 } });
  g.connections.push({ from: { node: 'run', port: 'traces' }, to: { node: 'sweep', port: 'traces' } }, { from: { node: 'sweep', port: 'traces' }, to: { node: 'metrics', port: 'traces' } });
  const p = resolve(mkdtempSync(resolve(tmpdir(), 'nw-bench-sweep-')), 'sweep-da1.graph.json');
  writeFileSync(p, JSON.stringify(g));
  return p;
}

/** The command's wall time, and the sweep block's own time as the CLI reports it (its points, without start-up, upstream blocks and files). */
function timedRun(file: string, jobs: number): { ms: number; sweepMs: number } {
  const out = mkdtempSync(resolve(tmpdir(), 'nw-bench-out-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [resolve(REPO, 'bin/neurowire.mjs'), 'run', file, '--out', out, '--jobs', String(jobs)], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`neurowire run --jobs ${jobs} failed: ${r.stderr}`);
  const rows = readFileSync(resolve(out, 'metrics.csv'), 'utf8').trim().split('\n').length - 1;
  if (rows !== POINTS * 3) throw new Error(`expected ${POINTS * 3} metric rows, got ${rows}`);
  const sweep = /^sweep: done in (\d+) ms$/m.exec(r.stderr);
  return { ms, sweepMs: sweep ? Number(sweep[1]) : NaN };
}

// The CLI as users run it: the bundle (dist-cli), not the TypeScript sources through tsx in every worker.
spawnSync(process.execPath, [resolve(REPO, 'tools/build-cli.mjs')], { stdio: 'inherit' });
const file = graphFile();
const workers = availableParallelism();
// One worker and the pool in turn, REPS times each; medians (a shared machine's slow moments fall on both).
const REPS = Number(process.env.BENCH_REPS ?? 3);
const median = (xs: number[]) => {
  const t = [...xs].sort((a, b) => a - b);
  const k = t.length >> 1;
  return t.length % 2 ? t[k] : (t[k - 1] + t[k]) / 2;
};
const ones: Array<{ ms: number; sweepMs: number }> = [];
const pools: Array<{ ms: number; sweepMs: number }> = [];
for (let r = 0; r < REPS; r++) {
  ones.push(timedRun(file, 1));
  pools.push(timedRun(file, workers));
}
const one = { ms: median(ones.map((x) => x.ms)), sweepMs: median(ones.map((x) => x.sweepMs)) };
const pool = { ms: median(pools.map((x) => x.ms)), sweepMs: median(pools.map((x) => x.sweepMs)) };
const serial = one.ms;
const parallel = pool.ms;
const speedup = serial / parallel;
const sweepSpeedup = one.sweepMs / pool.sweepMs;
console.log(`  runs (ms), one worker: ${ones.map((x) => x.ms.toFixed(0)).join(' ')} · pool: ${pools.map((x) => x.ms.toFixed(0)).join(' ')}`);
console.log(`\nsweep-da1: ${POINTS} points of the DA1 tutorial (200 ms each) through the CLI`);
console.log(`  one worker ${serial.toFixed(0)} ms · pool of ${workers} ${parallel.toFixed(0)} ms · speed-up ${speedup.toFixed(2)} (target ≥ ${(0.75 * workers).toFixed(2)} = 0.75 × ${workers} cores)`);
console.log(`  the sweep block alone (its points; start-up, upstream blocks and files left out): ${one.sweepMs} ms · ${pool.sweepMs} ms · speed-up ${sweepSpeedup.toFixed(2)}`);
console.log(JSON.stringify({ bench: 'sweep-da1', points: POINTS, serial_ms: +serial.toFixed(0), parallel_ms: +parallel.toFixed(0), workers, speedup: +speedup.toFixed(3), sweep_serial_ms: one.sweepMs, sweep_parallel_ms: pool.sweepMs, sweep_speedup: +sweepSpeedup.toFixed(3) }));
