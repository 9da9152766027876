/**
 * A shared graph can never run code through its NEURON export. Hostile strings (quotes, braces,
 * f-string and %-format payloads, line breaks, backslashes, NUL, DEL, U+2028, emoji, a lone
 * surrogate, paths, a 5000-character string, JavaScript's special keys) are placed everywhere a
 * graph's text reaches the script: block ids (run blocks and the blocks that build the model),
 * recorder and spike-detector labels, network neuron names (an embedded edge list), the
 * skeleton's file name, the graph name, the base name and the command. The validator is
 * bypassed (exportNeuron is called on the graph object, as the app does with a graph it opened).
 *
 * Each script is generated with its data file and with the data embedded, and run by NEURON in
 * a fresh folder: it must exit 0, leave exactly the expected files (no PWNED marker anywhere,
 * none at an absolute path either) and write CSV headers whose bytes are those of `neurowire
 * run`'s CSV writer (src/dataflow/csv.ts) for the same labels, and the same labels as
 * NeuroWire's own run of the graph. The scripts are also checked statically: printable ASCII,
 * no f-string, only generated function names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { blockDef } from '../../nodes/index.ts';
import type { SpikesValue, TableValue, TracesValue } from '../../nodes/values.ts';
import { dictOf } from '../core/dict.ts';
import { syntheticProjectionNeuron } from '../core/morphology/synthetic.ts';
import { writeSwc } from '../core/morphology/swc.ts';
import { writeConnectors } from '../core/morphology/connectors.ts';
import { addAsset, readAssetText } from '../dataflow/assets.ts';
import { spikesCsv, tableCsv, tracesCsv } from '../dataflow/csv.ts';
import { Session } from '../dataflow/session.ts';
import { parseFileRef, type Graph } from '../dataflow/graph.ts';
import { parseGraph } from '../dataflow/validate.ts';
import { safeFileName, safeFileNames } from '../dataflow/safe-names.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { exportNeuron, type NeuronExport } from './export.ts';
import { pyStr, wellFormed } from './python.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'pass'], { stdio: 'ignore' }).status === 0;
const hasNeuron = hasPython && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;

const work = mkdtempSync(resolve(tmpdir(), 'nw-hostile-'));
/** A payload that would touch this absolute path if it ever ran. */
const MARKER = resolve(tmpdir(), `nw-pwned-${process.pid}-${Date.now()}`);

export const HOSTILE: readonly string[] = [
  "'",
  '"',
  '"""',
  "'''",
  'a"""b\'\'\'c',
  '{}',
  '{{',
  '}}',
  "{__import__('os').system('touch PWNED')}",
  "run{__import__('os').system('id>PWNED.txt')}",
  `{__import__('os').system('touch ${MARKER}')}`,
  '"); __import__("os").system("touch PWNED"); ("',
  "'''); __import__('os').system('touch PWNED'); ('''",
  'a\nb',
  'a\rb',
  'a\r\nb',
  'x\n__import__("os").system("touch PWNED")\n#',
  'back\\slash',
  'trailing\\',
  '\\',
  '\\"',
  '\\N{BULLET}\\x41\\u0041',
  'nul\u0000x',
  'del\u007fx',
  'ls\u2028ps\u2029x',
  'tab\tvt\u000bff\u000c',
  'emoji 😀 é ñ ё 中',
  'lone\ud800x',
  'lone low \udc00',
  '../../x',
  '/etc/x',
  'C:\\Windows\\x',
  '%s %(x)s %d %%',
  '#comment',
  'x'.repeat(5000),
  '__proto__',
  'hasOwnProperty',
  'constructor',
  't',
  'CON',
  ' spaced ',
];

