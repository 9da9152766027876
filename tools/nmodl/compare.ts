/**
 * NeuroWire's side of the NMODL zoo comparison: for every case of `cases.ts`, compile the case's
 * .mod files with NeuroWire's compiler (src/core/nmodl/compile.ts), build the same test cell as
 * run_mod_case.py with the core, run it, and compare every recorded series and spike train with
 * NEURON's reference (reference.ts) sample by sample.
 *
 *   npx tsx tools/nmodl/compare.ts [--only id[,id…]] [--json]
 *
 * Exit status 0 when no case differs from NEURON or fails to run, 1 otherwise, 2 bad arguments or
 * no zoo. What the core cannot express in the test cell (a point process from a .mod file, an
 * ion_style, an initial concentration other than NEURON's default) is reported as
 * 'unsupported in the test cell: <what>', never compared approximately.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel } from '../../src/core/cable/compile.ts';
import { discretize, type Discretization, type Section } from '../../src/core/cable/discretize.ts';
import type { MechanismCatalogue, MechanismDef } from '../../src/core/cable/kernels.ts';
import { hhAsData } from '../../src/core/cable/mechanisms/hh-kernels.ts';
import type { CableModelSpec, MechanismSpec, NetConSpec, NetStimSpec, PointProcessSpec, RecorderSpec } from '../../src/core/cable/model.ts';
import { ionSpecies } from '../../src/core/ions/ions.ts';
import { readSwc } from '../../src/core/morphology/swc.ts';
import type { Skeleton } from '../../src/core/morphology/skeleton.ts';
import { compileMechanism } from '../../src/core/nmodl/compile.ts';
import type { Diagnostic } from '../../src/core/nmodl/ast.ts';
import { MOD_CASES, type At, type ModCase } from './cases.ts';
import { referenceCase, ZOO, type NeuronResult } from './reference.ts';

/** Tolerances of the issue: membrane potential (mV), spike times (ms), other series (relative). */
export const TOL_V = 1e-6;
export const TOL_SPIKE = 1e-6;
export const TOL_REL = 1e-6;

/** Names the core dispatches to its own built-ins: a zoo file declaring one is inserted renamed. */
const CORE_BUILTINS = new Set(['pas', 'hh', 'IClamp', 'AlphaSynapse', 'ExpSyn', 'Exp2Syn']);
/** The suffix of a renamed zoo mechanism (as tools/nmodl/compile.ts does on NEURON's side). */
const RENAMED = '_zoo';
/**
 * NEURON's hh as a helper (a K background, a Na source for an accumulation): NEURON's built-in
 * hh reads and writes na/k through the ion model, NeuroWire's built-in hh does not, so the helper
 * is hh as data (hh-kernels.ts: the built-in's numbers to 1e-10 mV, rate table included) under
 * this name.
 */
const HH_HELPER = 'hh_helper';

export type Outcome =
  /** Compiled and compared with NEURON (see `pass`). */
  | 'compiled'
  /** NeuroWire's compiler refused the case's own file. */
  | 'refused'
  /** The own file compiled, but the test cell needs what the core cannot express. */
  | 'unsupported'
  /** No test-cell case (cases.ts says why); the file was still compiled. */
  | 'skipped'
  /** Something threw (compiler, model, run) or NEURON's reference is missing: a failure. */
  | 'error';

/** One compared series. */
export interface SeriesDiff {
  label: string;
  /** 'v' for membrane potential (compared in mV), 'state' for anything else (relative). */
  kind: 'v' | 'state';
  /** How NeuroWire recorded it when not directly (e.g. "Σ cacur.ica", "cacum.cai"). */
  via?: string;
  /** Largest |NeuroWire − NEURON| over the samples (series' unit). */
  maxAbs: number;
  /** maxAbs / largest |NEURON value| of the series (0 when both are all 0). */
  rel: number;
  /** Time (ms) of the largest difference. */
  at: number;
}

