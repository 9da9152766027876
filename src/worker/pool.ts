/**
 * A pool of block workers for the points of a sweep: a few computations at a time per member
 * (`depth`), the rest waiting here in order, members started on first need (an app that never
 * sweeps starts none), up to `size` (the machine's cores: navigator.hardwareConcurrency in the
 * page, os.availableParallelism() in the CLI, or the user's --jobs).
 *
 * Bounded per member, not spread by "fewest in flight": a sweep hands over 8 points at once,
 * and a worker given 4 interleaved their runs chunk by chunk, each run needing an engine of its
 * own (compiled, its memory allocated) and the four sharing the core's caches.
 */
import { CoreError } from '../core/errors.ts';
import type { Runner } from '../dataflow/evaluator.ts';

export type ClosableRunner = Runner & { close(): void };

export type WorkerPool = Runner & {
  close(): void;
  /** Most members. */
  readonly size: number;
  /** Members started so far. */
  started(): number;
  /** Start every member now (a graph that will sweep: their start-up overlaps the work before the sweep). */
  warm(): void;
  /** Computations waiting for a member (for tests). */
  waiting(): number;
};

type Args = Parameters<Runner>;
interface Waiting {
  args: Args;
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: unknown) => void;
  drop: () => void;
}

/**
 * `depth`: computations a member holds at once (1; 2 for members that queue them and compute
 * one at a time, so the next is there when one ends: nodeWorkerRunner({ queued: true })).
 */
export function workerPool(start: () => ClosableRunner, size: number, depth = 1): WorkerPool {
  const n = Math.max(1, Math.floor(size));
  const most = Math.max(1, Math.floor(depth));
  const members: Array<{ run: ClosableRunner; busy: number }> = [];
  const queue: Waiting[] = [];
  const free = () => {
    const idle = members.find((m) => m.busy === 0);
    if (idle) return idle;
    // Every member busy: another member before a second computation for one.
    if (members.length < n) {
      members.push({ run: start(), busy: 0 });
      return members[members.length - 1];
    }
    return members.filter((m) => m.busy < most).sort((a, b) => a.busy - b.busy)[0] ?? null;
  };
  const dispatch = (m: (typeof members)[number], w: Waiting) => {
    m.busy++;
    w.drop();
    m.run(...w.args)
      .then(w.resolve, w.reject)
      .finally(() => {
        m.busy--;
        const next = queue.shift();
        if (next) dispatch(m, next);
      });
  };
  const run: Runner = (...args) =>
    new Promise((resolve, reject) => {
      const signal = args[3].signal;
      const w: Waiting = { args, resolve, reject, drop: () => signal.removeEventListener('abort', onAbort) };
      // Cancelled while waiting: out of the queue at once (a running one is the member's to stop).
      function onAbort() {
        const i = queue.indexOf(w);
        if (i >= 0) queue.splice(i, 1);
        w.drop();
        reject(new CoreError('aborted', 'cancelled before it started'));
      }
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const m = free();
      if (m) dispatch(m, w);
      else queue.push(w);
    });
  return Object.assign(run, {
    close: () => {
      for (const m of members.splice(0)) m.run.close();
      for (const w of queue.splice(0)) {
        w.drop();
        w.reject(new CoreError('aborted', 'the worker pool was closed'));
      }
    },
    size: n,
    started: () => members.length,
    warm: () => {
      while (members.length < n) members.push({ run: start(), busy: 0 });
    },
    waiting: () => queue.length,
  });
}
