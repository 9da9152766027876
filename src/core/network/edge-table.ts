/**
 * Edge tables stored by column (Arrow/Feather, Parquet): a batch of rows arrives as one array
 * per column and goes into the EdgeBuilder row by row, with ids numbered from the column's own
 * representation (integers by value, UTF-8 bytes without a string, dictionary entries once per
 * batch). Positions in messages are rows (1-based, as a spreadsheet shows them).
 */
import { CoreError } from '../errors.ts';
import { EdgeBuilder, idOfBytes, type NeuronIndex } from './edge-builder.ts';

/** One batch of an id column. */
export type IdColumn =
  /** Numbers (integer typed arrays, or doubles holding whole numbers); null/undefined = missing. */
  | { kind: 'number'; values: ArrayLike<number | null | undefined> }
  /** 64-bit integers. */
  | { kind: 'bigint'; values: ArrayLike<bigint | null | undefined> }
  /** Text values; null/undefined = missing. */
  | { kind: 'text'; values: ArrayLike<string | null | undefined> }
  /** UTF-8 bytes of value i at bytes[offsets[i] .. offsets[i+1]) (Arrow's Utf8 layout). */
  | { kind: 'utf8'; offsets: Int32Array; bytes: Uint8Array }
  /** Dictionary codes into a smaller id column. */
  | { kind: 'dict'; codes: ArrayLike<number>; dictionary: IdColumn; dictSize: number };

/** One batch of a number column (weights, delays). */
export type NumColumn = ArrayLike<number | bigint | null | undefined>;

/** Missing values of a batch: a validity test (Arrow's null bitmap) or none. */
export type Valid = ((i: number) => boolean) | null;

const BIG_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const BIG_1E9 = 1_000_000_000n;
const BIG_1E24 = 10n ** 24n;

/** Neuron number of a whole-number id; other numbers by their text (as a CSV would write them). */
function idOfNumber(ids: NeuronIndex, v: number): number {
  return Number.isSafeInteger(v) && v >= 0 ? ids.number(v) : ids.text(String(v));
}

function idOfBigint(ids: NeuronIndex, v: bigint): number {
  if (v >= 0n && v <= BIG_SAFE) return ids.number(Number(v));
  if (v >= 0n && v < BIG_1E24) return ids.wideNumber(Number(v / BIG_1E9), Number(v % BIG_1E9), () => v.toString());
  return ids.text(v.toString());
}

/** The id of row i as text (messages only). */
function idText(c: IdColumn, i: number): string {
  switch (c.kind) {
    case 'number':
    case 'bigint':
    case 'text':
      return String(c.values[i] ?? '');
    case 'utf8':
      return new TextDecoder().decode(c.bytes.subarray(c.offsets[i], c.offsets[i + 1]));
    case 'dict':
      return idText(c.dictionary, c.codes[i]);
  }
}

/**
 * Reads the neuron number of row i of an id column batch (−1: unknown to a closed index, −2:
 * missing). Dictionary entries are numbered once each, on their first use (so neurons are still
 * numbered in row order).
 */
function idReader(ids: NeuronIndex, c: IdColumn, valid: Valid): (i: number) => number {
  const missing = (i: number) => valid !== null && !valid(i);
  switch (c.kind) {
    case 'number':
      return (i) => {
        const v = c.values[i];
        return v === null || v === undefined || missing(i) ? -2 : idOfNumber(ids, v);
      };
    case 'bigint':
      return (i) => {
        const v = c.values[i];
        return v === null || v === undefined || missing(i) ? -2 : idOfBigint(ids, v);
      };
    case 'text':
      return (i) => {
        const v = c.values[i];
        const s = typeof v === 'string' ? v.trim() : '';
        return s === '' || missing(i) ? -2 : ids.text(s);
      };
    case 'utf8': {
      const { offsets, bytes } = c;
      return (i) => {
        let a = offsets[i];
        let b = offsets[i + 1];
        while (a < b && (bytes[a] === 32 || bytes[a] === 9)) a++;
        while (b > a && (bytes[b - 1] === 32 || bytes[b - 1] === 9)) b--;
        return a === b || missing(i) ? -2 : idOfBytes(ids, bytes, a, b);
      };
    }
    case 'dict': {
      const inner = idReader(ids, c.dictionary, null);
      const cache = new Int32Array(c.dictSize).fill(-3);
      return (i) => {
        if (missing(i)) return -2;
        const code = c.codes[i];
        let v = cache[code];
        if (v === -3) cache[code] = v = inner(code);
        return v;
      };
    }
  }
}