/** One row of the table. */
export interface CompareRow {
  id: string;
  file: string;
  mechanism: string;
  kind: ModCase['kind'];
  outcome: Outcome;
  /** refused: `<construct or message> at line:col`; unsupported: what; skipped: the reason; error: the words. */
  detail: string;
  /** The own file's first refusal, for 'refused' (and 'skipped' files that NeuroWire refuses). */
  refusal?: Diagnostic;
  /** Whether NeuroWire's compiler accepted the case's own file. */
  compiledOwn: boolean | null;
  /** Largest |ΔV| over the v series (mV), largest relative Δ of other series, largest spike Δt (ms). */
  maxDV: number | null;
  maxDStateRel: number | null;
  spikeDt: number | null;
  /** Within tolerance (compiled cases only). */
  pass: boolean | null;
  series: SeriesDiff[];
  /** Records or spikes that could not be compared, and why (they are not counted as passes). */
  notes: string[];
  seconds: number;
}

/** `refused: VERBATIM at 12:3` style text of a diagnostic. */
function refusalText(d: Diagnostic, file?: string): string {
  const what = d.unsupported ? `${d.unsupported}` : d.message;
  return `${file ? `${file}: ` : ''}${what} at ${d.line}:${d.col}`;
}

/** A compile of one .mod file: its declared name and def, or the first error. */
type Compiled = { ok: true; def: MechanismDef } | { ok: false; error: Diagnostic };

function compileFile(rel: string): Compiled {
  const path = resolve(ZOO, rel);
  const text = readFileSync(path, 'utf8');
  const r = compileMechanism(text, basename(path), { allowBuiltinNames: true });
  if (r.ok) return { ok: true, def: r.def };
  const error = r.errors[0] ?? { file: basename(path), line: 0, col: 0, message: 'refused without a diagnostic' };
  return { ok: false, error };
}

/** Thrown for what the core cannot express in the test cell; becomes outcome 'unsupported'. */
class Unsupported extends Error {}

/** Section names of the test cell, in index order. */
function sectionNames(c: ModCase): string[] {
  const cell = c.cell ?? { type: 'soma' };
  return cell.type === 'soma' ? ['soma'] : Array.from({ length: cell.sections ?? 5 }, (_, i) => `cable${i}`);
}

/**
 * The test cell of run_mod_case.py as a skeleton and discretization. The soma is an SWC cylinder
 * of L × diam (two points: NEURON's pt3d area π·d·L equals the L/diam section's). The cable is a
 * straight line of one point per section end, discretized as one run and then cut into sections
 * at those points: an SWC chain without branches is a single section, and NEURON's cable has a
 * node at each section end (a zero-area node joining cableN(1) to cableN+1(0)).
 */
export function testCell(c: ModCase): { skeleton: Skeleton; discretization: Discretization } {
  const cell = c.cell ?? { type: 'soma' };
  const L = cell.L ?? 20;
  const diam = cell.diam ?? 20;
  const nseg = cell.nseg ?? 1;
  const n = cell.type === 'soma' ? 1 : cell.sections ?? 5;
  const type = cell.type === 'soma' ? 1 : 3;
  const lines = Array.from({ length: n + 1 }, (_, k) => `${k + 1} ${type} ${k * L} 0 0 ${diam / 2} ${k === 0 ? -1 : k}`);
  const skeleton = readSwc(lines.join('\n')).skeleton;
  const whole = discretize(skeleton, { nseg });
  if (n === 1) return { skeleton, discretization: whole };
  const run = whole.sections[0]!;
  if (run.rows.length !== n + 1) throw new Error(`test cell: expected ${n + 1} points in one run, got ${run.rows.length}`);
  const sections: Section[] = [];
  const nodeSection = new Int32Array(skeleton.size);
  const nodeX = new Float64Array(skeleton.size);
  for (let s = 0; s < n; s++) {
    const pick = (a: Float64Array): Float64Array => Float64Array.of(a[s]!, a[s + 1]!);
    const arc = Float64Array.of(0, run.arc[s + 1]! - run.arc[s]!);
    sections.push({
      index: s, rows: Int32Array.of(run.rows[s]!, run.rows[s + 1]!), parent: s - 1, parentX: 1, tree: 0,
      x: pick(run.x), y: pick(run.y), z: pick(run.z), d: pick(run.d), arc, L: arc[1]!, nseg,
    });
    nodeSection[run.rows[s + 1]!] = s;
    nodeX[run.rows[s + 1]!] = 1;
  }
  nodeSection[run.rows[0]!] = 0;
  nodeX[run.rows[0]!] = 0;
  return { skeleton, discretization: { sections, nodeSection, nodeX, trees: 1, warnings: [] } };
}

