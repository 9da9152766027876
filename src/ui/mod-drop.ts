/**
 * A .mod file given to the page: which block reads it. The selected Insert mechanism / Point
 * process block when it takes that kind of mechanism; otherwise a new block of the right kind,
 * wired in after the selected model block (between it and what it fed), or just added. The
 * asset, the new block, its wires and the file parameter are one undo step.
 */
import { blockDef } from '../../nodes/index.ts';
import { assetRef, type Asset, type JsonValue } from '../dataflow/graph.ts';
import type { GraphStore } from '../dataflow/store.ts';

/** What a .mod declares in its NEURON block: a density mechanism (SUFFIX) or a point process. */
export interface ModHeader {
  kind: 'density' | 'point';
  name: string;
}

/** The block type that takes each kind. */
export const BLOCK_FOR: Readonly<Record<ModHeader['kind'], string>> = { density: 'insert-mechanism', point: 'point-process' };

/**
 * The SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL of an NMODL text, read cheaply (comments
 * removed, the first NEURON block scanned); null when there is none, and the block's compile
 * then says what is wrong.
 */
export function modHeader(text: string): ModHeader | null {
  const code = text
    .replace(/^\s*COMMENT\b[\s\S]*?^\s*ENDCOMMENT\b.*$/gm, '')
    .replace(/[:?].*$/gm, '');
  const block = /\bNEURON\s*\{([^}]*)\}/.exec(code);
  const m = block && /\b(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+([A-Za-z_]\w*)/.exec(block[1]);
  if (!m) return null;
  return { kind: m[1] === 'SUFFIX' ? 'density' : 'point', name: m[2] };
}

/** The output port of a block that passes a model on, if it has one. */
function modelOutput(type: string): string | undefined {
  const def = blockDef(type);
  return def ? Object.entries(def.outputs).find(([, s]) => s.type === 'model')?.[0] : undefined;
}

export interface ModDropResult {
  /** The block that now reads the file. */
  id: string;
  /** Whether the block was added for it. */
  created: boolean;
  /** Whether the new block was wired after the selected model block. */
  wired: boolean;
}

/**
 * Give a .mod file (already read: its asset) to a block of the open graph. `selected` is the
 * selected block, if any; `place` gives a new block's position when nothing is selected.
 */
export function giveModFile(store: GraphStore, opts: { hash: string; asset: Asset; text: string; selected: string | null; place: () => [number, number] }): ModDropResult {
  const header = modHeader(opts.text);
  const ref: JsonValue = assetRef(opts.hash);
  const sel = opts.selected ? store.node(opts.selected) : undefined;
  const wanted = header ? BLOCK_FOR[header.kind] : undefined;
  // The selected block reads it if it is the kind that takes it (or the file's kind is unknown:
  // its block will say what is wrong).
  if (sel && (sel.type === wanted || (!wanted && Object.values(BLOCK_FOR).includes(sel.type)))) {
    store.transaction(() => {
      store.addAsset(opts.hash, opts.asset);
      store.setParam(sel.id, 'mod', ref);
    });
    return { id: sel.id, created: false, wired: false };
  }
  const type = wanted ?? BLOCK_FOR.density;
  const port = sel ? modelOutput(sel.type) : undefined;
  let id = '';
  store.transaction(() => {
    store.addAsset(opts.hash, opts.asset);
    const at: [number, number] = sel && port ? [sel.position[0] + 60, sel.position[1] + 200] : opts.place();
    id = store.addNode(type, at, { mod: ref });
    if (!sel || !port) return;
    // In after the selected block: what it fed through that port is fed by the new block.
    const fed = store.graph.connections.filter((c) => c.from.node === sel.id && c.from.port === port);
    store.connect({ from: { node: sel.id, port }, to: { node: id, port: 'model' } });
    for (const c of fed) store.connect({ from: { node: id, port: 'model' }, to: c.to });
  });
  return { id, created: true, wired: Boolean(sel && port) };
}

/** The parameter of each block type that the .mod file's name sets (left at its default). */
const NAMED_BY_FILE: Readonly<Record<string, string>> = { 'insert-mechanism': 'mechanism', 'point-process': 'type' };

/**
 * The SUFFIX / POINT_PROCESS name a block's embedded .mod file gives `param`, when that
 * parameter is the one the file sets (insert-mechanism's mechanism, point-process's type).
 */
export function namedByModFile(store: GraphStore, id: string, param: string): string | null {
  const node = store.node(id);
  if (!node || NAMED_BY_FILE[node.type] !== param) return null;
  const ref = node.params.mod;
  const asset = typeof ref === 'string' && ref.startsWith('asset:') ? store.graph.assets[ref.slice(6)] : undefined;
  return asset ? (modHeader(asset.data)?.name ?? null) : null;
}
