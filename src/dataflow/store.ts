/**
 * The open graph and its edit history: the one place the app changes a graph document. The
 * editor, the inspector and the test hooks call its commands; the app listens to `changes$`
 * and tells the evaluator what changed. Each command replaces the document with a new object
 * (unchanged nodes and assets are shared, never mutated), so a history entry is simply the
 * document before the edit and undo/redo are exact, parameter edits included.
 */
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { BlockDef } from '../../nodes/types.ts';
import type { Connection, Graph, GraphNode, JsonValue, Asset } from './graph.ts';
import { NODE_ID_PATTERN } from './graph.ts';
import { sameValue } from './equality.ts';
import { repairGraph } from './repair-ids.ts';
import { addGroup, pruneGroups, patchGroup, removeGroup, type GroupPatch } from './groups.ts';

/** What a change touched, so listeners do only the work it needs. */
export type ChangeKind =
  /** Blocks or wires added or removed, a block muted: the evaluator's wiring changed. */
  | 'structure'
  /** Parameter values only (`params` lists them). */
  | 'params'
  /** Positions, titles, comments: nothing to recompute. */
  | 'layout'
  /** Another document was opened (history cleared). */
  | 'open';

export interface GraphChange {
  graph: Graph;
  previous: Graph | null;
  kind: ChangeKind;
  /** For 'params': which node parameters changed. */
  params?: Array<{ node: string; name: string }>;
  /** True when the change is an undo or redo. */
  fromHistory?: boolean;
  /** For 'open': block ids the store had to rename (repair-ids.ts), in words; absent when none. */
  repairs?: string[];
}

/** A copied piece of graph: some nodes, the wires between them, the assets they use. */
export interface GraphFragment {
  nodes: GraphNode[];
  connections: Connection[];
  assets: Record<string, Asset>;
}

export type ConnectResult = { ok: true } | { ok: false; reason: string };

export interface StoreOptions {
  blockDef: (type: string) => BlockDef | undefined;
  /** Parameter edits on the same field closer than this (ms) are one undo step (a slider drag). */
  coalesceMs?: number;
  /** Most undo steps kept. */
  limit?: number;
  /** Clock (ms), for tests. */
  now?: () => number;
}

interface Entry {
  graph: Graph;
  /** For coalescing parameter bursts: which field the edit after this snapshot touched, and when. */
  key?: string;
  at?: number;
}

export class GraphStore {
  private current: Graph;
  private readonly undoStack: Entry[] = [];
  private readonly redoStack: Graph[] = [];
  private readonly subject = new Subject<GraphChange>();
  private readonly history = new BehaviorSubject({ canUndo: false, canRedo: false });
  private readonly opts: Required<Omit<StoreOptions, 'blockDef'>> & Pick<StoreOptions, 'blockDef'>;

  constructor(graph: Graph, opts: StoreOptions) {
    const r = repairGraph(graph);
    if (!r.ok) throw new Error(r.message);
    this.current = r.graph;
    this.opts = { coalesceMs: 1000, limit: 200, now: () => performance.now(), ...opts };
  }

  /** Every change, after it is applied. */
  get changes$(): Observable<GraphChange> {
    return this.subject;
  }

  /** Whether undo / redo have anything to do. */
  get history$(): Observable<{ canUndo: boolean; canRedo: boolean }> {
    return this.history;
  }

  /** The current document. Treat as read-only: it is shared with the history. */
  get graph(): Graph {
    return this.current;
  }

  node(id: string): GraphNode | undefined {
    return this.current.nodes.find((n) => n.id === id);
  }

