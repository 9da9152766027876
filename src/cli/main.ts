/**
 * The `neurowire` command line: run graph files headless with the same evaluator and block
 * code as the app.
 *
 *   neurowire run <graph.json> [--set <node>.<param>=<value>]... [--out <dir>] [--no-worker]
 *   neurowire validate <graph.json>
 *   neurowire blocks
 *   neurowire export neuron <graph.json> [--set <node>.<param>=<value>]... [--embed] -o <model.py>
 *
 * Exit status: 0 ok; 1 a block failed (its id and message are printed); 2 invalid graph or
 * arguments. Progress goes to stderr.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { BLOCKS, blockDef } from '../../nodes/index.ts';
import type { BlockDef, ParamSpec, Params, ParamValue } from '../../nodes/types.ts';
import { GraphEvaluator, type NodeStatus } from '../dataflow/evaluator.ts';
import { parseGraph, resolveParams, validateGraph } from '../dataflow/validate.ts';
import { readAssetText } from '../dataflow/assets.ts';
import { parseFileRef, type Graph, type Issue } from '../dataflow/graph.ts';
import { loadEcharts, writeOutputs } from './outputs.ts';
import { exportNeuron } from '../export/export.ts';
import { CoreError } from '../core/errors.ts';

class UsageError extends Error {}

const USAGE = `usage:
  neurowire run <graph.json> [--set <node>.<param>=<value>]... [--out <dir>] [--no-worker]
  neurowire validate <graph.json>
  neurowire blocks
  neurowire export neuron <graph.json> [--set <node>.<param>=<value>]... [--embed] -o <model.py>`;

function say(s: string): void {
  process.stderr.write(s + '\n');
}

function printIssues(issues: Issue[]): boolean {
  let bad = false;
  for (const i of issues) {
    say(`${i.severity}: ${i.message}`);
    if (i.severity === 'error') bad = true;
  }
  return bad;
}

/** Read and validate a graph file; exits 2 on any error. */
function loadGraph(path: string): Graph {
  if (!existsSync(path)) throw new UsageError(`no such graph file: ${path}`);
  const { graph, issues } = parseGraph(readFileSync(path, 'utf8'));
  if (printIssues(issues) || !graph) throw new UsageError(`${path}: the graph is not valid`);
  return graph;
}

/** Parse a `--set` value for a parameter of a given kind; file paths resolve against the current directory. */
function parseSetValue(spec: ParamSpec, text: string): ParamValue {
  switch (spec.kind) {
    case 'number': {
      if (text.trim() === '' && spec.optional) return null;
      const v = Number(text);
      if (!Number.isFinite(v)) throw new UsageError(`--set ${spec.name}: "${text}" is not a number`);
      return v;
    }
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      throw new UsageError(`--set ${spec.name}: "${text}" is not true or false`);
    case 'node-ids':
      if (text.trim() === '') return [];
      return text.split(/[\s,]+/).map((t) => {
        const v = Number(t);
        if (!Number.isInteger(v)) throw new UsageError(`--set ${spec.name}: "${t}" is not a node id`);
        return v;
      });
    case 'file':
      if (text === '' || text.includes(':')) return text;
      return resolve(process.cwd(), text);
    default:
      return text;
  }
}

function applySets(graph: Graph, sets: string[]): void {
  for (const s of sets) {
    const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)=(.*)$/s.exec(s);
    if (!m) throw new UsageError(`--set "${s}": expected <node>.<param>=<value>`);
    const [, id, name, text] = m;
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) throw new UsageError(`--set ${id}.${name}: no block "${id}" in the graph (blocks: ${graph.nodes.map((n) => n.id).join(', ')})`);
    const def = blockDef(node.type);
    const spec = def?.params.find((p) => p.name === name);
    if (!def || !spec) throw new UsageError(`--set ${id}.${name}: block "${id}" (${node.type}) has no parameter "${name}"${def ? ` (it has ${def.params.map((p) => p.name).join(', ')})` : ''}`);
    node.params[name] = parseSetValue(spec, text);
  }
}

/** File parameters: embedded assets, built-ins, or paths relative to the graph file. */
function fileReader(graph: Graph, graphDir: string) {
  return async (ref: string): Promise<string> => {
    const r = parseFileRef(ref);
    if (r.kind === 'asset') return readAssetText(graph, ref);
    if (r.kind === 'builtin') throw new Error(`built-in file "${ref}" is handled by the block`);
    const path = isAbsolute(ref) ? ref : resolve(graphDir, ref);
    if (!existsSync(path)) throw new Error(`file not found: ${path}`);
    return readFileSync(path, 'utf8');
  };
}

