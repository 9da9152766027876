/**
 * What a heavy run will cost, estimated in the page before it is sent to the worker, so that a
 * graph from elsewhere with `dt` = 1e-300 or `tstop` = 1e9 asks before it starts instead of
 * locking the block worker. Counts only (O(skeleton size)), no discretization is built and no
 * step is taken: `nseg` = 1e6 or `res` = 1e-9 must be estimated without being allocated.
 * (The core's own budget, src/core/budget.ts, then refuses in the worker what can never run,
 * such as more than 1e9 steps; this asks the user about what merely takes long.)
 */
import type { ModelValue } from '../../nodes/values.ts';
import type { BlockDef, Params } from '../../nodes/types.ts';
import { SECONDS_PER_SEGMENT_STEP } from '../core/budget.ts';

/** Above any limit a run asks before it starts. */
export interface RunLimits {
  /** Time steps × segments (a cable run), or time steps (a network run). */
  segmentSteps: number;
  /** Bytes of recorded traces (8 per sample, time column included). */
  recordedBytes: number;
  /**
   * Nodes one recorder or stimulus block may be placed on (a default selection of a real neuron
   * is hundreds of nodes: 684 traces froze the plot). Absent: no limit.
   */
  placedNodes?: number;
}

/**
 * Default limits: ~2e9 segment-steps (minutes of simulation), 200 MB of traces (684 traces of a
 * 1000 ms run at dt 0.025 are 219 MB), 50 nodes per recorder or stimulus (the plot's trace cap).
 */
export const DEFAULT_RUN_LIMITS: Required<RunLimits> = { segmentSteps: 2e9, recordedBytes: 200e6, placedNodes: 50 };

/** Segment-steps per second of the cable engine: the core's measured time per segment-step (~30 ns on DA1). */
const SEGMENT_STEPS_PER_SECOND = 1 / SECONDS_PER_SEGMENT_STEP;

export interface RunEstimate {
  /** Fixed time steps (tstop / dt). */
  steps: number;
  /** Compartments (segments) of the model; 1 for a network run. */
  segments: number;
  /** steps × segments. */
  segmentSteps: number;
  /** Bytes of traces the run keeps. */
  recordedBytes: number;
  /** Expected wall time (s), roughly. */
  seconds: number;
  /** Recorded traces besides time (0 for a network run). */
  traces?: number;
  /** The run's recordEvery (1: every step). */
  every?: number;
}

/**
 * Segments of the model's discretization, counted without building it: the skeleton's
 * unbranched sections (a section starts at each child of a root or branch point) and their
 * lengths, then `nseg` per section or NEURON's `1 + 2·floor(L / (2·res))`.
 */
function segmentsOf(model: ModelValue): number {
  const sk = model.neuron.skeleton;
  const order = sk.order;
  const section = new Int32Array(sk.size).fill(-1);
  const lengths: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const p = sk.parent[i];
    if (p < 0) continue;
    const s = sk.parent[p] < 0 || sk.childCount(p) > 1 ? lengths.push(0) - 1 : section[p];
    section[i] = s;
    lengths[s] += sk.edgeLength(i);
  }
  const d = model.discretization;
  if (d.nseg !== undefined) return Math.max(1, lengths.length) * d.nseg;
  const res = d.res ?? 10;
  let n = 0;
  for (const L of lengths) n += 1 + 2 * Math.floor(L / (2 * res));
  return Math.max(1, n);
}

/**
 * Work of one compiled .mod mechanism per segment and step, in built-in segment-steps. Measured on
 * the active-dendrites example (76 segments, 2,400 steps): pas alone 4.1 ms, + na.mod 41 ms
 * (its rates call exp() each step), six mechanisms 113 ms: about 9 segment-steps each.
 */
export const MOD_MECHANISM_WEIGHT = 10;

/**
 * The cost of a `run` block with these params on this model: steps = tstop / dt, segments as
 * `nseg` or `res` give them, traces = (steps / recordEvery + 1) samples × (recorders + 1) × 8 bytes.
 */
export function estimateCableRun(model: ModelValue, params: Params): RunEstimate {
  const tstop = Number(params.tstop ?? 1000);
  const dt = Number(params.dt ?? 0.025);
  const every = Math.max(1, Number(params.recordEvery ?? 1));
  const steps = dt > 0 && tstop > 0 ? Math.ceil(tstop / dt - 1e-9) : 0;
  const segments = segmentsOf(model);
  const samples = Math.floor(steps / every) + 1;
  const recordedBytes = samples * (model.recorders.length + 1) * 8;
  // A segment-step is the built-in cell's unit of work; each mechanism from a .mod file costs about
  // MOD_MECHANISM_WEIGHT of them more per segment (counted on every segment: an upper bound).
  const mods = new Set(model.mechanisms.filter((m) => model.mods?.[m.name] !== undefined).map((m) => m.name)).size;
  const segmentSteps = steps * segments * (1 + MOD_MECHANISM_WEIGHT * mods);
  return { steps, segments, segmentSteps, recordedBytes, seconds: segmentSteps / SEGMENT_STEPS_PER_SECOND, traces: model.recorders.length, every };
}

