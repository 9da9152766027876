/**
 * Own mechanisms through the NEURON export: a graph with the example .mod files (na, kdr, cahva,
 * cad; kdr's gbar an expression of the path distance d on the dendrites, Ra and cm expressions
 * of d and label), hh on the axon, a .mod point process (tools/nmodl/fixtures/wstdp.mod) driven
 * by a spike train and sending its own spikes (net_event) through a NetCon, and recorders of v,
 * cai, m_hh, gbar_kdr and the point process's variables. The exported script compiles the
 * .mod files with nrnivmodl, runs in NEURON and must give `neurowire run`'s CSV files sample by
 * sample: max |ΔV| ≤ 1e-6 mV (and every other recorded variable to 1e-6 of its scale), the same
 * spikes within 1e-6 ms. Skips when NEURON or nrnivmodl is not installed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { blockDef as catalogue } from '../../nodes/index.ts';
import { withParts } from '../../nodes/model-ops.ts';
import type { BlockDef } from '../../nodes/types.ts';
import type { ModelValue, TracesValue } from '../../nodes/values.ts';
import { Session } from '../dataflow/session.ts';
import type { Graph } from '../dataflow/graph.ts';
import { safeFileNames } from '../dataflow/safe-names.ts';
import { spikesCsv, tracesCsv } from '../cli/outputs.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { exportNeuron } from './export.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const hasNeuron = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const hasNrnivmodl = existsSync('/usr/bin/nrnivmodl') && existsSync('/usr/lib/nrn/nrnmech_makefile');

/**
 * A test block: a labelled NetCon from the model's last point process (its net_event) to
 * nothing, so that its spikes are recorded. No catalogue block makes one yet.
 */
const ppSpikes: BlockDef = {
  type: 'test-pp-spikes',
  title: 'Point process spikes (test)',
  category: 'record',
  exportable: true,
  description: 'A spike recorder on the last point process.',
  inputs: { model: { type: 'model', label: 'model' } },
  outputs: { model: { type: 'model', label: 'model' } },
  params: [],
  compute(inputs) {
    const m = inputs.model as ModelValue;
    return { model: withParts(m, { netCons: [...m.netCons, { source: { pointProcess: m.pointProcesses.length - 1 }, target: null, weight: 0, delay: 0, label: 'wstdp_out' }] }) };
  },
};
const blockDef = (type: string) => (type === ppSpikes.type ? ppSpikes : catalogue(type));

