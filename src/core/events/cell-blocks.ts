/**
 * Cells of one kind held together, their state in one Float64Array (a stride of doubles per
 * cell), for networks of thousands of identical point neurons. Why: as objects, every event
 * reads a cell object and its double fields (each a separate heap box in V8), several cache
 * misses per event at random cells; here a cell's state is one cache line. The arithmetic is
 * intfire.ts's, expression for expression, so spikes are identical bit for bit.
 */
import type { ArtificialCell } from './system.ts';
import type { CellHost, IntFire1Params, IntFire4Factors } from './intfire.ts';

/** `count` cells with receivers numbered consecutively; `i` is the cell's index in the block. */
export interface CellBlock {
  readonly count: number;
  /** INITIAL of cell i at time t (ms). */
  initializeAt(host: CellHost, i: number, t: number): void;
  /** NET_RECEIVE of cell i at time t (ms) with `flag` (0: a NetCon event) and weight w. */
  receiveAt(host: CellHost, i: number, t: number, flag: number, w: number): void;
}

export function isCellBlock(x: ArtificialCell | CellBlock): x is CellBlock {
  return 'receiveAt' in x;
}

/** Cell objects (any mix of IntFire1/2/4 and NetStim) as a block. */
export class ObjectBlock implements CellBlock {
  constructor(readonly cells: ArtificialCell[]) {}
  get count(): number {
    return this.cells.length;
  }
  initializeAt(host: CellHost, i: number, t: number): void {
    this.cells[i].initialize(host, t);
  }
  receiveAt(host: CellHost, i: number, t: number, flag: number, w: number): void {
    this.cells[i].receive(host, t, flag, w);
  }
}

/** IntFire1 cells sharing parameters (intfire.ts IntFire1): state m, t0, refractory per cell. */
export class IntFire1Block implements CellBlock {
  /** m, t0, refractory of cell i at 4i, 4i + 1, 4i + 2. */
  readonly state: Float64Array;
  constructor(
    readonly p: IntFire1Params,
    readonly count: number,
  ) {
    this.state = new Float64Array(4 * count);
  }

  initializeAt(_host: CellHost, i: number, t: number): void {
    const o = 4 * i;
    this.state[o] = 0;
    this.state[o + 1] = t;
    this.state[o + 2] = 0;
  }

  receiveAt(host: CellHost, i: number, t: number, flag: number, w: number): void {
    const s = this.state;
    const o = 4 * i;
    if (s[o + 2] === 0) {
      let m = s[o] * Math.exp(-(t - s[o + 1]) / this.p.tau);
      s[o + 1] = t;
      m = m + w;
      s[o] = m;
      if (m > 1) {
        s[o + 2] = 1;
        s[o] = 2;
        host.sendSelf(t + this.p.refrac, 1);
        host.fire(t);
      }
    } else if (flag === 1) {
      s[o + 1] = t;
      s[o + 2] = 0;
      s[o] = 0;
    }
  }
}

const EPS = 1e-6;

/** IntFire4 cells sharing factors (intfire.ts IntFire4): state e, i1, i2, m, t0 per cell. */
export class IntFire4Block implements CellBlock {
  /** e, i1, i2, m, t0 of cell i at 8i … 8i + 4 (8: one 64-byte line per cell). */
  readonly state: Float64Array;
  constructor(
    readonly f: IntFire4Factors,
    readonly count: number,
  ) {
    this.state = new Float64Array(8 * count);
  }

  /** IntFire4.firetimebound of cell i (ms). */
  private bound(o: number): number {
    const s = this.state;
    const f = this.f;
    const slope = -f.km * s[o + 3] + f.ae * s[o] + f.ai2 * s[o + 2];
    return slope <= 1e-9 ? 1e9 : (1 - s[o + 3]) / slope;
  }

  initializeAt(host: CellHost, i: number, t: number): void {
    const o = 8 * i;
    this.state.fill(0, o, o + 4);
    this.state[o + 4] = t;
    host.sendSelf(t + this.bound(o), 1);
  }

  receiveAt(host: CellHost, i: number, t: number, flag: number, w: number): void {
    const f = this.f;
    const s = this.state;
    const o = 8 * i;
    const d = t - s[o + 4];
    const ee = Math.exp(-f.ke * d);
    const ei1 = Math.exp(-f.ki1 * d);
    const ei2 = Math.exp(-f.ki2 * d);
    const em = Math.exp(-f.km * d);
    const e = s[o];
    const i1 = s[o + 1];
    const i2 = s[o + 2];
    const m = s[o + 3];
    s[o] = e * ee;
    s[o + 1] = i1 * ei1;
    s[o + 2] = i2 * ei2 + f.bi1 * i1 * (ei2 - ei1);
    s[o + 3] = m * em + f.be * e * (em - ee) + (f.bi2 * i2 + f.a * i1) * (em - ei2) - f.b * i1 * (em - ei1);
    s[o + 4] = t;
    if (s[o + 3] > 1 - EPS) {
      host.fire(t);
      s[o + 3] = 0;
    }
    if (flag === 1) {
      host.sendSelf(t + this.bound(o), 1);
    } else {
      if (w > 0) s[o] += w;
      else s[o + 1] += w;
      host.moveSelf(t + this.bound(o));
    }
  }
}
