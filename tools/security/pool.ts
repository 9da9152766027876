/**
 * Runs mutants in child processes ("workers") with a time limit per mutant and a heap limit
 * per process. A mutant that runs past the limit is a `hang` (its process is killed and
 * replaced); a process that dies under a mutant (uncaught error, out of memory, a V8 fatal
 * error, a signal) is a `crash`. Processes, not worker threads: a V8 fatal error aborts the
 * whole process it happens in, and each has a main thread's stack, as `neurowire run` does.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Outcome } from './run-mutant.ts';

const ENTRY = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));

/** A mutant may take this many times its time limit in wall time when the machine is busy. */
const WALL_FACTOR = 4;

/** CPU time (s, user + system, all threads) a process has used, from /proc; null where there is none. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state: utime is the 12th, stime the 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every common platform. */
const CLOCK_TICKS = 100;

export interface PoolOptions {
  /** Worker threads run at once. */
  workers: number;
  /** CPU time one mutant may take (ms) before it counts as a hang (wall time without /proc; at most 4× in wall time). */
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
        const cpu0 = cpuSeconds(w.pid);
        // The limit is on the mutant's CPU time where Linux tells it (a loaded machine slows
        // a legitimate run down, it does not make it a hang), on wall time otherwise, and
        // never more than WALL_FACTOR times the limit in wall time.
        const check = () => {
          if (!current || current.index !== index) return;
          const wall = performance.now() - t0;
          const cpu = cpu0 === null ? null : (cpuSeconds(w.pid) ?? cpu0) - cpu0;
          const limit = opts.timeLimitMs / 1000;
          if (cpu !== null && cpu < limit && wall < WALL_FACTOR * opts.timeLimitMs) {
            current.timer = setTimeout(check, Math.max(500, (limit - cpu) * 1000));
            return;
          }
          retire({ category: 'hang', details: [`still running after ${(wall / 1000).toFixed(0)} s${cpu !== null ? ` (${cpu.toFixed(0)} s of CPU)` : ''}`] });
        };
        current = { index, t0, timer: setTimeout(check, opts.timeLimitMs) };
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
