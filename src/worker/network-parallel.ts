/**
 * A point network run on several workers at once (partition.ts's scheme; network-part.ts is
 * a partition's side): partitions the network, sends each worker its partition and the shared
 * buffers of the exchange, and merges their spike trains. Falls back to one queue in this
 * thread, with a warning, where partitions cannot give the single queue's spikes (a delay-0
 * edge, the legacy noise stream, a tie at a neuron).
 */
import type { RunBudget } from '../core/budget.ts';
import { CoreError, type CoreErrorCode } from '../core/errors.ts';
import type { PointNetworkSpec } from '../core/network/network.ts';
import { mergeParts, partitionNetwork, partitionRefusal, planBuffers, type PartResult } from '../core/network/partition.ts';
import { preparePartitioned, runOnOneQueue, tieReason, type ParallelAttempt, type ParallelOutcome } from '../core/network/partition-run.ts';
import { CTL, STOP_ABORT, STOP_FAILED, STOP_TIE, type FromPart, type PartTask } from './network-part.ts';

/** A partition's worker as the run needs it (a worker_threads Worker or a Web Worker, adapted). */
export interface PartWorker {
  post(task: PartTask, transfer: ArrayBuffer[]): void;
  onMessage(f: (m: FromPart) => void): void;
  /** The worker died (uncaught error, out of memory). */
  onError(f: (message: string) => void): void;
  terminate(): void;
}

export interface ParallelRunOptions {
  /** Workers to use at most (partitions). */
  workers: number;
  /** Starts one partition's worker. */
  start: () => PartWorker;
  signal?: AbortSignal;
  budget?: Partial<RunBudget>;
  /** Fraction of the run done (0–1). */
  progress?: (fraction: number) => void;
  /** Spike slots per partition (default: 2 per neuron, at least 4096); a window firing more is exchanged in chunks (tests use a few). */
  capacity?: number;
  /**
   * 'return': where the network must run on one queue, return at once with the reason and no
   * result (the caller runs it its own way: in slices, cancellable); default: run it here.
   */
  fallback?: 'run' | 'return';
  /** Filled with each partition's wall times (ms): build, run, waiting at barriers; startMs: from the call to the end (benchmarks). */
  timings?: Array<{ part: number; buildMs: number; runMs: number; waitMs: number; startMs: number }>;
}

/** Spike slots per partition and window before a window's spikes go in several chunks. */
function slotCapacity(n: number, parts: number): number {
  return Math.max(4096, Math.ceil((2 * n) / parts));
}

/**
 * Run `spec` for tstop ms at dt (NEURON's final t) on up to `opts.workers` workers; the
 * outcome says how many partitions ran and why it fell back to one queue, if it did.
 */
