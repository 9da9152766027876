/**
 * NEURON export of sweeps: the script loops over the sweep's points (NeuroWire's own values,
 * seeded draws included) and writes the files `neurowire run` writes for the run, the sweep
 * and its Trace metrics. Each script is run by Debian's NEURON (/usr/bin/python3) and its CSV
 * files compared with NeuroWire's evaluation of the same graph: same headers and rows, the
 * same point values (as text), max |ΔV| ≤ 1e-6 mV, spike times within 1e-6 ms, metrics within
 * 1e-6. Under `mpiexec -n 2` (bulletin board) the files must be those of one process, byte for
 * byte. Swept parameters the script cannot set per point are export errors naming them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { blockDef } from '../../nodes/index.ts';
import type { TableValue, TracesValue } from '../../nodes/values.ts';
import { spikesCsv, tableCsv, tracesCsv } from '../dataflow/csv.ts';
import { Session } from '../dataflow/session.ts';
import type { Graph } from '../dataflow/graph.ts';
import { sweepPoints } from '../dataflow/sweep-points.ts';
import { parseGraph } from '../dataflow/validate.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { exportNeuron, type NeuronExport } from './export.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const hasNeuron = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const mpiexec = ['/usr/bin/mpiexec', '/usr/local/bin/mpiexec'].find((p) => existsSync(p)) ?? null;
const MPI_ENV = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1', OMPI_MCA_mpi_yield_when_idle: '1' };
const work = mkdtempSync(resolve(tmpdir(), 'nw-sweep-export-'));
const readText = async (ref: string) => readFileSync(resolve(REPO, 'examples', ref), 'utf8');

type Node = Graph['nodes'][number];

function fiCurve(tstop: number): Graph {
  const { graph } = parseGraph(readFileSync(resolve(REPO, 'examples/fi-curve.graph.json'), 'utf8'));
  graph!.nodes.find((n) => n.id === 'run')!.params.tstop = tstop;
  return graph!;
}

/**
 * The f–I example, 100 ms, with a spike detector at the soma and a 2 × 2 grid: the clamp's
 * current (a list) × Ra (two seeded uniform draws, so the script must get NeuroWire's draws).
 */
function grid(): Graph {
  const g = fiCurve(100);
  g.nodes.push({ id: 'det', type: 'spike-detector', params: { threshold: 0, label: 'soma_spikes' }, position: [0, 0] } as Node);
  g.connections = g.connections.filter((c) => !(c.to.node === 'run' && c.to.port === 'model'));
  g.connections.push(
    { from: { node: 'rec_soma', port: 'model' }, to: { node: 'det', port: 'model' } },
    { from: { node: 'soma_node', port: 'selection' }, to: { node: 'det', port: 'where' } },
    { from: { node: 'det', port: 'model' }, to: { node: 'run', port: 'model' } },
  );
  g.nodes.find((n) => n.id === 'sweep')!.params.parameters = 'iclamp.current = 0.02, 0.08\nprops.Ra = uniform(80, 300, 2, 7)';
  // Metrics of the run alone too (no sweep columns).
  g.nodes.push({ id: 'metrics_run', type: 'metrics', params: { threshold: 0, from: 10, baselineTo: 5 }, position: [0, 0] } as Node);
  g.connections.push({ from: { node: 'run', port: 'traces' }, to: { node: 'metrics_run', port: 'traces' } });
  return g;
}

/** NeuroWire's files for the run, sweep and metrics blocks, as `neurowire run` writes them. */
async function neurowireFiles(graph: Graph): Promise<Map<string, string>> {
  const ev = new Session({ graph }, { blockDef, readText, eager: false, runLimits: null });
  const out = new Map<string, string>();
  try {
    for (const id of ['run', 'sweep', 'metrics', 'metrics_run'].filter((x) => graph.nodes.some((n) => n.id === x))) {
      const o = await ev.value(id);
      if (!o.ok) throw new Error(`NeuroWire's ${id} failed: ${o.message}`);
      const v = Object.values(o.values)[0] as TracesValue | TableValue;
      if (v.kind === 'table') out.set(`${id}.csv`, tableCsv(v));
      else {
        out.set(`${id}.csv`, tracesCsv(v));
        if (Object.keys(v.spikes).length) out.set(`${id}.spikes.csv`, spikesCsv(Object.entries(v.spikes)));
      }
    }
  } finally {
    ev.dispose();
  }
  return out;
}

function rows(text: string): string[][] {
  return Papa.parse<string[]>(text, { newline: '\n', skipEmptyLines: true }).data;
}

