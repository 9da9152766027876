/**
 * The LIF population (src/core/network/lif-population.ts) against Brian2's fastest configuration
 * on the same network and inputs (issue 19, `network-brian2`; `network-flywire` with
 * NW_BRIAN2_FLYWIRE=1):
 *   - the network: bench/generated-network.ts's 25,000 × 120 = 3,000,000 edges (127,000 × 116 ≈
 *     14.7 M for flywire), written as a CSV (not timed) and loaded by NeuroWire's streaming
 *     reader (timed: load_s = read + population built on the reader's CSR);
 *   - weights: the generated IntFire weights (1 makes a presynaptic spike fire its target)
 *     mapped to the LIF model with the same meaning: w_LIF = w · (v_th − v_0) / (peak · w_syn),
 *     where peak = max_t tau/(t_mbr − tau)·(e^{−t/t_mbr} − e^{−t/tau}) ≈ 0.157 is the peak of
 *     the PSP of a unit jump in x: a weight of 1 gives a PSP that peaks at threshold (0.02 ≈ 3.2
 *     synapses of 0.275 mV);
 *   - noise: 10 Hz Poisson on every neuron, as in network-run, each event adding 0.6·(v_th − v_0)
 *     = 4.2 mV to v (f_poi = 4.2 / 0.275), refractory period kept; NeuroWire draws it during the
 *     run (counted in its time), and the same events go to Brian2 as a SpikeGeneratorGroup
 *     (Brian2's fast configuration: noise drawn up front);
 *   - 1 s at dt 0.1 ms; Brian2 2.5.1 with the cython target (compiled once into a cache under
 *     the OS tmpdir, before the timed runs), only net.run timed. Each side: the median of
 *     NET_REPS (3) runs, wall (the targets' figure) and CPU time (less sensitive to a shared
 *     machine); NeuroWire after a warm-up run (reported as nw_first_s), Brian2 restarting
 *     from net.store()d state.
 * NeuroWire runs in its own process (its peak memory is its own). Prints one JSON line:
 *   {"bench":"network-brian2","nw_sim_s","brian2_sim_s","ratio","load_s","peak_mib","nw_spikes","brian2_spikes","same_spikes",…}
 * Targets: ratio ≤ 0.5, load ≤ 2 s, peak ≤ 1 GiB (flywire: load ≤ 15 s, sim ≤ Brian2's, peak ≤ 3 GiB).
 *   tsx bench/network-brian2.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGeneratedCsv } from './generated-network.ts';
import { LIF_DEFAULTS } from '../src/core/network/lif-params.ts';

const HERE = fileURLToPath(import.meta.url);
const FLYWIRE = process.env.NW_BRIAN2_FLYWIRE === '1';
const N = FLYWIRE ? 127000 : 25000;
const OUT = FLYWIRE ? 116 : 120;
const TSTOP = Number(process.env.TSTOP ?? 1000);
const DT = 0.1;
const NOISE = { rate: 10, seed: 1, fractionOfThreshold: 0.6 };
/** Timed runs per side (after NeuroWire's warm-up; Brian2's from net.restore): medians are reported. */
const REPS = Number(process.env.NET_REPS ?? 3);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Peak of tau/(t_mbr − tau)·(e^{−t/t_mbr} − e^{−t/tau}) (ms), the PSP of a unit jump in x, at t* = ln(t_mbr/tau)·tau·t_mbr/(t_mbr − tau). */
function pspPeak(tmbr: number, tau: number): number {
  const t = (Math.log(tmbr / tau) * tau * tmbr) / (tmbr - tau);
  return (tau / (tmbr - tau)) * (Math.exp(-t / tmbr) - Math.exp(-t / tau));
}

const P = LIF_DEFAULTS;
const GAP = P.v_th - P.v_0;
const WEIGHT_SCALE = GAP / (pspPeak(P.t_mbr, P.tau) * P.w_syn);
const PARAMS = { ...P, r_poi: NOISE.rate, f_poi: (NOISE.fractionOfThreshold * GAP) / P.w_syn };

