/**
 * What a NEURON script must build, resolved from NeuroWire's values: plain numbers and
 * indices, nothing left for the script to look up. A compartment model becomes its sections
 * (float32 3-D points as NEURON stores them, connections, nseg), per-section Ra and cm,
 * mechanisms with NEURON's attribute names and the sections they go into, point processes,
 * NetStims, NetCons and recorders at (section, x); a point network becomes its cells, edges
 * and NetStims with their targets.
 *
 * Everything is resolved with the same code the simulator uses (discretize, sectionsOf,
 * perSection, segmentLocator), and the model is compiled once (compileModel /
 * PointNetwork) so that an export fails exactly where a run would fail.
 *
 * Units are NEURON's: µm, ms, mV, Ω·cm, µF/cm², S/cm², nA, µS, °C, Hz.
 */
import type { ModelValue, NetworkValue } from '../../nodes/values.ts';
import type { Params } from '../../nodes/types.ts';
import type { ModMechanism } from '../../nodes/mod-mechanism.ts';
import { wellFormed } from './python.ts';
import { modelDiscretization, segmentLocator, toCableSpec } from '../../nodes/model-ops.ts';
import { compileModel } from '../core/cable/compile.ts';
import { sectionsOf } from '../core/cable/matrix.ts';
import { EXP2SYN_DEFAULTS, EXPSYN_DEFAULTS, type Location, type NetConSpec } from '../core/cable/model.ts';
import { ALPHA_SYNAPSE_DEFAULTS } from '../core/cable/mechanisms/alpha-synapse.ts';
import { ICLAMP_DEFAULTS } from '../core/cable/mechanisms/iclamp.ts';
import { CoreError } from '../core/errors.ts';
import type { SegmentValue } from '../core/cable/segment-env.ts';
import { INTFIRE1_DEFAULTS, INTFIRE2_DEFAULTS, INTFIRE4_DEFAULTS } from '../core/events/intfire.ts';
import { NETSTIM_DEFAULTS } from '../core/events/netstim.ts';
import { PointNetwork } from '../core/network/network.ts';
import type { ChainStep } from './collect.ts';
import { envAt, sectionStartDistances } from '../core/cable/segment-env.ts';
import { segmentGeometry } from '../core/cable/geometry.ts';
import { parseSegmentExpr } from '../core/cable/segment-expr.ts';
import { BUILTIN_POINT_NAMES, modFiles, type ModFile } from './mods.ts';

/** Case parameter → NEURON range variable, per density mechanism (as tools/neuron/run_case.py). */
export const MECHANISM_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pas: { g: 'g_pas', e: 'e_pas' },
  // ena/ek are the sodium and potassium reversal potentials, which NEURON names without a suffix.
  hh: { gnabar: 'gnabar_hh', gkbar: 'gkbar_hh', gl: 'gl_hh', el: 'el_hh', ena: 'ena', ek: 'ek' },
};

/** Point processes with their parameters' defaults (NEURON's, which NeuroWire shares). */
export const POINT_PROCESS_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  IClamp: { ...ICLAMP_DEFAULTS },
  AlphaSynapse: { ...ALPHA_SYNAPSE_DEFAULTS },
  ExpSyn: { ...EXPSYN_DEFAULTS },
  Exp2Syn: { ...EXP2SYN_DEFAULTS },
};

export const CELL_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  IntFire1: { ...INTFIRE1_DEFAULTS },
  IntFire2: { ...INTFIRE2_DEFAULTS },
  IntFire4: { ...INTFIRE4_DEFAULTS },
};

/** A place in the NEURON model: section index and relative position (NEURON's `secs[sec](x)`). */
export interface SecX {
  sec: number;
  x: number;
}

