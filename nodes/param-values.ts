/**
 * Typed access to a block's parameter values inside `compute`. The values were checked once,
 * before compute, by the one parameter reader (`readParams` in src/dataflow/params.ts): every
 * value is of its spec's kind, in range, in the spec's unit, and an enum is its canonical
 * option. So nothing here checks a range or parses text; a value of the wrong kind is a bug in
 * whatever called compute, reported as an internal error. A key left out (a test that passes
 * only the parameters it varies) reads as the spec's default.
 *
 * Checks a spec cannot express (one parameter against another, a parameter against an input)
 * stay in the block's compute.
 */
import type { SegmentValue } from '../src/core/cable/segment-env.ts';
import { CoreError } from '../src/core/errors.ts';
import type { ParamSpec, ParamValue, Params } from './types.ts';

export type NumberSpec = Extract<ParamSpec, { kind: 'number' }>;
export type EnumSpec = Extract<ParamSpec, { kind: 'enum' }>;
export type StringSpec = Extract<ParamSpec, { kind: 'string' }>;
export type BooleanSpec = Extract<ParamSpec, { kind: 'boolean' }>;
export type FileSpec = Extract<ParamSpec, { kind: 'file' }>;
export type NodeIdsSpec = Extract<ParamSpec, { kind: 'node-ids' }>;

/** The value given for a parameter; undefined when the caller did not pass it. */
function given(params: Params, spec: ParamSpec): ParamValue | undefined {
  return Object.prototype.hasOwnProperty.call(params, spec.name) ? params[spec.name] : undefined;
}

function wrongKind(spec: ParamSpec, what: string, v: ParamValue | undefined): never {
  throw new CoreError('input', `internal: parameter '${spec.name}' should hold ${what} after the parameter check, got ${JSON.stringify(v)}`);
}

/** A number parameter that must have a value, in the spec's unit. */
export function readNumber(params: Params, spec: NumberSpec): number {
  const v = readOptionalNumber(params, spec);
  return v === null ? wrongKind(spec, 'a number', v) : v;
}

/** A number parameter that may be left empty: null when it is (optional specs only). */
export function readOptionalNumber(params: Params, spec: NumberSpec): number | null {
  const v = given(params, spec);
  if (v === undefined) return spec.default;
  if (typeof v === 'number' || (v === null && spec.optional)) return v;
  return wrongKind(spec, 'a number', v);
}

/** An enum parameter: one of `spec.options` (the reader has resolved aliases and spellings). */
export function readEnum<T extends string>(params: Params, spec: EnumSpec & { options: readonly T[] }): T {
  const v = given(params, spec);
  const options: readonly T[] = spec.options;
  const option = options.find((o) => o === (v === undefined ? spec.default : v));
  return option === undefined ? wrongKind(spec, `one of ${options.join(', ')}`, v) : option;
}

/** A switch. */
export function readBoolean(params: Params, spec: BooleanSpec): boolean {
  const v = given(params, spec);
  if (v === undefined) return spec.default;
  return typeof v === 'boolean' ? v : wrongKind(spec, 'true or false', v);
}

/** A text or file parameter as written; '' when an optional one is left empty. */
export function readString(params: Params, spec: StringSpec | FileSpec): string {
  const v = given(params, spec);
  if (v === undefined) return spec.default;
  if (v === null && spec.optional) return '';
  return typeof v === 'string' ? v : wrongKind(spec, 'text', v);
}

/** A comma-separated list parameter ("axon, linker"): trimmed items, empty ones dropped. */
export function readList(params: Params, spec: StringSpec): string[] {
  return readString(params, spec)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The node ids of a node-ids parameter (a fresh array); [] when it is left empty. */
export function readNodeIds(params: Params, spec: NodeIdsSpec): number[] {
  const v = given(params, spec);
  if (v === undefined) return spec.default.slice();
  if (v === null && spec.optional) return [];
  return Array.isArray(v) ? v.slice() : wrongKind(spec, 'a list of node ids', v);
}

/** A single node id from a node-ids parameter, or null when it is empty: the block takes one node. */
export function readNodeId(params: Params, spec: NodeIdsSpec): number | null {
  const ids = readNodeIds(params, spec);
  if (ids.length > 1) throw new CoreError('input', `"${spec.label}" takes one node id, got ${ids.length} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`);
  return ids.length ? ids[0] : null;
}

/** What a by-name reader needs of a block: its parameter specs. */
export interface ParamOwner {
  type: string;
  params: readonly ParamSpec[];
}

/**
 * The same access by parameter name, for blocks whose specs are written inline in their
 * definition: `const p = paramValues(run, params); p.number('tstop')`.
 */
export class ParamValues {
  private readonly owner: ParamOwner;
  private readonly values: Params;

  constructor(owner: ParamOwner, values: Params) {
    this.owner = owner;
    this.values = values;
  }

  private spec<K extends ParamSpec['kind']>(name: string, kind: K): Extract<ParamSpec, { kind: K }> {
    const s = this.owner.params.find((p) => p.name === name);
    // A programming error in the block, not the user's: still a CoreError so it shows on the block.
    if (!s || s.kind !== kind) throw new CoreError('input', `internal: block type '${this.owner.type}' has no ${kind} parameter '${name}'`);
    return s as Extract<ParamSpec, { kind: K }>;
  }

  /** A number that must have a value, in the spec's unit. */
  number(name: string): number {
    return readNumber(this.values, this.spec(name, 'number'));
  }

  /** A per-segment value (a `perSegment` number spec): a number, or an expression of the segment. */
  segment(name: string): SegmentValue {
    const spec = this.spec(name, 'number');
    const v = given(this.values, spec);
    if (typeof v === 'string' && spec.perSegment) return { expr: v };
    return readNumber(this.values, spec);
  }

  /** A number that may be left empty (null). */
  optionalNumber(name: string): number | null {
    return readOptionalNumber(this.values, this.spec(name, 'number'));
  }

  /** A text value; an empty optional one reads as ''. */
  string(name: string): string {
    return readString(this.values, this.spec(name, 'string'));
  }

  /** A file reference; '' when none is chosen. */
  file(name: string): string {
    return readString(this.values, this.spec(name, 'file'));
  }

  /** A switch. */
  boolean(name: string): boolean {
    return readBoolean(this.values, this.spec(name, 'boolean'));
  }

  /** One of the enum's options, typed as the caller's union (which must be the spec's options). */
  choice<T extends string>(name: string, options: readonly T[]): T {
    const s = this.spec(name, 'enum');
    const v = readEnum(this.values, s);
    const ok = options.find((o) => o === v);
    if (ok === undefined) throw new CoreError('input', `internal: block type '${this.owner.type}' reads '${name}' as one of ${options.join(', ')}, but its spec allows '${v}'`);
    return ok;
  }
}

/** A by-name reader for a block's params (shorthand used by compute functions). */
export function paramValues(owner: ParamOwner, values: Params): ParamValues {
  return new ParamValues(owner, values);
}
