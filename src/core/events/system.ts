import { CoreError } from '../errors.ts';
import type { CellHost, IntFire1, IntFire2, IntFire4 } from './intfire.ts';
import type { NetStim } from './netstim.ts';
import { EventQueue } from './queue.ts';
import { isCellBlock, ObjectBlock, type CellBlock } from './cell-blocks.ts';

/** An artificial cell: anything that handles events and may fire (IntFire1/2/4, NetStim). */
export type ArtificialCell = IntFire1 | IntFire2 | IntFire4 | NetStim;

/**
 * NetCons, one entry per index in creation order: from a source (an artificial cell index, or
 * an external source such as a voltage threshold detector, numbered after the artificial
 * cells) to a target receiver (an artificial cell index, or a synapse numbered after the
 * artificial cells; −1 for none: a spike detector), with a weight and a delay (ms). Arrays,
 * not objects: a connectome has millions.
 */
export interface NetCons {
  source: ArrayLike<number>;
  target: ArrayLike<number>;
  weight: ArrayLike<number>;
  delay: ArrayLike<number>;
}

/** NetCons from a list of objects (small models). */
export function netConsOf(list: Array<{ source: number; target: number; weight: number; delay: number }>): NetCons {
  return {
    source: Int32Array.from(list, (x) => x.source),
    target: Int32Array.from(list, (x) => x.target),
    weight: Float64Array.from(list, (x) => x.weight),
    delay: Float64Array.from(list, (x) => x.delay),
  };
}

/**
 * NEURON's event machinery for one run: the queue, the artificial cells, the NetCons and the
 * recorded spike times of every source. Receivers are numbered [0, A) artificial cells, then
 * synapses; sources [0, A) artificial cells, then external sources. Events are delivered in
 * NEURON's order (EventQueue); every delivered event runs its receiver with t = the event's
 * time. A spike records its time, then queues one event per NetCon of its source, in creation
 * order, at t + delay. Artificial cells are objects or blocks of cells (cell-blocks.ts), each
 * block numbered consecutively: a block of n cells stands for n entries of `cells`.
 */
export class EventSystem {
  readonly queue: EventQueue;
  /** Spike times (ms) of every source, filled during a run. */
  readonly spikes: number[][];
  /**
   * Called when an event reaches synapse `index` at time `t` (ms) with `flag` (0 from a NetCon)
   * and `w`: the NetCon's weight, or for synapses marked with carryNetCon the NetCon's index
   * (or the payload its self-event was sent with) (set by the cable engine).
   */
  onSynapse: (index: number, w: number, t: number, flag: number) => void = () => {
    throw new CoreError('model', 'an event reached a synapse, but no cell handles synapses');
  };
  /** Events delivered so far in this run. */
  delivered = 0;
  /** Spikes recorded so far in this run (all sources), for memory budgets. */
  spikeCount = 0;

  private readonly A: number;
  /** The cells as blocks (runs of cell objects merged), the first receiver of each, and one past the last. */
  private readonly blocks: CellBlock[] = [];
  private readonly blockStart: Int32Array;
  /**
   * NetCons grouped by source, creation order kept within a source, those without a target
   * left out: the fan-out slots. Slot k goes to receiver fanTarget[k] with payload
   * fanPayload[k] (the weight, or the NetCon's creation index fanIndex[k] for carryNetCon
   * receivers). A source's slots are split into runs of equal delay (in creation order);
   * run j holds slots [runFrom[j], runFrom[j + 1]), delay runDelay[j] (ms), ring runRing[j]
   * (−1: none), and source s has runs [srcRun[s], srcRun[s + 1]).
   */
  private readonly fanTarget: Int32Array;
  private readonly fanPayload: Float64Array;
  private readonly fanIndex: Int32Array;
  private readonly runFrom: Int32Array;
  private readonly runDelay: Float64Array;
  private readonly runRing: Int32Array;
  private readonly srcRun: Int32Array;
  private current = -1;
  private readonly host: CellHost;

