import type { ReadFile } from './files.ts';

/** Messages between the evaluator and the block worker. */
export type ToBlockWorker =
  /** `stream`: send partial results as they come (the page draws them). */
  | {
      kind: 'compute';
      id: number;
      type: string;
      inputs: unknown;
      params: unknown;
      stream?: boolean;
      /** Start after the queued computations sent before it (one at a time). */
      queued?: boolean;
      /** The files the block's file parameters name, read by the sender (files.ts). */
      files?: Record<string, ReadFile>;
    }
  | { kind: 'abort'; id: number }
  /** Die with an uncaught error (tests of the crash path: the page sees a real worker error). */
  | { kind: 'crash'; reason: string }
  /** Stay busy in a synchronous loop for `ms` (tests of Stop on a stuck worker: it never reads its messages meanwhile). */
  | { kind: 'hang'; ms: number };

export type FromBlockWorker =
  | { kind: 'progress'; id: number; fraction: number }
  /** What a streaming computation has so far, its arrays as tails after what was sent (growing.ts). */
  | { kind: 'partial'; id: number; values: unknown; from: Record<string, number> }
  | { kind: 'result'; id: number; values: unknown }
  | { kind: 'error'; id: number; message: string; code: string };
