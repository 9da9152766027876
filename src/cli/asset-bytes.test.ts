import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { fileBytesReader } from './asset-bytes.ts';
import { edgeListBlock } from '../../nodes/edge-list.ts';
import type { ComputeContext } from '../../nodes/types.ts';
import type { EdgesValue } from '../../nodes/values.ts';
import type { Graph } from '../dataflow/graph.ts';
import type { PathPolicy } from './asset-paths.ts';

/**
 * Rows: 1→2 w 3, 2→3 w 1, 1→2 w 2 (duplicate), 3→1 w 250. As synapse counts (scale 100, cap 1):
 * 1→2 (3 + 2)/100 = 0.05, 2→3 0.01, 3→1 min(2.5, 1) = 1 (capped).
 */
const CSV = 'source,target,weight\r\n1,2,3\r\n2,3,1\r\n1,2,2\r\n3,1,250\r\n';

function setup() {
  const dir = mkdtempSync(resolve(tmpdir(), 'nw-edges-'));
  writeFileSync(resolve(dir, 'e.csv'), CSV);
  writeFileSync(resolve(dir, 'e.csv.gz'), gzipSync(CSV));
  writeFileSync(
    resolve(dir, 'e.parquet'),
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'source', data: Int32Array.from([1, 2, 1, 3]), type: 'INT32' },
          { name: 'target', data: Int32Array.from([2, 3, 2, 1]), type: 'INT32' },
          { name: 'weight', data: Float64Array.from([3, 1, 2, 250]), type: 'DOUBLE' },
        ],
      }),
    ),
  );
  const policy: PathPolicy = { graphDir: dir, allowPaths: false, maxBytes: 1 << 20, userPaths: new Set() };
  const graph = { assets: {} } as unknown as Graph;
  const progress: number[] = [];
  const ctx: ComputeContext = {
    signal: new AbortController().signal,
    nodeId: 'edges',
    progress: (f) => progress.push(f),
    readText: () => Promise.reject(new Error('the text path must not be used')),
    readBytes: fileBytesReader(graph, policy),
  };
  return { dir, ctx, progress };
}

async function edgesOf(ctx: ComputeContext, file: string) {
  const out = await edgeListBlock.compute({}, { source: 'file', file, weights: 'synapse counts' }, ctx);
  return (out.edges as EdgesValue).edges;
}

describe('CLI: edge-list files streamed from disk', () => {
  it('CSV, .csv.gz and Parquet give the same hand-computed edges through the edge-list block, with progress', async () => {
    const { ctx, progress } = setup();
    for (const f of ['e.csv', 'e.csv.gz', 'e.parquet']) {
      const e = await edgesOf(ctx, f);
      expect(e.names).toEqual(['1', '2', '3']);
      expect(Array.from(e.source)).toEqual([0, 1, 2]);
      expect(Array.from(e.target)).toEqual([1, 2, 0]);
      expect(Array.from(e.weight)).toEqual([0.05, 0.01, 1]);
      expect(e.warnings).toEqual(['1 duplicate edge(s) merged into earlier ones by summing their weights', '1 edge(s) have at least 100 synapses and were capped at weight 1']);
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('the path rules hold: outside the folder and a FIFO are refused, naming the file', async () => {
    const { dir, ctx } = setup();
    await expect(edgesOf(ctx, '/etc/passwd')).rejects.toThrow(/edge list file "\/etc\/passwd" could not be read: the path names \/etc\/passwd, outside the graph's folder/);
    expect(spawnSync('mkfifo', [resolve(dir, 'p.csv')]).status).toBe(0);
    await expect(edgesOf(ctx, 'p.csv')).rejects.toThrow(/which is a named pipe \(FIFO\), not a file/);
  });
});