const writeCsv = (path: string): number => writeGeneratedCsv(path, N, OUT, 42);

const bytes = (a: Int32Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The NeuroWire side, in its own process: load, build, run; then write the network and noise for Brian2 (not timed). */
async function child(csv: string, dir: string): Promise<void> {
  const { fileByteSource } = await import('../src/cli/asset-bytes.ts');
  const { readEdgeSource } = await import('../src/core/network/edge-files.ts');
  const { LifPopulation } = await import('../src/core/network/lif-population.ts');
  const { poissonEvents } = await import('../src/core/network/lif-inputs.ts');
  const t0 = performance.now();
  const e = await readEdgeSource(fileByteSource(csv, statSync(csv).size, Number.MAX_SAFE_INTEGER), { name: 'bench' });
  const readS = (performance.now() - t0) / 1000;
  const csr = e.csr!;
  for (let k = 0; k < csr.weights.length; k++) csr.weights[k] *= WEIGHT_SCALE;
  const n = e.names.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const t1 = performance.now();
  const pop = new LifPopulation({ names: e.names, edges: { source: [], target: [], weight: [], csr }, params: PARAMS, poisson: { neurons: all, seed: NOISE.seed, refractory: true } });
  const buildS = (performance.now() - t1) / 1000;
  // A warm-up run (JIT, WebAssembly tier-up), then the median of REPS runs, wall and CPU time (the machine may be shared).
  let r = pop.run(TSTOP, DT);
  const firstS = r.wallMs / 1000;
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < REPS; k++) {
    const c0 = process.cpuUsage();
    r = pop.run(TSTOP, DT);
    const c = process.cpuUsage(c0);
    walls.push(r.wallMs / 1000);
    cpus.push((c.user + c.system) / 1e6);
  }
  const peak = process.resourceUsage().maxRSS / 1024;
  let spikes = 0;
  for (const s of r.spikes) spikes += s.length;
  // For Brian2 (untimed): the edges in CSR order (sources expanded), the noise events, our spikes.
  const source = new Int32Array(csr.targets.length);
  for (let i = 0; i < n; i++) source.fill(i, csr.offsets[i], csr.offsets[i + 1]);
  writeFileSync(resolve(dir, 'source.i32'), bytes(source));
  writeFileSync(resolve(dir, 'target.i32'), bytes(csr.targets));
  writeFileSync(resolve(dir, 'weight.f64'), bytes(csr.weights));
  const ev = poissonEvents(all, PARAMS.r_poi * DT * 1e-3, NOISE.seed, r.steps);
  writeFileSync(resolve(dir, 'input-neuron.i32'), bytes(ev.neuron));
  writeFileSync(resolve(dir, 'input-time.f64'), bytes(Float64Array.from(ev.step, (s) => s * DT)));
  const keys = new Int32Array(spikes * 2);
  let k = 0;
  r.spikes.forEach((s, i) => s.forEach((t) => ((keys[k++] = i), (keys[k++] = Math.round(t / DT)))));
  writeFileSync(resolve(dir, 'nw-spikes.i32'), bytes(keys));
  console.log(JSON.stringify({ neurons: n, edges: csr.targets.length, read_s: readS, build_s: buildS, sim_s: median(walls), cpu_s: median(cpus), first_s: firstS, runs_s: walls, spikes, input_events: r.inputEvents, events: r.events, peak_mib: peak, noise_events: ev.neuron.length }));
}

/** What the NeuroWire child prints. */
interface NwOut {
  neurons: number;
  edges: number;
  read_s: number;
  build_s: number;
  sim_s: number;
  cpu_s: number;
  first_s: number;
  runs_s: number[];
  spikes: number;
  input_events: number;
  events: number;
  peak_mib: number;
  noise_events: number;
}

