/**
 * The graph document: what the editor edits, the browser stores and a `.neurowire.json` file
 * carries. It is plain JSON so that it can be written by hand, diffed and reviewed.
 *
 * ```json
 * {
 *   "format": "neurowire-graph",
 *   "version": 2,
 *   "meta": { "title": "…", "description": "…", "created": "2025-…", "modified": "2025-…" },
 *   "nodes": [
 *     { "id": "load", "type": "load-skeleton", "title": "DA1", "comment": "…", "bypass": false,
 *       "position": [0, 0], "params": { "units": "8 nm voxels", "swc": "asset:3fa9…" } }
 *   ],
 *   "connections": [ { "from": { "node": "load", "port": "neuron" }, "to": { "node": "soma", "port": "neuron" } } ],
 *   "assets": { "3fa9…": { "name": "da1.swc", "mime": "text/plain", "encoding": "utf8", "data": "…" } }
 * }
 * ```
 *
 * - Node ids are unique and made of letters, digits, `_` and `-` (they appear in
 *   `--set block.param=value` on the command line and in connection labels `block.port`).
 * - A parameter missing from `params` takes the block's default. A number is written in the
 *   block's unit, or as `{ "value": 8, "unit": "nm" }` to have it converted (see units.ts).
 * - A file parameter holds one of the references described at {@link parseFileRef}.
 * - `assets` embeds files by the SHA-256 of their content, so a graph file is self-contained and
 *   the same file used by several blocks is stored once (see assets.ts).
 *
 * - `groups` (optional) frames blocks: `{ "id", "title", "color": "#rrggbb", "nodes": [ids], "collapsed"? }`;
 *   a connection may carry `"via": [[x, y], …]` (reroute points) and a block `"collapsed": true`.
 *   All three are drawing only, so version 1 files gained them without a version change (an
 *   older NeuroWire ignores them with a warning).
 * Version 2 adds `subgraphs`: definitions of reusable groups of blocks (see SubgraphDef and
 * subgraph.ts).
 *
 * Older versions are upgraded on reading (migrate.ts); serialize.ts writes the stable form.
 */
/** The value of the `format` field: tells a NeuroWire graph from any other JSON file. */
export const GRAPH_FORMAT = 'neurowire-graph';

/** The version this code writes and the newest it reads. */
export const GRAPH_VERSION = 2;

/** Any JSON value: what a parameter may hold in a file before it is checked against its block. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A number given with its unit, converted to the block's unit when the graph is read. */
export interface UnitValue {
  value: number;
  unit: string;
}

/** One end of a connection: a block and one of its ports. */
export interface Endpoint {
  node: string;
  port: string;
}

/** An output port feeding an input port. An output may feed many inputs; an input takes one. */
export interface Connection {
  from: Endpoint;
  to: Endpoint;
  /** Reroute points the wire passes through, in order (editor pixels); drawing only. */
  via?: Array<[number, number]>;
}

/** A block placed in the graph. */
export interface GraphNode {
  /** Unique within the graph; `[A-Za-z0-9_-]+`. */
  id: string;
  /** A block type of the catalogue (nodes/index.ts). */
  type: string;
  /**
   * Parameter values by name, as written in the file: any JSON, because a hand-edited file may
   * hold anything and the validator must be able to say what is wrong with it. `resolveParams`
   * turns them into the values a block computes with.
   */
  params: Record<string, JsonValue>;
  /** Where the editor draws the block (editor pixels). */
  position: [number, number];
  /** Shown instead of the block type's title. */
  title?: string;
  /** A note the user attached to the block. */
  comment?: string;
  /** Muted: the block passes its input through unchanged. */
  bypass?: boolean;
  /** Drawn folded: title and sockets only (no parameter summary, comment or status line). */
  collapsed?: boolean;
}

/**
 * A titled, coloured frame around some blocks (drawing only: the evaluator never reads it). Its
 * frame is the bounding box of its blocks; collapsed, the blocks are hidden and the group is
 * drawn as one box at their top-left corner. A block is in at most one group.
 */
export interface GraphGroup {
  /** Unique among groups; `[A-Za-z0-9_-]+`. */
  id: string;
  /** Shown on the frame's title bar, as text. */
  title: string;
  /** `#rrggbb`. */
  color: string;
  /** Ids of the blocks in the group. */
  nodes: string[];
  collapsed?: boolean;
}

/** A file embedded in the graph, keyed by the SHA-256 (lowercase hex) of its bytes. */
export interface Asset {
  /** The file's original name (shown to the user; its extension is checked against the parameter). */
  name: string;
  mime: string;
  /** 'utf8': `data` is the text itself (readable diffs); 'base64': binary content. */
  encoding: 'utf8' | 'base64';
  data: string;
}

export interface GraphMeta {
  title?: string;
  description?: string;
  /** ISO 8601 timestamps. */
  created?: string;
  modified?: string;
}

/**
 * An input of a subgraph: a wire into the instance's port feeds every one of `targets` (inner
 * block inputs); one outer wire often fed several blocks of the selection it was made from.
 */
export interface SubgraphInput {
  name: string;
  targets: Endpoint[];
}

/** An output of a subgraph: the instance's port gives the value of one inner block output. */
export interface SubgraphOutput {
  name: string;
  from: Endpoint;
}

/** A parameter of an inner block shown on the instance under `name`; an instance's value overrides the inner one. */
export interface SubgraphParam {
  name: string;
  node: string;
  param: string;
}

