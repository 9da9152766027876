/**
 * NEURON's event queue (TQueue, tools/neuron/EVENTS.md §2.4), reproduced because the order of
 * events due at the same time decides spikes at threshold. NEURON keeps a cached *least* event
 * plus a FIFO-stable priority queue: an insert strictly earlier than the least takes its place
 * and pushes the old least behind the equal-time events already queued; anything else queues
 * behind equal times. In other words events leave in (time, sequence) order, where an event's
 * sequence number is its insertion number, renewed when it is pushed out of the least slot.
 *
 * Here the queued events live in three structures, all ordered by (time, sequence), and the
 * least is taken from whichever head is smallest:
 * - rings, one per NetCon delay: a spike's events are inserted in time order, so with one delay
 *   they arrive in (time, sequence) order and a FIFO ring holds them at O(1) per event (an
 *   event that would break the order goes to the heap instead);
 * - a self-event heap indexed by receiver: the one self-event of each cell that NEURON's
 *   net_move can re-time in place (the last sent with flag 1; IntFire2/4 move it at every
 *   input); an older one still pending when another flag-1 event is sent, and self-events with
 *   other flags, are ordinary queued events;
 * - a general heap for everything else.
 * Written here rather than taken from a library: it is the innermost loop of a network run and
 * needs exactly these semantics.
 */

/** A FIFO of events with nondecreasing (time, sequence). */
class Ring {
  t = new Float64Array(256);
  s = new Float64Array(256);
  a = new Int32Array(256);
  w = new Float64Array(256);
  head = 0;
  size = 0;
  lastT = -Infinity;

  push(t: number, s: number, a: number, w: number): void {
    if (this.size === this.t.length) this.grow();
    const i = (this.head + this.size) & (this.t.length - 1);
    this.t[i] = t;
    this.s[i] = s;
    this.a[i] = a;
    this.w[i] = w;
    this.size++;
    this.lastT = t;
  }

  shift(): void {
    this.head = (this.head + 1) & (this.t.length - 1);
    this.size--;
  }

  private grow(): void {
    const n = this.t.length;
    const unroll = <T extends Float64Array | Int32Array>(x: T, y: T): T => {
      for (let k = 0; k < this.size; k++) y[k] = x[(this.head + k) & (n - 1)];
      return y;
    };
    this.t = unroll(this.t, new Float64Array(2 * n));
    this.s = unroll(this.s, new Float64Array(2 * n));
    this.a = unroll(this.a, new Int32Array(2 * n));
    this.w = unroll(this.w, new Float64Array(2 * n));
    this.head = 0;
  }
}

/** A binary min-heap of events keyed by (time, sequence). */
class Heap {
  t = new Float64Array(256);
  s = new Float64Array(256);
  a = new Int32Array(256);
  /** Flag (0 for NetCon events; NMODL flags are doubles). */
  b = new Float64Array(256);
  w = new Float64Array(256);
  n = 0;

  push(t: number, s: number, a: number, b: number, w: number): void {
    if (this.n === this.t.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.t[p] < t || (this.t[p] === t && this.s[p] < s)) break;
      this.copy(p, i);
      i = p;
    }
    this.set(i, t, s, this.a, a, b, w);
  }

  private set(i: number, t: number, s: number, _a: Int32Array, a: number, b: number, w: number): void {
    this.t[i] = t;
    this.s[i] = s;
    this.a[i] = a;
    this.b[i] = b;
    this.w[i] = w;
  }

  popTop(): void {
    const last = --this.n;
    if (last === 0) return;
    const t = this.t[last];
    const s = this.s[last];
    const a = this.a[last];
    const b = this.b[last];
    const w = this.w[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let k = 2 * i + 1;
      const r = k + 1;
      if (r < last && (this.t[r] < this.t[k] || (this.t[r] === this.t[k] && this.s[r] < this.s[k]))) k = r;
      if (t < this.t[k] || (t === this.t[k] && s < this.s[k])) break;
      this.copy(k, i);
      i = k;
    }
    this.set(i, t, s, this.a, a, b, w);
  }

  private copy(from: number, to: number): void {
    this.t[to] = this.t[from];
    this.s[to] = this.s[from];
    this.a[to] = this.a[from];
    this.b[to] = this.b[from];
    this.w[to] = this.w[from];
  }

  private grow(): void {
    const n = 2 * this.t.length;
    const f = (x: Float64Array) => {
      const y = new Float64Array(n);
      y.set(x);
      return y;
    };
    const g = (x: Int32Array) => {
      const y = new Int32Array(n);
      y.set(x);
      return y;
    };
    this.t = f(this.t);
    this.s = f(this.s);
    this.w = f(this.w);
    this.b = f(this.b);
    this.a = g(this.a);
  }
}

