/**
 * Streaming runs: the worker sends a run's samples so far at a steady cadence, only the new
 * ones each time, and the page rebuilds each partial value as a prefix of the final traces.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { ComputeContext } from '../../nodes/types.ts';
import type { TracesValue } from '../../nodes/values.ts';
import { GrowingReceiver, GrowingSender } from './growing.ts';
import { nodeWorkerRunner } from './node-runner.ts';
import { tutorialModel } from './test-model.ts';

const runner = nodeWorkerRunner();
afterAll(() => runner.close());


describe('growing values across the worker boundary', () => {
  it('sends only the new tail of each array and rebuilds the whole prefix', () => {
    const tx = new GrowingSender();
    const rx = new GrowingReceiver();
    const full = Float64Array.from({ length: 100 }, (_, i) => i * 0.5);
    const spikes = Float64Array.from([3, 7, 11]);
    const sent: number[] = [];
    let last: Record<string, unknown> = {};
    for (const n of [1, 10, 10, 57, 100]) {
      const m = tx.encode({ v: { kind: 'traces', t: full.subarray(0, n), traces: { soma: full.subarray(0, n) }, spikes: { d: spikes.subarray(0, Math.min(3, n)) } } });
      const tail = ((m.values as { v: { t: Float64Array } }).v.t).length;
      sent.push(tail);
      // What crosses is a copy (transferable), never the sender's own buffer.
      expect(m.transfer.includes(full.buffer)).toBe(false);
      last = rx.decode(structuredClone({ values: m.values, from: m.from }));
      const v = last.v as { t: Float64Array; traces: Record<string, Float64Array> };
      expect(Array.from(v.t)).toEqual(Array.from(full.subarray(0, n)));
      expect(Array.from(v.traces.soma)).toEqual(Array.from(full.subarray(0, n)));
    }
    expect(sent).toEqual([1, 9, 0, 47, 43]);
    expect(Array.from((last.v as { spikes: Record<string, Float64Array> }).spikes.d)).toEqual([3, 7, 11]);
  });

  it('an earlier view keeps its samples when later messages extend the arrays', () => {
    const tx = new GrowingSender();
    const rx = new GrowingReceiver();
    const a = Float64Array.from({ length: 1000 }, (_, i) => i);
    const first = rx.decode(tx.encode({ a: a.subarray(0, 20) })).a as Float64Array;
    const second = rx.decode(tx.encode({ a: a.subarray(0, 1000) })).a as Float64Array;
    expect(first.length).toBe(20);
    expect(first[19]).toBe(19);
    expect(second[999]).toBe(999);
  });
});

describe('a run streamed from the worker', () => {
  it('posts prefixes of the final traces about 10 times per second of wall time', async () => {
    const model = await tutorialModel();
    const def = blockDef('run')!;
    // Long enough for several partials on a fast machine (the synthetic neuron runs ~8 s of biology per wall second).
    const params = { tstop: 10000, v_init: -60, dt: 0.025, celsius: 6.3, recordEvery: 1 };
    const parts: Array<{ at: number; traces: TracesValue }> = [];
    const t0 = performance.now();
    const ctx: ComputeContext = {
      signal: new AbortController().signal,
      nodeId: 'run',
      readText: async () => '',
      progress: () => {},
      partial: (v) => parts.push({ at: performance.now() - t0, traces: v.traces as TracesValue }),
    };
    const final = (await runner(def, { model }, params, ctx)).traces as TracesValue;
    expect(final.partial).toBeUndefined();
    expect(parts.length).toBeGreaterThanOrEqual(3);
    // A steady cadence of ≥ 10 per second (every 80 ms in the worker; the median gap allows for a busy machine).
    const gaps = parts.slice(1).map((p, k) => p.at - parts[k].at).sort((a, b) => a - b);
    expect(gaps[gaps.length >> 1]).toBeLessThan(150);
    let prev = 0;
    for (const p of parts) {
      const tr = p.traces;
      expect(tr.partial).toBeDefined();
      const n = tr.t.length;
      expect(n).toBeGreaterThan(prev);
      prev = n;
      expect(tr.partial!.t).toBe(tr.t[n - 1]);
      expect(tr.partial!.fraction).toBeGreaterThan(0);
      expect(tr.partial!.fraction).toBeLessThan(1);
      // Every sample so far equals the final run's, bit for bit.
      for (const label of Object.keys(final.traces)) {
        const a = tr.traces[label];
        expect(a.length).toBe(n);
        const b = final.traces[label];
        let same = true;
        for (let i = 0; i < n; i++) if (a[i] !== b[i]) same = false;
        expect(same).toBe(true);
      }
      for (const [label, s] of Object.entries(tr.spikes)) expect(Array.from(s)).toEqual(Array.from(final.spikes[label].subarray(0, s.length)));
    }
  });

  it('without a listener the worker sends no partial values (the CLI)', async () => {
    const model = await tutorialModel();
    const progress: number[] = [];
    const ctx: ComputeContext = { signal: new AbortController().signal, nodeId: 'run', readText: async () => '', progress: (f) => progress.push(f) };
    const final = (await runner(blockDef('run')!, { model }, { tstop: 300, v_init: -60, dt: 0.025, celsius: 6.3, recordEvery: 1 }, ctx)).traces as TracesValue;
    expect(final.t.length).toBe(12001);
    expect(progress[progress.length - 1]).toBe(1);
  });
});
