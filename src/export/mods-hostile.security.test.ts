/**
 * Own mechanisms cannot carry code into a NEURON export: .mod files attached under hostile asset
 * names (quotes, line breaks, paths, `__import__`) with a COMMENT of Python payloads, recorder
 * labels of the same kind, and per-segment expressions whose string literals hold quotes, line
 * breaks and `__import__(...)` calls. The script is checked statically (printable ASCII; Python's
 * own parser finds no name __import__, eval, exec, system or open outside the generated helpers)
 * and run by NEURON in a fresh folder (data file and embedded): exit 0, exactly the expected
 * files (the .mod files under generated names in mod/), no PWNED marker anywhere, and the
 * CSV that `neurowire run` writes. Mechanism names never become paths (sanitisedName).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { blockDef } from '../../nodes/index.ts';
import type { ModMechanism } from '../../nodes/mod-mechanism.ts';
import type { TracesValue } from '../../nodes/values.ts';
import { addAsset, readAssetText } from '../dataflow/assets.ts';
import { tracesCsv } from '../dataflow/csv.ts';
import { Session } from '../dataflow/session.ts';
import type { Graph } from '../dataflow/graph.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { exportNeuron } from './export.ts';
import { modFiles, sanitisedName } from './mods.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const hasNeuron = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const hasNrnivmodl = existsSync('/usr/bin/nrnivmodl') && existsSync('/usr/lib/nrn/nrnmech_makefile');
const work = mkdtempSync(resolve(tmpdir(), 'nw-mods-hostile-'));
const MARKER = resolve(tmpdir(), `nw-mods-pwned-${process.pid}-${Date.now()}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PAYLOADS = [
  `"); __import__("os").system("touch PWNED"); ("`,
  `'''); __import__('os').system('touch ${MARKER}'); ('''`,
  'x\n__import__("os").system("touch PWNED")\n#',
  '{__import__("os").system("touch PWNED")}',
  '../../../tmp/PWNED',
  'a\\"b\r\nc\u2028d',
];

const COMMENT = `COMMENT\n${PAYLOADS.join('\n')}\n"""\n'''\nENDCOMMENT\n`;

async function graph(): Promise<Graph> {
  const g = { format: 'neurowire-graph', version: 1, nodes: [], connections: [], assets: {} } as unknown as Graph;
  const node = (id: string, type: string, params: Record<string, unknown>) => g.nodes.push({ id, type, params, position: [0, 0] } as Graph['nodes'][number]);
  const wire = (a: string, pa: string, b: string, pb: string) => g.connections.push({ from: { node: a, port: pa }, to: { node: b, port: pb } });
  const cahva = await addAsset(g, `${PAYLOADS[0]}\n../x.mod`, 'text/plain', COMMENT + readFileSync(resolve(REPO, 'examples/mod/cahva.mod'), 'utf8'));
  const cad = await addAsset(g, `${PAYLOADS[2]}.mod`, 'text/plain', COMMENT + readFileSync(resolve(REPO, 'examples/mod/cad.mod'), 'utf8'));
  node('load', 'load-skeleton', { source: 'auto', units: 'µm' });
  node('model', 'compartment-model', { res: 40 });
  node('soma', 'select', { mode: 'soma' });
  node('pas', 'insert-mechanism', { mechanism: 'pas', g: 3e-5, e: -65 });
  // Expressions whose strings hold the payloads: false everywhere, so gbar is 2e-4 (a string is only ever compared).
  node('cahva', 'insert-mechanism', { mod: cahva, gbar: `label == '${PAYLOADS[0]}' ? 1 : (label != "${PAYLOADS[2].replace(/"/g, "'")}" ? 2e-4 : 3)` });
  node('cad', 'insert-mechanism', { mod: cad, taur: `label == '${PAYLOADS[3]}' || d < 0 ? 1 : 40` });
  node('clamp', 'current-clamp', { start: 2, duration: 5, current: 0.2 });
  node('r1', 'voltage-recorder', { label: PAYLOADS[0], variable: 'cai' });
  node('r2', 'voltage-recorder', { label: PAYLOADS[2], variable: 'ica' });
  node('r3', 'voltage-recorder', { label: PAYLOADS[1] });
  node('run', 'run', { tstop: 10, v_init: -65, dt: 0.025, celsius: 20 });
  wire('load', 'neuron', 'model', 'neuron');
  wire('load', 'neuron', 'soma', 'neuron');
  const chain = ['model', 'pas', 'cahva', 'cad', 'clamp', 'r1', 'r2', 'r3', 'run'];
  for (let k = 1; k < chain.length; k++) wire(chain[k - 1], 'model', chain[k], 'model');
  for (const id of ['cahva', 'cad', 'clamp', 'r1', 'r2', 'r3']) wire('soma', 'selection', id, 'where');
  return g;
}

const readText = (g: Graph) => async (ref: string) => readAssetText(g, ref);

/** Every file under a folder, relative to it. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...walk(p).map((x) => join(f, x)));
    else out.push(f);
  }
  return out;
}

/** Names a script may only use inside the generated helpers' code, never from a graph. */
const AST_CHECK = `
import ast, sys
tree = ast.parse(open(sys.argv[1], encoding="ascii").read())
bad = [n for n in ast.walk(tree) if (isinstance(n, ast.Name) and n.id in ("__import__", "eval", "exec", "compile", "system", "popen")) or (isinstance(n, ast.Attribute) and n.attr in ("system", "popen", "__import__"))]
fstrings = [n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
print(len(bad), len(fstrings))
`;