/** Every file a parameter names must exist before anything runs (exit 2 naming block and parameter). */
function checkFiles(graph: Graph, graphDir: string): void {
  for (const node of graph.nodes) {
    const def = blockDef(node.type);
    for (const spec of def?.params ?? []) {
      const v = node.params[spec.name];
      if (spec.kind !== 'file' || typeof v !== 'string' || v === '') continue;
      if (parseFileRef(v).kind !== 'path') continue;
      const p = isAbsolute(v) ? v : resolve(graphDir, v);
      if (!existsSync(p)) throw new UsageError(`block "${node.id}" (${node.type}): parameter "${spec.name}" names a file that does not exist: ${p}`);
    }
  }
}

function statusText(id: string, s: NodeStatus): string | null {
  if (s.state === 'running') return `${id}: ${Math.round(s.progress * 100)} %`;
  if (s.state === 'done') return `${id}: done in ${s.ms.toFixed(0)} ms`;
  if (s.state === 'error') return `${id}: error: ${s.message}`;
  return null;
}

async function run(args: string[]): Promise<number> {
  const sets: string[] = [];
  let out = 'out';
  let file: string | null = null;
  let worker = true;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--set') sets.push(args[++k] ?? '');
    else if (a.startsWith('--set=')) sets.push(a.slice(6));
    else if (a === '--out') out = args[++k] ?? '';
    else if (a === '--no-worker') worker = false;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!file) throw new UsageError('run: give a graph file');
  const path = resolve(process.cwd(), file);
  const graph = loadGraph(path);
  applySets(graph, sets);
  if (printIssues(validateGraph(graph))) throw new UsageError(`${file}: the graph is not valid after --set`);
  checkFiles(graph, dirname(path));
  const t0 = performance.now();
  // Start-up: from process start (performance.now()'s origin) to the first simulation step.
  let startupMs: number | null = null;
  const heavyRunner = worker ? (await import('../worker/node-runner.ts')).nodeWorkerRunner() : undefined;
  const ev = new GraphEvaluator(graph, {
    blockDef,
    resolveParams: (node, def) => resolveParams(graph.nodes.find((n) => n.id === node.id)!, def),
    readText: fileReader(graph, dirname(path)),
    heavyRunner,
  });
  mkdirSync(out, { recursive: true });
  if (graph.nodes.some((n) => Object.values(blockDef(n.type)?.outputs ?? {}).some((o) => o.type === 'figure'))) await loadEcharts();
  const summary: Record<string, unknown> = {};
  let failed = 0;
  for (const node of graph.nodes) {
    ev.status$(node.id).subscribe((s) => {
      if (s.state === 'running' && startupMs === null && blockDef(node.type)?.heavy && node.type !== 'split-axon-dendrite') startupMs = performance.now();
      const t = statusText(node.id, s);
      if (t && (s.state !== 'running' || Math.round(s.progress * 100) % 25 === 0)) say(t);
    });
  }
  // Every block's output (sinks and the values the CLI writes files for).
  for (const node of graph.nodes) {
    const def = blockDef(node.type) as BlockDef;
    const o = await ev.value(node.id);
    let ms: number | null = null;
    ev.status$(node.id)
      .subscribe((s) => (ms = s.state === 'done' ? s.ms : ms))
      .unsubscribe();
    if (!o.ok) {
      if (o.origin === node.id) {
        failed++;
        say(`block "${node.id}" (${node.type}) failed: ${o.message}`);
      }
      summary[node.id] = { type: node.type, ok: false, message: o.message };
      continue;
    }
    const files: string[] = [];
    const warnings: string[] = [];
    for (const [port, value] of Object.entries(o.values)) {
      const kind = (value as { kind?: string })?.kind;
      if (def.sink || kind === 'traces' || kind === 'spikes') files.push(...writeOutputs(out, node.id, value));
      const w = (value as { warnings?: string[] })?.warnings;
      if (w?.length) warnings.push(...w);
      void port;
    }
    summary[node.id] = { type: node.type, kind: Object.values(def.outputs).map((s) => s.type), ok: true, files, ms, warnings: [...new Set(warnings)] };
  }
  ev.dispose();
  heavyRunner?.close();
  writeFileSync(resolve(out, 'summary.json'), JSON.stringify({ graph: file, startup_ms: startupMs, total_ms: performance.now(), blocks: summary }, null, 2) + '\n');
  say(`wrote ${out}/ (${Object.values(summary).reduce((a: number, b) => a + (((b as { files?: string[] }).files?.length ?? 0) as number), 0)} files); ${failed ? `${failed} block(s) failed` : 'all blocks ok'}`);
  return failed ? 1 : 0;
}

