/**
 * Checking a graph against the block catalogue, and reading a graph file.
 *
 * `validateGraph` finds everything that would stop a graph from running or make it run other
 * than the user thinks, in words that name the block, parameter or wire: unknown block types
 * (with the closest known one), parameter values of the wrong kind, out of range or in the
 * wrong unit, wires to nothing or between incompatible sockets, two wires into one input,
 * inputs left open, cycles, duplicate ids, embedded files that are missing or unused.
 *
 * `parseGraph` is the way in for a file: JSON syntax (with line and column), upgrade from older
 * versions, shape, then validation. Errors come back as values; nothing here throws for a bad
 * file.
 */
import { checkGroups } from './groups.ts';
import type { BlockDef } from '../../nodes/types.ts';
import type { SocketType } from '../../nodes/values.ts';
import { BLOCKS, blockDef as catalogueBlockDef } from '../../nodes/index.ts';
import { decodeGraph } from './decode.ts';
import { connectionLabel, NODE_ID_PATTERN, type Graph, type GraphNode, type Issue, type JsonValue } from './graph.ts';
import { findJsonSyntaxError } from './json-syntax.ts';
import { migrate } from './migrate.ts';
import { blockName, readParams } from './params.ts';
import { unusedAssets } from './assets.ts';
import { blockIdProblem, repairGraph } from './repair-ids.ts';
import { article, didYouMean, quotedList } from './words.ts';
import { graphLookup, instanceOf } from './subgraph.ts';
import { instanceTypeProblem, repeatIssues, subgraphIssues } from './subgraph-validate.ts';

export { resolveParams, readParams, blockName } from './params.ts';

/** Finds a block definition by type (nodes/index.ts's `blockDef`, or a test's fakes). */
export type BlockLookup = (type: string) => BlockDef | undefined;
/** A lookup function, or the definitions themselves. */
export type BlockCatalogue = BlockLookup | readonly BlockDef[];

export interface ValidateOptions {
  /**
   * Every known block type, for "did you mean" on an unknown one. Default: the catalogue's types
   * when `blocks` is the catalogue's lookup or a list of definitions; none otherwise.
   */
  knownTypes?: readonly string[];
  /** Names accepted after `builtin:` in file parameters (default: graph.ts's BUILTIN_FILES). */
  builtins?: readonly string[];
  /** Internal: checking the blocks of a subgraph definition (its definitions are checked once, at the top). */
  insideSubgraph?: boolean;
}

/** Options of `parseGraph`. */
export interface ParseOptions extends ValidateOptions {
  /**
   * Replace block ids that break the rules (or repeat) by generated ones before validating
   * (repair-ids.ts), as the app does with every graph it opens; the repairs are warnings and
   * are listed in the result's `repairs`.
   */
  repairIds?: boolean;
}

/** A socket value in words, as the subject of "cannot go into". */
const VALUE_WORDS: Record<SocketType, string> = {
  neuron: 'a neuron',
  selection: 'a selection',
  model: 'a model',
  traces: 'traces',
  edges: 'an edge list',
  network: 'a network',
  spikes: 'spike times',
  table: 'a table',
  figure: 'a figure',
};

function valueWords(t: SocketType): string {
  // A socket type added to values.ts before it gets its words here still reads acceptably.
  return VALUE_WORDS[t] ?? `${article(t)} ${t}`;
}

function lookupOf(blocks: BlockCatalogue, opts: ValidateOptions): { lookup: BlockLookup; known: readonly string[] } {
  if (typeof blocks === 'function') {
    return { lookup: blocks, known: opts.knownTypes ?? (blocks === catalogueBlockDef ? BLOCKS.map((b) => b.type) : []) };
  }
  const byType = new Map(blocks.map((b) => [b.type, b]));
  return { lookup: (t) => byType.get(t), known: opts.knownTypes ?? blocks.map((b) => b.type) };
}

/** Names of a port map for "its outputs are …". */
function portList(ports: Record<string, unknown>, what: 'inputs' | 'outputs'): string {
  const names = Object.keys(ports);
  return names.length ? `its ${what} are ${quotedList(names)}` : `it has no ${what}`;
}

/**
 * Cycles among the given edges (adjacency by node id, in document order). Each strongly
 * connected part with a loop is reported once, by the shortest cycle through its first node.
 */
