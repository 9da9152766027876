/**
 * The Node block worker (worker_threads): a heavy block runs there with the same result as in
 * this thread, progress streams back, and an abort interrupts it mid-run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { ComputeContext } from '../../nodes/types.ts';
import type { ModelValue, TracesValue } from '../../nodes/values.ts';
import { isAbort } from '../core/errors.ts';
import { nodeWorkerRunner } from './node-runner.ts';
import { tutorialModel } from './test-model.ts';
import { decodeValue, encodeValue } from './transfer.ts';

const runner = nodeWorkerRunner();
afterAll(() => runner.close());


const ctx = (signal: AbortSignal, progress: number[]): ComputeContext => ({ signal, nodeId: 'run', readText: async () => '', progress: (f) => progress.push(f) });

describe('block worker (worker_threads)', () => {
  it('values survive the crossing (skeletons are rebuilt)', async () => {
    const model = await tutorialModel();
    const back = decodeValue(structuredClone(encodeValue(model))) as ModelValue;
    expect(back.neuron.skeleton.size).toBe(model.neuron.skeleton.size);
    expect(back.neuron.skeleton.rowOf(model.neuron.skeleton.id[5])).toBe(5);
  });

  it('runs the tutorial model in the worker with the same traces as here, reporting progress', async () => {
    const model = await tutorialModel();
    const def = blockDef('run')!;
    const params = { tstop: 200, v_init: -60, dt: 0.025, celsius: 6.3, recordEvery: 1 };
    const progress: number[] = [];
    const there = (await runner(def, { model }, params, ctx(new AbortController().signal, progress))).traces as TracesValue;
    const here = ((await def.compute({ model }, params, ctx(new AbortController().signal, []))) as { traces: TracesValue }).traces;
    expect(Array.from(there.traces.soma)).toEqual(Array.from(here.traces.soma));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('an abort interrupts a long run in the worker', async () => {
    const model = await tutorialModel();
    const ac = new AbortController();
    const progress: number[] = [];
    const p = runner(blockDef('run')!, { model }, { tstop: 1e6, v_init: -60, dt: 0.025, celsius: 6.3, recordEvery: 1000 }, ctx(ac.signal, progress));
    // Abort once it has really started.
    while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    expect(isAbort(err)).toBe(true);
    // It stopped near where it was: a run of 1e6 ms would otherwise report up to 1.
    expect(progress[progress.length - 1]).toBeLessThan(0.01);
  });
});
