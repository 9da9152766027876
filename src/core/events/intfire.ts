/**
 * NEURON's integrate-and-fire artificial cells IntFire1, IntFire2 and IntFire4, as NEURON 8.2
 * runs them (tools/neuron/EVENTS.md §6; formulas from NEURON's intfire1.mod, intfire2.mod and
 * the van Elburg intfire4.mod). They have no per-step integration: at each event their state
 * is advanced analytically from the previous event time t0, and they fire (net_event) at exact
 * event times. Time in ms; the membrane state is dimensionless with threshold 1.
 */

export interface IntFire1Params {
  /** Membrane time constant (ms). */
  tau: number;
  /** Refractory period (ms); inputs during it are discarded. */
  refrac: number;
}
export const INTFIRE1_DEFAULTS: IntFire1Params = { tau: 10, refrac: 5 };

export interface IntFire2Params {
  /** Synaptic current time constant (ms); must exceed taum (NEURON sets taum + 0.1 otherwise). */
  taus: number;
  /** Membrane time constant (ms). */
  taum: number;
  /** Bias current (dimensionless; > 1 fires on its own). */
  ib: number;
}
export const INTFIRE2_DEFAULTS: IntFire2Params = { taus: 20, taum: 10, ib: 0 };

export interface IntFire4Params {
  /** Excitatory synaptic time constant (ms). */
  taue: number;
  /** Inhibitory synaptic time constants (ms): an inhibitory input decays with taui1 into a current that decays with taui2. */
  taui1: number;
  taui2: number;
  /** Membrane time constant (ms). */
  taum: number;
}
export const INTFIRE4_DEFAULTS: IntFire4Params = { taue: 5, taui1: 10, taui2: 20, taum: 50 };

/** What a cell can ask of the event system while it handles an event. */
export interface CellHost {
  /** The cell fires at time t (ms). */
  fire(t: number): void;
  /** Schedule a self-event with `flag` at time t (ms) (NEURON's net_send). */
  sendSelf(t: number, flag: number): void;
  /** Move the pending self-event to time t (ms) (NEURON's net_move). */
  moveSelf(t: number): void;
}

// ------------------------------------------------------------------------------------------
// IntFire1: m decays with tau; an input adds w; m > 1 fires, then refractory for refrac.

export class IntFire1 {
  m = 0;
  t0 = 0;
  refractory = 0;
  constructor(readonly p: IntFire1Params) {}

  initialize(_host: CellHost, t: number): void {
    this.m = 0;
    this.t0 = t;
    this.refractory = 0;
  }

  receive(host: CellHost, t: number, flag: number, w: number): void {
    if (this.refractory === 0) {
      this.m = this.m * Math.exp(-(t - this.t0) / this.p.tau);
      this.t0 = t;
      this.m = this.m + w;
      if (this.m > 1) {
        this.refractory = 1;
        this.m = 2;
        host.sendSelf(t + this.p.refrac, 1);
        host.fire(t);
      }
    } else if (flag === 1) {
      this.t0 = t;
      this.refractory = 0;
      this.m = 0;
    }
  }
}

// ------------------------------------------------------------------------------------------
// IntFire2: current i relaxes to ib with taus; membrane m follows i with taum; fires at m = 1.

/** Solve a + b·x^r + c·x = 1 for x by Newton's method from x (intfire2.mod's newton). */
function newton2(a: number, b: number, c: number, r: number, x: number): number {
  let dx = 1;
  let F = 0;
  let n = 0;
  while (Math.abs(dx) > 1e-6 || Math.abs(F - 1) > 1e-6) {
    F = a + b * Math.pow(x, r) + c * x;
    const dF = r * b * Math.pow(x, r - 1) + c;
    dx = (1 - F) / dF;
    x = x + dx;
    if (x <= 0) x = 1e-4;
    else if (x > 1) x = 1;
    n += 1;
    if (n > 10) {
      // NEURON prints "Intfire2 iter …" and gives up with the current x.
      F = 1;
      dx = 0;
    }
  }
  return x;
}

export class IntFire2 {
  i = 0;
  m = 0;
  t0 = 0;
  taus: number;
  constructor(readonly p: IntFire2Params) {
    this.taus = p.taus;
  }

  /** Time until a + b·e^(−T/taus) + (c − a − b)·e^(−T/taum) reaches 1 (1e9 if never). */
  firetime(a: number, b: number, c: number): number {
    const taus = this.taus;
    const taum = this.p.taum;
    const r = taum / taus;
    if (a <= 1 && a + b <= 1) return 1e9;
    if (a > 1 && b <= 0) {
      const cab = c - a - b;
      const s = r * b + cab;
      if (s >= 0) return -taus * Math.log(newton2(a, cab, b, 1 / r, 0));
      const x0 = (1 - c + s) / s;
      if (x0 <= 0) return -taus * Math.log(newton2(a, cab, b, 1 / r, 0));
      return -taum * Math.log(newton2(a, b, cab, r, x0));
    }
    const cab = c - a - b;
    const xm = Math.pow(-cab / (r * b), 1 / (r - 1));
    const fm = a + b * Math.pow(xm, r) + cab * xm;
    if (xm >= 1 || fm <= 1) return 1e9;
    const s = r * b + cab;
    const x0 = (1 - c + s) / s;
    return -taum * Math.log(newton2(a, b, cab, r, x0));
  }

