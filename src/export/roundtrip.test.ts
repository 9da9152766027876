/**
 * Round trip of every example graph: export it to a NEURON script, run the script with
 * Debian's NEURON (/usr/bin/python3), evaluate the same graph with NeuroWire's evaluator (as
 * `neurowire run` does) and compare the CSV files: same columns and rows, max |ΔV| ≤ 0.5 mV,
 * same spike counts and spike times within 0.1 ms (in practice ~1e-9 mV and ~1e-11 ms: the
 * deviations are printed). The examples' noisy inputs draw from streams NeuroWire reproduces
 * exactly (NEURON's default generator, Random123), so they are compared spike for spike too.
 * Point networks also run under `mpiexec -n 4` when MPI is installed and must give the same
 * file byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { promisify } from 'node:util';
import { blockDef } from '../../nodes/index.ts';
import type { SpikesValue, TracesValue } from '../../nodes/values.ts';
import { Session } from '../dataflow/session.ts';
import { readAssetText } from '../dataflow/assets.ts';
import { parseFileRef, type Graph } from '../dataflow/graph.ts';
import { parseGraph } from '../dataflow/validate.ts';
import { safeFileNames } from '../dataflow/safe-names.ts';
import { spikesCsv, tracesCsv } from '../cli/outputs.ts';
import { REPO, SHARED } from '../../tools/neuron/case.ts';
import { exportNeuron, type NeuronExport } from './export.ts';

const run = promisify(execFile);

/** At most `n` NEURON processes at a time (the machine's cores are shared with NeuroWire's runs). */
function limiter(n: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((go) => queue.push(go));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
const limit = limiter(Math.max(2, Math.min(4, availableParallelism())));
const PYTHON = '/usr/bin/python3';
const hasNeuron = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const mpiexec = ['/usr/bin/mpiexec', '/usr/local/bin/mpiexec'].find((p) => existsSync(p)) ?? null;
const LARVA = resolve(SHARED, 'larva-connectome-winding2023/edges.csv');
const hasLarva = existsSync(LARVA);
const DA1 = resolve(SHARED, 'hemibrain-da1-pns');
const hasDa1 = existsSync(resolve(DA1, 'swc/1734350788.swc'));

interface Case {
  name: string;
  example: string;
  sets: Record<string, Record<string, string | number | boolean | number[]>>;
  /** The script must refuse to run under MPI (exit status 2) with this message. */
  mpiRefuses?: RegExp;
  /** Changes the graph beyond parameters. */
  edit?: (g: Graph) => void;
  /** Export with the data inside the script. */
  embed?: boolean;
}

/**
 * Several run blocks in one graph, and what the examples lack: point-process current
 * recorders (Exp2Syn, IClamp), a current clamp, recordEvery 4, a second run of an earlier model
 * at another dt and temperature, and a point network next to the compartment models.
 */
function composite(g: Graph): void {
  const net = loadExample({ name: 'point-network', example: 'point-network', sets: {} });
  const node = (id: string, type: string, params: Record<string, string | number>) => g.nodes.push({ id, type, params, position: [0, 0] } as Graph['nodes'][number]);
  const wire = (a: string, pa: string, b: string, pb: string) => g.connections.push({ from: { node: a, port: pa }, to: { node: b, port: pb } });
  g.connections = g.connections.filter((c) => c.to.node !== 'run');
  node('irec', 'current-recorder', { label: 'isyn' });
  wire('detector', 'model', 'irec', 'model');
  wire('post_20', 'selection', 'irec', 'where');
  node('clamp', 'current-clamp', { start: 100, duration: 50, current: 0.3 });
  wire('irec', 'model', 'clamp', 'model');
  wire('soma_node', 'selection', 'clamp', 'where');
  node('iclamp_rec', 'current-recorder', { label: 'iclamp' });
  wire('clamp', 'model', 'iclamp_rec', 'model');
  wire('soma_node', 'selection', 'iclamp_rec', 'where');
  wire('iclamp_rec', 'model', 'run', 'model');
  Object.assign(g.nodes.find((n) => n.id === 'run')!.params, { tstop: 300, recordEvery: 4 });
  node('run2', 'run', { tstop: 200, v_init: -65, dt: 0.05, celsius: 16.3 });
  wire('hh', 'model', 'run2', 'model');
  for (const n of net.nodes) g.nodes.push({ ...n, id: `n_${n.id}` });
  for (const c of net.connections) g.connections.push({ from: { ...c.from, node: `n_${c.from.node}` }, to: { ...c.to, node: `n_${c.to.node}` } });
}

/** The synaptic input as single-exponential synapses (ExpSyn, tau 3 ms, weight 0.06 µS), seeded noise. */
function expSynInstead(g: Graph): void {
  const input = g.nodes.find((n) => n.id === 'input')!;
  input.type = 'expsyn-input';
  input.params = { spike_no: 20, spike_int: 25, spike_noise: 1, start: 5, seed: 11, cn_weight: 0.06, syn_tau: 3, syn_rev_pot: 0 };
}

const CASES: Case[] = [
  { name: 'compartment-tutorial', example: 'compartment-tutorial', sets: {} },
  { name: 'synaptic-input', example: 'synaptic-input', sets: {} },
  // The soma as NEURON's Import3d builds it (compartment-model soma = 'import3d'), through the export too.
  { name: 'compartment-tutorial-import3d', example: 'compartment-tutorial', sets: { model: { soma: 'import3d' }, run: { tstop: 300 } } },
  { name: 'point-network', example: 'point-network', sets: {}, embed: true },
  { name: 'connectome-network', example: 'connectome-network', sets: {} },
  // Noise from per-NetStim Random123 streams instead of NEURON's default generator.
  { name: 'synaptic-input-random123', example: 'synaptic-input', sets: { input: { seed: 7 }, run: { tstop: 400 } } },
  // One noisy NetStim shared by its neurons (copies on every process draw the same stream).
  { name: 'point-network-shared-noise', example: 'point-network', sets: { net: { noise: 'random123', seed: 3 }, stim_a: { randomness: 0.7, independent: false, neurons: 'A, B' } } },
  // NEURON's default generator: exact on one process; refused on several.
  { name: 'point-network-default-generator', example: 'point-network', sets: { net: { noise: 'neuron-default' }, stim_a: { randomness: 1 } }, mpiRefuses: /default generator/ },
  { name: 'composite', example: 'synaptic-input', sets: {}, edit: composite },
  // The ExpSyn input block (a block added as one file) in place of the tutorial's Exp2Syn input, with its own seed.
  { name: 'expsyn-input', example: 'synaptic-input', sets: { run: { tstop: 500 } }, edit: expSynInstead },
  // Six mechanisms from the project's own .mod files, densities as expressions of the segment (compiled by the script with nrnivmodl).
  { name: 'active-dendrites', example: 'active-dendrites', sets: {} },
  // The tutorial's model on the real DA1 neuron (8 nm voxels, soma 20), up to the first synaptic input.
  ...(hasDa1
    ? [
        {
          name: 'compartment-tutorial-da1',
          example: 'compartment-tutorial',
          sets: { load: { swc: `${DA1}/swc/1734350788.swc`, synapses: `${DA1}/synapses/1734350788.csv`, units: '8 nm voxels' }, soma: { node: [20] }, run: { tstop: 300 } },
        },
      ]
    : []),
  ...(hasLarva ? [{ name: 'connectome-network-larva', example: 'connectome-network', sets: { edges: { source: 'file', file: LARVA } } }] : []),
];

function loadExample(c: Case): Graph {
  const { graph } = parseGraph(readFileSync(resolve(REPO, 'examples', `${c.example}.graph.json`), 'utf8'));
  if (!graph) throw new Error(`example ${c.example} does not parse`);
  for (const [id, params] of Object.entries(c.sets)) Object.assign(graph.nodes.find((n) => n.id === id)!.params, params);
  c.edit?.(graph);
  return graph;
}

/** File parameters as the CLI reads them (assets, paths relative to examples/). */
function readText(graph: Graph) {
  return async (ref: string): Promise<string> => {
    const r = parseFileRef(ref);
    if (r.kind === 'asset') return readAssetText(graph, ref);
    if (r.kind === 'builtin') throw new Error(`built-in file "${ref}" is handled by the block`);
    return readFileSync(isAbsolute(ref) ? ref : resolve(REPO, 'examples', ref), 'utf8');
  };
}

/** NeuroWire's run of the graph: the CSV text `neurowire run` writes per run block. */
async function neurowireCsv(graph: Graph): Promise<Record<string, string>> {
  const ev = new Session({ graph }, { blockDef, readText: readText(graph), eager: false, runLimits: null });
  const files: Record<string, string> = {};
  const stems = safeFileNames(graph.nodes.map((n) => n.id));
  try {
    for (const n of graph.nodes.filter((x) => x.type === 'run' || x.type === 'run-network')) {
      const stem = stems.get(n.id)!;
      const o = await ev.value(n.id);
      if (!o.ok) throw new Error(`${n.id}: ${o.message}`);
      const v = Object.values(o.values)[0] as TracesValue | SpikesValue;
      if (v.kind === 'traces') {
        files[`${stem}.csv`] = tracesCsv(v);
        if (Object.keys(v.spikes).length) files[`${stem}.spikes.csv`] = spikesCsv(Object.entries(v.spikes));
      } else files[`${stem}.spikes.csv`] = spikesCsv(v.names.map((name, i) => [name, v.spikes[i]]));
    }
  } finally {
    ev.dispose();
  }
  return files;
}

function rows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

interface Deviation {
  maxDv: number;
  maxDt: number;
  samples: number;
  spikes: number;
  spikesNeuron: number;
}

/** Compare NeuroWire's CSV files with NEURON's (traces column by column, spikes train by train). */
function compare(ours: Record<string, string>, dir: string): Deviation {
  const d: Deviation = { maxDv: 0, maxDt: 0, samples: 0, spikes: 0, spikesNeuron: 0 };
  for (const [file, text] of Object.entries(ours)) {
    const path = resolve(dir, file);
    expect(existsSync(path), `NEURON's script wrote ${file}`).toBe(true);
    const a = rows(text);
    const b = rows(readFileSync(path, 'utf8'));
    expect(b[0]).toEqual(a[0]);
    if (file.endsWith('.spikes.csv')) {
      const trains = (r: string[][]) => {
        const m = new Map<string, number[]>();
        for (const [label, t] of r.slice(1)) m.set(label, [...(m.get(label) ?? []), Number(t)]);
        return m;
      };
      const ta = trains(a);
      const tb = trains(b);
      d.spikes += a.length - 1;
      d.spikesNeuron += b.length - 1;
      expect([...tb.keys()]).toEqual([...ta.keys()]);
      for (const [label, times] of ta) {
        const other = tb.get(label)!;
        expect(other.length, `spike count of ${label}`).toBe(times.length);
        times.forEach((t, k) => (d.maxDt = Math.max(d.maxDt, Math.abs(t - other[k]))));
      }
    } else {
      expect(b.length).toBe(a.length);
      d.samples += a.length - 1;
      for (let k = 1; k < a.length; k++) {
        expect(Number(b[k][0])).toBe(Number(a[k][0]));
        for (let j = 1; j < a[k].length; j++) d.maxDv = Math.max(d.maxDv, Math.abs(Number(a[k][j]) - Number(b[k][j])));
      }
    }
  }
  return d;
}

const work = mkdtempSync(resolve(tmpdir(), 'nw-roundtrip-'));
const exported = new Map<string, NeuronExport>();
const neuronRuns = new Map<string, Promise<{ ms: number }>>();
const mpiRuns = new Map<string, Promise<{ status: number | null; stderr: string }>>();
const MPI_ENV = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1', OMPI_MCA_mpi_yield_when_idle: '1' };
// The larva network covers the synthetic connectome's case (independent Random123 noise) when present.
const withMpi = (c: Case) => (c.example.includes('network') || c.edit === composite) && !(hasLarva && c.name === 'connectome-network');

/** `mpiexec -n 4 python3 script --out <case>/mpi`: exit status and stderr. */
function mpiRun(c: Case): Promise<{ status: number | null; stderr: string }> {
  const args = ['-n', '4', PYTHON, resolve(work, c.name, `${c.name}.py`), '--out', resolve(work, c.name, 'mpi')];
  return new Promise((done) => {
    execFile(mpiexec!, args, { env: MPI_ENV, maxBuffer: 1 << 24 }, (err, _out, stderr) => done({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }));
  });
}
const report: string[] = [];

async function exportCase(c: Case): Promise<string> {
  const graph = loadExample(c);
  const ex = await exportNeuron(graph, { readText: readText(graph), baseName: c.name, graphName: `${c.example}.graph.json`, embed: c.embed });
  exported.set(c.name, ex);
  const dir = resolve(work, c.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `${c.name}.py`), ex.script);
  if (ex.dataFile) writeFileSync(resolve(dir, ex.dataFile), JSON.stringify(ex.data));
  return resolve(dir, `${c.name}.py`);
}

