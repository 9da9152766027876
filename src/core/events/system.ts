import { CoreError } from '../errors.ts';
import type { CellHost, IntFire1, IntFire2, IntFire4 } from './intfire.ts';
import type { NetStim } from './netstim.ts';
import { EventQueue } from './queue.ts';

/** An artificial cell: anything that handles events and may fire (IntFire1/2/4, NetStim). */
export type ArtificialCell = IntFire1 | IntFire2 | IntFire4 | NetStim;

/**
 * A NetCon: from a source (an artificial cell index, or an external source such as a voltage
 * threshold detector, numbered after the artificial cells) to a target receiver (an artificial
 * cell index, or a synapse numbered after the artificial cells; −1 for none: a spike
 * detector), with a weight and a delay (ms).
 */
export interface NetConSpec {
  source: number;
  target: number;
  weight: number;
  delay: number;
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
  /** Called when an event reaches synapse `index` with weight `w` (set by the cable engine). */
  onSynapse: (index: number, w: number) => void = () => {
    throw new CoreError('model', 'an event reached a synapse, but no cell handles synapses');
  };
  /** Events delivered so far in this run. */
  delivered = 0;

  private readonly A: number;
  private readonly ncStart: Int32Array;
  private readonly ncTarget: Int32Array;
  private readonly ncWeight: Float64Array;
  private readonly ncDelay: Float64Array;
  /** Version of each receiver's pending self-event; a moved event gets a new one. */
  private readonly version: Int32Array;
  private current = -1;
  private readonly host: CellHost;

  constructor(
    readonly cells: ArtificialCell[],
    readonly synapses: number,
    readonly externalSources: number,
    netcons: NetConSpec[],
  ) {
    const A = cells.length;
    this.A = A;
    const nSources = A + externalSources;
    const nReceivers = A + synapses;
    for (const [k, nc] of netcons.entries()) {
      if (!(Number.isInteger(nc.source) && nc.source >= 0 && nc.source < nSources)) throw new CoreError('model', `NetCon ${k}: source ${nc.source} does not exist`);
      if (!(Number.isInteger(nc.target) && nc.target >= -1 && nc.target < nReceivers)) throw new CoreError('model', `NetCon ${k}: target ${nc.target} does not exist`);
      if (!(nc.delay >= 0) || !Number.isFinite(nc.delay)) throw new CoreError('model', `NetCon ${k}: delay must be a non-negative number of ms, got ${nc.delay}`);
      if (!Number.isFinite(nc.weight)) throw new CoreError('model', `NetCon ${k}: weight must be a finite number, got ${nc.weight}`);
    }
    // NetCons grouped by source, creation order kept within a source.
    this.ncStart = new Int32Array(nSources + 1);
    for (const nc of netcons) this.ncStart[nc.source + 1]++;
    for (let s = 0; s < nSources; s++) this.ncStart[s + 1] += this.ncStart[s];
    const fill = this.ncStart.slice(0, nSources);
    this.ncTarget = new Int32Array(netcons.length);
    this.ncWeight = new Float64Array(netcons.length);
    this.ncDelay = new Float64Array(netcons.length);
    for (const nc of netcons) {
      const k = fill[nc.source]++;
      this.ncTarget[k] = nc.target;
      this.ncWeight[k] = nc.weight;
      this.ncDelay[k] = nc.delay;
    }
    this.version = new Int32Array(nReceivers);
    const version = this.version;
    this.queue = new EventQueue((a, c) => c < 0 || c === version[a]);
    this.spikes = Array.from({ length: nSources }, () => []);
    this.host = {
      fire: (t) => this.spike(this.current, t),
      sendSelf: (t, flag) => this.queue.insert(t, this.current, flag, this.version[this.current], 0),
      moveSelf: (t) => {
        const r = this.current;
        const old = this.version[r];
        const next = (this.version[r] = old + 1);
        this.queue.move(r, 1, old, next, t);
      },
    };
  }

  /** finitialize: empty the queue and the spike records, run every cell's INITIAL at t = 0 (in index order). */
  initialize(): void {
    this.queue.clear();
    this.version.fill(0);
    this.delivered = 0;
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
      if (r < A) {
        this.current = r;
        this.cells[r].receive(this.host, q.t, q.b, q.w);
      } else {
        this.onSynapse(r - A, q.w);
      }
    }
    this.current = -1;
  }

  /** Source `source` fires at time t (ms): record it and queue its NetCons' events. */
  spike(source: number, t: number): void {
    this.spikes[source].push(t);
    const { ncStart, ncTarget, ncWeight, ncDelay, queue } = this;
    for (let k = ncStart[source]; k < ncStart[source + 1]; k++) {
      const target = ncTarget[k];
      if (target >= 0) queue.insert(t + ncDelay[k], target, 0, -1, ncWeight[k]);
    }
  }
}
