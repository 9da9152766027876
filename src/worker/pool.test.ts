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

describe('worker pool scheduling', () => {
  /** A member whose computations end when the test says so. */
  const fakes: Array<{ running: number; most: number; ends: Array<() => void> }> = [];
  const fake = () => {
    const f = { running: 0, most: 0, ends: [] as Array<() => void> };
    fakes.push(f);
    const r = (_d: unknown, _i: unknown, params: Record<string, unknown>) =>
      new Promise<Record<string, unknown>>((resolve) => {
        f.running++;
        f.most = Math.max(f.most, f.running);
        f.ends.push(() => {
          f.running--;
          resolve({ echo: params.k });
        });
      });
    return Object.assign(r, { close: () => {} }) as unknown as Parameters<typeof workerPool>[0] extends () => infer R ? R : never;
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const def = blockDef('run')!;

  it('gives each member one computation at a time, the rest wait in order; a cancelled waiting one leaves the queue', async () => {
    fakes.length = 0;
    const p = workerPool(fake, 2);
    const acs = Array.from({ length: 5 }, () => new AbortController());
    const out = acs.map((ac, k) => p(def, {}, { k }, { ...ctx(), signal: ac.signal }));
    await tick();
    expect(p.started()).toBe(2);
    expect(fakes.map((f) => f.running)).toEqual([1, 1]);
    expect(p.waiting()).toBe(3);
    // The third (k = 2) is cancelled before it starts.
    acs[2].abort();
    await expect(out[2]).rejects.toMatchObject({ code: 'aborted' });
    expect(p.waiting()).toBe(2);
    // As members finish, the next waiting ones start there, in order (k = 3, then k = 4).
    fakes[0].ends.shift()!();
    await tick();
    fakes[1].ends.shift()!();
    await tick();
    fakes[0].ends.shift()!();
    fakes[1].ends.shift()!();
    expect(await Promise.all([out[0], out[1], out[3], out[4]])).toEqual([{ echo: 0 }, { echo: 1 }, { echo: 3 }, { echo: 4 }]);
    expect(fakes.map((f) => f.most)).toEqual([1, 1]);
    expect(p.waiting()).toBe(0);
    p.close();
  });
});

describe('worker pool depth and queued workers', () => {
  it('gives a member a second computation only when every member is busy, up to the depth', async () => {
    let started = 0;
    const ends: Array<() => void> = [];
    const member = () => {
      started++;
      const r = () => new Promise<Record<string, unknown>>((resolve) => ends.push(() => resolve({})));
      return Object.assign(r, { close: () => {} }) as unknown as Parameters<typeof workerPool>[0] extends () => infer R ? R : never;
    };
    const p = workerPool(member, 2, 2);
    const runs = Array.from({ length: 5 }, () => p(blockDef('run')!, {}, {}, ctx()));
    await new Promise((r) => setTimeout(r, 0));
    // 2 members × depth 2 hold 4; the fifth waits.
    expect(started).toBe(2);
    expect(ends.length).toBe(4);
    expect(p.waiting()).toBe(1);
    for (let k = 0; k < 5; k++) {
      ends[k]();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(runs);
    expect(p.waiting()).toBe(0);
    p.close();
  });

  it('warm() starts every member at once, and the first member may be one the caller already has', async () => {
    const made: string[] = [];
    const own = Object.assign(() => Promise.resolve({ by: 'own' }), { close: () => made.push('own closed') });
    const member = () => {
      made.push(made.length === 0 ? 'own' : 'new');
      if (made.length === 1) return own as unknown as Parameters<typeof workerPool>[0] extends () => infer R ? R : never;
      return Object.assign(() => Promise.resolve({ by: 'new' }), { close: () => {} }) as unknown as Parameters<typeof workerPool>[0] extends () => infer R ? R : never;
    };
    const p = workerPool(member, 3, 2);
    expect(p.started()).toBe(0);
    p.warm();
    expect(p.started()).toBe(3);
    expect(made).toEqual(['own', 'new', 'new']);
    p.warm();
    expect(p.started()).toBe(3);
    // The first computation goes to the first idle member: the caller's own.
    expect(await p(blockDef('run')!, {}, {}, ctx())).toEqual({ by: 'own' });
    p.close();
    expect(made).toContain('own closed');
  });

  it('a queued worker computes one block at a time, in the order sent', async () => {
    const { blockTaskHandler } = await import('./block-task.ts');
    const { encodeValue } = await import('./transfer.ts');
    const ev = new GraphEvaluator(compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async () => '' });
    const o = await ev.value('rec_soma');
    if (!o.ok) throw new Error(o.message);
    const inputs = encodeValue({ model: o.values.model });
    const log: string[] = [];
    const done = new Promise<void>((resolve) => {
      const handle = blockTaskHandler((m) => {
        if (m.kind === 'progress' && !log.includes(`start ${m.id}`)) log.push(`start ${m.id}`);
        if (m.kind === 'result' || m.kind === 'error') {
          log.push(`end ${m.id}`);
          if (log.filter((x) => x.startsWith('end')).length === 2) resolve();
        }
      });
      const params = { tstop: 200, v_init: -65, dt: 0.025, celsius: 6.3, recordEvery: 1 };
      // Different v_init: the second is a run of its own, not the first's remembered result.
      handle({ kind: 'compute', id: 1, type: 'run', inputs, params, queued: true });
      handle({ kind: 'compute', id: 2, type: 'run', inputs, params: { ...params, v_init: -70 }, queued: true });
    });
    await done;
    // Not interleaved: the second starts (its first progress) after the first ended.
    expect(log.indexOf('end 1')).toBeLessThan(log.indexOf('start 2'));
    expect(log.at(-1)).toBe('end 2');
  });
});
