/**
 * The `neurowire` command line: run graph files headless with the same evaluator and block
 * code as the app.
 *
 *   neurowire run <graph.json> [--set <node>.<param>=<value>]... [--out <dir>] [--allow-paths] [--no-worker] [--jobs N]
 *   neurowire validate <graph.json> [--allow-paths]
 *   neurowire blocks [<type>] [--mod <file.mod>]
 *   neurowire help
 *   neurowire export neuron <graph.json> [--set <node>.<param>=<value>]... [--allow-paths] [--embed] -o <model.py>
 *   neurowire mod check <file.mod> [--builtin] [--strict-units]
 *
 * A graph comes from anyone, so it may not choose what the CLI touches: its file parameters may
 * name only regular files inside the graph file's folder, each at most 256 MiB
 * (NEUROWIRE_MAX_FILE_BYTES), unless --allow-paths (asset-paths.ts); paths given with --set are
 * the user's own; `run` writes only into --out, under names made by safeFileNames.
 *
 * Exit status: 0 ok; 1 a block failed (its id and message are printed); 2 invalid graph or
 * arguments, or a file the graph may not read; 3 internal error (a bug: one line, the stack
 * with NEUROWIRE_DEBUG=1). The process always exits. Progress goes to stderr.
 */
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { BLOCKS, blockDef } from '../../nodes/index.ts';
import type { BlockDef, ParamSpec, Params, ParamValue } from '../../nodes/types.ts';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import { Session } from '../dataflow/session.ts';
import { flattenGraph, graphLookup, SubgraphError } from '../dataflow/subgraph.ts';
import { parseGraph, validateGraph } from '../dataflow/validate.ts';
import { rangeText, resolveParams } from '../dataflow/params.ts';
import { convertUnit } from '../dataflow/units.ts';
import { readAssetText, withAssetNames } from '../dataflow/assets.ts';
import { parseFileRef, type Graph, type Issue, type JsonValue } from '../dataflow/graph.ts';
import { loadEcharts, summaryJson, writeFresh, writeOutputs } from './outputs.ts';
import { exportNeuron } from '../export/export.ts';
import { modCommand } from './mod-check.ts';
import { workerPool } from '../worker/pool.ts';
import { setNetworkParallelism } from '../core/network/parallel-host.ts';
import { nodeNetworkParallelism } from '../worker/network-parallel.node.ts';
import { CoreError } from '../core/errors.ts';
import { safeFileNames } from '../dataflow/safe-names.ts';
import { fileBytesReader } from './asset-bytes.ts';
import { checkAssetPath, FileRefused, maxFileBytes, maxStreamBytes, readAssetPath, readBoundedText, shown, type PathPolicy } from './asset-paths.ts';

/** Exit statuses (documented in USAGE and the README). */
export const EXIT = { ok: 0, blockFailed: 1, invalid: 2, internal: 3 } as const;

/** Bad arguments, an invalid graph or a refused file: exit 2 with the message. */
class UsageError extends Error {}

const USAGE = `usage:
  neurowire run <graph.json> [--set <node>.<param>=<value>]... [--out <dir>] [--allow-paths] [--no-worker] [--jobs N]
  neurowire validate <graph.json> [--allow-paths]
  neurowire blocks [<type>] [--mod <file.mod>]
  neurowire help
  neurowire export neuron <graph.json> [--set <node>.<param>=<value>]... [--allow-paths] [--embed] -o <model.py>
  neurowire mod check <file.mod> [--builtin] [--strict-units]

  A graph's file parameters may name only regular files inside the graph file's folder (at most
  256 MiB, or NEUROWIRE_MAX_FILE_BYTES; an edge list, read as a stream, at most 16 GiB, or
  NEUROWIRE_MAX_STREAM_BYTES); --allow-paths also allows absolute paths and paths
  outside it. Files given with --set are read wherever they are. run writes only into --out.
  --jobs N (default: the machine's cores) caps the worker threads of a sweep's points and of a
  network run, which a big network (edges × seconds ≥ 2,000,000) spreads over when its
  partitions give the spikes of one queue.

exit status: 0 ok; 1 a block failed; 2 invalid graph or arguments, or a file the graph may not
  read; 3 internal error (please report it; NEUROWIRE_DEBUG=1 prints the stack)`;

