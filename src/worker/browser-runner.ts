/**
 * Block workers in the browser: module Web Workers bundled by Vite. When a worker dies (an
 * uncaught error, out of memory) the blocks it was running fail with a message saying so, and
 * the next computation starts a fresh worker; a worker stuck in a computation that was stopped
 * or superseded is terminated and replaced (restarting.ts).
 */
import { workerRunner, type WorkerRunner } from './runner.ts';
import type { FromBlockWorker, ToBlockWorker } from './protocol-blocks.ts';
import { restartingRunner, type RestartingRunner } from './restarting.ts';

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

/**
 * A runner that restarts its worker after a crash, terminates one stuck in an aborted
 * computation (restarting.ts) and on `interrupt` (Stop); `crash` makes the worker die of an
 * uncaught error and `hang` keeps it busy in a loop (tests).
 */
export function browserWorkerRunner(): RestartingRunner & { crash(reason?: string): void; hang(ms: number): void } {
  let latest: (WorkerRunner & { worker: Worker }) | null = null;
  const runner = restartingRunner(() => (latest = startWorker()));
  return Object.assign(runner, {
    crash: (reason = 'killed') => {
      runner.current();
      latest?.worker.postMessage({ kind: 'crash', reason } satisfies ToBlockWorker);
    },
    hang: (ms: number) => {
      runner.current();
      latest?.worker.postMessage({ kind: 'hang', ms } satisfies ToBlockWorker);
    },
  });
}
