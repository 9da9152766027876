/**
 * One partition of a parallel network run, in its worker (Node worker_threads or a Web
 * Worker): partition-run.ts's loop, the partitions side by side. Each window it delivers its
 * own events, writes its window's spikes to its slot of a SharedArrayBuffer, meets the others
 * at a barrier (Atomics.wait), reads every slot and queues those spikes' events. Decisions
 * every partition must take together (stop: a tie, a cancel, a failed partner) are made by
 * the last to reach the barrier and read by all after it, so all stop at the same window.
 */
import { checkSpikeBudget } from '../core/budget.ts';
import { CoreError } from '../core/errors.ts';
import type { NetStimParams } from '../core/events/netstim.ts';
import { nextWindow, PartEngine, partResult, planBuffers, type PartPlan, type PartResult } from '../core/network/partition.ts';
import { plannedStimulusSpikes } from '../core/network/partition-run.ts';

/** Int32 slots of the control array. */
export const CTL = {
  /** Partitions arrived at the barrier. */
  ARRIVED: 0,
  /** Barrier generation (waited on). */
  GEN: 1,
  /** Requested stop: 0 none, STOP_ABORT (the run was cancelled), STOP_TIE, STOP_FAILED (a partition died). */
  STOP: 2,
  /** The stop the last arrival read: what every partition acts on after the barrier. */
  DECIDED: 3,
  /** Per window parity q and partition p: spikes in its slot (4 + 2(qP + p)), more to come (the next one). */
  SLOTS: 4,
} as const;
export const STOP_ABORT = 1;
export const STOP_TIE = 2;
export const STOP_FAILED = 3;

/** Everything a partition's worker is sent. */
export interface PartTask {
  kind: 'part';
  plan: PartPlan;
  tFinal: number;
  maxSpikes: number;
  /** Every NetStim's start, interval and number (the spike budget counts their planned spikes). */
  stimStart: Float64Array;
  stimInterval: Float64Array;
  stimNumber: Float64Array;
  /** Control (Int32, CTL) and the spike slots: two buffers (window parity), each P slots of `capacity` ids (Int32) then times (Float64). */
  control: SharedArrayBuffer;
  ids: [SharedArrayBuffer, SharedArrayBuffer];
  times: [SharedArrayBuffer, SharedArrayBuffer];
  capacity: number;
}

export type FromPart =
  | { kind: 'done'; result: PartResult }
  | { kind: 'stopped'; why: number; t: number; tie: { neuron: number; t: number } | null }
  | { kind: 'progress'; t: number }
  | { kind: 'error'; message: string; code: string; time?: number };

/** Loads of the barrier's generation before sleeping on it (tens of microseconds). */
const SPIN = 20000;

/** How long a barrier wait sleeps before looking whether a partner died (ms). */
const POLL_MS = 1000;

/** Wall time (ms) spent waiting at barriers in this worker's current run. */
let waited = 0;

/** Meet every partition; returns the decided stop (0: go on). */
function barrier(ctl: Int32Array, parts: number): number {
  const w0 = performance.now();
  try {
    return meet(ctl, parts);
  } finally {
    waited += performance.now() - w0;
  }
}

function meet(ctl: Int32Array, parts: number): number {
  const gen = Atomics.load(ctl, CTL.GEN);
  if (Atomics.add(ctl, CTL.ARRIVED, 1) === parts - 1) {
    Atomics.store(ctl, CTL.ARRIVED, 0);
    Atomics.store(ctl, CTL.DECIDED, Atomics.load(ctl, CTL.STOP));
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
  } else {
    // A short spin first: a partner a few microseconds behind is met without a sleep and wake-up.
    for (let k = 0; k < SPIN && Atomics.load(ctl, CTL.GEN) === gen; k++);
    while (Atomics.load(ctl, CTL.GEN) === gen) {
      Atomics.wait(ctl, CTL.GEN, gen, POLL_MS);
      // A partner that died never arrives: stop without it (its owner set STOP_FAILED).
      if (Atomics.load(ctl, CTL.STOP) === STOP_FAILED) return STOP_FAILED;
    }
  }
  return Atomics.load(ctl, CTL.DECIDED);
}