/** Movable self-events, at most one per receiver, in a heap of receiver ids with positions. */
class SelfHeap {
  readonly t: Float64Array;
  readonly s: Float64Array;
  readonly flag: Float64Array;
  /** The event's payload (what NET_RECEIVE is called with besides the flag). */
  readonly w: Float64Array;
  /** Position of each receiver in `ids`, −1 if it has no pending self-event. */
  readonly pos: Int32Array;
  readonly ids: Int32Array;
  n = 0;

  constructor(receivers: number) {
    this.t = new Float64Array(receivers);
    this.s = new Float64Array(receivers);
    this.flag = new Float64Array(receivers);
    this.w = new Float64Array(receivers);
    this.pos = new Int32Array(receivers).fill(-1);
    this.ids = new Int32Array(receivers);
  }

  clear(): void {
    for (let k = 0; k < this.n; k++) this.pos[this.ids[k]] = -1;
    this.n = 0;
  }

  private less(x: number, y: number): boolean {
    return this.t[x] < this.t[y] || (this.t[x] === this.t[y] && this.s[x] < this.s[y]);
  }

  /** Add or re-time receiver r's self-event. */
  set(r: number, t: number, s: number, flag: number, w: number): void {
    this.t[r] = t;
    this.s[r] = s;
    this.flag[r] = flag;
    this.w[r] = w;
    let i = this.pos[r];
    if (i < 0) {
      i = this.n++;
      this.ids[i] = r;
      this.pos[r] = i;
    }
    this.up(this.down(i));
  }

  remove(r: number): void {
    const i = this.pos[r];
    if (i < 0) return;
    this.pos[r] = -1;
    const last = --this.n;
    if (i === last) return;
    const m = this.ids[last];
    this.ids[i] = m;
    this.pos[m] = i;
    this.up(this.down(i));
  }

  private up(i: number): void {
    const { ids, pos } = this;
    const r = ids[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = ids[p];
      if (!this.less(r, q)) break;
      ids[i] = q;
      pos[q] = i;
      i = p;
    }
    ids[i] = r;
    pos[r] = i;
  }

  private down(i: number): number {
    const { ids, pos } = this;
    const r = ids[i];
    const n = this.n;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= n) break;
      if (k + 1 < n && this.less(ids[k + 1], ids[k])) k++;
      const q = ids[k];
      if (!this.less(q, r)) break;
      ids[i] = q;
      pos[q] = i;
      i = k;
    }
    ids[i] = r;
    pos[r] = i;
    return i;
  }
}

/** Kinds of the least event's home, for putting it back when it is pushed out. */
const NONE = 0;
const EVENT = 1;
const SELF = 2;

export class EventQueue {
  private readonly rings: Ring[] = [];
  private readonly ringOfDelay = new Map<number, number>();
  private readonly heap = new Heap();
  private readonly self: SelfHeap;
  private counter = 0;
  /** The least event, outside all structures. */
  private least = NONE;
  private lt = 0;
  private ls = 0;
  private la = 0;
  private lb = 0;
  private lw = 0;

  /** Payload of the last popped event: time (ms), receiver, flag (0 = a NetCon event), weight. */
  t = 0;
  a = 0;
  b = 0;
  w = 0;

  /**
   * @param receivers how many receivers can have a self-event (NEURON: one pending per cell)
   * @param delays the NetCon delays (ms) worth a FIFO ring each
   */
  constructor(receivers: number, delays: Iterable<number> = []) {
    this.self = new SelfHeap(receivers);
    for (const d of delays) {
      if (!this.ringOfDelay.has(d)) {
        this.ringOfDelay.set(d, this.rings.length);
        this.rings.push(new Ring());
      }
    }
  }

  /** Events queued. */
  get size(): number {
    let n = this.heap.n + this.self.n + (this.least !== NONE ? 1 : 0);
    for (const r of this.rings) n += r.size;
    return n;
  }

  clear(): void {
    this.counter = 0;
    this.least = NONE;
    this.heap.n = 0;
    this.self.clear();
    for (const r of this.rings) {
      r.head = 0;
      r.size = 0;
      r.lastT = -Infinity;
    }
  }

  /** Time (ms) of the next event, or Infinity. */
  peekTime(): number {
    return this.least !== NONE ? this.lt : Infinity;
  }

  /** The ring for NetCon delay `delay` (ms), or −1; pass it to insertEvent. */
  ringOf(delay: number): number {
    return this.ringOfDelay.get(delay) ?? -1;
  }

  /** A NetCon event for receiver `a` with weight `w` at te (ms); `ring` is ringOf(its delay) or −1. */
  insertEvent(te: number, a: number, w: number, ring = -1): void {
    const s = this.counter++;
    if (this.least === NONE) return this.setLeast(EVENT, te, s, a, 0, w);
    if (te < this.lt) {
      this.bumpLeast();
      return this.setLeast(EVENT, te, s, a, 0, w);
    }
    if (ring >= 0) {
      const g = this.rings[ring];
      if (g.size === 0 || te >= g.lastT) return g.push(te, s, a, w);
    }
    this.heap.push(te, s, a, 0, w);
  }

