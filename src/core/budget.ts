/**
 * Work and memory of a simulation, estimated before it starts, and the limits a run must stay
 * within. A run beyond them is refused with a message that says what it would need and which
 * parameter to change, instead of exhausting memory or running for hours; the app asks before
 * long runs with the same estimate.
 */
import { CoreError } from './errors.ts';
import { countWords, MAX_STEPS } from './time.ts';

/** Limits of one run. */
export interface RunBudget {
  /** Most fixed time steps (default 1e9). */
  maxSteps: number;
  /** Most segments (compartments) of a model (default 2,000,000). */
  maxSegments: number;
  /** Most bytes of recorded samples, time column included (default 2 GiB). */
  maxRecordedBytes: number;
  /** Most spikes a network run keeps (default 50,000,000: 400 MB of spike times, twice that while they are copied out). */
  maxSpikes: number;
}

export const DEFAULT_BUDGET: Readonly<RunBudget> = Object.freeze({ maxSteps: MAX_STEPS, maxSegments: 2_000_000, maxRecordedBytes: 2 * 2 ** 30, maxSpikes: 50_000_000 });

/**
 * Integration cost per segment and step (s), measured on the development machine (2 shared
 * cores): the tutorial scenario on DA1 (1,249 segments, 1,852 matrix nodes, hh on the axon,
 * 40,000 steps) takes 1.0–2.1 s depending on load, 20–40 ns per segment-step. A rough
 * guide for "this will take minutes", not a promise.
 */
export const SECONDS_PER_SEGMENT_STEP = 3e-8;

/** What a run is made of. */
export interface RunShape {
  /** Segments (compartments with membrane) of the model. */
  segments: number;
  /** Fixed time steps (neuronTime(tstop, dt).steps). */
  steps: number;
  /** Recorded traces (voltage and current recorders). */
  recorders: number;
  /** Keep every k-th step (default 1). */
  recordEvery?: number;
  /** Matrix nodes, when known (segments + section ends); default about segments × 1.3. */
  nodes?: number;
  /** Segments with hh, when known (default: all of them, the upper bound). */
  hhSegments?: number;
}

/** The estimate of a run. */
export interface RunEstimate {
  steps: number;
  /** Samples per trace (t = 0 included). */
  samples: number;
  /** Work units: segments × steps. */
  segmentSteps: number;
  /** Bytes of the recorded traces and their time column. */
  recordedBytes: number;
  /** Bytes of the engine's state (matrix, mechanism states, record buffer). */
  engineBytes: number;
  /** recordedBytes + engineBytes. */
  bytes: number;
  /** Rough wall-clock time of the integration on this machine (s). */
  seconds: number;
}

/**
 * Estimate steps, work (segment-steps), memory (bytes) and time (s) of a run. O(1); never
 * allocates. Non-finite or negative inputs give Infinity estimates, which every budget refuses.
 */
export function estimateRun(shape: RunShape): RunEstimate {
  const every = shape.recordEvery ?? 1;
  const ok = (x: number) => Number.isFinite(x) && x >= 0;
  const segments = ok(shape.segments) ? shape.segments : Infinity;
  const steps = ok(shape.steps) ? shape.steps : Infinity;
  const recorders = ok(shape.recorders) ? shape.recorders : Infinity;
  const samples = every >= 1 ? Math.floor(steps / every) + 1 : Infinity;
  const nodes = shape.nodes ?? Math.ceil(segments * 1.3);
  const hh = shape.hhSegments ?? segments;
  // 10 f64 arrays + parent per node; an hh row (HH_ROW_BYTES ≈ 13 f64) per hh segment; the
  // record buffer holds at most ~8 MB.
  const engineBytes = nodes * (10 * 8 + 4) + hh * (13 * 8 + 4) + Math.min(8e6, recorders * 8 * 1024) + 1e5;
  const recordedBytes = 8 * samples * (recorders + 1);
  const segmentSteps = segments * steps;
  return { steps, samples, segmentSteps, recordedBytes, engineBytes, bytes: recordedBytes + engineBytes, seconds: segmentSteps * SECONDS_PER_SEGMENT_STEP };
}

/** "39 GB", "512 MB", "80 kB" (decimal units, as a scientist reads them). */
export function bytesWords(b: number): string {
  if (!Number.isFinite(b)) return 'an unbounded amount of memory';
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let u = 0;
  while (b >= 1000 && u < units.length - 1) {
    b /= 1000;
    u++;
  }
  return `${b >= 100 || u === 0 ? Math.round(b) : b.toPrecision(2)} ${units[u]}`;
}