describe('mechanism names never become paths', () => {
  it('sanitisedName keeps [A-Za-z0-9_] only; modFiles numbers the files in load order', () => {
    for (const p of PAYLOADS) expect(sanitisedName(p)).toMatch(/^[A-Za-z0-9_]{1,40}$/);
    const mod = (name: string): ModMechanism => ({ file: `../${name}`, text: 'x', def: {} as ModMechanism['def'], description: { name, kind: 'density' } as ModMechanism['description'] });
    const mods = Object.fromEntries(PAYLOADS.map((p) => [p, mod(p)]));
    const files = modFiles(mods, [PAYLOADS[3]]);
    expect(files[0].name).toBe(PAYLOADS[3]);
    for (const f of files) expect(f.file).toMatch(/^m[0-9]{2}_[A-Za-z0-9_]+\.mod$/);
    expect(() => modFiles({ SEClamp: mod('SEClamp') }, [])).toThrow(/NEURON has built in/);
    expect(modFiles({ hh: mod('hh') }, ['hh'])).toEqual([]);
  });
});

describe.skipIf(!hasNeuron || !hasNrnivmodl)(`hostile text around own mechanisms${hasNeuron && hasNrnivmodl ? '' : ' (skipped: NEURON or nrnivmodl is not installed)'}`, () => {
  for (const embed of [false, true]) {
    it(`data ${embed ? 'embedded' : 'in a file'}: the script parses without a dangerous name, runs, writes only the expected files, runs nothing`, async () => {
      const g = await graph();
      const ex = await exportNeuron(g, { readText: readText(g), baseName: 'model', graphName: PAYLOADS[1], command: PAYLOADS[2], embed });
      expect(/^[\x20-\x7e\n]*$/.test(ex.script)).toBe(true);
      // Only as escaped literals (a single quote needs no escape inside a double-quoted one).
      for (const p of [PAYLOADS[0], PAYLOADS[2]]) expect(ex.script).not.toContain(p);
      const dir = resolve(work, embed ? 'embedded' : 'file');
      mkdirSync(dir, { recursive: true });
      writeFileSync(resolve(dir, 'model.py'), ex.script);
      if (ex.dataFile) writeFileSync(resolve(dir, ex.dataFile), JSON.stringify(ex.data));
      const ast = spawnSync(PYTHON, ['-c', AST_CHECK, resolve(dir, 'model.py')], { encoding: 'utf8' });
      expect(ast.stdout.trim()).toBe('0 0');
      const r = await run(PYTHON, [resolve(dir, 'model.py'), '--out', resolve(dir, 'out')], { cwd: dir, maxBuffer: 1 << 24, timeout: 280_000 });
      expect(r.stderr).toContain('compiling 2 .mod file(s)');
      const files = walk(dir);
      expect(files.filter((f) => /PWNED/.test(f))).toEqual([]);
      expect(existsSync(MARKER)).toBe(false);
      const expected = ['model.py', ...(embed ? [] : ['model.data.json']), 'out/run.csv', 'mod/m00_cahva.mod', 'mod/m01_cad.mod', 'mod/built-from.json', 'mod/nrnivmodl-fixed'];
      for (const f of expected) expect(files, f).toContain(f);
      // Besides those, only nrnivmodl's build products inside mod/<arch>/.
      expect(files.filter((f) => !expected.includes(f) && !/^mod\/[A-Za-z0-9_]+\//.test(relative('.', f)))).toEqual([]);
      expect(readFileSync(resolve(dir, 'mod/m00_cahva.mod'), 'utf8')).toBe(ex.data.mods![0].text);
      // The same CSV as NeuroWire's run of the graph (labels byte for byte; numbers to 1e-9).
      const ev = new Session({ graph: g }, { blockDef, readText: readText(g), eager: false, runLimits: null });
      let ours: string;
      try {
        const o = await ev.value('run');
        if (!o.ok) throw new Error(o.message);
        ours = tracesCsv(o.values.traces as TracesValue);
      } finally {
        ev.dispose();
      }
      const theirs = readFileSync(resolve(dir, 'out/run.csv'), 'utf8');
      const headerLines = (s: string) => s.slice(0, s.indexOf('\n0,'));
      expect(headerLines(theirs)).toBe(headerLines(ours));
      const nums = (s: string) => s.slice(s.indexOf('\n0,') + 1).trim().split(/[\n,]/).map(Number);
      const a = nums(ours);
      const b = nums(theirs);
      expect(b.length).toBe(a.length);
      let max = 0;
      a.forEach((x, k) => (max = Math.max(max, Math.abs(x - b[k]))));
      expect(max).toBeLessThan(1e-9);
    }, 300_000);
  }
});