  constructor(
    readonly cells: Array<ArtificialCell | CellBlock>,
    readonly synapses: number,
    readonly externalSources: number,
    nc: NetCons,
  ) {
    const starts = [0];
    let run: ArtificialCell[] = [];
    const close = (b: CellBlock) => {
      this.blocks.push(b);
      starts.push(starts[starts.length - 1] + b.count);
    };
    for (const c of cells) {
      if (!isCellBlock(c)) {
        run.push(c);
        continue;
      }
      if (run.length) close(new ObjectBlock(run));
      run = [];
      close(c);
    }
    if (run.length) close(new ObjectBlock(run));
    this.blockStart = Int32Array.from(starts);
    const A = starts[starts.length - 1];
    this.A = A;
    const nSources = A + externalSources;
    const nReceivers = A + synapses;
    const m = nc.source.length;
    if (nc.target.length !== m || nc.weight.length !== m || nc.delay.length !== m) throw new CoreError('model', 'NetCon arrays differ in length');
    const delays = new Set<number>();
    for (let k = 0; k < m; k++) {
      const s = nc.source[k];
      const t = nc.target[k];
      const d = nc.delay[k];
      if (!(Number.isInteger(s) && s >= 0 && s < nSources)) throw new CoreError('model', `NetCon ${k}: source ${s} does not exist`);
      if (!(Number.isInteger(t) && t >= -1 && t < nReceivers)) throw new CoreError('model', `NetCon ${k}: target ${t} does not exist`);
      if (!(d >= 0) || !Number.isFinite(d)) throw new CoreError('model', `NetCon ${k}: delay must be a non-negative number of ms, got ${d}`);
      if (!Number.isFinite(nc.weight[k])) throw new CoreError('model', `NetCon ${k}: weight must be a finite number, got ${nc.weight[k]}`);
      if (delays.size < 8) delays.add(d);
    }
    // One FIFO ring per common delay (a few at most; others use the heap).
    // Self-events (net_send) may go to artificial cells and to synapses with a NET_RECEIVE.
    this.queue = new EventQueue(nReceivers, delays);
    // Fan-out slots: NetCons with a target, grouped by source (counting sort, stable).
    const start = new Int32Array(nSources + 1);
    for (let k = 0; k < m; k++) if (nc.target[k] >= 0) start[nc.source[k] + 1]++;
    for (let s = 0; s < nSources; s++) start[s + 1] += start[s];
    const slots = start[nSources];
    const fill = start.slice(0, nSources);
    this.fanTarget = new Int32Array(slots);
    // Payloads start as the weights (16 bytes per NetCon in all while running, plus runs).
    this.fanPayload = new Float64Array(slots);
    this.fanIndex = new Int32Array(slots);
    const delayOf = new Float64Array(slots);
    for (let k = 0; k < m; k++) {
      if (nc.target[k] < 0) continue;
      const j = fill[nc.source[k]]++;
      this.fanIndex[j] = k;
      this.fanTarget[j] = nc.target[k];
      this.fanPayload[j] = nc.weight[k];
      delayOf[j] = nc.delay[k];
    }
    // Runs of equal delay within each source.
    this.srcRun = new Int32Array(nSources + 1);
    let runs = 0;
    for (let s = 0; s < nSources; s++) {
      for (let k = start[s]; k < start[s + 1]; k++) if (k === start[s] || delayOf[k] !== delayOf[k - 1]) runs++;
      this.srcRun[s + 1] = runs;
    }
    this.runFrom = new Int32Array(runs + 1);
    this.runDelay = new Float64Array(runs);
    this.runRing = new Int32Array(runs);
    let j = 0;
    for (let s = 0; s < nSources; s++) {
      for (let k = start[s]; k < start[s + 1]; k++) {
        if (k !== start[s] && delayOf[k] === delayOf[k - 1]) continue;
        this.runFrom[j] = k;
        this.runDelay[j] = delayOf[k];
        this.runRing[j] = this.queue.ringOf(delayOf[k]);
        j++;
      }
    }
    this.runFrom[runs] = slots;
    this.queue.setFanout(this.fanTarget, this.fanPayload);
    this.spikes = Array.from({ length: nSources }, () => []);
    this.host = {
      fire: (t) => this.spike(this.current, t),
      sendSelf: (t, flag) => this.queue.insertSelf(t, this.current, flag),
      moveSelf: (t) => this.queue.moveSelf(this.current, t),
    };
  }

