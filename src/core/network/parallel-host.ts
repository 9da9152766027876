/**
 * Where the run-network block finds workers for a partitioned run: the host (the CLI, the
 * Node block worker, the app's block worker when the page is cross-origin isolated) registers
 * how many it may use and how to run on them; without a host, or with one worker, a network
 * runs on one queue as before. The core knows nothing of threads: the host brings them.
 */
import type { RunBudget } from '../budget.ts';
import type { PointNetworkSpec } from './network.ts';
import type { ParallelAttempt } from './partition-run.ts';

export interface NetworkParallelism {
  /** Workers a run may use (the CLI's --jobs, the machine's cores). */
  readonly workers: number;
  /** A partitioned run; where it must run on one queue, no result and the reason (the block then runs it its own way). */
  run(spec: PointNetworkSpec, tstop: number, dt: number, opts: { signal?: AbortSignal; progress?: (fraction: number) => void; budget?: Partial<RunBudget> }): Promise<ParallelAttempt>;
}

let host: NetworkParallelism | null = null;

/** Register (or remove, with null) the host's workers for network runs. */
export function setNetworkParallelism(p: NetworkParallelism | null): void {
  host = p;
}

/** The registered host, if any. */
export function networkParallelism(): NetworkParallelism | null {
  return host;
}

/**
 * Edges × simulated seconds from which a run goes to the workers. Measured (2-core machine,
 * IntFire4, 10 Hz noise): starting a partition's worker and building its part costs 0.1–0.7 s
 * (0.4–0.7 s from the TypeScript sources), while one queue delivers 1.5–3.5 M events/s; the
 * larva (110,677 edges, 1 s: 0.13–0.37 s on one queue) cannot gain, the generated
 * 10,000 × 1,200,000 (1 s: 1.7 s) and 25,000 × 3,000,000 (1 s: 4–10 s) networks can.
 */
export const PARALLEL_MIN_EDGE_SECONDS = 1e6;

/** Whether a run of `edges` edges for tstop ms is worth partitioning at all. */
export function worthPartitioning(edges: number, tstop: number): boolean {
  return edges * (tstop / 1000) >= PARALLEL_MIN_EDGE_SECONDS;
}

/** A host from a runner of partitioned runs (network-parallel.ts's runNetworkParallel with a worker starter). */
export function parallelHost(
  workers: number,
  run: (spec: PointNetworkSpec, tstop: number, dt: number, opts: { workers: number; fallback: 'return'; signal?: AbortSignal; progress?: (f: number) => void; budget?: Partial<RunBudget> }) => Promise<ParallelAttempt>,
): NetworkParallelism {
  return { workers, run: (spec, tstop, dt, opts) => run(spec, tstop, dt, { ...opts, workers, fallback: 'return' }) };
}
