/**
 * The run-network block on a host's workers (parallel-host.ts): a network big enough
 * (edges × seconds ≥ 2,000,000) runs partitioned, with one queue's spikes; where it cannot
 * be partitioned, one queue with the reason among the warnings; small networks never go.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backgroundNoiseBlock } from '../../nodes/background-noise.ts';
import { pointNetworkBlock } from '../../nodes/point-network.ts';
import { runNetworkBlock } from '../../nodes/run-network.ts';
import { runBlock } from '../../nodes/test-context.ts';
import type { EdgesValue, NetworkValue, SpikesValue } from '../../nodes/values.ts';
import { parallelHost, setNetworkParallelism, worthPartitioning } from '../core/network/parallel-host.ts';
import { generatedNetwork } from '../../bench/generated-network.ts';
import { nodeNetworkParallelism } from './network-parallel.node.ts';

async function network(n: number, out: number, delay: number): Promise<NetworkValue> {
  const { source, target, weight } = generatedNetwork(n, out, 7);
  const edges: EdgesValue = { kind: 'edges', edges: { names: Array.from({ length: n }, (_, i) => String(i)), source, target, weight, warnings: [] } };
  const bare = await runBlock<NetworkValue>(pointNetworkBlock, { edges }, { model: 'IntFire4', delay, noise: 'random123', seed: 1 });
  return runBlock<NetworkValue>(backgroundNoiseBlock, { network: bare }, { neurons: '', frequency: 10, randomness: 1, independent: true });
}

afterEach(() => setNetworkParallelism(null));

describe('run-network on a host’s workers', () => {
  it('the threshold: edges × simulated seconds ≥ 2,000,000', () => {
    expect(worthPartitioning(200_000, 10_000)).toBe(true);
    expect(worthPartitioning(200_000, 9999)).toBe(false);
    // The larva (110,677 edges) for 1 s stays on one queue; the 25k × 3M network goes.
    expect(worthPartitioning(110_677, 1000)).toBe(false);
    expect(worthPartitioning(3_000_000, 1000)).toBe(true);
  });

  it('a 2,000 × 200,000 network for 10 s on 2 worker threads: the spikes and events of one queue', async () => {
    const net = await network(2000, 100, 5);
    const params = { duration: 10_000, dt: 0.1 };
    const one = await runBlock<SpikesValue>(runNetworkBlock, { network: net }, params);
    let runs = 0;
    const host = nodeNetworkParallelism(2);
    setNetworkParallelism({ workers: 2, run: (...a) => (runs++, host.run(...a)) });
    const two = await runBlock<SpikesValue>(runNetworkBlock, { network: net }, params);
    expect(runs).toBe(1);
    expect(two.spikes).toEqual(one.spikes);
    expect([two.events, two.tFinal, two.warnings]).toEqual([one.events, one.tFinal, one.warnings]);
    expect(one.spikes.reduce((a, s) => a + s.length, 0)).toBeGreaterThan(40000);
  }, 120_000);

  it('one queue, with the reason, when the host cannot partition (here: an edge of delay 0); small runs never ask', async () => {
    const net = await network(2000, 100, 0);
    let asked = 0;
    setNetworkParallelism(parallelHost(2, async () => (asked++, { result: null, partitions: 1, fallback: 'an edge has delay 0 ms: partitions exchange spikes every minimum delay, which must be > 0' })));
    const r = await runBlock<SpikesValue>(runNetworkBlock, { network: net }, { duration: 10_000, dt: 0.1 });
    expect(asked).toBe(1);
    expect(r.warnings).toContain('ran on one worker: an edge has delay 0 ms: partitions exchange spikes every minimum delay, which must be > 0');
    await runBlock<SpikesValue>(runNetworkBlock, { network: net }, { duration: 9999, dt: 0.1 });
    expect(asked).toBe(1);
  }, 120_000);
});
