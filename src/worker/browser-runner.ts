/**
 * Block workers in the browser: module Web Workers bundled by Vite. When a worker dies (an
 * uncaught error, out of memory) the blocks it was running fail with a message saying so, and
 * the next computation starts a fresh worker.
 */
import type { Runner } from '../dataflow/evaluator.ts';
import { workerRunner, type WorkerRunner } from './runner.ts';
import type { FromBlockWorker, ToBlockWorker } from './protocol-blocks.ts';

function startWorker(): WorkerRunner & { worker: Worker } {
  const w = new Worker(new URL('./block-worker.browser.ts', import.meta.url), { type: 'module' });
  const runner = workerRunner({
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.addEventListener('message', (ev: MessageEvent<FromBlockWorker>) => f(ev.data)),
    terminate: () => w.terminate(),
    onError: (f) =>
      w.addEventListener('error', (ev) => {
        ev.preventDefault();
        f(ev.message || 'uncaught error');
      }),
  });
  return Object.assign(runner, { worker: w });
}

/** A runner that restarts its worker after a crash; `crash` makes the worker die of an uncaught error (tests). */
export function browserWorkerRunner(): Runner & { close(): void; crash(reason?: string): void; restarts: () => number } {
  let current = startWorker();
  let restarts = 0;
  const run: Runner = (def, inputs, params, ctx) => {
    if (current.dead) {
      current = startWorker();
      restarts++;
    }
    return current(def, inputs, params, ctx);
  };
  return Object.assign(run, {
    close: () => current.close(),
    crash: (reason = 'killed') => current.worker.postMessage({ kind: 'crash', reason } satisfies ToBlockWorker),
    restarts: () => restarts,
  });
}
