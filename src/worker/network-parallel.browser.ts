/**
 * Network partitions in a browser (network-parallel.ts): module Web Workers started from the
 * block worker. Only where the page is cross-origin isolated (COOP same-origin + COEP
 * require-corp: SharedArrayBuffer and Atomics.wait exist); elsewhere no host is registered
 * and a network runs on one queue, as before.
 */
import { parallelHost, setNetworkParallelism } from '../core/network/parallel-host.ts';
import { runNetworkParallel, type PartWorker } from './network-parallel.ts';
import type { FromPart } from './network-part.ts';

function startBrowserPartWorker(): PartWorker {
  const w = new Worker(new URL('./network-part.browser.ts', import.meta.url), { type: 'module' });
  return {
    post: (task, transfer) => w.postMessage(task, transfer),
    onMessage: (f) => w.addEventListener('message', (ev: MessageEvent<FromPart>) => f(ev.data)),
    onError: (f) =>
      w.addEventListener('error', (ev) => {
        ev.preventDefault();
        f(ev.message || 'uncaught error');
      }),
    terminate: () => w.terminate(),
  };
}

/** Register the browser's workers for network runs when the page can share memory with them (at most `cores`). */
export function registerBrowserNetworkParallelism(scope: { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } }): number {
  const cores = Math.max(1, Math.min(16, scope.navigator?.hardwareConcurrency ?? 1));
  if (!scope.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined' || cores < 2) return 1;
  setNetworkParallelism(parallelHost(cores, (spec, tstop, dt, opts) => runNetworkParallel(spec, tstop, dt, { ...opts, start: startBrowserPartWorker })));
  return cores;
}