/** Run one partition to the end; the messages it posts (progress, then done or stopped). Throws what the run throws. */
export function runPart(task: PartTask, post: (m: FromPart, transfer: ArrayBuffer[]) => void): void {
  const { plan, tFinal } = task;
  const P = plan.parts;
  const me = plan.part;
  const ctl = new Int32Array(task.control);
  const C = task.capacity;
  const idSlots = task.ids.map((b) => new Int32Array(b));
  const timeSlots = task.times.map((b) => new Float64Array(b));
  const stims: NetStimParams[] = Array.from(task.stimStart, (start, k) => ({ start, interval: task.stimInterval[k], number: task.stimNumber[k], noise: 0 }));
  const b0 = performance.now();
  const engine = new PartEngine(plan);
  engine.initialize();
  const r0 = performance.now();
  waited = 0;
  const log = engine.system.log;
  const views: Array<{ ids: Int32Array<ArrayBufferLike>; times: Float64Array<ArrayBufferLike>; count: number }> = Array.from({ length: P }, () => ({ ids: new Int32Array(0), times: new Float64Array(0), count: 0 }));
  let fired = 0;
  let parity = 0;
  let lastProgress = performance.now();
  const stop = (why: number, t: number) => post({ kind: 'stopped', why, t, tie: engine.tie }, []);
  for (let til = 0; ; ) {
    const w = nextWindow(til, plan.window, tFinal);
    if (!engine.deliver(w.bound)) Atomics.store(ctl, CTL.STOP, STOP_TIE);
    if (w.last) {
      // Every partition ends here; a tie in the last window still voids the run.
      const why = barrier(ctl, P);
      if (why) return stop(why, w.bound);
      break;
    }
    // The window's spikes, in chunks of the slot's capacity (one chunk unless a window fires more).
    const ids = idSlots[parity];
    const times = timeSlots[parity];
    for (let from = 0; ; ) {
      const k = Math.min(C, log.count - from);
      ids.set(log.ids.subarray(from, from + k), me * C);
      times.set(log.times.subarray(from, from + k), me * C);
      // Counts by parity too: a partition may write the next window's while a slower one still reads these.
      const slot = CTL.SLOTS + 2 * (parity * P + me);
      Atomics.store(ctl, slot, k);
      Atomics.store(ctl, slot + 1, from + k < log.count ? 1 : 0);
      const why = barrier(ctl, P);
      if (why) return stop(why, w.bound);
      let more = false;
      for (let p = 0; p < P; p++) {
        const v = views[p];
        const slot = CTL.SLOTS + 2 * (parity * P + p);
        v.count = Atomics.load(ctl, slot);
        v.ids = ids.subarray(p * C, p * C + v.count);
        v.times = times.subarray(p * C, p * C + v.count);
        fired += v.count;
        if (Atomics.load(ctl, slot + 1)) more = true;
      }
      engine.receive(views);
      if (!more) break;
      // Everyone has read this chunk before anyone writes the next into the same slots.
      const again = barrier(ctl, P);
      if (again) return stop(again, w.bound);
      from += k;
    }
    log.count = 0;
    parity ^= 1;
    // Every partition counts the same spikes, so all refuse a runaway network at the same window.
    checkSpikeBudget(fired + plannedStimulusSpikes(stims, w.bound), w.bound, plan.n, task.maxSpikes, tFinal);
    if (me === 0 && performance.now() - lastProgress > 100) {
      lastProgress = performance.now();
      post({ kind: 'progress', t: w.bound }, []);
    }
    til = w.til;
  }
  const result = partResult(engine);
  result.buildMs = r0 - b0;
  result.runMs = performance.now() - r0;
  result.waitMs = waited;
  post({ kind: 'done', result }, [result.spikes.buffer as ArrayBuffer, result.offsets.buffer as ArrayBuffer, result.stimSpikes.buffer as ArrayBuffer, result.stimOffsets.buffer as ArrayBuffer]);
}

/** A worker's message handler: run the partition, report a failure in words and tell the partners (STOP_FAILED). */
export function partTaskHandler(post: (m: FromPart, transfer: ArrayBuffer[]) => void): (task: PartTask) => void {
  return (task) => {
    try {
      runPart(task, post);
    } catch (e) {
      const ctl = new Int32Array(task.control);
      // A budget refusal is the same in every partition; anything else stops the partners.
      Atomics.store(ctl, CTL.STOP, STOP_FAILED);
      Atomics.notify(ctl, CTL.GEN);
      post({ kind: 'error', message: e instanceof Error ? e.message : String(e), code: e instanceof CoreError ? e.code : 'internal', time: e instanceof CoreError ? e.where.time : undefined }, []);
    }
  };
}

export { planBuffers };
