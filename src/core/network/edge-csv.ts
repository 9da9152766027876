/**
 * A `source,target,weight[,delay]` CSV read incrementally from byte chunks, straight into an
 * EdgeBuilder: no whole-file string, no string or array per row on the fast path (unquoted
 * fields; decimal ids and plain decimal numbers are parsed from the bytes). A row with a quote
 * goes through a slower exact CSV path (RFC 4180 quoting, as PapaParse reads it), and numbers
 * the fast path cannot parse exactly (more than 15 significant digits, hex, …) through
 * `Number()` of their text, so every number is the one `Number()` gives.
 *
 * Rows end at LF, CRLF or a lone CR; blank rows (only delimiters and spaces) are skipped but
 * counted in line numbers; the header names the columns (case-insensitive, extra ones
 * ignored); the delimiter is the header's first of `,` tab `;` `|`.
 */
import { CoreError } from '../errors.ts';
import { longDecimal } from './decimal-long.ts';
import { EdgeBuilder, idOfBytes, type EdgeList, type EdgeReadOptions } from './edge-builder.ts';

export interface EdgeStreamOptions extends EdgeReadOptions {
  /** Size of the whole input in bytes when known: the columns are sized from it after the first rows. */
  totalBytes?: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** A row longer than this is refused (an unclosed quote would otherwise swallow the file). */
const MAX_ROW_BYTES = 1 << 20;
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO53 = 2 ** 53;

const decoder = new TextDecoder();

/** Text of bytes [a, b) (UTF-8, invalid bytes as U+FFFD as Node's 'utf8' reading does). */
function text(buf: Uint8Array, a: number, b: number): string {
  return decoder.decode(buf.subarray(a, b));
}

/**
 * The number written in bytes [a, b) when it is a plain decimal (sign, digits, point, exponent)
 * whose correctly rounded value — the one `Number()` gives — can be found without its text:
 * mantissas ≤ 2⁵³ with |power of ten| ≤ 22 in one IEEE operation (Clinger's fast path), and
 * 16–19 significant digits divided by ≤ 10²² in double-double (decimal-long.ts); NaN otherwise.
 */
export function fastNumber(buf: Uint8Array, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  } else if (buf[i] === 43) i++;
  const start = i;
  let mant = 0;
  let digits = 0;
  /** Zeros before the first significant digit. */
  let lead = 0;
  let scale = 0;
  while (i < b) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    mant = mant * 10 + c;
    if (mant === 0) lead++;
    digits++;
    i++;
  }
  if (i < b && buf[i] === 46) {
    i++;
    while (i < b) {
      const c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      mant = mant * 10 + c;
      if (mant === 0) lead++;
      scale--;
      digits++;
      i++;
    }
  }
  const mantEnd = i;
  if (digits === 0 || digits - lead > 19) return NaN;
  if (i < b && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let eneg = false;
    if (buf[i] === 45) {
      eneg = true;
      i++;
    } else if (buf[i] === 43) i++;
    let e = 0;
    let ed = 0;
    while (i < b && ed < 6) {
      const c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      e = e * 10 + c;
      ed++;
      i++;
    }
    if (ed === 0) return NaN;
    scale += eneg ? -e : e;
  }
  if (i !== b) return NaN;
  if (mant === 0) return neg ? -0 : 0;
  if (scale < -22 || scale > 22) return NaN;
  let v: number;
  if (mant < TWO53) v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
  else {
    if (scale > 0) return NaN;
    // 16–19 significant digits: exactly as hi·10⁹ + lo (the last 9 digits in lo).
    let hi = 0;
    let lo = 0;
    let left = digits;
    for (let j = start; j < mantEnd; j++) {
      const c = buf[j] - 48;
      if (c < 0 || c > 9) continue; // the point
      if (left-- > 9) hi = hi * 10 + c;
      else lo = lo * 10 + c;
    }
    v = longDecimal(hi, lo, -scale);
    if (v !== v) return NaN;
  }
  return neg ? -v : v;
}

