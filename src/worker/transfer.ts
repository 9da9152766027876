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

export function encodeValue(v: unknown): unknown {
  if (v instanceof Skeleton) {
    const { id, parent, x, y, z, radius, type, label, units, soma, labelNames, name } = v;
    const e: EncodedSkeleton = { __skeleton: { cols: { id, parent, x, y, z, radius, type, label }, meta: { units, soma, labelNames, name }, ref: refOf(v) } };
    return e;
  }
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(encodeValue);
  const out = dict<unknown>();
  for (const [k, x] of Object.entries(v)) out[escapeKey(k)] = encodeValue(x);
  return out;
}

// Keys of plain objects are data (a trace may be labelled '__skeleton'): escape the marker key
// and the escape character itself, so that only an encoded Skeleton has a bare '__skeleton'.
const ESC = '\u0001';
const escapeKey = (k: string): string => (k === '__skeleton' || k.startsWith(ESC) ? ESC + k : k);
const unescapeKey = (k: string): string => (k.startsWith(ESC) ? k.slice(1) : k);

export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const rec = v as Record<string, unknown>;
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
 * not those of a skeleton kept here (moved away, the kept instance would be left empty).
 */
export function transferables(v: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
  } else if (v && typeof v === 'object') {
    const sk = (v as Partial<EncodedSkeleton>).__skeleton;
    if (Object.prototype.hasOwnProperty.call(v, '__skeleton') && sk && typeof sk.ref === 'string' && received.has(sk.ref)) return [...out];
    for (const x of Object.values(v)) transferables(x, out);
  }
  return [...out];
}