/** One section's geometry: float32 3-D points (µm; d = diameter), parent and nseg. */
export interface SectionData {
  /** Parent section, −1 for a tree's root section. */
  parent: number;
  /** Where the 0 end attaches on the parent: 1 (its 1 end), 0 (the root section's 0 end), or 0.5 (the soma's middle, soma policy 'import3d'). */
  parentX: number;
  nseg: number;
  x: number[];
  y: number[];
  z: number[];
  d: number[];
}

/** A per-segment value: a number, or an expression by its index in the plan's `exprs`. */
export type PlanValue = number | { expr: number };

/**
 * Where each segment is, for per-segment expressions (segment-env.ts, as the run computes it):
 * per section, x, y, z (µm), diam (µm) and label of each segment centre (`seg`, the segment's
 * diameter) and of the section's centre (`mid`, the 3-D diameter there, for Ra). The path
 * distance d is NEURON's own h.distance in the script.
 */
export interface SectionEnv {
  seg: Array<[number, number, number, number, string]>;
  mid: [number, number, number, number, string];
}

/** Sections: every one ('all') or a sorted list of indices. */
export type SectionSet = 'all' | number[];

/** Which block added a part (for comments). */
export interface Origin {
  block: string;
  type: string;
}

export interface CompartmentPlan {
  kind: 'compartment';
  runId: string;
  sourceId: string;
  sections: SectionData[];
  trees: number;
  segments: number;
  skeletonName: string;
  nodes: number;
  /** Passive properties per distinct value or expression (Ω·cm, µF/cm²); Ra at each section's centre, cm per segment. */
  Ra: Array<{ value: PlanValue; sections: SectionSet }>;
  cm: Array<{ value: PlanValue; sections: SectionSet }>;
  /** Texts of the per-segment expressions (the script's code is generated from their parsed trees). */
  exprs: string[];
  /** Per section, where its segments are (null when no expression is used). */
  env: SectionEnv[] | null;
  /** The .mod files the model uses, in NEURON's registration order (as NeuroWire runs them). */
  mods: ModFile[];
  /** GLOBAL parameters of .mod mechanisms by NEURON name (`q10_kdr`): one value per mechanism. */
  globals: Record<string, number>;
  /** Density mechanisms in insertion order; later entries set their parameters over earlier ones (NEURON names: gbar_kdr). */
  mechanisms: Array<{ name: string; params: Record<string, number>; exprs: Record<string, number>; sections: SectionSet; origin: Origin | null }>;
  /** Point processes; `artificial`: an ARTIFICIAL_CELL (no segment of its own in NEURON). */
  pointProcesses: Array<{ type: string; at: SecX; params: Record<string, number>; label: string | null; artificial: boolean; origin: Origin | null }>;
  /** NetStims: parameters and a Random123 seed (stream (seed, index, 0)) or null (NEURON's default generator). */
  netStims: Array<{ params: Record<string, number>; seed: number | null; origin: Origin | null }>;
  netCons: Array<{
    source: { netStim: number } | { at: SecX; threshold: number } | { pointProcess: number };
    /** Index into pointProcesses, or null (a spike detector). */
    target: number | null;
    weight: number;
    delay: number;
    label: string | null;
    origin: Origin | null;
  }>;
  /** Spike outputs in `neurowire run`'s column order: label and the first NetCon of its source (one recording per source, as NEURON keeps one per source). */
  spikes: Array<{ label: string; netCon: number }>;
  /** Recorders in `neurowire run`'s column order. */
  recorders: Array<({ label: string; at: SecX; variable: string } | { label: string; pointProcess: number; variable: string }) & { origin: Origin | null }>;
  run: { tstop: number; v_init: number; dt: number; celsius: number; recordEvery: number };
}

