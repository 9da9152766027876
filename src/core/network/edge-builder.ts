/**
 * The one place where edges become an `EdgeList`: neuron ids numbered once, edges appended to
 * typed-array columns that grow by doubling, and at the end duplicates merged and the CSR by
 * source built — with no object, string or map entry per edge (the CSV, Arrow and Parquet
 * readers all feed this). Memory at the end: 16 bytes per edge (source, target, weight in file
 * order; +8 with delays, +4 when `line` is kept), +12 for the CSR's own targets and weights
 * unless the file is already grouped by source; +4 per edge while duplicates are merged.
 */
import { CoreError } from '../errors.ts';

/**
 * Edges grouped by source (compressed sparse rows): the edges of neuron i are the slots
 * `offsets[i] .. offsets[i+1])`, in file order within a source. When the list is already
 * grouped by source, `targets`/`weights`/`delays` are the list's own columns (shared, not copied).
 */
export interface EdgeCsr {
  /** n + 1 slot offsets. */
  offsets: Int32Array;
  /** Target neuron of each slot. */
  targets: Int32Array;
  /** Weight of each slot (as read; NEURON's weights are doubles). */
  weights: Float64Array;
  /** Delay of each slot (ms), when the list gives delays. */
  delays?: Float64Array;
}

/**
 * A directed, weighted edge list over named neurons, with the neurons numbered 0…n−1 in order
 * of first appearance (or in the order of a given neuron list). Edges are kept in file order.
 */
export interface EdgeList {
  /** Neuron names (ids as written in the file: "A", "29", …), index = neuron number. */
  names: string[];
  source: Int32Array;
  target: Int32Array;
  /** Weight as read (synapse count, or a model weight). */
  weight: Float64Array;
  /** Per-edge NetCon delay (ms) when the list gives one (a `delay` column); else the network's. */
  delay?: Float64Array;
  /**
   * File line of each edge (1-based; the row for Arrow/Parquet), for messages. Absent for
   * generated lists, and for lists of more than `LINES_KEPT_UP_TO` edges (4 bytes per edge
   * saved; errors found while reading still name their line).
   */
  line?: Int32Array;
  /** Things worth telling the user (duplicates summed, self-loops dropped, …). */
  warnings: string[];
  /** The same edges grouped by source (built by the readers; absent on lists made by hand). */
  csr?: EdgeCsr;
}

export interface EdgeReadOptions {
  name?: string;
  /** Known neurons: an edge naming another id is an error. Default: neurons are whatever the edges name. */
  neurons?: string[];
  /** Duplicate source→target pairs: 'sum' their weights (default) or 'error'. */
  duplicates?: 'sum' | 'error';
  /** Self-loops (source = target): 'keep' (default; connectomes have real autapses), 'drop' or 'error'. */
  selfLoops?: 'keep' | 'drop' | 'error';
  /** Keep `line` (default: only for lists of at most LINES_KEPT_UP_TO edges). */
  lines?: boolean;
}

/** Lists with more edges than this do not keep `line` unless asked (EdgeReadOptions.lines). */
export const LINES_KEPT_UP_TO = 1_000_000;

