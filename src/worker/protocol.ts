import type { TutorialParams } from '../scenarios/tutorial.ts';

/** Messages between the UI and the simulation worker. */
export type ToWorker = { type: 'run'; id: number; params: TutorialParams };

export type FromWorker =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; t: Float64Array; traces: Record<string, Float64Array>; wallMs: number; sections: number; segments: number; warnings: string[] }
  | { type: 'error'; id: number; message: string };