/**
 * Write a line to stderr. Graph text (ids, labels, file names) reaches messages, so terminal
 * control characters are shown escaped, never sent to the terminal.
 */
function say(s: string): void {
  process.stderr.write(s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n');
}

/** A block id for messages: as it is when plain, else quoted with escapes and cut. */
function idText(id: string): string {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : shown(id, 60);
}

/** A message as one line: graph text quoted in it (a path with a newline) must not fake another line of output. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '\\n');
}

function printIssues(issues: Issue[]): boolean {
  let bad = false;
  for (const i of issues) {
    say(`${i.severity}: ${oneLine(i.message)}`);
    if (i.severity === 'error') bad = true;
  }
  return bad;
}

/** The file-size cap, or a usage error for a bad NEUROWIRE_MAX_FILE_BYTES. */
function maxBytes(): number {
  const m = maxFileBytes();
  if (typeof m !== 'number') throw new UsageError(m.error);
  return m;
}

/** The streamed-file cap, or a usage error for a bad NEUROWIRE_MAX_STREAM_BYTES. */
function streamBytes(): number {
  const m = maxStreamBytes();
  if (typeof m !== 'number') throw new UsageError(m.error);
  return m;
}

/** Read and validate a graph file (a regular file within the size cap); exits 2 on any error. */
function loadGraph(path: string): Graph {
  const c = checkAssetPath(path, { graphDir: dirname(path), allowPaths: true, maxBytes: maxBytes(), userPaths: new Set() });
  if (!c.ok) throw new UsageError(c.reason.startsWith('names a file that does not exist') ? `no such graph file: ${shown(path)}` : `graph file ${c.reason.replace(/^names /, '')}`);
  let text: string;
  try {
    text = readBoundedText(c.path, maxBytes());
  } catch (e) {
    if (e instanceof FileRefused) throw new UsageError(`graph file ${e.message}`);
    throw new UsageError(`cannot read the graph file ${shown(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { graph, issues } = parseGraph(text);
  if (printIssues(issues) || !graph) throw new UsageError(`${shown(path)}: the graph is not valid`);
  return graph;
}

/**
 * The graph of `run` and `export`: read, `--set`s applied, checked, and its files allowed by
 * the path policy (a refused file is a usage error naming it).
 */
async function prepareGraph(file: string, sets: string[], allowPaths: boolean): Promise<{ path: string; graph: Graph; policy: PathPolicy }> {
  const path = resolve(process.cwd(), file);
  const doc = loadGraph(path);
  const { userPaths, deferred } = applySets(doc, sets);
  if (printIssues(validateGraph(doc))) throw new UsageError(`${shown(file)}: the graph is not valid after --set`);
  // Subgraph instances become their blocks (`inst/inner` ids), as the app's session runs them.
  let graph: Graph;
  try {
    graph = flattenGraph(doc, blockDef).graph;
  } catch (e) {
    if (e instanceof SubgraphError) throw new UsageError(`${shown(file)}: ${e.message}`);
    throw e;
  }
  const policy = pathPolicy(path, allowPaths, userPaths);
  checkFiles(graph, policy);
  await applyDynamicSets(graph, deferred, fileReader(graph, policy));
  return { path, graph, policy };
}

/**
 * `--set`s of parameters a block takes from its file (a mechanism's PARAMETERs from its .mod):
 * the block's parameters are computed as the run will compute them, then each value is parsed
 * for its spec. A name the file does not declare is a usage error naming block and parameter.
 */
async function applyDynamicSets(graph: Graph, deferred: Array<{ id: string; name: string; text: string }>, readText: (ref: string) => Promise<string>): Promise<void> {
  for (const { id, name, text } of deferred) {
    const node = graph.nodes.find((n) => n.id === id)!;
    const def = blockDef(node.type)!;
    let specs: ParamSpec[];
    try {
      specs = await def.paramsFrom!({}, resolveParams(node, def), { readText, signal: new AbortController().signal });
    } catch (e) {
      throw new UsageError(`--set ${id}.${name}: block "${id}" (${node.type}): ${oneLine(e instanceof Error ? e.message : String(e))}`);
    }
    const spec = specs.find((p) => p.name === name);
    if (!spec) throw new UsageError(`--set ${id}.${name}: block "${id}" (${node.type}) has no parameter "${name}" (it has ${[...def.params, ...specs].map((p) => p.name).join(', ')})`);
    node.params[name] = parseSetValue(spec, text);
  }
}

/** Parse a `--set` value for a parameter of a given kind; file paths resolve against the current directory. */
function parseSetValue(spec: ParamSpec, text: string): JsonValue {
  switch (spec.kind) {
    case 'number': {
      if (text.trim() === '' && spec.optional) return null;
      const v = Number(text);
      if (Number.isFinite(v)) return v;
      // "0.5s", "100 ohm cm": a number with a unit, converted and checked by the one reader.
      const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S.*?)\s*$/.exec(text);
      // A per-segment quantity takes an expression of the segment too ("0.0002*exp(d/323)"): the reader checks it.
      if (spec.perSegment && !(m && convertUnit(1, m[2], spec.unit).ok)) return text;
      if (m) return { value: Number(m[1]), unit: m[2] };
      throw new UsageError(`--set ${spec.name}: "${text}" is not a number${spec.kind === 'number' && spec.unit ? ` (in ${spec.unit}, or with its unit: 0.5s, 8nm)` : ''}`);
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
      // asset:/builtin: references as they are; any path (a colon in a file name too) against the current folder.
      if (parseFileRef(text).kind !== 'path') return text;
      return resolve(process.cwd(), text.trim());
    default:
      return text;
  }
}

/**
 * Apply `--set`s; returns the file paths they gave (the user's own choice, read wherever they
 * are), and those of parameters the block computes from its file (applied once files may be read).
 */
function applySets(graph: Graph, sets: string[]): { userPaths: Set<string>; deferred: Array<{ id: string; name: string; text: string }> } {
  const userPaths = new Set<string>();
  const deferred: Array<{ id: string; name: string; text: string }> = [];
  for (const s of sets) {
    const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)=(.*)$/s.exec(s);
    if (!m) throw new UsageError(`--set "${s}": expected <node>.<param>=<value>`);
    const [, id, name, text] = m;
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) throw new UsageError(`--set ${id}.${name}: no block "${id}" in the graph (blocks: ${graph.nodes.slice(0, 20).map((n) => idText(n.id)).join(', ')}${graph.nodes.length > 20 ? ', …' : ''})`);
    // A subgraph instance's parameters are its exposed ones.
    const def = graphLookup(() => graph, blockDef)(node.type);
    const spec = def?.params.find((p) => p.name === name);
    if (def && !spec && def.paramsFrom) {
      deferred.push({ id, name, text });
      continue;
    }
    if (!def || !spec) throw new UsageError(`--set ${id}.${name}: block "${id}" (${node.type}) has no parameter "${name}"${def ? ` (it has ${def.params.map((p) => p.name).join(', ')})` : ''}`);
    const v = parseSetValue(spec, text);
    node.params[name] = v;
    if (spec.kind === 'file' && typeof v === 'string' && parseFileRef(v).kind === 'path') userPaths.add(v);
  }
  return { userPaths, deferred };
}

/**
 * File parameters: embedded assets, built-ins, or paths relative to the graph file, read under
 * the policy (checkFiles has refused bad paths already; this holds even if a block reads others).
 */
function fileReader(graph: Graph, policy: PathPolicy) {
  return async (ref: string): Promise<string> => {
    const r = parseFileRef(ref);
    if (r.kind === 'asset') return readAssetText(graph, ref);
    if (r.kind === 'builtin') throw new Error(`built-in file "${ref}" is handled by the block`);
    if (r.kind !== 'path') throw new Error(r.kind === 'invalid' ? r.reason : 'no file given');
    try {
      return readAssetPath(ref, policy);
    } catch (e) {
      // Words for the block to quote; an OS error code, never the file's content.
      if (e instanceof FileRefused) throw new Error(e.message);
      throw new Error(`cannot read ${shown(ref)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
}

/**
 * Every file a parameter names must be one the graph may read (inside its folder unless
 * --allow-paths, a regular file, within the size cap) before anything runs. Returns one line per
 * refused parameter, naming block, parameter and why; empty when all are fine.
 */
function fileProblems(graph: Graph, policy: PathPolicy): string[] {
  const out: string[] = [];
  for (const node of graph.nodes) {
    const def = blockDef(node.type);
    for (const spec of def?.params ?? []) {
      const v = node.params[spec.name];
      if (spec.kind !== 'file' || typeof v !== 'string' || v === '') continue;
      if (parseFileRef(v).kind !== 'path') continue;
      const c = checkAssetPath(v, policy, spec.streamed === true);
      if (!c.ok) out.push(`block "${idText(node.id)}" (${node.type}): parameter "${spec.name}" ${c.reason}`);
    }
  }
  return out;
}

/** fileProblems as a usage error (exit 2): every refused parameter on its own line. */
function checkFiles(graph: Graph, policy: PathPolicy): void {
  const problems = fileProblems(graph, policy);
  if (problems.length) throw new UsageError(problems.join('\n'));
}

/** The path policy for a graph file at `path`. */
function pathPolicy(path: string, allowPaths: boolean, userPaths: ReadonlySet<string>): PathPolicy {
  return { graphDir: dirname(path), allowPaths, maxBytes: maxBytes(), maxStreamBytes: streamBytes(), userPaths };
}

/** A path's real path, or the path when it cannot be resolved (a dangling link). */
function realOrSame(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Run `f`, which writes files where the user said (--out, -o); a file-system refusal (full disk,
 * no permission, a file where a folder should be) is the user's to fix: exit 2 in words, not 3.
 */
function writing<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = { ENOSPC: 'the disk is full', EACCES: 'no permission', EPERM: 'no permission', EROFS: 'a read-only file system', EEXIST: 'a file is in the way of a folder', ENOTDIR: 'a file is in the way of a folder', EISDIR: 'a folder is in the way of a file' };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new UsageError(`cannot write into ${shown(where)} (${code}${why[code] ? `: ${why[code]}` : ''})`);
    throw e;
  }
}

/**
 * Tests only, after the block worker started, to check exit 3 and that the process ends:
 * NEUROWIRE_TEST_INTERNAL_ERROR=1 throws; =lost waits on a promise nothing will settle, with the
 * (idle) block worker still alive, as when an evaluation loses track of its work.
 */
async function testInternalError(): Promise<void> {
  const mode = process.env.NEUROWIRE_TEST_INTERNAL_ERROR;
  if (mode === '1') throw new Error('injected by NEUROWIRE_TEST_INTERNAL_ERROR');
  if (mode === 'lost') await new Promise(() => {});
}

function statusText(id: string, s: NodeStatus, graph: Graph): string | null {
  const name = idText(id);
  if (s.state === 'running') return `${name}: ${Math.round(s.progress * 100)} %`;
  if (s.state === 'done') return `${name}: done in ${s.ms.toFixed(0)} ms`;
  if (s.state === 'error') return `${name}: error: ${oneLine(withAssetNames(s.message, graph))}`;
  return null;
}

async function run(args: string[]): Promise<number> {
  const sets: string[] = [];
  let out = 'out';
  let file: string | null = null;
  let worker = true;
  let allowPaths = false;
  let jobs = availableParallelism();
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--set') sets.push(args[++k] ?? '');
    else if (a.startsWith('--set=')) sets.push(a.slice(6));
    else if (a === '--out') out = args[++k] ?? '';
    else if (a === '--no-worker') worker = false;
    else if (a === '--allow-paths') allowPaths = true;
    else if (a === '--jobs' || a.startsWith('--jobs=')) {
      const v = a === '--jobs' ? (args[++k] ?? '') : a.slice(7);
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1024) throw new UsageError(`--jobs needs a whole number of workers from 1 to 1024, got ${shown(v)}`);
      jobs = Number(v);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${shown(a)}`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument ${shown(a)}`);
  }
  if (!file) throw new UsageError('run: give a graph file');
  if (!out) throw new UsageError('run: --out needs a folder');
  const { graph, policy } = await prepareGraph(file, sets, allowPaths);
  // Output names for every block at once, so that they agree with the NEURON export's.
  const names = safeFileNames(graph.nodes.map((n) => n.id));
  // A link as --out would put the files somewhere else (an `out` link shipped with a graph); the real folder may be named instead.
  if (lstatSync(out, { throwIfNoEntry: false })?.isSymbolicLink()) throw new UsageError(`run: --out ${shown(out)} is a symbolic link to ${shown(realOrSame(out))}; give that folder itself`);
  writing(out, () => mkdirSync(out, { recursive: true }));
  // Start-up: from process start (performance.now()'s origin) to the first simulation step.
  let startupMs: number | null = null;
  const nodeRunner = worker ? (await import('../worker/node-runner.ts')).nodeWorkerRunner : undefined;
  // A network run in it may use --jobs threads of its own (partitions); in this thread with --no-worker.
  // Its computations run one at a time, in order (queued), because it is also the sweep pool's first member.
  const heavyRunner = nodeRunner?.({ networkJobs: jobs, queued: true });
  if (!worker && jobs > 1) setNetworkParallelism(nodeNetworkParallelism(jobs));
  // A sweep's points: one worker thread per core (or --jobs). The first is the heavy blocks' worker, which
  // has loaded the code and compiled the base model by then (one start-up fewer; its engine serves the first
  // point); when the graph sweeps or fits, the others start with its first simulation, while this thread
  // waits for it (started with the command, they slowed its own start-up: 2.23 vs 2.12 s in sweep-da1),
  // else when a sweep needs them.
  // Each member is sent its next point while it computes one (queued, two at a time): it never waits for this thread.
  let members = 0;
  const sweepPool = nodeRunner ? workerPool(() => (members++ === 0 && heavyRunner ? heavyRunner : nodeRunner({ queued: true })), jobs, 2) : undefined;
  const sweeps = graph.nodes.some((n) => blockDef(n.type)?.sweeps);
  // The one graph runner, asked for every block at once below (each is computed once).
  const ev = new Session({ graph }, { readText: fileReader(graph, policy), readBytes: fileBytesReader(graph, policy), heavy: heavyRunner, sweepPool, startReevaluated: true, eager: false, runLimits: null, streamedFilesHere: true });
  // A Map: block ids are graph text, `__proto__` included (summaryJson writes it as a key).
  const summary = new Map<string, unknown>();
  let failed = 0;
  let written = 0;
  try {
    await testInternalError();
    if (graph.nodes.some((n) => Object.values(blockDef(n.type)?.outputs ?? {}).some((o) => o.type === 'figure'))) await loadEcharts();
    for (const node of graph.nodes) {
      ev.status$(node.id).subscribe((s) => {
        if (s.state === 'running' && blockDef(node.type)?.runs) {
          startupMs ??= performance.now();
          if (sweeps) sweepPool?.warm();
        }
        const t = statusText(node.id, s, graph);
        if (t && (s.state !== 'running' || Math.round(s.progress * 100) % 25 === 0)) say(t);
      });
    }
    // Every block's output (sinks and the values the CLI writes files for), all asked for at
    // once: independent blocks compute side by side (a sweep's points beside the run it varies),
    // and the files are written in the graph's order.
    const values = new Map(graph.nodes.map((node) => [node.id, ev.value(node.id)] as const));
    // Awaited in order below; one that fails before its turn must not count as unhandled meanwhile.
    for (const v of values.values()) v.catch(() => undefined);
    for (const node of graph.nodes) {
      const def = blockDef(node.type) as BlockDef;
      const o = await values.get(node.id)!;
      let ms: number | null = null;
      ev.status$(node.id)
        .subscribe((s) => (ms = s.state === 'done' ? s.ms : ms))
        .unsubscribe();
      if (!o.ok) {
        if (o.origin === node.id) {
          failed++;
          say(`block "${idText(node.id)}" (${node.type}) failed: ${oneLine(withAssetNames(o.message, graph))}`);
        }
        summary.set(node.id, { type: node.type, ok: false, message: withAssetNames(o.message, graph) });
        continue;
      }
      const files: string[] = [];
      const warnings: string[] = [];
      let nth = 0;
      for (const [port, value] of Object.entries(o.values)) {
        const kind = (value as { kind?: string })?.kind;
        if (def.sink || kind === 'traces' || kind === 'spikes') {
          // The first output written is <stem>.csv; a block with more (a fit's fitted values and cost) adds <stem>.<output>.csv.
          const suffix = nth++ === 0 ? undefined : port;
          const w = writing(out, () => writeOutputs(out, names.get(node.id)!, value, suffix));
          files.push(...w.files);
          for (const m of w.warnings) say(`warning: block "${idText(node.id)}": ${oneLine(m)}`);
          warnings.push(...w.warnings);
        }
        const w = (value as { warnings?: string[] })?.warnings;
        if (w?.length) warnings.push(...w);
      }
      written += files.length;
      summary.set(node.id, { type: node.type, kind: Object.values(def.outputs).map((s) => s.type), ok: true, files, ms, warnings: [...new Set(warnings)], ...(def.summary ? def.summary(o.values) : {}) });
    }
  } finally {
    // Always, also after an internal error: a live worker thread would keep the process running.
    ev.dispose(); // closes the worker too
    sweepPool?.close();
  }
  const summaryText = summaryJson({ graph: file, startup_ms: startupMs, total_ms: performance.now() }, summary);
  writing(out, () => writeFresh(resolve(out, 'summary.json'), summaryText));
  say(`wrote ${shown(out)}/ (${written} files); ${failed ? `${failed} block(s) failed` : 'all blocks ok'}`);
  return failed ? EXIT.blockFailed : EXIT.ok;
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
  let allowPaths = false;
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k];
    if (a === '--embed') embed = true;
    else if (a === '--allow-paths') allowPaths = true;
    else if (a === '--set') sets.push(rest[++k] ?? '');
    else if (a.startsWith('--set=')) sets.push(a.slice(6));
    else if (a === '-o' || a === '--out') outFile = rest[++k] ?? '';
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${shown(a)}`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument ${shown(a)}`);
  }
  if (!file) throw new UsageError('export neuron: give a graph file');
  if (!outFile) throw new UsageError('export neuron: give the script to write with -o <model.py>');
  if (!outFile.endsWith('.py')) throw new UsageError(`export neuron: the script must end in .py, got ${shown(outFile)}`);
  const { path, graph, policy } = await prepareGraph(file, sets, allowPaths);
  const script = resolve(process.cwd(), outFile);
  const base = basename(script).slice(0, -'.py'.length);
  try {
    const ex = await exportNeuron(graph, {
      readText: fileReader(graph, policy),
      baseName: base,
      graphName: basename(path),
      command: ['neurowire export neuron', basename(path), ...sets.map((s) => `--set ${s}`), ...(embed ? ['--embed'] : []), '-o', basename(script)].join(' '),
      embed,
    });
    for (const w of ex.warnings) say(`warning: ${oneLine(w)}`);
    writing(dirname(script), () => {
      mkdirSync(dirname(script), { recursive: true });
      writeFresh(script, ex.script, 0o755);
      if (ex.dataFile) writeFresh(resolve(dirname(script), ex.dataFile), JSON.stringify(ex.data) + '\n');
      // The .mod files next to the script, under the export's generated names (never the graph's).
      for (const f of ex.modFiles) {
        mkdirSync(dirname(resolve(dirname(script), f.path)), { recursive: true });
        writeFresh(resolve(dirname(script), f.path), f.text);
      }
    });
    const what = [
      ...ex.plans.map((p) => (p.kind === 'compartment' ? `${idText(p.runId)}: ${p.sections.length} sections` : `${idText(p.runId)}: ${p.names.length} neurons`)),
      ...ex.sweeps.map((s) => `${idText(s.id)}: ${s.points.length} points`),
    ].join('; ');
    say(`wrote ${shown(outFile)}${ex.dataFile ? ` and ${shown(ex.dataFile)}` : ' (data embedded)'} (${what}); run: python3 ${shown(outFile)} --out DIR`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CoreError) {
      say(`export failed: ${oneLine(e.message)}`);
      return EXIT.blockFailed;
    }
    throw e;
  }
}

