/**
 * Runs mutants in child processes ("workers") with a time limit per mutant and a heap limit
 * per process. A mutant that runs past the limit is a `hang` (its process is killed and
 * replaced); a process that dies under a mutant (uncaught error, out of memory, a V8 fatal
 * error, a signal) is a `crash`. Processes, not worker threads: a V8 fatal error aborts the
 * whole process it happens in, and each has a main thread's stack, as `neurowire run` does.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Outcome } from './run-mutant.ts';

const ENTRY = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));

export interface PoolOptions {
  /** Worker threads run at once. */
  workers: number;
  /** Wall time one mutant may take (ms) before it counts as a hang. */
  timeLimitMs: number;
  /** Heap limit of each worker process (MB, V8 old generation). */
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
      const w = fork(ENTRY, [], { execArgv: [`--max-old-space-size=${opts.heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
      // The last words of a process that dies (a V8 fatal error prints its reason there).
      let errTail = '';
      w.stderr?.on('data', (b: Buffer) => (errTail = (errTail + b.toString('utf8')).slice(-4000)));
      let current: { index: number; t0: number; timer: NodeJS.Timeout } | null = null;
      let dead = false;
      let ready = false;
      const kill = () => {
        if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      };
      const retire = (outcome: Omit<Outcome, 'ms'>) => {
        if (dead) return;
        dead = true;
        // A process that cannot even start would be replaced for ever.
        if (!ready && ++failedStarts > 3) {
          kill();
          rejectAll(new Error(`fuzz workers fail to start: ${outcome.details.join('; ')}`));
          return;
        }
        if (current) {
          clearTimeout(current.timer);
          const c = current;
          current = null;
          finish(c.index, { ...outcome, ms: performance.now() - c.t0 });
        }
        kill();
        if (next < count) start();
      };
      const feed = () => {
        if (next >= count) {
          dead = true;
          w.disconnect();
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
        w.send({ index, text });
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
      w.on('error', (e: Error) => retire({ category: 'crash', details: [`worker process error: ${e.message.slice(0, 300)}`] }));
      w.on('exit', (code, signal) => {
        if (dead) return;
        const why = [/Fatal JavaScript[^\n]*/, /FATAL ERROR[^\n]*/, /RangeError[^\n]*/, /Fatal[^\n]*/].map((r) => r.exec(errTail)?.[0]).find((x) => x);
        retire({ category: 'crash', details: [`worker process died (${signal ? `signal ${signal}` : `exit code ${code}`})${why ? `: ${why.trim().slice(0, 200)}` : ''}`] });
      });
    };
    for (let k = 0; k < Math.min(opts.workers, count); k++) start();
  });
}
