/**
 * Partial values across the worker boundary, sending only what is new. A streamed value (a
 * run's traces while it runs) is sent ~10 times a second and its typed arrays only grow by
 * appending (ComputeContext.partial's contract), so each message carries, per array, the
 * samples after those already sent; the page appends them to arrays it keeps and hands on
 * views of the samples so far. A run of 1000 ms then costs about one copy of its traces in
 * messages instead of one per update.
 */
import { encodeValue, decodeValue, transferables } from './transfer.ts';

/** A partial value with each typed array replaced by its new tail, and where each tail starts. */
export interface GrowingMessage {
  values: unknown;
  /** Start index of each array's tail, by path (absent: 0). */
  from: Record<string, number>;
  transfer: ArrayBuffer[];
}

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
type TypedCtor = { new (n: number): Typed };

const SEP = '\u0000';

/** Walk an encoded value, replacing each typed array by f(path, array). */
function mapArrays(v: unknown, path: string, f: (path: string, a: Typed) => unknown): unknown {
  if (ArrayBuffer.isView(v)) return v instanceof DataView ? v : f(path, v as Typed);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, k) => mapArrays(x, path + SEP + k, f));
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = mapArrays(x, path + SEP + k, f);
  return out;
}

/** The worker's side: one per computation; remembers how much of each array was sent. */
export class GrowingSender {
  private readonly sent = new Map<string, number>();

  encode(values: Record<string, unknown>): GrowingMessage {
    const from: Record<string, number> = Object.create(null) as Record<string, number>;
    const enc = mapArrays(encodeValue(values), '', (path, a) => {
      // An array shorter than what was sent is not a continuation: send it whole.
      const start = Math.min(this.sent.get(path) ?? 0, a.length);
      this.sent.set(path, a.length);
      if (start > 0) from[path] = start;
      return a.slice(start);
    });
    return { values: enc, from, transfer: transferables(enc) };
  }
}

/** The page's side: one per computation; the arrays grown so far, by path. */
export class GrowingReceiver {
  private readonly arrays = new Map<string, { buf: Typed; n: number }>();

  /** The partial value so far, its arrays as views of the kept ones (valid until the next call extends them). */
  decode(m: Pick<GrowingMessage, 'values' | 'from'>): Record<string, unknown> {
    const grown = mapArrays(m.values, '', (path, tail) => {
      const start = m.from[path] ?? 0;
      let a = this.arrays.get(path);
      if (!a || a.buf.constructor !== tail.constructor || start > a.n) {
        // First sight of the array (or a message out of order, which a port never gives): start over.
        a = { buf: new (tail.constructor as TypedCtor)(Math.max(16, tail.length)), n: 0 };
        this.arrays.set(path, a);
      }
      const at = Math.min(start, a.n);
      const need = at + tail.length;
      if (need > a.buf.length) {
        // Doubling: appending N samples costs O(N) copies in all. The old views stay valid (they keep the old buffer).
        const bigger = new (tail.constructor as TypedCtor)(Math.max(need, a.buf.length * 2));
        bigger.set(a.buf.subarray(0, at));
        a.buf = bigger;
      }
      a.buf.set(tail, at);
      a.n = need;
      return a.buf.subarray(0, need);
    });
    return decodeValue(grown) as Record<string, unknown>;
  }
}
