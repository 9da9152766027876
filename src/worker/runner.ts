/**
 * The evaluator's side of the block worker: a Runner that sends a heavy block to a worker and
 * resolves with its result; the compute's AbortSignal sends an 'abort' that interrupts it.
 */
import type { Runner } from '../dataflow/evaluator.ts';
import { CoreError } from '../core/errors.ts';
import type { FromBlockWorker, ToBlockWorker } from './protocol-blocks.ts';
import { decodeValue, encodeValue } from './transfer.ts';
import { GrowingReceiver } from './growing.ts';
import { prereadFiles, type ReadFile } from './files.ts';

/** What the runner needs of a worker (a Web Worker or a worker_threads Worker, adapted). */
export interface WorkerPort {
  post(m: ToBlockWorker): void;
  onMessage(f: (m: FromBlockWorker) => void): void;
  terminate(): void;
  /** The worker died (an uncaught error, out of memory): the runner fails what was in flight. */
  onError?(f: (message: string) => void): void;
}

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
  progress: (f: number) => void;
  partial: ((v: Record<string, unknown>) => void) | undefined;
  /** The streamed value's arrays so far (null: the compute was not asked to stream). */
  growing: GrowingReceiver | null;
  /** The newest partial value not yet handed on, and whether handing it on is scheduled. */
  latest: Record<string, unknown> | null;
  scheduled: boolean;
}

/** A runner bound to one worker; `dead` once that worker failed or was closed. */
export type WorkerRunner = Runner & { close(): void; fail(message: string): void; readonly dead: boolean };

/**
 * `queued`: the worker computes what this runner sends one at a time, in order (a sweep's pool
 * member, sent its next point while it computes one); else side by side, as they come.
 */
export function workerRunner(port: WorkerPort, opts: { queued?: boolean } = {}): WorkerRunner {
  let next = 1;
  let dead = false;
  const pending = new Map<number, Pending>();
  port.onMessage((m) => {
    const p = pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') p.progress(m.fraction);
    else if (m.kind === 'partial') {
      if (!p.growing) return;
      p.latest = p.growing.decode(m);
      // Messages that queued up while the page was busy are merged: only the latest is handed on, once.
      if (!p.scheduled) {
        p.scheduled = true;
        setTimeout(() => {
          p.scheduled = false;
          const v = p.latest;
          p.latest = null;
          if (v && pending.get(m.id) === p) p.partial?.(v);
        }, 0);
      }
    } else {
      pending.delete(m.id);
      if (m.kind === 'result') {
        // A result that cannot be decoded still settles the block, with the reason.
        let v: Record<string, unknown>;
        try {
          v = decodeValue(m.values) as Record<string, unknown>;
        } catch (e) {
          p.reject(new CoreError('model', `the result from the worker could not be read: ${e instanceof Error ? e.message : String(e)}`));
          return;
        }
        p.resolve(v);
      } else p.reject(new CoreError(m.code === 'aborted' ? 'aborted' : 'model', m.message));
    }
  });
  const run: Runner = (def, inputs, params, ctx) => {
    // A block with file parameters gets their bytes with it (the worker cannot read them); any
    // other is sent at once.
    if (!def.params?.some((p) => p.kind === 'file')) return send(def, inputs, params, ctx, undefined);
    return prereadFiles(def, params, ctx).then((files) => {
      if (ctx.signal.aborted) throw new CoreError('aborted', 'cancelled');
      return send(def, inputs, params, ctx, files);
    });
  };
  const send = (def: Parameters<Runner>[0], inputs: Parameters<Runner>[1], params: Parameters<Runner>[2], ctx: Parameters<Runner>[3], files: Record<string, ReadFile> | undefined) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = next++;
      const stream = ctx.partial !== undefined;
      pending.set(id, { resolve, reject, progress: ctx.progress, partial: ctx.partial, growing: stream ? new GrowingReceiver() : null, latest: null, scheduled: false });
      ctx.signal.addEventListener('abort', () => port.post({ kind: 'abort', id }), { once: true });
      port.post({ kind: 'compute', id, type: def.type, inputs: encodeValue(inputs, { pack: true }), params, ...(stream ? { stream } : {}), ...(opts.queued ? { queued: true } : {}), ...(files ? { files } : {}) });
    });
  const fail = (message: string) => {
    if (dead) return;
    dead = true;
    port.terminate();
    for (const p of pending.values()) p.reject(new CoreError('model', message));
    pending.clear();
  };
  port.onError?.((m) => fail(`the simulation worker stopped (${m}); a new one starts with the next run (press Re-run)`));
  const runner = Object.assign(run, {
    close: () => {
      dead = true;
      port.terminate();
    },
    fail,
  });
  // A live getter (Object.assign would copy its value once).
  return Object.defineProperty(runner, 'dead', { get: () => dead, enumerable: true }) as WorkerRunner;
}
