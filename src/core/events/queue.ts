/**
 * A time-ordered event queue: a binary min-heap over typed arrays keyed by (time, insertion
 * order), so events due at the same time come out first-in first-out, as NEURON delivers
 * them. Each event carries two integers (what to deliver, to whom) and a number (its weight).
 * Written here rather than taken from a library because it is the innermost loop of a network
 * run (millions of events per second) and needs the FIFO tie-break, which the fast typed heaps
 * on npm (flatqueue) do not give and the comparator-based ones (tinyqueue) make slow.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private a: Int32Array;
  private b: Int32Array;
  private w: Float64Array;
  private n = 0;
  private counter = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.w = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time (ms) of the next event, or Infinity if the queue is empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  clear(): void {
    this.n = 0;
    this.counter = 0;
  }

  /** Add an event at time t (ms) with payload (a, b, w). */
  push(t: number, a: number, b: number, w: number): void {
    if (this.n === this.time.length) this.grow();
    const s = this.counter++;
    let i = this.n++;
    const { time, seq } = this;
    // Sift up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = time[p];
      if (tp < t || (tp === t && seq[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    this.a[i] = a;
    this.b[i] = b;
    this.w[i] = w;
  }

  /** The popped event's payload (valid until the next pop). */
  lastTime = 0;
  lastA = 0;
  lastB = 0;
  lastW = 0;

  /** Remove the earliest event into lastTime/lastA/lastB/lastW. Returns false if the queue is empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const { time, seq, a, b, w } = this;
    this.lastTime = time[0];
    this.lastA = a[0];
    this.lastB = b[0];
    this.lastW = w[0];
    const last = --this.n;
    if (last === 0) return true;
    const t = time[last];
    const s = seq[last];
    const la = a[last];
    const lb = b[last];
    const lw = w[last];
    // Sift the last element down from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < last && (time[r] < time[c] || (time[r] === time[c] && seq[r] < seq[c]))) c = r;
      if (t < time[c] || (t === time[c] && s < seq[c])) break;
      this.move(c, i);
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    a[i] = la;
    b[i] = lb;
    w[i] = lw;
    return true;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.a[to] = this.a[from];
    this.b[to] = this.b[from];
    this.w[to] = this.w[from];
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const g = <T extends Float64Array | Int32Array>(x: T, make: (n: number) => T): T => {
      const y = make(cap);
      y.set(x);
      return y;
    };
    this.time = g(this.time, (n) => new Float64Array(n));
    this.seq = g(this.seq, (n) => new Float64Array(n));
    this.a = g(this.a, (n) => new Int32Array(n));
    this.b = g(this.b, (n) => new Int32Array(n));
    this.w = g(this.w, (n) => new Float64Array(n));
  }
}
