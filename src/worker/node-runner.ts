/** A block worker in Node: worker_threads; its .mjs entry registers tsx to load the TypeScript sources. */
import { Worker } from 'node:worker_threads';
import { workerRunner } from './runner.ts';
import type { FromBlockWorker } from './protocol-blocks.ts';

export function nodeWorkerRunner() {
  const w = new Worker(new URL('./block-worker.node.mjs', import.meta.url));
  w.unref();
  return workerRunner({
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.on('message', (m: FromBlockWorker) => f(m)),
    terminate: () => void w.terminate(),
    // A worker that dies (uncaught error, out of memory) fails the blocks in flight instead of leaving them pending for ever.
    onError: (f) => {
      w.on('error', (e: unknown) => f(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => f(`it exited with code ${code}`));
    },
  });
}
