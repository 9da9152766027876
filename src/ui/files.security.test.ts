/** Files given to the app are refused before they are read when the graph could not hold them. */
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import { emptyGraph } from '../dataflow/graph.ts';
import { GraphStore } from '../dataflow/store.ts';
import { embedFile } from './files.ts';

/** A File that says it is `size` bytes and fails if anyone reads it. */
const hugeFile = (name: string, size: number): File =>
  ({
    name,
    size,
    type: 'text/plain',
    arrayBuffer: () => Promise.reject(new Error('read although too large')),
  }) as unknown as File;

describe('embedFile', () => {
  it('refuses a 100 MiB SWC without reading it, and takes a small one', async () => {
    const store = new GraphStore(emptyGraph(), { blockDef });
    expect(await embedFile(store, hugeFile('big.swc', 100 * 1024 * 1024), ['.swc'])).toEqual({
      ok: false,
      message: '“big.swc” (100.0 MiB) is too large to embed: a graph file, embedded files included, may be at most 64.0 MiB',
    });
    const small = new File(['1 1 0 0 0 1 -1\n'], 'ok.swc');
    const r = await embedFile(store, small, ['.swc']);
    expect(r.ok).toBe(true);
    expect(Object.keys(store.graph.assets)).toHaveLength(1);
  });
});