  /**
   * Receiver a's self-event with `flag` and payload `w` at te (ms) (NEURON's net_send). A flag-1
   * event becomes the receiver's movable one (net_move re-times it); one it had before stays
   * queued where it is, no longer movable. `movable` false: never movable (a WATCH event).
   */
  insertSelf(te: number, a: number, flag: number, w = 0, movable = flag === 1): void {
    const s = this.counter++;
    const kind = movable ? SELF : EVENT;
    if (kind === SELF) this.unmovable(a);
    if (this.least === NONE) return this.setLeast(kind, te, s, a, flag, w);
    if (te < this.lt) {
      this.bumpLeast();
      return this.setLeast(kind, te, s, a, flag, w);
    }
    if (kind === SELF) this.self.set(a, te, s, flag, w);
    else this.heap.push(te, s, a, flag, w);
  }

  /** Receiver a's movable self-event, if any, becomes an ordinary queued event (same time and place in the order). */
  unmovable(a: number): void {
    if (this.least === SELF && this.la === a) this.least = EVENT;
    const sh = this.self;
    if (sh.pos[a] < 0) return;
    this.heap.push(sh.t[a], sh.s[a], a, sh.flag[a], sh.w[a]);
    sh.remove(a);
  }

  /** Whether receiver a has a movable (flag-1) self-event pending. */
  hasMovable(a: number): boolean {
    return (this.least === SELF && this.la === a) || this.self.pos[a] >= 0;
  }

  /** Move receiver a's pending flag-1 self-event to tnew (ms) (NEURON's net_move / TQueue::move); it must have one (hasMovable). */
  moveSelf(a: number, tnew: number): void {
    if (this.least === SELF && this.la === a) {
      // The least: it takes the new time, unless something queued is now strictly earlier,
      // which becomes the least while this one is queued behind equal times.
      const lb = this.lb;
      const lw = this.lw;
      this.least = NONE;
      if (this.refillIfBefore(tnew)) this.self.set(a, tnew, this.counter++, lb, lw);
      else this.setLeast(SELF, tnew, this.ls, a, lb, lw);
    } else if (this.least !== NONE && tnew < this.lt) {
      const flag = this.self.flag[a];
      const w = this.self.w[a];
      this.self.remove(a);
      this.bumpLeast();
      this.setLeast(SELF, tnew, this.counter++, a, flag, w);
    } else {
      this.self.set(a, tnew, this.counter++, this.self.flag[a], this.self.w[a]);
    }
  }

  /** Pop the least event if it is due at or before `til` (ms) into t/a/b/w; false otherwise. */
  pop(til: number): boolean {
    if (this.least === NONE || this.lt > til) return false;
    this.t = this.lt;
    this.a = this.la;
    this.b = this.lb;
    this.w = this.lw;
    this.least = NONE;
    this.refillIfBefore(Infinity);
    return true;
  }

  private setLeast(kind: number, t: number, s: number, a: number, b: number, w: number): void {
    this.least = kind;
    this.lt = t;
    this.ls = s;
    this.la = a;
    this.lb = b;
    this.lw = w;
  }

  /** The least is pushed out by an earlier insert: queue it behind equal times (a new sequence number). */
  private bumpLeast(): void {
    const s = this.counter++;
    if (this.least === SELF) this.self.set(this.la, this.lt, s, this.lb, this.lw);
    else this.heap.push(this.lt, s, this.la, this.lb, this.lw);
    this.least = NONE;
  }

  /**
   * Take the smallest queued event as the least if its time is strictly before `before`
   * (Infinity: any). Returns whether one was taken.
   */
  private refillIfBefore(before: number): boolean {
    let bt = Infinity;
    let bs = Infinity;
    let src = -3; // −1 heap, −2 self, k ≥ 0 ring k
    const h = this.heap;
    if (h.n > 0) {
      bt = h.t[0];
      bs = h.s[0];
      src = -1;
    }
    const sh = this.self;
    if (sh.n > 0) {
      const r = sh.ids[0];
      const t = sh.t[r];
      if (t < bt || (t === bt && sh.s[r] < bs)) {
        bt = t;
        bs = sh.s[r];
        src = -2;
      }
    }
    for (let k = 0; k < this.rings.length; k++) {
      const g = this.rings[k];
      if (g.size === 0) continue;
      const t = g.t[g.head];
      if (t < bt || (t === bt && g.s[g.head] < bs)) {
        bt = t;
        bs = g.s[g.head];
        src = k;
      }
    }
    if (src === -3 || !(bt < before)) return false;
    if (src === -1) {
      this.setLeast(EVENT, bt, bs, h.a[0], h.b[0], h.w[0]);
      h.popTop();
    } else if (src === -2) {
      const r = sh.ids[0];
      this.setLeast(SELF, bt, bs, r, sh.flag[r], sh.w[r]);
      sh.remove(r);
    } else {
      const g = this.rings[src];
      this.setLeast(EVENT, bt, bs, g.a[g.head], 0, g.w[g.head]);
      g.shift();
    }
    return true;
  }
}