/** A recorded value NeuroWire gives as the sum of some recorders (ion currents) or one. */
interface Probe {
  label: string;
  kind: 'v' | 'state';
  /** Recorder labels whose values are summed. */
  parts: string[];
  /** A constant series instead (an ion concentration no mechanism writes). */
  constant?: number;
  via?: string;
}

/**
 * Build the case's model. Returns the spec, the probes to read, the spike labels and notes on
 * what was left out. Throws Unsupported for what the core cannot express.
 */
export function buildCase(c: ModCase, own: MechanismDef, helpers: MechanismDef[]): {
  spec: CableModelSpec;
  probes: Probe[];
  notes: string[];
} {
  if (own.kind !== c.kind) throw new Error(`${c.mechanism}: the case says ${c.kind}, the compiled file is ${own.kind}`);
  const names = sectionNames(c);
  const { skeleton, discretization } = testCell(c);
  const secIndex = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`no section "${name}" in the test cell (${names.join(', ')})`);
    return i;
  };
  const loc = (at: At): { section: number; x: number } => ({ section: secIndex(at.section), x: at.x ?? 0.5 });

  // Catalogue: the own file under its name (renamed if the core has a built-in of that name),
  // helper files under theirs, NEURON's hh helper as hh as data.
  const catalogue: Record<string, MechanismDef> = Object.create(null) as Record<string, MechanismDef>;
  const rename = new Map<string, string>();
  const ownName = CORE_BUILTINS.has(own.name) ? own.name + RENAMED : own.name;
  catalogue[ownName] = ownName === own.name ? own : { ...own, name: ownName };
  rename.set(c.mechanism, ownName);
  for (const h of helpers) {
    if (CORE_BUILTINS.has(h.name)) throw new Error(`helper ${h.name} has a core built-in's name`);
    catalogue[h.name] = h;
  }
  const usesHh = (c.insert ?? []).some((i) => i.mechanism === 'hh' && !rename.has('hh'));
  if (usesHh) {
    catalogue[HH_HELPER] = hhAsData(HH_HELPER);
    rename.set('hh', HH_HELPER);
  }
  const mech = (name: string): string => rename.get(name) ?? name;

  // Density mechanisms; GLOBALs are set as the parameter of that name in every instance.
  const mechanisms: MechanismSpec[] = [];
  /** Per section index: the catalogue mechanisms inserted there. */
  const onSection = names.map(() => new Set<string>());
  for (const ins of c.insert ?? []) {
    const name = mech(ins.mechanism);
    const def = catalogue[name];
    if (!def && name !== 'pas') throw new Error(`insert ${ins.mechanism}: no such mechanism in the case's files`);
    const params: Record<string, number> = {};
    for (const [p, value] of Object.entries(ins.params ?? {})) {
      if (Array.isArray(value)) value.forEach((x, k) => (params[`${p}[${k}]`] = x));
      else params[p] = value;
    }
    for (const [g, value] of Object.entries(ins.globals ?? {})) {
      if (!def?.fields.some((f) => f.name === g && f.role === 'parameter')) {
        throw new Unsupported(`GLOBAL ${g}_${ins.mechanism} = ${value}: the compiled mechanism has no parameter ${g} to set (the core has no per-mechanism globals)`);
      }
      params[g] = value;
    }
    const secs = (ins.sections ?? names).map(secIndex);
    mechanisms.push({ name, params, where: ins.sections ? { sections: secs } : 'all' });
    if (def) for (const s of secs) onSection[s]!.add(name);
  }

  // Ions: the core starts every ion at NEURON's defaults and promotes styles from USEION.
  for (const ion of c.ions ?? []) {
    if (ion.style) throw new Unsupported(`ion_style(${ion.ion}_ion, ${ion.style.join(', ')}) (the core takes ion styles from USEION only)`);
    if (ion.values && Object.keys(ion.values).length) throw new Unsupported(`setting ${Object.keys(ion.values).join(', ')} per segment (the core has no ion values in a model)`);
    const sp = ionSpecies(ion.ion);
    for (const [key, value] of Object.entries(ion.init ?? {})) {
      const dflt = key === `${ion.ion}i0` ? sp.ci0 : key === `${ion.ion}o0` ? sp.co0 : undefined;
      if (dflt === undefined) throw new Unsupported(`${key}_${ion.ion}_ion (not an initial concentration the core knows)`);
      if (dflt !== value) throw new Unsupported(`${key}_${ion.ion}_ion = ${value} mM (the core starts ${ion.ion} at NEURON's default ${dflt} mM and cannot set it)`);
    }
  }

  // Point processes: catalogue ones at their place; stimuli are the core's IClamp and NetStim → NetCon.
  const pointProcesses: PointProcessSpec[] = [];
  const netStims: NetStimSpec[] = [];
  const netCons: NetConSpec[] = [];
  const pointIndex = new Map<string, number>();
  for (const pp of c.points ?? []) {
    const name = mech(pp.mechanism);
    const def = catalogue[name];
    if (!def || def.kind === 'density') throw new Unsupported(`point process ${pp.mechanism} (not a point process compiled from the case's files)`);
    // An artificial cell has no place in NEURON; the core keeps every instance at a node (the soma's: it reads nothing there).
    const at: At | undefined = pp.at ?? (def.kind === 'artificial' ? { section: 'soma', x: 0.5 } : undefined);
    if (!at) throw new Unsupported(`${pp.mechanism} without a place`);
    const params: Record<string, number> = {};
    for (const [p, value] of Object.entries(pp.params ?? {})) {
      if (Array.isArray(value)) value.forEach((x, k) => (params[`${p}[${k}]`] = x));
      else params[p] = value;
    }
    for (const [g, value] of Object.entries(pp.globals ?? {})) {
      if (!def.fields.some((f) => f.name === g && f.role === 'parameter')) throw new Unsupported(`GLOBAL ${g}_${pp.mechanism} = ${value}: the compiled mechanism has no parameter ${g} to set`);
      params[g] = value;
    }
    pointIndex.set(pp.label, pointProcesses.length);
    pointProcesses.push({ type: name, at: loc(at), params, label: pp.label });
  }
  const spikeLabels = new Set<string>();
  for (const st of c.stimuli ?? []) {
    if (st.type === 'IClamp') {
      pointProcesses.push({ type: 'IClamp', at: loc(st.at), params: { del: st.del, dur: st.dur, amp: st.amp } });
      continue;
    }
    const target = pointIndex.get(st.target);
    if (target === undefined) throw new Unsupported(`NetStim → ${st.target} (not a point process on the cell)`);
    const weights = Array.isArray(st.weight) ? st.weight : [st.weight];
    if (weights.length !== 1) throw new Unsupported(`NetCon weight vector of ${weights.length} (the core's NetCon has one weight)`);
    netCons.push({ source: { netStim: netStims.length }, target: { pointProcess: target }, weight: weights[0], delay: st.delay ?? 1, label: st.label });
    if (st.label) spikeLabels.add(st.label);
    netStims.push({ params: { start: st.start, interval: st.interval, number: st.number, noise: 0 } });
  }

  // Records.
  const recorders: RecorderSpec[] = [];
  const probes: Probe[] = [];
  const notes: string[] = [];
  for (const rec of c.record ?? []) {
    if (rec.point !== undefined) {
      const index = pointIndex.get(rec.point);
      if (index === undefined) throw new Unsupported(`record ${rec.label}: ${rec.point} is not a point process on the cell`);
      recorders.push({ label: rec.label, variable: rec.variable, pointProcess: index });
      probes.push({ label: rec.label, kind: 'state', parts: [rec.label] });
      continue;
    }
    if (!rec.at) throw new Error(`record ${rec.label}: no place`);
    const at = loc(rec.at);
    if (rec.mechanism) {
      const name = mech(rec.mechanism);
      recorders.push({ label: rec.label, mechanism: name, variable: rec.variable, at });
      probes.push({ label: rec.label, kind: 'state', parts: [rec.label], via: name !== rec.mechanism ? `${name}.${rec.variable}` : undefined });
      continue;
    }
    if (rec.variable === 'v') {
      recorders.push({ label: rec.label, at });
      probes.push({ label: rec.label, kind: 'v', parts: [rec.label] });
      continue;
    }
    // An ion variable of an ion the mechanisms there use: the core's ion recorder reads the ion's
    // own value (reversal potential, concentration, summed current) at that segment.
    const defsHere = [...onSection[at.section]!].map((n) => catalogue[n]!);
    const ionHere = defsHere.flatMap((d) => d.ions).find((u) => [`e${u.ion}`, `${u.ion}i`, `${u.ion}o`, `i${u.ion}`].includes(rec.variable));
    if (ionHere) {
      recorders.push({ label: rec.label, ion: ionHere.ion, variable: rec.variable, at });
      probes.push({ label: rec.label, kind: 'state', parts: [rec.label], via: `ion ${ionHere.ion}` });
      continue;
    }
    // Otherwise (no mechanism there uses the ion) NEURON's value is the species' constant.
    const probe = ionProbe(rec.label, rec.variable, [...onSection[at.section]!].map((n) => catalogue[n]!));
    if (typeof probe === 'string') {
      notes.push(`${rec.label}: ${probe}`);
      continue;
    }
    probe.parts.forEach((part, k) => recorders.push({ label: part, mechanism: probe.mechs[k]!, variable: rec.variable, at }));
    probes.push(probe);
  }
  for (const sp of c.spikes ?? []) {
    if (sp.point !== undefined && spikeLabels.has(sp.point)) continue; // a NetStim's own spikes: its NetCon's label
    if (sp.point !== undefined) {
      // A point process or artificial cell that fires (net_event): a NetCon from it to nothing records its spikes.
      const index = pointIndex.get(sp.point);
      if (index === undefined) throw new Unsupported(`spikes ${sp.label}: ${sp.point} is not a point process on the cell`);
      netCons.push({ source: { pointProcess: index }, target: null, label: sp.label });
      continue;
    }
    if (!sp.at) throw new Error(`spikes ${sp.label}: no place and no point process`);
    netCons.push({ source: { at: loc(sp.at), threshold: sp.threshold ?? 0 }, target: null, label: sp.label });
  }

  const cell = c.cell ?? { type: 'soma' };
  return {
    spec: { skeleton, discretization, Ra: cell.Ra ?? 100, cm: cell.cm ?? 1, mechanisms, pointProcesses, recorders, netStims, netCons, catalogue: catalogue as MechanismCatalogue },
    probes,
    notes,
  };
}