export interface NetworkPlan {
  kind: 'network';
  runId: string;
  sourceId: string;
  names: string[];
  model: 'IntFire1' | 'IntFire2' | 'IntFire4';
  /** Every parameter of the cell model (ms), defaults filled in. */
  params: Record<string, number>;
  /** Edges in creation order: source and target neuron indices, weight, and a delay each (ms) when the edge list gives them. */
  edges: { source: number[]; target: number[]; weight: number[]; delay?: number[] };
  /** The delay of every edge (ms); with per-edge delays, the smallest (what a run across processes must check). */
  delay: number;
  /** NetStims in creation order, with the neurons each drives (NetCon weight, delay 0). */
  netStims: Array<{ params: Record<string, number>; targets: number[]; weight: number; stimulus: number; label: string }>;
  /** Random123 seed of the noisy NetStims, or null for NEURON's default (shared) generator. */
  seed: number | null;
  run: { tstop: number; dt: number };
}

export type Plan = CompartmentPlan | NetworkPlan;

function finite(what: string, v: number): number {
  if (!Number.isFinite(v)) throw new CoreError('model', `${what} is not a finite number (${v}); NEURON cannot be given it`);
  return v;
}

function definedParams(what: string, p: object | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(p ?? {})) if (v !== undefined) out[k] = finite(`${what} ${k}`, v as number);
  return out;
}

/** The block of the chain that added item `index` of list `key` (the first whose count exceeds it). */
function originFinder(chain: ChainStep[]): (key: string, index: number) => Origin | null {
  return (key, index) => {
    for (const s of chain) if ((s.counts[key] ?? 0) > index) return { block: s.id, type: s.type };
    return null;
  };
}

/** The order JavaScript gives an object's keys (integer-like keys first): `neurowire run`'s column order. */
export function jsKeyOrder(labels: string[]): string[] {
  // No prototype: a label `__proto__` is an ordinary key (in `{}` it would vanish).
  const o = Object.create(null) as Record<string, true>;
  for (const l of labels) o[l] = true;
  return Object.keys(o);
}

function num(params: Params, name: string): number {
  const v = Number(params[name]);
  if (!Number.isFinite(v)) throw new CoreError('input', `run option ${name} must be a number, got ${String(params[name])}`);
  return v;
}

function setOf(idx: ArrayLike<number>, total: number): SectionSet {
  return idx.length === total ? 'all' : Array.from(idx);
}

/** Group per-section values by value (a number or an expression), in order of first appearance. */
function byValue(values: PlanValue[]): Array<{ value: PlanValue; sections: SectionSet }> {
  const groups = new Map<string, { value: PlanValue; secs: number[] }>();
  values.forEach((v, i) => {
    const key = typeof v === 'number' ? `n${v}` : `e${v.expr}`;
    const g = groups.get(key);
    if (g) g.secs.push(i);
    else groups.set(key, { value: v, secs: [i] });
  });
  return [...groups.values()].map((g) => ({ value: g.value, sections: setOf(g.secs, values.length) }));
}