  /**
   * Open another document: clears the history. Block ids that break the rules are renamed
   * first (every way into the app ends here, so no such id is ever edited, run or exported);
   * the change's `repairs` says which. A graph too large to open is refused: the open one
   * stays, and the reason is returned.
   */
  open(graph: Graph): { ok: true; repairs: string[] } | { ok: false; message: string } {
    const r = repairGraph(graph);
    if (!r.ok) return r;
    const previous = this.current;
    this.current = r.graph;
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.emit({ graph: r.graph, previous, kind: 'open', ...(r.repairs.length ? { repairs: r.repairs } : {}) });
    return { ok: true, repairs: r.repairs };
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  /**
   * Replace the document by an edited copy as one undo step (subgraph edits: subgraph-edit.ts
   * computes the new document). Ids are not repaired: the caller keeps them valid.
   */
  replaceDocument(next: Graph, kind: Exclude<ChangeKind, 'open'> = 'structure'): void {
    this.commit(next, kind);
  }

  /** Add a block of a type at a position; returns its new id. */
  addNode(type: string, position: [number, number], params: Record<string, JsonValue> = {}): string {
    if (!this.opts.blockDef(type)) throw new Error(`unknown block type "${type}"`);
    const id = this.freshId(type);
    this.commit({ ...this.current, nodes: [...this.current.nodes, { id, type, params: { ...params }, position: [position[0], position[1]] }] }, 'structure');
    return id;
  }

  /** Remove blocks and every wire touching them. */
  removeNodes(ids: readonly string[]): void {
    const gone = new Set(ids);
    if (!this.current.nodes.some((n) => gone.has(n.id))) return;
    this.commit(
      pruneGroups({
        ...this.current,
        nodes: this.current.nodes.filter((n) => !gone.has(n.id)),
        connections: this.current.connections.filter((c) => !gone.has(c.from.node) && !gone.has(c.to.node)),
      }),
      'structure',
    );
  }

  /** Whether a wire may be drawn, and if not, why (in words for a toast). */
  canConnect(c: Connection): ConnectResult {
    const from = this.node(c.from.node);
    const to = this.node(c.to.node);
    if (!from || !to) return { ok: false, reason: 'that block is no longer in the graph' };
    const fromDef = this.opts.blockDef(from.type);
    const toDef = this.opts.blockDef(to.type);
    // Own ports only: a port named 'constructor' is a name, not Object's member.
    const out = fromDef && Object.hasOwn(fromDef.outputs, c.from.port) ? fromDef.outputs[c.from.port] : undefined;
    const inp = toDef && Object.hasOwn(toDef.inputs, c.to.port) ? toDef.inputs[c.to.port] : undefined;
    if (!fromDef || !toDef || !out || !inp) return { ok: false, reason: `no port ${c.from.node}.${c.from.port} or ${c.to.node}.${c.to.port}` };
    if (c.from.node === c.to.node) return { ok: false, reason: 'a block cannot feed itself' };
    if (out.type !== inp.type) {
      return { ok: false, reason: `${fromDef.title} gives a ${out.type}, but “${inp.label}” of ${toDef.title} takes a ${inp.type}` };
    }
    // The wire may not close a loop: is `from` downstream of `to`?
    const seen = new Set<string>([c.to.node]);
    const stack = [c.to.node];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === c.from.node) return { ok: false, reason: `connecting ${c.from.node} → ${c.to.node} would make a loop` };
      for (const w of this.current.connections) {
        if (w.from.node === id && !seen.has(w.to.node)) {
          seen.add(w.to.node);
          stack.push(w.to.node);
        }
      }
    }
    return { ok: true };
  }

  /** Draw a wire; an input takes one wire, so an existing wire into it is replaced. */
  connect(c: Connection): ConnectResult {
    const check = this.canConnect(c);
    if (!check.ok) return check;
    const exists = this.current.connections.some((w) => sameEnd(w.from, c.from) && sameEnd(w.to, c.to));
    if (exists) return check;
    const others = this.current.connections.filter((w) => !sameEnd(w.to, c.to));
    this.commit({ ...this.current, connections: [...others, { from: { ...c.from }, to: { ...c.to } }] }, 'structure');
    return check;
  }

  disconnect(c: Connection): void {
    const rest = this.current.connections.filter((w) => !(sameEnd(w.from, c.from) && sameEnd(w.to, c.to)));
    if (rest.length !== this.current.connections.length) this.commit({ ...this.current, connections: rest }, 'structure');
  }

  /** Move blocks (one undo step for the whole drag). */
  moveNodes(moves: ReadonlyArray<{ id: string; position: [number, number] }>): void {
    const at = new Map(moves.map((m) => [m.id, m.position]));
    let changed = false;
    const nodes = this.current.nodes.map((n) => {
      const p = at.get(n.id);
      if (!p || (p[0] === n.position[0] && p[1] === n.position[1])) return n;
      changed = true;
      return { ...n, position: [p[0], p[1]] as [number, number] };
    });
    if (changed) this.commit({ ...this.current, nodes }, 'layout');
  }

  /**
   * Set a parameter (null removes it: the block's default applies). Edits of the same field in
   * quick succession (a slider drag) are one undo step.
   */
  setParam(id: string, name: string, value: JsonValue, opts: { gesture?: boolean } = {}): void {
    const n = this.node(id);
    if (!n) throw new Error(`no block "${id}"`);
    const key = `param:${id}:${name}`;
    if (sameValue(n.params[name] ?? null, value)) return;
    const params = { ...n.params };
    if (value === null) delete params[name];
    else params[name] = value;
    // A slider drag is one gesture however long it lasts: all its edits are one undo step.
    const inGesture = opts.gesture === true && this.gesture === key;
    if (opts.gesture) this.gesture = key;
    this.commit(this.replaceNode(id, { ...n, params }), 'params', [{ node: id, name }], key, inGesture);
  }

  /** The end of a gesture (slider released): the next edit starts a new undo step unless it follows quickly. */
  endGesture(): void {
    this.gesture = null;
  }

  private gesture: string | null = null;

  setComment(id: string, comment: string): void {
    this.patchNode(id, { comment: comment || undefined }, 'layout');
  }

  setTitle(id: string, title: string): void {
    this.patchNode(id, { title: title || undefined }, 'layout');
  }

  /** Fold a block (title and sockets only) or unfold it. */
  setCollapsed(id: string, collapsed: boolean): void {
    this.patchNode(id, { collapsed: collapsed || undefined }, 'layout');
  }

  /** Frame blocks as a new group (blocks in another group leave it); returns its id, or null when no block is known. */
  group(ids: readonly string[], opts: { title?: string; color?: string } = {}): string | null {
    const r = addGroup(this.current, ids, opts);
    if (!r) return null;
    this.commit(r.graph, 'layout');
    return r.id;
  }

  /** Remove a group's frame; its blocks stay. */
  ungroup(groupId: string): void {
    const next = removeGroup(this.current, groupId);
    if (next !== this.current) this.commit(next, 'layout');
  }

  /** Rename, recolour, collapse or expand a group. */
  updateGroup(groupId: string, patch: GroupPatch): void {
    const next = patchGroup(this.current, groupId, patch);
    if (next !== this.current) this.commit(next, 'layout');
  }

  /** Set a wire's reroute points (editor px; empty: straight again). */
  setVia(c: Connection, via: ReadonlyArray<readonly [number, number]>): void {
    let changed = false;
    const connections = this.current.connections.map((w) => {
      if (!(sameEnd(w.from, c.from) && sameEnd(w.to, c.to))) return w;
      const old = w.via ?? [];
      if (old.length === via.length && via.every((p, i) => old[i][0] === p[0] && old[i][1] === p[1])) return w;
      changed = true;
      const next: Connection = { from: w.from, to: w.to };
      if (via.length) next.via = via.map((p) => [p[0], p[1]] as [number, number]);
      return next;
    });
    if (changed) this.commit({ ...this.current, connections }, 'layout');
  }

  /** Mute a block: it passes its input through (the evaluator's wiring changes). */
  setBypass(id: string, bypass: boolean): void {
    this.patchNode(id, { bypass: bypass || undefined }, 'structure');
  }

  /** Embed a file; returns its `asset:` hash key (content-addressed, so adding twice is a no-op). */
  addAsset(hash: string, asset: Asset): void {
    if (this.current.assets[hash]) return;
    this.commit({ ...this.current, assets: { ...this.current.assets, [hash]: asset } }, 'layout');
  }

  /** The selected blocks, the wires among them and their assets, for copy and duplicate. */
  copy(ids: readonly string[]): GraphFragment {
    const keep = new Set(ids);
    const nodes = this.current.nodes.filter((n) => keep.has(n.id)).map((n) => structuredClone(n));
    const connections = this.current.connections.filter((c) => keep.has(c.from.node) && keep.has(c.to.node)).map((c) => structuredClone(c));
    const assets: Record<string, Asset> = {};
    for (const n of nodes) {
      for (const v of Object.values(n.params)) {
        if (typeof v === 'string' && v.startsWith('asset:') && this.current.assets[v.slice(6)]) assets[v.slice(6)] = this.current.assets[v.slice(6)];
      }
    }
    return { nodes, connections, assets };
  }

  /** Insert a fragment with fresh ids, shifted by `offset` (editor pixels); returns the new ids. */
  paste(fragment: GraphFragment, offset: [number, number] = [40, 40]): string[] {
    const rename = new Map<string, string>();
    const nodes = [...this.current.nodes];
    const taken = new Set(nodes.map((n) => n.id));
    for (const n of fragment.nodes) {
      if (!this.opts.blockDef(n.type)) continue;
      const id = this.freshId(n.type, taken);
      taken.add(id);
      rename.set(n.id, id);
      nodes.push({ ...structuredClone(n), id, position: [n.position[0] + offset[0], n.position[1] + offset[1]] });
    }
    if (!rename.size) return [];
    const connections = [...this.current.connections];
    for (const c of fragment.connections) {
      const from = rename.get(c.from.node);
      const to = rename.get(c.to.node);
      if (from && to) connections.push({ from: { node: from, port: c.from.port }, to: { node: to, port: c.to.port } });
    }
    this.commit({ ...this.current, nodes, connections, assets: { ...this.current.assets, ...fragment.assets } }, 'structure');
    return [...rename.values()];
  }

  /**
   * Several commands as one undo step. With a `key`, a transaction that follows one of the same
   * key within the coalescing time joins its undo step (a burst of typing in the .mod pane).
   */
  transaction(fn: () => void, opts: { key?: string } = {}): void {
    const before = this.current;
    const depth = this.undoStack.length;
    this.batching++;
    try {
      fn();
    } finally {
      this.batching--;
    }
    if (this.current === before) return;
    this.undoStack.length = depth;
    const now = this.opts.now();
    const top = this.undoStack[depth - 1];
    if (opts.key !== undefined && top?.key === opts.key && top.at !== undefined && now - top.at < this.opts.coalesceMs && this.redoStack.length === 0) top.at = now;
    else this.pushUndo({ graph: before, ...(opts.key !== undefined ? { key: opts.key, at: now } : {}) });
    const kinds = this.batchKinds;
    this.batchKinds = new Set();
    this.emit({ graph: this.current, previous: before, kind: kinds.has('structure') ? 'structure' : kinds.has('params') ? 'params' : 'layout', params: diffParams(before, this.current) });
  }

  /**
   * A control that holds edits back (the inspector sends at most one per animation frame)
   * registers how to send them now: undo and redo send them first, so they undo the latest
   * edit, not one that lands after them. Returns the unregister function.
   */
  holdsEdits(flush: () => void): () => void {
    this.flushers.add(flush);
    return () => this.flushers.delete(flush);
  }

  private readonly flushers = new Set<() => void>();

  private flushHeld(): void {
    for (const f of [...this.flushers]) f();
  }

  undo(): boolean {
    this.flushHeld();
    const e = this.undoStack.pop();
    if (!e) return false;
    this.redoStack.push(this.current);
    this.restore(e.graph);
    return true;
  }

  redo(): boolean {
    this.flushHeld();
    const g = this.redoStack.pop();
    if (!g) return false;
    this.pushUndo({ graph: this.current });
    this.restore(g);
    return true;
  }

  // -------------------------------------------------------------------------------------------

  private batching = 0;
  private batchKinds = new Set<ChangeKind>();

  private restore(graph: Graph): void {
    const previous = this.current;
    this.current = graph;
    const kind = classify(previous, graph);
    this.emit({ graph, previous, kind, params: kind === 'params' ? diffParams(previous, graph) : undefined, fromHistory: true });
  }

  private commit(next: Graph, kind: ChangeKind, params?: Array<{ node: string; name: string }>, key?: string, inGesture = false): void {
    const previous = this.current;
    this.current = next;
    if (this.batching) {
      this.batchKinds.add(kind);
      return;
    }
    const now = this.opts.now();
    const top = this.undoStack[this.undoStack.length - 1];
    const coalesce = key !== undefined && top?.key === key && top.at !== undefined && (inGesture || now - top.at < this.opts.coalesceMs) && this.redoStack.length === 0;
    // Any other edit ends an open gesture.
    if (key !== this.gesture) this.gesture = null;
    if (coalesce) top.at = now;
    else this.pushUndo({ graph: previous, key, at: key ? now : undefined });
    this.redoStack.length = 0;
    this.emit({ graph: next, previous, kind, params });
  }

  private pushUndo(e: Entry): void {
    this.undoStack.push(e);
    if (this.undoStack.length > this.opts.limit) this.undoStack.shift();
  }

  private emit(change: GraphChange): void {
    this.history.next({ canUndo: this.undoStack.length > 0, canRedo: this.redoStack.length > 0 });
    this.subject.next(change);
  }

  private replaceNode(id: string, node: GraphNode): Graph {
    return { ...this.current, nodes: this.current.nodes.map((n) => (n.id === id ? node : n)) };
  }

  private patchNode(id: string, patch: Partial<GraphNode>, kind: ChangeKind): void {
    const n = this.node(id);
    if (!n) throw new Error(`no block "${id}"`);
    const next = { ...n, ...patch };
    for (const k of Object.keys(patch) as Array<keyof GraphNode>) if (next[k] === undefined) delete next[k];
    if ((['comment', 'title', 'bypass', 'collapsed'] as const).every((k) => n[k] === next[k])) return;
    this.commit(this.replaceNode(id, next), kind);
  }

  /** A new node id from the block type: `plot-traces` → `plot_traces`, then `plot_traces_2`, … */
  private freshId(type: string, taken = new Set(this.current.nodes.map((n) => n.id))): string {
    const base = type.replace(/[^A-Za-z0-9]+/g, '_');
    if (!taken.has(base) && NODE_ID_PATTERN.test(base)) return base;
    for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
  }
}

