/**
 * Reading a block's parameters against its own ParamSpecs. The inspector and the graph
 * validator read the same specs, but compute is also reached from the CLI (`--set`) and from
 * hand-edited graph files, so it checks every value it uses and says what is wrong in the
 * block's own words ("Run: time step must be > 0 ms, got 0 ms").
 */
import { CoreError } from '../src/core/errors.ts';
import type { ParamSpec, Params, ParamValue } from './types.ts';

type NumberSpec = Extract<ParamSpec, { kind: 'number' }>;

/** What a reader needs of a block: its title (for messages) and its parameter specs. */
export interface ParamOwner {
  title: string;
  params: readonly ParamSpec[];
}

function fmt(v: ParamValue | undefined): string {
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}

/** "5 ms", "0.8 µF/cm²", "3" (dimensionless). */
function withUnit(v: number, unit: string): string {
  return unit ? `${v} ${unit}` : String(v);
}

/**
 * Typed, validated access to a block's parameter values. A missing value (undefined) takes
 * the spec's default; null means "left empty" and is accepted only for optional parameters.
 * Only the parameters a compute actually reads are checked, so a hidden parameter (e.g. hh's
 * conductances while the mechanism is pas) can never block a block.
 */
export class ParamReader {
  private readonly owner: ParamOwner;
  private readonly values: Params;

  constructor(owner: ParamOwner, values: Params) {
    this.owner = owner;
    this.values = values;
  }

  private spec<K extends ParamSpec['kind']>(name: string, kind: K): Extract<ParamSpec, { kind: K }> {
    const s = this.owner.params.find((p) => p.name === name);
    // A programming error in the block, not the user's: still a CoreError so it shows on the block.
    if (!s || s.kind !== kind) throw new CoreError('input', `${this.owner.title}: has no ${kind} parameter "${name}"`);
    return s as Extract<ParamSpec, { kind: K }>;
  }

  private fail(label: string, what: string): never {
    throw new CoreError('input', `${this.owner.title}: ${label} ${what}`);
  }

  /** A number that must be set, checked against the spec's range and integer flag. */
  number(name: string): number {
    const s = this.spec(name, 'number');
    const v = this.optionalNumber(name);
    if (v === null) this.fail(s.label, `must be set (in ${s.unit || 'plain numbers'})`);
    return v;
  }

  /** A number that may be left empty (null). */
  optionalNumber(name: string): number | null {
    const s = this.spec(name, 'number');
    const raw = this.values[name];
    const v = raw === undefined ? s.default : raw;
    if (v === null) {
      if (s.optional) return null;
      this.fail(s.label, `must be set (in ${s.unit || 'plain numbers'})`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(s.label, `must be a number${s.unit ? ` of ${s.unit}` : ''}, got ${fmt(v)}`);
    checkRange(s, v, (what) => this.fail(s.label, what));
    return v;
  }

  /** A text value; an empty optional one reads as ''. */
  string(name: string): string {
    const s = this.spec(name, 'string');
    const raw = this.values[name];
    const v = raw === undefined || (raw === null && !s.optional) ? s.default : raw;
    if (v === null) return '';
    if (typeof v !== 'string') this.fail(s.label, `must be text, got ${fmt(v)}`);
    return v;
  }

  /** A switch; empty reads as its default. */
  boolean(name: string): boolean {
    const s = this.spec(name, 'boolean');
    const raw = this.values[name];
    const v = raw === undefined || raw === null ? s.default : raw;
    if (typeof v !== 'boolean') this.fail(s.label, `must be true or false, got ${fmt(v)}`);
    return v;
  }

  /** One of the enum's options, typed as the caller's union. */
  choice<T extends string>(name: string, options: readonly T[]): T {
    const s = this.spec(name, 'enum');
    const raw = this.values[name];
    const v = raw === undefined || raw === null ? s.default : raw;
    const ok = options.find((o) => o === v);
    if (ok === undefined || !s.options.includes(ok)) this.fail(s.label, `must be one of ${s.options.join(', ')}, got ${fmt(v)}`);
    return ok;
  }
}

/** Check a number against a spec's min/max/integer; `fail` receives the complaint. */
export function checkRange(s: NumberSpec, v: number, fail: (what: string) => never): void {
  if (s.integer && !Number.isInteger(v)) fail(`must be a whole number, got ${v}`);
  if (s.min !== undefined && (s.exclusive ? !(v > s.min) : !(v >= s.min))) {
    fail(`must be ${s.exclusive ? '>' : '≥'} ${withUnit(s.min, s.unit)}, got ${withUnit(v, s.unit)}`);
  }
  if (s.max !== undefined && (s.exclusive ? !(v < s.max) : !(v <= s.max))) {
    fail(`must be ${s.exclusive ? '<' : '≤'} ${withUnit(s.max, s.unit)}, got ${withUnit(v, s.unit)}`);
  }
}

/** A reader for a block's params (shorthand used by every compute). */
export function readParams(owner: ParamOwner, values: Params): ParamReader {
  return new ParamReader(owner, values);
}