/** How to record an ion variable from mechanism fields, or why it cannot be. */
function ionProbe(label: string, variable: string, defs: MechanismDef[]): (Probe & { mechs: string[] }) | string {
  for (const def of defs) {
    for (const use of def.ions) {
      const ion = use.ion;
      const isCurrent = variable === `i${ion}`;
      const isConc = variable === `${ion}i` || variable === `${ion}o`;
      if (!isCurrent && !isConc && variable !== `e${ion}`) continue;
      const writers = defs.filter((d) => d.ions.some((u) => u.ion === ion && u.write.includes(variable)));
      if (variable === `e${ion}`) return `the core records no ion variables, and ${variable} is in no mechanism's fields`;
      if (!writers.length) {
        if (isCurrent) return `${variable}: no mechanism writes it (NEURON records 0)`;
        const sp = ionSpecies(ion);
        return { label, kind: 'state', parts: [], mechs: [], constant: variable === `${ion}i` ? sp.ci0 : sp.co0, via: `constant (no mechanism writes ${variable})` };
      }
      const missing = writers.filter((d) => !d.fields.some((f) => f.name === variable));
      if (missing.length) return `${missing.map((d) => d.name).join(', ')} write${missing.length === 1 ? 's' : ''} ${variable} but hold${missing.length === 1 ? 's' : ''} no field of it`;
      if (isConc && writers.length > 1) return `${variable} is written by ${writers.map((d) => d.name).join(' and ')}`;
      return {
        label, kind: 'state', mechs: writers.map((d) => d.name), parts: writers.map((d) => `${label}#${d.name}`),
        via: isCurrent ? `Σ ${writers.map((d) => `${d.name}.${variable}`).join(' + ')}` : `${writers[0]!.name}.${variable}`,
      };
    }
  }
  return `no mechanism at that place uses ${variable}`;
}

