/** Network partitions on worker_threads (network-parallel.ts): the Node starter of a partition's worker. */
import { Worker } from 'node:worker_threads';
import { parallelHost, type NetworkParallelism } from '../core/network/parallel-host.ts';
import { runNetworkParallel, type PartWorker } from './network-parallel.ts';
import type { FromPart } from './network-part.ts';

/** A partition's worker thread; its .mjs entry registers tsx for the sources (the CLI bundle has its own). */
export function startNodePartWorker(): PartWorker {
  const w = new Worker(new URL('./network-part.node.mjs', import.meta.url));
  return {
    post: (task, transfer) => w.postMessage(task, transfer),
    onMessage: (f) => w.on('message', (m: FromPart) => f(m)),
    onError: (f) => {
      w.on('error', (e: unknown) => f(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => {
        if (code !== 0) f(`it exited with code ${code}`);
      });
    },
    terminate: () => void w.terminate(),
  };
}

/** The Node host of partitioned network runs (parallel-host.ts): up to `workers` worker threads. */
export function nodeNetworkParallelism(workers: number): NetworkParallelism {
  return parallelHost(workers, (spec, tstop, dt, opts) => runNetworkParallel(spec, tstop, dt, { ...opts, start: startNodePartWorker }));
}
