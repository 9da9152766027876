/**
 * NEURON's event queue (TQueue, tools/neuron/EVENTS.md §2.4), reproduced because the order of
 * events due at the same time decides spikes at threshold: a cached *least* event plus a
 * FIFO-stable priority queue (the "tree"). An insert strictly earlier than the least takes its
 * place and pushes the old least into the tree behind the equal-time events already there;
 * anything else goes into the tree behind equal times. So it is not a plain (time, counter)
 * heap.
 *
 * The tree is a binary min-heap over typed arrays keyed by (time, insertion number). Events
 * carry three integers (receiver, flag, version) and a weight. A *movable* event (a cell's
 * pending self-event, NEURON's net_move) is moved by marking its old heap entry stale (the
 * receiver's version changes) and inserting it again, which is what "remove it from the tree,
 * enqueue it again" does to its FIFO position. Written here rather than taken from a library:
 * it is the innermost loop of a network run and needs exactly these semantics.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private ra: Int32Array;
  private rb: Int32Array;
  private rc: Int32Array;
  private rw: Float64Array;
  private n = 0;
  private counter = 0;
  /** The least event, if `hasLeast`. */
  private hasLeast = false;
  private lt = 0;
  private la = 0;
  private lb = 0;
  private lc = 0;
  private lw = 0;
  /** Tells whether a heap entry (receiver a, version c) is still current; stale ones are skipped. */
  private readonly isCurrent: (a: number, c: number) => boolean;

  /** Payload of the last popped event. */
  t = 0;
  a = 0;
  b = 0;
  c = 0;
  w = 0;

  constructor(isCurrent: (a: number, c: number) => boolean = () => true, capacity = 1024) {
    this.isCurrent = isCurrent;
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.ra = new Int32Array(capacity);
    this.rb = new Int32Array(capacity);
    this.rc = new Int32Array(capacity);
    this.rw = new Float64Array(capacity);
  }

  /** Events held (stale heap entries included). */
  get size(): number {
    return this.n + (this.hasLeast ? 1 : 0);
  }

  clear(): void {
    this.n = 0;
    this.counter = 0;
    this.hasLeast = false;
  }

  /** Time (ms) of the next event, or Infinity. */
  peekTime(): number {
    return this.hasLeast ? this.lt : Infinity;
  }

  /** Insert an event at time te (ms). */
  insert(te: number, a: number, b: number, c: number, w: number): void {
    if (!this.hasLeast) {
      this.setLeast(te, a, b, c, w);
    } else if (te < this.lt) {
      this.heapPush(this.lt, this.la, this.lb, this.lc, this.lw);
      this.setLeast(te, a, b, c, w);
    } else {
      this.heapPush(te, a, b, c, w);
    }
  }

  /** Pop the least event if it is due at or before `til` (ms) into t/a/b/c/w; false otherwise. */
  pop(til: number): boolean {
    if (!this.hasLeast || this.lt > til) return false;
    this.t = this.lt;
    this.a = this.la;
    this.b = this.lb;
    this.c = this.lc;
    this.w = this.lw;
    this.hasLeast = false;
    this.refillLeast();
    return true;
  }

  /**
   * Move the pending event of receiver `a` (current version `cOld`) to time `tnew` with the
   * new version `cNew` (NEURON's TQueue::move). The caller has already made `cOld` stale in
   * its `isCurrent` bookkeeping for heap entries, so the old heap copy will be skipped.
   */
  move(a: number, b: number, cOld: number, cNew: number, tnew: number): void {
    if (this.hasLeast && this.la === a && this.lc === cOld) {
      // The moved event is the least: it takes its new time, unless the tree now holds an
      // event strictly earlier, which then becomes the least.
      this.dropStaleTop();
      if (this.n > 0 && this.time[0] < tnew) {
        const lw = this.lw;
        this.hasLeast = false;
        this.refillLeast();
        this.heapPush(tnew, a, b, cNew, lw);
      } else {
        this.lt = tnew;
        this.lc = cNew;
      }
    } else if (this.hasLeast && tnew < this.lt) {
      this.heapPush(this.lt, this.la, this.lb, this.lc, this.lw);
      this.setLeast(tnew, a, b, cNew, 0);
    } else {
      this.heapPush(tnew, a, b, cNew, 0);
    }
  }

  private setLeast(t: number, a: number, b: number, c: number, w: number): void {
    this.hasLeast = true;
    this.lt = t;
    this.la = a;
    this.lb = b;
    this.lc = c;
    this.lw = w;
  }

  private dropStaleTop(): void {
    while (this.n > 0 && !this.isCurrent(this.ra[0], this.rc[0])) this.heapPopTop();
  }

  private refillLeast(): void {
    this.dropStaleTop();
    if (this.n === 0) return;
    this.setLeast(this.time[0], this.ra[0], this.rb[0], this.rc[0], this.rw[0]);
    this.heapPopTop();
  }

  private heapPush(t: number, a: number, b: number, c: number, w: number): void {
    if (this.n === this.time.length) this.grow();
    const s = this.counter++;
    let i = this.n++;
    const { time, seq } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = time[p];
      if (tp < t || (tp === t && seq[p] < s)) break;
      this.copy(p, i);
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    this.ra[i] = a;
    this.rb[i] = b;
    this.rc[i] = c;
    this.rw[i] = w;
  }

  private heapPopTop(): void {
    const last = --this.n;
    if (last === 0) return;
    const { time, seq } = this;
    const t = time[last];
    const s = seq[last];
    const a = this.ra[last];
    const b = this.rb[last];
    const c = this.rc[last];
    const w = this.rw[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let k = 2 * i + 1;
      const r = k + 1;
      if (r < last && (time[r] < time[k] || (time[r] === time[k] && seq[r] < seq[k]))) k = r;
      if (t < time[k] || (t === time[k] && s < seq[k])) break;
      this.copy(k, i);
      i = k;
    }
    time[i] = t;
    seq[i] = s;
    this.ra[i] = a;
    this.rb[i] = b;
    this.rc[i] = c;
    this.rw[i] = w;
  }

  private copy(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.ra[to] = this.ra[from];
    this.rb[to] = this.rb[from];
    this.rc[to] = this.rc[from];
    this.rw[to] = this.rw[from];
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const f = (x: Float64Array) => {
      const y = new Float64Array(cap);
      y.set(x);
      return y;
    };
    const g = (x: Int32Array) => {
      const y = new Int32Array(cap);
      y.set(x);
      return y;
    };
    this.time = f(this.time);
    this.seq = f(this.seq);
    this.rw = f(this.rw);
    this.ra = g(this.ra);
    this.rb = g(this.rb);
    this.rc = g(this.rc);
  }
}
