/**
 * Runs mutants in worker threads with a time limit per mutant and a heap limit per worker.
 * A mutant that runs past the limit is a `hang` (its worker is terminated and replaced); a
 * worker that dies under a mutant (uncaught error, out of memory, stack) is a `crash`.
 */
import { Worker } from 'node:worker_threads';
import type { Outcome } from './run-mutant.ts';

export interface PoolOptions {
  /** Worker threads run at once. */
  workers: number;
  /** Wall time one mutant may take (ms) before it counts as a hang. */
  timeLimitMs: number;
  /** Heap limit of each worker (MB, V8 old generation). */
  heapMb: number;
}

type FromWorker = { ready: true } | { index: number; outcome: Outcome };

/**
 * Evaluate mutants 0…count−1, made on demand by `make` (so only the ones in flight are in
 * memory); `done` gets each outcome as it arrives. Resolves when all are done.
 */
export async function runPool(count: number, make: (index: number) => string, done: (index: number, outcome: Outcome) => void, opts: PoolOptions): Promise<void> {
  let next = 0;
  let finished = 0;
  let failedStarts = 0;
  if (count === 0) return;
  await new Promise<void>((resolveAll, rejectAll) => {
    const finish = (index: number, outcome: Outcome) => {
      done(index, outcome);
      if (++finished === count) resolveAll();
    };
    const start = () => {
      const w = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
        // The stack of a main thread (~1 MB, what the CLI has), not a worker's default 4 MB: a deep recursion that kills `neurowire run` must fail here too.
        resourceLimits: { maxOldGenerationSizeMb: opts.heapMb, stackSizeMb: 1 },
        stdout: true,
        stderr: true,
      });
      // Blocks may print; nobody reads it.
      w.stdout.resume();
      w.stderr.resume();
      let current: { index: number; t0: number; timer: NodeJS.Timeout } | null = null;
      let dead = false;
      let ready = false;
      const retire = (outcome: Omit<Outcome, 'ms'>) => {
        if (dead) return;
        dead = true;
        // A worker that cannot even start would be replaced for ever.
        if (!ready && ++failedStarts > 3) {
          void w.terminate();
          rejectAll(new Error(`fuzz workers fail to start: ${outcome.details.join('; ')}`));
          return;
        }
        if (current) {
          clearTimeout(current.timer);
          const c = current;
          current = null;
          finish(c.index, { ...outcome, ms: performance.now() - c.t0 });
        }
        void w.terminate();
        if (next < count) start();
      };
      const feed = () => {
        if (next >= count) {
          void w.terminate();
          dead = true;
          return;
        }
        const index = next++;
        let text: string;
        try {
          text = make(index);
        } catch (e) {
          finish(index, { category: 'crash', details: [`the mutator failed: ${e instanceof Error ? e.message : String(e)}`], ms: 0 });
          feed();
          return;
        }
        const t0 = performance.now();
        const timer = setTimeout(() => retire({ category: 'hang', details: [`still running after ${opts.timeLimitMs / 1000} s`] }), opts.timeLimitMs);
        current = { index, t0, timer };
        w.postMessage({ index, text });
      };
      w.on('message', (m: FromWorker) => {
        if ('ready' in m) {
          ready = true;
          return feed();
        }
        if (!current || m.index !== current.index) return;
        clearTimeout(current.timer);
        current = null;
        finish(m.index, m.outcome);
        feed();
      });
      w.on('error', (e: Error & { code?: string }) => {
        const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
        retire({ category: 'crash', details: [oom ? `out of memory (heap limit ${opts.heapMb} MB)` : `worker died: ${e.name}: ${e.message.slice(0, 300)}`] });
      });
      w.on('exit', (code) => {
        if (!dead) retire({ category: 'crash', details: [`worker exited with code ${code}`] });
      });
    };
    for (let k = 0; k < Math.min(opts.workers, count); k++) start();
  });
}
