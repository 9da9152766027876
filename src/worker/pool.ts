/**
 * A pool of block workers for the points of a sweep: each computation goes to the member with
 * the fewest in flight, members are started on first need (an app that never sweeps starts
 * none), up to `size` (the machine's cores: navigator.hardwareConcurrency in the page,
 * os.availableParallelism() in the CLI, or the user's --jobs).
 */
import type { Runner } from '../dataflow/evaluator.ts';

export type ClosableRunner = Runner & { close(): void };

export type WorkerPool = Runner & {
  close(): void;
  /** Most members. */
  readonly size: number;
  /** Members started so far. */
  started(): number;
};

export function workerPool(start: () => ClosableRunner, size: number): WorkerPool {
  const n = Math.max(1, Math.floor(size));
  const members: Array<{ run: ClosableRunner; busy: number }> = [];
  const pick = () => {
    let best = members.reduce<(typeof members)[number] | null>((b, m) => (!b || m.busy < b.busy ? m : b), null);
    if ((!best || best.busy > 0) && members.length < n) {
      best = { run: start(), busy: 0 };
      members.push(best);
    }
    return best!;
  };
  const run: Runner = async (def, inputs, params, ctx) => {
    const m = pick();
    m.busy++;
    try {
      return await m.run(def, inputs, params, ctx);
    } finally {
      m.busy--;
    }
  };
  return Object.assign(run, {
    close: () => {
      for (const m of members.splice(0)) m.run.close();
    },
    size: n,
    started: () => members.length,
  });
}
