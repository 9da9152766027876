/**
 * The point network on every core (issue 19 part 4): the generated 25,000 × 3,000,000 network
 * of bench/network-run.ts (IntFire4, 10 Hz Poisson background on every neuron, delay 5 ms,
 * 1000 ms) on one queue in this thread, then partitioned on WORKERS worker threads (default 2),
 * spikes checked equal bit for bit. The parallel time is end to end: partitioning, starting the
 * workers (tsx compiles the sources in each: the CLI bundle starts faster), the run, merging.
 *   tsx bench/network-parallel.ts
 *   {"bench":"network-parallel","workers","one_ms","parallel_ms","speedup","same_spikes"}
 */
import { PointNetwork, type PointNetworkSpec } from '../src/core/network/network.ts';
import { runNetworkParallel } from '../src/worker/network-parallel.ts';
import { startNodePartWorker } from '../src/worker/network-parallel.node.ts';
import { generatedNetwork } from './generated-network.ts';

const TSTOP = Number(process.env.TSTOP ?? 1000);
const WORKERS = Number(process.env.WORKERS ?? 2);
const net = generatedNetwork();
const all = Array.from({ length: net.n }, (_, i) => i);
// bench/network-run.ts's network and noise (frequency 10 Hz, randomness 1, weight 0.6, seed 1).
const spec: PointNetworkSpec = {
  names: all.map(String),
  model: 'IntFire4',
  edges: { source: net.source, target: net.target, weight: net.weight, delay: 5 },
  stimuli: [{ neurons: all, start: 0, stop: 9999999999, frequency: 10, randomness: 1, independent: true, weight: 0.6, label: 'background' }],
  noise: { kind: 'random123', seed: 1 },
};

let t0 = performance.now();
const pn = new PointNetwork(spec);
const oneBuildMs = performance.now() - t0;
const one = pn.run(TSTOP);
const oneMs = performance.now() - t0;
console.log(`one queue: build ${oneBuildMs.toFixed(0)} ms, run ${one.wallMs.toFixed(0)} ms`);
t0 = performance.now();
const timings: Array<{ part: number; buildMs: number; runMs: number; waitMs: number; startMs: number }> = [];
const par = await runNetworkParallel(spec, TSTOP, 0.025, { workers: WORKERS, start: startNodePartWorker, timings });
const parallelMs = performance.now() - t0;
for (const t of timings) console.log(`partition ${t.part}: build ${t.buildMs.toFixed(0)} ms, run ${t.runMs.toFixed(0)} ms (waiting ${t.waitMs.toFixed(0)} ms)`);
let same = par.result.spikes.length === one.spikes.length;
for (let i = 0; same && i < one.spikes.length; i++) {
  const a = one.spikes[i];
  const b = par.result.spikes[i];
  same = a.length === b.length && a.every((x, k) => Object.is(x, b[k]));
}
let spikes = 0;
for (const s of one.spikes) spikes += s.length;
console.log(`one queue: ${oneMs.toFixed(0)} ms (build + run), ${spikes} spikes, ${one.events} events; ${par.partitions} partitions: ${parallelMs.toFixed(0)} ms${par.fallback ? ` (fell back: ${par.fallback})` : ''}`);
console.log(
  JSON.stringify({ bench: 'network-parallel', workers: par.partitions, one_ms: Math.round(oneMs), parallel_ms: Math.round(parallelMs), speedup: +(oneMs / parallelMs).toFixed(2), same_spikes: same, events: one.events, parallel_events: par.result.events }),
);
