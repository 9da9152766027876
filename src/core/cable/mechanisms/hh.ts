import type { MechanismKernel, StepArrays } from './kernel.ts';

/**
 * Parameters of NEURON's built-in `hh` (hh.mod: squid axon Na, K and leak at 6.3 °C).
 * Conductances in S/cm², potentials in mV. ena/ek are the ion reversal potentials
 * (NEURON's defaults for na_ion/k_ion: +50, −77 mV).
 */
export interface HhParams {
  gnabar: number;
  gkbar: number;
  gl: number;
  el: number;
  ena: number;
  ek: number;
}

export const HH_DEFAULTS: HhParams = { gnabar: 0.12, gkbar: 0.036, gl: 0.0003, el: -54.3, ena: 50, ek: -77 };

/** hh.mod's vtrap: x/(exp(x/y) − 1), with its series limit near x = 0. */
function vtrap(x: number, y: number): number {
  return Math.abs(x / y) < 1e-6 ? y * (1 - x / y / 2) : x / (Math.exp(x / y) - 1);
}

/** Steady states and time constants (ms) of m, h, n at voltage v (mV) and temperature factor q10. */
function rates(v: number, q10: number, out: Float64Array, o: number): void {
  let alpha = 0.1 * vtrap(-(v + 40), 10);
  let beta = 4 * Math.exp(-(v + 65) / 18);
  let sum = alpha + beta;
  out[o] = alpha / sum; // minf
  out[o + 1] = 1 / (q10 * sum); // mtau
  alpha = 0.07 * Math.exp(-(v + 65) / 20);
  beta = 1 / (Math.exp(-(v + 35) / 10) + 1);
  sum = alpha + beta;
  out[o + 2] = alpha / sum; // hinf
  out[o + 3] = 1 / (q10 * sum); // htau
  alpha = 0.01 * vtrap(-(v + 55), 10);
  beta = 0.125 * Math.exp(-(v + 65) / 80);
  sum = alpha + beta;
  out[o + 4] = alpha / sum; // ninf
  out[o + 5] = 1 / (q10 * sum); // ntau
}

// hh.mod tabulates its rates: TABLE ... FROM -100 TO 100 WITH 200, used with linear
// interpolation (NEURON's default usetable_hh = 1). Reproducing the table is what makes the
// traces agree with NEURON to round-off rather than to ~1e-4 mV.
const TMIN = -100;
const TN = 200;

/** The rate table for a temperature: 201 rows of [minf, mtau, hinf, htau, ninf, ntau]. */
export function hhTable(celsius: number): Float64Array {
  const q10 = Math.pow(3, (celsius - 6.3) / 10);
  const t = new Float64Array((TN + 1) * 6);
  const dx = (100 - TMIN) / TN;
  for (let i = 0; i <= TN; i++) rates(TMIN + i * dx, q10, t, i * 6);
  return t;
}

/** Interpolated rates at v from table `t` into `out` (6 values), as NEURON's table lookup does. */
export function hhLookup(t: Float64Array, v: number, out: Float64Array): void {
  const xi = v - TMIN; // 1/dx = 1
  if (xi <= 0) {
    for (let k = 0; k < 6; k++) out[k] = t[k];
    return;
  }
  if (xi >= TN) {
    for (let k = 0; k < 6; k++) out[k] = t[TN * 6 + k];
    return;
  }
  if (xi !== xi) {
    out.fill(NaN);
    return;
  }
  const i = Math.floor(xi);
  const th = xi - i;
  const o = i * 6;
  for (let k = 0; k < 6; k++) out[k] = t[o + k] + th * (t[o + 6 + k] - t[o + k]);
}

/** Hodgkin–Huxley channels on the given nodes; states m, h, n per instance. */
export class HhKernel implements MechanismKernel {
  readonly name = 'hh';
  readonly m: Float64Array;
  readonly h: Float64Array;
  readonly n: Float64Array;
  private table: Float64Array = hhTable(6.3);
  private tableCelsius = 6.3;

  constructor(
    readonly nodes: Int32Array,
    readonly gnabar: Float64Array,
    readonly gkbar: Float64Array,
    readonly gl: Float64Array,
    readonly el: Float64Array,
    readonly ena: Float64Array,
    readonly ek: Float64Array,
  ) {
    this.m = new Float64Array(nodes.length);
    this.h = new Float64Array(nodes.length);
    this.n = new Float64Array(nodes.length);
  }

  initialize(a: StepArrays, celsius: number): void {
    if (celsius !== this.tableCelsius) {
      this.table = hhTable(celsius);
      this.tableCelsius = celsius;
    }
    const r = new Float64Array(6);
    for (let k = 0; k < this.nodes.length; k++) {
      hhLookup(this.table, a.v[this.nodes[k]], r);
      this.m[k] = r[0];
      this.h[k] = r[2];
      this.n[k] = r[4];
    }
  }

  current(a: StepArrays): void {
    const { v, rhs, d } = a;
    const { nodes, m, h, n, gnabar, gkbar, gl, el, ena, ek } = this;
    for (let k = 0; k < nodes.length; k++) {
      const i = nodes[k];
      const vi = v[i];
      const mk = m[k];
      const nk = n[k];
      const gna = gnabar[k] * mk * mk * mk * h[k];
      const n2 = nk * nk;
      const gk = gkbar[k] * n2 * n2;
      rhs[i] -= gna * (vi - ena[k]) + gk * (vi - ek[k]) + gl[k] * (vi - el[k]);
      d[i] += gna + gk + gl[k];
    }
  }

  advance(a: StepArrays, dt: number): void {
    const v = a.v;
    const { nodes, m, h, n, table } = this;
    for (let k = 0; k < nodes.length; k++) {
      // Inline table lookup (hot loop): see hhLookup.
      const xi = v[nodes[k]] - TMIN;
      let o: number;
      let th: number;
      if (xi > 0 && xi < TN) {
        const i = Math.floor(xi);
        o = i * 6;
        th = xi - i;
      } else if (xi <= 0) {
        o = 0;
        th = 0;
      } else if (xi >= TN) {
        // Beyond the table NEURON uses its last row; t[199] + 1·(t[200] − t[199]) is that row.
        o = (TN - 1) * 6;
        th = 1;
      } else {
        m[k] = h[k] = n[k] = NaN;
        continue;
      }
      const minf = table[o] + th * (table[o + 6] - table[o]);
      const mtau = table[o + 1] + th * (table[o + 7] - table[o + 1]);
      const hinf = table[o + 2] + th * (table[o + 8] - table[o + 2]);
      const htau = table[o + 3] + th * (table[o + 9] - table[o + 3]);
      const ninf = table[o + 4] + th * (table[o + 10] - table[o + 4]);
      const ntau = table[o + 5] + th * (table[o + 11] - table[o + 5]);
      // cnexp, written as NEURON's generated C so the rounding matches.
      let r = -1.0 / mtau;
      m[k] += (1 - Math.exp(dt * r)) * (-(minf / mtau) / r - m[k]);
      r = -1.0 / htau;
      h[k] += (1 - Math.exp(dt * r)) * (-(hinf / htau) / r - h[k]);
      r = -1.0 / ntau;
      n[k] += (1 - Math.exp(dt * r)) * (-(ninf / ntau) / r - n[k]);
    }
  }
}
