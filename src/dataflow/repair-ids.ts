/**
 * Block ids a graph from elsewhere may carry, made safe before the graph is opened.
 *
 * Ids reach places where text becomes code or a path: `--set id.param=value`, file names of
 * results, identifiers of an exported NEURON script. A shared graph (file, `#g=` link, image,
 * saved record) is therefore never opened with an id that breaks the rules: such ids are
 * replaced by generated ones, the wires follow, and the user is told which were renamed. Titles
 * and comments are left alone: they are data and are shown as text.
 */
import { NODE_ID_PATTERN, type Connection, type Graph, type GraphNode } from './graph.ts';
import { pruneGroups } from './groups.ts';

/** Longest block id accepted (characters): ids become file names and identifiers. */
export const MAX_ID_LENGTH = 64;
/** Most blocks a graph may have to be opened at all (the editor draws every one). */
export const MAX_BLOCKS = 10_000;
/** Most wires a graph may have to be opened at all. */
export const MAX_CONNECTIONS = 100_000;

/** Ids that match the pattern but name JavaScript's object machinery: never used as ids. */
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a block id may not be used as it is, or null when it may. */
export function blockIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id === '') return 'a block id must be non-empty text';
  if (id.length > MAX_ID_LENGTH) return `a block id may be at most ${MAX_ID_LENGTH} characters long (this one has ${id.length})`;
  if (!NODE_ID_PATTERN.test(id)) return "a block id may only contain letters, digits, '_' and '-'";
  if (RESERVED_IDS.has(id)) return `'${id}' is reserved and cannot be a block id`;
  return null;
}

/** True when `id` may be used as a block id as it is. */
export function isSafeBlockId(id: unknown): id is string {
  return blockIdProblem(id) === null;
}

/** An id as the user may read it in a message: quoted, control characters escaped, shortened. */
export function shownId(id: string): string {
  const q = JSON.stringify(id.length > 48 ? `${id.slice(0, 40)}…` : id);
  // Line and paragraph separators are valid in JSON strings but break a one-line message.
  return q.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** What `repairGraph` gives: the graph to open (a new object only if something changed), or why it cannot be opened. */
export type RepairResult =
  | {
      ok: true;
      graph: Graph;
      /** One sentence per repair, in words for the user (empty: nothing was changed). */
      repairs: string[];
      /** Old id → new id, for every renamed block (the first with that id, for wires). */
      renamed: Array<{ from: string; to: string }>;
    }
  | { ok: false; message: string };

/** A generated id's stem: the block type in safe characters (`plot-traces` → `plot_traces`). */
function stemOf(type: string): string {
  const s = type
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return s && !RESERVED_IDS.has(s) ? s : 'block';
}

/**
 * The graph with every block id that breaks the rules (see {@link blockIdProblem}) or repeats
 * an earlier block's id replaced by a generated one (`run`, `run_2`, …), wires remapped to the
 * renamed blocks, and wires that still name a block or port by an unusable name left out.
 * Refuses (ok: false) a graph too large to open. The input is never changed.
 */
export function repairGraph(graph: Graph): RepairResult {
  if (graph.nodes.length > MAX_BLOCKS) {
    return { ok: false, message: `the graph has ${graph.nodes.length} blocks; NeuroWire opens graphs of at most ${MAX_BLOCKS} blocks` };
  }
  if (graph.connections.length > MAX_CONNECTIONS) {
    return { ok: false, message: `the graph has ${graph.connections.length} connections; NeuroWire opens graphs of at most ${MAX_CONNECTIONS} connections` };
  }
  // Pass 1: the ids that stay (safe, and the first block to use them).
  const taken = new Set<string>();
  const keep: boolean[] = graph.nodes.map((n) => {
    if (!isSafeBlockId(n.id) || taken.has(n.id)) return false;
    taken.add(n.id);
    return true;
  });
  if (keep.every(Boolean)) {
    const badWire = graph.connections.some((c) => !isSafeBlockId(c.from.node) || !isSafeBlockId(c.to.node) || !isSafePort(c.from.port) || !isSafePort(c.to.port));
    if (!badWire) return { ok: true, graph: pruneGroups(graph), repairs: [], renamed: [] };
  }

  // Pass 2: new ids for the others, in document order.
  const repairs: string[] = [];
  const renamed: Array<{ from: string; to: string }> = [];
  const wireTarget = new Map<string, string>();
  const fresh = (type: string): string => {
    const stem = stemOf(type);
    let id = stem;
    for (let k = 2; taken.has(id); k++) id = `${stem}_${k}`;
    taken.add(id);
    return id;
  };
  const nodes: GraphNode[] = graph.nodes.map((n, k) => {
    if (keep[k]) return n;
    const to = fresh(n.type);
    const why = blockIdProblem(n.id);
    if (why === null) {
      repairs.push(`two blocks had the id ${shownId(n.id)}: the second one is now '${to}'`);
    } else {
      repairs.push(`block id ${shownId(n.id)} renamed to '${to}' (${why})`);
      // Wires name the first block that had this id.
      if (!wireTarget.has(n.id)) wireTarget.set(n.id, to);
    }
    renamed.push({ from: n.id, to });
    return { ...n, id: to };
  });

  let dropped = 0;
  const connections: Connection[] = [];
  for (const c of graph.connections) {
    const from = wireTarget.get(c.from.node) ?? c.from.node;
    const to = wireTarget.get(c.to.node) ?? c.to.node;
    if (!isSafeBlockId(from) || !isSafeBlockId(to) || !isSafePort(c.from.port) || !isSafePort(c.to.port)) {
      dropped++;
      continue;
    }
    connections.push(from === c.from.node && to === c.to.node ? c : { from: { node: from, port: c.from.port }, to: { node: to, port: c.to.port } });
  }
  if (dropped) repairs.push(`${dropped} connection${dropped === 1 ? '' : 's'} naming a block or port by an unusable name ${dropped === 1 ? 'was' : 'were'} left out`);
  // Groups follow renamed blocks (the first block that had the id), then lose what names no block.
  const groups = graph.groups?.map((g) => ({ ...g, nodes: g.nodes.map((n) => wireTarget.get(n) ?? n) }));
  return { ok: true, graph: pruneGroups({ ...graph, nodes, connections, ...(groups ? { groups } : {}) }), repairs, renamed };
}

/** Port names come from the catalogue; anything else is unusable (and may be hostile). */
function isSafePort(port: string): boolean {
  return port.length <= MAX_ID_LENGTH && NODE_ID_PATTERN.test(port) && !RESERVED_IDS.has(port);
}
