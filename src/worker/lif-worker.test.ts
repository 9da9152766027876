/** The LIF network block in the Node block worker gives the very spikes of a run in this thread. */
import { afterAll, describe, expect, it } from 'vitest';
import { buildEdgeList } from '../core/network/edges.ts';
import { lifNetworkBlock } from '../../nodes/lif-network.ts';
import { runBlock, testContext } from '../../nodes/test-context.ts';
import type { EdgesValue, SpikesValue } from '../../nodes/values.ts';
import { nodeWorkerRunner } from './node-runner.ts';

const runner = nodeWorkerRunner();
afterAll(() => runner.close());

describe('lif-network in the worker', () => {
  it('gives the same spikes as in this thread (300 neurons × 20 edges, every neuron Poisson-driven)', async () => {
    const src: string[] = [];
    const tgt: string[] = [];
    const w: number[] = [];
    for (let s = 0; s < 300; s++) {
      for (let k = 1; k <= 20; k++) {
        src.push(`n${s}`);
        tgt.push(`n${(s * 7 + k * 13) % 300}`);
        w.push(s % 5 ? 25 : -15);
      }
    }
    const edges: EdgesValue = { kind: 'edges', edges: buildEdgeList(src, tgt, w) };
    const params = { poisson: Array.from({ length: 300 }, (_, i) => `n${i}`).join(','), f_poi: 12, poissonRefractory: true, duration: 300 };
    const inWorker = (await runner(lifNetworkBlock, { edges }, params, testContext())).spikes as SpikesValue;
    const here = await runBlock<SpikesValue>(lifNetworkBlock, { edges }, params);
    let n = 0;
    for (const s of inWorker.spikes) n += s.length;
    expect(n).toBeGreaterThan(10_000);
    expect(inWorker.names).toEqual(here.names);
    inWorker.spikes.forEach((s, i) => expect(Array.from(s)).toEqual(Array.from(here.spikes[i])));
  });
});
