/**
 * A point network cut into partitions that run side by side (NEURON's ParallelContext scheme):
 * neuron i belongs to partition i mod P; with every edge's delay ≥ D > 0, each partition can
 * deliver its own events up to the next multiple of D knowing every spike before the previous
 * one, because a spike at ts reaches its targets at ts + delay ≥ ts + D. After each window the
 * partitions exchange their window's spikes and queue those spikes' events on their neurons.
 *
 * Exactness: a neuron's state depends only on the events it receives, in order. Events for one
 * neuron at different times leave every queue in time order; only events for one neuron at
 * *the same time* (a tie) are ordered by the queue's sequence rules, and NEURON's rules (the
 * cached least event is pushed behind equal times by an earlier insert, EVENTS.md §2.4; events
 * inserted at that time by other cells' deliveries) make that order depend on the whole
 * network's queue, which no partition has. So a partition checks every delivery
 * (EventSystem.deliverChecked: a second event at the same time that the first one's delivery
 * did not cause is a tie) and a partitioned run is given up at the first tie: without ties it
 * is the single queue's run, spike for spike; with one, the caller
 * runs the network on one queue. Stimulus NetStims keep their Random123 streams (seed, index,
 * 0): a NetStim runs on its target's partition (a shared one on every partition it drives).
 */
import { CoreError } from '../errors.ts';
import { IntFire2, INTFIRE1_DEFAULTS, INTFIRE2_DEFAULTS } from '../events/intfire.ts';
import { IntFire1Block, IntFire4Block, type CellBlock } from '../events/cell-blocks.ts';
import { NetStimBlock } from '../events/netstim-block.ts';
import { EventSystem, type ArtificialCell } from '../events/system.ts';
import { checkNetworkSpec, planStimuli, type PointModel, type PointNetworkSpec } from './network.ts';
import type { IntFire4Factors } from '../events/intfire.ts';

/** What one partition builds: plain data and typed arrays (sent to a worker as they are). */
export interface PartPlan {
  part: number;
  parts: number;
  /** Neurons in the whole network. */
  n: number;
  /** Global ids of this partition's neurons (part, part + parts, …). */
  neurons: Int32Array;
  model: PointModel;
  params: Record<string, number>;
  /** IntFire4's factors (null for other models). */
  f4: IntFire4Factors | null;
  /** The edges into this partition's neurons, in edge order: source global id, target local index, weight, delay (ms; one number when all edges share it). */
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  delay: Float64Array | number;
  /** The NetStims it runs: global NetStim index (its Random123 stream id), parameters. */
  stimIndex: Int32Array;
  stimInterval: Float64Array;
  stimNumber: Float64Array;
  stimStart: Float64Array;
  stimNoise: Float64Array;
  /** 1 where this partition reports the NetStim's spikes (a shared NetStim runs on several). */
  stimOwned: Uint8Array;
  /** Its stimulus NetCons (delay 0): local NetStim → local neuron, weight. */
  consStim: Int32Array;
  consTarget: Int32Array;
  consWeight: Float64Array;
  seed: number;
  /** The exchange interval D (ms): the smallest edge delay (Infinity without edges). */
  window: number;
}

/** Why a network runs on one queue instead, or the plans of its partitions. */
export type Partitioning = { plans: PartPlan[]; warnings: string[] } | { reason: string; warnings: string[] };

/**
 * Why `spec` cannot run on `parts` partitions with one queue's spikes, in words, or null: one
 * partition asked for; noise from the shared legacy stream (its draws interleave all NetStims
 * in time order); a delay-0 edge (nothing to exchange ahead of); neuron numbers that are not
 * whole. Cheap (one pass over the edges): checked before any worker is started.
 */
