/**
 * What the help panel shows, from the block definitions (nothing about a block is written twice):
 * the keyboard and mouse shortcuts, one page per block (what it does, its sockets, its
 * parameters with units, ranges and help, its NEURON / navis equivalents), the search over
 * them, and the plan of a block's minimal example to insert into the graph.
 */
import type { BlockDef, ParamSpec } from '../../../nodes/types.ts';
import type { SocketType } from '../../../nodes/values.ts';
import type { Graph } from '../../dataflow/graph.ts';
import { rangeText } from '../../dataflow/params.ts';
import type { EditorAction, KeyLike } from '../../editor/view-model.ts';

// ---------------------------------------------------------------------------------------------
// Shortcuts

export interface Shortcut {
  /** The keys or gesture, as shown ("Ctrl+Z"). */
  keys: string;
  what: string;
  /** For keys the editor acts on: a press and the action it must give (checked by the unit test against view-model.ts's `shortcut`). */
  press?: { key: KeyLike; action: EditorAction };
}

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

/** The editor's keys (src/editor/extensions/keyboard.ts) and gestures, in the order a user meets them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '? or F1', what: 'open this help (when no text field has the focus)' },
  { keys: 'Escape', what: 'close the help, the probe or a menu; else clear the selection', press: { key: key('Escape'), action: 'escape' } },
  { keys: 'Right-click on the canvas', what: 'add a block from the catalogue where you clicked (or drag one in from the palette)' },
  { keys: 'Drag from an output to an input', what: 'wire two blocks (sockets of the same colour fit)' },
  { keys: 'Click / Shift+click a block', what: 'select it (the inspector shows it) / add it to the selection' },
  { keys: 'Shift+drag on the canvas', what: 'select the blocks in a band (with Ctrl or ⌘: add them)' },
  { keys: 'Wheel / drag the canvas', what: 'zoom / pan' },
  { keys: 'F', what: 'fit the graph in view', press: { key: key('f'), action: 'zoom-to-fit' } },
  { keys: 'Ctrl+Z', what: 'undo (parameter edits too; a slider drag is one step)', press: { key: key('z', { ctrlKey: true }), action: 'undo' } },
  { keys: 'Ctrl+Shift+Z or Ctrl+Y', what: 'redo', press: { key: key('z', { ctrlKey: true, shiftKey: true }), action: 'redo' } },
  { keys: 'Ctrl+C', what: 'copy the selected blocks (with the wires between them)', press: { key: key('c', { ctrlKey: true }), action: 'copy' } },
  { keys: 'Ctrl+V', what: 'paste them (also into another graph or tab)', press: { key: key('v', { ctrlKey: true }), action: 'paste' } },
  { keys: 'Ctrl+D', what: 'duplicate the selected blocks', press: { key: key('d', { ctrlKey: true }), action: 'duplicate' } },
  { keys: 'Ctrl+A', what: 'select every block (when the canvas has the focus)', press: { key: key('a', { ctrlKey: true }), action: 'select-all' } },
  { keys: 'Delete or Backspace', what: 'delete the selected blocks', press: { key: key('Delete'), action: 'delete' } },
  { keys: 'Right-click a block', what: 'duplicate, delete, mute, comment, rename or probe it' },
  { keys: 'Arrow keys on a slider', what: 'nudge the value by one step (PageUp / PageDown: ten steps)' },
  { keys: 'Drop a file on the page', what: 'a graph opens; an SWC, CSV or .mod file goes to the selected block (or the first that reads it)' },
];

// ---------------------------------------------------------------------------------------------
// Block pages

export interface ParamRow {
  name: string;
  label: string;
  /** 'number', 'text', 'choice', 'on/off', 'file', 'node ids'. */
  kind: string;
  unit: string;
  default: string;
  /** Allowed values in words ("between 0 and 1", "one of pas, hh, file"), or ''. */
  range: string;
  help: string;
}

export interface SocketRow {
  name: string;
  label: string;
  type: SocketType;
  optional: boolean;
}

export interface BlockPage {
  type: string;
  title: string;
  category: string;
  description: string;
  equivalents: string;
  inputs: SocketRow[];
  outputs: SocketRow[];
  params: ParamRow[];
}

function shownDefault(p: ParamSpec): string {
  const d = p.default;
  if (d === null || d === undefined || d === '') return p.kind === 'file' ? 'none' : '—';
  if (Array.isArray(d)) return d.length ? d.join(', ') : 'none';
  if (typeof d === 'number' && !Number.isFinite(d)) return d > 0 ? 'none (∞)' : '−∞';
  if (typeof d === 'boolean') return d ? 'on' : 'off';
  return String(d);
}

/** One parameter as a row of the help page. */
export function paramRow(p: ParamSpec): ParamRow {
  const base = { name: p.name, label: p.label, default: shownDefault(p), help: p.help };
  switch (p.kind) {
    case 'number':
      return { ...base, kind: p.integer ? 'whole number' : 'number', unit: p.unit, range: rangeText(p) };
    case 'enum':
      return { ...base, kind: 'choice', unit: '', range: `one of ${p.options.join(', ')}` };
    case 'boolean':
      return { ...base, kind: 'on/off', unit: '', range: '' };
    case 'string':
      return { ...base, kind: 'text', unit: '', range: p.suggestions?.length ? `e.g. ${p.suggestions.slice(0, 4).join(', ')}` : '' };
    case 'file':
      return { ...base, kind: 'file', unit: '', range: p.accept.join(', ') };
    case 'node-ids':
      return { ...base, kind: 'node ids', unit: '', range: 'skeleton node ids, separated by commas' };
  }
}

