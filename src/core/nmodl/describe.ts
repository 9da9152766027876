/**
 * The mechanism description: what a checked .mod file offers a modeller, as plain data for the
 * catalogue, the inspector and `neurowire mod check` (name, kind, parameters with units,
 * defaults and ranges, states, ions, currents, methods, NET_RECEIVE arguments, tables, help).
 */
import type { CheckedModel, MechKind } from './check.ts';

export interface ParamDescription {
  readonly name: string;
  /** Unit text as written in the file, '' when none. */
  readonly unit: string;
  /** Default value; undefined when the file gives none (NEURON then uses 0). */
  readonly default?: number;
  /** `<lo, hi>` from the file. */
  readonly range?: readonly [number, number];
  /** RANGE: a value per segment (density) or per instance (point process); GLOBAL: one per mechanism. */
  readonly scope: 'RANGE' | 'GLOBAL';
  readonly size?: number;
}

export interface VarDescription {
  readonly name: string;
  readonly unit: string;
  readonly size?: number;
  /** As in NEURON: STATEs, currents and RANGE names per segment/instance; the rest one value per mechanism. */
  readonly scope: 'RANGE' | 'GLOBAL';
}

export interface IonDescription {
  readonly name: string;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly valence: number;
}

export interface TableDescription {
  readonly in: string;
  readonly names: readonly string[];
  readonly depend: readonly string[];
  readonly intervals: number;
}

export interface MechanismDescription {
  readonly name: string;
  readonly kind: MechKind;
  readonly threadsafe: boolean;
  readonly parameters: readonly ParamDescription[];
  readonly states: readonly VarDescription[];
  readonly assigned: readonly VarDescription[];
  readonly ions: readonly IonDescription[];
  readonly nonspecificCurrents: readonly string[];
  readonly electrodeCurrents: readonly string[];
  /** `block: method` of each SOLVE, e.g. `states: cnexp`, `kin: sparse (steady state)`. */
  readonly solves: readonly { block: string; method: string; steadystate: boolean }[];
  /** The distinct methods used (cnexp, derivimplicit, sparse, euler). */
  readonly methods: readonly string[];
  readonly netReceiveArgs?: readonly { name: string; unit: string }[];
  readonly tables: readonly TableDescription[];
  /** The BEFORE/AFTER blocks in file order, e.g. `BEFORE BREAKPOINT` (absent when there are none). */
  readonly beforeAfter?: readonly string[];
  readonly title?: string;
  /** The file's COMMENT blocks outside code blocks, trimmed, for the inspector. */
  readonly help: string;
}

/** Describe a checked mechanism. Lists follow the order of declaration in the file. */
export function describeMechanism(m: CheckedModel): MechanismDescription {
  const declared = [...m.vars.values()].filter((v) => v.declared && v.pos).sort((a, b) => (a.pos?.offset ?? 0) - (b.pos?.offset ?? 0));
  const currents = new Set([...m.nonspecific, ...m.electrode]);
  const scope = (v: { name: string; range: boolean; kind: string }): 'RANGE' | 'GLOBAL' => (v.range || v.kind === 'state' || currents.has(v.name) ? 'RANGE' : 'GLOBAL');
  const parameters: ParamDescription[] = declared
    .filter((v) => v.kind === 'parameter' && !v.ion)
    .map((v) => ({ name: v.name, unit: v.unit ?? '', default: v.value, range: v.limits, scope: v.range ? 'RANGE' : 'GLOBAL', size: v.size }));
  const states = declared.filter((v) => v.kind === 'state').map((v) => ({ name: v.name, unit: v.unit ?? '', size: v.size, scope: scope(v) }));
  const assigned = declared.filter((v) => v.kind === 'assigned' && !v.ion).map((v) => ({ name: v.name, unit: v.unit ?? '', size: v.size, scope: scope(v) }));
  const title = m.ast.blocks.find((b) => b.kind === 'title');
  const solves = m.solves.filter((s) => s.method).map((s) => ({ block: s.block, method: s.method ?? '', steadystate: s.steadystate }));
  return {
    name: m.name,
    kind: m.kind,
    threadsafe: m.threadsafe,
    parameters,
    states,
    assigned,
    ions: m.ions.map((i) => ({ name: i.name, read: i.read, write: i.write, valence: i.valence })),
    nonspecificCurrents: m.nonspecific,
    electrodeCurrents: m.electrode,
    solves,
    methods: [...new Set(solves.map((s) => s.method))],
    netReceiveArgs: m.netReceive?.map((a) => ({ name: a.name, unit: a.unit ?? '' })),
    tables: m.tables.map((t) => ({ in: t.in, names: t.names, depend: t.depend, intervals: t.with })),
    ...beforeAfter(m),
    title: title?.kind === 'title' ? title.text : undefined,
    help: m.comments
      .filter((c) => c.topLevel)
      .map((c) => c.text.trim())
      .filter((t) => t)
      .join('\n\n'),
  };
}