function diffSeries(label: string, kind: 'v' | 'state', ours: ArrayLike<number>, ref: readonly number[], t: readonly number[], via?: string): SeriesDiff {
  let maxAbs = 0;
  let scale = 0;
  let at = 0;
  for (let k = 0; k < ref.length; k++) {
    const d = Math.abs(ours[k]! - ref[k]!);
    // NaN in ours counts as an infinite difference, never as 0.
    const dd = Number.isNaN(d) ? Infinity : d;
    if (dd > maxAbs) {
      maxAbs = dd;
      at = t[k]!;
    }
    scale = Math.max(scale, Math.abs(ref[k]!));
  }
  const rel = maxAbs === 0 ? 0 : scale > 0 ? maxAbs / scale : Infinity;
  return { label, kind, via, maxAbs, rel, at };
}

/** Largest |Δt| between spike trains (ms); Infinity when the counts differ. */
function spikeDiff(ours: ArrayLike<number> | undefined, ref: readonly number[]): number {
  if (!ours || ours.length !== ref.length) return Infinity;
  let worst = 0;
  for (let k = 0; k < ref.length; k++) worst = Math.max(worst, Math.abs(ours[k]! - ref[k]!));
  return worst;
}

/**
 * Compile, build, run and compare one case against NEURON's result (`ref`; null when NEURON did
 * not run it). Never throws: the row says what happened.
 */