export async function runNetworkParallel(spec: PointNetworkSpec, tstop: number, dt: number, opts: ParallelRunOptions & { fallback?: 'run' }): Promise<ParallelOutcome>;
export async function runNetworkParallel(spec: PointNetworkSpec, tstop: number, dt: number, opts: ParallelRunOptions): Promise<ParallelAttempt>;
export async function runNetworkParallel(spec: PointNetworkSpec, tstop: number, dt: number, opts: ParallelRunOptions): Promise<ParallelAttempt> {
  const budget = opts.budget ?? {};
  const w0 = performance.now();
  // The workers load their code (0.1–0.5 s) while this thread partitions the network; none
  // are started for a network that will not be partitioned (it is checked again below).
  const asked = Math.max(1, Math.floor(opts.workers));
  let refused: string | null = null;
  try {
    refused = partitionRefusal(spec, asked);
  } catch {
    // A network that cannot run: partitionNetwork says why, below.
  }
  const workers: PartWorker[] = refused ? [] : Array.from({ length: asked }, () => opts.start());
  const drop = () => {
    for (const w of workers.splice(0)) w.terminate();
  };
  const oneQueue = (reason: string | null): ParallelAttempt =>
    opts.fallback === 'return' ? { result: null, partitions: 1, fallback: reason ?? 'one worker asked for' } : runOnOneQueue(spec, tstop, dt, opts.signal, budget, reason);
  let cut: ReturnType<typeof partitionNetwork>;
  let prepared: ReturnType<typeof preparePartitioned>;
  try {
    cut = partitionNetwork(spec, asked);
    prepared = preparePartitioned(spec, tstop, dt, budget);
  } catch (e) {
    drop();
    throw e;
  }
  if (!('plans' in cut)) {
    drop();
    return oneQueue(asked > 1 ? cut.reason : null);
  }
  const { tFinal, stims, maxSpikes } = prepared;
  const P = cut.plans.length;
  const C = opts.capacity ?? slotCapacity(spec.names.length, P);
  const control = new SharedArrayBuffer(4 * (CTL.SLOTS + 4 * P));
  const ctl = new Int32Array(control);
  const ids: [SharedArrayBuffer, SharedArrayBuffer] = [new SharedArrayBuffer(4 * P * C), new SharedArrayBuffer(4 * P * C)];
  const times: [SharedArrayBuffer, SharedArrayBuffer] = [new SharedArrayBuffer(8 * P * C), new SharedArrayBuffer(8 * P * C)];
  const stimStart = Float64Array.from(stims, (s) => s.start);
  const stimInterval = Float64Array.from(stims, (s) => s.interval);
  const stimNumber = Float64Array.from(stims, (s) => s.number);
  const results: PartResult[] = [];
  let firstTie: { neuron: number; t: number } | null = null;
  const tell = (stop: number) => {
    Atomics.compareExchange(ctl, CTL.STOP, 0, stop);
    if (stop === STOP_FAILED) Atomics.store(ctl, CTL.STOP, STOP_FAILED);
    Atomics.notify(ctl, CTL.GEN);
  };
  const onAbort = () => tell(STOP_ABORT);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  try {
    const outcome = await new Promise<'done' | 'tie'>((resolve, reject) => {
      let ended = 0;
      let failure: Error | null = null;
      let tie = false;
      const end = () => {
        if (++ended < P) return;
        if (failure) reject(failure);
        else if (tie) resolve('tie');
        else resolve('done');
      };
      const fail = (e: Error) => {
        failure ??= e;
        tell(STOP_FAILED);
      };
      for (const plan of cut.plans) {
        const w = workers[plan.part];
        let over = false;
        const finish = () => {
          if (over) return;
          over = true;
          end();
        };
        w.onMessage((m) => {
          if (m.kind === 'progress') opts.progress?.(m.t / tFinal);
          else if (m.kind === 'done') {
            results.push(m.result);
            finish();
          } else if (m.kind === 'stopped') {
            if (m.why === STOP_TIE) tie = true;
            if (m.tie && (!firstTie || m.tie.t < firstTie.t)) firstTie = m.tie;
            else if (m.why === STOP_ABORT) failure ??= new CoreError('aborted', `run cancelled at t = ${m.t.toFixed(3)} ms`, { time: m.t });
            finish();
          } else {
            fail(m.code === 'internal' ? new Error(m.message) : new CoreError(m.code as CoreErrorCode, m.message, m.time !== undefined ? { time: m.time } : {}));
            finish();
          }
        });
        w.onError((message) => {
          fail(new Error(`a network partition's worker failed: ${message}`));
          finish();
        });
        const task: PartTask = { kind: 'part', plan, tFinal, maxSpikes, stimStart, stimInterval, stimNumber, control, ids, times, capacity: C };
        w.post(task, planBuffers(plan));
      }
    });
    if (outcome === 'tie') return oneQueue(tieReason(spec, firstTie));
    if (opts.timings) for (const r of results) opts.timings.push({ part: r.part, buildMs: r.buildMs ?? 0, runMs: r.runMs ?? 0, waitMs: r.waitMs ?? 0, startMs: performance.now() - w0 });
    const merged = mergeParts(cut.plans, results, stims.length);
    return {
      result: { spikes: merged.spikes, stimulusSpikes: merged.stimulusSpikes, tFinal, events: merged.events, wallMs: performance.now() - w0, warnings: cut.warnings },
      partitions: P,
      fallback: null,
    };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    drop();
  }
}