describe.skipIf(!hasNeuron)(`export to NEURON: round trip of every example${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, () => {
  beforeAll(async () => {
    // Export everything, then let NEURON run all scripts in parallel while NeuroWire runs.
    for (const c of CASES) {
      const script = await exportCase(c);
      neuronRuns.set(
        c.name,
        limit(async () => {
          const t0 = performance.now();
          await run(PYTHON, [script, '--out', resolve(work, c.name, 'neuron')], { maxBuffer: 1 << 24 });
          return { ms: performance.now() - t0 };
        }),
      );
      // MPI runs start as soon as the machine has room; they overlap with NeuroWire's runs.
      if (mpiexec && withMpi(c)) mpiRuns.set(c.name, neuronRuns.get(c.name)!.then(() => limit(() => mpiRun(c))));
    }
  });

  afterAll(() => {
    if (report.length) console.log(['round trip NeuroWire ↔ NEURON 8.2:', ...report].join('\n  '));
    rmSync(work, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.name}: NEURON's run of the exported script gives NeuroWire's traces and spikes`, async () => {
      const ours = await neurowireCsv(loadExample(c));
      const { ms } = await neuronRuns.get(c.name)!;
      const d = compare(ours, resolve(work, c.name, 'neuron'));
      report.push(
        `${c.name}: ${d.samples ? `max |ΔV| ${d.maxDv.toExponential(2)} mV over ${d.samples} samples, ` : ''}${d.spikes} spikes (NEURON ${d.spikesNeuron}), max spike Δt ${d.maxDt.toExponential(2)} ms; NEURON ${(ms / 1000).toFixed(1)} s`,
      );
      expect(d.maxDv).toBeLessThanOrEqual(0.5);
      expect(d.maxDt).toBeLessThanOrEqual(0.1);
      // What is really reached (guards against a silent loss of precision).
      expect(d.maxDv).toBeLessThan(1e-6);
      expect(d.maxDt).toBeLessThan(1e-6);
    });
  }

  for (const c of CASES.filter(withMpi)) {
    it.skipIf(!mpiexec)(`${c.name}: mpiexec -n 4 ${c.mpiRefuses ? 'is refused with a clear message' : 'gives the one-process spikes byte for byte'}${mpiexec ? '' : ' (skipped: mpiexec not found; apt-get install openmpi-bin)'}`, async () => {
      const r = await mpiRuns.get(c.name)!;
      if (c.mpiRefuses) {
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(c.mpiRefuses);
        return;
      }
      expect(r.status, r.stderr).toBe(0);
      const out = resolve(work, c.name, 'mpi');
      for (const [stem, run] of Object.entries(exported.get(c.name)!.data.runs)) {
        // Compartment models run on rank 0 only: their files too must be those of one process.
        for (const file of 'names' in run ? [`${stem}.spikes.csv`] : [`${stem}.csv`]) {
          expect(readFileSync(resolve(out, file), 'utf8')).toBe(readFileSync(resolve(work, c.name, 'neuron', file), 'utf8'));
        }
      }
    });
  }

  if (!hasDa1) it.skip('compartment-tutorial-da1 (skipped: ../shared/data/hemibrain-da1-pns is absent)', () => {});
  if (!hasLarva) it.skip('connectome-network-larva (skipped: ../shared/data/larva-connectome-winding2023/edges.csv is absent)', () => {});
});
