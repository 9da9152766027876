/** The block worker in Node (worker_threads). */
import { parentPort } from 'node:worker_threads';
import { blockTaskHandler } from './block-task.ts';
import type { ToBlockWorker } from './protocol-blocks.ts';

const port = parentPort!;
const handle = blockTaskHandler((m, transfer) => port.postMessage(m, transfer));
port.on('message', (m: ToBlockWorker) => handle(m));