function sameEnd(a: { node: string; port: string }, b: { node: string; port: string }): boolean {
  return a.node === b.node && a.port === b.port;
}

/** What kind of change turns `a` into `b` (for undo/redo, which jump between snapshots). */
export function classify(a: Graph, b: Graph): ChangeKind {
  if (a.nodes.length !== b.nodes.length || a.connections.length !== b.connections.length) return 'structure';
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  let params = false;
  for (const n of b.nodes) {
    const m = byId.get(n.id);
    if (!m || m.type !== n.type || Boolean(m.bypass) !== Boolean(n.bypass)) return 'structure';
    if (m.params !== n.params && !sameValue(m.params, n.params)) params = true;
  }
  const key = (c: Connection) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`;
  const wires = new Set(a.connections.map(key));
  if (!b.connections.every((c) => wires.has(key(c)))) return 'structure';
  return params ? 'params' : 'layout';
}

/** The node parameters whose values differ between two documents with the same nodes. */
export function diffParams(a: Graph, b: Graph): Array<{ node: string; name: string }> {
  const out: Array<{ node: string; name: string }> = [];
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  for (const n of b.nodes) {
    const m = byId.get(n.id);
    if (!m || m.params === n.params) continue;
    for (const name of new Set([...Object.keys(m.params), ...Object.keys(n.params)])) {
      if (!sameValue(m.params[name] ?? null, n.params[name] ?? null)) out.push({ node: n.id, name });
    }
  }
  return out;
}