/** The graph: the synthetic neuron with active dendrites. */
function graph(): Graph {
  const nodes: Graph['nodes'] = [];
  const connections: Graph['connections'] = [];
  const node = (id: string, type: string, params: Record<string, unknown>) => nodes.push({ id, type, params, position: [0, 0] } as Graph['nodes'][number]);
  const wire = (a: string, pa: string, b: string, pb: string) => connections.push({ from: { node: a, port: pa }, to: { node: b, port: pb } });
  node('load', 'load-skeleton', { source: 'auto', units: 'µm' });
  node('soma', 'set-soma', { node: [] });
  node('reroot', 'reroot', { node: [] });
  node('split', 'split-axon-dendrite', { cellBodyFiber: 'soma' });
  node('model', 'compartment-model', { res: 10 });
  node('props', 'set-properties', { Ra: 'd < 60 ? 150 : 120 + 0.01 * d', cm: 'label == "dendrite" ? 1.2 : 0.9' });
  node('pas', 'insert-mechanism', { mechanism: 'pas', g: 3e-5, e: -65 });
  node('dend', 'select', { mode: 'compartment', labels: 'dendrite' });
  node('axon', 'select', { mode: 'compartment', labels: 'axon, linker' });
  node('soma_node', 'select', { mode: 'soma' });
  node('dend_base', 'select', { mode: 'nearest', nearestAmong: 'dendrite' });
  node('axon_tip', 'select', { mode: 'farthest', farthestAmong: 'axon' });
  node('na', 'insert-mechanism', { mod: 'examples/mod/na.mod', gbar: 0.05 });
  node('kdr', 'insert-mechanism', { mod: 'examples/mod/kdr.mod', gbar: 0.03 });
  node('kdr_dend', 'insert-mechanism', { mod: 'examples/mod/kdr.mod', gbar: '0.01 * exp(-d / 200) + (x > 0 ? 1e-4 : 0)' });
  node('hh', 'insert-mechanism', { mechanism: 'hh' });
  node('cahva', 'insert-mechanism', { mod: 'examples/mod/cahva.mod', gbar: 2e-4 });
  node('cad', 'insert-mechanism', { mod: 'examples/mod/cad.mod', taur: 40 });
  node('clamp', 'current-clamp', { start: 5, duration: 30, current: 0.3 });
  node('syn', 'point-process', { mod: 'tools/nmodl/fixtures/wstdp.mod', tau: 2, train_number: 6, train_interval: 7, train_start: 10, netcon_weight: 0.02, netcon_delay: 1 });
  node('spikes', 'test-pp-spikes', {});
  node('rec_v', 'voltage-recorder', { label: 'soma' });
  node('rec_cai', 'voltage-recorder', { label: 'v', variable: 'cai' });
  node('rec_m', 'voltage-recorder', { label: 'v', variable: 'm_hh' });
  node('rec_g', 'voltage-recorder', { label: 'dend_gbar', variable: 'gbar_kdr' });
  node('rec_vd', 'voltage-recorder', { label: 'dend_v' });
  node('rec_syn', 'voltage-recorder', { label: 'v', variable: 'g_wstdp' });
  node('rec_npost', 'voltage-recorder', { label: 'v', variable: 'npost_wstdp' });
  node('run', 'run', { tstop: 60, v_init: -65, dt: 0.025, celsius: 34 });
  wire('load', 'neuron', 'soma', 'neuron');
  wire('soma', 'neuron', 'reroot', 'neuron');
  wire('reroot', 'neuron', 'split', 'neuron');
  wire('split', 'neuron', 'model', 'neuron');
  for (const s of ['dend', 'axon', 'soma_node', 'dend_base', 'axon_tip']) wire('split', 'neuron', s, 'neuron');
  const chain: Array<[string, string | null]> = [
    ['model', null],
    ['props', null],
    ['pas', null],
    ['na', 'soma_node'],
    ['kdr', 'soma_node'],
    ['kdr_dend', 'dend'],
    ['hh', 'axon'],
    ['cahva', 'soma_node'],
    ['cad', 'soma_node'],
    ['clamp', 'soma_node'],
    ['syn', 'dend_base'],
    ['spikes', null],
    ['rec_v', 'soma_node'],
    ['rec_cai', 'soma_node'],
    ['rec_m', 'axon_tip'],
    ['rec_g', 'dend_base'],
    ['rec_vd', 'dend_base'],
    ['rec_syn', 'dend_base'],
    ['rec_npost', 'dend_base'],
  ];
  for (let k = 1; k < chain.length; k++) {
    wire(chain[k - 1][0], 'model', chain[k][0], 'model');
    if (chain[k][1]) wire(chain[k][1]!, 'selection', chain[k][0], 'where');
  }
  wire(chain[chain.length - 1][0], 'model', 'run', 'model');
  return { nodes, connections } as unknown as Graph;
}

const readText = async (ref: string) => readFileSync(resolve(REPO, ref), 'utf8');

async function neurowireCsv(g: Graph): Promise<Record<string, string>> {
  const ev = new Session({ graph: g }, { blockDef, readText, eager: false, runLimits: null });
  try {
    const o = await ev.value('run');
    if (!o.ok) throw new Error(o.message);
    const v = o.values.traces as TracesValue;
    const stem = safeFileNames(g.nodes.map((n) => n.id)).get('run')!;
    return { [`${stem}.csv`]: tracesCsv(v), [`${stem}.spikes.csv`]: spikesCsv(Object.entries(v.spikes)) };
  } finally {
    ev.dispose();
  }
}

const rows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));