  initialize(host: CellHost, t: number): void {
    this.taus = this.p.taus <= this.p.taum ? this.p.taum + 0.1 : this.p.taus;
    this.i = this.p.ib;
    this.m = 0;
    this.t0 = t;
    host.sendSelf(t + this.firetime(this.p.ib, 0, 0), 1);
  }

  receive(host: CellHost, t: number, flag: number, w: number): void {
    const { ib, taum } = this.p;
    const taus = this.taus;
    const f = taus / (taus - taum);
    const x = (this.i - ib) * Math.exp(-(t - this.t0) / taus);
    if (flag === 1) {
      const inew = ib + x;
      host.fire(t);
      this.m = 0;
      host.sendSelf(t + this.firetime(ib, (inew - ib) * f, 0), 1);
      this.t0 = t;
      this.i = inew;
    } else {
      this.m = ib + f * x + (this.m - (ib + (this.i - ib) * f)) * Math.exp(-(t - this.t0) / taum);
      const inew = ib + x + w;
      if (this.m >= 1) host.moveSelf(t);
      else host.moveSelf(t + this.firetime(ib, (inew - ib) * f, this.m));
      this.t0 = t;
      this.i = inew;
    }
  }
}

// ------------------------------------------------------------------------------------------
// IntFire4: excitatory current e (taue), inhibitory i1 → i2 (taui1, taui2), membrane m (taum).

/** IntFire4's precomputed rates and normalisation factors for one parameter set. */
export interface IntFire4Factors {
  /** Time constants after fixprecondition (ms). */
  taue: number;
  taui1: number;
  taui2: number;
  taum: number;
  ke: number;
  ki1: number;
  ki2: number;
  km: number;
  ae: number;
  be: number;
  ai1: number;
  bi1: number;
  ai2: number;
  bi2: number;
  a: number;
  b: number;
  /** Adjustments NEURON warns about (empty if none). */
  warnings: string[];
}

const TAUEPS = 0.01;
const EPS = 1e-6;

/** intfire4.mod's fixprecondition: keep the time constants apart (ms), in NEURON's order. */
function fixPrecondition(p: IntFire4Params, warnings: string[]): IntFire4Params {
  let { taue, taui1, taui2, taum } = p;
  const e = TAUEPS;
  taui2 = Math.max(taui2, 4 * e);
  taui1 = Math.max(taui1, 3 * e);
  taue = Math.max(taue, 2 * e);
  if (taue > taui2) {
    warnings.push(`Adjusted taue from ${taue} to ${taui2 - e} to ensure taue < taui2`);
    taue = taui2 - e;
  } else if (taui2 - taue < e) {
    taue = taui2 - e;
  }
  if (taui1 > taui2) {
    warnings.push('Swapped taui1 and taui2');
    const s = taui1;
    taui1 = taui2;
    taui2 = s;
  }
  if (taui2 - taui1 < e) taui1 = taui2 - e;
  if (taum <= taui2) {
    if (taui2 - taum < e) taum = taui2 - e;
    if (Math.abs(taui1 - taum) < e) taum = taui1 - e;
    if (Math.abs(taui1 - taum) < e) {
      if (taui1 - taum < 0) taum = taui1 - e;
      else taui1 = taum - e;
    }
    if (Math.abs(taue - taum) < e) {
      if (taue - taum < 0) taum = taue - e;
      else taue = taum - e;
    }
    if (Math.abs(taui1 - taum) < e) taum = taui1 - e;
  } else if (taum - taui2 < e) {
    taum = taui2 + e;
  }
  return { taue, taui1, taui2, taum };
}

