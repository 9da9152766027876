/**
 * Units as NEURON's modlunit computes them (src/modlunit/units.cpp, 8.2.2): a unit is a factor
 * times powers of ten base dimensions (m, kg, sec, coul, candela, dollar, –, bit, erlang, K, as
 * in nrnunits.lib), and unit text such as `1/ms-mM`, `1-10 um2/ms` or `.001 coul/cm3` is read
 * the way modlunit reads it: a leading number (`1-10` is 1e-10, `1|180` is 1/180), then names
 * separated by `-`, blanks or `/` (every name after the first `/` divides), a digit 2–9 right
 * after a name raises it to that power, full-word prefixes (milli, micro, …) and a plural `s`.
 */

/** Number of base dimensions (modlunit's NDIM). */
export const NDIM = 10;

/** Display names of the base dimensions (nrnunits.lib's *a* … *j*; *g* is unused). */
export const BASE_NAMES: readonly string[] = ['m', 'kg', 'sec', 'coul', 'candela', 'dollar', '*g*', 'bit', 'erlang', 'K'];

/** A unit: `factor` (in base units) and the exponent of each base dimension. */
export interface UnitValue {
  readonly factor: number;
  readonly dims: readonly number[];
}

/** modlunit's "m9": a first exponent of 9 is its wildcard that matches any unit (net_send's flag …). */
export function isWildcard(u: UnitValue): boolean {
  return u.dims[0] === 9;
}

export const DIMENSIONLESS: UnitValue = { factor: 1, dims: new Array<number>(NDIM).fill(0) };

/** modlunit's prefixes, in its search order (the first that begins a name is taken). */
const PREFIXES: readonly (readonly [string, number])[] = [
  ['atto', 1e-18],
  ['femto', 1e-15],
  ['pico', 1e-12],
  ['nano', 1e-9],
  ['micro', 1e-6],
  ['milli', 1e-3],
  ['centi', 1e-2],
  ['deci', 1e-1],
  ['deka', 1e1],
  ['hecta', 1e2],
  ['hecto', 1e2],
  ['kilo', 1e3],
  ['mega', 1e6],
  ['meg', 1e6],
  ['giga', 1e9],
  ['tera', 1e12],
];

/** Named units: the base table and, for one file, its UNITS definitions. */
export type UnitLookup = (name: string) => UnitValue | undefined;

export type UnitParse = { ok: true; unit: UnitValue } | { ok: false; unknown: string };

/** A leading number as modlunit's modern reader takes it: digits and `.`, `+n`/`-n` exponent, `|` divides. */
function leadingNumber(s: string, i: number): { value: number; next: number } {
  while (s[i] === ' ' || s[i] === '\t') i++;
  let text = '';
  while (i < s.length && /[0-9.]/.test(s[i])) text += s[i++];
  if (s[i] === '+' || s[i] === '-') {
    text += `e${s[i++]}`;
    while (i < s.length && /[0-9]/.test(s[i])) text += s[i++];
  }
  // atof reads the longest valid prefix ("" and "e-" are 0).
  const m = /^(\d*\.?\d*(?:e[+-]?\d+)?)/.exec(text);
  let value = m && /\d/.test(m[1]) ? Number.parseFloat(m[1]) : 0;
  if (!Number.isFinite(value)) value = 0;
  if (s[i] === '|') {
    const d = leadingNumber(s, i + 1);
    return { value: value / d.value, next: d.next };
  }
  return { value, next: i };
}

/** One name of a unit text, with prefixes and a plural `s` taken off as modlunit does. */
function lookupName(name: string, table: UnitLookup): UnitValue | undefined {
  let e = 1;
  let rest = name;
  for (;;) {
    const u = table(rest);
    if (u) return { factor: u.factor * e, dims: u.dims };
    const p = PREFIXES.find(([pn]) => rest.startsWith(pn));
    if (p) {
      e *= p[1];
      rest = rest.slice(p[0].length);
      continue;
    }
    if (rest.length > 1 && rest.endsWith('s')) {
      rest = rest.slice(0, -1);
      continue;
    }
    return undefined;
  }
}

/** Read unit text (without its parentheses), e.g. `mA/cm2`, `/ms`, `1-10 um2/ms`. */
export function parseUnitText(text: string, table: UnitLookup): UnitParse {
  const lead = leadingNumber(text, 0);
  let factor = lead.value === 0 ? 1 : lead.value;
  const dims = new Array<number>(NDIM).fill(0);
  let den = false;
  let name = '';
  const s = `${text}\n`;
  for (let i = lead.next; i < s.length; i++) {
    const c = s[i];
    if (/[1-9\-/ \t\n]/.test(c)) {
      if (name) {
        const u = name === '' ? DIMENSIONLESS : lookupName(name, table);
        if (!u) return { ok: false, unknown: name };
        const power = c >= '2' && c <= '9' ? Number(c) : 1;
        for (let k = 0; k < power; k++) {
          factor = den ? factor / u.factor : factor * u.factor;
          for (let d = 0; d < NDIM; d++) dims[d] += den ? -u.dims[d] : u.dims[d];
        }
        name = '';
      }
      if (c === '/') den = true;
      continue;
    }
    name += c;
  }
  return { ok: true, unit: { factor, dims } };
}

export function mulUnits(a: UnitValue, b: UnitValue): UnitValue {
  return { factor: a.factor * b.factor, dims: a.dims.map((d, i) => d + b.dims[i]) };
}

export function divUnits(a: UnitValue, b: UnitValue): UnitValue {
  return { factor: a.factor / b.factor, dims: a.dims.map((d, i) => d - b.dims[i]) };
}

/** `u^n` for a literal integer n, as modlunit's Unit_exponent (n = 0 keeps the factor). */
export function powUnit(u: UnitValue, n: number): UnitValue {
  let f = u.factor;
  for (let i = 1; i < n; i++) f *= u.factor;
  return { factor: f, dims: u.dims.map((d) => d * n) };
}

export function sameDims(a: UnitValue, b: UnitValue): boolean {
  return a.dims.every((d, i) => d === b.dims[i]);
}

/** modlunit's OUTTOLERANCE: factors that differ by more than 1e-5 relative. */
export function factorsDiffer(a: UnitValue, b: UnitValue): boolean {
  return Math.abs(b.factor / a.factor - 1) > 1e-5;
}

export function isDimensionless(u: UnitValue): boolean {
  return u.dims.every((d) => d === 0);
}

/** A unit in base units, as modlunit prints it: `10 coul/m2-sec`, `1000 /sec`, `1`. */
export function baseUnitText(u: UnitValue): string {
  const num: string[] = [];
  const den: string[] = [];
  u.dims.forEach((d, i) => {
    if (d > 0) num.push(BASE_NAMES[i] + (d > 1 ? d : ''));
    if (d < 0) den.push(BASE_NAMES[i] + (d < -1 ? -d : ''));
  });
  const f = Number(u.factor.toPrecision(6));
  const head = f === 1 && (num.length || den.length) ? '' : `${f}`;
  const body = `${num.join('-')}${den.length ? `/${den.join('-')}` : ''}`;
  return [head, body].filter((x) => x).join(' ') || '1';
}
