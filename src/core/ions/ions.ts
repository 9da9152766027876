/**
 * Ions as NEURON 8.2 has them (src/nrnoc/eion.cpp, membdef.h): per species a charge, default
 * concentrations inside/outside and a reversal potential; per segment a style bitmap that says
 * whether concentrations are initialised from the globals (`nai0_na_ion`, …) and whether the
 * reversal potential follows the Nernst equation at initialisation and at every step. The style
 * comes from what the mechanisms on the segment read and write (`USEION … READ … WRITE …`,
 * NEURON's `nrn_promote`), or is set by the user (`ion_style`).
 *
 * Units: concentrations mM, potentials mV, temperature °C, current density mA/cm².
 */

/** Faraday's constant (C/mol), CODATA 2018 as NEURON 8.2 uses it: e·N_A. */
export const FARADAY = 1.602176634e-19 * 6.02214076e23;
/** The gas constant (J/(mol·K)), CODATA 2018: k_B·N_A. */
export const GAS_CONSTANT = 1.380649e-23 * 6.02214076e23;

/** RT/F in mV at a temperature (°C): NEURON's `ktf`. */
export function ktf(celsius: number): number {
  return (1000 * GAS_CONSTANT * (celsius + 273.15)) / FARADAY;
}

/**
 * The Nernst potential (mV) of an ion of charge `z` with concentrations `ci` inside and `co`
 * outside (mM) at `celsius` (°C), with NEURON's edge cases: 0 for z = 0, +1e6 mV when ci ≤ 0,
 * −1e6 mV when co ≤ 0.
 */
export function nernst(ci: number, co: number, z: number, celsius: number): number {
  if (z === 0) return 0;
  if (ci <= 0) return 1e6;
  if (co <= 0) return -1e6;
  return (ktf(celsius) / z) * Math.log(co / ci);
}

/** x / (e^x − 1), with NEURON's series near 0 (|x| < 1e-4). */
function efun(x: number): number {
  return Math.abs(x) < 1e-4 ? 1 - x / 2 : x / (Math.exp(x) - 1);
}

/**
 * The Goldman–Hodgkin–Katz current factor (mA/cm² per cm/s of permeability, as NEURON's `ghk`):
 * 1e-3 · z · F · (ci·efun(−zv/ktf) − co·efun(zv/ktf)), at membrane potential `v` (mV).
 */
export function ghk(v: number, ci: number, co: number, z: number, celsius: number): number {
  const x = (z * v) / ktf(celsius);
  return 0.001 * z * FARADAY * (ci * efun(-x) - co * efun(x));
}

/** What NEURON knows of a species before any mechanism says more. */
export interface IonSpecies {
  name: string;
  /** Valence; null until a mechanism gives it (`VALENCE`), which NEURON requires for new ions. */
  charge: number | null;
  /** Initial inside / outside concentrations (mM): the globals `<ion>i0_<ion>_ion`, `<ion>o0_<ion>_ion`. */
  ci0: number;
  co0: number;
  /** Per-segment values before initialisation: reversal potential (mV), concentrations (mM). */
  e: number;
  ci: number;
  co: number;
}

/** vrest of NEURON's defaults (membdef.h), from which ena and ek are derived. */
const VREST = -65;

/** A species with NEURON's defaults: na, k, ca as membdef.h; any other ion 1 mM / 1 mM / 0 mV, charge unknown. */
export function ionSpecies(name: string): IonSpecies {
  switch (name) {
    case 'na':
      return { name, charge: 1, ci0: 10, co0: 140, e: 115 + VREST, ci: 10, co: 140 };
    case 'k':
      return { name, charge: 1, ci0: 54.4, co0: 2.5, e: -12 + VREST, ci: 54.4, co: 2.5 };
    case 'ca':
      // membdef.h: DEF_eca = 12.5 · ln(cao / cai), a fixed number, not the Nernst potential at celsius.
      return { name, charge: 2, ci0: 5e-5, co0: 2, e: 12.5 * Math.log(2 / 5e-5), ci: 5e-5, co: 2 };
    default:
      return { name, charge: null, ci0: 1, co0: 1, e: 0, ci: 1, co: 1 };
  }
}

/**
 * The style bitmap of an ion on a segment (eion.cpp): bits 0–1 concentration (0 unused,
 * 1 constant, 2 assigned, 3 state), bit 2 initialise concentrations, bits 3–4 reversal potential
 * (same levels), bit 5 initialise e from Nernst, bit 6 e from Nernst at every step.
 */
export type IonStyle = number;

export const STYLE_CINIT = 0o4;
export const STYLE_EINIT = 0o40;
export const STYLE_EADVANCE = 0o100;

