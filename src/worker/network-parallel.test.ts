/**
 * Parallel network runs on worker_threads (network-parallel.ts + network-part.ts): the spikes
 * of one queue, bit for bit, on 2–4 workers; a tie falls back; a cancel and a refusal stop
 * every worker.
 */
import { describe, expect, it } from 'vitest';
import { PointNetwork, type PointNetworkSpec } from '../core/network/network.ts';
import { TIE_REASON } from '../core/network/partition-run.ts';
import { generatedSpec, tiedSpec } from '../core/network/partition-test-kit.ts';
import { runNetworkParallel, type PartWorker } from './network-parallel.ts';
import { startNodePartWorker } from './network-parallel.node.ts';

/** Node's starter, counting the workers started and terminated. */
function counted() {
  const n = { started: 0, terminated: 0 };
  const start = (): PartWorker => {
    const w = startNodePartWorker();
    n.started++;
    return { ...w, terminate: () => (n.terminated++, w.terminate()) };
  };
  return { n, start };
}

describe('parallel network runs on worker threads', () => {
  it('a generated 2,000-neuron IntFire4 network with Poisson noise: one queue’s spikes on 2, 3 and 4 workers', async () => {
    const spec = generatedSpec('IntFire4');
    const one = new PointNetwork(spec).run(1000);
    // 3 workers exchange through slots of 2 spikes: a window's spikes go in several chunks.
    for (const workers of [2, 3, 4]) {
      const { n, start } = counted();
      const o = await runNetworkParallel(spec, 1000, 0.025, { workers, start, capacity: workers === 3 ? 2 : undefined });
      expect([o.partitions, o.fallback]).toEqual([workers, null]);
      expect(o.result.spikes).toEqual(one.spikes);
      expect(o.result.stimulusSpikes).toEqual(one.stimulusSpikes);
      expect(o.result.events).toBe(495988);
      expect(n).toEqual({ started: workers, terminated: workers });
    }
  }, 120_000);

  it('a tie stops every worker at the same window; the run is redone on one queue, with the reason', async () => {
    const spec = tiedSpec();
    const { n, start } = counted();
    const o = await runNetworkParallel(spec, 200, 0.025, { workers: 2, start });
    expect(o.partitions).toBe(1);
    expect(o.fallback).toMatch(new RegExp(`^${TIE_REASON.replace(/[()]/g, '\\$&')} \\(first at neuron "\\d+", t = 15 ms\\)$`));
    expect(o.result.spikes).toEqual(new PointNetwork(spec).run(200).spikes);
    expect(n).toEqual({ started: 2, terminated: 2 });
  }, 60_000);

  it('a network that cannot be partitioned (an edge of delay 0) starts no worker: one queue, with the reason', async () => {
    const spec = generatedSpec('IntFire4', 300, 20);
    spec.edges.delay = Float64Array.from(spec.edges.source, (_, k) => (k === 7 ? 0 : 5));
    const { n, start } = counted();
    const o = await runNetworkParallel(spec, 500, 0.025, { workers: 2, start });
    expect([o.partitions, o.fallback, n.started]).toEqual([1, 'an edge has delay 0 ms: partitions exchange spikes every minimum delay, which must be > 0', 0]);
    expect(o.result.spikes).toEqual(new PointNetwork(spec).run(500).spikes);
  });

  it('a cancel stops every worker (aborted, with the time); a runaway network is refused in words by all of them', async () => {
    const spec = generatedSpec('IntFire4');
    const ac = new AbortController();
    const { n, start } = counted();
    const run = runNetworkParallel(spec, 1e6, 0.025, { workers: 2, start, signal: ac.signal, progress: () => ac.abort() });
    await expect(run).rejects.toMatchObject({ code: 'aborted', message: expect.stringMatching(/^run cancelled at t = \d+\.\d{3} ms$/) });
    expect(n).toEqual({ started: 2, terminated: 2 });
    // 22,000 planned stimulus spikes and 4,263 of the neurons in 1 s: a budget of 24,000 is exceeded before the end.
    const refused = runNetworkParallel(spec, 1000, 0.025, { workers: 2, start, budget: { maxSpikes: 24000 } });
    await expect(refused).rejects.toMatchObject({ code: 'input', message: expect.stringMatching(/^the network fired 24,\d{3} spikes by t = \d+\.\d ms \(2,000 neurons\); at most 24,000 are kept/) });
  }, 60_000);
});
