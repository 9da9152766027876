import { CoreError } from '../errors.ts';
import { CableEngine, type CompiledCell, type HhInstances } from './engine.ts';
import { buildMatrix, levelOrder, locate, perSection, pruneIdleLeafEnds, sectionsOf } from './matrix.ts';
import { ALPHA_SYNAPSE_DEFAULTS } from './mechanisms/alpha-synapse.ts';
import { HH_DEFAULTS, type HhParams } from './mechanisms/hh.ts';
import { ICLAMP_DEFAULTS } from './mechanisms/iclamp.ts';
import { PAS_DEFAULTS, type PasParams } from './mechanisms/pas.ts';
import type { CableModelSpec, Where } from './model.ts';

function checkParams(what: string, params: Record<string, number | undefined> | undefined, allowed: object): void {
  if (!params) return;
  for (const [k, v] of Object.entries(params)) {
    if (!(k in allowed)) throw new CoreError('model', `${what} has no parameter "${k}" (it has ${Object.keys(allowed).join(', ')})`);
    if (v !== undefined && !Number.isFinite(v)) throw new CoreError('model', `${what} parameter ${k} must be a number, got ${v}`);
  }
}

/**
 * Compile a declarative compartment model into a runnable engine: build the matrix from the
 * discretization, place density mechanisms on their sections' segments and point processes
 * and recorders on NEURON's node for their location. Later mechanism entries of the same kind
 * override earlier ones on shared segments, as NEURON's repeated `insert` + parameter
 * assignment would.
 */
