
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

/** The rates computed exactly at v (mV), as with usetable_hh = 0: [minf, mtau, hinf, htau, ninf, ntau]. */
export function hhRatesExact(v: number, celsius: number): Float64Array {
  const out = new Float64Array(6);
  rates(v, hhQ10(celsius), out, 0);
  return out;
}

/** hh.mod's temperature factor 3^((celsius − 6.3)/10). */
export function hhQ10(celsius: number): number {
  return Math.pow(3, (celsius - 6.3) / 10);
}

// hh.mod tabulates its rates: TABLE ... FROM -100 TO 100 WITH 200, used with linear
// interpolation (NEURON's default usetable_hh = 1). Reproducing the table is what makes the
// traces agree with NEURON to round-off rather than to ~1e-4 mV.
const TMIN = -100;
const TN = 200;

/** The rate table for a temperature: 201 rows of [minf, mtau, hinf, htau, ninf, ntau]. */
export function hhTable(celsius: number): Float64Array {
  const q10 = hhQ10(celsius);
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

/** Bytes per hh record in the integrator's memory (m h n gnabar gkbar gl el ena ek i g, padded) and per table row. */
export const HH_ROW_BYTES = 96;

/** Bytes per pair of hh instances in the solver's memory: 12 fields × two lanes (cable.wat). */
export const HH_PAIR_BYTES = 192;

/** The fields of an hh instance in the solver's memory, in cable.wat's order (i and g: its current and conductance). */
const HH_MEMORY_FIELDS = ['m', 'h', 'n', 'gnabar', 'gkbar', 'gl', 'el', 'ena', 'ek', 'i', 'g'] as const;

/** Byte offset of a field of hh instance k in the hh array. */
export function hhFieldByte(k: number, field: (typeof HH_MEMORY_FIELDS)[number]): number {
  return (k >> 1) * HH_PAIR_BYTES + (k & 1) * 8 + 16 * HH_MEMORY_FIELDS.indexOf(field);
}

/**
 * The rate table as the integrator reads it: 200 rows, each [minf, mtau, hinf, htau, ninf,
 * ntau] followed by its slopes to the next row, so an interpolation is one multiply-add (the
 * slopes are the same differences NEURON computes on the fly).
 */
export function hhRowsWithSlopes(t: Float64Array): Float64Array {
  const out = new Float64Array(TN * 12);
  for (let i = 0; i < TN; i++) {
    for (let k = 0; k < 6; k++) {
      out[i * 12 + k] = t[i * 6 + k];
      out[i * 12 + 6 + k] = t[(i + 1) * 6 + k] - t[i * 6 + k];
    }
  }
  return out;
}
