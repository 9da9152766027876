/**
 * A deterministic graph-file mutator. Mutant `i` of seed `s` is the base graph `i mod B`
 * changed by one to three operators drawn from its own seeded stream (pure-rand, via
 * src/core/random.ts), so any mutant can be rebuilt from (seed, index) alone.
 *
 * Operators cover what a shared file can hold: extreme numbers (0, −1, ±1e308, 1e−300, huge
 * integers, fractions for integers), numbers as text ("NaN", "8 nm"), wrong units, wrong
 * types, wrong enum options, deleted and duplicated keys, unknown block types and ports,
 * wires to missing blocks, cycles, duplicate ids, hostile ids and labels (`__proto__`,
 * `constructor`, `hasOwnProperty`, `t`, 300 characters, unicode), deep nesting, huge arrays,
 * long chains of blocks, truncated or damaged JSON, swapped, missing, damaged or binary
 * embedded files, damaged SWC / CSV content, old and future versions.
 */
import { blockDef, BLOCKS } from '../../nodes/index.ts';
import type { ParamSpec } from '../../nodes/types.ts';
import { createRng, type Rng } from '../../src/core/random.ts';
import type { JsonObject, JsonValue } from '../../src/dataflow/graph.ts';
import type { BaseGraph } from './base-graphs.ts';

export interface Mutant {
  index: number;
  base: string;
  /** Operators applied, with their arguments, in words. */
  ops: string[];
  /** The graph file's text. */
  text: string;
  /** True when an operator changed a run's duration or step itself (the base graphs shorten them). */
  touchesTime: boolean;
}

type Doc = JsonObject;
interface State {
  rng: Rng;
  doc: Doc;
  /** Text-level edits applied after serialising (truncation, garbage, duplicate keys). */
  post: Array<(text: string) => string>;
  touchesTime: boolean;
}
type Op = (s: State) => string | null;

// ---------------------------------------------------------------------------------------------
// Hostile values

export const EXTREME_NUMBERS: readonly number[] = [0, -0, -1, 1, 1e308, -1e308, 1e-300, -1e-300, 2 ** 53 + 2, -(2 ** 53), 2147483648, -2147483649, 4294967296, 1e21, 0.5, 1.5, 1e7, 1e10, 123456789.123, 5e-324];
export const NUMBER_TEXTS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '1e999', '12', '8 nm', '', ' ', '0x10', '1,5', 'null', '∞'];
export const HOSTILE_IDS: readonly string[] = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype', 't', 'a'.repeat(300), 'ñeurón', '../x', 'a b', '', 'run', 'x'.repeat(20000), '0', '-', '__defineGetter__'];
export const HOSTILE_TEXTS: readonly string[] = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  't',
  '',
  ' ',
  'a'.repeat(5000),
  'ñeurón µ 神经元 🧠',
  '"quoted", with commas',
  'line\nbreak',
  'tab\tand\r\nCRLF',
  'NaN',
  '\u0000nul',
  '\u2028sep',
  '<script>alert(1)</script>',
  '${7*7}{__import__("os")}',
  ',,,',
  'A, A, A',
  'toString, valueOf',
];
const UNITS = ['nm', 'mm', 'µm', 'um', 'ms', 's', 'mV', 'V', 'Hz', 'kHz', '', 'furlong', '__proto__', '8 nm voxels', 'S/cm²', 'nA', 'µS', '°C', 'K'];
const TYPE_SWAPS: readonly JsonValue[] = [null, true, false, 'text', '', [], [1, 2, 3], {}, { value: 1 }, JSON.parse('{"__proto__":1}') as JsonValue, [[[]]], 0, -1, { value: 'x', unit: 'ms' }];

// ---------------------------------------------------------------------------------------------
// Helpers

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(0, xs.length - 1)];
}

function nodes(doc: Doc): JsonObject[] {
  return Array.isArray(doc.nodes) ? (doc.nodes.filter((n) => typeof n === 'object' && n !== null && !Array.isArray(n)) as JsonObject[]) : [];
}

/** The connections list, to add to (made a list if a mutation broke it). */
function conns(doc: Doc): JsonValue[] {
  if (!Array.isArray(doc.connections)) doc.connections = [];
  return doc.connections;
}