export interface TableBatch {
  rows: number;
  source: IdColumn;
  target: IdColumn;
  weight: NumColumn;
  delay?: NumColumn;
  /** Null tests per column (Arrow), when the column has nulls. */
  valid?: { source?: Valid; target?: Valid; weight?: Valid; delay?: Valid };
}

/**
 * Feeds column batches into an EdgeBuilder. Neurons are numbered by first appearance in row
 * order (source before target within a row) unless a neuron list fixed them, as for a CSV —
 * so an unknown id is reported at its row.
 */
export class TableFeeder {
  private row = 0;
  private srcIds = new Int32Array(0);
  private tgtIds = new Int32Array(0);
  constructor(
    readonly b: EdgeBuilder,
    private readonly label: string,
  ) {}

  add(t: TableBatch): void {
    const n = t.rows;
    if (this.srcIds.length < n) {
      this.srcIds = new Int32Array(n);
      this.tgtIds = new Int32Array(n);
    }
    const s = this.srcIds;
    const g = this.tgtIds;
    const sid = idReader(this.b.ids, t.source, t.valid?.source ?? null);
    const tid = idReader(this.b.ids, t.target, t.valid?.target ?? null);
    // Source before target within a row: neurons numbered in order of first appearance, as for a CSV.
    for (let i = 0; i < n; i++) {
      s[i] = sid(i);
      g[i] = tid(i);
    }
    const wv = t.valid?.weight ?? null;
    const dv = t.valid?.delay ?? null;
    for (let i = 0; i < n; i++) {
      const row = this.row + i + 1;
      if (s[i] === -2 || g[i] === -2) throw new CoreError('input', `${this.label} row ${row}: empty source or target`, { line: row });
      const raw = wv && !wv(i) ? null : t.weight[i];
      const w = raw === null || raw === undefined ? NaN : Number(raw);
      if (!Number.isFinite(w)) {
        throw new CoreError('input', `${this.label} row ${row}: weight "${raw ?? ''}" of ${idText(t.source, i)} → ${idText(t.target, i)} is not a number`, { line: row });
      }
      let delay = 0;
      if (t.delay) {
        const rd = dv && !dv(i) ? null : t.delay[i];
        delay = rd === null || rd === undefined ? NaN : Number(rd);
        if (!(Number.isFinite(delay) && delay >= 0)) {
          throw new CoreError('input', `${this.label} row ${row}: delay "${rd ?? ''}" of ${idText(t.source, i)} → ${idText(t.target, i)} is not a number of ms ≥ 0`, { line: row });
        }
      }
      if (s[i] < 0) this.b.unknown(idText(t.source, i), row);
      if (g[i] < 0) this.b.unknown(idText(t.target, i), row);
      this.b.add(s[i], g[i], w, delay, row);
    }
    this.row += n;
  }
}

/** The columns a table has, for the message when it lacks one. */
export function missingColumns(label: string, have: string[]): Record<'source' | 'target' | 'weight', string> & { delay?: string } {
  const lower = new Map(have.map((h) => [h.trim().toLowerCase(), h]));
  const pick = (n: string) => {
    const h = lower.get(n);
    if (h === undefined) throw new CoreError('input', `${label}: missing column "${n}" (the table has: ${have.join(', ') || 'no columns'}); an edge table needs source, target, weight and optionally delay`);
    return h;
  };
  const delay = lower.get('delay');
  return { source: pick('source'), target: pick('target'), weight: pick('weight'), ...(delay !== undefined ? { delay } : {}) };
}
