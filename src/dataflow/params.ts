/**
 * A block's parameters as a graph file writes them, checked against the block's ParamSpecs and
 * turned into the values its `compute` receives: defaults for what is missing, numbers given
 * with a unit converted to the block's unit. The validator and `resolveParams` share this code
 * so that the message the user sees when opening a file is the one a run would give.
 */
import type { BlockDef, Inputs, ParamSpec, ParamValue, Params } from '../../nodes/types.ts';
import { CoreError } from '../core/errors.ts';
import { parseSegmentExpr } from '../core/cable/segment-expr.ts';
import { BUILTIN_FILES, BUILTIN_PREFIX, parseFileRef, type Asset, type GraphNode, type Issue, type JsonObject, type JsonValue } from './graph.ts';
import { convertUnit, normalizeUnit, quantityOf, QUANTITY_WORDS, unitsOf } from './units.ts';
import { closest, describeValue, didYouMean, num, quotedList, squash, withUnit } from './words.ts';

type NumberSpec = Extract<ParamSpec, { kind: 'number' }>;
type FileSpec = Extract<ParamSpec, { kind: 'file' }>;
type EnumSpec = Extract<ParamSpec, { kind: 'enum' }>;

/** What the checks may look at besides the value. */
export interface ParamCheckContext {
  /** The graph's embedded files; when given, `asset:` references must be among them. */
  assets?: Readonly<Record<string, Asset>>;
  /** Names accepted after `builtin:` (default: the keys of BUILTIN_FILES). */
  builtins?: readonly string[];
}

/** "block 'soma' (set-soma)": how every message about a block starts. */
export function blockName(node: Pick<GraphNode, 'id' | 'type'>): string {
  return `block '${node.id}' (${node.type})`;
}

/** Node ids are int32 in the skeleton's typed arrays. */
const MAX_NODE_ID = 2147483647;

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The range of a number spec in words: "between 0 and 100 mV", "above 0 ms", "at least 1". */
export function rangeText(spec: NumberSpec): string {
  const ex = spec.exclusive === true;
  const u = spec.unit ? ` ${spec.unit}` : '';
  const { min, max } = spec;
  if (min !== undefined && max !== undefined) return ex ? `strictly between ${num(min)} and ${num(max)}${u}` : `between ${num(min)} and ${num(max)}${u}`;
  if (min !== undefined) return `${ex ? 'above' : 'at least'} ${num(min)}${u}`;
  if (max !== undefined) return `${ex ? 'below' : 'at most'} ${num(max)}${u}`;
  return '';
}

/** What a number parameter takes, for "needs a value": "a whole number at least 1", "a number in ms". */
function numberExpectation(spec: NumberSpec): string {
  const range = rangeText(spec);
  const what = spec.integer ? 'a whole number' : 'a number';
  if (range) return `${what} ${range}`;
  return spec.unit ? `${what} in ${spec.unit}` : what;
}

type Report = (severity: Issue['severity'], message: string) => void;

/** "0.05 S/cm2": a number and a unit that converts to `unit` (not an expression such as "0.0002*exp(d/323)"). */
function isNumberWithUnit(text: string, unit: string): boolean {
  const m = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*(\S.*?)\s*$/.exec(text);
  return m !== null && convertUnit(1, m[1], unit).ok;
}

/**
 * A number, from a plain number (in the block's unit) or `{ value, unit }`. `p` is the message
 * prefix ("block 'x' (t): parameter 'res'"). Returns undefined when the value is unusable.
 */
