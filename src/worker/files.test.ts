/**
 * Blocks with file parameters in a worker (issue 19: an edge list of millions of edges is not
 * read on the page's thread): the sender reads the files, the worker answers the block's reads
 * from them, and the result is the one computed here; a file that cannot be read fails the block
 * with the reader's own words, under the file's own name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { ComputeContext } from '../../nodes/types.ts';
import type { EdgeList } from '../core/network/edges.ts';
import { bytesSource } from '../core/byte-source.ts';
import { concatBytes } from '../core/byte-source.ts';
import { filesReader, prereadFiles } from './files.ts';
import { nodeWorkerRunner } from './node-runner.ts';

const runner = nodeWorkerRunner();
afterAll(() => runner.close());

const CSV = 'source,target,weight\nA,C,3\nB,C,-2\nC,A,5\nA,C,1\n';
const REF = `asset:${'0123456789abcdef'.repeat(4)}`;

function ctx(files: Record<string, string>): ComputeContext {
  return {
    signal: new AbortController().signal,
    nodeId: 'edges',
    progress: () => {},
    readText: async (ref) => {
      if (!Object.hasOwn(files, ref)) throw new Error(`no file ${ref}`);
      return files[ref];
    },
    readBytes: async (ref) => {
      if (!Object.hasOwn(files, ref)) throw new Error(`no file ${ref}`);
      return bytesSource(new TextEncoder().encode(files[ref]));
    },
    fileName: (ref) => (ref === REF ? 'edges.csv' : ref),
  };
}

describe('files of a block computed in a worker', () => {
  it('concatBytes joins chunks in order', () => {
    expect(Array.from(concatBytes([Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(3)]))).toEqual([1, 2, 3]);
  });

  it('the edge list block reads its embedded CSV in the worker: the same columns as here (duplicates summed)', async () => {
    const def = blockDef('edge-list')!;
    const params = { source: 'file', table: '', file: REF, weights: 'as-is', scale: 100, cap: 1, duplicates: 'sum', selfLoops: 'keep' };
    const here = ((await def.compute({}, params, ctx({ [REF]: CSV }))) as { edges: { edges: EdgeList } }).edges.edges;
    const there = ((await runner(def, {}, params, ctx({ [REF]: CSV }))) as { edges: { edges: EdgeList } }).edges.edges;
    expect(there.names).toEqual(['A', 'C', 'B']);
    expect([Array.from(there.source), Array.from(there.target), Array.from(there.weight)]).toEqual([[0, 2, 1], [1, 1, 0], [4, -2, 5]]);
    expect([there.names, Array.from(there.source), Array.from(there.target), Array.from(there.weight)]).toEqual([here.names, Array.from(here.source), Array.from(here.target), Array.from(here.weight)]);
    // The duplicate A → C is summed and said so, in the same words.
    expect(there.warnings).toEqual(here.warnings);
    expect(there.warnings.join(' ')).toMatch(/duplicate/);
  });

  it('a file that cannot be read fails the block in the worker with the reader’s words', async () => {
    const def = blockDef('edge-list')!;
    const params = { source: 'file', table: '', file: `asset:${'feedface'.repeat(8)}`, weights: 'as-is', scale: 100, cap: 1, duplicates: 'sum', selfLoops: 'keep' };
    await expect(runner(def, {}, params, ctx({}))).rejects.toThrow(/no file asset:(feedface){8}/);
  });

  it('prereadFiles reads each named file once (streamed ones as bytes); the reader answers text, bytes and names', async () => {
    const def = blockDef('edge-list')!;
    const files = await prereadFiles(def, { file: REF, source: 'file' }, ctx({ [REF]: CSV }));
    expect(Object.keys(files)).toEqual([REF]);
    const r = filesReader(files);
    expect(await r.readText(REF)).toBe(CSV);
    const parts: Uint8Array[] = [];
    for await (const c of (await r.readBytes(REF)).chunks()) parts.push(c);
    expect(new TextDecoder().decode(concatBytes(parts))).toBe(CSV);
    expect(r.fileName(REF)).toBe('edges.csv');
    await expect(r.readText('asset:other')).rejects.toThrow(/files are read before a block goes to the worker/);
  });
});
