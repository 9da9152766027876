/** Messages between the evaluator and the block worker. */
export type ToBlockWorker = { kind: 'compute'; id: number; type: string; inputs: unknown; params: unknown } | { kind: 'abort'; id: number };

export type FromBlockWorker =
  | { kind: 'progress'; id: number; fraction: number }
  | { kind: 'result'; id: number; values: unknown }
  | { kind: 'error'; id: number; message: string; code: string };
