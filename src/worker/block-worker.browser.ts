/// <reference lib="webworker" />
/** The block worker in a browser (a module Web Worker). */
import { blockTaskHandler } from './block-task.ts';
import type { ToBlockWorker } from './protocol-blocks.ts';
import { registerBrowserNetworkParallelism } from './network-parallel.browser.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Big network runs on every core when the page is cross-origin isolated (vite.config.ts's headers; README for static hosts).
registerBrowserNetworkParallelism(scope);
const handle = blockTaskHandler((m, transfer) => scope.postMessage(m, transfer));
scope.onmessage = (ev: MessageEvent<ToBlockWorker>) => handle(ev.data);