/** One parameter as `blocks` lists it: name, default, unit, range or options, help. */
function paramLine(p: ParamSpec): string {
  const unit = p.kind === 'number' && p.unit ? ` ${p.unit}` : '';
  // The reader's own words for what a value may be (one wording with the errors).
  const range = p.kind === 'number' && rangeText(p) ? ` (${rangeText(p)})` : p.kind === 'enum' ? ` {${p.options.join(' | ')}}${p.aliases ? `, also ${Object.keys(p.aliases).join(', ')}` : ''}` : '';
  const segment = p.kind === 'number' && p.perSegment ? ' [per segment: a number or an expression of d, x, y, z, diam, label]' : '';
  return `    ${p.name} = ${JSON.stringify(p.default)}${unit}${range}${segment}: ${p.help}`;
}

/**
 * `blocks [<type>] [--mod <file.mod>]`: every block (or one) with its sockets and parameters. A
 * block whose parameters come from a mechanism lists those of its default one, or with --mod
 * those of the file (read from where the user points: it is their own path).
 */
async function blocks(args: string[]): Promise<number> {
  let only: string | null = null;
  let mod: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--mod') {
      mod = args[++i] ?? null;
      if (!mod) throw new UsageError('blocks: --mod needs a .mod file');
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${shown(a)}`);
    else if (only === null) only = a;
    else throw new UsageError(`unexpected argument ${shown(a)}`);
  }
  if (only !== null && !BLOCKS.some((b) => b.type === only)) throw new UsageError(`blocks: no block type ${shown(only)} (see neurowire blocks)`);
  const chosen = BLOCKS.filter((b) => only === null || b.type === only);
  if (mod && !chosen.some((b) => b.params.some((p) => p.name === 'mod'))) throw new UsageError(`blocks: --mod applies to a block that takes a .mod file (insert-mechanism, point-process)`);
  for (const b of chosen) {
    const io = `${Object.entries(b.inputs)
      .map(([k, v]) => `${k}:${v.type}${v.optional ? '?' : ''}`)
      .join(', ')} → ${Object.entries(b.outputs)
      .map(([k, v]) => `${k}:${v.type}`)
      .join(', ')}`;
    console.log(`${b.type} (${b.category}) ${io}\n  ${b.description}`);
    for (const p of b.params) console.log(paramLine(p));
    if (!b.paramsFrom) continue;
    const params: Params = Object.fromEntries(b.params.map((p) => [p.name, p.default as ParamValue]));
    const withMod = mod !== null && b.params.some((p) => p.name === 'mod');
    if (withMod) params.mod = resolve(process.cwd(), mod!);
    const limit = maxFileBytes();
    if (typeof limit !== 'number') throw new UsageError(limit.error);
    try {
      const specs = await b.paramsFrom({}, params, { readText: (ref) => Promise.resolve(readBoundedText(ref, limit)), signal: new AbortController().signal });
      console.log(`  parameters ${withMod ? `from ${shown(basename(mod!))}` : 'of its default mechanism'}:`);
      for (const p of specs) console.log(paramLine(p));
    } catch (e) {
      if (e instanceof CoreError || e instanceof FileRefused) throw new UsageError(`${b.type}: ${e.message}`);
      if (e instanceof Error && 'code' in e) throw new UsageError(`${b.type}: cannot read ${shown(mod ?? '')}: ${e.message}`);
      throw e;
    }
  }
  return 0;
}

/** `validate`: the graph, then every file it names (all problems listed); 0 valid, 2 not. */
function validateCmd(args: string[]): number {
  let file: string | null = null;
  let allowPaths = false;
  for (const a of args) {
    if (a === '--allow-paths') allowPaths = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${shown(a)}`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument ${shown(a)}`);
  }
  if (!file) throw new UsageError('validate: give a graph file');
  const path = resolve(process.cwd(), file);
  const graph = loadGraph(path);
  const problems = fileProblems(graph, pathPolicy(path, allowPaths, new Set()));
  for (const p of problems) say(`error: ${p}`);
  if (problems.length) throw new UsageError(`${shown(file)}: the graph is not valid`);
  say(`${shown(file)}: valid`);
  return EXIT.ok;
}

/** One line for an internal error; the stack only with NEUROWIRE_DEBUG=1. */
function reportInternal(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  say(`internal error: ${oneLine(message)} (please report; run with NEUROWIRE_DEBUG=1 for the stack)`);
  if (process.env.NEUROWIRE_DEBUG === '1' && e instanceof Error && e.stack) say(e.stack);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'run') return await run(rest);
    if (cmd === 'validate') return validateCmd(rest);
    if (cmd === 'blocks') return await blocks(rest);
    if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
      process.stdout.write(USAGE + '\n');
      return EXIT.ok;
    }
    if (cmd === 'export') return await exportCmd(rest);
    if (cmd === 'mod') return modCommand(rest);
    throw new UsageError(cmd ? `unknown command ${JSON.stringify(cmd.slice(0, 100))}` : 'no command');
  } catch (e) {
    if (e instanceof UsageError) {
      say(e.message);
      if (/unknown command|no command/.test(e.message)) say(USAGE);
      return EXIT.invalid;
    }
    reportInternal(e);
    return EXIT.internal;
  }
}

/** End the process with `code` once stdout and stderr are flushed (a worker or timer left behind must not keep it alive). */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

// An error outside main's await chain (a stray promise, an event handler) is a bug too: exit 3, not a hang or Node's stack dump.
process.on('uncaughtException', (e) => {
  reportInternal(e);
  exit(EXIT.internal);
});
process.on('unhandledRejection', (e) => {
  reportInternal(e);
  exit(EXIT.internal);
});

// Not a top-level await: if main's promise can never settle (work lost with a dead worker), Node
// would end with status 13 and a warning; here the 'exit' handler says so and gives status 3.
let finished = false;
process.on('exit', () => {
  if (finished || process.exitCode === EXIT.internal) return;
  say('internal error: the command stopped before it finished, with nothing left to wait for (please report)');
  process.exitCode = EXIT.internal;
});
void main(process.argv.slice(2)).then((code) => {
  finished = true;
  exit(code);
});