export function compareCase(c: ModCase, ref: NeuronResult | null): CompareRow {
  const started = performance.now();
  const row: CompareRow = {
    id: c.id, file: c.file, mechanism: c.mechanism, kind: c.kind, outcome: 'error', detail: '', compiledOwn: null,
    maxDV: null, maxDStateRel: null, spikeDt: null, pass: null, series: [], notes: [], seconds: 0,
  };
  const done = (): CompareRow => ({ ...row, seconds: (performance.now() - started) / 1000 });
  let own: Compiled;
  try {
    own = compileFile(c.file);
  } catch (e) {
    row.detail = `the compiler threw: ${(e as Error).message}`;
    return done();
  }
  row.compiledOwn = own.ok;
  if (!own.ok) row.refusal = own.error;
  if (c.skip) {
    row.outcome = 'skipped';
    row.detail = `${own.ok ? 'compiled' : `refused: ${refusalText(own.error)}`}; no test-cell case: ${c.skip}`;
    return done();
  }
  if (!own.ok) {
    row.outcome = 'refused';
    row.detail = refusalText(own.error);
    return done();
  }
  const helpers: MechanismDef[] = [];
  for (const h of c.helpers ?? []) {
    let r: Compiled;
    try {
      r = compileFile(h);
    } catch (e) {
      row.detail = `the compiler threw on helper ${basename(h)}: ${(e as Error).message}`;
      return done();
    }
    if (!r.ok) {
      row.outcome = 'unsupported';
      row.detail = `helper ${basename(h)} refused: ${refusalText(r.error)}`;
      return done();
    }
    helpers.push(r.def);
  }
  return { ...compareBuilt(c, own.def, helpers, ref), compiledOwn: true, seconds: (performance.now() - started) / 1000 };
}

/**
 * Build the case's cell with the given mechanism as the case's own (and helpers), run it with the
 * core and compare with NEURON's result. Never throws. Exported so that the driver itself can be
 * checked with a mechanism known to give NEURON's numbers (hh as data).
 */