/** The rates and factors of intfire4.mod's factors(), for a parameter set. */
export function intFire4Factors(params: IntFire4Params): IntFire4Factors {
  const warnings: string[] = [];
  const p = fixPrecondition(params, warnings);
  const ke = 1 / p.taue;
  const ki1 = 1 / p.taui1;
  const ki2 = 1 / p.taui2;
  const km = 1 / p.taum;
  let tp = Math.log(km / ke) / (km - ke);
  const be = 1 / (Math.exp(-km * tp) - Math.exp(-ke * tp));
  const ae = be * (ke - km);
  tp = Math.log(ki2 / ki1) / (ki2 - ki1);
  const bi1 = 1 / (Math.exp(-ki2 * tp) - Math.exp(-ki1 * tp));
  const ai1 = bi1 * (ki1 - ki2);
  // Normalise bi2 so that i1 = −1 alone gives a peak m of −1: find the peak time of m for
  // e = 0, i1 = 1 and scale.
  const f: IntFire4Factors = { ...p, ke, ki1, ki2, km, ae, be, ai1, bi1, ai2: 0, bi2: 1, a: 0, b: 0, warnings };
  f.ai2 = f.bi2 * (ki2 - km);
  f.a = f.bi2 * bi1;
  f.b = (f.a * (ki2 - km)) / (ki1 - km);
  tp = search(f);
  const peak = newStates(f, 0, 1, 0, 0, tp)[3];
  f.bi2 = 1 / peak;
  f.ai2 = f.bi2 * (ki2 - km);
  f.a = f.bi2 * bi1;
  f.b = (f.a * (ki2 - km)) / (ki1 - km);
  return f;
}

function deriv(f: IntFire4Factors, d: number): number {
  const { km, ki1, ki2 } = f;
  return (-km * Math.exp(-d * km) + ki2 * Math.exp(-d * ki2)) / (ki2 - km) - (-km * Math.exp(-d * km) + ki1 * Math.exp(-d * ki1)) / (ki1 - km);
}

/** The time of the peak of m after an inhibitory input (zero of deriv), by bracketing and bisection. */
function search(f: IntFire4Factors): number {
  let t1 = 1;
  let t2 = 0;
  if (deriv(f, t1) < 0) {
    while (deriv(f, t1) < 0 && t1 > 1e-9) {
      t2 = t1;
      t1 = t1 / 10;
    }
    if (deriv(f, t1) < 0) return 1e-9;
  } else {
    t2 = t1;
    while (deriv(f, t2) > 0 && t2 < 1e9) {
      t1 = t2;
      t2 = 10 * t2;
    }
    if (deriv(f, t2) > 0) return 1e9;
  }
  let s = 0;
  while (t2 - t1 > 1e-6) {
    s = (t1 + t2) / 2;
    if (deriv(f, s) > 0) t1 = s;
    else t2 = s;
  }
  return s;
}

/** IntFire4's analytic solution over d ms: [e, i1, i2, m] from [e, i1, i2, m] (newstates). */
function newStates(f: IntFire4Factors, e: number, i1: number, i2: number, m: number, d: number): [number, number, number, number] {
  const ee = Math.exp(-f.ke * d);
  const ei1 = Math.exp(-f.ki1 * d);
  const ei2 = Math.exp(-f.ki2 * d);
  const em = Math.exp(-f.km * d);
  const enew = e * ee;
  const i1new = i1 * ei1;
  const i2new = i2 * ei2 + f.bi1 * i1 * (ei2 - ei1);
  const mnew = m * em + f.be * e * (em - ee) + (f.bi2 * i2 + f.a * i1) * (em - ei2) - f.b * i1 * (em - ei1);
  return [enew, i1new, i2new, mnew];
}

export class IntFire4 {
  e = 0;
  i1 = 0;
  i2 = 0;
  m = 0;
  t0 = 0;
  constructor(readonly f: IntFire4Factors) {}

  /** A lower bound of the time until m reaches 1 (ms), or 1e9 if m is not rising. */
  firetimebound(): number {
    const slope = -this.f.km * this.m + this.f.ae * this.e + this.f.ai2 * this.i2;
    return slope <= 1e-9 ? 1e9 : (1 - this.m) / slope;
  }

  initialize(host: CellHost, t: number): void {
    this.e = this.i1 = this.i2 = this.m = 0;
    this.t0 = t;
    host.sendSelf(t + this.firetimebound(), 1);
  }

  receive(host: CellHost, t: number, flag: number, w: number): void {
    // newStates(t − t0), inlined: this runs once per delivered event.
    const f = this.f;
    const d = t - this.t0;
    const ee = Math.exp(-f.ke * d);
    const ei1 = Math.exp(-f.ki1 * d);
    const ei2 = Math.exp(-f.ki2 * d);
    const em = Math.exp(-f.km * d);
    const { e, i1, i2, m } = this;
    this.e = e * ee;
    this.i1 = i1 * ei1;
    this.i2 = i2 * ei2 + f.bi1 * i1 * (ei2 - ei1);
    this.m = m * em + f.be * e * (em - ee) + (f.bi2 * i2 + f.a * i1) * (em - ei2) - f.b * i1 * (em - ei1);
    this.t0 = t;
    if (this.m > 1 - EPS) {
      host.fire(t);
      this.m = 0;
    }
    if (flag === 1) {
      host.sendSelf(t + this.firetimebound(), 1);
    } else {
      if (w > 0) this.e += w;
      else this.i1 += w;
      host.moveSelf(t + this.firetimebound());
    }
  }
}