function isObj(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The connections that are objects with object ends (earlier mutations may have broken some). */
function wires(doc: Doc): Array<JsonObject & { from: JsonObject; to: JsonObject }> {
  return conns(doc).filter((c): c is JsonObject & { from: JsonObject; to: JsonObject } => isObj(c) && isObj(c.from) && isObj(c.to));
}

function paramsOf(n: JsonObject): JsonObject {
  if (typeof n.params !== 'object' || n.params === null || Array.isArray(n.params)) n.params = {};
  return n.params as JsonObject;
}

function specsOf(n: JsonObject): readonly ParamSpec[] {
  return typeof n.type === 'string' ? (blockDef(n.type)?.params ?? []) : [];
}

/** A node that has a parameter of one of the kinds, and that parameter. */
function pickParam(s: State, kinds: ReadonlyArray<ParamSpec['kind']>): { node: JsonObject; spec: ParamSpec } | null {
  const cands: Array<{ node: JsonObject; spec: ParamSpec }> = [];
  for (const node of nodes(s.doc)) for (const spec of specsOf(node)) if (kinds.includes(spec.kind)) cands.push({ node, spec });
  return cands.length ? pick(s.rng, cands) : null;
}

function isTimeParam(node: JsonObject, name: string): boolean {
  return (node.type === 'run' && (name === 'tstop' || name === 'dt' || name === 'recordEvery')) || (node.type === 'run-network' && (name === 'duration' || name === 'dt'));
}

function setParam(s: State, node: JsonObject, name: string, v: JsonValue): string {
  paramsOf(node)[name] = v;
  if (isTimeParam(node, name)) s.touchesTime = true;
  const shown = JSON.stringify(v) ?? String(v);
  return `${String(node.id)}.${name} = ${shown.length > 60 ? shown.slice(0, 57) + '…' : shown}`;
}

/** Rename a node everywhere it is referred to (wires too). */
function renameNode(doc: Doc, from: string, to: string): void {
  for (const n of nodes(doc)) if (n.id === from) n.id = to;
  for (const c of wires(doc)) for (const end of [c.from, c.to]) if (end.node === from) end.node = to;
}

/** All (container, key) places in a JSON value, for generic deletes and type swaps. */
function places(v: JsonValue, out: Array<{ parent: JsonObject | JsonValue[]; key: string | number }>, depth = 0): void {
  if (depth > 6 || out.length > 5000) return;
  if (Array.isArray(v)) v.forEach((x, k) => (out.push({ parent: v, key: k }), places(x, out, depth + 1)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push({ parent: v, key: k }), places(x, out, depth + 1);
}

function randomPlace(s: State): { parent: JsonObject | JsonValue[]; key: string | number } | null {
  const out: Array<{ parent: JsonObject | JsonValue[]; key: string | number }> = [];
  // Skip the bulk of embedded file data: keys, not characters, are interesting.
  places(s.doc, out);
  return out.length ? pick(s.rng, out) : null;
}

function outputsOf(type: JsonValue | undefined): string[] {
  return typeof type === 'string' ? Object.keys(blockDef(type)?.outputs ?? {}) : [];
}
function inputsOf(type: JsonValue | undefined): string[] {
  return typeof type === 'string' ? Object.keys(blockDef(type)?.inputs ?? {}) : [];
}

function assetKeys(doc: Doc): string[] {
  return doc.assets && typeof doc.assets === 'object' && !Array.isArray(doc.assets) ? Object.keys(doc.assets) : [];
}

function hex64(rng: Rng): string {
  let h = '';
  for (let k = 0; k < 64; k++) h += '0123456789abcdef'[rng.int(0, 15)];
  return h;
}

// ---------------------------------------------------------------------------------------------
// Operators

const numberExtreme: Op = (s) => {
  const p = pickParam(s, ['number']);
  return p && setParam(s, p.node, p.spec.name, pick(s.rng, EXTREME_NUMBERS));
};

/** Numbers just outside, at and inside the declared range, and fractions of whole numbers. */
const numberEdge: Op = (s) => {
  const p = pickParam(s, ['number']);
  if (!p || p.spec.kind !== 'number') return null;
  const { min, max } = p.spec;
  const cands = [min, max, min !== undefined ? min - 1e-9 : undefined, max !== undefined ? max * (1 + 1e-12) + 1e-12 : undefined, p.spec.default + 0.5, p.spec.default * 1000, p.spec.default / 1000].filter((x): x is number => x !== undefined && Number.isFinite(x));
  return setParam(s, p.node, p.spec.name, pick(s.rng, cands));
};

const numberAsText: Op = (s) => {
  const p = pickParam(s, ['number']);
  return p && setParam(s, p.node, p.spec.name, pick(s.rng, NUMBER_TEXTS));
};

const numberWithUnit: Op = (s) => {
  const p = pickParam(s, ['number']);
  return p && setParam(s, p.node, p.spec.name, { value: pick(s.rng, [1, 0, -1, 8, 1e300, 1e-300, 2.5]), unit: pick(s.rng, UNITS) });
};

const typeSwap: Op = (s) => {
  const p = pickParam(s, ['number', 'string', 'enum', 'boolean', 'file', 'node-ids']);
  return p && setParam(s, p.node, p.spec.name, structuredClone(pick(s.rng, TYPE_SWAPS)));
};

const enumWrong: Op = (s) => {
  const p = pickParam(s, ['enum']);
  if (!p || p.spec.kind !== 'enum') return null;
  const o = pick(s.rng, p.spec.options);
  const others = BLOCKS.flatMap((b) => b.params.flatMap((q) => (q.kind === 'enum' ? q.options : [])));
  return setParam(s, p.node, p.spec.name, pick(s.rng, [o.toUpperCase(), ` ${o}`, '', pick(s.rng, others), '__proto__', 'toString', 7]));
};

const nodeIdsWeird: Op = (s) => {
  const p = pickParam(s, ['node-ids']);
  const vals: JsonValue[] = [[-1], [0], [1e9], [2147483647], [2147483648], [1.5], [20, 20, 20], ['20'], [NaN as unknown as JsonValue], 99999999, [...Array(2000).keys()]];
  return p && setParam(s, p.node, p.spec.name, structuredClone(pick(s.rng, vals)));
};

const stringHostile: Op = (s) => {
  const p = pickParam(s, ['string']);
  return p && setParam(s, p.node, p.spec.name, pick(s.rng, HOSTILE_TEXTS));
};

/** Labels of recorders / detectors / stimuli made to collide or to be special names. */
const labelCollide: Op = (s) => {
  const labelled = nodes(s.doc).filter((n) => specsOf(n).some((p) => p.name === 'label'));
  if (!labelled.length) return null;
  const l = pick(s.rng, ['__proto__', 't', 'constructor', 'hasOwnProperty', 'soma', 'v', 'toString']);
  const which = labelled.filter(() => s.rng.uniform() < 0.6);
  const chosen = which.length ? which : [pick(s.rng, labelled)];
  for (const n of chosen) paramsOf(n).label = l;
  return `label of ${chosen.map((n) => String(n.id)).join(', ')} = ${l}`;
};

const fileRefWeird: Op = (s) => {
  const p = pickParam(s, ['file']);
  if (!p) return null;
  const keys = assetKeys(s.doc);
  const v = pick(s.rng, [`asset:${hex64(s.rng)}`, 'asset:xyz', 'builtin:nothing', 'builtin:synthetic', 'builtin:synthetic-synapses', 'builtin:__proto__', '/etc/passwd', '../../../../etc/passwd', 'http://example.com/a.swc', 'file:///etc/passwd', '/dev/zero', 'C:\\x.swc', keys.length ? `asset:${pick(s.rng, keys)}` : 'asset:', 'nul\u0000.swc']);
  if (typeof p.node.type === 'string' && (p.node.type === 'load-skeleton' || p.node.type === 'edge-list')) paramsOf(p.node).source = 'file';
  return setParam(s, p.node, p.spec.name, v);
};

const deleteKey: Op = (s) => {
  const pl = randomPlace(s);
  if (!pl) return null;
  if (Array.isArray(pl.parent)) pl.parent.splice(pl.key as number, 1);
  else delete pl.parent[pl.key as string];
  return `delete …[${JSON.stringify(pl.key)}]`;
};

const swapType: Op = (s) => {
  const pl = randomPlace(s);
  if (!pl) return null;
  const v = structuredClone(pick(s.rng, TYPE_SWAPS));
  if (Array.isArray(pl.parent)) pl.parent[pl.key as number] = v;
  else pl.parent[pl.key as string] = v;
  return `…[${JSON.stringify(pl.key)}] = ${JSON.stringify(v)}`;
};

/** A key written twice in the text (JSON.parse keeps the last). */
const duplicateKey: Op = (s) => {
  const ns = nodes(s.doc);
  if (!ns.length) return null;
  const n = pick(s.rng, ns);
  const id = String(n.id);
  const key = pick(s.rng, ['id', 'type', 'params']);
  const extra = key === 'id' ? JSON.stringify(pick(s.rng, ['dup', '__proto__', id])) : key === 'type' ? JSON.stringify(pick(s.rng, ['run', 'select', 'nope'])) : '{"x":1}';
  s.post.push((t) => t.replace(`"id":${JSON.stringify(id)}`, `"${key}":${extra},"id":${JSON.stringify(id)}`));
  return `duplicate key ${key} in block ${id}`;
};

const unknownType: Op = (s) => {
  const ns = nodes(s.doc);
  if (!ns.length) return null;
  const n = pick(s.rng, ns);
  const t = typeof n.type === 'string' ? n.type : 'run';
  n.type = pick(s.rng, [t + 's', t.toUpperCase(), '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(1000), '', ' run', pick(s.rng, BLOCKS).type]);
  return `block ${String(n.id)} type = ${String(n.type).slice(0, 40)}`;
};

const unknownPort: Op = (s) => {
  const cs = wires(s.doc);
  if (!cs.length) return null;
  const c = pick(s.rng, cs);
  const end = (s.rng.uniform() < 0.5 ? c.from : c.to) as JsonObject;
  if (!end || typeof end !== 'object') return null;
  end.port = pick(s.rng, ['foo', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'neuron', 'model', 'traces', 'spikes', 'x'.repeat(500)]);
  return `port = ${String(end.port).slice(0, 20)}`;
};

const wireToMissing: Op = (s) => {
  const cs = wires(s.doc);
  if (!cs.length) return null;
  const c = pick(s.rng, cs);
  const end = (s.rng.uniform() < 0.5 ? c.from : c.to) as JsonObject;
  if (!end || typeof end !== 'object') return null;
  end.node = pick(s.rng, ['ghost', '__proto__', 'constructor', '', 'toString']);
  return `wire end node = ${String(end.node)}`;
};

const addWire: Op = (s) => {
  const ns = nodes(s.doc);
  if (ns.length < 2) return null;
  const a = pick(s.rng, ns);
  const b = pick(s.rng, ns);
  const from = outputsOf(a.type);
  const to = inputsOf(b.type);
  if (!from.length || !to.length) return null;
  conns(s.doc).push({ from: { node: a.id ?? null, port: pick(s.rng, from) }, to: { node: b.id ?? null, port: pick(s.rng, to) } });
  return `wire ${String(a.id)} → ${String(b.id)}`;
};

/** A wire back from a block to one upstream of it (a cycle), or into itself. */
const cycle: Op = (s) => {
  const cs = conns(s.doc);
  const ws = wires(s.doc);
  if (!ws.length) return null;
  const c = pick(s.rng, ws);
  const from = c.from as JsonObject;
  const to = c.to as JsonObject;
  if (!from || !to) return null;
  const ns = nodes(s.doc);
  const down = ns.find((n) => n.id === to.node);
  const up = ns.find((n) => n.id === from.node);
  if (!down || !up) return null;
  const outs = outputsOf(down.type);
  const ins = inputsOf(up.type);
  const self = s.rng.uniform() < 0.3;
  const target = self ? down : up;
  const tin = self ? inputsOf(down.type) : ins;
  if (!outs.length || !tin.length) return null;
  cs.push({ from: { node: down.id ?? null, port: outs[0] }, to: { node: target.id ?? null, port: pick(s.rng, tin) } });
  return self ? `self-loop on ${String(down.id)}` : `cycle ${String(down.id)} → ${String(up.id)}`;
};

const removeWire: Op = (s) => {
  const cs = conns(s.doc);
  if (!cs.length) return null;
  const k = s.rng.int(0, cs.length - 1);
  cs.splice(k, 1);
  return `remove wire #${k + 1}`;
};

const duplicateId: Op = (s) => {
  const ns = nodes(s.doc);
  if (ns.length < 2) return null;
  const a = pick(s.rng, ns);
  if (s.rng.uniform() < 0.5) {
    (s.doc.nodes as JsonValue[]).push(structuredClone(a));
    return `block ${String(a.id)} twice`;
  }
  const b = pick(s.rng, ns);
  b.id = a.id ?? null;
  return `block ids ${String(a.id)} = ${String(b.id)}`;
};

const hostileId: Op = (s) => {
  const ns = nodes(s.doc);
  if (!ns.length) return null;
  const n = pick(s.rng, ns);
  const id = pick(s.rng, HOSTILE_IDS);
  const old = String(n.id);
  renameNode(s.doc, old, id);
  return `rename ${old} → ${id.length > 30 ? `${id.slice(0, 5)}…(${id.length})` : JSON.stringify(id)}`;
};

/** Several blocks renamed to prototype names at once (summaries and maps keyed by id). */
const protoIds: Op = (s) => {
  const ns = nodes(s.doc);
  const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];
  const out: string[] = [];
  ns.slice(0, names.length).forEach((n, k) => {
    out.push(`${String(n.id)}→${names[k]}`);
    renameNode(s.doc, String(n.id), names[k]);
  });
  return `rename ${out.join(', ')}`;
};

const titleComment: Op = (s) => {
  const ns = nodes(s.doc);
  if (!ns.length) return null;
  const n = pick(s.rng, ns);
  const f = pick(s.rng, ['title', 'comment']);
  n[f] = pick(s.rng, [...HOSTILE_TEXTS, 7, null, ['x'], { a: 1 }] as JsonValue[]);
  return `block ${String(n.id)} ${f} = ${JSON.stringify(n[f]).slice(0, 30)}`;
};

const bypass: Op = (s) => {
  const ns = nodes(s.doc);
  if (!ns.length) return null;
  const n = pick(s.rng, ns);
  n.bypass = pick(s.rng, [true, true, 'yes', 1, null] as JsonValue[]);
  return `block ${String(n.id)} bypass = ${JSON.stringify(n.bypass)}`;
};

/** A parameter value nested thousands of levels deep (the text is built directly). */
const deepNesting: Op = (s) => {
  const depth = pick(s.rng, [600, 5000, 100000]);
  const where = pick(s.rng, ['param', 'meta', 'top']);
  const nested = s.rng.uniform() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const ns = nodes(s.doc);
  const n = ns.length ? pick(s.rng, ns) : null;
  if (where === 'param' && n) {
    paramsOf(n).__deep__ = 0;
    s.post.push((t) => t.replace('"__deep__":0', `"__deep__":${nested}`));
  } else {
    s.doc.__deep__ = 0;
    s.post.push((t) => t.replace('"__deep__":0', `"${where === 'meta' ? 'meta' : 'extra'}":${nested}`));
  }
  return `nesting ${depth} deep in ${where}`;
};

/** Huge arrays: many node ids, many copies of one wire, a long string, many blocks. */
const hugeArray: Op = (s) => {
  const what = pick(s.rng, ['ids', 'connections', 'string', 'nodes']);
  if (what === 'ids') {
    const p = pickParam(s, ['node-ids']);
    if (!p) return null;
    const n = pick(s.rng, [100000, 1000000]);
    return setParam(s, p.node, p.spec.name, Array.from({ length: n }, (_, k) => k)).slice(0, 40) + ` (${n} ids)`;
  }
  if (what === 'connections') {
    const cs = conns(s.doc);
    const n = 50000;
    const ws = wires(s.doc);
    const c = ws.length ? ws[0] : { from: { node: 'a', port: 'b' }, to: { node: 'c', port: 'd' } };
    for (let k = 0; k < n; k++) cs.push(structuredClone(c));
    return `${n} copies of one wire`;
  }
  if (what === 'string') {
    const p = pickParam(s, ['string', 'enum', 'file']);
    if (!p) return null;
    return setParam(s, p.node, p.spec.name, 'x'.repeat(pick(s.rng, [100000, 5000000]))).slice(0, 40) + ' (long string)';
  }
  // Many blocks of an unknown or known type, unconnected.
  const n = pick(s.rng, [5000, 20000]);
  if (!Array.isArray(s.doc.nodes)) s.doc.nodes = [];
  const arr = s.doc.nodes;
  for (let k = 0; k < n; k++) arr.push({ id: `n${k}`, type: k % 2 ? 'spike-table' : 'nope', params: {}, position: [0, 0] });
  return `${n} extra blocks`;
};

/** A long chain of cheap blocks between the skeleton and the rest (deep dependency chains). */
const longChain: Op = (s) => {
  const ns = nodes(s.doc);
  const load = ns.find((n) => n.type === 'load-skeleton');
  const edges = ns.find((n) => n.type === 'point-network');
  const n = pick(s.rng, [200, 2000, 20000]);
  const cs = conns(s.doc);
  const arr = s.doc.nodes as JsonValue[];
  const muted = s.rng.uniform() < 0.7;
  if (load) {
    const outs = wires(s.doc).filter((c) => c.from.node === load.id);
    let prev = String(load.id);
    for (let k = 0; k < n; k++) {
      const id = `chain${k}`;
      arr.push({ id, type: 'reroot', params: {}, position: [0, 0], ...(muted ? { bypass: true } : {}) });
      cs.push({ from: { node: prev, port: 'neuron' }, to: { node: id, port: 'neuron' } });
      prev = id;
    }
    for (const c of outs) c.from.node = prev;
    return `${n} ${muted ? 'bypassed ' : ''}reroot blocks after ${String(load.id)}`;
  }
  if (edges) {
    const outs = wires(s.doc).filter((c) => c.from.node === edges.id);
    let prev = String(edges.id);
    for (let k = 0; k < n; k++) {
      const id = `chain${k}`;
      arr.push({ id, type: 'background-noise', params: { frequency: 0.001 }, position: [0, 0], ...(muted ? { bypass: true } : {}) });
      cs.push({ from: { node: prev, port: 'network' }, to: { node: id, port: 'network' } });
      prev = id;
    }
    for (const c of outs) c.from.node = prev;
    return `${n} ${muted ? 'bypassed ' : ''}noise blocks after ${String(edges.id)}`;
  }
  return null;
};

const truncate: Op = (s) => {
  const f = s.rng.uniform();
  s.post.push((t) => t.slice(0, Math.floor(t.length * f)));
  return `truncate at ${(f * 100).toFixed(1)} %`;
};

const garbage: Op = (s) => {
  const f = s.rng.uniform();
  const junk = pick(s.rng, ['\u0000', '}', ']', ',', '"', '\\', '\uFEFF', 'NaN', '\u2028', '/*x*/', "'", '\ud800']);
  const mode = pick(s.rng, ['insert', 'replace']);
  s.post.push((t) => {
    const k = Math.floor(t.length * f);
    return t.slice(0, k) + junk + t.slice(mode === 'replace' ? k + 1 : k);
  });
  return `${mode} ${JSON.stringify(junk)} at ${(f * 100).toFixed(1)} %`;
};

const versionFormat: Op = (s) => {
  const which = pick(s.rng, ['version', 'format', 'root']);
  if (which === 'version') {
    s.doc.version = pick(s.rng, [0, 2, -1, 1.5, '1', null, 1e308, 9007199254740993] as JsonValue[]);
    return `version = ${JSON.stringify(s.doc.version)}`;
  }
  if (which === 'format') {
    s.doc.format = pick(s.rng, ['neurowire', 'NEUROWIRE-GRAPH', null, 1, '__proto__'] as JsonValue[]);
    return `format = ${JSON.stringify(s.doc.format)}`;
  }
  const v = pick(s.rng, ['[]', 'null', '1', '"neurowire-graph"', '{}', 'true', '[{"format":"neurowire-graph"}]']);
  s.post.push(() => v);
  return `the file is ${v}`;
};

/** The document rewritten as a version 0 draft (blocks/edges), sometimes with broken edges. */
const asVersion0: Op = (s) => {
  const ns = nodes(s.doc);
  const blocks = ns.map((n) => {
    const { type, position, title, bypass: b, ...rest } = n;
    const pos = Array.isArray(position) ? position : [0, 0];
    const o: JsonObject = { ...rest, kind: type ?? null, x: pos[0] ?? 0, y: pos[1] ?? 0 };
    if (title !== undefined) o.label = title;
    if (b !== undefined) o.muted = b;
    return o;
  });
  const bad = s.rng.uniform() < 0.4;
  const edges = wires(s.doc).map((c, k) => {
    const f = c.from;
    const t = c.to;
    if (bad && k === 0) return pick(s.rng, [{ from: 'nodot', to: 'x.y' }, { from: '.x', to: 'a.' }, 'edge', { from: 1, to: null }] as JsonValue[]);
    return { from: `${String(f?.node)}.${String(f?.port)}`, to: `${String(t?.node)}.${String(t?.port)}` };
  });
  const meta = (s.doc.meta ?? {}) as JsonObject;
  for (const k of Object.keys(s.doc)) delete s.doc[k];
  Object.assign(s.doc, { format: 'neurowire-graph', version: 0, title: meta.title ?? 'x', blocks, edges });
  return `as version 0${bad ? ' with a broken edge' : ''}`;
};

const assetMutation: Op = (s) => {
  const keys = assetKeys(s.doc);
  const assets = s.doc.assets as JsonObject;
  const what = pick(s.rng, ['swap-data', 'swap-refs', 'delete', 'rekey', 'base64-binary', 'bad-base64', 'encoding', 'big-binary', 'unused', 'name']);
  if (what === 'big-binary' || what === 'unused' || !keys.length) {
    // A large binary file (the issue's 4 MB asset crashed validate and run), unused or used.
    const n = what === 'big-binary' ? pick(s.rng, [1 << 20, 4 << 20]) : 64;
    const bytes = Buffer.alloc(n);
    for (let k = 0; k < n; k += 4) bytes.writeUInt32LE(s.rng.int(0, 0xffffffff) >>> 0, Math.min(k, n - 4));
    const key = hex64(s.rng);
    if (typeof s.doc.assets !== 'object' || s.doc.assets === null || Array.isArray(s.doc.assets)) s.doc.assets = {};
    (s.doc.assets as JsonObject)[key] = { name: pick(s.rng, ['x.swc', 'edges.csv', 'a.bin']), mime: 'application/octet-stream', encoding: 'base64', data: bytes.toString('base64') };
    const p = pickParam(s, ['file']);
    if (p && s.rng.uniform() < 0.7) setParam(s, p.node, p.spec.name, `asset:${key}`);
    return `binary asset of ${n} bytes${p ? ` used by ${String(p.node.id)}.${p.spec.name}` : ''}`;
  }
  const k = pick(s.rng, keys);
  const a = assets[k] as JsonObject;
  switch (what) {
    case 'swap-data': {
      const other = assets[pick(s.rng, keys)] as JsonObject;
      const d = a.data;
      a.data = other.data;
      other.data = d;
      return 'swap asset contents';
    }
    case 'swap-refs': {
      const fileParams: Array<{ node: JsonObject; name: string }> = [];
      for (const n of nodes(s.doc)) for (const sp of specsOf(n)) if (sp.kind === 'file' && typeof paramsOf(n)[sp.name] === 'string' && paramsOf(n)[sp.name] !== '') fileParams.push({ node: n, name: sp.name });
      if (fileParams.length < 2) return null;
      const [x, y] = [fileParams[0], fileParams[1]];
      const v = paramsOf(x.node)[x.name];
      paramsOf(x.node)[x.name] = paramsOf(y.node)[y.name];
      paramsOf(y.node)[y.name] = v;
      return `swap ${String(x.node.id)}.${x.name} and ${String(y.node.id)}.${y.name}`;
    }
    case 'delete':
      delete assets[k];
      return `delete asset ${k.slice(0, 8)}`;
    case 'rekey':
      delete assets[k];
      assets[pick(s.rng, [hex64(s.rng), k.toUpperCase(), '__proto__', 'constructor', k.slice(1)])] = a;
      return `asset ${k.slice(0, 8)} under another key`;
    case 'base64-binary':
      a.encoding = 'base64';
      a.data = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]).toString('base64');
      return 'asset becomes non-UTF-8 bytes';
    case 'bad-base64':
      a.encoding = 'base64';
      a.data = pick(s.rng, ['@@@', 'abc', '====', '']);
      return `asset data bad base64 ${String(a.data)}`;
    case 'encoding':
      a.encoding = pick(s.rng, ['utf16', 'latin1', null, 'BASE64'] as JsonValue[]);
      return `asset encoding ${JSON.stringify(a.encoding)}`;
    default:
      a.name = pick(s.rng, ['../../etc/passwd', '', 'x'.repeat(300), 'a.exe', '__proto__']);
      return `asset name ${String(a.name).slice(0, 20)}`;
  }
};

/** Damage inside an embedded SWC or CSV file (the hash is kept, so it also no longer matches). */
const assetContent: Op = (s) => {
  const keys = assetKeys(s.doc);
  if (!keys.length) return null;
  const a = (s.doc.assets as JsonObject)[pick(s.rng, keys)] as JsonObject;
  if (typeof a.data !== 'string' || a.encoding !== 'utf8') return null;
  const lines = a.data.split('\n');
  const body = lines.map((l, k) => ({ l, k })).filter(({ l }) => l && !l.startsWith('#') && !/^[a-z_]+,/.test(l));
  const isCsv = /,/.test(lines[lines.length > 1 ? 1 : 0] ?? '');
  const what = pick(s.rng, ['cell', 'cell', 'line', 'empty', 'header', 'dup', 'cycle', 'names', 'huge']);
  if (what === 'empty') {
    a.data = pick(s.rng, ['', '\n', '# only a comment\n', isCsv ? lines[0] + '\n' : '']);
    return 'asset emptied';
  }
  if (what === 'header' && isCsv) {
    lines[0] = pick(s.rng, ['source,target', 'a,b,c', 'source,source,weight', '__proto__,constructor,t', '']);
    a.data = lines.join('\n');
    return `asset header ${lines[0]}`;
  }
  if (!body.length) return null;
  const row = pick(s.rng, body);
  const sep = isCsv ? ',' : ' ';
  const cells = row.l.split(sep);
  if (what === 'cell' || what === 'header') {
    const c = s.rng.int(0, cells.length - 1);
    cells[c] = pick(s.rng, ['NaN', '1e308', '-1e308', '-1', '0', '', 'x', '2147483648', '1e-300', 'Infinity', '__proto__', 'hasOwnProperty', '1.5', '"', '-0']);
    lines[row.k] = cells.join(sep);
    a.data = lines.join('\n');
    return `asset row ${row.k + 1} cell ${c + 1} = ${cells[c]}`;
  }
  if (what === 'line') {
    lines[row.k] = pick(s.rng, ['garbage', '1 2 3', ',,,', '\u0000', 'a'.repeat(10000)]);
    a.data = lines.join('\n');
    return `asset row ${row.k + 1} replaced`;
  }
  if (what === 'dup') {
    lines.splice(row.k, 0, row.l, row.l);
    a.data = lines.join('\n');
    return `asset row ${row.k + 1} repeated`;
  }
  if (what === 'names' && isCsv) {
    a.data = lines.map((l, k) => (k === 0 ? l : l.replace(/^[^,]*/, pick(s.rng, ['__proto__', 'hasOwnProperty', 'constructor', 't', 'A'])))).join('\n');
    return 'asset names made prototype names';
  }
  if (what === 'cycle' && !isCsv) {
    // Parent of the first node set to the last: a loop in the tree.
    const last = body[body.length - 1].l.split(' ')[0];
    const first = body[0];
    const c = first.l.split(' ');
    c[6] = last;
    lines[first.k] = c.join(' ');
    a.data = lines.join('\n');
    return 'swc parent loop';
  }
  // Many more rows (a large file; 30,000 keeps a legitimate run of it well under the time limit).
  const n = 30000;
  const extra = Array.from({ length: n }, () => row.l);
  a.data = lines.concat(extra).join('\n');
  return `asset + ${n} copies of row ${row.k + 1}`;
};

const metaPosition: Op = (s) => {
  if (s.rng.uniform() < 0.5) {
    s.doc.meta = pick(s.rng, [null, 'x', [], { title: 7 }, { title: '__proto__', extra: 1 }, JSON.parse('{"__proto__":{"polluted":true}}') as JsonValue] as JsonValue[]);
    return `meta = ${JSON.stringify(s.doc.meta)}`;
  }
  const ns = nodes(s.doc);
  if (!ns.length) return null;
  const n = pick(s.rng, ns);
  n.position = pick(s.rng, [[1e308, -1e308], [0], 'x', null, [NaN as unknown as JsonValue, 0], [0, 0, 0]] as JsonValue[]);
  return `position of ${String(n.id)}`;
};

/** A run's time parameters (kept apart: the base graphs shorten runs, these change them back). */
const timeParams: Op = (s) => {
  const runs = nodes(s.doc).filter((n) => n.type === 'run' || n.type === 'run-network');
  if (!runs.length) return null;
  const n = pick(s.rng, runs);
  const name = n.type === 'run' ? pick(s.rng, ['tstop', 'dt', 'recordEvery']) : pick(s.rng, ['duration', 'dt']);
  const values: Record<string, JsonValue[]> = {
    tstop: [0, 1e-300, 0.001, 1e7, 5000, -1, 1e308],
    duration: [0, 1e-300, 0.001, 1e7, 10000, -1],
    // Values the run budget must refuse (1e-300, 1e-12), out of range, or quick; not 1e-6,
    // a legitimate run of a minute.
    dt: [1e-300, 1e-12, 1000, 1e308, 10, 0, 0.1, 20],
    recordEvery: [1e9, 2, 1.5, 1e308],
  };
  return setParam(s, n, name, pick(s.rng, values[name]));
};

/**
 * Legitimate but unusual values: one to four number parameters set anywhere inside their
 * declared range (log-uniform over many decades where the range is wide). The file is valid,
 * so the run must give finite, complete results or stop with a message (a blow-up, a budget).
 */
const inRange: Op = (s) => {
  const out: string[] = [];
  const n = s.rng.int(1, 4);
  for (let k = 0; k < n; k++) {
    const p = pickParam(s, ['number']);
    if (!p || p.spec.kind !== 'number') continue;
    // A run's length and step are the time operator's: anywhere in range they make legitimate
    // runs of minutes, which would be counted as hangs.
    if (isTimeParam(p.node, p.spec.name)) continue;
    const { min, max, integer, exclusive } = p.spec;
    const lo = min ?? -1e9;
    const hi = max ?? (min !== undefined ? min + 1e9 : 1e9);
    let v: number;
    if (s.rng.uniform() < 0.5) v = lo + (hi - lo) * s.rng.uniform();
    else {
      // Log-uniform distance from the lower end, 1e-6 … the width of the range.
      const span = Math.max(hi - lo, 1e-6);
      v = lo + Math.min(span, 10 ** s.rng.range(-6, Math.log10(span)));
    }
    if (integer) v = Math.round(v);
    if (exclusive && (v <= lo || v >= hi)) v = (lo + hi) / 2;
    v = Math.min(hi, Math.max(lo, v));
    out.push(setParam(s, p.node, p.spec.name, v));
  }
  return out.length ? out.join(', ') : null;
};

/** Operators with their weights (how often each is drawn). */
const OPERATORS: Array<[string, Op, number]> = [
  ['number-extreme', numberExtreme, 8],
  ['number-edge', numberEdge, 5],
  ['number-as-text', numberAsText, 3],
  ['number-with-unit', numberWithUnit, 3],
  ['type-swap', typeSwap, 5],
  ['enum-wrong', enumWrong, 3],
  ['node-ids', nodeIdsWeird, 3],
  ['string-hostile', stringHostile, 4],
  ['label-collide', labelCollide, 4],
  ['file-ref', fileRefWeird, 3],
  ['delete-key', deleteKey, 4],
  ['swap-any', swapType, 4],
  ['duplicate-key', duplicateKey, 2],
  ['unknown-type', unknownType, 2],
  ['unknown-port', unknownPort, 2],
  ['wire-to-missing', wireToMissing, 2],
  ['add-wire', addWire, 2],
  ['cycle', cycle, 2],
  ['remove-wire', removeWire, 2],
  ['duplicate-id', duplicateId, 2],
  ['hostile-id', hostileId, 4],
  ['proto-ids', protoIds, 2],
  ['title-comment', titleComment, 1],
  ['bypass', bypass, 2],
  ['deep-nesting', deepNesting, 1],
  ['huge', hugeArray, 1],
  ['long-chain', longChain, 1],
  ['truncate', truncate, 2],
  ['garbage', garbage, 2],
  ['version-format', versionFormat, 2],
  ['version-0', asVersion0, 1],
  ['asset', assetMutation, 3],
  ['asset-content', assetContent, 4],
  ['meta-position', metaPosition, 1],
  ['time', timeParams, 2],
  ['in-range', inRange, 6],
];
const TOTAL_WEIGHT = OPERATORS.reduce((a, [, , w]) => a + w, 0);

/** Operator names, for reports. */
export const OPERATOR_NAMES: readonly string[] = OPERATORS.map(([n]) => n);

function drawOperator(rng: Rng): [string, Op] {
  let x = rng.uniform() * TOTAL_WEIGHT;
  for (const [name, op, w] of OPERATORS) {
    x -= w;
    if (x < 0) return [name, op];
  }
  const last = OPERATORS[OPERATORS.length - 1];
  return [last[0], last[1]];
}

/** The seed of mutant `index` of a run seeded `seed` (independent streams per mutant). */
function mutantSeed(seed: number, index: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) | 0;
}

/** Mutant `index` of the run seeded `seed`, over the given base graphs. */
export function makeMutant(bases: readonly BaseGraph[], seed: number, index: number): Mutant {
  const rng = createRng(mutantSeed(seed, index));
  const base = bases[index % bases.length];
  const s: State = { rng, doc: structuredClone(base.doc), post: [], touchesTime: false };
  const ops: string[] = [];
  const n = rng.uniform() < 0.6 ? 1 : rng.uniform() < 0.7 ? 2 : 3;
  for (let tries = 0; ops.length < n && tries < 20; tries++) {
    const [name, op] = drawOperator(rng);
    const what = op(s);
    if (what !== null) ops.push(`${name}: ${what}`);
  }
  let text = JSON.stringify(s.doc, null, rng.uniform() < 0.5 ? 2 : undefined);
  // Text edits assume the compact form for their search strings.
  if (s.post.length) {
    text = JSON.stringify(s.doc);
    for (const f of s.post) text = f(text);
  }
  return { index, base: base.name, ops, text, touchesTime: s.touchesTime };
}
