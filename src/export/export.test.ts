/**
 * The export without NEURON: what the script and data file contain, the errors for graphs that
 * cannot be exported (naming the block), the Python number formatting that makes the CSV
 * files byte-identical to `neurowire run`'s, and the `neurowire export neuron` command.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { blockDef } from '../../nodes/index.ts';
import type { BlockDef } from '../../nodes/types.ts';
import { parseGraph } from '../dataflow/validate.ts';
import type { Graph } from '../dataflow/graph.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { exportNeuron } from './export.ts';
import { OUTPUT_HELPERS, neuronScript, type ScriptData } from './neuron-script.ts';
import { pyList } from './python.ts';

function example(name: string): Graph {
  const { graph } = parseGraph(readFileSync(resolve(REPO, 'examples', `${name}.graph.json`), 'utf8'));
  return graph!;
}

const readText = async (ref: string) => readFileSync(resolve(REPO, 'examples', ref), 'utf8');
const opts = (g: string) => ({ readText, baseName: 'model', graphName: `${g}.graph.json` });

describe('exportNeuron', () => {
  it('exports a sweep (its points and metrics in the script) and says that a fit is not exported', async () => {
    const fi = await exportNeuron(example('fi-curve'), opts('fi-curve'));
    expect(fi.warnings.filter((w) => /sweep/.test(w))).toEqual([]);
    expect(fi.sweeps.map((s) => [s.id, s.runId, s.points.length])).toEqual([['sweep', 'run', 11]]);
    expect(fi.plans.map((p) => p.runId)).toEqual(['run']);
    const fit = await exportNeuron(example('fit-passive'), opts('fit-passive'));
    expect(fit.warnings).toContain("block \"fit\" (Fit parameters) is not exported: the script runs the model at the graph's values; run the fit with `neurowire run`");
    expect(fit.sweeps).toEqual([]);
    // Measures users write in a metrics block are not translated: said, not silently dropped.
    const g = example('fi-curve');
    g.nodes.find((n) => n.id === 'metrics')!.params.expressions = 'height = peak - rest';
    const own = await exportNeuron(g, opts('fi-curve'));
    expect(own.warnings).toContain('block "metrics" (Trace metrics): your own measures are not in the script (its table there has the built-in columns only)');
  });

  it('writes a compartment model: geometry in the data file, the recipe in the script with the blocks named', async () => {
    const ex = await exportNeuron(example('synaptic-input'), opts('synaptic-input'));
    const plan = ex.plans[0];
    expect(plan.kind).toBe('compartment');
    if (plan.kind !== 'compartment') return;
    const sections = (ex.data.runs.run as { sections: Array<{ x: number[]; nseg: number; parent: number }> }).sections;
    expect(sections.length).toBe(plan.sections.length);
    // nseg follows NEURON's rule 1 + 2·floor(L / (2·res)) and points are float32.
    for (const s of sections) {
      expect(s.nseg % 2).toBe(1);
      for (const x of s.x) expect(Math.fround(x)).toBe(x);
    }
    expect(sections[0].parent).toBe(-1);
    expect(plan.pointProcesses.length).toBe(20);
    expect(plan.netStims).toEqual([expect.objectContaining({ seed: null, params: { interval: 50, number: 20, start: 5, noise: 1 } })]);
    expect(plan.spikes).toEqual([{ label: 'axon_tip', netCon: 20 }]);
    expect(ex.script).toMatch(/insert\(secs, "all", "pas", \{"g_pas": 0\.00004807692307692308, "e_pas": -60\}\) {2}# "pas" \(insert-mechanism\)/);
    expect(ex.script).toMatch(/point_process\(secs, "Exp2Syn", \d+, [\d.]+, \{"tau1": 0\.1, "tau2": 10, "e": 0\}\), {2}# "input" \(synaptic-input\)/);
    expect(ex.script).toContain('m["stims"][0].seed(1)');
    expect(ex.script).toContain('h.finitialize(-60)');
    expect(ex.script).toContain('h.continuerun(1000)');
    expect(ex.script).toContain('write_spikes_csv(os.path.join(out, "run.spikes.csv")');
    expect(ex.script).not.toContain('ParallelContext');
    // Plots only read the results: listed as not exported.
    expect(ex.script).toMatch(/Not part of this script[^\n]*\n\s+"labels" \(node-table\), "traces" \(plot-traces\)/);
    // Generated Python names; the run id only as a literal; the output file is <run id>.csv.
    expect(ex.script).toContain('def build_run_1(data):');
    expect(ex.script).toContain('def run_run_1(out):');
    expect(ex.script).toContain('    run_run_1(args.out)  # run block "run"');
    expect(ex.script).toContain('write_traces_csv(os.path.join(out, "run.csv")');
    expect(ex.fileNames).toEqual(new Map([['run', 'run']]));
  });

  it('writes a point network with ParallelContext (round-robin gids, gid_connect, psolve)', async () => {
    const ex = await exportNeuron(example('point-network'), opts('point-network'));
    const plan = ex.plans[0];
    if (plan.kind !== 'network') throw new Error('expected a network');
    expect(plan.names).toEqual(['A', 'B', 'C']);
    expect(plan.netStims.map((s) => [s.targets, s.params.number, s.params.interval, s.params.start])).toEqual([
      [[0], 90, 10, 100],
      [[1], 20, 10, 600],
    ]);
    for (const s of ['h.nrnmpi_init()', 'range(rank, n, nhost)', 'pc.set_gid2node(gid, rank)', 'pc.cell(gid, h.NetCon(cell, None))', 'pc.gid_connect(s, cells[t])', 'pc.spike_record(-1, tvec, idvec)', 'pc.psolve(tstop)', 'pc.py_gather(']) {
      expect(ex.script).toContain(s);
    }
    expect(ex.script).toContain('model="IntFire4"');
    expect(ex.script).toContain('delay=5,');
  });

  it('refuses a block with no NEURON equivalent upstream of a run, naming it', async () => {
    const g = example('synaptic-input');
    const custom: BlockDef = {
      type: 'custom-channel',
      title: 'Custom channel',
      category: 'model',
      description: 'test block',
      inputs: { model: { type: 'model', label: 'model' } },
      outputs: { model: { type: 'model', label: 'model' } },
      params: [],
      compute: async (inputs) => ({ model: inputs.model }),
    };
    g.nodes.push({ id: 'kv3', type: 'custom-channel', params: {}, position: [0, 0] } as Graph['nodes'][number]);
    const wire = g.connections.find((c) => c.from.node === 'hh' && c.to.node === 'input')!;
    wire.from = { node: 'kv3', port: 'model' };
    g.connections.push({ from: { node: 'hh', port: 'model' }, to: { node: 'kv3', port: 'model' } });
    const lookup = (t: string) => (t === 'custom-channel' ? custom : blockDef(t));
    await expect(exportNeuron(g, { ...opts('x'), blockDef: lookup })).rejects.toThrow(/block "kv3" \(custom-channel\) has no NEURON equivalent/);
  });

  it('refuses a graph without a run block, a run without input, and a model the run would reject', async () => {
    const g = example('synaptic-input');
    await expect(exportNeuron({ ...g, nodes: g.nodes.filter((n) => n.type !== 'run') }, opts('x'))).rejects.toThrow(/no run block/);
    await expect(exportNeuron({ ...g, connections: g.connections.filter((c) => c.to.node !== 'run') }, opts('x'))).rejects.toThrow(/run block "run" has nothing on its "model" input/);
    const bad = example('synaptic-input');
    bad.nodes.find((n) => n.id === 'props')!.params.Ra = -5;
    await expect(exportNeuron(bad, opts('x'))).rejects.toThrow(/block 'props' \(set-properties\): parameter 'Ra' must be above 0/);
  });
});

describe('generated Python', () => {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);

  it.skipIf(!python)(`prints numbers exactly as JavaScript does (CSV files byte-identical to neurowire run's)${python ? '' : ' (skipped: no python3)'}`, () => {
    const values = [0, -0, 1, -1, 0.1, 1 / 3, 100, 1e21, 1e20, 123456789012345680000, 1e-7, 1.5e-7, 0.000001, 0.00004807692307692308, -60.26204112524633, 5e-324, 1.7976931348623157e308, 2 ** 53, 110.07107873180422, 1000.0000000014466, NaN, Infinity, -Infinity, 1e-10, 32.50000000009883, 12.5];
    const code = `from decimal import Decimal\nimport json\nDATA_FILE = None\n${OUTPUT_HELPERS}\nimport sys\nfor line in sys.stdin.read().split():\n    print(js_number(float(line)))\n`;
    const r = spawnSync(python!, ['-c', code], { input: values.map((v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v))).join('\n'), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(values.map((v) => String(v)));
  });

  it.skipIf(!python)(`embeds the data exactly, quotes and backslashes included${python ? '' : ' (skipped: no python3)'}`, () => {
    const data: ScriptData = { format: 'neurowire-neuron-export', version: 1, runs: { r: { names: ["A's", "'''", 'b\\"c', 'é\n'], w: [0.1, 1e-7] } } };
    const script = neuronScript([], new Map(), { graphName: 'a """ b\\u.graph.json', dataFile: 'x.data.json', notExported: [], embed: data });
    const line = script.split('\n').find((l) => l.startsWith('DATA = json.loads('))!;
    const doc = script.slice(0, script.indexOf('"""', script.indexOf('r"""') + 4) + 3);
    const r = spawnSync(python!, ['-c', `import json\n${doc}\n${line}\nprint(json.dumps(DATA))`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(data);
  });

  it('wraps long lists of section indices', () => {
    const s = pyList(Array.from({ length: 60 }, (_, i) => i), '    ');
    expect(s.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(s.replace(/\s/g, '')).toBe(`[${Array.from({ length: 60 }, (_, i) => i).join(',')},]`);
  });
});

describe('neurowire export neuron', () => {
  const BIN = resolve(REPO, 'bin/neurowire.mjs');
  const nw = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  it('writes the script and its data file; bad arguments exit 2', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-export-'));
    const ok = nw(['export', 'neuron', resolve(REPO, 'examples/point-network.graph.json'), '--set', 'run.duration=500', '-o', resolve(dir, 'net.py')]);
    expect(ok.stderr).toMatch(/wrote .*net\.py and net\.data\.json \(run: 3 neurons\)/);
    expect(ok.status).toBe(0);
    expect(existsSync(resolve(dir, 'net.data.json'))).toBe(true);
    const script = readFileSync(resolve(dir, 'net.py'), 'utf8');
    expect(script).toContain('tstop=500,');
    expect(script).toContain('Made by: "neurowire export neuron point-network.graph.json --set run.duration=500 -o net.py"');
    expect(script).toContain('    python3 net.py --out DIR');
    expect(nw(['export', 'arbor', 'x.json', '-o', 'x.py']).status).toBe(2);
    const noOut = nw(['export', 'neuron', resolve(REPO, 'examples/point-network.graph.json')]);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/-o <model\.py>/);
  });
});
