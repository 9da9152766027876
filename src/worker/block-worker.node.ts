/** The block worker in Node (worker_threads). */
import { parentPort, workerData } from 'node:worker_threads';
import { setNetworkParallelism } from '../core/network/parallel-host.ts';
import { nodeNetworkParallelism } from './network-parallel.node.ts';
import { blockTaskHandler } from './block-task.ts';
import type { ToBlockWorker } from './protocol-blocks.ts';

const port = parentPort!;
// Big network runs partitioned onto worker threads of their own (the CLI's --jobs; sweep members get 1).
const jobs = Number((workerData as { networkJobs?: number } | null)?.networkJobs ?? 1);
if (jobs > 1) setNetworkParallelism(nodeNetworkParallelism(jobs));
const handle = blockTaskHandler((m, transfer) => port.postMessage(m, transfer));
port.on('message', (m: ToBlockWorker) => handle(m));
