/**
 * Block values across the worker boundary. Structured cloning copies typed arrays but drops
 * class prototypes, so Skeleton instances travel as their columns and are rebuilt on the other
 * side. `transferables` lists the buffers of a result that can be moved instead of copied.
 *
 * A skeleton also travels with a name for the instance it was sent from (`ref`): the side that
 * receives the same instance again (a sweep's points, a live tweak's runs) gets the very object
 * it rebuilt the first time, so what it derived from it and keeps by identity (discretization,
 * geometry hash; WeakMaps) is found again instead of computed per run. Values are immutable,
 * so an instance's name stands for its content.
 */
import { dict } from '../core/dict.ts';
import { Skeleton, type SkeletonColumns } from '../core/morphology/skeleton.ts';

/**
 * A list of Float64Arrays (a run's spike trains: one per neuron, 127,000 at connectome scale)
 * as one array of all values and where each list item starts (`offsets`, n + 1 entries): one
 * buffer to clone or transfer instead of one per item. Decoded as views of that one buffer.
 */
interface PackedF64s {
  __f64s: { data: Float64Array; offsets: Float64Array };
}

interface EncodedSkeleton {
  __skeleton: { cols: SkeletonColumns; meta: { units: string; soma: number; labelNames: readonly string[]; name: string }; ref?: string };
}

/** Names of the skeleton instances sent from this side (this thread's prefix + a count). */
const sentRefs = new WeakMap<Skeleton, string>();
const REALM = Math.random().toString(36).slice(2, 10);
let sentCount = 0;
/** Skeletons rebuilt here, by the name they came with: the last few (a sweep or live tweak uses one). */
const received = new Map<string, Skeleton>();
const RECEIVED_KEPT = 4;

function refOf(v: Skeleton): string {
  let r = sentRefs.get(v);
  if (!r) {
    // One rebuilt here and sent on (back) keeps the name it came with.
    for (const [name, sk] of received) if (sk === v) r = name;
    r ??= `${REALM}:${++sentCount}`;
    sentRefs.set(v, r);
  }
  return r;
}

/**
 * A value made ready for postMessage. `pack`: lists of Float64Arrays travel as one buffer
 * (PackedF64s); not for growing partial values, whose arrays must each stay append-only.
 */
export function encodeValue(v: unknown, opts: { pack?: boolean } = {}): unknown {
  const pack = opts.pack === true;
  if (v instanceof Skeleton) {
    const { id, parent, x, y, z, radius, type, label, units, soma, labelNames, name } = v;
    const e: EncodedSkeleton = { __skeleton: { cols: { id, parent, x, y, z, radius, type, label }, meta: { units, soma, labelNames, name }, ref: refOf(v) } };
    return e;
  }
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) {
    if (pack && v.length > 0 && v.every((x) => x instanceof Float64Array)) return packF64s(v as Float64Array[]);
    return v.map((x) => encodeValue(x, opts));
  }
  const out = dict<unknown>();
  for (const [k, x] of Object.entries(v)) out[escapeKey(k)] = encodeValue(x, opts);
  return out;
}

function packF64s(list: Float64Array[]): PackedF64s {
  const offsets = new Float64Array(list.length + 1);
  for (let i = 0; i < list.length; i++) offsets[i + 1] = offsets[i] + list[i].length;
  const data = new Float64Array(offsets[list.length]);
  for (let i = 0; i < list.length; i++) data.set(list[i], offsets[i]);
  return { __f64s: { data, offsets } };
}

/** The list back, as views of the one buffer; null for anything that is not a well-formed pack. */
function unpackF64s(p: unknown): Float64Array[] | null {
  const { data, offsets } = (p ?? {}) as Partial<PackedF64s['__f64s']>;
  if (!(data instanceof Float64Array) || !(offsets instanceof Float64Array) || offsets.length < 1 || offsets[0] !== 0) return null;
  const n = offsets.length - 1;
  if (offsets[n] !== data.length) return null;
  const out: Float64Array[] = new Array<Float64Array>(n);
  for (let i = 0; i < n; i++) {
    const a = offsets[i];
    const b = offsets[i + 1];
    if (!(Number.isInteger(b) && b >= a)) return null;
    out[i] = data.subarray(a, b);
  }
  return out;
}

// Keys of plain objects are data (a trace may be labelled '__skeleton'): escape the marker keys
// and the escape character itself, so that only an encoded Skeleton has a bare '__skeleton'
// (and only a packed list a bare '__f64s').
const ESC = '\u0001';
const MARKERS = new Set(['__skeleton', '__f64s']);
const escapeKey = (k: string): string => (MARKERS.has(k) || k.startsWith(ESC) ? ESC + k : k);
const unescapeKey = (k: string): string => (k.startsWith(ESC) ? k.slice(1) : k);

export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const rec = v as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(rec, '__f64s')) {
    const list = unpackF64s(rec.__f64s);
    if (!list) throw new Error('a packed list of arrays from the worker is malformed');
    return list;
  }
  if (Object.prototype.hasOwnProperty.call(rec, '__skeleton')) {
    const s = (rec as unknown as EncodedSkeleton).__skeleton;
    const ref = typeof s.ref === 'string' ? s.ref : null;
    const known = ref !== null ? received.get(ref) : undefined;
    if (known) {
      // Most recently used last.
      received.delete(ref!);
      received.set(ref!, known);
      return known;
    }
    const sk = new Skeleton(s.cols, s.meta);
    if (ref !== null) {
      received.set(ref, sk);
      if (received.size > RECEIVED_KEPT) received.delete(received.keys().next().value!);
    }
    return sk;
  }
  const out = dict<unknown>();
  for (const [k, x] of Object.entries(rec)) out[unescapeKey(k)] = decodeValue(x);
  return out;
}

/**
 * The distinct ArrayBuffers inside an encoded value (to transfer a result without copying),
 * not those of a skeleton kept here: moved away, the kept instance would be left empty. That
 * includes a new skeleton sharing a kept one's columns (Skeleton.with keeps the unchanged ones),
 * so every buffer a kept skeleton holds stays.
 */
export function transferables(v: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  collectBuffers(v, out);
  for (const sk of received.values()) for (const col of Object.values(columnsOf(sk))) out.delete(col.buffer as ArrayBuffer);
  return [...out];
}

function columnsOf(v: Skeleton): SkeletonColumns {
  const { id, parent, x, y, z, radius, type, label } = v;
  return { id, parent, x, y, z, radius, type, label };
}

// One set filled by the whole walk (a list made per level was quadratic: 25,000 spike trains took seconds).
function collectBuffers(v: unknown, out: Set<ArrayBuffer>): void {
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
  } else if (v && typeof v === 'object') {
    const sk = (v as Partial<EncodedSkeleton>).__skeleton;
    if (Object.prototype.hasOwnProperty.call(v, '__skeleton') && sk && typeof sk.ref === 'string' && received.has(sk.ref)) return;
    for (const x of Object.values(v)) collectBuffers(x, out);
  }
}
