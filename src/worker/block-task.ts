/**
 * The worker side: compute a block (looked up in the catalogue) on decoded inputs, with an
 * AbortSignal that an 'abort' message fires, progress messages, and the result's buffers
 * transferred back.
 */
import { blockDef } from '../../nodes/index.ts';
import type { Inputs, Params } from '../../nodes/types.ts';
import { CoreError } from '../core/errors.ts';
import type { FromBlockWorker, ToBlockWorker } from './protocol-blocks.ts';
import { decodeValue, encodeValue, transferables } from './transfer.ts';
import { GrowingSender } from './growing.ts';
import { filesReader } from './files.ts';

export function blockTaskHandler(post: (m: FromBlockWorker, transfer: ArrayBuffer[]) => void): (m: ToBlockWorker) => void {
  const running = new Map<number, AbortController>();
  // The end of the last queued computation: a queued one starts after it (a pool member is sent
  // its next point while it computes one, so that it never waits for the main thread).
  let queue: Promise<unknown> = Promise.resolve();
  return (m) => {
    if (m.kind === 'abort') {
      running.get(m.id)?.abort();
      return;
    }
    if (m.kind === 'crash') {
      // Thrown outside any handler, as a real fault would be: the worker's owner gets 'error'.
      setTimeout(() => {
        throw new Error(m.reason);
      }, 0);
      return;
    }
    if (m.kind === 'hang') {
      // As a computation caught in a loop would: no message is read until it ends.
      const end = performance.now() + m.ms;
      while (performance.now() < end) {
        /* busy */
      }
      return;
    }
    const ac = new AbortController();
    running.set(m.id, ac);
    const def = blockDef(m.type);
    const growing = m.stream ? new GrowingSender() : null;
    const work = async () => {
      if (!def) throw new CoreError('input', `unknown block type "${m.type}"`);
      return def.compute(decodeValue(m.inputs) as Inputs, m.params as Params, {
        signal: ac.signal,
        nodeId: String(m.id),
        progress: (fraction) => post({ kind: 'progress', id: m.id, fraction }, []),
        // Only when the page listens: then only the samples not sent before travel.
        partial: growing
          ? (values) => {
              if (ac.signal.aborted) return;
              const g = growing.encode(values);
              post({ kind: 'partial', id: m.id, values: g.values, from: g.from }, g.transfer);
            }
          : undefined,
        ...filesReader(m.files),
      });
    };
    const started = m.queued ? queue.then(work) : work();
    if (m.queued) queue = started.catch(() => undefined);
    started.then(
      (values) => {
        running.delete(m.id);
        // Lists of arrays packed into one buffer each; the result's buffers are moved, not copied (the worker keeps none of them).
        const enc = encodeValue(values, { pack: true });
        try {
          post({ kind: 'result', id: m.id, values: enc }, transferables(enc));
        } catch (e) {
          // A result that cannot be sent (e.g. it holds a buffer already handed over) must
          // still end the computation, with the reason, rather than leave it running forever.
          post({ kind: 'error', id: m.id, message: `the result could not be sent back from the worker: ${e instanceof Error ? e.message : String(e)}`, code: 'internal' }, []);
        }
      },
      (e: unknown) => {
        running.delete(m.id);
        post({ kind: 'error', id: m.id, message: e instanceof Error ? e.message : String(e), code: e instanceof CoreError ? e.code : 'internal' }, []);
      },
    );
  };
}