/** The NEURON description of a compartment model and the options of the run block that runs it. */
export function compartmentPlan(runId: string, sourceId: string, model: ModelValue, runParams: Params, chain: ChainStep[]): CompartmentPlan {
  const spec = toCableSpec(model);
  // Fails exactly where the run would fail (bad parameters, missing point processes, clashes).
  compileModel(spec);
  const disc = modelDiscretization(model);
  const sk = model.neuron.skeleton;
  const row = (id: number) => sk.requireRow(id);
  const ns = disc.sections.length;
  const origin = originFinder(chain);
  const loc = (l: Location): SecX => {
    if ('node' in l) {
      const r = row(l.node);
      return { sec: disc.nodeSection[r], x: disc.nodeX[r] };
    }
    return { sec: l.section, x: l.x };
  };
  const sections: SectionData[] = disc.sections.map((s) => ({
    parent: s.parent,
    parentX: s.parentX,
    nseg: s.nseg,
    x: Array.from(s.x),
    y: Array.from(s.y),
    z: Array.from(s.z),
    d: Array.from(s.d),
  }));
  const props = spec.properties ?? [];
  const mods = model.mods ?? {};
  // Expressions by text, each parsed once here (a mistake fails the export as it fails the run).
  const exprs: string[] = [];
  const planValue = (v: SegmentValue): PlanValue => {
    if (typeof v === 'number') return v;
    let k = exprs.indexOf(v.expr);
    if (k < 0) {
      parseSegmentExpr(v.expr);
      k = exprs.push(v.expr) - 1;
    }
    return { expr: k };
  };
  // Per section, the last property entry covering it wins (as perSection; Ra and cm apply to whole sections).
  const winners = (key: 'Ra' | 'cm', base: number): PlanValue[] => {
    const out: PlanValue[] = new Array<PlanValue>(ns).fill(base);
    for (const p of props) {
      const v = p[key];
      if (v === undefined) continue;
      const pv = planValue(typeof v === 'number' ? finite(key, v) : v);
      for (const s of sectionsOf(disc, p.where, row)) out[s] = pv;
    }
    return out;
  };
  const Ra = winners('Ra', spec.Ra);
  const cm = winners('cm', spec.cm);

  // GLOBAL parameters of .mod mechanisms: NEURON keeps one value per mechanism.
  const globals: Record<string, number> = Object.create(null) as Record<string, number>;
  const setGlobal = (name: string, v: SegmentValue, what: string) => {
    if (typeof v !== 'number') throw new CoreError('model', `${what} is a GLOBAL parameter (one value for every segment in NEURON); it cannot be the expression "${v.expr}"`);
    finite(what, v);
    if (Object.hasOwn(globals, name) && globals[name] !== v) throw new CoreError('model', `${what} is a GLOBAL parameter (one value in NEURON), given ${globals[name]} and ${v} by different blocks; give it one value`);
    globals[name] = v;
  };
  const modOf = (name: string, kinds: string[], what: string): ModMechanism => {
    const m = Object.hasOwn(mods, name) ? mods[name] : undefined;
    if (!m || !kinds.includes(m.description.kind)) throw new CoreError('model', `${what} "${name}" has no NEURON export (no .mod file of the model declares it)`);
    return m;
  };

  const mechanisms = spec.mechanisms.map((m, k) => {
    const names = Object.hasOwn(MECHANISM_NAMES, m.name) ? MECHANISM_NAMES[m.name] : undefined;
    const mod = names ? null : modOf(m.name, ['density'], 'mechanism');
    const params: Record<string, number> = {};
    const exprsOf: Record<string, number> = {};
    for (const [p, v] of Object.entries((m.params ?? {}) as Record<string, SegmentValue | undefined>)) {
      if (v === undefined) continue;
      let target: string;
      if (names) {
        if (!Object.hasOwn(names, p)) throw new CoreError('model', `mechanism ${m.name} has no parameter "${p}"`);
        target = names[p];
      } else {
        const desc = mod!.description.parameters.find((d) => d.name === p);
        if (!desc) throw new CoreError('model', `mechanism ${m.name} has no parameter "${p}"`);
        target = `${p}_${m.name}`;
        if (desc.scope === 'GLOBAL') {
          setGlobal(target, v, `${m.name} ${p}`);
          continue;
        }
      }
      const pv = planValue(typeof v === 'number' ? finite(`${m.name} ${p}`, v) : v);
      if (typeof pv === 'number') params[target] = pv;
      else exprsOf[target] = pv.expr;
    }
    return { name: m.name, params, exprs: exprsOf, sections: setOf(sectionsOf(disc, m.where, row), ns), origin: origin('mechanisms', k) };
  });

  const pointProcesses = spec.pointProcesses.map((pp, k) => {
    const defaults = Object.hasOwn(POINT_PROCESS_DEFAULTS, pp.type) ? POINT_PROCESS_DEFAULTS[pp.type] : undefined;
    const base = { type: pp.type, at: loc(pp.at), label: pp.label ?? null, origin: origin('pointProcesses', k) };
    if (defaults) return { ...base, params: { ...defaults, ...definedParams(pp.type, pp.params) }, artificial: false };
    const mod = modOf(pp.type, ['point', 'artificial'], 'point process');
    const params: Record<string, number> = {};
    for (const [p, v] of Object.entries(definedParams(pp.type, pp.params))) {
      const desc = mod.description.parameters.find((d) => d.name === p);
      if (!desc) throw new CoreError('model', `point process ${pp.type} has no parameter "${p}"`);
      if (desc.scope === 'GLOBAL') setGlobal(`${p}_${pp.type}`, v, `${pp.type} ${p}`);
      else params[p] = v;
    }
    return { ...base, params, artificial: mod.description.kind === 'artificial' };
  });
  // NEURON's load order = NeuroWire's run order of the catalogue mechanisms (see mods.ts).
  const used = [...spec.mechanisms.map((m) => m.name), ...spec.pointProcesses.map((p) => p.type)].filter((n) => !Object.hasOwn(MECHANISM_NAMES, n) && !BUILTIN_POINT_NAMES.has(n));
  const modList = modFiles(model.mods, used);

  // Where the segments are, for the expressions (as the run computes it: segment-env.ts).
  let env: SectionEnv[] | null = null;
  if (exprs.length) {
    const start = sectionStartDistances(disc);
    const tuple = (e: { x: number; y: number; z: number; diam: number; label: string }): [number, number, number, number, string] => [e.x, e.y, e.z, e.diam, wellFormed(e.label)];
    env = disc.sections.map((sec, s) => {
      const diam = segmentGeometry(sec, 1).diam;
      return {
        seg: Array.from({ length: sec.nseg }, (_, j) => tuple(envAt(disc, sk, start, s, (j + 0.5) / sec.nseg, diam[j]))),
        mid: tuple(envAt(disc, sk, start, s, 0.5, NaN)),
      };
    });
  }

  const netStims = (spec.netStims ?? []).map((s, k) => ({
    params: { ...NETSTIM_DEFAULTS, ...definedParams('NetStim', s.params) },
    seed: s.seed ?? null,
    origin: origin('netStims', k),
  }));

  // NEURON keeps one spike source per NetStim and per node of the matrix (threshold sources):
  // spike labels of NetCons with the same source share its one recording.
  const nodeOf = segmentLocator(model).nodeOf;
  const sourceKey = (nc: NetConSpec) => ('netStim' in nc.source ? `s${nc.source.netStim}` : 'at' in nc.source ? `v${nodeOf(nc.source.at)}` : `p${nc.source.pointProcess}`);
  const firstOfSource = new Map<string, number>();
  const netConsSpec = spec.netCons ?? [];
  const netCons = netConsSpec.map((nc, k) => {
    const key = sourceKey(nc);
    if (!firstOfSource.has(key)) firstOfSource.set(key, k);
    return {
      source: 'netStim' in nc.source ? { netStim: nc.source.netStim } : 'at' in nc.source ? { at: loc(nc.source.at), threshold: finite('threshold', nc.source.threshold ?? 10) } : { pointProcess: nc.source.pointProcess },
      target: nc.target === null ? null : nc.target.pointProcess,
      weight: finite('NetCon weight', nc.weight ?? 0),
      delay: finite('NetCon delay', nc.delay ?? 1),
      label: nc.label ?? null,
      origin: origin('netCons', k),
    };
  });
  const labelled = netConsSpec.flatMap((nc, k) => (nc.label === undefined ? [] : [{ label: nc.label, netCon: firstOfSource.get(sourceKey(nc))! }]));
  const spikeOrder = jsKeyOrder(labelled.map((s) => s.label));
  const spikes = spikeOrder.map((l) => labelled.find((s) => s.label === l)!);

  const recorders = spec.recorders.map((r, k) => {
    const o = origin('recorders', k);
    // compileModel has checked that each variable exists where it is recorded.
    if ('pointProcess' in r) return { label: r.label, pointProcess: r.pointProcess, variable: r.variable, origin: o };
    // NEURON's names: gbar_kdr, m_hh; an ion's cai, eca as they are.
    if ('mechanism' in r) return { label: r.label, at: loc(r.at), variable: `${r.variable}_${r.mechanism}`, origin: o };
    if ('ion' in r) return { label: r.label, at: loc(r.at), variable: r.variable, origin: o };
    return { label: r.label, at: loc(r.at), variable: 'v', origin: o };
  });
  const recOrder = jsKeyOrder(recorders.map((r) => r.label));

  const recordEvery = num(runParams, 'recordEvery');
  return {
    kind: 'compartment',
    runId,
    sourceId,
    sections,
    trees: disc.trees,
    segments: disc.sections.reduce((a, s) => a + s.nseg, 0),
    skeletonName: sk.name ?? '',
    nodes: sk.size,
    Ra: byValue(Ra),
    cm: byValue(cm),
    exprs,
    env,
    mods: modList,
    globals,
    mechanisms,
    pointProcesses,
    netStims,
    netCons,
    spikes,
    recorders: recOrder.map((l) => recorders.find((r) => r.label === l)!),
    run: { tstop: num(runParams, 'tstop'), v_init: num(runParams, 'v_init'), dt: num(runParams, 'dt'), celsius: num(runParams, 'celsius'), recordEvery: Number.isInteger(recordEvery) && recordEvery >= 1 ? recordEvery : 1 },
  };
}