export function partitionRefusal(spec: PointNetworkSpec, parts: number): string | null {
  if (Math.floor(parts) < 2) return 'one worker asked for';
  const noise = spec.noise ?? { kind: 'random123', seed: 1 };
  if (noise.kind === 'neuron-default' && spec.stimuli.some((st) => st.randomness > 0)) {
    return "NetStim noise from NEURON's shared default stream ('neuron-default') interleaves every NetStim's draws in time order, which no partition sees; choose 'random123' noise to run on several workers";
  }
  const { source, target } = spec.edges;
  const m = source.length;
  const d = spec.edges.delay ?? 5;
  let D = Infinity;
  if (typeof d === 'number') D = m ? d : Infinity;
  else for (let k = 0; k < m; k++) if (d[k] < D) D = d[k];
  if (!(D > 0)) return `an edge has delay ${D} ms: partitions exchange spikes every minimum delay, which must be > 0`;
  // Neuron numbers must be whole to be partitioned (one queue says what is wrong with them).
  for (let k = 0; k < m; k++) if (!Number.isInteger(target[k]) || !Number.isInteger(source[k])) return `edge ${k} names neuron ${Number.isInteger(target[k]) ? source[k] : target[k]}, not a whole neuron number`;
  for (const st of spec.stimuli) for (const i of st.neurons) if (!Number.isInteger(i)) return `a stimulus names neuron ${i}, not a whole neuron number`;
  return null;
}

/** The smallest edge delay (ms; Infinity without edges). */
function minDelay(spec: PointNetworkSpec): number {
  const d = spec.edges.delay ?? 5;
  const m = spec.edges.source.length;
  if (typeof d === 'number') return m ? d : Infinity;
  let D = Infinity;
  for (let k = 0; k < m; k++) if (d[k] < D) D = d[k];
  return D;
}

/**
 * Cut a network into `parts` partitions (neuron i → i mod parts: neighbours in a file, often of
 * one cell type, spread over all), or the reason it cannot be (partitionRefusal). Throws for a
 * network that cannot run at all.
 */
export function partitionNetwork(spec: PointNetworkSpec, parts: number): Partitioning {
  const { warnings, f4 } = checkNetworkSpec(spec);
  const { stimParams, stimNetcons } = planStimuli(spec);
  const reason = partitionRefusal(spec, parts);
  if (reason) return { reason, warnings };
  const n = spec.names.length;
  const P = Math.floor(parts);
  const noise = spec.noise ?? { kind: 'random123', seed: 1 };
  const { source, target, weight } = spec.edges;
  const m = source.length;
  const d = spec.edges.delay ?? 5;
  const D = minDelay(spec);
  const count = new Int32Array(P);
  for (let k = 0; k < m; k++) count[target[k] % P]++;
  const plans: PartPlan[] = [];
  for (let p = 0; p < P; p++) {
    const neurons = new Int32Array(Math.max(0, Math.ceil((n - p) / P)));
    for (let j = 0; j < neurons.length; j++) neurons[j] = p + j * P;
    plans.push({
      part: p,
      parts: P,
      n,
      neurons,
      model: spec.model,
      params: { ...(spec.params ?? {}) },
      f4,
      source: new Int32Array(count[p]),
      target: new Int32Array(count[p]),
      weight: new Float64Array(count[p]),
      delay: typeof d === 'number' ? d : new Float64Array(count[p]),
      stimIndex: new Int32Array(0),
      stimInterval: new Float64Array(0),
      stimNumber: new Float64Array(0),
      stimStart: new Float64Array(0),
      stimNoise: new Float64Array(0),
      stimOwned: new Uint8Array(0),
      consStim: new Int32Array(0),
      consTarget: new Int32Array(0),
      consWeight: new Float64Array(0),
      seed: noise.kind === 'random123' ? noise.seed : 1,
      window: D,
    });
  }
  const fill = new Int32Array(P);
  for (let k = 0; k < m; k++) {
    const t = target[k];
    const p = t % P;
    const j = fill[p]++;
    const plan = plans[p];
    plan.source[j] = source[k];
    plan.target[j] = (t - p) / P;
    plan.weight[j] = weight[k];
    if (typeof d !== 'number') (plan.delay as Float64Array)[j] = d[k];
  }

  // NetStims: on the partition of each target (a NetStim without targets on partition 0), reported by its first.
  const where: number[][] = Array.from({ length: P }, () => []);
  const local: Array<Map<number, number>> = Array.from({ length: P }, () => new Map());
  const owner = new Int32Array(stimParams.length).fill(-1);
  const cons: number[][][] = Array.from({ length: P }, () => [[], [], []]);
  const place = (k: number, p: number) => {
    let j = local[p].get(k);
    if (j === undefined) {
      j = where[p].length;
      where[p].push(k);
      local[p].set(k, j);
      if (owner[k] < 0) owner[k] = p;
    }
    return j;
  };
  const consW: number[][] = Array.from({ length: P }, () => []);
  for (const c of stimNetcons) {
    const p = c.target % P;
    const j = place(c.stim, p);
    cons[p][0].push(j);
    cons[p][1].push((c.target - p) / P);
    consW[p].push(c.weight);
  }
  for (let k = 0; k < stimParams.length; k++) if (owner[k] < 0) place(k, 0);
  for (let p = 0; p < P; p++) {
    const ks = where[p];
    const plan = plans[p];
    plan.stimIndex = Int32Array.from(ks);
    plan.stimInterval = Float64Array.from(ks, (k) => stimParams[k].interval);
    plan.stimNumber = Float64Array.from(ks, (k) => stimParams[k].number);
    plan.stimStart = Float64Array.from(ks, (k) => stimParams[k].start);
    plan.stimNoise = Float64Array.from(ks, (k) => stimParams[k].noise);
    plan.stimOwned = Uint8Array.from(ks, (k) => (owner[k] === p ? 1 : 0));
    plan.consStim = Int32Array.from(cons[p][0]);
    plan.consTarget = Int32Array.from(cons[p][1]);
    plan.consWeight = Float64Array.from(consW[p]);
  }
  return { plans, warnings };
}