const work = mkdtempSync(resolve(tmpdir(), 'nw-mods-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the export of own mechanisms (no NEURON needed)', () => {
  it('writes the .mod files under generated names in load order, expressions as generated functions', async () => {
    const ex = await exportNeuron(graph(), { readText, baseName: 'model', graphName: 'mods.graph.json', blockDef });
    expect(ex.data.mods?.map((m) => [m.name, m.file])).toEqual([
      ['na', 'm00_na.mod'],
      ['kdr', 'm01_kdr.mod'],
      ['cahva', 'm02_cahva.mod'],
      ['cad', 'm03_cad.mod'],
      ['wstdp', 'm04_wstdp.mod'],
    ]);
    expect(ex.modFiles.map((f) => f.path)).toEqual(['mod/m00_na.mod', 'mod/m01_kdr.mod', 'mod/m02_cahva.mod', 'mod/m03_cad.mod', 'mod/m04_wstdp.mod']);
    expect(ex.data.mods?.[1].text).toBe(readFileSync(resolve(REPO, 'examples/mod/kdr.mod'), 'utf8'));
    const plan = ex.plans[0];
    if (plan.kind !== 'compartment') throw new Error('expected a compartment plan');
    expect(plan.exprs).toEqual(['d < 60 ? 150 : 120 + 0.01 * d', 'label == "dendrite" ? 1.2 : 0.9', '0.01 * exp(-d / 200) + (x > 0 ? 1e-4 : 0)']);
    expect(plan.globals).toMatchObject({ q10_na: 2.3, q10_kdr: 2.3 });
    expect(ex.script).toContain('def expr_3(d, x, y, z, diam, label):');
    expect(ex.script).toContain('js_exp(');
    expect(ex.script).toMatch(/insert\(secs, \[[\d, \n]+\], "kdr", \{\}, exprs=\{"gbar_kdr": expr_3\}, places=places\)/);
    expect(ex.script).toContain('record_var(secs, ');
    expect(ex.script).toContain('"cai")');
    expect(ex.script).toContain('"m_hh")');
    expect(ex.script).toContain('record_pp(pps[1], "g")');
    expect(ex.script).toMatch(/netcon\(pps\[1\], None, weight=0, delay=0\)/);
    // The expression's text appears only as a string literal in a comment.
    expect(ex.script).toContain('# expr_3: "0.01 * exp(-d / 200) + (x > 0 ? 1e-4 : 0)"');
  });
});

describe.skipIf(!hasNeuron || !hasNrnivmodl)(`own mechanisms: NEURON's run of the export gives neurowire run's numbers${hasNeuron && hasNrnivmodl ? '' : ' (skipped: NEURON or nrnivmodl (neuron-dev) is not installed)'}`, () => {
  it('v, cai, m_hh, gbar_kdr, the point process\'s g and npost, its spikes: max |ΔV| ≤ 1e-6 mV', async () => {
    const g = graph();
    const ex = await exportNeuron(g, { readText, baseName: 'model', graphName: 'mods.graph.json', blockDef });
    const dir = resolve(work, 'export');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'model.py'), ex.script);
    writeFileSync(resolve(dir, ex.dataFile!), JSON.stringify(ex.data));
    const [ours, theirs] = await Promise.all([
      neurowireCsv(g),
      run(PYTHON, [resolve(dir, 'model.py'), '--out', resolve(dir, 'out')], { cwd: work, maxBuffer: 1 << 24, timeout: 280_000 }),
    ]);
    expect(theirs.stderr).toContain('compiling 5 .mod file(s)');
    expect(readdirSync(resolve(dir, 'mod')).filter((f) => f.endsWith('.mod')).sort()).toEqual(['m00_na.mod', 'm01_kdr.mod', 'm02_cahva.mod', 'm03_cad.mod', 'm04_wstdp.mod']);
    const a = rows(ours['run.csv']);
    const b = rows(readFileSync(resolve(dir, 'out', 'run.csv'), 'utf8'));
    expect(b[0]).toEqual(a[0]);
    expect(b.length).toBe(a.length);
    const max: Record<string, number> = {};
    const scale: Record<string, number> = {};
    for (let k = 1; k < a.length; k++) {
      expect(Number(b[k][0])).toBe(Number(a[k][0]));
      for (let j = 1; j < a[0].length; j++) {
        const col = a[0][j];
        max[col] = Math.max(max[col] ?? 0, Math.abs(Number(a[k][j]) - Number(b[k][j])));
        scale[col] = Math.max(scale[col] ?? 0, Math.abs(Number(a[k][j])));
      }
    }
    const sa = rows(ours['run.spikes.csv']);
    const sb = rows(readFileSync(resolve(dir, 'out', 'run.spikes.csv'), 'utf8'));
    expect(sb.length).toBe(sa.length);
    let dt = 0;
    for (let k = 1; k < sa.length; k++) {
      expect(sb[k][0]).toBe(sa[k][0]);
      dt = Math.max(dt, Math.abs(Number(sa[k][1]) - Number(sb[k][1])));
    }
    console.log(`own mechanisms NeuroWire ↔ NEURON 8.2 (${a.length - 1} samples, ${sa.length - 1} spikes of the point process, max spike Δt ${dt.toExponential(2)} ms): ${Object.entries(max).map(([c, d]) => `${c} ${d.toExponential(2)} (scale ${scale[c].toPrecision(3)})`).join(', ')}`);
    expect(sa.length - 1).toBeGreaterThan(0);
    expect(dt).toBeLessThanOrEqual(1e-6);
    for (const c of ['soma', 'dend_v']) expect(max[c], c).toBeLessThanOrEqual(1e-6);
    for (const c of Object.keys(max)) expect(max[c], c).toBeLessThanOrEqual(1e-6 * Math.max(scale[c], 1e-12));
    // The dendrite's kdr conductance comes from the expression, and is not the soma's.
    const gd = Number(a[1][a[0].indexOf('dend_gbar.gbar_kdr')]);
    expect(gd).toBeGreaterThan(0);
    expect(gd).toBeLessThan(0.0102);
  }, 300_000);
});