/** The NEURON description of a point network (as navis's PointNetwork builds it) and its run options. */
export function networkPlan(runId: string, sourceId: string, net: NetworkValue, runParams: Params): NetworkPlan {
  // Fails exactly where the run would fail (unknown parameters, bad stimuli).
  new PointNetwork({ names: net.names, labels: net.labels, model: net.model, params: net.params, edges: net.edges, stimuli: net.stimuli, noise: net.noise });
  const defaults = Object.hasOwn(CELL_DEFAULTS, net.model) ? CELL_DEFAULTS[net.model] : undefined;
  if (!defaults) throw new CoreError('model', `point-neuron model "${net.model}" has no NEURON export`);
  // The NetStims as PointNetwork creates them (network.ts): per stimulus, one per neuron
  // (independent) or one shared, interval 1000/f, number trunc(duration·f/1000).
  const netStims: NetworkPlan['netStims'] = [];
  net.stimuli.forEach((st, si) => {
    const duration = st.duration ?? st.stop! - st.start;
    const params = { start: st.start, number: Math.trunc((duration / 1000) * st.frequency), interval: 1000 / st.frequency, noise: st.randomness };
    const label = st.label ?? `stimulus ${si + 1}`;
    if (st.independent) for (const i of st.neurons) netStims.push({ params: { ...params }, targets: [i], weight: st.weight, stimulus: si, label });
    else netStims.push({ params, targets: [...st.neurons], weight: st.weight, stimulus: si, label });
  });
  const tstop = num(runParams, 'duration');
  const d = net.edges.delay;
  const perEdge = typeof d === 'number' ? null : Array.from(d, (x) => finite('edge delay', x));
  return {
    kind: 'network',
    runId,
    sourceId,
    names: [...net.names],
    model: net.model,
    params: { ...defaults, ...definedParams(net.model, net.params) },
    edges: { source: Array.from(net.edges.source), target: Array.from(net.edges.target), weight: Array.from(net.edges.weight, (w) => finite('edge weight', w)), ...(perEdge ? { delay: perEdge } : {}) },
    delay: perEdge ? (perEdge.length ? perEdge.reduce((a, b) => Math.min(a, b)) : 5) : finite('edge delay', net.edges.delay as number),
    netStims,
    seed: net.noise.kind === 'random123' ? net.noise.seed : null,
    run: { tstop, dt: num(runParams, 'dt') },
  };
}