/**
 * `export neuron`: evaluate the graph up to every run block's input and write one standalone
 * NEURON script (model.py) plus its data file (model.data.json) next to it, or with --embed the
 * data inside the script. Exit 1 when a block
 * fails or has no NEURON equivalent (the message names it), 2 for bad arguments.
 */
async function exportCmd(args: string[]): Promise<number> {
  const [target, ...rest] = args;
  if (target !== 'neuron') throw new UsageError(`export: unknown target ${target ? `"${target}"` : '(none)'}; only "neuron" is known`);
  const sets: string[] = [];
  let outFile: string | null = null;
  let file: string | null = null;
  let embed = false;
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k];
    if (a === '--embed') embed = true;
    else if (a === '--set') sets.push(rest[++k] ?? '');
    else if (a.startsWith('--set=')) sets.push(a.slice(6));
    else if (a === '-o' || a === '--out') outFile = rest[++k] ?? '';
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!file) throw new UsageError('export neuron: give a graph file');
  if (!outFile) throw new UsageError('export neuron: give the script to write with -o <model.py>');
  if (!outFile.endsWith('.py')) throw new UsageError(`export neuron: the script must end in .py, got ${outFile}`);
  const path = resolve(process.cwd(), file);
  const graph = loadGraph(path);
  applySets(graph, sets);
  if (printIssues(validateGraph(graph))) throw new UsageError(`${file}: the graph is not valid after --set`);
  checkFiles(graph, dirname(path));
  const script = resolve(process.cwd(), outFile);
  const base = basename(script).slice(0, -'.py'.length);
  try {
    const ex = await exportNeuron(graph, {
      readText: fileReader(graph, dirname(path)),
      baseName: base,
      graphName: basename(path),
      command: ['neurowire export neuron', basename(path), ...sets.map((s) => `--set ${s}`), ...(embed ? ['--embed'] : []), '-o', basename(script)].join(' '),
      embed,
    });
    for (const w of ex.warnings) say(`warning: ${w}`);
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, ex.script, { mode: 0o755 });
    if (ex.dataFile) writeFileSync(resolve(dirname(script), ex.dataFile), JSON.stringify(ex.data) + '\n');
    const what = ex.plans.map((p) => (p.kind === 'compartment' ? `${p.runId}: ${p.sections.length} sections` : `${p.runId}: ${p.names.length} neurons`)).join('; ');
    say(`wrote ${outFile}${ex.dataFile ? ` and ${ex.dataFile}` : ' (data embedded)'} (${what}); run: python3 ${outFile} --out DIR`);
    return 0;
  } catch (e) {
    if (e instanceof CoreError) {
      say(`export failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

function blocks(): number {
  for (const b of BLOCKS) {
    const io = `${Object.entries(b.inputs)
      .map(([k, v]) => `${k}:${v.type}${v.optional ? '?' : ''}`)
      .join(', ')} → ${Object.entries(b.outputs)
      .map(([k, v]) => `${k}:${v.type}`)
      .join(', ')}`;
    console.log(`${b.type} (${b.category}) ${io}\n  ${b.description}`);
    for (const p of b.params) {
      const unit = p.kind === 'number' && p.unit ? ` ${p.unit}` : '';
      const range = p.kind === 'number' && (p.min !== undefined || p.max !== undefined) ? ` [${p.min ?? '−∞'}, ${p.max ?? '∞'}]` : p.kind === 'enum' ? ` {${p.options.join(' | ')}}` : '';
      console.log(`    ${p.name} = ${JSON.stringify(p.default)}${unit}${range}: ${p.help}`);
    }
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'run') return await run(rest);
    if (cmd === 'validate') {
      if (!rest[0]) throw new UsageError('validate: give a graph file');
      loadGraph(resolve(process.cwd(), rest[0]));
      say(`${rest[0]}: valid`);
      return 0;
    }
    if (cmd === 'blocks') return blocks();
    if (cmd === 'export') return await exportCmd(rest);
    throw new UsageError(cmd ? `unknown command "${cmd}"` : 'no command');
  } catch (e) {
    if (e instanceof UsageError) {
      say(e.message);
      if (/unknown command|no command/.test(e.message)) say(USAGE);
      return 2;
    }
    say(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