/**
 * How one mechanism's USEION raises the style (nocmodl's `ion_promote` + NEURON's `nrn_promote`):
 * reading a concentration makes it constant (1), writing one a state (3); reading e makes it
 * constant (1), writing it a state (3). Returns the new style.
 */
export function promote(style: IonStyle, use: { read: readonly string[]; write: readonly string[] }, ion: string): IonStyle {
  const kind = (v: string): 'conc' | 'e' | 'current' | null => (v === `${ion}i` || v === `${ion}o` ? 'conc' : v === `e${ion}` ? 'e' : v === `i${ion}` ? 'current' : null);
  let conc = 0;
  let rev = 0;
  for (const v of use.read) {
    if (kind(v) === 'conc') conc = 1;
    if (kind(v) === 'e') rev = 1;
  }
  for (const v of use.write) {
    if (kind(v) === 'conc') conc = 3;
    if (kind(v) === 'e') rev = 3;
  }
  if (!conc && !rev) return style;
  let oldconc = Math.max(style & 0o3, conc);
  let oldrev = Math.max((style & 0o30) >> 3, rev);
  // A concentration that is used makes the reversal potential depend on it.
  if (oldconc > 0 && oldrev < 2) oldrev = 2;
  let out = (style & ~0o177) + oldconc + 0o10 * oldrev;
  if (oldconc === 3) {
    out += STYLE_CINIT;
    if (oldrev === 2) out += STYLE_EADVANCE;
  }
  if (oldconc > 0 && oldrev === 2) out += STYLE_EINIT;
  return out;
}

/**
 * The style NEURON's `ion_style(name, c_style, e_style, einit, eadvance, cinit)` sets (the
 * "written by a model" bits 0200/0400 of the old style are kept).
 */
export function ionStyle(old: IonStyle, c: number, e: number, einit: boolean, eadvance: boolean, cinit: boolean): IonStyle {
  return (old & (0o200 + 0o400)) + c + 0o10 * e + (einit ? STYLE_EINIT : 0) + (eadvance ? STYLE_EADVANCE : 0) + (cinit ? STYLE_CINIT : 0);
}

/** An ion on the segments of a cell: per-segment values (typed arrays aligned with the segments). */
export interface IonState {
  species: IonSpecies;
  style: Int32Array;
  /** Reversal potential (mV). */
  e: Float64Array;
  /** Concentrations inside / outside (mM). */
  ci: Float64Array;
  co: Float64Array;
  /** Summed current density of the mechanisms (mA/cm²) and its slope (S/cm²), reset every step. */
  i: Float64Array;
  didv: Float64Array;
}

/** An ion on `n` segments with its species' defaults and style 0. */
export function ionState(species: IonSpecies, n: number): IonState {
  return {
    species,
    style: new Int32Array(n),
    e: new Float64Array(n).fill(species.e),
    ci: new Float64Array(n).fill(species.ci),
    co: new Float64Array(n).fill(species.co),
    i: new Float64Array(n),
    didv: new Float64Array(n),
  };
}

/**
 * NEURON's `ion_init` at finitialize: concentrations from the globals where the style says so,
 * then e from Nernst where it says so. Must run before the mechanisms' INITIAL blocks.
 */
export function initIon(s: IonState, celsius: number): void {
  const z = s.species.charge ?? 0;
  const n = s.style.length;
  for (let k = 0; k < n; k++) {
    if (s.style[k] & STYLE_CINIT) {
      s.ci[k] = s.species.ci0;
      s.co[k] = s.species.co0;
    }
  }
  for (let k = 0; k < n; k++) if (s.style[k] & STYLE_EINIT) s.e[k] = nernst(s.ci[k], s.co[k], z, celsius);
}

/**
 * NEURON's `ion_cur` at the start of each current evaluation: the summed current and its slope
 * reset, and e from Nernst where the concentrations are states of a mechanism.
 */
export function ionCurrentStart(s: IonState, celsius: number): void {
  const z = s.species.charge ?? 0;
  s.i.fill(0);
  s.didv.fill(0);
  const n = s.style.length;
  for (let k = 0; k < n; k++) if (s.style[k] & STYLE_EADVANCE) s.e[k] = nernst(s.ci[k], s.co[k], z, celsius);
}

/** After a mechanism wrote concentrations at initialisation (`nrn_wrote_conc`): e follows where einit is set. */
export function wroteConcentration(s: IonState, k: number, celsius: number): void {
  if (s.style[k] & STYLE_EINIT) s.e[k] = nernst(s.ci[k], s.co[k], s.species.charge ?? 0, celsius);
}