export function compileModel(spec: CableModelSpec): CableEngine {
  const { discretization: disc, skeleton: sk } = spec;
  const nodeRow = (id: number) => sk.requireRow(id);
  const props = spec.properties ?? [];
  for (const [name, v] of [['Ra', spec.Ra], ['cm', spec.cm]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new CoreError('model', `${name} must be a positive number, got ${v}`);
  }
  const Ra = perSection(disc, spec.Ra, props.map((p) => ({ where: p.where, value: p.Ra })), nodeRow);
  const cmSec = perSection(disc, spec.cm, props.map((p) => ({ where: p.where, value: p.cm })), nodeRow);
  const full = buildMatrix(disc, Ra);

  // Locate point processes and voltage recorders on the full matrix, then drop the idle
  // leaf end nodes and renumber.
  const ppNodes = spec.pointProcesses.map((pp) => locate(full, disc, pp.at, nodeRow));
  const labels = new Set<string>();
  const vNodes = spec.recorders.map((r) => {
    if (labels.has(r.label)) throw new CoreError('model', `two recorders are labelled "${r.label}"; labels must be unique`);
    labels.add(r.label);
    return 'pointProcess' in r ? -1 : locate(full, disc, r.at, nodeRow);
  });
  const needed = new Uint8Array(full.n);
  for (const i of ppNodes) needed[i] = 1;
  for (const i of vNodes) if (i >= 0) needed[i] = 1;
  const pruned = pruneIdleLeafEnds(full, needed);
  const m = pruned.m;
  // Final numbering: level order (see levelOrder); `at(i)` maps a full-matrix node to it.
  const lev = levelOrder(m);
  const at = (i: number) => lev.map[pruned.map[i]];
  const mo = lev.m;

  const cm = new Float64Array(mo.n);
  for (let i = 0; i < mo.n; i++) if (mo.hasMembrane[i]) cm[i] = cmSec[mo.nodeSection[i]];

  // Density mechanisms: per segment node, the last entry that covers it wins.
  const segNodes = (where: Where): number[] => {
    const out: number[] = [];
    for (const s of sectionsOf(disc, where, nodeRow)) {
      const first = m.secFirst[s];
      for (let j = 0; j < disc.sections[s].nseg; j++) out.push(first + j);
    }
    return out;
  };
  const pas = new Map<number, PasParams>();
  const hh = new Map<number, HhParams>();
  for (const mech of spec.mechanisms) {
    if (mech.name === 'pas') {
      checkParams('pas', mech.params, PAS_DEFAULTS);
      for (const i of segNodes(mech.where)) pas.set(i, { ...(pas.get(i) ?? PAS_DEFAULTS), ...defined(mech.params) });
    } else if (mech.name === 'hh') {
      checkParams('hh', mech.params, HH_DEFAULTS);
      for (const i of segNodes(mech.where)) hh.set(i, { ...(hh.get(i) ?? HH_DEFAULTS), ...defined(mech.params) });
    } else {
      throw new CoreError('model', `unknown mechanism "${(mech as { name: string }).name}" (known: pas, hh)`);
    }
  }
  // pas is linear, so the engine folds it into the matrix instead of running it as a kernel.
  const leak = { g: new Float64Array(mo.n), e: new Float64Array(mo.n) };
  for (const [i, p] of pas) {
    leak.g[lev.map[i]] = p.g;
    leak.e[lev.map[i]] = p.e;
  }
  const keys = [...hh.keys()].sort((a, b) => lev.map[a] - lev.map[b]);
  const col = (k: keyof HhParams) => Float64Array.from(keys, (i) => hh.get(i)![k]);
  const hhInst: HhInstances = {
    nodes: Int32Array.from(keys, (i) => lev.map[i]),
    gnabar: col('gnabar'),
    gkbar: col('gkbar'),
    gl: col('gl'),
    el: col('el'),
    ena: col('ena'),
    ek: col('ek'),
  };

  // Point processes, grouped by type; `slots` remembers each one's type and index for recorders.
  const slots: Array<{ type: 'IClamp' | 'AlphaSynapse'; k: number }> = [];
  const ic: { nodes: number[]; del: number[]; dur: number[]; amp: number[] } = { nodes: [], del: [], dur: [], amp: [] };
  const al: { nodes: number[]; onset: number[]; tau: number[]; gmax: number[]; e: number[] } = { nodes: [], onset: [], tau: [], gmax: [], e: [] };
  spec.pointProcesses.forEach((pp, idx) => {
    const where = `point process ${idx}${pp.label ? ` (${pp.label})` : ''}`;
    const node = at(ppNodes[idx]);
    if (pp.type === 'IClamp') {
      checkParams(`${where} IClamp`, pp.params, ICLAMP_DEFAULTS);
      const p = { ...ICLAMP_DEFAULTS, ...defined(pp.params) };
      slots.push({ type: 'IClamp', k: ic.nodes.length });
      ic.nodes.push(node);
      ic.del.push(p.del);
      ic.dur.push(p.dur);
      ic.amp.push(p.amp);
    } else if (pp.type === 'AlphaSynapse') {
      checkParams(`${where} AlphaSynapse`, pp.params, ALPHA_SYNAPSE_DEFAULTS);
      const p = { ...ALPHA_SYNAPSE_DEFAULTS, ...defined(pp.params) };
      if (!(p.tau > 0)) throw new CoreError('model', `${where}: AlphaSynapse tau must be > 0 ms, got ${p.tau}`);
      slots.push({ type: 'AlphaSynapse', k: al.nodes.length });
      al.nodes.push(node);
      al.onset.push(p.onset);
      al.tau.push(p.tau);
      al.gmax.push(p.gmax);
      al.e.push(p.e);
    } else {
      throw new CoreError('model', `${where}: unknown point process "${(pp as { type: string }).type}" (known: IClamp, AlphaSynapse)`);
    }
  });
  const f64 = (a: number[]) => Float64Array.from(a);
  const probes: CompiledCell['probes'] = spec.recorders.map((r, k) => {
    if (!('pointProcess' in r)) return { label: r.label, source: { kind: 'v', node: at(vNodes[k]) } };
    const slot = slots[r.pointProcess];
    if (!slot) throw new CoreError('model', `recorder "${r.label}": point process ${r.pointProcess} does not exist`);
    if (slot.type === 'IClamp') {
      if (r.variable === 'g') throw new CoreError('model', `recorder "${r.label}": an IClamp has no conductance g`);
      return { label: r.label, source: { kind: 'IClamp', index: slot.k, field: 'i' } };
    }
    return { label: r.label, source: { kind: 'AlphaSynapse', index: slot.k, field: r.variable } };
  });
  const describeNode = (i: number): string => {
    const s = mo.nodeSection[i];
    if (s < 0) {
      const root = disc.sections.find((x) => x.tree === i);
      return `at the root (node ${root ? sk.id[root.rows[0]] : '?'})`;
    }
    const sec = disc.sections[s];
    return `in section ${s} (nodes ${sk.id[sec.rows[0]]} → ${sk.id[sec.rows[sec.rows.length - 1]]})`;
  };
  return new CableEngine({
    matrix: mo,
    cm,
    leak,
    hh: hhInst,
    iclamp: { nodes: Int32Array.from(ic.nodes), del: f64(ic.del), dur: f64(ic.dur), amp: f64(ic.amp) },
    alpha: { nodes: Int32Array.from(al.nodes), onset: f64(al.onset), tau: f64(al.tau), gmax: f64(al.gmax), e: f64(al.e) },
    probes,
    warnings: [...disc.warnings],
    describeNode,
  });
}

function defined<T extends object>(p: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!p) return out;
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
