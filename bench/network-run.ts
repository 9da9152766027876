/**
 * One network benchmark run in its own process (so that its peak memory is its own): build the
 * network (larva connectome or a generated one), run it with NeuroWire's core, optionally write
 * the edge list + spec for NEURON, and print one JSON line.
 *   tsx bench/network-run.ts larva|generated [--write DIR]
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { countsToWeights, readEdgeList } from '../src/core/network/edges.ts';
import { PointNetwork } from '../src/core/network/network.ts';
import { generatedNetwork } from './generated-network.ts';
import { REPO } from '../tools/neuron/case.ts';

export const NOISE = { frequency: 10, randomness: 1, weight: 0.6, seed: 1 };
const TSTOP = Number(process.env.TSTOP ?? 1000);

interface Net {
  n: number;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/**
 * The larva connectome (Winding et al. 2023), synapse counts → weights by the documented rule
 * count/1000 capped at 1 (the data has no transmitter signs, so every edge excites; with
 * count/100 the IntFire4 network, which has no refractory period, runs away within 100 ms).
 */
function larva(): Net {
  const path = resolve(REPO, '../shared/data/larva-connectome-winding2023/edges.csv');
  if (!existsSync(path)) throw new Error('../shared/data is absent');
  const e = readEdgeList(readFileSync(path, 'utf8'));
  return { n: e.names.length, source: e.source, target: e.target, weight: countsToWeights(e.weight, 1000) };
}

/** bench/generated-network.ts: 25,000 neurons × 120 targets, 20 % inhibitory. */
const generated = (): Net => generatedNetwork();

const which = process.argv[2];
const writeAt = process.argv.indexOf('--write');
const net = which === 'larva' ? larva() : generated();
const names = Array.from({ length: net.n }, (_, i) => String(i));
const all = Array.from({ length: net.n }, (_, i) => i);
const t0 = performance.now();
const pn = new PointNetwork({
  names,
  model: 'IntFire4',
  edges: { source: net.source, target: net.target, weight: net.weight, delay: 5 },
  stimuli: [{ neurons: all, start: 0, stop: 9999999999, frequency: NOISE.frequency, randomness: NOISE.randomness, independent: true, weight: NOISE.weight, label: 'background' }],
  noise: { kind: 'random123', seed: NOISE.seed },
});
const buildMs = performance.now() - t0;
// One warm-up run (JIT), then the median of three, as for the cable benchmark.
const REPS = Number(process.env.NET_REPS ?? 3);
let res = pn.run(TSTOP);
const firstMs = res.wallMs;
const times: number[] = [];
for (let r = 0; r < REPS; r++) {
  res = pn.run(TSTOP);
  times.push(res.wallMs);
}
times.sort((a, b) => a - b);
const coreMs = times.length ? times[times.length >> 1] : res.wallMs;
let spikes = 0;
for (const s of res.spikes) spikes += s.length;
if (writeAt > 0) {
  const dir = process.argv[writeAt + 1];
  mkdirSync(dir, { recursive: true });
  const lines = ['source,target,weight'];
  for (let k = 0; k < net.source.length; k++) lines.push(`${net.source[k]},${net.target[k]},${net.weight[k]}`);
  writeFileSync(resolve(dir, `${which}.csv`), lines.join('\n') + '\n');
  writeFileSync(resolve(dir, `${which}.json`), JSON.stringify({ n: net.n, model: 'IntFire4', delay: 5, noise: NOISE, tstop: TSTOP, dt: 0.025 }));
}
console.log(
  JSON.stringify({
    which,
    neurons: net.n,
    edges: net.source.length,
    build_ms: buildMs,
    core_ms: coreMs,
    first_ms: firstMs,
    runs_ms: times,
    events: res.events,
    // Delivered events per second of the median warm run.
    events_per_s: res.events / (coreMs / 1000),
    spikes,
    first: Object.fromEntries([0, 1, 2, 3, 4].map((i) => [String(i), Array.from(res.spikes[i].slice(0, 20))])),
    peak_mib: process.resourceUsage().maxRSS / 1024,
  }),
);
