/// <reference lib="webworker" />
/** The block worker in a browser (a module Web Worker). */
import { blockTaskHandler } from './block-task.ts';
import type { ToBlockWorker } from './protocol-blocks.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = blockTaskHandler((m, transfer) => scope.postMessage(m, transfer));
scope.onmessage = (ev: MessageEvent<ToBlockWorker>) => handle(ev.data);
