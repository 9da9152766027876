/**
 * A fuzz child process: takes mutants one at a time ({ index, text }) over IPC, runs each
 * through runMutant and sends back { index, outcome }. The pool (pool.ts) times each mutant
 * and ends this process when one runs too long; a process (not a worker thread) so that a V8
 * fatal error (an array grown past V8's limit aborts the whole process) kills only this one.
 */
import { runMutant } from './run-mutant.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('fuzz-worker.ts runs as a child process with an IPC channel (pool.ts)');
process.on('message', (m: { index: number; text: string }) => {
  void runMutant(m.text).then((outcome) => send({ index: m.index, outcome }));
});
send({ ready: true });