/** Largest numeric difference of two CSV texts with the same header, rows and text cells (NaN = NaN, an empty cell = an empty cell). */
function maxDiff(ours: string, theirs: string, textColumns: string[] = []): number {
  const a = rows(ours);
  const b = rows(theirs);
  expect(b[0]).toEqual(a[0]);
  expect(b.length).toBe(a.length);
  const text = new Set(textColumns.map((c) => a[0].indexOf(c)));
  let m = 0;
  for (let r = 1; r < a.length; r++) {
    for (let c = 0; c < a[r].length; c++) {
      if (text.has(c) || a[r][c] === 'NaN' || a[r][c] === '') expect(b[r][c]).toBe(a[r][c]);
      else m = Math.max(m, Math.abs(Number(a[r][c]) - Number(b[r][c])));
    }
  }
  return m;
}

interface Case {
  name: string;
  graph: () => Graph;
  files: string[];
  embed?: boolean;
}

const CASES: Case[] = [
  { name: 'fi-curve', graph: () => fiCurve(150), files: ['run.csv', 'sweep.csv', 'metrics.csv'] },
  // Data embedded in the script (the MPI processes read it from there).
  { name: 'grid', graph: grid, files: ['run.csv', 'run.spikes.csv', 'sweep.csv', 'sweep.spikes.csv', 'metrics.csv', 'metrics_run.csv'], embed: true },
];

const exports = new Map<string, NeuronExport>();
const scripts = new Map<string, Promise<{ status: number; stderr: string }>>();
const report: string[] = [];