/** The cost of a `run-network` block: its clock only (events are not known before the run). */
export function estimateNetworkRun(params: Params): RunEstimate {
  const tstop = Number(params.duration ?? 1000);
  const dt = Number(params.dt ?? 0.025);
  const steps = dt > 0 && tstop > 0 ? Math.ceil(tstop / dt - 1e-9) : 0;
  return { steps, segments: 1, segmentSteps: steps, recordedBytes: 0, seconds: steps / (SEGMENT_STEPS_PER_SECOND * 10) };
}

/**
 * The estimate of a run block's run (`runs`: what it simulates, from its definition), or null
 * for blocks that are not run blocks or whose input is not there yet.
 */
export function estimateRun(runs: BlockDef['runs'], inputs: Record<string, unknown>, params: Params): RunEstimate | null {
  if (runs === 'model') {
    const model = Object.values(inputs).find((v): v is ModelValue => (v as { kind?: unknown } | null)?.kind === 'model');
    return model ? estimateCableRun(model, params) : null;
  }
  if (runs === 'network') return estimateNetworkRun(params);
  return null;
}

/** True when the estimate is above a limit (NaN and infinite counts are above). */
export function overLimits(e: RunEstimate, limits: RunLimits): boolean {
  return !(e.segmentSteps <= limits.segmentSteps) || !(e.recordedBytes <= limits.recordedBytes);
}

/** A count in words: 40,000 or 4.0e+303. */
function count(x: number): string {
  if (!Number.isFinite(x)) return 'infinitely many';
  return x < 1e9 ? Math.round(x).toLocaleString('en-US') : x.toExponential(1);
}

function duration(s: number): string {
  if (!Number.isFinite(s) || s > 3.15e9) return 'more than a century';
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${count(s / 86400)} days`;
}

function bytes(b: number): string {
  if (!Number.isFinite(b)) return 'unbounded memory';
  return b < 1e9 ? `${(b / 1e6).toFixed(b < 1e7 ? 1 : 0)} MB` : `${count(b / 1e9)} GB`;
}

/** The question a block shows instead of starting a run over the limits. */
export function confirmMessage(e: RunEstimate, runs: BlockDef['runs']): string {
  const work = runs === 'network' ? `~${count(e.steps)} time steps` : `~${count(e.steps)} steps × ${count(e.segments)} segments`;
  return `this run needs ${work} (~${duration(e.seconds)}, ${bytes(e.recordedBytes)} of traces): Run anyway? (or change dt, the duration or the model)`;
}

// ---------------------------------------------------------------------------------------------
// Recorders and stimuli placed on many nodes, and the sampling that fits the memory limit

/** What one block upstream of a run added to the model: recorders or point processes, one per node. */
export interface Placement {
  /** The block's id, or '' when the model's blocks could not be told apart (totals of the model). */
  block: string;
  /** The block's title ("Voltage recorder"), or '' with `block`. */
  title: string;
  /** Recorders add traces; clamps, synapses and point processes stimulate. */
  what: 'records' | 'stimulates';
  /** Nodes (= recorders or point processes added). */
  nodes: number;
}

/** One model block of the chain that feeds a run, with the model it received (null: it starts the chain) and made. */
export interface ModelStep {
  id: string;
  title: string;
  input: ModelValue | null;
  output: ModelValue;
}

/**
 * What each block of a model chain placed, from the growth of the model's lists across it (a
 * voltage recorder on 684 nodes adds 684 recorders; a clamp, synapse or point process block one
 * point process per node), so that any block that places parts is counted, whatever its type.
 */
export function placementsOf(chain: readonly ModelStep[]): Placement[] {
  const out: Placement[] = [];
  for (const s of chain) {
    const rec = s.output.recorders.length - (s.input?.recorders.length ?? 0);
    const pp = s.output.pointProcesses.length - (s.input?.pointProcesses.length ?? 0);
    if (rec > 0) out.push({ block: s.id, title: s.title, what: 'records', nodes: rec });
    if (pp > 0) out.push({ block: s.id, title: s.title, what: 'stimulates', nodes: pp });
  }
  return out;
}

/** The model's totals, for a model whose blocks are not known (one entry per kind, block ''). */
export function placementTotals(model: ModelValue): Placement[] {
  const out: Placement[] = [];
  if (model.recorders.length) out.push({ block: '', title: '', what: 'records', nodes: model.recorders.length });
  if (model.pointProcesses.length) out.push({ block: '', title: '', what: 'stimulates', nodes: model.pointProcesses.length });
  return out;
}

/** The placements above the limit (none without one). */
export function overPlaced(placements: readonly Placement[], limits: RunLimits): Placement[] {
  const max = limits.placedNodes;
  return max === undefined ? [] : placements.filter((p) => !(p.nodes <= max));
}

/**
 * The smallest `recordEvery` that keeps the traces of this run within `limit` bytes, or null when
 * none does (even the first sample alone is over, or the estimate has no traces to thin):
 * samples = floor(steps / n) + 1 ≤ floor(limit / (8 (traces + 1))) =: m + 1 ⇔ n > steps / (m + 1).
 */
export function recordEveryUnder(e: RunEstimate, limit: number): number | null {
  if (e.traces === undefined || !Number.isFinite(e.steps) || !(e.steps > 0) || !(limit > 0)) return null;
  const m = Math.floor(limit / (8 * (e.traces + 1))) - 1;
  if (m < 1) return null;
  const n = Math.floor(e.steps / (m + 1)) + 1;
  // The run block takes at most 1e9 (nodes/run.ts); a larger n would keep the first sample only.
  return n <= 1e9 && n <= e.steps ? n : null;
}

/** Bytes the traces of this run take when recording every `n`th step. */
export function bytesEvery(e: RunEstimate, n: number): number {
  return (Math.floor(e.steps / n) + 1) * ((e.traces ?? 0) + 1) * 8;
}

/** 2nd, 3rd, 11th, 22nd. */
export function ordinal(n: number): string {
  const t = n % 100;
  const suffix = t >= 11 && t <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n.toLocaleString('en-US')}${suffix}`;
}

