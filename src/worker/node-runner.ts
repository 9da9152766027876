/** A block worker in Node: worker_threads; its .mjs entry registers tsx to load the TypeScript sources. */
import { Worker } from 'node:worker_threads';
import { workerRunner } from './runner.ts';
import type { FromBlockWorker } from './protocol-blocks.ts';

/**
 * `queued`: computations run one at a time in the worker, in the order sent (see workerRunner).
 * `networkJobs`: worker threads a network run in this worker may partition onto (1: none).
 */
export function nodeWorkerRunner(opts: { queued?: boolean; networkJobs?: number } = {}) {
  const w = new Worker(new URL('./block-worker.node.mjs', import.meta.url), { workerData: { networkJobs: opts.networkJobs ?? 1 } });
  // The worker keeps the process alive only while a block computes in it: an idle worker must
  // not keep a finished command, or one whose evaluation can no longer settle, running for ever.
  // (A 'message' listener refs the worker again, so unref() after them, and count in-flight work.)
  let inFlight = 0;
  const busy = (delta: number) => {
    inFlight = Math.max(0, inFlight + delta);
    if (inFlight > 0) w.ref();
    else w.unref();
  };
  const runner = workerRunner({
    post: (m) => {
      if (m.kind === 'compute') busy(+1);
      w.postMessage(m);
    },
    onMessage: (f) =>
      w.on('message', (m: FromBlockWorker) => {
        if (m.kind === 'result' || m.kind === 'error') busy(-1);
        f(m);
      }),
    terminate: () => void w.terminate(),
    // A worker that dies (uncaught error, out of memory) fails the blocks in flight instead of leaving them pending for ever.
    onError: (f) => {
      w.on('error', (e: unknown) => f(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => f(`it exited with code ${code}`));
    },
  }, opts);
  w.unref();
  return runner;
}
