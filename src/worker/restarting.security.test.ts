/**
 * The restarting runner over fake workers: a computation stuck in a synchronous loop (it never
 * answers its abort) gets its worker terminated, and work queued behind it finishes on a fresh
 * worker; Stop terminates at once; a worker that dies by itself still fails with its reason.
 */
import { describe, expect, it } from 'vitest';
import type { BlockDef, ComputeContext } from '../../nodes/types.ts';
import { isAbort } from '../core/errors.ts';
import type { ToBlockWorker, FromBlockWorker } from './protocol-blocks.ts';
import { restartingRunner } from './restarting.ts';
import { workerRunner, type WorkerRunner } from './runner.ts';

/** A fake worker: one computation at a time, in order; type 'stuck' never ends (nor hears 'abort'), 'quick' answers after 5 ms. */
function fakeWorker(log: string[]): () => WorkerRunner {
  let n = 0;
  return () => {
    const name = `w${++n}`;
    let listener: (m: FromBlockWorker) => void = () => {};
    let error: (m: string) => void = () => {};
    const queue: Array<Extract<ToBlockWorker, { kind: 'compute' }>> = [];
    let busy = false;
    let terminated = false;
    const aborted = new Set<number>();
    const pump = (): void => {
      if (busy || terminated || !queue.length) return;
      const m = queue.shift()!;
      busy = true;
      log.push(`${name} starts ${m.type}`);
      if (m.type === 'stuck') return; // a synchronous loop: nothing else ever runs here
      setTimeout(() => {
        busy = false;
        if (terminated) return;
        listener(aborted.has(m.id) ? { kind: 'error', id: m.id, message: 'cancelled', code: 'aborted' } : { kind: 'result', id: m.id, values: { by: name } });
        pump();
      }, 5);
    };
    const w = workerRunner({
      post: (m) => {
        if (m.kind === 'compute') queue.push(m);
        else if (m.kind === 'abort') aborted.add(m.id);
        else if (m.kind === 'crash') setTimeout(() => error(m.reason), 0);
        pump();
      },
      onMessage: (f) => (listener = f),
      onError: (f) => (error = f),
      terminate: () => {
        terminated = true;
        log.push(`${name} terminated`);
      },
    });
    return w;
  };
}

const def = (type: string) => ({ type }) as unknown as BlockDef;
const ctx = (signal: AbortSignal): ComputeContext => ({ signal, nodeId: 'x', readText: async () => '', progress: () => {} });

describe('restartingRunner', () => {
  it('terminates a worker stuck in an aborted computation after the grace time; the next computation runs on a fresh worker', async () => {
    const log: string[] = [];
    const run = restartingRunner(fakeWorker(log), { graceMs: 50 });
    const ac = new AbortController();
    const stuck = run(def('stuck'), {}, {}, ctx(ac.signal)).catch((e: unknown) => e);
    // Queued behind the stuck one on the same worker.
    const next = run(def('quick'), {}, {}, ctx(new AbortController().signal));
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    ac.abort();
    expect(isAbort(await stuck)).toBe(true);
    expect(await next).toEqual({ by: 'w2' });
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(45);
    expect(ms).toBeLessThan(200);
    expect(log).toEqual(['w1 starts stuck', 'w1 terminated', 'w2 starts quick']);
    expect(run.restarts()).toBe(1);
  });

  it('interrupt (Stop) terminates at once; a worker that ends its aborted computation in time is kept', async () => {
    const log: string[] = [];
    const run = restartingRunner(fakeWorker(log), { graceMs: 50 });
    const ac = new AbortController();
    const stuck = run(def('stuck'), {}, {}, ctx(ac.signal)).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    ac.abort();
    expect(run.interrupt()).toBe(true);
    expect(isAbort(await stuck)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20);
    expect(run.interrupt()).toBe(false);

    // A computation that hears its abort ends as aborted without a new worker.
    const ac2 = new AbortController();
    const quick = run(def('quick'), {}, {}, ctx(ac2.signal)).catch((e: unknown) => e);
    ac2.abort();
    expect(isAbort(await quick)).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(run.restarts()).toBe(1);
    expect(log).toEqual(['w1 starts stuck', 'w1 terminated', 'w2 starts quick']);
  });

  it('a worker that dies by itself fails its computations with the reason, and the next one gets a fresh worker', async () => {
    const log: string[] = [];
    const run = restartingRunner(fakeWorker(log), { graceMs: 50 });
    const stuck = run(def('stuck'), {}, {}, ctx(new AbortController().signal)).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 5));
    run.current().fail('the simulation worker stopped (out of memory)');
    const err = await stuck;
    expect(err instanceof Error && err.message).toBe('the simulation worker stopped (out of memory)');
    expect(await run(def('quick'), {}, {}, ctx(new AbortController().signal))).toEqual({ by: 'w2' });
  });
});