export function compareBuilt(c: ModCase, own: MechanismDef, helpers: MechanismDef[], ref: NeuronResult | null): CompareRow {
  const started = performance.now();
  const row: CompareRow = {
    id: c.id, file: c.file, mechanism: c.mechanism, kind: c.kind, outcome: 'error', detail: '', compiledOwn: true,
    maxDV: null, maxDStateRel: null, spikeDt: null, pass: null, series: [], notes: [], seconds: 0,
  };
  const done = (): CompareRow => ({ ...row, seconds: (performance.now() - started) / 1000 });
  let phase = 'building the test cell';
  try {
    const built = buildCase(c, own, helpers);
    row.notes.push(...built.notes);
    if (!ref) {
      row.detail = 'no NEURON reference (NEURON did not run the case)';
      return done();
    }
    const run = c.run ?? { tstop: 50 };
    phase = 'compiling the model';
    const engine = compileModel(built.spec);
    phase = 'running';
    const res = engine.run({ tstop: run.tstop, dt: run.dt ?? 0.025, celsius: run.celsius ?? 6.3, v_init: run.v_init ?? -65 });
    phase = 'comparing';
    row.outcome = 'compiled';
    if (res.t.length !== ref.t.length) row.notes.push(`${res.t.length} samples, NEURON ${ref.t.length}`);
    for (const p of built.probes) {
      const want = ref.series[p.label];
      if (!want) {
        row.notes.push(`${p.label}: not in NEURON's output`);
        continue;
      }
      const ours = new Float64Array(res.t.length);
      if (p.constant !== undefined) ours.fill(p.constant);
      for (const part of p.parts) {
        const tr = res.traces[part]!;
        for (let k = 0; k < ours.length; k++) ours[k] = ours[k]! + tr[k]!;
      }
      const n = Math.min(ours.length, want.length);
      row.series.push(diffSeries(p.label, p.kind, ours.subarray(0, n), want.slice(0, n), ref.t, p.via));
    }
    let dt = 0;
    for (const sp of c.spikes ?? []) dt = Math.max(dt, spikeDiff(res.spikes?.[sp.label], ref.spikes[sp.label] ?? []));
    const vs = row.series.filter((s) => s.kind === 'v');
    const states = row.series.filter((s) => s.kind === 'state');
    row.maxDV = vs.length ? Math.max(...vs.map((s) => s.maxAbs)) : null;
    row.maxDStateRel = states.length ? Math.max(...states.map((s) => s.rel)) : null;
    row.spikeDt = c.spikes?.length ? dt : null;
    row.pass = res.t.length === ref.t.length && (row.maxDV ?? 0) <= TOL_V && (row.maxDStateRel ?? 0) <= TOL_REL && (row.spikeDt ?? 0) <= TOL_SPIKE;
    const worst = row.series.filter((s) => (s.kind === 'v' ? s.maxAbs > TOL_V : s.rel > TOL_REL)).map((s) => `${s.label} Δ ${s.maxAbs.toExponential(2)} at ${s.at} ms`);
    row.detail = worst.length ? `differs: ${worst.join('; ')}` : '';
    if ((row.spikeDt ?? 0) > TOL_SPIKE) row.detail += `${row.detail ? '; ' : ''}spikes ${describeSpikes(c, res.spikes, ref.spikes)}`;
  } catch (e) {
    if (e instanceof Unsupported) {
      row.outcome = 'unsupported';
      row.detail = e.message;
    } else {
      row.outcome = 'error';
      row.detail = `${phase}: ${(e as Error).message}`;
      if (phase === 'running' && ref) row.detail += vOnlyHint(c, own, helpers, ref);
    }
  }
  return done();
}

/**
 * After a run that threw: the same case recording v alone, to tell the lead whether the failure
 * is in recording a mechanism's fields or in the mechanism itself.
 */
function vOnlyHint(c: ModCase, own: MechanismDef, helpers: MechanismDef[], ref: NeuronResult): string {
  const vOnly = (c.record ?? []).filter((r) => r.variable === 'v' && !r.mechanism && !r.point);
  if (!vOnly.length || vOnly.length === (c.record ?? []).length) return '';
  const r = compareBuilt({ ...c, record: vOnly }, own, helpers, ref);
  if (r.outcome !== 'compiled') return ` (recording v alone: ${r.outcome}${r.detail ? `: ${r.detail.slice(0, 80)}` : ''})`;
  return ` (recording v alone it runs: max |ΔV| ${fmtNum(r.maxDV)} mV${r.spikeDt !== null ? `, spike Δt ${fmtNum(r.spikeDt)} ms` : ''})`;
}

function describeSpikes(c: ModCase, ours: Record<string, Float64Array> | undefined, ref: Record<string, number[]>): string {
  return (c.spikes ?? []).map((s) => `${s.label}: ${ours?.[s.label]?.length ?? 0} vs NEURON ${ref[s.label]?.length ?? 0}`).join(', ');
}

/** Whether a row is acceptable: compared within tolerance, or refused/unsupported/skipped with words. */
export function rowOk(r: CompareRow): boolean {
  if (r.outcome === 'compiled') return r.pass === true;
  if (r.outcome === 'error') return false;
  return r.detail.trim().length > 0;
}

