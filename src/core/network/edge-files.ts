/**
 * An edge-list file of any supported format, from its bytes: CSV, gzip-compressed CSV
 * (`.csv.gz`), Arrow IPC / Feather, or Parquet — told apart by their first bytes, not by the
 * name. CSV and Arrow are read as the chunks arrive; Parquet needs random access (its footer
 * is at the end), which the source gives by `slice` (a file handle) or by holding the bytes.
 */
import type { ByteSource } from '../byte-source.ts';
export { bytesSource } from '../byte-source.ts';
import { CoreError } from '../errors.ts';
import type { EdgeList } from './edge-builder.ts';
import { readEdgeChunks, type EdgeStreamOptions } from './edge-csv.ts';
import { bytesSource as inMemory, concatBytes } from '../byte-source.ts';

export type EdgeFileFormat = 'csv' | 'gzip' | 'arrow' | 'parquet';

/** The format of a file from its first bytes (at least 8 of them when the file has them). */
export function sniffEdgeFormat(head: Uint8Array): EdgeFileFormat {
  const is = (s: string) => s.length <= head.length && [...s].every((c, i) => head[i] === c.charCodeAt(0));
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (is('PAR1')) return 'parquet';
  if (is('ARROW1')) return 'arrow';
  // Arrow IPC stream: a continuation marker 0xFFFFFFFF before the schema message.
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
  return 'csv';
}

/** Where an edge file's bytes come from (src/core/byte-source.ts). */
export type EdgeByteSource = ByteSource;

/** gunzip with the web streams API (browsers, Node ≥ 18). */
export async function* gunzipChunks(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  // An error reading the file (not the gzip) ends the reading with its own message.
  let sourceError: unknown = null;
  const pump = (async () => {
    const it = chunks[Symbol.asyncIterator]();
    for (;;) {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await it.next();
      } catch (e) {
        sourceError = e;
        await writer.abort(e).catch(() => undefined);
        return;
      }
      if (r.done) break;
      try {
        await writer.write(r.value as Uint8Array<ArrayBuffer>);
      } catch {
        return; // bad gzip: the reading side reports it
      }
    }
    await writer.close().catch(() => undefined);
  })();
  const reader = ds.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
  } catch (e) {
    await pump;
    if (sourceError !== null) throw sourceError;
    throw new CoreError('input', `the file is not valid gzip (${e instanceof Error ? e.message : String(e)})`);
  }
  await pump;
}

/** The first chunk(s) of a stream, at least `n` bytes when the stream has them, and the whole stream again. */
async function peek(src: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const it = src[Symbol.asyncIterator]();
  const got: Uint8Array[] = [];
  let len = 0;
  let ended = false;
  while (len < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    got.push(r.value);
    len += r.value.length;
  }
  const head = new Uint8Array(len);
  let o = 0;
  for (const g of got) {
    head.set(g, o);
    o += g.length;
  }
  async function* all(): AsyncIterable<Uint8Array> {
    for (const g of got) yield g;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, all: all() };
}

async function gather(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return concatBytes(parts);
}

/**
 * Read an edge list from a file's bytes, whatever its format (see the module comment). Options
 * as for CSV; `onProgress` gets the fraction of the file read (0–1) when its size is known.
 */
export async function readEdgeSource(src: EdgeByteSource, opts: EdgeStreamOptions & { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<EdgeList> {
  let { head, all } = await peek(src.chunks(), 8);
  let format = sniffEdgeFormat(head);
  let compressed = false;
  if (format === 'gzip') {
    compressed = true;
    ({ head, all } = await peek((src.gunzip ?? gunzipChunks)(countBytes(all, src.size, opts.onProgress)), 8));
    format = sniffEdgeFormat(head);
    if (format === 'gzip') throw new CoreError('input', `${opts.name ? `edge list ${opts.name}` : 'edge list'}: gzip inside gzip is not read`);
  }
  const progress = compressed ? all : countBytes(all, src.size, opts.onProgress);
  const common = { ...opts, onProgress: undefined };
  // The Arrow and Parquet libraries load only when such a file is read (the app's bundle stays small).
  if (format === 'parquet') {
    const { readParquetEdges } = await import('./edge-parquet.ts');
    const file = !compressed && src.random ? src.random : inMemory(await gather(progress)).random!;
    return readParquetEdges(file, { ...common, ...(!compressed && src.random && opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  }
  if (format === 'arrow') {
    const { readArrowEdges } = await import('./edge-arrow.ts');
    return readArrowEdges(progress, common);
  }
  // Compressed: the CSV's own size is unknown, so its columns grow by doubling.
  return readEdgeChunks(progress, { ...common, ...(compressed ? { totalBytes: undefined } : { totalBytes: src.size }) });
}

/** Pass chunks through, reporting the fraction of `size` bytes seen. */
async function* countBytes(chunks: AsyncIterable<Uint8Array>, size: number | undefined, onProgress?: (fraction: number) => void): AsyncIterable<Uint8Array> {
  let seen = 0;
  for await (const c of chunks) {
    seen += c.length;
    if (onProgress && size) onProgress(Math.min(1, seen / size));
    yield c;
  }
}