/** What tools/brian2/run_lif.py writes. */
interface BrianOut {
  spikes: number;
  build_s: number;
  sim_s: number;
  cpu_s: number;
  runs_s: number[];
  peak_mib: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(resolve(tmpdir(), 'nw-network-brian2-'));
  try {
    const csv = resolve(dir, 'edges.csv');
    writeCsv(csv);
    const nw = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', HERE, '--child', csv, dir], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim()) as NwOut;
    rmSync(csv);
    const { brian2Available, PY } = await import('../tools/brian2/brian2.ts');
    let brian: BrianOut | null = null;
    let same: number | null = null;
    if (brian2Available()) {
      const cache = resolve(tmpdir(), 'neurowire-brian2-cython-cache');
      mkdirSync(cache, { recursive: true });
      const caseJson = {
        n: nw.neurons,
        dt: DT,
        tstop: TSTOP,
        params: PARAMS,
        target: 'cython',
        cache_dir: cache,
        edges: { source: resolve(dir, 'source.i32'), target: resolve(dir, 'target.i32'), weight: resolve(dir, 'weight.f64') },
        inputs: { neuron: resolve(dir, 'input-neuron.i32'), time: resolve(dir, 'input-time.f64') },
        spikes_out: resolve(dir, 'brian'),
        reps: REPS,
      };
      writeFileSync(resolve(dir, 'case.json'), JSON.stringify(caseJson));
      execFileSync(PY, [resolve(fileURLToPath(new URL('../tools/brian2/run_lif.py', import.meta.url))), resolve(dir, 'case.json'), resolve(dir, 'out.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
      brian = JSON.parse(readFileSync(resolve(dir, 'out.json'), 'utf8')) as BrianOut;
      // Spikes in both (cython's -ffast-math may round differently from NeuroWire's IEEE order).
      const rd = (p: string) => {
        const b = readFileSync(resolve(dir, p));
        return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      };
      const ours = rd('nw-spikes.i32');
      const set = new Set<number>();
      for (let k = 0; k < ours.length; k += 2) set.add(ours[k + 1] * nw.neurons + ours[k]);
      const bi = rd('brian.i.i32');
      const bs = rd('brian.step.i32');
      same = 0;
      for (let k = 0; k < bi.length; k++) if (set.has(bs[k] * nw.neurons + bi[k])) same++;
    } else {
      console.error('network-brian2: /usr/bin/python3 cannot import brian2: NeuroWire side only');
    }
    const loadS = nw.read_s + nw.build_s;
    console.log(
      JSON.stringify({
        bench: FLYWIRE ? 'network-flywire' : 'network-brian2',
        neurons: nw.neurons,
        edges: nw.edges,
        nw_sim_s: +nw.sim_s.toFixed(3),
        brian2_sim_s: brian ? +brian.sim_s.toFixed(3) : null,
        ratio: brian ? +(nw.sim_s / brian.sim_s).toFixed(3) : null,
        nw_cpu_s: +nw.cpu_s.toFixed(3),
        brian2_cpu_s: brian ? +brian.cpu_s.toFixed(3) : null,
        cpu_ratio: brian ? +(nw.cpu_s / brian.cpu_s).toFixed(3) : null,
        nw_first_s: +nw.first_s.toFixed(3),
        nw_runs_s: nw.runs_s.map((x) => +x.toFixed(3)),
        brian2_runs_s: brian ? brian.runs_s.map((x) => +x.toFixed(3)) : null,
        load_s: +loadS.toFixed(2),
        read_s: +nw.read_s.toFixed(2),
        build_s: +nw.build_s.toFixed(3),
        peak_mib: +nw.peak_mib.toFixed(0),
        brian2_peak_mib: brian ? +brian.peak_mib.toFixed(0) : null,
        brian2_build_s: brian ? +brian.build_s.toFixed(1) : null,
        nw_spikes: nw.spikes,
        brian2_spikes: brian ? brian.spikes : null,
        same_spikes: same,
        noise_events: nw.noise_events,
        synaptic_events: nw.events,
        weight_scale: +WEIGHT_SCALE.toFixed(3),
        f_poi: +PARAMS.f_poi.toFixed(4),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
