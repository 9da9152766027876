/**
 * Upgrading graph files written by older NeuroWire versions, one version at a time.
 *
 * A step k → k+1 is a pure function of the whole document: it reads version k's JSON and
 * builds version k+1's, without changing its input (a caller may keep the original to offer
 * "save as the old version", or compare). Steps only reshape; checking the result against the
 * block catalogue is the validator's job, on the current version only, so a step never needs to
 * know about blocks.
 *
 * Version history:
 *
 * - 0 (draft, never released; kept so that the upgrade path is exercised): blocks under
 *   `"blocks"` with `"kind"` for the block type, `"x"`/`"y"` for the position, `"label"` for
 *   the title and `"muted"` for bypass; wires under `"edges"` as `{ "from": "load.neuron",
 *   "to": "soma.neuron" }`; the title and description at the top level; no embedded files.
 * - 1: nodes, connections, assets, meta (graph.ts).
 * - 2: the current format: adds the optional `subgraphs` section (reusable groups of blocks).
 *   A version 1 file is a valid version 2 file without it; the version is bumped so that an
 *   older NeuroWire refuses a file with subgraphs clearly instead of calling its blocks unknown.
 */
import { GRAPH_FORMAT, GRAPH_VERSION, type JsonObject, type JsonValue } from './graph.ts';

/** One upgrade step. */
export interface MigrationStep {
  from: number;
  to: number;
  /** What changed, for release notes and the upgrade message. */
  summary: string;
  /** The document of version `to`; throws a `MigrationError` when the input cannot be upgraded. */
  up(doc: Readonly<JsonObject>): JsonObject;
}

/** A document a step cannot upgrade, with the reason in the user's words. */
export class MigrationError extends Error {}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `"load.neuron"` → `{ node: "load", port: "neuron" }` (node ids contain no '.'). */
function splitEndpoint(v: JsonValue | undefined, where: string): JsonObject {
  if (typeof v !== 'string') throw new MigrationError(`${where} must be "block.port", got ${JSON.stringify(v ?? null)}`);
  const dot = v.indexOf('.');
  if (dot <= 0 || dot === v.length - 1) throw new MigrationError(`${where} must be "block.port", got "${v}"`);
  return { node: v.slice(0, dot), port: v.slice(dot + 1) };
}

const v0to1: MigrationStep = {
  from: 0,
  to: 1,
  summary: "blocks → nodes (kind → type, x/y → position, label → title, muted → bypass), edges → connections with {node, port} ends, title/description → meta, assets added",
  up(doc) {
    const { version: _version, blocks, edges, title, description, ...rest } = doc;
    // A draft file that somehow had "nodes"/"connections" besides blocks/edges would lose one
    // of the two silently; refuse instead, the user must decide.
    if (Array.isArray(blocks) && 'nodes' in rest) throw new MigrationError('version 0 file has both "blocks" and "nodes"');
    if (Array.isArray(edges) && 'connections' in rest) throw new MigrationError('version 0 file has both "edges" and "connections"');
    // Not a list: passed on as it is, for the version 1 decoder to report.
    const nodes = !Array.isArray(blocks) ? blocks : blocks.map((b): JsonValue => {
      // Entries that are not objects are left for the validator to report in version 1 terms.
      if (!isObject(b)) return b;
      const { kind, x, y, label, muted, ...other } = b;
      const node: JsonObject = { ...other };
      if (kind !== undefined) node.type = kind;
      if (x !== undefined || y !== undefined) node.position = [x ?? 0, y ?? 0];
      if (label !== undefined) node.title = label;
      if (muted !== undefined) node.bypass = muted;
      return node;
    });
    const connections = !Array.isArray(edges) ? (edges ?? []) : edges.map((e, k): JsonValue => {
      if (!isObject(e)) throw new MigrationError(`version 0 edge #${k + 1} is not an object`);
      return { from: splitEndpoint(e.from, `version 0 edge #${k + 1}: "from"`), to: splitEndpoint(e.to, `version 0 edge #${k + 1}: "to"`) };
    });
    const meta: JsonObject = {};
    if (title !== undefined) meta.title = title;
    if (description !== undefined) meta.description = description;
    const out: JsonObject = { ...rest, format: GRAPH_FORMAT, version: 1, connections, assets: {} };
    if (nodes !== undefined) out.nodes = nodes;
    if (Object.keys(meta).length) out.meta = meta;
    return out;
  },
};

const v1to2: MigrationStep = {
  from: 1,
  to: 2,
  summary: 'optional "subgraphs" section added (nothing to change in a version 1 file)',
  up(doc) {
    // A v1 file has no subgraphs; one that says it has is not from a released NeuroWire.
    if ('subgraphs' in doc) throw new MigrationError('version 1 file has a "subgraphs" section, which version 1 does not have; set "version": 2 if it was written for subgraphs');
    return { ...doc, version: 2 };
  },
};

/** Every step, in order; step k upgrades version k. */
export const MIGRATIONS: readonly MigrationStep[] = [v0to1, v1to2];

export type MigrationResult =
  /** `from`: the version the file was written in (equal to GRAPH_VERSION when nothing was done). */
  | { ok: true; doc: JsonObject; from: number }
  | { ok: false; message: string };

/**
 * The document upgraded to the current version, or why it cannot be read: not a NeuroWire
 * graph, no or a malformed version, a version newer than this NeuroWire, or a step that failed.
 * The input is never changed (the result shares no objects with it).
 */
export function migrate(input: JsonValue): MigrationResult {
  if (!isObject(input)) {
    const what = Array.isArray(input) ? 'a list' : input === null ? 'null' : `a ${typeof input}`;
    return { ok: false, message: `not a NeuroWire graph: the file holds ${what}, not an object with "format": "${GRAPH_FORMAT}"` };
  }
  if (input.format !== GRAPH_FORMAT) {
    return {
      ok: false,
      message: input.format === undefined ? `not a NeuroWire graph: it has no "format": "${GRAPH_FORMAT}"` : `not a NeuroWire graph: its format is ${JSON.stringify(input.format)}, expected "${GRAPH_FORMAT}"`,
    };
  }
  const v = input.version;
  if (v === undefined) return { ok: false, message: 'the graph has no "version"' };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { ok: false, message: `the graph's "version" must be a whole number, got ${JSON.stringify(v)}` };
  if (v > GRAPH_VERSION) {
    return { ok: false, message: `this graph was made by a newer NeuroWire: version ${v}, this one reads up to ${GRAPH_VERSION}. Update NeuroWire to open it.` };
  }
  // One deep copy up front: steps may then share sub-objects with their own input freely,
  // and the caller's document stays untouched even if the result is edited later.
  let doc = structuredClone(input);
  for (let k = v; k < GRAPH_VERSION; k++) {
    const step = MIGRATIONS[k];
    if (!step || step.from !== k || step.to !== k + 1) return { ok: false, message: `internal: no upgrade from graph version ${k} to ${k + 1}` };
    try {
      doc = step.up(doc);
    } catch (e) {
      if (e instanceof MigrationError) return { ok: false, message: `cannot upgrade this version ${v} graph: ${e.message}` };
      throw e;
    }
  }
  return { ok: true, doc, from: v };
}