/** The question a run asks before it starts, with what the user may answer besides yes. */
export interface RunQuestion {
  message: string;
  /** The recorders and stimuli over the node limit. */
  placed: Placement[];
  /** The `recordEvery` that brings the traces under the memory limit (offered), or null. */
  recordEvery: number | null;
}

/** "Voltage recorder 'rec' records 684 nodes (limit 50)". */
function placedWords(p: Placement, limit: number | undefined): string {
  const who = p.block ? `${p.title} '${p.block}'` : p.what === 'records' ? 'the model' : 'the model’s stimuli';
  const what = p.block ? `${p.what} ${count(p.nodes)} nodes` : p.what === 'records' ? `records ${count(p.nodes)} traces` : `are placed on ${count(p.nodes)} nodes`;
  return `${who} ${what}${limit === undefined ? '' : ` (limit ${count(limit)})`}`;
}

/**
 * The question for a run over the limits, or null when it is within them: the blocks placed on
 * too many nodes, the time (as `confirmMessage`) or the memory of the traces, and the
 * `recordEvery` that fits the memory limit when that is what is over.
 */
export function runQuestion(e: RunEstimate, runs: BlockDef['runs'], limits: RunLimits, placements: readonly Placement[] = []): RunQuestion | null {
  const placed = overPlaced(placements, limits);
  const slow = !(e.segmentSteps <= limits.segmentSteps);
  const big = !(e.recordedBytes <= limits.recordedBytes);
  if (!placed.length && !slow && !big) return null;
  const parts = placed.map((p) => placedWords(p, limits.placedNodes));
  // Time over: the words that always were (the memory is in them too).
  if (slow) return { message: [...parts, confirmMessage(e, runs)].join('; '), placed, recordEvery: null };
  const every = big ? recordEveryUnder(e, limits.recordedBytes) : null;
  if (big) parts.push(`this run would keep ${bytes(e.recordedBytes)} of traces (limit ${bytes(limits.recordedBytes)})`);
  const offer = every === null ? '' : `, or record every ${ordinal(every)} sample (${bytes(bytesEvery(e, every))})`;
  return { message: `${parts.join('; ')}: Run anyway${offer}?`, placed, recordEvery: every };
}

// ---------------------------------------------------------------------------------------------
// Sweeps and fits: many runs of the model upstream

/**
 * The cost of `runs` runs of the model behind `traces` (a sweep's points or a fit's budget), each
 * like the run that gave `traces`: its steps and segments, and the traces each keeps (a fit keeps
 * only its best run's).
 */
export function estimateRuns(runs: number, traces: { t: ArrayLike<number>; traces: Record<string, unknown>; segments: number; run: { tstop: number; dt: number } }, keepsAll: boolean): RunEstimate {
  const steps = traces.run.dt > 0 ? Math.round(traces.run.tstop / traces.run.dt) : 0;
  const segments = Math.max(1, traces.segments);
  const segmentSteps = runs * steps * segments;
  const perRun = traces.t.length * (Object.keys(traces.traces).length + 1) * 8;
  return { steps: runs * steps, segments, segmentSteps, recordedBytes: (keepsAll ? runs : 1) * perRun, seconds: segmentSteps / SEGMENT_STEPS_PER_SECOND, traces: Object.keys(traces.traces).length };
}

/** The question for a sweep or fit over the limits, or null. */
export function runsQuestion(e: RunEstimate, runs: number, what: string, limits: RunLimits): string | null {
  const slow = !(e.segmentSteps <= limits.segmentSteps);
  const big = !(e.recordedBytes <= limits.recordedBytes);
  if (!slow && !big) return null;
  const work = `${count(runs)} runs of ~${count(e.steps / Math.max(1, runs))} steps × ${count(e.segments)} segments (~${duration(e.seconds)} on one core)`;
  return `${what} needs ${work}${big ? ` and would keep ${bytes(e.recordedBytes)} of traces (limit ${bytes(limits.recordedBytes)})` : ''}: Run anyway? (or use fewer points or runs, a shorter run or a coarser model)`;
}
