import { describe, expect, it } from 'vitest';
import { gzipSync, createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { tableFromArrays, tableToIPC, Table, vectorFromArray, Utf8, Int64, Int32, makeVector } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { bytesSource, readEdgeSource, sniffEdgeFormat } from './edge-files.ts';
import type { EdgeList } from './edge-builder.ts';

const enc = new TextEncoder();

/**
 * One network written in every format: rows (file order)
 *   1: 10 → 20 w 0.5   2: 20 → 30 w −1   3: 10 → 20 w 0.25 (duplicate of row 1)   4: 30 → 30 w 2 (self-loop)
 * Hand-computed result: neurons 10, 20, 30 numbered 0, 1, 2; edges 0→1 (0.5 + 0.25 = 0.75),
 * 1→2 (−1), 2→2 (2); one duplicate summed.
 */
const SRC = [10, 20, 10, 30];
const TGT = [20, 30, 20, 30];
const W = [0.5, -1, 0.25, 2];
const CSV = 'source,target,weight\n10,20,0.5\n20,30,-1\n10,20,0.25\n30,30,2\n';

function expectHandResult(e: EdgeList): void {
  expect(e.names).toEqual(['10', '20', '30']);
  expect(Array.from(e.source)).toEqual([0, 1, 2]);
  expect(Array.from(e.target)).toEqual([1, 2, 2]);
  expect(Array.from(e.weight)).toEqual([0.75, -1, 2]);
  expect(e.warnings).toEqual(['1 duplicate edge(s) merged into earlier ones by summing their weights']);
  expect(Array.from(e.csr!.offsets)).toEqual([0, 1, 2, 3]);
  expect(Array.from(e.csr!.targets)).toEqual([1, 2, 2]);
}

async function* nodeChunks(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('edge files: CSV, gzip, Arrow/Feather, Parquet', () => {
  it('tells formats apart by their first bytes', () => {
    expect(sniffEdgeFormat(enc.encode('source,t'))).toBe('csv');
    expect(sniffEdgeFormat(gzipSync(CSV))).toBe('gzip');
    expect(sniffEdgeFormat(enc.encode('PAR1....'))).toBe('parquet');
    expect(sniffEdgeFormat(enc.encode('ARROW1\0\0'))).toBe('arrow');
  });

  it('CSV and its gzip give the hand-computed list (web DecompressionStream and node:zlib)', async () => {
    expectHandResult(await readEdgeSource(bytesSource(enc.encode(CSV))));
    const gz = new Uint8Array(gzipSync(CSV));
    const viaWeb = await readEdgeSource({ size: gz.length, chunks: () => nodeChunks(gz, 7) });
    expectHandResult(viaWeb);
    expect(Array.from(viaWeb.line!)).toEqual([2, 3, 5]);
    const viaZlib = await readEdgeSource({
      size: gz.length,
      chunks: () => nodeChunks(gz, 5),
      gunzip: (c) => Readable.from(c).pipe(createGunzip()) as AsyncIterable<Uint8Array>,
    });
    expectHandResult(viaZlib);
  });

  it('a broken gzip is a clear error; an error reading the file comes through as itself', async () => {
    const gz = new Uint8Array(gzipSync(CSV));
    await expect(readEdgeSource(bytesSource(gz.slice(0, 20)))).rejects.toThrow(/^the file is not valid gzip/);
    async function* failing(): AsyncIterable<Uint8Array> {
      yield gz.subarray(0, 10);
      throw new Error('disk gone');
    }
    await expect(readEdgeSource({ chunks: failing })).rejects.toThrow(/^disk gone$/);
    await expect(readEdgeSource({ chunks: failing, gunzip: (c) => {
      const from = Readable.from(c);
      const z = createGunzip();
      from.on('error', (e) => z.destroy(e));
      return from.pipe(z) as AsyncIterable<Uint8Array>;
    } })).rejects.toThrow(/^disk gone$/);
  });

  it('Arrow file and stream formats (Feather v2 = file), int32 ids, read back equal; rows in messages', async () => {
    const t = tableFromArrays({ source: Int32Array.from(SRC), target: Int32Array.from(TGT), weight: Float64Array.from(W), extra: Int32Array.from([1, 2, 3, 4]) });
    for (const fmt of ['file', 'stream'] as const) {
      const bytes = tableToIPC(t, fmt);
      expectHandResult(await readEdgeSource({ size: bytes.length, chunks: () => nodeChunks(bytes, 13) }));
    }
    const dup = await readEdgeSource(bytesSource(tableToIPC(t, 'file')), { duplicates: 'error', name: 'e.arrow' }).catch((e: Error) => e.message);
    expect(dup).toBe('edge list e.arrow row 3: edge 10 → 20 appears twice (first on row 1)');
  });

  it('Arrow with string ids (plain Utf8 and dictionary), int64 ids beyond 2^53, float32 weights and delays', async () => {
    const names = ['a', 'b', 'a', 'c'];
    const plain = new Table({
      source: vectorFromArray(names, new Utf8()),
      target: vectorFromArray(['b', 'c', 'b', 'c'], new Utf8()),
      weight: makeVector(Float32Array.from([0.5, -1, 0.25, 2])),
      delay: makeVector(Float64Array.from([1, 2, 1, 3])),
    });
    const e = await readEdgeSource(bytesSource(tableToIPC(plain)));
    expect(e.names).toEqual(['a', 'b', 'c']);
    expect(Array.from(e.weight)).toEqual([0.75, -1, 2]);
    expect(Array.from(e.delay!)).toEqual([1, 2, 3]);
    const dict = tableFromArrays({ source: names, target: ['b', 'c', 'b', 'c'], weight: Float64Array.from(W) });
    expect(String(dict.schema.fields[0].type)).toMatch(/Dictionary/);
    const d = await readEdgeSource(bytesSource(tableToIPC(dict)));
    expect(d.names).toEqual(['a', 'b', 'c']);
    expect(Array.from(d.target)).toEqual([1, 2, 2]);
    // FlyWire-style root ids: 720575940629970489 is above 2^53 and must keep every digit.
    const big = [720575940629970489n, 720575940629970490n];
    const wide = new Table({
      source: vectorFromArray([big[0], big[1]], new Int64()),
      target: vectorFromArray([big[1], big[0]], new Int64()),
      weight: vectorFromArray([3, 4], new Int32()),
    });
    const g = await readEdgeSource(bytesSource(tableToIPC(wide)), { neurons: ['720575940629970490', '720575940629970489'] });
    expect(g.names).toEqual(['720575940629970490', '720575940629970489']);
    expect(Array.from(g.source)).toEqual([1, 0]);
    expect(Array.from(g.weight)).toEqual([3, 4]);
  });

  it('Parquet (hyparquet-writer, two row groups) reads back equal; string ids and nulls', async () => {
    const buf = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'Source', data: Int32Array.from(SRC), type: 'INT32' },
          { name: 'Target', data: Int32Array.from(TGT), type: 'INT32' },
          { name: 'Weight', data: Float64Array.from(W), type: 'DOUBLE' },
        ],
        rowGroupSize: 3,
      }),
    );
    expect(sniffEdgeFormat(buf)).toBe('parquet');
    expectHandResult(await readEdgeSource(bytesSource(buf)));
    // Without random access the chunks are gathered first: same list.
    expectHandResult(await readEdgeSource({ chunks: () => nodeChunks(buf, 100) }));
    const text = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'source', data: ['x', 'y', null], type: 'STRING', nullable: true },
          { name: 'target', data: ['y', 'x', 'x'], type: 'STRING' },
          { name: 'weight', data: Float64Array.from([1, 2, 3]), type: 'DOUBLE' },
        ],
      }),
    );
    await expect(readEdgeSource(bytesSource(text), { name: 'n.parquet' })).rejects.toThrow('edge list n.parquet row 3: empty source or target');
  });

  it('Parquet without a target column, or with a NaN weight: clear errors naming what is there', async () => {
    const noTarget = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'pre', data: Int32Array.from([1, 2]), type: 'INT32' },
          { name: 'source', data: Int32Array.from([1, 2]), type: 'INT32' },
          { name: 'weight', data: Float64Array.from([1, 2]), type: 'DOUBLE' },
        ],
      }),
    );
    await expect(readEdgeSource(bytesSource(noTarget), { name: 'c.parquet' })).rejects.toThrow(
      'edge list c.parquet: missing column "target" (the table has: pre, source, weight); an edge table needs source, target, weight and optionally delay',
    );
    const nan = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'source', data: Int32Array.from([1, 2]), type: 'INT32' },
          { name: 'target', data: Int32Array.from([2, 1]), type: 'INT32' },
          { name: 'weight', data: Float64Array.from([1, NaN]), type: 'DOUBLE' },
        ],
      }),
    );
    await expect(readEdgeSource(bytesSource(nan))).rejects.toThrow('edge list row 2: weight "NaN" of 2 → 1 is not a number');
  });
});