/** A field as a number the way the old reader did: `Number` of the trimmed text, empty = NaN. */
function numberOfText(s: string): number {
  return s === '' ? NaN : Number(s);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Split one row (quotes allowed) into field strings, as PapaParse does for a row. */
function splitQuoted(buf: Uint8Array, a: number, b: number, delim: number): string[] {
  const out: string[] = [];
  let i = a;
  for (;;) {
    if (i < b && buf[i] === QUOTE) {
      // Quoted field: "" is a quote; text after the closing quote up to the delimiter is kept.
      const parts: number[] = [];
      i++;
      while (i < b) {
        if (buf[i] === QUOTE) {
          if (i + 1 < b && buf[i + 1] === QUOTE) {
            parts.push(QUOTE);
            i += 2;
            continue;
          }
          i++;
          break;
        }
        parts.push(buf[i++]);
      }
      let j = i;
      while (j < b && buf[j] !== delim) j++;
      out.push(decoder.decode(Uint8Array.from(parts)) + text(buf, i, j));
      i = j;
    } else {
      let j = i;
      while (j < b && buf[j] !== delim) j++;
      out.push(text(buf, i, j));
      i = j;
    }
    if (i >= b) break;
    i++; // delimiter
    if (i === b) {
      out.push('');
      break;
    }
  }
  return out;
}

/**
 * End of the row starting at `a` that contains a quote: the index of its terminator (quotes
 * may hide LF/CR), or −1 when the row does not end before `end`.
 */
function quotedRowEnd(buf: Uint8Array, a: number, end: number, delim: number): number {
  let atStart = true;
  let inQuote = false;
  for (let i = a; i < end; i++) {
    const c = buf[i];
    if (inQuote) {
      if (c === QUOTE) {
        if (i + 1 < end && buf[i + 1] === QUOTE) i++;
        else if (i + 1 === end) return -1; // "" split across chunks: decide with more bytes
        else inQuote = false;
      }
      continue;
    }
    if (c === LF || c === CR) return i;
    if (c === QUOTE && atStart) inQuote = true;
    atStart = c === delim;
  }
  return -1;
}

/** Incremental CSV edge reader: `push` chunks in order, then `finish`. */
export class EdgeCsvReader {
  private readonly b: EdgeBuilder;
  private readonly label: string;
  private readonly total: number | undefined;
  private pending = new Uint8Array(0);
  private pendLen = 0;
  /** Rows ended so far (the current row's line number is row + 1). */
  private row = 0;
  private bomChecked = false;
  private skipLF = false;
  private header = false;
  private delim = 44;
  private si = -1;
  private ti = -1;
  private wi = -1;
  private di = -1;
  private maxCol = 0;
  private fs = new Int32Array(0);
  private fe = new Int32Array(0);
  /** Delays: 0 not yet known, 1 every row has one, −1 an earlier row had none. */
  private delayState = 0;
  private firstNoDelay: { line: number; s: string; t: string } | null = null;
  private sized = false;
  /** Bytes given so far (progress). */
  bytesRead = 0;

  constructor(opts: EdgeStreamOptions = {}) {
    this.label = opts.name ? `edge list ${opts.name}` : 'edge list';
    this.total = opts.totalBytes;
    this.b = new EdgeBuilder({ ...opts, label: this.label, unit: 'line' });
  }

  /** Read the next bytes of the file. */
  push(chunk: Uint8Array): void {
    this.bytesRead += chunk.length;
    if (this.pendLen === 0) {
      const used = this.scan(chunk, chunk.length, false);
      this.keep(chunk, used, chunk.length);
    } else {
      this.append(chunk);
      const used = this.scan(this.pending, this.pendLen, false);
      this.pending.copyWithin(0, used, this.pendLen);
      this.pendLen -= used;
    }
    if (this.pendLen > MAX_ROW_BYTES) {
      throw new CoreError('input', `${this.label} line ${this.row + 1}: a row longer than 1 MiB (a quote that is never closed?)`, { line: this.row + 1 });
    }
  }

  /** The end of the input: the last row (without a line end) is read and the list built. */
  finish(): EdgeList {
    if (this.pendLen > 0) {
      const used = this.scan(this.pending, this.pendLen, true);
      this.pendLen -= used;
    }
    if (!this.header) throw new CoreError('input', `${this.label}: empty`);
    return this.b.finish();
  }

  private keep(buf: Uint8Array, from: number, to: number): void {
    if (from === to) return;
    this.pendLen = 0;
    this.append(buf.subarray(from, to));
  }

  private append(bytes: Uint8Array): void {
    const need = this.pendLen + bytes.length;
    if (need > this.pending.length) {
      const p = new Uint8Array(Math.max(need, this.pending.length * 2, 1 << 16));
      p.set(this.pending.subarray(0, this.pendLen));
      this.pending = p;
    }
    this.pending.set(bytes, this.pendLen);
    this.pendLen = need;
  }

  /** Read the whole rows in buf[0, end); returns how many bytes were used. */
  private scan(buf: Uint8Array, end: number, final: boolean): number {
    let pos = 0;
    if (!this.bomChecked) {
      if (end < 3 && !final) return 0;
      this.bomChecked = true;
      if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    if (this.skipLF && pos < end) {
      if (buf[pos] === LF) pos++;
      this.skipLF = false;
    }
    // Next LF, CR and quote at or after pos (end when none): searched natively, once each.
    let lf = -1;
    let cr = -1;
    let q = -1;
    while (pos < end) {
      if (lf < pos) lf = buf.indexOf(LF, pos) >>> 0;
      if (cr < pos) cr = buf.indexOf(CR, pos) >>> 0;
      if (q < pos) q = buf.indexOf(QUOTE, pos) >>> 0;
      // indexOf's −1 became 2³²−1: "none before end".
      let stop = lf < cr ? lf : cr;
      const quoted = q < stop && q < end;
      if (quoted) stop = quotedRowEnd(buf, pos, end, this.delim) >>> 0;
      if (stop >= end) {
        if (!final) break;
        stop = end;
      }
      if (quoted) this.quotedRow(buf, pos, stop);
      else this.plainRow(buf, pos, stop);
      this.row++;
      pos = stop + 1;
      if (stop < end && buf[stop] === CR) {
        if (pos < end) {
          if (buf[pos] === LF) pos++;
        } else if (!final) this.skipLF = true;
      }
      if (pos > end) pos = end;
    }
    if (!this.sized && this.total && this.b.m >= 4096) {
      // Size the columns for the whole file from the bytes per row so far: no doubling copies.
      this.sized = true;
      this.b.reserve(Math.ceil((this.total / (this.bytesRead - (end - pos))) * this.b.m * 1.03));
    }
    return pos;
  }

  private readHeader(fields: string[], line: number): void {
    const head = fields.map((h) => h.trim().toLowerCase());
    const col = (n: string) => {
      const i = head.indexOf(n);
      if (i < 0) throw new CoreError('input', `${this.label} line ${line}: missing column "${n}" (header is: ${fields.join(',')})`, { line });
      return i;
    };
    this.si = col('source');
    this.ti = col('target');
    this.wi = col('weight');
    this.di = head.indexOf('delay');
    this.maxCol = Math.max(this.si, this.ti, this.wi, this.di);
    this.fs = new Int32Array(this.maxCol + 1);
    this.fe = new Int32Array(this.maxCol + 1);
    this.header = true;
  }

  /** The first of `,` tab `;` `|` in the header row (PapaParse guesses among these too). */
  private pickDelimiter(buf: Uint8Array, a: number, b: number): void {
    for (const d of [44, 9, 59, 124]) {
      const i = buf.indexOf(d, a);
      if (i >= 0 && i < b) {
        this.delim = d;
        return;
      }
    }
  }

  private blank(buf: Uint8Array, a: number, b: number): boolean {
    for (let i = a; i < b; i++) {
      const c = buf[i];
      if (c !== this.delim && !isSpace(c)) return false;
    }
    return true;
  }

  /** A row without quotes: fields located by byte offsets, ids and numbers read from the bytes. */
  private plainRow(buf: Uint8Array, a: number, b: number): void {
    const line = this.row + 1;
    if (!this.header) {
      if (this.blank(buf, a, b)) return;
      this.pickDelimiter(buf, a, b);
      this.readHeader(splitQuoted(buf, a, b, this.delim), line);
      return;
    }
    const { fs, fe, delim, maxCol } = this;
    for (let k = 0; k <= maxCol; k++) fs[k] = fe[k] = b;
    let c = 0;
    fs[0] = a;
    for (let i = a; i < b; i++) {
      if (buf[i] === delim) {
        fe[c] = i;
        if (++c > maxCol) break;
        fs[c] = i + 1;
      }
    }
    // Trim spaces and tabs of the fields in use.
    for (let k = 0; k <= maxCol; k++) {
      let s = fs[k];
      let e = fe[k];
      while (s < e && isSpace(buf[s])) s++;
      while (e > s && isSpace(buf[e - 1])) e--;
      fs[k] = s;
      fe[k] = e;
    }
    const { si, ti, wi, di } = this;
    if (fs[si] === fe[si] || fs[ti] === fe[ti]) {
      if (this.blank(buf, a, b)) return;
      throw new CoreError('input', `${this.label} line ${line}: empty source or target`, { line });
    }
    let w = fastNumber(buf, fs[wi], fe[wi]);
    if (w !== w) {
      w = numberOfText(text(buf, fs[wi], fe[wi]).trim());
      if (!Number.isFinite(w)) this.badWeight(text(buf, fs[wi], fe[wi]).trim(), text(buf, fs[si], fe[si]).trim(), text(buf, fs[ti], fe[ti]).trim(), line);
    }
    let delay = 0;
    if (di >= 0) {
      const empty = fs[di] === fe[di];
      let y = empty ? NaN : fastNumber(buf, fs[di], fe[di]);
      if (!empty && y !== y) y = numberOfText(text(buf, fs[di], fe[di]).trim());
      delay = this.delayOf(empty, y, () => text(buf, fs[di], fe[di]).trim(), () => text(buf, fs[si], fe[si]).trim(), () => text(buf, fs[ti], fe[ti]).trim(), line);
    }
    const s = this.idOf(buf, fs[si], fe[si], line);
    const t = this.idOf(buf, fs[ti], fe[ti], line);
    this.b.add(s, t, w, delay, line);
  }

  /** A row with a quote somewhere: split exactly, then the same rules on the field texts. */
  private quotedRow(buf: Uint8Array, a: number, b: number): void {
    const line = this.row + 1;
    const delim = this.header ? this.delim : 44;
    const f = splitQuoted(buf, a, b, delim);
    if (f.every((x) => x.trim() === '')) return;
    if (!this.header) {
      this.pickDelimiter(buf, a, b);
      this.readHeader(this.delim === 44 ? f : splitQuoted(buf, a, b, this.delim), line);
      return;
    }
    const s = (f[this.si] ?? '').trim();
    const t = (f[this.ti] ?? '').trim();
    const ws = (f[this.wi] ?? '').trim();
    if (!s || !t) throw new CoreError('input', `${this.label} line ${line}: empty source or target`, { line });
    const w = numberOfText(ws);
    if (!Number.isFinite(w)) this.badWeight(ws, s, t, line);
    let delay = 0;
    if (this.di >= 0) {
      const ds = (f[this.di] ?? '').trim();
      delay = this.delayOf(ds === '', numberOfText(ds), () => ds, () => s, () => t, line);
    }
    const a1 = this.b.ids.text(s);
    if (a1 < 0) this.b.unknown(s, line);
    const b1 = this.b.ids.text(t);
    if (b1 < 0) this.b.unknown(t, line);
    this.b.add(a1, b1, w, delay, line);
  }

  private badWeight(ws: string, s: string, t: string, line: number): never {
    throw new CoreError('input', `${this.label} line ${line}: weight "${ws}" of ${s} → ${t} is not a number`, { line });
  }

  /**
   * The delay of a row (ms). The delay column is used when rows have delays; left empty in
   * every row it means the network's one delay; empty in some rows only is an error (at the
   * first row without one, as the old whole-file reader said).
   */
  private delayOf(empty: boolean, y: number, ds: () => string, s: () => string, t: () => string, line: number): number {
    const bad = (l: number, dtext: string, sn: string, tn: string): never => {
      throw new CoreError('input', `${this.label} line ${l}: delay "${dtext}" of ${sn} → ${tn} is not a number of ms ≥ 0`, { line: l });
    };
    if (empty) {
      if (this.delayState === 1) bad(line, '', s(), t());
      this.delayState = -1;
      if (!this.firstNoDelay) this.firstNoDelay = { line, s: s(), t: t() };
      return 0;
    }
    if (!(Number.isFinite(y) && y >= 0)) bad(line, ds(), s(), t());
    if (this.firstNoDelay) bad(this.firstNoDelay.line, '', this.firstNoDelay.s, this.firstNoDelay.t);
    if (this.delayState === 0) {
      this.delayState = 1;
      this.b.withDelays();
    }
    return y;
  }

  /** Neuron number of the id in bytes [a, b) (trimmed, non-empty). */
  private idOf(buf: Uint8Array, a: number, b: number, line: number): number {
    const i = idOfBytes(this.b.ids, buf, a, b);
    if (i < 0) this.b.unknown(text(buf, a, b).trim(), line);
    return i;
  }
}

/** Read an edge list from a sequence of byte chunks (a file stream, a decompressor's output). */
export async function readEdgeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: EdgeStreamOptions & { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
): Promise<EdgeList> {
  const r = new EdgeCsvReader(opts);
  for await (const c of chunks) {
    if (opts.signal?.aborted) throw new CoreError('aborted', 'edge list reading cancelled');
    r.push(c);
    opts.onProgress?.(r.bytesRead);
  }
  return r.finish();
}

/** Read an edge list held in memory as bytes (one reader for text and files alike). */
export function readEdgeBytes(bytes: Uint8Array, opts: EdgeStreamOptions = {}): EdgeList {
  const r = new EdgeCsvReader(opts);
  r.push(bytes);
  return r.finish();
}