/** NEURON's reference and NeuroWire's comparison for the cases, NEURON two at a time. */
export async function compareCases(cases: readonly ModCase[], refDir?: string): Promise<CompareRow[]> {
  const out: CompareRow[] = new Array(cases.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(2, cases.length) }, async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      // NEURON only for cases NeuroWire can compare: a refused file needs no reference.
      let ref: NeuronResult | null = null;
      let compiles = false;
      try {
        compiles = !c.skip && compileFile(c.file).ok;
      } catch {
        // compareCase reports the throw.
      }
      if (compiles) {
        const r = await referenceCase(c, refDir);
        ref = r.result ?? null;
      }
      out[i] = compareCase(c, ref);
    }
  });
  await Promise.all(lanes);
  return out;
}

const fmtNum = (x: number | null): string => (x === null ? '-' : x === Infinity ? 'inf' : x === 0 ? '0' : x.toExponential(1));

/** The table as text: one line per file, then the counts. */
export function formatTable(rows: readonly CompareRow[]): string {
  const header = ['file', 'mechanism', 'kind', 'ΔV mV', 'Δstate rel', 'spike Δt', 'pass', 'outcome'];
  const lines = rows.map((r) => {
    const outcome =
      r.outcome === 'compiled' ? `compiled${r.detail ? `: ${r.detail}` : ''}` :
      r.outcome === 'refused' ? `refused: ${r.detail}` :
      r.outcome === 'unsupported' ? `unsupported in the test cell: ${r.detail}` :
      r.outcome === 'skipped' ? `skipped: ${r.detail}` : `ERROR: ${r.detail}`;
    const notes = r.notes.length ? ` [not compared: ${r.notes.join('; ')}]` : '';
    return [r.file.replace(/^nrn-8\.2\.2\//, ''), r.mechanism, r.kind, fmtNum(r.maxDV), fmtNum(r.maxDStateRel), fmtNum(r.spikeDt), r.pass === null ? '-' : r.pass ? 'yes' : 'NO', outcome + notes];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (i < 7 ? l[i]!.length : 0))));
  const fmt = (l: string[]): string => l.map((x, i) => (i < 7 ? x.padEnd(widths[i]!) : x)).join('  ');
  const count = (o: Outcome): number => rows.filter((r) => r.outcome === o).length;
  const compiledFiles = rows.filter((r) => r.compiledOwn).length;
  const passed = rows.filter((r) => r.outcome === 'compiled' && r.pass).length;
  const summary =
    `${rows.length} files: NeuroWire compiled ${compiledFiles}, refused ${rows.length - compiledFiles}; ` +
    `cases: ${count('compiled')} compared (${passed} pass, ${count('compiled') - passed} differ), ${count('refused')} refused, ` +
    `${count('unsupported')} unsupported in the test cell, ${count('error')} errors, ${count('skipped')} without a case`;
  return [fmt(header), ...lines.map(fmt), summary].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').filter(Boolean)) : null;
  const json = args.includes('--json');
  const known = new Set(MOD_CASES.map((c) => c.id));
  const unknownArgs = args.filter((a, i) => a.startsWith('--') && a !== '--only' && a !== '--json' && !(i > 0 && args[i - 1] === '--only'));
  if (unknownArgs.length || (only && [...only].some((id) => !known.has(id)))) {
    console.error(`usage: npx tsx tools/nmodl/compare.ts [--only id,…] [--json]${only ? `; unknown case(s): ${[...only].filter((id) => !known.has(id)).join(', ')}` : ''}`);
    process.exit(2);
  }
  if (!existsSync(resolve(ZOO, 'README.md'))) {
    console.error(`the NMODL zoo is absent (${ZOO}); nothing to compare`);
    process.exit(2);
  }
  const cases = only ? MOD_CASES.filter((c) => only.has(c.id)) : MOD_CASES;
  const started = performance.now();
  const rows = await compareCases(cases);
  if (json) for (const r of rows) console.log(JSON.stringify(r, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v)));
  else {
    console.log(formatTable(rows));
    console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  process.exit(rows.every(rowOk) ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(3);
  });
}