function findCycles(ids: readonly string[], next: ReadonlyMap<string, readonly string[]>): Array<{ cycle: string[]; others: string[] }> {
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const parts: string[][] = [];
  let counter = 0;
  // Iterative (an explicit stack of vertices and their next edge): a chain of 20,000 blocks
  // must not overflow the call stack.
  const visit = (root: string): void => {
    const frames: Array<{ v: string; edge: number }> = [];
    const enter = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      frames.push({ v, edge: 0 });
    };
    enter(root);
    while (frames.length) {
      const f = frames[frames.length - 1];
      const out = next.get(f.v) ?? [];
      if (f.edge < out.length) {
        const w = out[f.edge++];
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(f.v, Math.min(low.get(f.v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(f.v)!));
      if (low.get(f.v) === index.get(f.v)) {
        const part: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          part.push(w);
        } while (w !== f.v);
        parts.push(part);
      }
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);

  const order = new Map(ids.map((id, k) => [id, k]));
  const out: Array<{ cycle: string[]; others: string[] }> = [];
  for (const part of parts) {
    const members = new Set(part);
    const start = part.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
    if (part.length === 1 && !(next.get(start) ?? []).includes(start)) continue;
    // Shortest way back to `start` inside the component (breadth first).
    const prev = new Map<string, string>();
    const queue = [start];
    let end: string | undefined;
    for (let q = 0; q < queue.length && end === undefined; q++) {
      const v = queue[q];
      for (const w of next.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end!; v !== start; v = prev.get(v)!) path.splice(1, 0, v);
    path.push(start);
    const onPath = new Set(path);
    out.push({ cycle: path, others: [...members].filter((m) => !onPath.has(m)).sort((a, b) => order.get(a)! - order.get(b)!) });
  }
  return out.sort((a, b) => order.get(a.cycle[0])! - order.get(b.cycle[0])!);
}

/**
 * Everything wrong with a graph, errors and warnings, in document order per kind of check.
 * An empty list, or warnings only, means the graph can run.
 *
 * @param blocks the block catalogue: a lookup by type (default nodes/index.ts's) or a list of definitions.
 */
export function validateGraph(graph: Graph, blocks: BlockCatalogue = catalogueBlockDef, opts: ValidateOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const { lookup: catalogue, known } = lookupOf(blocks, opts);
  // The graph's own subgraph and repeat types are blocks too.
  const lookup = graph.subgraphs?.length ? graphLookup(() => graph, catalogue) : catalogue;

  // Ids: unique and usable on the command line.
  const byId = new Map<string, GraphNode>();
  const counted = new Map<string, number>();
  for (const node of graph.nodes) {
    counted.set(node.id, (counted.get(node.id) ?? 0) + 1);
    if (!byId.has(node.id)) byId.set(node.id, node);
    const why = blockIdProblem(node.id);
    if (why !== null) {
      // The message quotes at most the start of a long id (a file may carry a megabyte of it).
      const shown = node.id.length > 48 ? `${node.id.slice(0, 40)}…` : node.id;
      issues.push({ severity: 'error', message: `block '${shown}' (${node.type}): ${NODE_ID_PATTERN.test(node.id) ? why : "a block id may only contain letters, digits, '_' and '-'"}`, node: node.id });
    }
  }
  for (const [id, n] of counted) {
    if (n > 1) issues.push({ severity: 'error', message: `${n} blocks have the id '${id}'; ids must be unique (wires and --set name blocks by id)`, node: id });
  }

  // Block types and parameters.
  const defs = new Map<string, BlockDef>();
  for (const node of graph.nodes) {
    const def = lookup(node.type);
    if (!def) {
      const sub = instanceTypeProblem(graph, node.type);
      issues.push({ severity: 'error', message: `block '${node.id}': ${sub ?? `unknown block type '${node.type}'${didYouMean(node.type, known)}`}`, node: node.id });
      continue;
    }
    if (!defs.has(node.id)) defs.set(node.id, def);
    issues.push(...readParams(node, def, { assets: graph.assets, builtins: opts.builtins }).issues);
    if (instanceOf(node.type)) issues.push(...repeatIssues(graph, node, def, lookup));
  }

  // Wires: both ends exist, socket types match.
  const intoExisting: number[] = [];
  graph.connections.forEach((c, k) => {
    const label = `connection ${connectionLabel(c)}`;
    const ends = [
      { end: c.from, dir: 'outputs' as const, other: c.to },
      { end: c.to, dir: 'inputs' as const, other: c.from },
    ];
    const specs = ends.map(({ end, dir, other }) => {
      const node = byId.get(end.node);
      if (!node) {
        issues.push({ severity: 'error', message: `${label}: there is no block '${end.node}'${didYouMean(end.node, byId.keys())}`, connection: k, ...(byId.has(other.node) ? { node: other.node } : {}) });
        return undefined;
      }
      const def = defs.get(end.node);
      // Unknown type: already reported on the block.
      if (!def) return undefined;
      // Own ports only: a port named '__proto__' or 'toString' is a name, not Object's member.
      const spec = Object.hasOwn(def[dir], end.port) ? def[dir][end.port] : undefined;
      if (!spec) {
        const opposite = dir === 'outputs' ? 'inputs' : 'outputs';
        const why = Object.hasOwn(def[opposite], end.port)
          ? `'${end.port}' is an ${dir === 'outputs' ? 'input' : 'output'} of ${blockName(node)}, not an ${dir === 'outputs' ? 'output' : 'input'}`
          : `${blockName(node)} has no ${dir === 'outputs' ? 'output' : 'input'} '${end.port}'${didYouMean(end.port, Object.keys(def[dir]))}; ${portList(def[dir], dir)}`;
        issues.push({ severity: 'error', message: `${label}: ${why}`, connection: k, node: end.node });
      }
      return spec;
    });
    const [out, inp] = specs;
    if (out && inp && out.type !== inp.type) {
      issues.push({ severity: 'error', message: `${label}: ${valueWords(out.type)} cannot go into ${article(inp.type)} ${inp.type} input`, connection: k, node: c.to.node });
    }
    // A wire into an existing input occupies it even when its other end is wrong: the user
    // sees one mistake (the wire), not also "input not connected".
    if (inp) intoExisting.push(k);
  });

  // Inputs: one wire each; required ones connected.
  const into = new Map<string, number[]>();
  for (const k of intoExisting) {
    const c = graph.connections[k];
    const key = `${c.to.node}\u0000${c.to.port}`;
    const list = into.get(key);
    if (list) list.push(k);
    else into.set(key, [k]);
  }
  for (const node of graph.nodes) {
    const def = defs.get(node.id);
    if (!def || byId.get(node.id) !== node) continue;
    for (const [port, spec] of Object.entries(def.inputs)) {
      const wires = into.get(`${node.id}\u0000${port}`) ?? [];
      if (wires.length > 1) {
        // A few sources are enough to find the wires; a file may hold thousands.
        const sources = wires.slice(0, 5).map((k) => `${graph.connections[k].from.node}.${graph.connections[k].from.port}`);
        const more = wires.length > 5 ? ` and ${wires.length - 5} more` : '';
        issues.push({
          severity: 'error',
          message: `${blockName(node)}: input '${port}' has ${wires.length} connections (from ${more ? `${sources.map((x) => `'${x}'`).join(', ')}${more}` : quotedList(sources)}); an input takes one, remove the others`,
          node: node.id,
          connection: wires[1],
        });
      } else if (wires.length === 0 && !spec.optional) {
        issues.push({ severity: 'warning', message: `${blockName(node)}: input '${port}' is not connected; the block will wait for ${valueWords(spec.type)}`, node: node.id });
      }
    }
    // A muted block passes an input of the same type through; an output without one goes dark.
    if (node.bypass) {
      for (const [port, spec] of Object.entries(def.outputs)) {
        if (!Object.values(def.inputs).some((i) => i.type === spec.type)) {
          issues.push({ severity: 'warning', message: `${blockName(node)} is bypassed, but has no ${spec.type} input to pass on to its output '${port}'; blocks after it get nothing there`, node: node.id });
        }
      }
    }
  }

  // Cycles, over wires between existing blocks (ports aside: a loop is a loop).
  const next = new Map<string, string[]>();
  for (const c of graph.connections) {
    if (!byId.has(c.from.node) || !byId.has(c.to.node)) continue;
    const list = next.get(c.from.node) ?? [];
    if (!list.includes(c.to.node)) list.push(c.to.node);
    next.set(c.from.node, list);
  }
  for (const { cycle, others } of findCycles([...byId.keys()], next)) {
    const also = others.length ? `; ${quotedList(others)} ${others.length === 1 ? 'is' : 'are'} caught in it too` : '';
    const what = cycle.length === 2 ? `block '${cycle[0]}' is connected to itself` : `blocks ${quotedList(cycle.slice(0, -1))} form a cycle`;
    issues.push({ severity: 'error', message: `${what} (${cycle.join(' → ')}): a block cannot depend on its own output${also}`, node: cycle[0] });
  }

  // Groups are drawing only: their problems are warnings.
  issues.push(...checkGroups(graph));
  if (!opts.insideSubgraph && graph.subgraphs?.length) {
    issues.push(...subgraphIssues(graph, lookup, (body) => validateGraph(body, catalogue, { ...opts, knownTypes: known, insideSubgraph: true })));
  }

  // Embedded files nobody uses only make the file bigger.
  for (const hash of unusedAssets(graph)) {
    issues.push({ severity: 'warning', message: `embedded file '${graph.assets[hash].name}' is not used by any block (remove it with "prune")`, asset: hash });
  }
  return issues;
}

/** What `parseGraph` gives: the graph and its problems, or no graph and why. */
export type ParseResult =
  | {
      graph: Graph;
      issues: Issue[];
      /** The version the file was written in; less than GRAPH_VERSION when it was upgraded. */
      fromVersion: number;
      /** With `repairIds`: the block ids renamed and wires left out, in words (also among the warnings). */
      repairs?: string[];
    }
  | { graph: null; issues: Issue[] };

/**
 * Read a graph file: JSON (a syntax error gives its line and column), upgraded to the current
 * version, decoded and validated against `blocks`. `graph` is null only when the text is not a
 * readable graph at all (not JSON, not a NeuroWire graph, or from a newer NeuroWire); otherwise
 * it is returned with all its issues, so the editor can open a damaged file and show them.
 */
export function parseGraph(text: string, blocks: BlockCatalogue = catalogueBlockDef, opts: ParseOptions = {}): ParseResult {
  // Refused before anything else: reading it would cost time and memory out of all proportion.
  if (text.length > MAX_GRAPH_TEXT) return { graph: null, issues: [{ severity: 'error', message: graphTooLarge(text.length, 'characters') }] };
  // Editors on Windows may start a UTF-8 file with a byte-order mark, which JSON does not allow.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { graph: null, issues: [{ severity: 'error', message: 'the file is empty' }] };
  let doc: JsonValue;
  try {
    doc = JSON.parse(body) as JsonValue;
  } catch (e) {
    const err = findJsonSyntaxError(body);
    if (!err) return { graph: null, issues: [{ severity: 'error', message: `the file is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
    // The offset is in `body`; lines and columns are the same as in `text` (a BOM is invisible).
    return { graph: null, issues: [{ severity: 'error', message: `the file is not valid JSON: line ${err.line}, column ${err.column}: ${err.message}`, line: err.line, column: err.column }] };
  }
  const plain = plainData(doc);
  if (!plain.ok) return { graph: null, issues: [{ severity: 'error', message: plain.message }] };
  const m = migrate(doc);
  if (!m.ok) return { graph: null, issues: [{ severity: 'error', message: m.message }] };
  const decoded = decodeGraph(m.doc);
  let graph = decoded.graph;
  const issues = [...plain.issues, ...decoded.issues];
  let repairs: string[] | undefined;
  if (opts.repairIds) {
    const r = repairGraph(graph);
    if (!r.ok) return { graph: null, issues: [{ severity: 'error', message: r.message }] };
    graph = r.graph;
    repairs = r.repairs;
    for (const message of r.repairs) issues.push({ severity: 'warning', message });
  }
  return { graph, issues: [...issues, ...validateGraph(graph, blocks, opts)], fromVersion: m.from, ...(repairs ? { repairs } : {}) };
}

/** Longest graph file text `parseGraph` reads (UTF-16 code units, about characters): 64 Mi. */
export const MAX_GRAPH_TEXT = 64 * 1024 * 1024;
/** Deepest nesting of lists and objects in a graph file (a graph needs about 6 levels). */
export const MAX_GRAPH_DEPTH = 200;
/** Property names that would reach JavaScript's object machinery when copied: left out of every graph. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The message for a graph file over the size cap; `amount` in bytes or characters. */
export function graphTooLarge(amount: number, unit: 'bytes' | 'characters'): string {
  const mib = (x: number) => (x / (1024 * 1024)).toFixed(x < 10 * 1024 * 1024 ? 1 : 0);
  return `the file is too large to be a graph: ${mib(amount)} MiB of ${unit === 'bytes' ? 'data' : 'text'}, and a graph file (embedded files included) may be at most ${mib(MAX_GRAPH_TEXT)} MiB`;
}

/**
 * Checks parsed JSON before anything copies it: nesting no deeper than MAX_GRAPH_DEPTH (code
 * that walks documents recursively must not overflow its stack), and no `__proto__`,
 * `constructor` or `prototype` keys (JSON.parse makes them ordinary properties, but a later
 * `copy[key] = value` would set a prototype instead). Such keys are deleted in place, with a
 * warning. Iterative, so a hostile document cannot overflow the stack here either.
 */
function plainData(doc: JsonValue): { ok: true; issues: Issue[] } | { ok: false; message: string } {
  const found = new Map<string, number>();
  const stack: Array<{ v: JsonValue; depth: number }> = [{ v: doc, depth: 1 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_GRAPH_DEPTH) {
      return { ok: false, message: `the file nests lists and objects more than ${MAX_GRAPH_DEPTH} levels deep; a graph file needs far fewer, so it is not read` };
    }
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push({ v: x, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) {
        found.set(key, (found.get(key) ?? 0) + 1);
        delete v[key];
        continue;
      }
      const x = v[key];
      if (x !== null && typeof x === 'object') stack.push({ v: x, depth: depth + 1 });
    }
  }
  const issues: Issue[] = [...found].map(([key, n]) => ({
    severity: 'warning',
    message: `the property name '${key}' is not allowed in a graph file; ${n === 1 ? 'it was' : `its ${n} occurrences were`} left out`,
  }));
  return { ok: true, issues };
}
