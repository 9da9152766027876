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
 * binary heap whose keys are stored by heap position, so sifting reads neighbouring memory
 * rather than the entries of receivers scattered over the whole network; pos finds a receiver.
 */
export class SelfHeap {
  /** Time (ms), sequence and receiver of the entry at each heap position. */
  readonly ht: Float64Array;
  readonly hs: Float64Array;
  readonly ids: Int32Array;
  /** Flag and payload (what NET_RECEIVE is called with besides the flag) per receiver. */
  readonly flag: Float64Array;
  readonly w: Float64Array;
  /** Position of each receiver in the heap, −1 if it has no pending self-event. */
  readonly pos: Int32Array;
  n = 0;

  constructor(receivers: number) {
    this.ht = new Float64Array(receivers);
    this.hs = new Float64Array(receivers);
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
    return this.ht[this.pos[r]];
  }

  /** Sequence number of receiver r's pending self-event (it must have one). */
  seqOf(r: number): number {
    return this.hs[this.pos[r]];
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
    this.place(i, this.ht[last], this.hs[last], this.ids[last]);
  }

  /** Put entry (t, s, r) at hole i and sift it up or down to its place. */
  private place(i: number, t: number, s: number, r: number): void {
    const { ht, hs, ids, pos } = this;
    if (i > 0) {
      const p = (i - 1) >> 1;
      if (t < ht[p] || (t === ht[p] && s < hs[p])) {
        // Up.
        do {
          const q = (i - 1) >> 1;
          if (!(t < ht[q] || (t === ht[q] && s < hs[q]))) break;
          ht[i] = ht[q];
          hs[i] = hs[q];
          ids[i] = ids[q];
          pos[ids[i]] = i;
          i = q;
        } while (i > 0);
        ht[i] = t;
        hs[i] = s;
        ids[i] = r;
        pos[r] = i;
        return;
      }
    }
    // Down.
    const n = this.n;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= n) break;
      if (k + 1 < n && (ht[k + 1] < ht[k] || (ht[k + 1] === ht[k] && hs[k + 1] < hs[k]))) k++;
      if (!(ht[k] < t || (ht[k] === t && hs[k] < s))) break;
      ht[i] = ht[k];
      hs[i] = hs[k];
      ids[i] = ids[k];
      pos[ids[i]] = i;
      i = k;
    }
    ht[i] = t;
    hs[i] = s;
    ids[i] = r;
    pos[r] = i;
  }
}
