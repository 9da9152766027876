/** A network partition's worker in Node (worker_threads): network-part.ts. */
import { parentPort } from 'node:worker_threads';
import { partTaskHandler, type PartTask } from './network-part.ts';

const port = parentPort!;
const handle = partTaskHandler((m, transfer) => port.postMessage(m, transfer));
port.on('message', (task: PartTask) => handle(task));
