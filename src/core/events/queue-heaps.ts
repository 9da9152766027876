/** The queue's binary heaps, ordered by (time, sequence) like every part of EventQueue. */

/** A binary min-heap of events keyed by (time, sequence). */
export class Heap {
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

/**
 * Movable self-events, at most one per receiver (NEURON's net_move re-times it in place): a
 * 4-ary heap whose keys (time, sequence) are stored interleaved by heap position, so that
 * sifting reads neighbouring memory (a node's four children's keys are 64 bytes) rather than
 * entries of receivers scattered over the network, in half the levels of a binary heap; pos
 * finds a receiver. Keys are unique, so the order of removal is that of any exact heap.
 */
export class SelfHeap {
  /** Time (ms) at 2i and sequence at 2i + 1 of the entry at heap position i. */
  readonly key: Float64Array;
  /** Receiver of the entry at each heap position. */
  readonly ids: Int32Array;
  /** Flag and payload (what NET_RECEIVE is called with besides the flag) per receiver. */
  readonly flag: Float64Array;
  readonly w: Float64Array;
  /** Position of each receiver in the heap, −1 if it has no pending self-event. */
  readonly pos: Int32Array;
  n = 0;

  constructor(receivers: number) {
    this.key = new Float64Array(2 * receivers);
    this.ids = new Int32Array(receivers);
    this.flag = new Float64Array(receivers);
    this.w = new Float64Array(receivers);
    this.pos = new Int32Array(receivers).fill(-1);
  }

  clear(): void {
    for (let k = 0; k < this.n; k++) this.pos[this.ids[k]] = -1;
    this.n = 0;
  }

  /** Time (ms) of receiver r's pending self-event (it must have one). */
  timeOf(r: number): number {
    return this.key[2 * this.pos[r]];
  }

  /** Sequence number of receiver r's pending self-event (it must have one). */
  seqOf(r: number): number {
    return this.key[2 * this.pos[r] + 1];
  }

  /** Add or re-time receiver r's self-event. */
  set(r: number, t: number, s: number, flag: number, w: number): void {
    this.flag[r] = flag;
    this.w[r] = w;
    let i = this.pos[r];
    if (i < 0) i = this.n++;
    this.place(i, t, s, r);
  }

  remove(r: number): void {
    const i = this.pos[r];
    if (i < 0) return;
    this.pos[r] = -1;
    const last = --this.n;
    if (i === last) return;
    this.place(i, this.key[2 * last], this.key[2 * last + 1], this.ids[last]);
  }

  /** Put entry (t, s, r) at hole i and sift it up or down to its place. */
  private place(i: number, t: number, s: number, r: number): void {
    const { key, ids, pos } = this;
    if (i > 0) {
      const p = (i - 1) >> 2;
      if (t < key[2 * p] || (t === key[2 * p] && s < key[2 * p + 1])) {
        // Up.
        do {
          const q = (i - 1) >> 2;
          const qt = key[2 * q];
          if (!(t < qt || (t === qt && s < key[2 * q + 1]))) break;
          key[2 * i] = qt;
          key[2 * i + 1] = key[2 * q + 1];
          const m = ids[q];
          ids[i] = m;
          pos[m] = i;
          i = q;
        } while (i > 0);
        key[2 * i] = t;
        key[2 * i + 1] = s;
        ids[i] = r;
        pos[r] = i;
        return;
      }
    }
    // Down: the least of up to four children moves up while it is less than (t, s).
    const n = this.n;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      let k = c;
      let kt = key[2 * c];
      let ks = key[2 * c + 1];
      const end = Math.min(c + 4, n);
      for (let j = c + 1; j < end; j++) {
        const jt = key[2 * j];
        if (jt < kt || (jt === kt && key[2 * j + 1] < ks)) {
          k = j;
          kt = jt;
          ks = key[2 * j + 1];
        }
      }
      if (!(kt < t || (kt === t && ks < s))) break;
      key[2 * i] = kt;
      key[2 * i + 1] = ks;
      const m = ids[k];
      ids[i] = m;
      pos[m] = i;
      i = k;
    }
    key[2 * i] = t;
    key[2 * i + 1] = s;
    ids[i] = r;
    pos[r] = i;
  }
}