/** Python reads every literal back as the string (lone surrogates as U+FFFD). */
describe.skipIf(!hasPython)(`pyStr${hasPython ? '' : ' (skipped: /usr/bin/python3 not found)'}`, () => {
  it('gives printable ASCII literals that Python reads back as the same strings, also as comments and in docstrings', () => {
    const lits = HOSTILE.map(pyStr);
    for (const l of lits) expect(l).toMatch(/^"[\x20-\x7e]*"$/);
    // Each literal as a value, after a comment and inside a raw docstring (not right before its
    // closing quotes: `"'"""` would end it early): the module must hold exactly these statements.
    const code = [
      'import ast, json, sys',
      `values = [${lits.join(', ')}]`,
      'src = "\\n".join(\'# %s\\nx = 1\\nr"""doc %s."""\' % (lit, lit) for lit in sys.argv[1:])',
      'tree = ast.parse(src)',
      'kinds = [type(n).__name__ for n in tree.body]',
      'print(json.dumps({"values": values, "kinds": kinds, "docs": [n.value.value for n in tree.body if isinstance(n, ast.Expr)]}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', code, ...lits], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { values: string[]; kinds: string[]; docs: string[] };
    expect(out.values).toEqual(HOSTILE.map(wellFormed));
    expect(out.kinds).toEqual(HOSTILE.flatMap(() => ['Assign', 'Expr']));
    expect(out.docs).toEqual(lits.map((l) => `doc ${l}.`));
  });
});

// ---------------------------------------------------------------------------------------------
// Graphs

/** Labels as the blocks keep them (trimmed), without those a block refuses, each once. */
function usable(strings: readonly string[], keep: (s: string) => string, refuse: (s: string) => boolean): string[] {
  const out: string[] = [];
  for (const s of strings) {
    const k = keep(s);
    if (k !== '' && !refuse(k) && !out.includes(k)) out.push(k);
  }
  return out;
}
const RECORDER_LABELS = usable(HOSTILE, (s) => s.trim(), (s) => s === 't');
const SPIKE_LABELS = usable(HOSTILE, (s) => s.trim(), () => false);
// The edge list's CSV reader turns \r and \r\n into \n and trims names.
const NEURON_NAMES = usable(HOSTILE, (s) => s.replace(/\r\n?/g, '\n').trim(), () => false);

type Node = Graph['nodes'][number];

function node(g: Graph, id: string, type: string, params: Record<string, unknown>): void {
  g.nodes.push({ id, type, params, position: [0, 0] } as Node);
}
function wire(g: Graph, a: string, pa: string, b: string, pb: string): void {
  g.connections.push({ from: { node: a, port: pa }, to: { node: b, port: pb } });
}

/**
 * The tutorial's model (synthetic neuron, pas + hh) with a voltage recorder and a spike
 * detector per label at the soma, feeding one run block per id. The detectors' threshold lies
 * between v_init and pas's rest, so each records one spike in the 3 ms run.
 */