/**
 * Refuse (CoreError 'input') a run whose recorded samples would exceed the budget, before
 * anything is allocated: "recording 611 traces × 8,000,001 samples needs 39 GB (at most
 * 2.1 GB); record fewer nodes, raise recordEvery or shorten tstop".
 */
export function checkRunBudget(shape: RunShape, budget: Partial<RunBudget> = {}): RunEstimate {
  const b = { ...DEFAULT_BUDGET, ...budget };
  const est = estimateRun(shape);
  if (est.steps > b.maxSteps) {
    throw new CoreError('input', `the run needs ${countWords(est.steps)} time steps; at most ${countWords(b.maxSteps)} are allowed: raise dt or shorten tstop`);
  }
  checkSegmentBudget(shape.segments, 'the model', b.maxSegments);
  if (est.recordedBytes > b.maxRecordedBytes) {
    const traces = shape.recorders === 1 ? '1 trace' : `${countWords(shape.recorders)} traces`;
    throw new CoreError(
      'input',
      `recording ${traces} × ${countWords(est.samples)} samples needs ${bytesWords(est.recordedBytes)} (at most ${bytesWords(b.maxRecordedBytes)}); record fewer nodes, raise recordEvery or shorten tstop`,
    );
  }
  return est;
}

/**
 * Refuse more segments than the budget. `cause` names what set the count ("res = 1e-6 µm",
 * "nseg = 1000000"), so the message points at the parameter to change.
 */
export function checkSegmentBudget(segments: number, cause: string, maxSegments: number = DEFAULT_BUDGET.maxSegments): void {
  if (!(segments <= maxSegments)) {
    throw new CoreError('model', `${cause} gives ${countWords(segments)} segments; at most ${countWords(maxSegments)} are allowed (each takes memory and time at every step): use a longer segment length res or a smaller nseg`);
  }
}

/**
 * Mean spikes per neuron per ms (10 kHz) above which a network that has fired over a million
 * spikes is a runaway: real neurons fire at most a few hundred Hz (1 ms refractory periods).
 */
export const MAX_MEAN_RATE_PER_MS = 10;

/**
 * Refuse a network run that has recorded more than `maxSpikes` spikes by time t (ms), or fires
 * over a million at a mean rate above MAX_MEAN_RATE_PER_MS, or, given
 * the run's final time `tFinal` (ms), one whose pace would take it past twice that; called
 * between slices of event delivery, so memory and time stay bounded whatever the network does.
 */
export function checkSpikeBudget(spikes: number, t: number, neurons: number, maxSpikes: number = DEFAULT_BUDGET.maxSpikes, tFinal?: number): void {
  // A runaway network is stopped early, by its rate so far, rather than after it has spent the
  // whole budget (tens of seconds): past a million spikes, a pace that would end above twice the
  // budget is refused. Twice, so that a burst at the start of an ordinary run is not.
  if (t > 0 && spikes > 1e6 && spikes / (Math.max(1, neurons) * t) > MAX_MEAN_RATE_PER_MS) {
    throw new CoreError(
      'input',
      `the network fired ${countWords(spikes)} spikes by t = ${t.toFixed(1)} ms (${countWords(neurons)} neurons): on average ${countWords(Math.round(spikes / (Math.max(1, neurons) * t)))} spikes per neuron per ms, a runaway network (no neuron fires above a few hundred Hz); check time constants, weights and repeated edges`,
      { time: t },
    );
  }
  if (tFinal !== undefined && t > 0 && t < tFinal && spikes > 1e6) {
    const projected = (spikes / t) * tFinal;
    if (projected > 2 * maxSpikes) {
      throw new CoreError(
        'input',
        `the network fired ${countWords(spikes)} spikes by t = ${t.toFixed(1)} ms (${countWords(neurons)} neurons): at this rate it would fire about ${countWords(projected)} by ${tFinal.toFixed(0)} ms, and at most ${countWords(maxSpikes)} are kept (${bytesWords(8 * maxSpikes)}): shorten the duration or lower the stimulus rates and weights (a runaway network: check time constants and weights)`,
        { time: t },
      );
    }
  }
  if (spikes > maxSpikes) {
    throw new CoreError(
      'input',
      `the network fired ${countWords(spikes)} spikes by t = ${t.toFixed(1)} ms (${countWords(neurons)} neurons); at most ${countWords(maxSpikes)} are kept (${bytesWords(8 * maxSpikes)}): shorten the duration or lower the stimulus rates and weights`,
      { time: t },
    );
  }
}
