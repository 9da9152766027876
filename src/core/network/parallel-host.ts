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
 * Edges × simulated seconds from which a run goes to the workers. Measured on this 2-core
 * machine (IntFire4, 10 Hz Poisson noise, delay 5 ms, 1 s; bench/network-parallel.ts): the
 * generated 25,000 × 3,000,000 network ran in 2.0 s on one queue and 1.35 s per partition on
 * two (2.0 s end to end with partitioning, worker start from the TypeScript sources and
 * building: 1.12×, same spikes); the 10,000 × 1,200,000 one (0.75 s on one queue) lost
 * (1.9 s) while another process held a core; the larva (110,677 edges, 0.13–0.37 s) cannot
 * gain. So: from 2,000,000 (the 25k network for 0.7 s, the 10k one for 1.7 s).
 */
export const PARALLEL_MIN_EDGE_SECONDS = 2e6;

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