function compartmentGraph(runIds: readonly string[]): Graph {
  const { graph } = parseGraph(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8'));
  const g = graph!;
  const keep = new Set(['load', 'soma', 'reroot', 'split', 'model', 'props', 'pas', 'axon_nodes', 'hh', 'soma_node', 'traces']);
  g.nodes = g.nodes.filter((n) => keep.has(n.id));
  g.connections = g.connections.filter((c) => keep.has(c.from.node) && keep.has(c.to.node));
  g.nodes.find((n) => n.id === 'model')!.params.res = 40;
  let last = 'hh';
  RECORDER_LABELS.forEach((label, k) => {
    node(g, `rec_${k}`, 'voltage-recorder', { label });
    wire(g, last, 'model', `rec_${k}`, 'model');
    wire(g, 'soma_node', 'selection', `rec_${k}`, 'where');
    last = `rec_${k}`;
  });
  SPIKE_LABELS.forEach((label, k) => {
    node(g, `det_${k}`, 'spike-detector', { label, threshold: -64.5 });
    wire(g, last, 'model', `det_${k}`, 'model');
    wire(g, 'soma_node', 'selection', `det_${k}`, 'where');
    last = `det_${k}`;
  });
  for (const id of runIds) {
    node(g, id, 'run', { tstop: 3, v_init: -65, dt: 0.025, celsius: 6.3 });
    wire(g, last, 'model', id, 'model');
  }
  wire(g, runIds[0], 'traces', 'traces', 'traces');
  return g;
}

/** Every block id replaced (connections too). */
function renamed(g: Graph, to: (id: string, k: number) => string): Graph {
  const map = new Map(g.nodes.map((n, k) => [n.id, to(n.id, k)]));
  return {
    ...g,
    nodes: g.nodes.map((n) => ({ ...n, id: map.get(n.id)! })),
    connections: g.connections.map((c) => ({ from: { ...c.from, node: map.get(c.from.node)! }, to: { ...c.to, node: map.get(c.to.node)! } })),
  };
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A chain of IntFire4 neurons named by the hostile strings, each driven by regular background input. */
async function networkGraph(runId: string): Promise<Graph> {
  const g: Graph = { format: 'neurowire-graph', version: 1, nodes: [], connections: [], assets: {} } as unknown as Graph;
  const rows = ['source,target,weight', ...NEURON_NAMES.slice(1).map((n, k) => `${csvField(NEURON_NAMES[k])},${csvField(n)},0.1`)];
  const ref = await addAsset(g, 'edges {x}\n"""\'.csv', 'text/csv', rows.join('\n') + '\n');
  node(g, 'edges', 'edge-list', { source: 'file', file: ref });
  node(g, 'net', 'point-network', { model: 'IntFire4', delay: 1, noise: 'random123', seed: 1 });
  node(g, 'noise', 'background-noise', { neurons: '', frequency: 200, randomness: 0, independent: true });
  node(g, runId, 'run-network', { duration: 12, dt: 0.025 });
  wire(g, 'edges', 'edges', 'net', 'edges');
  wire(g, 'net', 'network', 'noise', 'network');
  wire(g, 'noise', 'network', runId, 'network');
  return g;
}

// The SWC file and synapse table of graph B, read under hostile names (the SWC's base name becomes the skeleton's name).
const SWC_NAME = `sk "{__import__('os').system('touch PWNED')}"\n'''%s.swc`;
const SYN_NAME = `syn\n{__import__('os').system('touch PWNED')}.csv`;
const SYNTHETIC = syntheticProjectionNeuron();
const SWC_TEXT = writeSwc(SYNTHETIC.skeleton);
const SYN_TEXT = writeConnectors(SYNTHETIC.connectors);

function reader(graph: Graph) {
  return async (ref: string): Promise<string> => {
    if (parseFileRef(ref).kind === 'asset') return readAssetText(graph, ref);
    if (ref === SWC_NAME) return SWC_TEXT;
    if (ref === SYN_NAME) return SYN_TEXT;
    throw new Error(`unexpected file ${JSON.stringify(ref)}`);
  };
}

/** NeuroWire's own run: the CSV text per run block id (as `neurowire run` writes it). */
async function neurowireFiles(graph: Graph): Promise<Map<string, { traces?: string; spikes?: string }>> {
  const ev = new Session({ graph }, { blockDef, readText: reader(graph), eager: false, runLimits: null });
  const out = new Map<string, { traces?: string; spikes?: string }>();
  try {
    for (const n of graph.nodes.filter((x) => x.type === 'run' || x.type === 'run-network')) {
      const o = await ev.value(n.id);
      if (!o.ok) throw new Error(`NeuroWire's run of ${JSON.stringify(n.id)} failed: ${o.message}`);
      const v = Object.values(o.values)[0] as TracesValue | SpikesValue;
      if (v.kind === 'traces') out.set(n.id, { traces: tracesCsv(v), spikes: spikesCsv(Object.entries(v.spikes)) });
      else out.set(n.id, { spikes: spikesCsv(v.names.map((name, i) => [name, v.spikes[i]])) });
    }
  } finally {
    ev.dispose();
  }
  return out;
}

describe('export errors about hostile graphs', () => {
  it('quote ids with escapes (no terminal escape sequence or line break reaches the user raw) and treat any type as data', async () => {
    const g = compartmentGraph(['run']);
    const evil = '\u001b[31mred\nline\u0007';
    g.nodes.find((n) => n.id === 'pas')!.type = 'constructor';
    const renamedG = renamed(g, (id) => (id === 'pas' ? evil : id));
    const err = await exportNeuron(renamedG, { readText: reader(renamedG), baseName: 'model', graphName: 'x' }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(`block ${JSON.stringify(evil)} (constructor) has no NEURON equivalent in the export, so the model of run block "run" cannot be exported without changing it`);
    expect((err as Error).message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('reports a connection from a block that is not in the graph in words', async () => {
    const g = compartmentGraph(['run']);
    g.connections.push({ from: { node: '__proto__', port: 'model' }, to: { node: 'hh', port: 'model' } });
    await expect(exportNeuron(g, { readText: reader(g), baseName: 'model', graphName: 'x' })).rejects.toThrow(/comes from a block "__proto__" that is not in the graph/);
  });
});

// ---------------------------------------------------------------------------------------------
// Running the scripts

interface Case {
  name: string;
  graph: () => Promise<Graph>;
  baseName: string;
  graphName: string;
  command: string;
  /** Strings of the corpus placed in this case, and at how many sites each. */
  sites: number;
}

const ALL = HOSTILE.join(' | ');
/** The only function and class names a script defines (generated, never from the graph). */
const GENERATED_DEF = /^([a-z_]+|ExportError|(build|simulate|run)_run_\d+|(point|run)_sweep_\d+)$/;
const CASES: Case[] = [
  {
    // Every hostile string as a run block's id; labels hostile.
    name: 'run-ids',
    graph: async () => compartmentGraph(HOSTILE),
    baseName: 'model',
    graphName: ALL,
    command: ALL,
    // Run ids, recorder and detector labels, graph name, command.
    sites: HOSTILE.length + RECORDER_LABELS.length + SPIKE_LABELS.length + 2,
  },
  {
    // Every block that builds the model (and the plot, and the recorders and detectors) has a
    // hostile id; the skeleton's file name, the base name of the script and the command too.
    name: 'upstream-ids',
    graph: async () => {
      const g = compartmentGraph(['run', 'run-2']);
      g.nodes.find((n) => n.id === 'load')!.params = { source: 'file', swc: SWC_NAME, synapses: SYN_NAME, units: 'µm' };
      return renamed(g, (id, k) => (id === 'run' || id === 'run-2' ? id : `${HOSTILE[k % HOSTILE.length]}${k >= HOSTILE.length ? `\n#${k}` : ''}`));
    },
    baseName: `../../x\n"""{__import__('os').system('touch PWNED')}`,
    graphName: `'''\n"""{__import__('os').system('touch PWNED')}\ud800`,
    command: `neurowire export neuron "a\\" -o '''\n%s {x}`,
    // 11 model blocks + the recorders + the detectors; SWC and synapse file names, base name, graph name, command.
    sites: 11 + RECORDER_LABELS.length + SPIKE_LABELS.length + 5,
  },
  {
    // Neuron names from an embedded edge list; the run block's id hostile too.
    name: 'network',
    graph: async () => networkGraph(`net{__import__('os').system('touch PWNED')}\n"""`),
    baseName: 'model',
    graphName: 'net.graph.json',
    command: ALL,
    // Neuron names, the run id, the command, the edge list's file name.
    sites: NEURON_NAMES.length + 3,
  },
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

interface Outcome {
  ex: NeuronExport;
  graph: Graph;
  dir: string;
  status: number;
  stderr: string;
  ms: number;
}

const outcomes = new Map<string, Promise<Outcome>>();
const report: string[] = [];
let scriptsRun = 0;
let filesWritten = 0;
/** Files a payload would have made (PWNED, PWNED.txt) found in the scripts' folders. */
let executed = 0;

/** At most two NEURON processes at a time (the machine's cores are shared). */
let active = 0;
const waiting: Array<() => void> = [];
async function limited<T>(job: () => Promise<T>): Promise<T> {
  if (active >= 2) await new Promise<void>((go) => waiting.push(go));
  active++;
  try {
    return await job();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

async function runCase(c: Case, embed: boolean): Promise<Outcome> {
  const graph = await c.graph();
  const ex = await exportNeuron(graph, { readText: reader(graph), baseName: c.baseName, graphName: c.graphName, command: c.command, embed });
  const dir = resolve(work, `${c.name}-${embed ? 'embedded' : 'file'}`);
  mkdirSync(dir);
  writeFileSync(resolve(dir, 'model.py'), ex.script);
  if (ex.dataFile) writeFileSync(resolve(dir, ex.dataFile), JSON.stringify(ex.data));
  return limited(async () => {
    const t0 = performance.now();
    const env = { ...process.env, HOME: dir };
    try {
      const r = await run(PYTHON, ['model.py', '--out', 'OUT'], { cwd: dir, env, maxBuffer: 1 << 24 });
      return { ex, graph, dir, status: 0, stderr: r.stderr, ms: performance.now() - t0 };
    } catch (e) {
      const err = e as { code?: number; stderr?: string };
      return { ex, graph, dir, status: typeof err.code === 'number' ? err.code : -1, stderr: err.stderr ?? String(e), ms: performance.now() - t0 };
    }
  });
}

function parseCsv(bytes: Buffer): string[][] {
  return Papa.parse<string[]>(bytes.toString('utf8'), { newline: '\n', skipEmptyLines: true }).data;
}

describe.skipIf(!hasNeuron)(`NEURON export of hostile graphs${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, () => {
  beforeAll(() => {
    for (const c of CASES) for (const embed of [false, true]) outcomes.set(`${c.name}/${embed}`, runCase(c, embed));
  });

  afterAll(() => {
    const payloads = executed + Number(existsSync(MARKER));
    console.log(
      [
        `hostile export corpus: ${HOSTILE.length} strings; ${CASES.reduce((a, c) => a + c.sites, 0) * 2} string × site placements over ${scriptsRun} scripts run by NEURON; ${filesWritten} files written by the scripts that passed, all expected; payloads executed: ${payloads}`,
        ...report,
      ].join('\n  '),
    );
    rmSync(work, { recursive: true, force: true });
    rmSync(MARKER, { force: true });
  });

  it('refuses a recorder labelled t (the time column) rather than writing two t columns', async () => {
    // The recorder refuses it ("t" is reserved); the export names the run whose model failed.
    const g = compartmentGraph(['run']);
    g.nodes.find((n) => n.id === 'rec_0')!.params.label = 't';
    await expect(exportNeuron(g, { readText: reader(g), baseName: 'model', graphName: 'x' })).rejects.toThrow(/run block "run": its model could not be computed: .*"rec_0"/);
  });

  it('refuses two blocks with the same id (one file would overwrite the other)', async () => {
    const g = compartmentGraph(['run', 'run2']);
    g.nodes.find((n) => n.id === 'run2')!.id = 'run';
    await expect(exportNeuron(g, { readText: reader(g), baseName: 'model', graphName: 'x' })).rejects.toThrow(/two blocks have the id "run"/);
  });

  for (const c of CASES) {
    for (const embed of [false, true]) {
      it(`${c.name}, data ${embed ? 'embedded' : 'in a file'}: the script runs, writes exactly the expected files and headers, runs nothing`, async () => {
        const o = await outcomes.get(`${c.name}/${embed}`)!;
        scriptsRun++;
        expect(o.status, o.stderr).toBe(0);
        expect(existsSync(MARKER), 'a payload touched an absolute path').toBe(false);

        // Statically: printable ASCII, no f-string, generated names only.
        expect(o.ex.script).toMatch(/^[\x20-\x7e\n]*$/);
        const ast = spawnSync(
          PYTHON,
          ['-c', 'import ast, json, sys\nt = ast.parse(open(sys.argv[1]).read())\nprint(json.dumps({"f": sum(isinstance(n, ast.JoinedStr) for n in ast.walk(t)), "defs": [n.name for n in t.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]}))', resolve(o.dir, 'model.py')],
          { encoding: 'utf8' },
        );
        const info = JSON.parse(ast.stdout) as { f: number; defs: string[] };
        expect(info.f).toBe(0);
        for (const d of info.defs) expect(d).toMatch(GENERATED_DEF);

        // Exactly the script, its data file and the CSV files of the run blocks.
        const stems = [...o.ex.fileNames.values()];
        const expected = ['model.py', ...(embed ? [] : [o.ex.dataFile!])];
        for (const p of o.ex.plans) {
          const stem = o.ex.fileNames.get(p.runId)!;
          if (p.kind === 'compartment') expected.push(`OUT/${stem}.csv`, ...(p.spikes.length ? [`OUT/${stem}.spikes.csv`] : []));
          else expected.push(`OUT/${stem}.spikes.csv`);
        }
        const files = filesUnder(o.dir);
        executed += files.filter((f) => /^PWNED/.test(f.split('/').pop()!)).length;
        expect(files).toEqual(expected.sort());
        expect(new Set(stems).size).toBe(stems.length);
        for (const s of stems) expect(s).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
        expect(o.ex.dataFile === null || o.ex.dataFile === `${safeFileName(c.baseName)}.data.json`).toBe(true);
        filesWritten += files.length - 1;

        // Headers: byte for byte those of neurowire run's CSV writer for the labels as given,
        // and the labels of NeuroWire's own run of the graph.
        const ours = await neurowireFiles(o.graph);
        for (const p of o.ex.plans) {
          const stem = o.ex.fileNames.get(p.runId)!;
          const mine = ours.get(p.runId)!;
          if (p.kind === 'compartment') {
            const header = tracesCsv({ kind: 'traces', t: new Float64Array(0), traces: dictOf(RECORDER_LABELS.map((l): [string, Float64Array] => [l, new Float64Array(0)])), units: {}, spikes: {} } as TracesValue);
            const bytes = readFileSync(resolve(o.dir, 'OUT', `${stem}.csv`));
            expect(bytes.subarray(0, Buffer.byteLength(header)).equals(Buffer.from(header, 'utf8')), `header of ${stem}.csv`).toBe(true);
            expect(Buffer.from(mine.traces!, 'utf8').subarray(0, Buffer.byteLength(header)).equals(Buffer.from(header, 'utf8'))).toBe(true);
            expect(parseCsv(bytes).length).toBe(parseCsv(Buffer.from(mine.traces!, 'utf8')).length);
          }
          const labels = p.kind === 'compartment' ? SPIKE_LABELS : NEURON_NAMES;
          const spikes = readFileSync(resolve(o.dir, 'OUT', `${stem}.spikes.csv`));
          const rows = parseCsv(spikes).slice(1);
          // Every label has spikes, and the file is what csv.ts writes for these labels and times.
          expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(labels.map(wellFormed)));
          const trains = new Map<string, number[]>();
          for (const [l, t] of rows) trains.set(l, [...(trains.get(l) ?? []), Number(t)]);
          expect(spikes.equals(Buffer.from(spikesCsv([...trains]), 'utf8'))).toBe(true);
          expect(rows.map((r) => r[0])).toEqual(parseCsv(Buffer.from(mine.spikes!, 'utf8')).slice(1).map((r) => r[0]));
        }
        report.push(`${c.name} (${embed ? 'embedded' : 'data file'}): ${o.ex.plans.length} run block(s), ${files.length} files, NEURON ${(o.ms / 1000).toFixed(1)} s`);
      }, 120_000);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Sweeps: hostile block ids in the swept names, the trace labels they make and the metrics header

/** Ids a sweep line can name (one line, no comment sign or "=", nothing trimmed away), each once. */
const SWEEPABLE = usable(HOSTILE, (s) => s, (s) => /[\r\n#=]/.test(s) || s !== s.trim() || s.length > 200);

/**
 * The hostile compartment graph, 3 ms, every spike detector renamed to a sweepable hostile id
 * and swept (threshold, paired: the same value for all at each point), the sweep and its
 * metrics block with hostile ids too.
 */
function sweepGraph(): { graph: Graph; sweepId: string; metricsId: string } {
  const g = compartmentGraph(['run']);
  const dets = g.nodes.filter((n) => n.type === 'spike-detector').map((n) => n.id);
  const ids = new Map(dets.map((id, k) => [id, SWEEPABLE[k % SWEEPABLE.length] + (k >= SWEEPABLE.length ? ` ${k}` : '')]));
  const sweepId = `sweep"""{__import__('os').system('touch PWNED')}\n`;
  const metricsId = `metrics'''%s\\`;
  const r = renamed(g, (id) => ids.get(id) ?? id);
  node(r, sweepId, 'sweep', { parameters: [...ids.values()].map((id) => `${id}.threshold = -64.5, -64.4`).join('\n'), mode: 'paired' });
  node(r, metricsId, 'metrics', { threshold: -64.5, baselineTo: 1 });
  wire(r, 'run', 'traces', sweepId, 'traces');
  wire(r, sweepId, 'traces', metricsId, 'traces');
  return { graph: r, sweepId, metricsId };
}

describe.skipIf(!hasNeuron)(`NEURON export of a hostile sweep${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, () => {
  it('names hostile blocks only in literals: the script runs, writes exactly the sweep and metrics files, headers as NeuroWire writes them', async () => {
    const { graph, sweepId, metricsId } = sweepGraph();
    expect(SWEEPABLE.length).toBeGreaterThan(25);
    const ex = await exportNeuron(graph, { readText: reader(graph), baseName: 'model', graphName: 'sweep' });
    expect(ex.sweeps.length).toBe(1);
    expect(ex.sweeps[0].names.length).toBe(SPIKE_LABELS.length);
    // Its own folder: the cases above remove theirs when they end.
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-hostile-sweep-'));
    writeFileSync(resolve(dir, 'model.py'), ex.script);
    writeFileSync(resolve(dir, ex.dataFile!), JSON.stringify(ex.data));
    const r = await limited(() =>
      run(PYTHON, ['model.py', '--out', 'OUT'], { cwd: dir, env: { ...process.env, HOME: dir }, maxBuffer: 1 << 24 }).then(
        () => ({ status: 0, stderr: '' }),
        (e: { code?: number; stderr?: string }) => ({ status: typeof e.code === 'number' ? e.code : -1, stderr: e.stderr ?? '' }),
      ),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(MARKER)).toBe(false);
    expect(ex.script).toMatch(/^[\x20-\x7e\n]*$/);
    const ast = spawnSync(PYTHON, ['-c', 'import ast, json, sys\nt = ast.parse(open(sys.argv[1]).read())\nprint(json.dumps({"f": sum(isinstance(n, ast.JoinedStr) for n in ast.walk(t)), "defs": [n.name for n in t.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]}))', resolve(dir, 'model.py')], { encoding: 'utf8' });
    const info = JSON.parse(ast.stdout) as { f: number; defs: string[] };
    expect(info.f).toBe(0);
    for (const d of info.defs) expect(d).toMatch(GENERATED_DEF);
    expect(info.defs).toContain('point_sweep_1');

    const stems = safeFileNames(graph.nodes.map((n) => n.id));
    const [sw, me] = [stems.get(sweepId)!, stems.get(metricsId)!];
    expect(filesUnder(dir)).toEqual(['model.py', ex.dataFile!, 'OUT/run.csv', 'OUT/run.spikes.csv', `OUT/${sw}.csv`, `OUT/${sw}.spikes.csv`, `OUT/${me}.csv`].sort());
    expect(filesUnder(dir).some((f) => /^PWNED/.test(f.split('/').pop()!))).toBe(false);

    // NeuroWire's sweep and metrics of the same graph: the same header bytes, labels and rows.
    const ev = new Session({ graph }, { blockDef, readText: reader(graph), eager: false, runLimits: null });
    try {
      const sweep = await ev.value(sweepId);
      const metrics = await ev.value(metricsId);
      if (!sweep.ok || !metrics.ok) throw new Error('NeuroWire failed the hostile sweep');
      const traces = sweep.values.traces as TracesValue;
      const table = metrics.values.table as TableValue;
      const mine = readFileSync(resolve(dir, 'OUT', `${sw}.csv`));
      const header = Buffer.from(tracesCsv({ ...traces, t: new Float64Array(0) }), 'utf8');
      expect(mine.subarray(0, header.length).equals(header), 'header of the sweep file').toBe(true);
      expect(parseCsv(mine).length).toBe(parseCsv(Buffer.from(tracesCsv(traces))).length);
      const spikes = readFileSync(resolve(dir, 'OUT', `${sw}.spikes.csv`));
      expect(parseCsv(spikes).map((x) => x[0])).toEqual(parseCsv(Buffer.from(spikesCsv(Object.entries(traces.spikes)))).map((x) => x[0]));
      // The metrics: header (swept names), point, swept values and trace columns as NeuroWire writes them.
      const theirs = parseCsv(Buffer.from(tableCsv(table)));
      const ours = parseCsv(readFileSync(resolve(dir, 'OUT', `${me}.csv`)));
      expect(ours.length).toBe(theirs.length);
      expect(ours[0]).toEqual(theirs[0]);
      const n = ex.sweeps[0].names.length;
      for (let k = 0; k < ours.length; k++) expect(ours[k].slice(0, n + 3)).toEqual(theirs[k].slice(0, n + 3));
      console.log(`hostile sweep: ${n} hostile ids swept, ${parseCsv(mine)[0].length - 1} sweep columns, ${ours.length - 1} metrics rows; payloads executed: 0`);
    } finally {
      ev.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
