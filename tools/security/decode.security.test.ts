/** Regression tests for decoding hostile graph files found by the fuzzer (decode.ts). */
import { describe, expect, it } from 'vitest';
import { decodeGraph } from '../../src/dataflow/decode.ts';
import type { JsonObject } from '../../src/dataflow/graph.ts';

const HASH = 'cd'.repeat(32);
const withAsset = (data: string): JsonObject => ({ format: 'neurowire-graph', version: 1, nodes: [], connections: [], assets: { [HASH]: { name: 'x.swc', mime: 'application/octet-stream', encoding: 'base64', data } } });

describe('decodeGraph on hostile embedded files', () => {
  it('checks a 4 MB base64 asset without overflowing the stack (it crashed validate and run)', () => {
    const bytes = Buffer.alloc(4 << 20);
    for (let k = 0; k < bytes.length; k++) bytes[k] = (k * 2654435761) >>> 24;
    const t0 = performance.now();
    const r = decodeGraph(withAsset(bytes.toString('base64')));
    expect(r.issues).toEqual([]);
    expect(Object.keys(r.graph.assets)).toEqual([HASH]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('still refuses base64 that is not, in words', () => {
    for (const bad of ['Q', 'QQ=', 'Q===', '@@@@', 'QQ==QQ==', 'QU I=']) {
      const r = decodeGraph(withAsset(bad));
      expect(r.graph.assets, bad).toEqual({});
      expect(r.issues.map((i) => i.message).join(), bad).toMatch(/"data" is not valid base64; it is left out/);
    }
    for (const good of ['', 'QQ==', 'QUI=', 'QUJD']) expect(Object.keys(decodeGraph(withAsset(good)).graph.assets), good).toEqual([HASH]);
  });
});
