/**
 * Partitioned network runs (partition.ts, in one thread: partition-run.ts) give the spikes of
 * one queue bit for bit, for 1–4 partitions, or fall back to one queue and say why.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { countsToWeights, readEdgeList } from './edges.ts';
import { networkSpecFromEdges, PointNetwork, type PointModel, type PointNetworkSpec } from './network.ts';
import { runPartitionedInThread, TIE_REASON } from './partition-run.ts';
import { below, nextWindow, partitionNetwork } from './partition.ts';
import { generatedSpec, tiedSpec } from './partition-test-kit.ts';
import { sharedPath } from '../../../tools/shared-data.ts';

const LARVA = sharedPath('larva-connectome-winding2023/edges.csv');

// NEURON 8.2.2's spike times of the tutorial network's neuron C (tools/neuron/EVENTS.md §8), first and last.
const C_FIRST = 130.00674825331026;
const C_LAST = 998.6432812265765;

const tutorial = (): PointNetworkSpec =>
  networkSpecFromEdges(readEdgeList('source,target,weight\nB,C,-1\nA,C,0.5\n'), {
    model: 'IntFire4',
    stimuli: [
      { neurons: ['A'], start: 100, stop: 1000, frequency: 100, randomness: 0, independent: true, weight: 1 },
      { neurons: ['B'], start: 600, stop: 800, frequency: 100, randomness: 0, independent: true, weight: 1 },
    ],
  });

const total = (s: Float64Array[]) => s.reduce((a, x) => a + x.length, 0);

/** The spec run on one queue, then on 1–4 partitions: identical trains and event counts, and really partitioned. */
function expectSameOnPartitions(spec: PointNetworkSpec, tstop = 1000) {
  const one = new PointNetwork(spec).run(tstop);
  for (const parts of [1, 2, 3, 4]) {
    const o = runPartitionedInThread(spec, parts, tstop);
    expect(o.fallback).toBeNull();
    expect(o.partitions).toBe(parts);
    expect(o.result.spikes).toEqual(one.spikes);
    expect(o.result.stimulusSpikes).toEqual(one.stimulusSpikes);
    expect(o.result.events).toBe(one.events);
    expect(o.result.tFinal).toBe(one.tFinal);
  }
  return one;
}