function beforeAfter(m: CheckedModel): { beforeAfter?: string[] } {
  const list = m.ast.blocks.flatMap((b) => (b.kind === 'before' || b.kind === 'after' ? [`${b.kind.toUpperCase()} ${b.when}`] : []));
  return list.length ? { beforeAfter: list } : {};
}

/** A number as a modeller writes it: 0.12, -54.3, 1e9, 1e-9. */
function num(n: number): string {
  const a = Math.abs(n);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? n.toExponential().replace('e+', 'e') : String(n);
}

/** The description as readable lines (for `neurowire mod check`). */
export function descriptionLines(d: MechanismDescription): string[] {
  const kindWord = d.kind === 'density' ? 'density mechanism' : d.kind === 'point' ? 'point process' : 'artificial cell';
  const u = (unit: string) => (unit ? ` (${unit})` : '');
  const out = [`${kindWord} ${d.name}${d.title ? `: ${d.title}` : ''}`];
  out.push(`parameters:${d.parameters.length ? '' : ' none'}`);
  for (const p of d.parameters)
    out.push(`  ${p.name}${p.size !== undefined ? `[${p.size}]` : ''} = ${num(p.default ?? 0)}${u(p.unit)}${p.range ? ` <${num(p.range[0])}, ${num(p.range[1])}>` : ''} ${p.scope}`);
  out.push(`states: ${d.states.length ? d.states.map((s) => `${s.name}${s.size !== undefined ? `[${s.size}]` : ''}${u(s.unit)}`).join(', ') : 'none'}`);
  if (d.assigned.length) out.push(`assigned: ${d.assigned.map((s) => `${s.name}${u(s.unit)}`).join(', ')}`);
  for (const i of d.ions) out.push(`ion ${i.name} (valence ${i.valence}): read ${i.read.join(', ') || '-'}; write ${i.write.join(', ') || '-'}`);
  if (d.nonspecificCurrents.length) out.push(`nonspecific current: ${d.nonspecificCurrents.join(', ')}`);
  if (d.electrodeCurrents.length) out.push(`electrode current: ${d.electrodeCurrents.join(', ')}`);
  out.push(`methods: ${d.solves.length ? d.solves.map((s) => `${s.block} ${s.method}${s.steadystate ? ' (steady state)' : ''}`).join(', ') : 'none'}`);
  if (d.netReceiveArgs) out.push(`NET_RECEIVE(${d.netReceiveArgs.map((a) => `${a.name}${u(a.unit)}`).join(', ')})`);
  for (const t of d.tables) out.push(`TABLE in ${t.in}: ${t.names.join(', ') || `${t.in}()`}${t.depend.length ? ` depend ${t.depend.join(', ')}` : ''}, ${t.intervals} intervals`);
  if (d.beforeAfter?.length) out.push(`before/after blocks: ${d.beforeAfter.join(', ')}`);
  if (d.threadsafe) out.push('THREADSAFE');
  return out;
}