/** Whole decimal ids without leading zeros ("0", "29", "720575940629970489"). */
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Ids are numbered through three maps over neurons (never per edge): whole decimal numbers of
 * up to 15 digits by value, of 16–24 digits (FlyWire's root ids) by value split at 10⁹, and
 * anything else by text. A decimal id is the same neuron however it is found (quoted or not).
 */
export class NeuronIndex {
  readonly names: string[] = [];
  private readonly num = new Map<number, number>();
  private readonly wide = new Map<number, Map<number, number>>();
  private readonly str = new Map<string, number>();
  /** Set: unknown ids are refused (a given neuron list). */
  closed = false;

  /** Neuron number of a canonical decimal id of ≤ 15 digits, or −1 when unknown and closed. */
  number(v: number, text?: () => string): number {
    const i = this.num.get(v);
    if (i !== undefined) return i;
    if (this.closed) return -1;
    this.num.set(v, this.names.length);
    this.names.push(text ? text() : String(v));
    return this.names.length - 1;
  }

  /** Neuron number of a 16–24-digit decimal id = hi·10⁹ + lo, or −1 when unknown and closed. */
  wideNumber(hi: number, lo: number, text: () => string): number {
    let m = this.wide.get(hi);
    const i = m?.get(lo);
    if (i !== undefined) return i;
    if (this.closed) return -1;
    if (!m) this.wide.set(hi, (m = new Map()));
    m.set(lo, this.names.length);
    this.names.push(text());
    return this.names.length - 1;
  }

  /** Neuron number of an id given as text (trimmed already), or −1 when unknown and closed. */
  text(s: string): number {
    if (DECIMAL.test(s)) {
      if (s.length <= 15) return this.number(Number(s), () => s);
      if (s.length <= 24) return this.wideNumber(Number(s.slice(0, -9)), Number(s.slice(-9)), () => s);
    }
    const i = this.str.get(s);
    if (i !== undefined) return i;
    if (this.closed) return -1;
    this.str.set(s, this.names.length);
    this.names.push(s);
    return this.names.length - 1;
  }
}

const idDecoder = new TextDecoder();

/**
 * Neuron number of the id written in bytes [a, b) (trimmed, non-empty), read from the bytes
 * when it is a whole decimal of ≤ 24 digits (no string made), else by its text; −1 when
 * unknown to a closed index.
 */
export function idOfBytes(ids: NeuronIndex, buf: Uint8Array, a: number, b: number): number {
  const len = b - a;
  if (len <= 24 && (len === 1 || buf[a] !== 48)) {
    let v = 0;
    let k = a;
    // Up to 15 digits by value; 16–24 digits as (high digits, low 9 digits).
    const split = len > 15 ? b - 9 : b;
    for (; k < split; k++) {
      const c = buf[k] - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (k === b) return ids.number(v);
    if (k === split) {
      let lo = 0;
      for (; k < b; k++) {
        const c = buf[k] - 48;
        if (c < 0 || c > 9) break;
        lo = lo * 10 + c;
      }
      if (k === b) return ids.wideNumber(v, lo, () => idDecoder.decode(buf.subarray(a, b)));
    }
  }
  return ids.text(idDecoder.decode(buf.subarray(a, b)).trim());
}

export interface BuilderOptions extends EdgeReadOptions {
  /** "edge list x", the start of every message. */
  label: string;
  /** What a position is called in messages: a file 'line', a table 'row', or a generated list's 'edge' (0-based, no "first on"). */
  unit?: 'line' | 'row' | 'edge';
  /** Edges the caller expects (columns start that large: no doubling copies). */
  expected?: number;
  /** The list has a delay per edge. */
  delays?: boolean;
}

/** Growable typed array: doubled when full, trimmed at the end. */
function grow<T extends Int32Array | Float64Array>(a: T, m: number, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a.subarray(0, m));
  return b;
}

/** The exact-length view of a column (copied only when the slack is worth giving back). */
function trimmed<T extends Int32Array | Float64Array>(a: T, m: number): T {
  return (a.length - m > (m >> 3) + 1024 ? a.slice(0, m) : a.subarray(0, m)) as T;
}

export class EdgeBuilder {
  readonly ids = new NeuronIndex();
  private src: Int32Array;
  private tgt: Int32Array;
  private w: Float64Array;
  private d: Float64Array | null;
  private cap: number;
  m = 0;
  /** Where line − edge index changes: (edge index, line − index) pairs; lines cost nothing when rows are contiguous. */
  private brK = new Int32Array(16);
  private brD = new Int32Array(16);
  private nbr = 0;
  private dropped = 0;
  /** First self-loop when they are errors (reported at the end if no earlier duplicate error). */
  private loopK = -1;
  private readonly opts: BuilderOptions;

  constructor(opts: BuilderOptions) {
    this.opts = opts;
    this.cap = Math.max(1024, Math.ceil(opts.expected ?? 0));
    this.src = new Int32Array(this.cap);
    this.tgt = new Int32Array(this.cap);
    this.w = new Float64Array(this.cap);
    this.d = opts.delays ? new Float64Array(this.cap) : null;
    if (opts.neurons) {
      for (const n of opts.neurons) this.ids.text(n);
      this.ids.closed = true;
    }
  }

  /** Make room for `total` edges in all (an estimate from the file size). */
  reserve(total: number): void {
    if (total > this.cap) this.resize(Math.ceil(total));
  }

  /** The list has delays after all (first row told): start the column. */
  withDelays(): void {
    if (!this.d) this.d = new Float64Array(this.cap);
  }

  get hasDelays(): boolean {
    return this.d !== null;
  }

  private resize(cap: number): void {
    try {
      this.src = grow(this.src, this.m, cap);
      this.tgt = grow(this.tgt, this.m, cap);
      this.w = grow(this.w, this.m, cap);
      if (this.d) this.d = grow(this.d, this.m, cap);
    } catch (e) {
      // A list too large for this process is refused with the estimate, not an out-of-memory crash.
      if (!(e instanceof RangeError)) throw e;
      const perEdge = 16 + (this.d ? 8 : 0) + 12;
      throw new CoreError(
        'input',
        `${this.opts.label}: not enough memory for ${cap.toLocaleString('en-US')} edges (about ${Math.ceil((cap * perEdge) / 2 ** 20).toLocaleString('en-US')} MiB as columns; ${this.m.toLocaleString('en-US')} read so far)`,
      );
    }
    this.cap = cap;
  }

  /** " line 12", " row 3", " edge 0": where position `at` is, for messages. */
  where(at: number): string {
    return ` ${this.opts.unit ?? 'line'} ${at}`;
  }

  /** An unknown neuron id (a neuron list was given). */
  unknown(name: string, at: number): never {
    throw new CoreError('input', `${this.opts.label}${this.where(at)}: neuron "${name}" is not in the neuron list`, { line: at });
  }

  /**
   * Append edge a → b (neuron numbers) with weight w (finite) and delay (ms; ignored without
   * delays) found at position `at` (line, row or edge index, increasing).
   */
  add(a: number, b: number, w: number, delay: number, at: number): void {
    if (a === b) {
      const mode = this.opts.selfLoops;
      if (mode === 'drop') {
        this.dropped++;
        return;
      }
      if (mode === 'error' && this.loopK < 0) this.loopK = this.m;
    }
    const k = this.m;
    if (k === this.cap) this.resize(this.cap * 2);
    const delta = at - k;
    if (this.nbr === 0 || this.brD[this.nbr - 1] !== delta) {
      if (this.nbr === this.brK.length) {
        this.brK = grow(this.brK, this.nbr, this.nbr * 2);
        this.brD = grow(this.brD, this.nbr, this.nbr * 2);
      }
      this.brK[this.nbr] = k;
      this.brD[this.nbr++] = delta;
    }
    this.src[k] = a;
    this.tgt[k] = b;
    this.w[k] = w;
    if (this.d) this.d[k] = delay;
    this.m = k + 1;
  }

  /** Position (line, row, edge) of stored edge k. */
  lineOf(k: number): number {
    let lo = 0;
    let hi = this.nbr - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.brK[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    return k + this.brD[lo];
  }

  /**
   * Merge duplicates, build the CSR by source and return the list. Duplicates are found per
   * source with a stamp per target neuron (no per-edge map): edge indices are counting-sorted
   * by source (stable, so file order within a source), which is also the CSR's slot order.
   */
  finish(): EdgeList {
    const n = this.ids.names.length;
    const m = this.m;
    const { src, tgt, w } = this;
    const d = this.d;
    const label = this.opts.label;
    const unit = this.opts.unit ?? 'line';
    const names = this.ids.names;
    // Slots: edge indices grouped by source. It becomes the CSR's targets in place at the end.
    const offsets = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) offsets[src[k] + 1]++;
    for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
    // Already grouped by source (non-decreasing): the slot order is the file order, no array needed.
    let sorted = true;
    for (let k = 1; k < m && sorted; k++) sorted = src[k] >= src[k - 1];
    const slots = sorted ? null : new Int32Array(m);
    if (slots) {
      const fill = offsets.slice(0, n);
      for (let k = 0; k < m; k++) slots[fill[src[k]]++] = k;
    }
    // First edge index of each target within the current source: stamp = source + 1.
    const stamp = new Int32Array(n);
    const first = new Int32Array(n);
    let summed = 0;
    let badK = -1;
    let badFirst = -1;
    for (let i = 0; i < n; i++) {
      for (let j = offsets[i]; j < offsets[i + 1]; j++) {
        const k = slots ? slots[j] : j;
        const t = tgt[k];
        if (stamp[t] !== i + 1) {
          stamp[t] = i + 1;
          first[t] = k;
          continue;
        }
        const f = first[t];
        // The earliest offending row is reported, as a reader going through the file would.
        if (this.opts.duplicates === 'error' || (d && d[k] !== d[f])) {
          if (badK < 0 || k < badK) {
            badK = k;
            badFirst = f;
          }
          continue;
        }
        w[f] += w[k];
        tgt[k] = -1;
        summed++;
      }
    }
    if (this.loopK >= 0 && (badK < 0 || this.loopK < badK)) {
      const k = this.loopK;
      throw new CoreError('input', `${label}${this.where(this.lineOf(k))}: self-loop ${names[src[k]]} → ${names[tgt[k]]}`, { line: this.lineOf(k) });
    }
    if (badK >= 0) {
      const at = this.lineOf(badK);
      const firstAt = unit === 'edge' ? '' : `${unit} ${this.lineOf(badFirst)}`;
      const pair = `${names[src[badK]]} → ${names[tgt[badK]]}`;
      if (this.opts.duplicates === 'error') {
        throw new CoreError('input', `${label}${this.where(at)}: edge ${pair} appears twice${firstAt ? ` (first on ${firstAt})` : ''}`, { line: at });
      }
      // Two connections with different delays are two NetCons, not one summed weight.
      throw new CoreError(
        'input',
        `${label}${this.where(at)}: edge ${pair} appears twice with different delays (${d![badFirst]} and ${d![badK]} ms)${firstAt ? `, first on ${firstAt}` : ''}; give each pair of neurons one row`,
        { line: at },
      );
    }
    const keepLines = unit !== 'edge' && (this.opts.lines ?? m <= LINES_KEPT_UP_TO);
    let line: Int32Array | undefined;
    let mm = m;
    if (summed) {
      // Compact the file-order columns in place (and the slots, whose edge numbers shift).
      if (keepLines) line = new Int32Array(m - summed);
      let o = 0;
      for (let k = 0; k < m; k++) {
        if (tgt[k] < 0) continue;
        if (line) line[o] = this.lineOf(k);
        src[o] = src[k];
        tgt[o] = tgt[k];
        w[o] = w[k];
        if (d) d[o] = d[k];
        o++;
      }
      mm = o;
      // Rebuild the slots over the compacted columns (same counting sort; offsets shrink).
      offsets.fill(0);
      for (let k = 0; k < mm; k++) offsets[src[k] + 1]++;
      for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
      if (slots) {
        const fill = offsets.slice(0, n);
        for (let k = 0; k < mm; k++) slots[fill[src[k]]++] = k;
      }
    } else if (keepLines) {
      // Breakpoints in order: one pass, no search per edge.
      line = new Int32Array(m);
      for (let r = 0; r < this.nbr; r++) {
        const end = r + 1 < this.nbr ? this.brK[r + 1] : m;
        const delta = this.brD[r];
        for (let k = this.brK[r]; k < end; k++) line[k] = k + delta;
      }
    }
    const source = trimmed(src, mm);
    const target = trimmed(tgt, mm);
    const weight = trimmed(w, mm);
    const delay = d ? trimmed(d, mm) : undefined;
    // A file already grouped by source (generated networks, most exports): the CSR is the
    // columns themselves, shared rather than copied (12 bytes per edge saved; values are immutable).
    let grouped = true;
    for (let j = 0; slots && j < mm && grouped; j++) grouped = slots[j] === j;
    let csr: EdgeCsr;
    if (grouped || !slots) {
      csr = { offsets, targets: target, weights: weight, ...(delay ? { delays: delay } : {}) };
    } else {
      const targets = trimmed(slots, mm);
      const weights = new Float64Array(mm);
      const delays = d ? new Float64Array(mm) : undefined;
      for (let j = 0; j < mm; j++) {
        const k = targets[j];
        weights[j] = w[k];
        if (delays) delays[j] = d![k];
        targets[j] = tgt[k];
      }
      csr = { offsets, targets, weights, ...(delays ? { delays } : {}) };
    }
    const warnings: string[] = [];
    if (this.dropped) warnings.push(`${this.dropped} self-loop(s) dropped`);
    if (summed) warnings.push(`${summed} duplicate edge(s) merged into earlier ones by summing their weights`);
    const list: EdgeList = { names, source, target, weight, ...(delay ? { delay } : {}), line, warnings, csr };
    return list;
  }
}
