/**
 * Arrow IPC (file or stream format; Feather v2 is the file format) edge tables, read one record
 * batch at a time from byte chunks: each batch's columns go to the EdgeBuilder as typed arrays
 * (integers, floats), UTF-8 bytes or dictionary codes — never as row objects.
 */
import { DataType, RecordBatchReader, type Vector } from 'apache-arrow';
import { CoreError } from '../errors.ts';
import { EdgeBuilder, type EdgeList, type EdgeReadOptions } from './edge-builder.ts';
import { missingColumns, TableFeeder, type IdColumn, type NumColumn, type Valid } from './edge-table.ts';

function validity(v: Vector): Valid {
  return v.nullCount > 0 ? (i) => v.isValid(i) : null;
}

/** An Arrow column batch as an id column, without copying its buffers where the layout allows. */
function idColumn(v: Vector): IdColumn {
  const t = v.type as DataType;
  const d = v.data.length === 1 ? v.data[0] : null;
  if (d && DataType.isUtf8(t)) {
    return { kind: 'utf8', offsets: (d.valueOffsets as Int32Array).subarray(d.offset, d.offset + d.length + 1), bytes: d.values as Uint8Array };
  }
  if (d && DataType.isDictionary(t) && d.dictionary) {
    return { kind: 'dict', codes: d.values as ArrayLike<number>, dictionary: idColumn(d.dictionary), dictSize: d.dictionary.length };
  }
  if (DataType.isInt(t) || DataType.isFloat(t)) {
    const a = v.toArray() as ArrayLike<number> | BigInt64Array | BigUint64Array;
    return a instanceof BigInt64Array || a instanceof BigUint64Array ? { kind: 'bigint', values: a } : { kind: 'number', values: a as ArrayLike<number> };
  }
  // Other layouts (large strings, views): the values as text.
  return { kind: 'text', values: Array.from(v, (x: unknown) => (x === null || x === undefined ? null : String(x))) };
}

function numColumn(v: Vector, what: string, label: string): NumColumn {
  const t = v.type as DataType;
  if (!(DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t))) {
    throw new CoreError('input', `${label}: column "${what}" holds ${String(t)}, not numbers`);
  }
  return v.toArray() as NumColumn;
}

/**
 * Read an Arrow IPC / Feather edge table from byte chunks (or one buffer). Columns source,
 * target, weight and optionally delay (names case-insensitive; others ignored); ids may be
 * integers or strings. Errors name the row (1-based).
 */
export async function readArrowEdges(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array,
  opts: EdgeReadOptions & { signal?: AbortSignal } = {},
): Promise<EdgeList> {
  const label = opts.name ? `edge list ${opts.name}` : 'edge list';
  let reader;
  try {
    reader = await RecordBatchReader.from(source as AsyncIterable<Uint8Array>);
    await reader.open();
  } catch (e) {
    throw new CoreError('input', `${label}: not a readable Arrow/Feather file (${e instanceof Error ? e.message : String(e)})`);
  }
  const names = reader.schema.fields.map((f) => f.name);
  const cols = missingColumns(label, names);
  const idx = (n: string) => names.indexOf(n);
  const b = new EdgeBuilder({ ...opts, label, unit: 'row', delays: cols.delay !== undefined });
  const feed = new TableFeeder(b, label);
  for await (const batch of reader) {
    if (opts.signal?.aborted) throw new CoreError('aborted', 'edge list reading cancelled');
    const sv = batch.getChildAt(idx(cols.source))!;
    const tv = batch.getChildAt(idx(cols.target))!;
    const wv = batch.getChildAt(idx(cols.weight))!;
    const dv = cols.delay !== undefined ? batch.getChildAt(idx(cols.delay))! : null;
    feed.add({
      rows: batch.numRows,
      source: idColumn(sv),
      target: idColumn(tv),
      weight: numColumn(wv, cols.weight, label),
      ...(dv ? { delay: numColumn(dv, cols.delay!, label) } : {}),
      valid: { source: validity(sv), target: validity(tv), weight: validity(wv), ...(dv ? { delay: validity(dv) } : {}) },
    });
  }
  return b.finish();
}
