/**
 * Units a graph file may give a number in (`{ "value": 8, "unit": "nm" }`) and their exact
 * conversion to a block's unit. Only conversions that are a pure power of ten within one
 * quantity are done (µm/nm/mm/m, ms/s, mV/V, nA/pA/µA, µS/nS/mS, Hz/kHz): they cannot change
 * the meaning of a number, whereas anything else (°C/K, S/cm²/mS/cm², voxels) is a modelling
 * decision the user must make in a block.
 */

export type Quantity = 'length' | 'time' | 'voltage' | 'current' | 'conductance' | 'rate';

interface UnitInfo {
  quantity: Quantity;
  /** The unit is 10^exponent of the quantity's SI unit. */
  exponent: number;
}

const UNITS: Readonly<Record<string, UnitInfo>> = {
  m: { quantity: 'length', exponent: 0 },
  mm: { quantity: 'length', exponent: -3 },
  µm: { quantity: 'length', exponent: -6 },
  nm: { quantity: 'length', exponent: -9 },
  s: { quantity: 'time', exponent: 0 },
  ms: { quantity: 'time', exponent: -3 },
  µs: { quantity: 'time', exponent: -6 },
  V: { quantity: 'voltage', exponent: 0 },
  mV: { quantity: 'voltage', exponent: -3 },
  µV: { quantity: 'voltage', exponent: -6 },
  mA: { quantity: 'current', exponent: -3 },
  µA: { quantity: 'current', exponent: -6 },
  nA: { quantity: 'current', exponent: -9 },
  pA: { quantity: 'current', exponent: -12 },
  S: { quantity: 'conductance', exponent: 0 },
  mS: { quantity: 'conductance', exponent: -3 },
  µS: { quantity: 'conductance', exponent: -6 },
  nS: { quantity: 'conductance', exponent: -9 },
  pS: { quantity: 'conductance', exponent: -12 },
  Hz: { quantity: 'rate', exponent: 0 },
  kHz: { quantity: 'rate', exponent: 3 },
};

/** A unit's entry, own keys only: `__proto__` or `toString` written as a unit is no unit. */
function unitInfo(u: string): UnitInfo | undefined {
  return Object.hasOwn(UNITS, u) ? UNITS[u] : undefined;
}

/** The quantity in words, with its article: "a length". */
export const QUANTITY_WORDS: Readonly<Record<Quantity, string>> = {
  length: 'a length',
  time: 'a time',
  voltage: 'a voltage',
  current: 'a current',
  conductance: 'a conductance',
  rate: 'a rate',
};

/**
 * The canonical spelling of a unit. Files are typed on keyboards without µ, and the Greek mu
 * (U+03BC) looks identical to the micro sign (U+00B5) that NeuroWire writes, so `um`, `μm` and
 * `µm` are the same unit. Case is significant: `ms` is a millisecond and `mS` a millisiemens.
 */
export function normalizeUnit(unit: string): string {
  const u = unit.trim();
  if (Object.hasOwn(NEURON_SPELLINGS, u)) return NEURON_SPELLINGS[u];
  const micro = /^[uμ](m|s|V|A|S)$/.exec(u);
  return micro ? `µ${micro[1]}` : u;
}

/** NEURON's .mod spellings of the units NeuroWire writes otherwise (the same unit, no conversion). */
const NEURON_SPELLINGS: Readonly<Record<string, string>> = {
  'S/cm2': 'S/cm²',
  'mho/cm2': 'S/cm²',
  'mA/cm2': 'mA/cm²',
  'uF/cm2': 'µF/cm²',
  'µF/cm2': 'µF/cm²',
  degC: '°C',
  'ohm cm': 'Ω·cm',
  umho: 'µS',
};

/** The quantity a unit measures, when it is one NeuroWire converts. */
export function quantityOf(unit: string): Quantity | undefined {
  return unitInfo(normalizeUnit(unit))?.quantity;
}

/** The convertible units of a quantity, smallest first: for "use nm, µm, mm or m". */
export function unitsOf(q: Quantity): string[] {
  return Object.entries(UNITS)
    .filter(([, info]) => info.quantity === q)
    .sort((a, b) => a[1].exponent - b[1].exponent)
    .map(([u]) => u);
}

/** Why a value could not be converted, for the caller to phrase. */
export type ConversionProblem =
  /** The target unit is '' (a count, a seed): a unit makes no sense. */
  | { problem: 'dimensionless' }
  /** Both units are known but measure different things (a voltage given for a length). */
  | { problem: 'quantity'; given: Quantity; expected: Quantity }
  /** The given unit is not one NeuroWire converts to the target (typo, or an unsafe conversion). */
  | { problem: 'unknown'; expected: Quantity | undefined };

export type Conversion = { ok: true; value: number } | ({ ok: false } & ConversionProblem);

/**
 * `value` in `from` expressed in `to`. The result is exact up to one rounding: the factor is a
 * power of ten, and multiplying or dividing by an exactly representable power of ten
 * (10^0…10^22) rounds once, so 8 nm gives 0.008 µm, not 0.008000000000000002.
 */
export function convertUnit(value: number, from: string, to: string): Conversion {
  const f = normalizeUnit(from);
  const t = normalizeUnit(to);
  if (f === t) return { ok: true, value };
  if (t === '') return { ok: false, problem: 'dimensionless' };
  const fi = unitInfo(f);
  const ti = unitInfo(t);
  if (!fi || !ti) return { ok: false, problem: 'unknown', expected: ti?.quantity };
  if (fi.quantity !== ti.quantity) return { ok: false, problem: 'quantity', given: fi.quantity, expected: ti.quantity };
  const d = fi.exponent - ti.exponent;
  return { ok: true, value: d >= 0 ? value * 10 ** d : value / 10 ** -d };
}
