/**
 * A fuzz worker thread: takes mutants one at a time ({ index, text }), runs each through
 * runMutant and posts { index, outcome }. The pool (pool.ts) times each mutant and ends this
 * thread when one runs too long or memory runs out.
 */
import { parentPort } from 'node:worker_threads';
import { runMutant } from './run-mutant.ts';

if (!parentPort) throw new Error('fuzz-worker.ts runs as a worker thread');
const port = parentPort;
port.on('message', (m: { index: number; text: string }) => {
  void runMutant(m.text).then((outcome) => port.postMessage({ index: m.index, outcome }));
});
port.postMessage({ ready: true });
