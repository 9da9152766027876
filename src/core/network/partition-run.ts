/**
 * A partitioned run in one thread (partition.ts's scheme, the partitions taking turns each
 * window): the reference for the worker version (src/worker/network-parallel.ts), which runs
 * the same steps with the partitions side by side, and what the tests compare with one queue.
 */
import { bytesWords, checkSpikeBudget, DEFAULT_BUDGET, type RunBudget } from '../budget.ts';
import { CoreError } from '../errors.ts';
import { countWords, neuronTime } from '../time.ts';
import type { NetStimParams } from '../events/netstim.ts';
import { PointNetwork, planStimuli, type PointNetworkResult, type PointNetworkSpec } from './network.ts';
import { mergeParts, nextWindow, PartEngine, partResult, partitionNetwork, type PartPlan } from './partition.ts';

/** A run's result and how it ran: on how many partitions, and why on one if it fell back. */
export interface ParallelOutcome {
  result: PointNetworkResult;
  /** Partitions the run used (1: one queue). */
  partitions: number;
  /** Why it ran on one queue although more were asked for (null: it did not fall back). */
  fallback: string | null;
}

/** A ParallelOutcome, or (when the caller runs one queue itself) the reason it must, without a result. */
export type ParallelAttempt = ParallelOutcome | { result: null; partitions: 1; fallback: string };

/** Spikes the NetStims fire by time t (ms) at their mean rate (PointNetwork.stimulusSpikes). */
export function plannedStimulusSpikes(stims: readonly NetStimParams[], t: number): number {
  let total = 0;
  for (const p of stims) if (t >= p.start) total += Math.min(p.number, Math.floor((t - p.start) / p.interval) + 1);
  return total;
}

/** PointNetwork.prepare's refusals, for a run that builds no PointNetwork: NEURON's final t (ms). */
export function preparePartitioned(spec: PointNetworkSpec, tstop: number, dt: number, budget: Partial<RunBudget>): { tFinal: number; stims: NetStimParams[]; maxSpikes: number } {
  if (!(tstop >= 0) || !Number.isFinite(tstop)) throw new CoreError('input', `duration must be a non-negative number of ms, got ${tstop}`);
  const { tFinal } = neuronTime(tstop, dt, budget.maxSteps);
  const stims = planStimuli(spec).stimParams;
  const planned = plannedStimulusSpikes(stims, tFinal);
  const maxSpikes = budget.maxSpikes ?? DEFAULT_BUDGET.maxSpikes;
  if (planned > maxSpikes) {
    throw new CoreError(
      'input',
      `the stimuli alone fire about ${countWords(planned)} spikes in ${tstop} ms; at most ${countWords(maxSpikes)} are kept (${bytesWords(8 * maxSpikes)}): shorten the duration or lower the stimulus frequencies`,
    );
  }
  return { tFinal, stims, maxSpikes };
}

/** The words of a fallback to one queue, for the run's warnings. */
export function fallbackWarning(reason: string): string {
  return `ran on one worker: ${reason}`;
}

/** The message of a partitioned run given up at a tie. */
export const TIE_REASON = 'a neuron received two events at the same time, whose order only one queue for the whole network knows (NEURON’s tie rule); the spikes are those of one queue';

/** TIE_REASON with where the first tie was met (neuron name, time in ms). */
export function tieReason(spec: Pick<PointNetworkSpec, 'names'>, tie: { neuron: number; t: number } | null): string {
  if (!tie) return TIE_REASON;
  return `${TIE_REASON} (first at ${tie.neuron >= 0 ? `neuron ${JSON.stringify(spec.names[tie.neuron])}` : 'a stimulus'}, t = ${tie.t} ms)`;
}

/** One queue's run, as the fallback (the warning added). */
export function runOnOneQueue(spec: PointNetworkSpec, tstop: number, dt: number, signal: AbortSignal | undefined, budget: Partial<RunBudget>, reason: string | null): ParallelOutcome {
  const result = new PointNetwork(spec).run(tstop, dt, signal, budget);
  if (reason) result.warnings = [...result.warnings, fallbackWarning(reason)];
  return { result, partitions: 1, fallback: reason };
}

/**
 * Run `spec` for tstop ms (dt sets NEURON's final t) on `parts` partitions in this thread;
 * falls back to one queue when it cannot be partitioned or at a tie (ParallelOutcome.fallback).
 */
export function runPartitionedInThread(spec: PointNetworkSpec, parts: number, tstop: number, dt = 0.025, signal?: AbortSignal, budget: Partial<RunBudget> = {}): ParallelOutcome {
  const cut = partitionNetwork(spec, parts);
  if (!('plans' in cut)) return runOnOneQueue(spec, tstop, dt, signal, budget, parts > 1 ? cut.reason : null);
  const w0 = performance.now();
  const { tFinal, stims, maxSpikes } = preparePartitioned(spec, tstop, dt, budget);
  const engines = cut.plans.map((p) => new PartEngine(p));
  for (const e of engines) e.initialize();
  const logs = engines.map((e) => e.system.log);
  let fired = 0;
  for (let til = 0; ; ) {
    if (signal?.aborted) throw new CoreError('aborted', `run cancelled at t = ${til.toFixed(3)} ms`, { time: til });
    const w = nextWindow(til, cut.plans[0].window, tFinal);
    for (const e of engines) if (!e.deliver(w.bound)) return runOnOneQueue(spec, tstop, dt, signal, budget, tieReason(spec, e.tie));
    for (const l of logs) fired += l.count;
    checkSpikeBudget(fired + plannedStimulusSpikes(stims, w.bound), w.bound, spec.names.length, maxSpikes, tFinal);
    if (w.last) break;
    for (const e of engines) e.receive(logs);
    for (const l of logs) l.count = 0;
    til = w.til;
  }
  const merged = mergeParts(cut.plans, engines.map(partResult), stims.length);
  return {
    result: { spikes: merged.spikes, stimulusSpikes: merged.stimulusSpikes, tFinal, events: merged.events, wallMs: performance.now() - w0, warnings: cut.warnings },
    partitions: cut.plans.length,
    fallback: null,
  };
}

export type { PartPlan };