/**
 * A reusable group of blocks defined once in the graph (subgraph.ts): blocks of type
 * `subgraph:<id>` are instances of it, `repeat:<id>` applies it once per row of a table.
 * Inner ids follow the node id rules; they are unique within the definition only.
 */
export interface SubgraphDef {
  /** Unique among the graph's subgraphs; `[A-Za-z0-9_-]+`. */
  id: string;
  title: string;
  description?: string;
  nodes: GraphNode[];
  connections: Connection[];
  inputs: SubgraphInput[];
  outputs: SubgraphOutput[];
  params: SubgraphParam[];
}

/** A graph document of the current version. */
export interface Graph {
  format: typeof GRAPH_FORMAT;
  version: typeof GRAPH_VERSION;
  nodes: GraphNode[];
  connections: Connection[];
  assets: Record<string, Asset>;
  /** Subgraph definitions (absent or empty: none). */
  subgraphs?: SubgraphDef[];
  meta?: GraphMeta;
  /** Frames around blocks (absent when there are none). */
  groups?: GraphGroup[];
}

/**
 * Something wrong (or doubtful) in a graph, in words for the user. `node`, `param` and
 * `connection` (index into `graph.connections`) locate it so the editor can mark the block, the
 * inspector field or the wire; `asset` is the hash of an embedded file.
 */
export interface Issue {
  severity: 'error' | 'warning';
  message: string;
  node?: string;
  param?: string;
  connection?: number;
  asset?: string;
  /** For syntax errors: 1-based line and column in the file. */
  line?: number;
  column?: number;
}

/** A new, empty graph. */
export function emptyGraph(meta?: GraphMeta): Graph {
  const g: Graph = { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [], connections: [], assets: {} };
  if (meta) g.meta = { ...meta };
  return g;
}

/** Node ids: safe in `--set id.param=value`, in `id.port` labels and in file names. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A connection in words: `load.neuron → run.model`. */
export function connectionLabel(c: Connection): string {
  return `${c.from.node}.${c.from.port} → ${c.to.node}.${c.to.port}`;
}

// ---------------------------------------------------------------------------------------------
// File references

/** Prefix of a reference to a file embedded in the graph: `asset:<sha256 hex>`. */
export const ASSET_PREFIX = 'asset:';
/** Prefix of a reference to a file that ships with NeuroWire: `builtin:<name>`. */
export const BUILTIN_PREFIX = 'builtin:';

/** A SHA-256 in lowercase hex, as asset keys and `asset:` references write it. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The files that ship with NeuroWire, by `builtin:` name, with their extension and what they
 * hold. The readers (browser storage, CLI) produce their content; the validator only checks
 * that a graph names one of these, so that a typo is caught when the file is opened rather than
 * when the block runs.
 */
export const BUILTIN_FILES: Readonly<Record<string, { extension: string; description: string }>> = {
  synthetic: { extension: '.swc', description: 'the procedural projection-neuron skeleton (µm, seed 1)' },
  'synthetic-synapses': { extension: '.csv', description: 'the synapse table of the procedural projection neuron' },
};

/**
 * What a file parameter refers to:
 *
 * - `''` (or null): no file; the block uses its own fallback or reports that it needs one.
 * - `asset:<sha256>`: a file embedded in this graph's `assets` (the browser's only kind of file,
 *   and the way to make a graph file self-contained).
 * - `builtin:<name>`: a file that ships with NeuroWire ({@link BUILTIN_FILES}).
 * - anything else: a path, relative to the graph file (the CLI reads it; `/` separators).
 *
 * Another `scheme:` prefix (`http:`, `file:`) is refused rather than read as a path, because
 * it is almost certainly meant as something NeuroWire does not fetch. A one-letter prefix is a
 * Windows drive (`C:\data\a.swc`), i.e. a path.
 */
export type FileRef =
  | { kind: 'none' }
  | { kind: 'asset'; hash: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'path'; path: string; absolute: boolean }
  | { kind: 'invalid'; reason: string };

export function parseFileRef(value: string | null): FileRef {
  const s = (value ?? '').trim();
  if (s === '') return { kind: 'none' };
  if (s.startsWith(ASSET_PREFIX)) {
    const hash = s.slice(ASSET_PREFIX.length);
    return SHA256_PATTERN.test(hash)
      ? { kind: 'asset', hash }
      : { kind: 'invalid', reason: `'${s}' is not an embedded-file reference (asset: followed by 64 lowercase hex digits)` };
  }
  if (s.startsWith(BUILTIN_PREFIX)) {
    const name = s.slice(BUILTIN_PREFIX.length);
    return name ? { kind: 'builtin', name } : { kind: 'invalid', reason: `'${s}' names no built-in file` };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(s);
  if (scheme) {
    return { kind: 'invalid', reason: `'${s}' starts with '${scheme[1]}:', which NeuroWire does not read; use asset:, builtin: or a path relative to the graph file` };
  }
  return { kind: 'path', path: s, absolute: s.startsWith('/') || s.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(s) };
}

/** The `asset:` reference of a hash. */
export function assetRef(hash: string): string {
  return ASSET_PREFIX + hash;
}

/** True for a parameter value that is a number with its unit: `{ "value": 8, "unit": "nm" }`. */
export function isUnitValue(v: JsonValue | undefined): v is JsonObject & UnitValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.value === 'number' && typeof v.unit === 'string' && Object.keys(v).length === 2;
}
