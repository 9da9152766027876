import { CoreError } from '../errors.ts';
import type { CellHost, IntFire1, IntFire2, IntFire4 } from './intfire.ts';
import type { NetStim } from './netstim.ts';
import { EventQueue } from './queue.ts';

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
 * order, at t + delay.
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
  private readonly ncStart: Int32Array;
  private readonly ncTarget: Int32Array;
  private readonly ncWeight: Float64Array;
  private readonly ncDelay: Float64Array;
  private readonly ncRing: Int32Array;
  /** The creation index of each NetCon slot (slots are grouped by source). */
  private readonly ncIndex: Int32Array;
  /** Receivers whose NetCon events carry the NetCon's index instead of its weight. */
  private readonly byNetCon: Uint8Array;
  private current = -1;
  private readonly host: CellHost;

  constructor(
    readonly cells: ArtificialCell[],
    readonly synapses: number,
    readonly externalSources: number,
    nc: NetCons,
  ) {
    const A = cells.length;
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
    // NetCons grouped by source, creation order kept within a source.
    this.ncStart = new Int32Array(nSources + 1);
    for (let k = 0; k < m; k++) this.ncStart[nc.source[k] + 1]++;
    for (let s = 0; s < nSources; s++) this.ncStart[s + 1] += this.ncStart[s];
    const fill = this.ncStart.slice(0, nSources);
    this.ncTarget = new Int32Array(m);
    this.ncWeight = new Float64Array(m);
    this.ncDelay = new Float64Array(m);
    this.ncRing = new Int32Array(m);
    this.ncIndex = new Int32Array(m);
    this.byNetCon = new Uint8Array(nReceivers);
    for (let k = 0; k < m; k++) {
      const j = fill[nc.source[k]]++;
      this.ncIndex[j] = k;
      this.ncTarget[j] = nc.target[k];
      this.ncWeight[j] = nc.weight[k];
      this.ncDelay[j] = nc.delay[k];
      this.ncRing[j] = this.queue.ringOf(nc.delay[k]);
    }
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
    for (let r = 0; r < this.A; r++) {
      this.current = r;
      this.cells[r].initialize(this.host, 0);
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
    while (q.pop(til)) {
      this.delivered++;
      const r = q.a;
      // nocmodl's NET_RECEIVE starts with `if (_lflag == 1.) *_tqitem = 0`: a delivered flag-1
      // event leaves nothing for net_move, even if another flag-1 event is still queued.
      if (q.b === 1) q.unmovable(r);
      if (r < A) {
        this.current = r;
        this.cells[r].receive(this.host, q.t, q.b, q.w);
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
    this.byNetCon.fill(1, this.A + from, this.A + to);
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

  /** Source `source` fires at time t (ms): record it and queue its NetCons' events. */
  spike(source: number, t: number): void {
    this.spikes[source].push(t);
    this.spikeCount++;
    const { ncStart, ncTarget, ncWeight, ncDelay, ncRing, queue, byNetCon, ncIndex } = this;
    for (let k = ncStart[source]; k < ncStart[source + 1]; k++) {
      const target = ncTarget[k];
      if (target >= 0) queue.insertEvent(t + ncDelay[k], target, byNetCon[target] ? ncIndex[k] : ncWeight[k], ncRing[k]);
    }
  }
}
