/**
 * Parquet edge tables (hyparquet), read column by column per row group: each column of a row
 * group arrives as one array (typed for numbers) and goes to the EdgeBuilder — never as row
 * objects. Parquet needs random access (its footer is at the end): the file is an AsyncBuffer
 * (a file handle in the CLI, the bytes in the browser).
 */
import { parquetMetadataAsync, parquetSchema, parquetScan, type AsyncBuffer } from 'hyparquet';
import { CoreError } from '../errors.ts';
import { EdgeBuilder, type EdgeList, type EdgeReadOptions } from './edge-builder.ts';
import { missingColumns, TableFeeder, type IdColumn, type NumColumn } from './edge-table.ts';

/** A decoded Parquet column as an id column (typed integers, bigints, or text). */
function idColumn(a: ArrayLike<unknown>): IdColumn {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return { kind: 'bigint', values: a };
  if (ArrayBuffer.isView(a)) return { kind: 'number', values: a as unknown as ArrayLike<number> };
  let first: unknown = null;
  for (let i = 0; i < a.length && (first === null || first === undefined); i++) first = a[i];
  if (typeof first === 'bigint') return { kind: 'bigint', values: a as ArrayLike<bigint | null> };
  if (typeof first === 'number') return { kind: 'number', values: a as ArrayLike<number | null> };
  return { kind: 'text', values: a as ArrayLike<string | null> };
}

/**
 * Read a Parquet edge table: columns source, target, weight and optionally delay (names
 * case-insensitive; others ignored); ids may be integers or strings. Errors name the row.
 */
export async function readParquetEdges(file: AsyncBuffer, opts: EdgeReadOptions & { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<EdgeList> {
  const label = opts.name ? `edge list ${opts.name}` : 'edge list';
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new CoreError('input', `${label}: not a readable Parquet file (${e instanceof Error ? e.message : String(e)})`);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const cols = missingColumns(label, names);
  const wanted = [cols.source, cols.target, cols.weight, ...(cols.delay !== undefined ? [cols.delay] : [])];
  const total = Number(metadata.num_rows);
  const b = new EdgeBuilder({ ...opts, label, unit: 'row', delays: cols.delay !== undefined, expected: total });
  const feed = new TableFeeder(b, label);
  const scan = await parquetScan({ file, metadata, columns: wanted });
  for (const r of scan.ranges) {
    if (opts.signal?.aborted) throw new CoreError('aborted', 'edge list reading cancelled');
    const read = (column: string) => scan.readColumn({ column, rowStart: r.rowStart, rowEnd: r.rowEnd }) as Promise<ArrayLike<unknown>>;
    const s = await read(cols.source);
    const t = await read(cols.target);
    const w = await read(cols.weight);
    const d = cols.delay !== undefined ? await read(cols.delay) : null;
    feed.add({ rows: r.rowEnd - r.rowStart, source: idColumn(s), target: idColumn(t), weight: w as NumColumn, ...(d ? { delay: d as NumColumn } : {}) });
    opts.onProgress?.(total ? r.rowEnd / total : 1);
  }
  return b.finish();
}
