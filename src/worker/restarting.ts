/**
 * A runner over one block worker at a time that never lets a stuck computation hold the others.
 *
 * A computation checks its AbortSignal only where it yields (the cable engine every ~20 ms);
 * one caught in a synchronous loop (a pre-run loop over 1e300 steps, a huge allocation) never
 * sees its 'abort' message, and everything sent to that worker after it waits forever. So an
 * aborted computation that has not ended within `graceMs` gets its worker terminated; `interrupt`
 * (the user's Stop) terminates at once. Computations still wanted on a terminated worker are sent
 * again to a fresh one, so only the abandoned work is lost. A worker that dies by itself (an
 * uncaught error, out of memory) fails what it was running with the reason, as before.
 */
import type { Runner } from '../dataflow/evaluator.ts';
import type { BlockDef, ComputeContext, Inputs, Params } from '../../nodes/types.ts';
import { CoreError } from '../core/errors.ts';
import type { WorkerRunner } from './runner.ts';

export interface RestartingOptions {
  /** How long an aborted computation may take to end before its worker is terminated (ms). Default 150. */
  graceMs?: number;
}

/** A runner that replaces a stuck or dead worker; see the module comment. */
export type RestartingRunner = Runner & {
  /** Terminate the worker now if it is computing anything; what is still wanted starts again on a fresh one. Returns true if a worker was terminated. */
  interrupt(): boolean;
  close(): void;
  /** Workers started after the first (terminated or died). */
  restarts(): number;
  /** The worker now in use (tests: make it crash). */
  current(): WorkerRunner;
};

interface Job {
  def: BlockDef;
  inputs: Inputs;
  params: Params;
  ctx: ComputeContext;
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: unknown) => void;
  /** The worker of the current attempt and the signal that aborts that attempt. */
  worker: WorkerRunner | null;
  attempt: AbortController | null;
  done: boolean;
}

export function restartingRunner(start: () => WorkerRunner, opts: RestartingOptions = {}): RestartingRunner {
  const graceMs = opts.graceMs ?? 150;
  let worker = start();
  let restarts = 0;
  /** Workers we terminated on purpose: their failures are not the user's errors. */
  const killed = new WeakSet<WorkerRunner>();
  const jobs = new Set<Job>();
  let closed = false;

  const live = (): WorkerRunner => {
    if (worker.dead) {
      worker = start();
      restarts++;
    }
    return worker;
  };

  const finish = (job: Job, ok: boolean, value: unknown): void => {
    if (job.done) return;
    job.done = true;
    jobs.delete(job);
    if (ok) job.resolve(value as Record<string, unknown>);
    else job.reject(value);
  };

  const dispatch = (job: Job): void => {
    const w = live();
    const attempt = new AbortController();
    job.worker = w;
    job.attempt = attempt;
    w(job.def, job.inputs, job.params, { ...job.ctx, signal: attempt.signal }).then(
      (v) => {
        if (job.worker === w) finish(job, true, v);
      },
      (e: unknown) => {
        // A newer attempt on a fresh worker answers for this job.
        if (job.worker !== w) return;
        if (killed.has(w)) {
          if (job.ctx.signal.aborted) finish(job, false, new CoreError('aborted', 'stopped'));
          else dispatch(job);
          return;
        }
        finish(job, false, e);
      },
    );
  };

  /** Terminate `w`; its jobs still wanted go to a fresh worker, the aborted ones end as aborted. */
  const kill = (w: WorkerRunner): void => {
    if (w.dead) return;
    killed.add(w);
    // `fail` terminates the worker and rejects what was in flight there (handled in dispatch).
    w.fail('stopped');
  };

  const run: Runner = (def, inputs, params, ctx) =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new CoreError('aborted', 'the block worker is closed'));
      if (ctx.signal.aborted) return reject(new CoreError('aborted', 'cancelled before it started'));
      const job: Job = { def, inputs, params, ctx, resolve, reject, worker: null, attempt: null, done: false };
      jobs.add(job);
      ctx.signal.addEventListener(
        'abort',
        () => {
          if (job.done) return;
          const w = job.worker;
          job.attempt?.abort();
          // A worker that yields ends the job within a slice; one that does not is stuck.
          setTimeout(() => {
            if (!job.done && job.worker === w && w) kill(w);
          }, graceMs);
        },
        { once: true },
      );
      dispatch(job);
    });

  return Object.assign(run, {
    interrupt: (): boolean => {
      const busy = [...jobs].some((j) => j.worker === worker);
      if (!busy || worker.dead) return false;
      kill(worker);
      return true;
    },
    close: () => {
      closed = true;
      worker.close();
      for (const j of [...jobs]) finish(j, false, new CoreError('aborted', 'the block worker is closed'));
    },
    restarts: () => restarts,
    current: () => live(),
  });
}
