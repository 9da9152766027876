/**
 * The worker pool (worker_threads): runs spread over its members, started only when needed,
 * with the same traces as in this thread.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { ComputeContext } from '../../nodes/types.ts';
import type { ModelValue, TracesValue } from '../../nodes/values.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import { GraphEvaluator } from '../dataflow/evaluator.ts';
import { nodeWorkerRunner } from './node-runner.ts';
import { workerPool } from './pool.ts';

let made = 0;
const pool = workerPool(() => (made++, nodeWorkerRunner()), 2);
afterAll(() => pool.close());

const ctx = (): ComputeContext => ({ signal: new AbortController().signal, nodeId: 'run', readText: async () => '', progress: () => {} });

describe('worker pool', () => {
  it('starts no worker before it is used, then at most its size, and gives the same traces as here', async () => {
    expect(pool.started()).toBe(0);
    const ev = new GraphEvaluator(compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async () => '' });
    const o = await ev.value('rec_soma');
    if (!o.ok) throw new Error(o.message);
    const model = o.values.model as ModelValue;
    const def = blockDef('run')!;
    const params = (v: number) => ({ tstop: 50, v_init: v, dt: 0.025, celsius: 6.3, recordEvery: 1 });
    const vs = [-70, -65, -60, -55];
    const there = await Promise.all(vs.map((v) => pool(def, { model }, params(v), ctx())));
    expect(pool.started()).toBe(2);
    expect(made).toBe(2);
    for (const [k, v] of vs.entries()) {
      const here = ((await def.compute({ model }, params(v), ctx())) as { traces: TracesValue }).traces;
      expect(Array.from((there[k].traces as TracesValue).traces.soma)).toEqual(Array.from(here.traces.soma));
    }
  });
});
