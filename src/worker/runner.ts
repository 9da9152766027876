/**
 * The evaluator's side of the block worker: a Runner that sends a heavy block to a worker and
 * resolves with its result; the compute's AbortSignal sends an 'abort' that interrupts it.
 */
import type { Runner } from '../dataflow/evaluator.ts';
import { CoreError } from '../core/errors.ts';
import type { FromBlockWorker, ToBlockWorker } from './protocol-blocks.ts';
import { decodeValue, encodeValue } from './transfer.ts';

/** What the runner needs of a worker (a Web Worker or a worker_threads Worker, adapted). */
export interface WorkerPort {
  post(m: ToBlockWorker): void;
  onMessage(f: (m: FromBlockWorker) => void): void;
  terminate(): void;
}

export function workerRunner(port: WorkerPort): Runner & { close(): void } {
  let next = 1;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void; progress: (f: number) => void }>();
  port.onMessage((m) => {
    const p = pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') p.progress(m.fraction);
    else {
      pending.delete(m.id);
      if (m.kind === 'result') p.resolve(decodeValue(m.values) as Record<string, unknown>);
      else p.reject(new CoreError(m.code === 'aborted' ? 'aborted' : 'model', m.message));
    }
  });
  const run: Runner = (def, inputs, params, ctx) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject, progress: ctx.progress });
      ctx.signal.addEventListener('abort', () => port.post({ kind: 'abort', id }), { once: true });
      port.post({ kind: 'compute', id, type: def.type, inputs: encodeValue(inputs), params });
    });
  return Object.assign(run, { close: () => port.terminate() });
}
