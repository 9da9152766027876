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
 * - rings, one per common NetCon delay (queue-ring.ts): a spike's events are inserted in time
 *   order, so with one delay they arrive in (time, sequence) order and a FIFO ring holds them;
 *   a spike's events to all its targets with that delay are one ring entry (a fan-out) read
 *   from typed arrays on delivery, with consecutive sequence numbers, exactly where NEURON's
 *   one-by-one inserts would put them (an entry that would break the order goes to the heap
 *   instead, event by event);
 * - a self-event heap (queue-heaps.ts) indexed by receiver: the one self-event of each cell that NEURON's
 *   net_move can re-time in place (the last sent with flag 1; IntFire2/4 move it at every
 *   input); an older one still pending when another flag-1 event is sent, and self-events with
 *   other flags, are ordinary queued events;
 * - a general heap for everything else.
 * Written here rather than taken from a library: it is the innermost loop of a network run and
 * needs exactly these semantics.
 */

import { Heap, SelfHeap } from './queue-heaps.ts';
import { Ring } from './queue-ring.ts';

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
  /** Fan-out slots: receiver and payload of each (setFanout). */
  private fanTarget: Int32Array = new Int32Array(0);
  private fanPayload: Float64Array = new Float64Array(0);
  /** The least event, outside all structures. */
  private least = NONE;
  private lt = 0;
  private ls = 0;
  private la = 0;
  private lb = 0;
  private lw = 0;

  /** Payload of the last popped event: time (ms), receiver, flag (0 = a NetCon event), weight, sequence number. */
  t = 0;
  a = 0;
  b = 0;
  w = 0;
  s = 0;

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

  /** Sequence numbers handed out so far: an event queued before now has a smaller one (a partitioned run's tie check). */
  get inserted(): number {
    return this.counter;
  }

  /** Events queued. */
  get size(): number {
    let n = this.heap.n + this.self.n + (this.least !== NONE ? 1 : 0);
    for (const r of this.rings) n += r.events;
    return n;
  }

  clear(): void {
    this.counter = 0;
    this.least = NONE;
    this.heap.n = 0;
    this.self.clear();
    for (const r of this.rings) r.clear();
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
      if (g.accepts(te)) return g.pushEvent(te, s, a, w);
    }
    this.heap.push(te, s, a, 0, w);
  }

  /**
   * The fan-out slots insertFanout refers to: slot k is an event for receiver target[k] with
   * weight payload[k]. Kept by reference (the caller may update payloads between runs).
   */
  setFanout(target: Int32Array, payload: Float64Array): void {
    this.fanTarget = target;
    this.fanPayload = payload;
  }

  /**
   * Events at te (ms) for fan-out slots [k0, k1), in slot order, as if each were inserted with
   * insertEvent one after the other; `ring` is ringOf(their delay), ≥ 0.
   */
  insertFanout(te: number, ring: number, k0: number, k1: number): void {
    if (k1 <= k0) return;
    const g = this.rings[ring];
    if (!g.accepts(te)) {
      for (let k = k0; k < k1; k++) this.insertEvent(te, this.fanTarget[k], this.fanPayload[k]);
      return;
    }
    // One by one, the first event would take the least's place if earlier and the rest queue
    // behind it; the ring is then empty (everything queued is at or after the least, and the
    // ring accepted te), so the same happens with the whole fan-out in the ring and its first
    // event taken out. The pushed-out least's new sequence number differs from one-by-one
    // (before the fan-out's, not after its first) but it is later in time, so no order changes.
    if (this.least !== NONE && te < this.lt) this.bumpLeast();
    g.pushFanout(te, this.counter, k0, k1);
    this.counter += k1 - k0;
    if (this.least === NONE) this.takeRing(g);
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
    this.heap.push(sh.timeOf(a), sh.seqOf(a), a, sh.flag[a], sh.w[a]);
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
    this.s = this.ls;
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
      const t = sh.key[0];
      if (t < bt || (t === bt && sh.key[1] < bs)) {
        bt = t;
        bs = sh.key[1];
        src = -2;
      }
    }
    const rings = this.rings;
    for (let k = 0; k < rings.length; k++) {
      const g = rings[k];
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
      this.takeRing(this.rings[src]);
    }
    return true;
  }

  /** The head event of ring g becomes the least. */
  private takeRing(g: Ring): void {
    const h = g.head;
    const k = g.k[h];
    if (k < 0) this.setLeast(EVENT, g.t[h], g.s[h], g.end[h], 0, g.w[h]);
    else this.setLeast(EVENT, g.t[h], g.s[h], this.fanTarget[k], 0, this.fanPayload[k]);
    g.advance();
  }
}