describe('partitioned network runs', () => {
  it('windows: til(k) = til(k−1) + D accumulated, delivering up to the double below it; the last up to tFinal', () => {
    expect(below(5)).toBe(4.999999999999999);
    expect(nextWindow(0, 5, 1000.0000000014466)).toEqual({ bound: 4.999999999999999, til: 5, last: false });
    expect(nextWindow(995, 5, 1000.0000000014466)).toEqual({ bound: below(1000), til: 1000, last: false });
    expect(nextWindow(1000, 5, 1000.0000000014466)).toEqual({ bound: 1000.0000000014466, til: 1005, last: true });
    // 0.1 accumulated: 0.30000000000000004, as a spike at 0.2 plus a 0.1 ms delay lands.
    expect(nextWindow(nextWindow(0.1, 0.1, 10).til, 0.1, 10).til).toBe(0.2 + 0.1);
  });

  it('partitions neuron i → i mod P, edges by target in edge order, a NetStim on its target’s partition', () => {
    const cut = partitionNetwork(tutorial(), 2);
    if (!('plans' in cut)) throw new Error(cut.reason);
    const [p0, p1] = cut.plans;
    // A = 0, B = 1, C = 2: A and C on partition 0, B on 1; both edges end at C (local 1), B's first (edge order).
    expect(Array.from(p0.neurons)).toEqual([0, 2]);
    expect(Array.from(p1.neurons)).toEqual([1]);
    expect([Array.from(p0.source), Array.from(p0.target), Array.from(p0.weight)]).toEqual([[1, 0], [1, 1], [-1, 0.5]]);
    expect(p1.source.length).toBe(0);
    // NetStim 0 (A's) on partition 0, NetStim 1 (B's) on 1, each with its global index (its Random123 stream).
    expect([Array.from(p0.stimIndex), Array.from(p1.stimIndex)]).toEqual([[0], [1]]);
    expect(p0.window).toBe(5);
  });

  it("the tutorial's A/B/C network: NEURON's spikes on 1–4 partitions", () => {
    const one = expectSameOnPartitions(tutorial());
    expect(one.spikes.map((s) => s.length)).toEqual([106, 23, 40]);
    // Within 1e-9 ms of NEURON (JavaScript's exp may differ from glibc's in the last bit, as in network.test.ts).
    expect(Math.abs(one.spikes[2][0] - C_FIRST)).toBeLessThan(1e-9);
    expect(Math.abs(one.spikes[2][39] - C_LAST)).toBeLessThan(1e-9);
  });

  it('a generated 2,000-neuron IntFire4 network with Poisson noise: the same spikes on 1–4 partitions', () => {
    const one = expectSameOnPartitions(generatedSpec('IntFire4'));
    // Enough activity for the comparison to mean something (measured: 4,263 spikes, 495,988 events).
    expect(total(one.spikes)).toBe(4263);
    expect(one.events).toBe(495988);
  });

  it('a generated 2,000-neuron IntFire1 network with Poisson noise: the same spikes on 1–4 partitions', () => {
    const one = expectSameOnPartitions(generatedSpec('IntFire1'));
    expect(total(one.spikes)).toBe(16856);
    expect(one.events).toBe(1736179);
  });

  it('per-edge delays (1.5–5.5 ms): windows of the smallest, the same spikes on 1–4 partitions', () => {
    const spec = generatedSpec('IntFire4', 1000, 50);
    spec.edges.delay = Float64Array.from(spec.edges.source, (_, k) => 1.5 + (k % 5));
    const cut = partitionNetwork(spec, 2);
    if (!('plans' in cut)) throw new Error(cut.reason);
    expect(cut.plans[0].window).toBe(1.5);
    const one = expectSameOnPartitions(spec);
    expect(total(one.spikes)).toBeGreaterThan(1000);
  });

  it('IntFire2 (cells as objects, a bias current): the same spikes on 1–4 partitions', () => {
    const spec = generatedSpec('IntFire2', 500, 40, 0.9);
    spec.params = { ib: 0.5 };
    const one = expectSameOnPartitions(spec);
    expect([total(one.spikes), one.events]).toEqual([3108, 137448]);
  });

  it.skipIf(!existsSync(LARVA))('the larva connectome (../shared/data), IntFire4 with noise: the same spikes on 1–4 partitions', () => {
    const e = readEdgeList(readFileSync(LARVA, 'utf8'));
    const all = Array.from({ length: e.names.length }, (_, i) => i);
    const spec: PointNetworkSpec = {
      names: e.names,
      model: 'IntFire4',
      edges: { source: e.source, target: e.target, weight: countsToWeights(e.weight, 1000), delay: 5 },
      stimuli: [{ neurons: all, start: 0, stop: 9999999999, frequency: 10, randomness: 1, independent: true, weight: 0.6 }],
      noise: { kind: 'random123', seed: 1 },
    };
    const one = expectSameOnPartitions(spec);
    expect(total(one.spikes)).toBe(7204);
  });

  it('a tie (a neuron sent two events for the same time, here by a shared regular stimulus) gives up the partitions: one queue’s spikes, and a warning', () => {
    const spec = tiedSpec();
    const one = new PointNetwork(spec).run(200);
    expect(total(one.spikes)).toBe(1200);
    const o = runPartitionedInThread(spec, 2, 200);
    expect(o.partitions).toBe(1);
    // Where the tie is met, by hand: every neuron fires at 10 ms, so each has its refractory
    // period's end (a self-event) queued for 15 ms before the exchange queues its spikes' edge
    // events for 15 ms; partition 0 (even ids) queues neuron 0's first, in edge order: the
    // first even target of neuron 0 has two events at 15 ms.
    let tieAt = -1;
    for (let k = 0; k < spec.edges.source.length && tieAt < 0; k++) if (spec.edges.source[k] === 0 && spec.edges.target[k] % 2 === 0) tieAt = spec.edges.target[k];
    expect(o.fallback).toBe(`${TIE_REASON} (first at neuron "${tieAt}", t = 15 ms)`);
    expect(o.result.warnings).toContain(`ran on one worker: ${o.fallback}`);
    expect(o.result.spikes).toEqual(one.spikes);
  });

  it('a tie between two stimuli firing at the same time on one neuron (inserted by other cells at that time) also gives up the partitions', () => {
    const spec = tutorial();
    // A second stimulus on A with the first one's schedule: A gets two events at 100, 110, … ms.
    spec.stimuli.push({ ...spec.stimuli[0], neurons: [0], weight: 0.3 });
    const o = runPartitionedInThread(spec, 2, 1000);
    expect([o.partitions, o.fallback]).toEqual([1, `${TIE_REASON} (first at neuron "A", t = 100 ms)`]);
    expect(o.result.spikes).toEqual(new PointNetwork(spec).run(1000).spikes);
  });

  it('bad input: a delay-0 edge (nothing to exchange ahead of) runs on one queue with a warning; so does legacy noise', () => {
    const spec = tutorial();
    const zero: PointNetworkSpec = { ...spec, edges: { ...spec.edges, delay: [5, 0] } };
    const o = runPartitionedInThread(zero, 3, 1000);
    expect(o.partitions).toBe(1);
    expect(o.fallback).toMatch(/an edge has delay 0 ms: partitions exchange spikes every minimum delay, which must be > 0/);
    expect(o.result.warnings.some((w) => w.startsWith('ran on one worker: an edge has delay 0 ms'))).toBe(true);
    expect(o.result.spikes).toEqual(new PointNetwork(zero).run(1000).spikes);
    const legacy = generatedSpec('IntFire4', 50, 5);
    legacy.noise = { kind: 'neuron-default' };
    const l = runPartitionedInThread(legacy, 2, 200);
    expect(l.partitions).toBe(1);
    expect(l.fallback).toMatch(/shared default stream/);
    expect(l.result.spikes).toEqual(new PointNetwork(legacy).run(200).spikes);
    // One worker asked for: no warning.
    expect(runPartitionedInThread(spec, 1, 1000).result.warnings).toEqual([]);
  });
});