/** The help page of a block type. */
export function blockPage(def: BlockDef): BlockPage {
  const sockets = (r: BlockDef['inputs']): SocketRow[] => Object.entries(r).map(([name, s]) => ({ name, label: s.label, type: s.type, optional: Boolean(s.optional) }));
  return {
    type: def.type,
    title: def.title,
    category: def.category,
    description: def.description,
    equivalents: def.equivalents ?? '',
    inputs: sockets(def.inputs),
    outputs: sockets(def.outputs),
    params: def.params.map(paramRow),
  };
}

// ---------------------------------------------------------------------------------------------
// Search

/** The help finds blocks as the palette and the add-block popup do (one search, src/editor/block-search.ts). */
export { searchBlocks } from '../../editor/block-search.ts';

// ---------------------------------------------------------------------------------------------
// Insert example

/** The block that makes a value of each type from what it needs (the minimal chain upstream). */
export const PROVIDERS: Readonly<Partial<Record<SocketType, string>>> = {
  neuron: 'load-skeleton',
  selection: 'select',
  model: 'compartment-model',
  traces: 'run',
  edges: 'edge-list',
  network: 'point-network',
  spikes: 'run-network',
  table: 'node-table',
};

export interface ExamplePlan {
  /** Blocks to add: `key` names them in `wires`; `column` 0 is the furthest upstream. */
  add: Array<{ key: string; type: string; column: number }>;
  /** Wires; an end is a new block's key or an existing block's id (`existing: true`). */
  wires: Array<{ from: { node: string; port: string; existing: boolean }; to: { node: string; port: string } }>;
  /** The key of the block the example is for. */
  target: string;
  /** The existing blocks the example is wired to. */
  uses: string[];
}

/**
 * The minimal example of a block: the block itself, each of its required inputs wired from
 * the selected block when that gives the right kind of value, else from the nearest block
 * upstream of the selection that does, else from a new block that makes it (PROVIDERS, with
 * what that one needs in turn; one new block per kind of value). Returns null for an unknown type.
 */
export function examplePlan(type: string, graph: Pick<Graph, 'nodes' | 'connections'>, selected: string | null, blockDef: (t: string) => BlockDef | undefined): ExamplePlan | null {
  const def = blockDef(type);
  if (!def) return null;
  // The selection and its upstream blocks, nearest first (breadth-first along the wires).
  const near: string[] = [];
  if (selected && graph.nodes.some((n) => n.id === selected)) {
    const seen = new Set([selected]);
    for (let q = [selected]; q.length; ) {
      const next: string[] = [];
      for (const id of q) {
        near.push(id);
        for (const c of graph.connections) if (c.to.node === id && !seen.has(c.from.node)) (seen.add(c.from.node), next.push(c.from.node));
      }
      q = next;
    }
  }
  const typeOf = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const existingOutput = (t: SocketType): { node: string; port: string } | null => {
    for (const id of near) {
      const d = blockDef(typeOf.get(id) ?? '');
      const port = d && Object.entries(d.outputs).find(([, s]) => s.type === t)?.[0];
      if (port) return { node: id, port };
    }
    return null;
  };
  const plan: ExamplePlan = { add: [], wires: [], target: 'b0', uses: [] };
  type End = { node: string; port: string; existing: boolean };
  /** Per kind of value, where the example takes it from (null: nothing makes it; the input stays open). */
  const made = new Map<SocketType, End | null>();
  /** Adds a block and, first, what its required inputs need; returns its key. */
  const addBlock = (d: BlockDef, stack: readonly string[]): string => {
    const key = `b${plan.add.length}`;
    plan.add.push({ key, type: d.type, column: 0 });
    for (const [port, spec] of Object.entries(d.inputs)) {
      if (spec.optional) continue;
      const end = source(spec.type, [...stack, d.type]);
      if (end) plan.wires.push({ from: end, to: { node: key, port } });
    }
    return key;
  };
  const source = (t: SocketType, stack: readonly string[]): End | null => {
    if (made.has(t)) return made.get(t)!;
    const ex = existingOutput(t);
    if (ex) {
      made.set(t, { ...ex, existing: true });
      if (!plan.uses.includes(ex.node)) plan.uses.push(ex.node);
      return made.get(t)!;
    }
    const providerType = PROVIDERS[t];
    const provider = providerType ? blockDef(providerType) : undefined;
    // No block makes it, or it would need itself: the input stays open.
    if (!provider || stack.includes(provider.type)) {
      made.set(t, null);
      return null;
    }
    const port = Object.entries(provider.outputs).find(([, s]) => s.type === t)![0];
    const end = { node: addBlock(provider, stack), port, existing: false };
    made.set(t, end);
    return end;
  };
  addBlock(def, []);
  // Columns: the target at the right, each block one column left of what it feeds.
  const target = plan.add[0];
  const col = new Map<string, number>([[target.key, 0]]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of plan.wires) {
      if (w.from.existing) continue;
      const c = (col.get(w.to.node) ?? 0) + 1;
      if ((col.get(w.from.node) ?? -1) < c) (col.set(w.from.node, c), (changed = true));
    }
  }
  const maxCol = Math.max(...col.values());
  for (const a of plan.add) a.column = maxCol - (col.get(a.key) ?? 0);
  return plan;
}