function checkNumber(spec: NumberSpec, raw: JsonValue, p: string, report: Report): number | string | null | undefined {
  if (raw === null) {
    if (spec.optional) return null;
    report('error', `${p} is empty; it needs ${numberExpectation(spec)} (or leave it out for the default, ${withUnit(spec.default, spec.unit)})`);
    return undefined;
  }
  let value: number;
  // How the value was written, when that differs from the block's unit: "(8 nm)".
  let written = '';
  if (typeof raw === 'number') {
    value = raw;
  } else if (isObject(raw) && ('value' in raw || 'unit' in raw)) {
    const extra = Object.keys(raw).filter((k) => k !== 'value' && k !== 'unit');
    if (typeof raw.value !== 'number' || typeof raw.unit !== 'string' || extra.length) {
      report('error', `${p} must be a number or { "value": <number>, "unit": "<unit>" }, got ${describeValue(raw)}`);
      return undefined;
    }
    const conv = convertUnit(raw.value, raw.unit, spec.unit);
    if (!conv.ok) {
      const got = `${num(raw.value)} ${raw.unit}`;
      const target = quantityOf(spec.unit);
      if (conv.problem === 'dimensionless') report('error', `${p} is a plain number without a unit, got ${got}`);
      else if (conv.problem === 'quantity') report('error', `${p} is ${QUANTITY_WORDS[conv.expected]} in ${spec.unit}, got ${got}, which is ${QUANTITY_WORDS[conv.given]}`);
      else if (target) report('error', `${p} is ${QUANTITY_WORDS[target]} in ${spec.unit}; '${raw.unit}' is not a unit NeuroWire converts (use ${quotedList(unitsOf(target), 'or')})`);
      else report('error', `${p} is in ${spec.unit} and cannot be converted from '${raw.unit}'; give it in ${spec.unit}`);
      return undefined;
    }
    value = conv.value;
    if (normalizeUnit(raw.unit) !== normalizeUnit(spec.unit)) written = ` (${num(raw.value)} ${raw.unit})`;
  } else if (typeof raw === 'string' && spec.perSegment && !isNumberWithUnit(raw, spec.unit)) {
    // An expression of the segment ("0.0002 * exp(d / 323)"): its syntax now, its values per segment when the model is built.
    try {
      const e = parseSegmentExpr(raw);
      if (!e.varies) {
        const v = e.evaluate({ d: 0, x: 0, y: 0, z: 0, diam: 0, label: '' });
        if (!Number.isFinite(v)) report('error', `${p} = "${raw}" is ${v}`);
      }
      return raw;
    } catch (err) {
      report('error', `${p}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  } else if (typeof raw === 'string') {
    // The inspector and `--set` accept "8 nm"; a file must say what it means unambiguously.
    const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S*)\s*$/.exec(raw);
    const hint = m ? (m[2] ? `; write { "value": ${m[1]}, "unit": "${m[2]}" }` : `; write ${m[1]} without quotes`) : '';
    report('error', `${p} must be ${spec.unit ? `a number in ${spec.unit}` : 'a number'}, got ${describeValue(raw)}${hint}`);
    return undefined;
  } else {
    report('error', `${p} must be ${spec.unit ? `a number in ${spec.unit}` : 'a number'}, got ${describeValue(raw)}`);
    return undefined;
  }
  const got = `${withUnit(value, spec.unit)}${written}`;
  if (!Number.isFinite(value)) {
    report('error', `${p} must be a finite number, got ${got}`);
    return undefined;
  }
  if (spec.integer && !Number.isInteger(value)) {
    report('error', `${p} must be a whole number, got ${got}`);
    return undefined;
  }
  const ex = spec.exclusive === true;
  const low = spec.min !== undefined && (ex ? !(value > spec.min) : !(value >= spec.min));
  const high = spec.max !== undefined && (ex ? !(value < spec.max) : !(value <= spec.max));
  if (low || high) {
    report('error', `${p} must be ${rangeText(spec)}, got ${got}`);
    return undefined;
  }
  return value;
}

/** The extension a file reference has, lowercased, or '' (for the `accept` check). */
function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

function checkFile(spec: FileSpec, raw: JsonValue, p: string, ctx: ParamCheckContext, report: Report): string | null | undefined {
  if (raw === null) return spec.optional ? null : '';
  if (typeof raw !== 'string') {
    report('error', `${p} must be a file reference (asset:…, builtin:… or a path), got ${describeValue(raw)}`);
    return undefined;
  }
  const ref = parseFileRef(raw);
  let name: string | undefined;
  switch (ref.kind) {
    case 'none':
      return raw;
    case 'invalid':
      report('error', `${p}: ${ref.reason}`);
      return undefined;
    case 'asset': {
      const asset = ctx.assets?.[ref.hash];
      if (ctx.assets && !asset) {
        report('error', `${p} refers to an embedded file (asset:${ref.hash.slice(0, 12)}…) that is not in the graph; embed the file again or choose another`);
        return undefined;
      }
      name = asset?.name;
      break;
    }
    case 'builtin': {
      const known = ctx.builtins ?? Object.keys(BUILTIN_FILES);
      if (!known.includes(ref.name)) {
        const list = known.map((k) => `${BUILTIN_PREFIX}${k}`);
        report('error', `${p}: '${raw}' is not a built-in file${didYouMean(BUILTIN_PREFIX + ref.name, list)}; the built-in files are ${quotedList(list)}`);
        return undefined;
      }
      name = BUILTIN_FILES[ref.name] ? `${ref.name}${BUILTIN_FILES[ref.name].extension}` : undefined;
      break;
    }
    case 'path':
      if (ref.absolute) report('warning', `${p} is the absolute path '${ref.path}', which will not exist on another computer; embed the file or give a path relative to the graph file`);
      name = ref.path;
      break;
  }
  if (name !== undefined && spec.accept.length) {
    const ext = extensionOf(name);
    if (!spec.accept.some((a) => a.toLowerCase() === ext)) {
      report('warning', `${p} expects ${spec.accept.length === 1 ? `a ${spec.accept[0]} file` : `a file of type ${spec.accept.join(', ')}`}, got '${name}'`);
    }
  }
  return raw;
}

function checkNodeIds(spec: Extract<ParamSpec, { kind: 'node-ids' }>, raw: JsonValue, p: string, report: Report): number[] | null | undefined {
  if (raw === null) {
    if (spec.optional) return null;
    report('error', `${p} is empty; it needs one or more node ids (whole numbers)`);
    return undefined;
  }
  const isId = (x: JsonValue): x is number => typeof x === 'number' && Number.isInteger(x) && Math.abs(x) <= MAX_NODE_ID;
  // A single node is common (the soma, a recording site): a bare number is a list of one.
  if (typeof raw === 'number') {
    if (isId(raw)) return [raw];
    report('error', `${p} must be a whole number, got ${num(raw)}`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    report('error', `${p} must be a list of node ids (whole numbers), got ${describeValue(raw)}`);
    return undefined;
  }
  const bad = raw.findIndex((x) => !isId(x));
  if (bad >= 0) {
    report('error', `${p} must be a list of node ids (whole numbers); item ${bad + 1} is ${describeValue(raw[bad])}`);
    return undefined;
  }
  return raw as number[];
}

/**
 * The option an enum value names: the option itself, the option written with another case or
 * other separators ("Crank Nicolson"), or one of the spec's aliases compared the same way
 * ("8nm", "8 nm", "Voxels" for '8 nm voxels'). Undefined when it names none.
 */
function enumOption(spec: EnumSpec, text: string): string | undefined {
  if (spec.options.includes(text)) return text;
  const key = squash(text);
  if (key === '') return undefined;
  const byName = spec.options.find((o) => squash(o) === key);
  if (byName !== undefined) return byName;
  for (const [alias, option] of Object.entries(spec.aliases ?? {})) {
    if (squash(alias) === key && spec.options.includes(option)) return option;
  }
  return undefined;
}

/**
 * " (did you mean '8 nm voxels'?)" for a value that names no option: the closest option or
 * alias, always shown as the option it stands for, so that a near-miss of an alias ("8nmm")
 * suggests the option the alias means, never a different option that merely looks alike.
 */
function enumSuggestion(spec: EnumSpec, text: string): string {
  const aliases = Object.entries(spec.aliases ?? {}).filter(([, o]) => spec.options.includes(o));
  const near = closest(text, [...spec.options, ...aliases.map(([a]) => a)]);
  if (near === undefined) return '';
  const option = spec.options.includes(near) ? near : aliases.find(([a]) => a === near)?.[1];
  return option === undefined ? '' : ` (did you mean '${option}'?)`;
}

/**
 * One parameter value checked against its spec: the value the block receives, or undefined
 * when it is unusable (each problem reported).
 */
export function checkParam(spec: ParamSpec, raw: JsonValue, prefix: string, ctx: ParamCheckContext, report: Report): ParamValue | undefined {
  const p = `${prefix}: parameter '${spec.name}'`;
  switch (spec.kind) {
    case 'number':
      return checkNumber(spec, raw, p, report);
    case 'string':
      if (typeof raw === 'string') return raw;
      if (raw === null && spec.optional) return null;
      report('error', `${p} must be text, got ${describeValue(raw)}`);
      return undefined;
    case 'enum': {
      const option = typeof raw === 'string' ? enumOption(spec, raw) : undefined;
      if (option !== undefined) return option;
      report('error', `${p} must be one of ${quotedList(spec.options, 'or')}, got ${describeValue(raw)}${typeof raw === 'string' ? enumSuggestion(spec, raw) : ''}`);
      return undefined;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      report('error', `${p} must be true or false, got ${describeValue(raw)}`);
      return undefined;
    case 'file':
      return checkFile(spec, raw, p, ctx, report);
    case 'node-ids':
      return checkNodeIds(spec, raw, p, report);
  }
}

/** A fresh copy of a default, so that no block can change the catalogue's own array. */
function defaultOf(spec: ParamSpec): ParamValue {
  return Array.isArray(spec.default) ? spec.default.slice() : spec.default;
}

/**
 * A node's parameters as its block computes with them, and the problems found: every spec's
 * value (the node's if usable, else the default), unknown names reported as warnings, and
 * so are unusable values of parameters hidden by their `visibleWhen` (the block ignores them).
 */
export function readParams(node: Pick<GraphNode, 'id' | 'type' | 'params'>, def: BlockDef, ctx: ParamCheckContext = {}): { params: Params; issues: Issue[] } {
  const issues: Issue[] = [];
  const params: Params = {};
  const prefix = blockName(node);
  const given = node.params ?? {};
  for (const spec of def.params) {
    const has = Object.prototype.hasOwnProperty.call(given, spec.name) && given[spec.name] !== undefined;
    if (!has) {
      params[spec.name] = defaultOf(spec);
      continue;
    }
    const v = checkParam(spec, given[spec.name], prefix, ctx, (severity, message) => issues.push({ severity, message, node: node.id, param: spec.name }));
    params[spec.name] = v === undefined ? defaultOf(spec) : v;
  }
  // A parameter the block does not use with the others as they are (hidden by its visibleWhen:
  // hh's conductances while the mechanism is pas) cannot be seen or fixed in the inspector and
  // cannot change a result: an unusable value there is a warning, and its default stands in.
  for (const issue of issues) {
    const when = def.params.find((s) => s.name === issue.param)?.visibleWhen;
    if (issue.severity !== 'error' || !when || when.equals.some((x) => x === params[when.param])) continue;
    const other = params[when.param] ?? null;
    issue.severity = 'warning';
    issue.message += `; it is ignored while '${when.param}' is ${typeof other === 'string' ? `'${other}'` : describeValue(other)}`;
  }
  const names = def.params.map((s) => s.name);
  // A block with parameters from its inputs (paramsFrom) has the rest checked when they are known.
  if (def.paramsFrom) return { params, issues };
  for (const name of Object.keys(given)) {
    if (!names.includes(name)) {
      issues.push({ severity: 'warning', message: `${prefix}: unknown parameter '${name}' is ignored${didYouMean(name, names)}`, node: node.id, param: name });
    }
  }
  return { params, issues };
}

/**
 * The parameters a block computes with: the node's values over the block's defaults, numbers
 * given with a unit converted to the block's unit, unknown names dropped. Throws a CoreError
 * with the validator's message(s) when a value is unusable, so the block shows the same words
 * the file check gave. (Embedded-file references are checked by the validator, which knows
 * the graph's assets.)
 */
export function resolveParams(node: Pick<GraphNode, 'id' | 'type' | 'params'>, def: BlockDef): Params {
  const { params, issues } = readParams(node, def);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new CoreError('input', errors.map((e) => e.message).join('; '));
  return params;
}

/**
 * resolveParams for a block with parameters computed from its inputs or files (`paramsFrom`) too:
 * the static ones first, then all of them against static + computed specs, as the evaluator reads them.
 */
export async function resolveAllParams(
  node: Pick<GraphNode, 'id' | 'type' | 'params'>,
  def: BlockDef,
  inputs: Inputs,
  ctx: Parameters<NonNullable<BlockDef['paramsFrom']>>[2],
): Promise<Params> {
  const first = resolveParams(node, def);
  if (!def.paramsFrom) return first;
  const specs = await def.paramsFrom(inputs, first, ctx);
  return resolveParams(node, { ...def, params: [...def.params, ...specs] });
}
