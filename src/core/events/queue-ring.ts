/**
 * A FIFO of queued events with nondecreasing (time, sequence), for one NetCon delay: a spike's
 * events with that delay are inserted in time order, so they arrive in order and cost O(1).
 * An entry is either one event (receiver a, weight w) or a *fan-out*: the events of one spike
 * to the NetCon slots [k, end) of the fan-out arrays (EventQueue.setFanout), all at time t with
 * consecutive sequence numbers from s. A spike to k targets is then one entry, not k, and its
 * events are read from the typed fan-out arrays in NetCon order as they are delivered.
 */
export class Ring {
  t = new Float64Array(256);
  /** Sequence number of the entry's next event. */
  s = new Float64Array(256);
  /** Next fan-out slot, or −1 for a single event. */
  k = new Int32Array(256);
  /** End of the fan-out slots; for a single event its receiver. */
  end = new Int32Array(256);
  /** Weight of a single event. */
  w = new Float64Array(256);
  head = 0;
  /** Entries queued. */
  size = 0;
  /** Events queued (a fan-out counts its remaining events). */
  events = 0;
  lastT = -Infinity;

  /** Whether an entry at time t (ms) keeps the order (the caller's sequence numbers only grow). */
  accepts(t: number): boolean {
    return this.size === 0 || t >= this.lastT;
  }

  pushEvent(t: number, s: number, a: number, w: number): void {
    const i = this.slot(t);
    this.s[i] = s;
    this.k[i] = -1;
    this.end[i] = a;
    this.w[i] = w;
    this.events++;
  }

  pushFanout(t: number, s: number, k: number, end: number): void {
    const i = this.slot(t);
    this.s[i] = s;
    this.k[i] = k;
    this.end[i] = end;
    this.events += end - k;
  }

  /** Drop the head entry's next event (after reading it). */
  advance(): void {
    const h = this.head;
    this.events--;
    const k = this.k[h];
    if (k >= 0 && k + 1 < this.end[h]) {
      this.k[h] = k + 1;
      this.s[h]++;
      return;
    }
    this.head = (h + 1) & (this.t.length - 1);
    this.size--;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.events = 0;
    this.lastT = -Infinity;
  }

  private slot(t: number): number {
    if (this.size === this.t.length) this.grow();
    const i = (this.head + this.size) & (this.t.length - 1);
    this.t[i] = t;
    this.size++;
    this.lastT = t;
    return i;
  }

  private grow(): void {
    const n = this.t.length;
    const unroll = <T extends Float64Array | Int32Array>(x: T, y: T): T => {
      for (let j = 0; j < this.size; j++) y[j] = x[(this.head + j) & (n - 1)];
      return y;
    };
    this.t = unroll(this.t, new Float64Array(2 * n));
    this.s = unroll(this.s, new Float64Array(2 * n));
    this.k = unroll(this.k, new Int32Array(2 * n));
    this.end = unroll(this.end, new Int32Array(2 * n));
    this.w = unroll(this.w, new Float64Array(2 * n));
    this.head = 0;
  }
}