async function runScript(dir: string, out: string, mpi: boolean): Promise<{ status: number; stderr: string }> {
  const [cmd, args] = mpi ? [mpiexec!, ['-n', '2', PYTHON, 'model.py', '--out', out]] : [PYTHON, ['model.py', '--out', out]];
  try {
    const r = await run(cmd, args, { cwd: dir, env: MPI_ENV, maxBuffer: 1 << 24 });
    return { status: 0, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { status: typeof err.code === 'number' ? err.code : -1, stderr: err.stderr ?? String(e) };
  }
}

describe('export of sweeps: what the script is given', () => {
  it('gives the script the sweep\'s own points (seeded draws as NeuroWire draws them) and the NEURON numbers they set', async () => {
    const ex = await exportNeuron(grid(), { readText, baseName: 'model', graphName: 'grid' });
    expect(ex.warnings.filter((w) => /sweep/.test(w))).toEqual([]);
    expect(ex.sweeps.length).toBe(1);
    const s = ex.sweeps[0];
    const sp = sweepPoints('iclamp.current = 0.02, 0.08\nprops.Ra = uniform(80, 300, 2, 7)', 'grid');
    expect(s.names).toEqual(['iclamp.current', 'props.Ra']);
    expect(s.points).toEqual(sp.points);
    // The draws are in [80, 300) and not the ends: the script must have these very numbers.
    for (const [, ra] of s.points) expect(ra > 80 && ra < 300).toBe(true);
    // Per point, IClamp amp (nA) and Ra (ohm cm): the swept values themselves here.
    expect(s.rows.map((r) => [...r].sort((a, b) => a - b))).toEqual(s.points.map((p) => [...p].sort((a, b) => a - b)));
    for (const p of s.points) expect(ex.script).toContain(`[${p[0]}, ${p[1]}],`);
    expect(ex.script).toContain('"amp": P[');
    expect(ex.script).toMatch(/set_property\(secs, "all", "Ra", P\[\d\]\)/);
    expect(ex.script).toContain('" [iclamp.current=0.02, props.Ra=');
    expect(ex.metrics.map((m) => [m.id, m.source])).toEqual([['metrics', { sweep: 'sweep' }], ['metrics_run', { run: 'run' }]]);
    expect(ex.script).not.toMatch(/Not part of this script[^\n]*\n[^\n]*"(sweep|metrics)"/);
  });

  it('refuses swept parameters the script cannot set per point, naming the sweep, block and parameter', async () => {
    const at = async (parameters: string) => {
      const g = fiCurve(50);
      g.nodes.find((n) => n.id === 'sweep')!.params.parameters = parameters;
      return exportNeuron(g, { readText, baseName: 'model', graphName: 'x' }).then(
        () => 'exported',
        (e: Error) => e.message,
      );
    };
    expect(await at('model.res = 5, 10')).toMatch(/^sweep block "sweep": swept parameter "model"\."res" changes the model's sections \(geometry or nseg\), which the script builds once, which the exported script cannot set per point; run this sweep with `neurowire run`$/);
    expect(await at('run.tstop = 40, 50')).toMatch(/^sweep block "sweep": swept parameter "run"\."tstop" changes the run's duration, time step or sampling/);
    expect(await at('nowhere.x = 1, 2')).toBe('sweep block "sweep": swept parameter "nowhere"."x": there is no block "nowhere"');
    expect(await at('hh.nothing = 1, 2')).toBe('sweep block "sweep": swept parameter "hh"."nothing": block "hh" has no parameter "nothing"');
    expect(await at('fi.x = 1, 2')).toBe('sweep block "sweep": swept parameter "fi"."x": block "fi" is not upstream of the sweep\'s input');
    expect(await at('iclamp.current = linspace(0, 1)')).toMatch(/^sweep block "sweep": line 1: linspace takes 3 numbers, got 2/);
    // hh's gnabar and the run's temperature are numbers the script sets.
    expect(await at('hh.gnabar = 0.1, 0.12\nrun.celsius = 6.3, 10')).toBe('exported');
  });
});

describe.skipIf(!hasNeuron)(`export of sweeps: NEURON runs the points${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, () => {
  beforeAll(async () => {
    for (const c of CASES) {
      const ex = await exportNeuron(c.graph(), { readText, baseName: 'model', graphName: `${c.name}.graph.json`, embed: c.embed });
      exports.set(c.name, ex);
      const dir = resolve(work, c.name);
      mkdirSync(dir);
      writeFileSync(resolve(dir, 'model.py'), ex.script);
      if (ex.dataFile) writeFileSync(resolve(dir, ex.dataFile), JSON.stringify(ex.data));
      const serial = runScript(dir, 'one', false);
      scripts.set(c.name, serial);
      if (mpiexec && c.name === 'grid') scripts.set(`${c.name}/mpi`, serial.then(() => runScript(dir, 'mpi', true)));
    }
  });

  afterAll(() => {
    if (report.length) console.log(['sweep export NeuroWire <-> NEURON 8.2:', ...report].join('\n  '));
    rmSync(work, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.name}: the script writes neurowire run's run, sweep and metrics files with NEURON's numbers`, async () => {
      const ours = await neurowireFiles(c.graph());
      const r = await scripts.get(c.name)!;
      expect(r.status, r.stderr).toBe(0);
      const out = resolve(work, c.name, 'one');
      expect(readdirSync(out).sort()).toEqual([...c.files].sort());
      expect([...ours.keys()].sort()).toEqual([...c.files].sort());
      const text = (f: string) => readFileSync(resolve(out, f), 'utf8');
      const dv = Math.max(maxDiff(ours.get('run.csv')!, text('run.csv')), maxDiff(ours.get('sweep.csv')!, text('sweep.csv')));
      const names = exports.get(c.name)!.sweeps[0].names;
      // Point numbers, swept values and trace names as text: identical.
      let dm = maxDiff(ours.get('metrics.csv')!, text('metrics.csv'), ['point', ...names, 'trace', 'spikes']);
      if (c.files.includes('metrics_run.csv')) dm = Math.max(dm, maxDiff(ours.get('metrics_run.csv')!, text('metrics_run.csv'), ['trace', 'spikes']));
      let dt = 0;
      for (const f of c.files.filter((x) => x.endsWith('.spikes.csv'))) {
        expect(rows(text(f)).length, `spikes in ${f}`).toBeGreaterThan(1);
        dt = Math.max(dt, maxDiff(ours.get(f)!, text(f), ['label']));
      }
      const spikes = rows(ours.get('metrics.csv')!).slice(1).reduce((s, row) => s + Number(row[rows(ours.get('metrics.csv')!)[0].indexOf('spikes')]), 0);
      report.push(`${c.name}: ${exports.get(c.name)!.sweeps[0].points.length} points, max |ΔV| ${dv.toExponential(2)} mV, metrics ${dm.toExponential(2)}, spike Δt ${dt.toExponential(2)} ms, ${spikes} spikes in the metrics`);
      expect(dv).toBeLessThanOrEqual(1e-6);
      expect(dm).toBeLessThanOrEqual(1e-6);
      expect(dt).toBeLessThanOrEqual(1e-6);
      // The f–I curve fires: something to compare besides rest.
      expect(spikes).toBeGreaterThan(0);
    }, 60_000);
  }

  it.skipIf(!mpiexec)(`grid: mpiexec -n 2 (bulletin board) writes the one-process files byte for byte${mpiexec ? '' : ' (skipped: mpiexec not found)'}`, async () => {
    const r = await scripts.get('grid/mpi')!;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/4 points on 2 process\(es\)/);
    const files = CASES.find((c) => c.name === 'grid')!.files;
    for (const f of files) expect(readFileSync(resolve(work, 'grid', 'mpi', f), 'utf8'), f).toBe(readFileSync(resolve(work, 'grid', 'one', f), 'utf8'));
  }, 60_000);
});

if (!mpiexec) console.log('sweep export: the MPI test is skipped: mpiexec not found (apt-get install openmpi-bin)');