/** The edge arrays of a plan, the bulk of it (to transfer to a worker without copying; mergeParts still reads the rest). */
export function planBuffers(plan: PartPlan): ArrayBuffer[] {
  const arrays = [plan.source, plan.target, plan.weight, ...(typeof plan.delay === 'number' ? [] : [plan.delay])];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** The windows of a partitioned run: window k delivers events in [til(k−1), til(k)), the last one up to tFinal inclusive. */
export interface Window {
  /** Deliver events at or before this time (ms). */
  bound: number;
  /** The window's end til(k) (ms), accumulated as til(k−1) + D. */
  til: number;
  last: boolean;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The largest double below x (x > 0). */
export function below(x: number): number {
  f64[0] = x;
  i64[0] -= 1n;
  return f64[0];
}

/**
 * The window after the one that ended at `til` (0 for the first), for exchange interval D and
 * NEURON's final time tFinal (ms). til(k) is accumulated exactly as ts + delay is computed, so
 * a spike at ts ≥ til(k−1) gives events at ts + delay ≥ til(k − 1) + D = til(k) (rounding is
 * monotone): none of them is due in the window that fired it.
 */
export function nextWindow(til: number, D: number, tFinal: number): Window {
  const next = til + D;
  if (next > tFinal) return { bound: tFinal, til: next, last: true };
  return { bound: below(next), til: next, last: false };
}

/** Spikes of one partition's window in firing order: global neuron id and time (ms); grows as needed. */
export class SpikeLog {
  ids = new Int32Array(1024);
  times = new Float64Array(1024);
  count = 0;
  push(id: number, t: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(2 * this.count);
      ids.set(this.ids);
      const times = new Float64Array(2 * this.count);
      times.set(this.times);
      this.ids = ids;
      this.times = times;
    }
    this.ids[this.count] = id;
    this.times[this.count++] = t;
  }
}

/** An EventSystem that also logs its neurons' spikes (global ids) for the exchange. */
class PartSystem extends EventSystem {
  log = new SpikeLog();
  constructor(
    cells: Array<ArtificialCell | CellBlock>,
    externalSources: number,
    nc: { source: Int32Array; target: Int32Array; weight: Float64Array; delay: Float64Array },
    private readonly ids: Int32Array,
  ) {
    super(cells, 0, externalSources, nc);
  }
  override spike(source: number, t: number): void {
    super.spike(source, t);
    if (source < this.ids.length) this.log.push(this.ids[source], t);
  }
}

/**
 * One partition's simulator: its neurons (local index j = global id of neurons[j]), its
 * NetStims after them, and every network edge into its neurons as the NetCon of an external
 * source numbered A + the presynaptic neuron's global id, so that every spike, its own
 * included, reaches its targets through exchange (in time order: the rings stay in order).
 */
export class PartEngine {
  readonly system: PartSystem;
  readonly local: number;
  /** Each receiver's previous delivery (EventSystem.deliverChecked). */
  private last: Float64Array;
  private readonly A: number;

  constructor(readonly plan: PartPlan) {
    const nl = plan.neurons.length;
    this.local = nl;
    const cells: Array<ArtificialCell | CellBlock> = [];
    if (plan.model === 'IntFire1') cells.push(new IntFire1Block({ ...INTFIRE1_DEFAULTS, ...plan.params }, nl));
    else if (plan.model === 'IntFire4') {
      if (!plan.f4) throw new CoreError('model', 'IntFire4 partition without its factors');
      cells.push(new IntFire4Block(plan.f4, nl));
    } else for (let j = 0; j < nl; j++) cells.push(new IntFire2({ ...INTFIRE2_DEFAULTS, ...plan.params }));
    const ns = plan.stimIndex.length;
    if (ns) {
      const params = Array.from(plan.stimIndex, (_, j) => ({ interval: plan.stimInterval[j], number: plan.stimNumber[j], start: plan.stimStart[j], noise: plan.stimNoise[j] }));
      cells.push(new NetStimBlock(params, Array.from(plan.stimIndex, (k): [number, number, number] => [plan.seed, k, 0])));
    }
    const A = nl + ns;
    this.A = A;
    const m = plan.source.length;
    const c = plan.consStim.length;
    const nc = { source: new Int32Array(m + c), target: new Int32Array(m + c), weight: new Float64Array(m + c), delay: new Float64Array(m + c) };
    for (let k = 0; k < m; k++) nc.source[k] = A + plan.source[k];
    nc.target.set(plan.target);
    nc.weight.set(plan.weight);
    if (typeof plan.delay === 'number') nc.delay.fill(plan.delay, 0, m);
    else nc.delay.set(plan.delay);
    for (let k = 0; k < c; k++) nc.source[m + k] = nl + plan.consStim[k];
    nc.target.set(plan.consTarget, m);
    nc.weight.set(plan.consWeight, m);
    this.system = new PartSystem(cells, plan.n, nc, plan.neurons);
    // The simulator holds its own fan-out arrays: the plan's edge columns (24 bytes an edge) go.
    plan.source = new Int32Array(0);
    plan.target = new Int32Array(0);
    plan.weight = new Float64Array(0);
    if (typeof plan.delay !== 'number') plan.delay = new Float64Array(0);
    this.last = new Float64Array(3 * A);
  }

  /** finitialize (this partition's cells in index order). */
  initialize(): void {
    this.system.initialize();
    this.system.log.count = 0;
    this.last.fill(0);
    for (let o = 0; o < this.last.length; o += 3) this.last[o] = NaN;
  }

  /** The first tie met: the receiver (a global neuron id, or −1 for a NetStim) and the time (ms). */
  tie: { neuron: number; t: number } | null = null;

  /** Deliver this partition's events up to `bound` (ms); false at a tie (the run must be redone on one queue). */
  deliver(bound: number): boolean {
    if (this.system.deliverChecked(bound, this.last)) return true;
    const q = this.system.queue;
    this.tie = { neuron: q.a < this.local ? this.plan.neurons[q.a] : -1, t: q.t };
    return false;
  }

  /** The spikes of every partition's window (logs in partition order), merged in time order: queue their events on this partition's neurons. */
  receive(logs: ReadonlyArray<{ ids: Int32Array<ArrayBufferLike>; times: Float64Array<ArrayBufferLike>; count: number }>): void {
    const sys = this.system;
    const A = this.A;
    const at = new Int32Array(logs.length);
    for (;;) {
      let best = -1;
      let bt = Infinity;
      for (let p = 0; p < logs.length; p++) {
        if (at[p] < logs[p].count && logs[p].times[at[p]] < bt) {
          bt = logs[p].times[at[p]];
          best = p;
        }
      }
      if (best < 0) return;
      sys.fanOut(A + logs[best].ids[at[best]++], bt);
    }
  }

  /** This partition's spike trains: its neurons' (local order), then its NetStims' (all it ran). */
  trains(): number[][] {
    return this.system.spikes.slice(0, this.A);
  }
}

/** What a partition hands back: its neurons' trains as one buffer with offsets, its owned NetStims' likewise, and the events it delivered. */
export interface PartResult {
  part: number;
  spikes: Float64Array;
  offsets: Int32Array;
  stimSpikes: Float64Array;
  stimOffsets: Int32Array;
  /** Events delivered, less those of NetStims another partition reports (each replica runs the same self-events). */
  delivered: number;
  /** Wall time (ms) building the partition's simulator, running it, and of that waiting for the others at barriers (set by the worker). */
  buildMs?: number;
  runMs?: number;
  waitMs?: number;
}

function pack(trains: number[][]): { all: Float64Array; offsets: Int32Array } {
  const offsets = new Int32Array(trains.length + 1);
  for (let i = 0; i < trains.length; i++) offsets[i + 1] = offsets[i] + trains[i].length;
  const all = new Float64Array(offsets[trains.length]);
  for (let i = 0; i < trains.length; i++) all.set(trains[i], offsets[i]);
  return { all, offsets };
}

/** A partition's result after its run. */
export function partResult(engine: PartEngine): PartResult {
  const plan = engine.plan;
  const trains = engine.trains();
  const nl = engine.local;
  const neurons = pack(trains.slice(0, nl));
  const owned: number[][] = [];
  let replicaEvents = 0;
  for (let j = 0; j < plan.stimIndex.length; j++) {
    const s = trains[nl + j];
    if (plan.stimOwned[j]) owned.push(s);
    // A replica's events: its start event and one per spike (NetStim: flag 3, then flag 1 per spike).
    else if (s.length) replicaEvents += s.length + 1;
  }
  const stims = pack(owned);
  return { part: plan.part, spikes: neurons.all, offsets: neurons.offsets, stimSpikes: stims.all, stimOffsets: stims.offsets, delivered: engine.system.delivered - replicaEvents };
}

/** The network's spike trains (per neuron, per NetStim) from its partitions' results. */
export function mergeParts(plans: PartPlan[], results: PartResult[], stimCount: number): { spikes: Float64Array[]; stimulusSpikes: Float64Array[]; events: number } {
  const n = plans[0].n;
  const spikes = new Array<Float64Array>(n);
  const stimulusSpikes = new Array<Float64Array>(stimCount);
  let events = 0;
  for (const r of results) {
    const plan = plans[r.part];
    plan.neurons.forEach((g, j) => (spikes[g] = r.spikes.slice(r.offsets[j], r.offsets[j + 1])));
    let o = 0;
    plan.stimIndex.forEach((k, j) => {
      if (!plan.stimOwned[j]) return;
      stimulusSpikes[k] = r.stimSpikes.slice(r.stimOffsets[o], r.stimOffsets[o + 1]);
      o++;
    });
    events += r.delivered;
  }
  return { spikes, stimulusSpikes, events };
}
