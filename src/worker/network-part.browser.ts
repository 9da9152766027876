/// <reference lib="webworker" />
/** A network partition's worker in a browser (a module Web Worker started by a block worker): network-part.ts. */
import { partTaskHandler, type PartTask } from './network-part.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = partTaskHandler((m, transfer) => scope.postMessage(m, transfer));
scope.onmessage = (ev: MessageEvent<PartTask>) => handle(ev.data);
