/** A block worker in the browser: a module Web Worker bundled by Vite. */
import { workerRunner } from './runner.ts';
import type { FromBlockWorker } from './protocol-blocks.ts';

export function browserWorkerRunner() {
  const w = new Worker(new URL('./block-worker.browser.ts', import.meta.url), { type: 'module' });
  return workerRunner({
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.addEventListener('message', (ev: MessageEvent<FromBlockWorker>) => f(ev.data)),
    terminate: () => w.terminate(),
  });
}
