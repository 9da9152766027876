/**
 * Block values across the worker boundary. Structured cloning copies typed arrays but drops
 * class prototypes, so Skeleton instances travel as their columns and are rebuilt on the other
 * side. `transferables` lists the buffers of a result that can be moved instead of copied.
 */
import { dict } from '../core/dict.ts';
import { Skeleton, type SkeletonColumns } from '../core/morphology/skeleton.ts';

interface EncodedSkeleton {
  __skeleton: { cols: SkeletonColumns; meta: { units: string; soma: number; labelNames: readonly string[]; name: string } };
}

export function encodeValue(v: unknown): unknown {
  if (v instanceof Skeleton) {
    const { id, parent, x, y, z, radius, type, label, units, soma, labelNames, name } = v;
    const e: EncodedSkeleton = { __skeleton: { cols: { id, parent, x, y, z, radius, type, label }, meta: { units, soma, labelNames, name } } };
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
    return new Skeleton(s.cols, s.meta);
  }
  const out = dict<unknown>();
  for (const [k, x] of Object.entries(rec)) out[unescapeKey(k)] = decodeValue(x);
  return out;
}

/** The distinct ArrayBuffers inside a value (to transfer a result without copying). */
export function transferables(v: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
  } else if (v && typeof v === 'object') {
    for (const x of Object.values(v)) transferables(x, out);
  }
  return [...out];
}