  /** finitialize: empty the queue and the spike records, run every cell's INITIAL at t = 0 (in index order). */
  initialize(): void {
    this.queue.clear();
    this.delivered = 0;
    this.spikeCount = 0;
    for (const s of this.spikes) s.length = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const r0 = this.blockStart[b];
      for (let i = 0; i < this.blocks[b].count; i++) {
        this.current = r0 + i;
        this.blocks[b].initializeAt(this.host, i, 0);
      }
    }
    this.current = -1;
  }

  /** Time (ms) of the next event, or Infinity. */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /** Deliver, in order, every event due at or before `til` (ms). */
  deliver(til: number): void {
    const q = this.queue;
    const A = this.A;
    const { blocks, blockStart, host } = this;
    while (q.pop(til)) {
      this.delivered++;
      const r = q.a;
      // nocmodl's NET_RECEIVE starts with `if (_lflag == 1.) *_tqitem = 0`: a delivered flag-1
      // event leaves nothing for net_move, even if another flag-1 event is still queued.
      if (q.b === 1) q.unmovable(r);
      if (r < A) {
        this.current = r;
        // Few blocks (a network has one of neurons and one of stimuli): a scan finds r's.
        let b = 0;
        while (r >= blockStart[b + 1]) b++;
        blocks[b].receiveAt(host, r - blockStart[b], q.t, q.b, q.w);
      } else {
        this.onSynapse(r - A, q.w, q.t, q.b);
      }
    }
    this.current = -1;
  }

  /**
   * Synapses [from, to) receive, instead of a NetCon's weight, its creation index (a NET_RECEIVE
   * with per-NetCon arguments reads and writes the NetCon's own weight vector).
   */
  carryNetCon(from: number, to: number): void {
    const lo = this.A + from;
    const hi = this.A + to;
    for (let k = 0; k < this.fanTarget.length; k++) {
      const r = this.fanTarget[k];
      if (r >= lo && r < hi) this.fanPayload[k] = this.fanIndex[k];
    }
  }

  /** A synapse's own event (its NET_RECEIVE's net_send) at time t (ms) with `flag` and `payload` (given back to onSynapse as w). */
  sendSelfToSynapse(synapse: number, t: number, flag: number, payload = 0): void {
    this.queue.insertSelf(t, this.A + synapse, flag, payload);
  }

  /** A synapse's WATCH event at time t (ms) with `flag`: queued like a self-event but never movable, and with no NetCon (payload −1). */
  watchEventToSynapse(synapse: number, t: number, flag: number): void {
    this.queue.insertSelf(t, this.A + synapse, flag, -1, false);
  }

  /** Move a synapse's pending flag-1 self-event to time t (ms) (net_move); false when it has none. */
  moveSelfOfSynapse(synapse: number, t: number): boolean {
    const r = this.A + synapse;
    if (!this.queue.hasMovable(r)) return false;
    this.queue.moveSelf(r, t);
    return true;
  }

  /**
   * Deliver like deliver(til), but stop at the first *tie*: an event for a receiver at the same
   * time as its previous one that the previous one's delivery did not cause (events caused by
   * a delivery have the sequence numbers handed out during it: a NetStim's start event makes
   * its first spike event at the same time). Returns false at a tie (that event not
   * delivered). A partitioned run (network/partition.ts) orders only its own queue, so it is
   * the single queue's order exactly when no receiver has such a tie: the order of tied events
   * (NEURON's least-slot rule, EVENTS.md §2.4, and the order in which other cells' deliveries
   * at that time insert them) depends on the whole network's queue. `last` keeps each
   * receiver's previous delivery across calls, three doubles per receiver r (one cache line
   * holds them): its time at 3r (NaN initially) and the sequence numbers handed out during it,
   * [3r + 1, 3r + 2).
   */
  deliverChecked(til: number, last: Float64Array): boolean {
    const q = this.queue;
    const A = this.A;
    const { blocks, blockStart, host } = this;
    while (q.pop(til)) {
      const r = q.a;
      const o = 3 * r;
      // (The tied event is popped but never delivered: the partitioned run is given up.)
      if (q.t === last[o] && !(q.s >= last[o + 1] && q.s < last[o + 2])) return false;
      last[o] = q.t;
      last[o + 1] = q.inserted;
      this.delivered++;
      if (q.b === 1) q.unmovable(r);
      if (r < A) {
        this.current = r;
        let b = 0;
        while (r >= blockStart[b + 1]) b++;
        blocks[b].receiveAt(host, r - blockStart[b], q.t, q.b, q.w);
      } else {
        this.onSynapse(r - A, q.w, q.t, q.b);
      }
      last[o + 2] = q.inserted;
    }
    this.current = -1;
    return true;
  }

  /** Source `source` fires at time t (ms): record it and queue its NetCons' events. */
  spike(source: number, t: number): void {
    this.spikes[source].push(t);
    this.spikeCount++;
    this.fanOut(source, t);
  }

  /** Queue the events of source `source`'s NetCons for a spike at t (ms), without recording it (a spike another partition recorded). */
  fanOut(source: number, t: number): void {
    const { srcRun, runFrom, runDelay, runRing, fanTarget, fanPayload, queue } = this;
    for (let j = srcRun[source]; j < srcRun[source + 1]; j++) {
      const te = t + runDelay[j];
      const ring = runRing[j];
      if (ring >= 0) queue.insertFanout(te, ring, runFrom[j], runFrom[j + 1]);
      else for (let k = runFrom[j]; k < runFrom[j + 1]; k++) queue.insertEvent(te, fanTarget[k], fanPayload[k]);
    }
  }
}
