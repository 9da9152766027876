import { CoreError } from '../errors.ts';
import { CableEngine, buildMatrix, locate, perSection, sectionsOf, type Probe } from './engine.ts';
import { AlphaSynapseKernel, ALPHA_SYNAPSE_DEFAULTS } from './mechanisms/alpha-synapse.ts';
import { HhKernel, HH_DEFAULTS, type HhParams } from './mechanisms/hh.ts';
import { IClampKernel, ICLAMP_DEFAULTS } from './mechanisms/iclamp.ts';
import type { MechanismKernel } from './mechanisms/kernel.ts';
import { PasKernel, PAS_DEFAULTS, type PasParams } from './mechanisms/pas.ts';
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
  const m = buildMatrix(disc, Ra);
  const cm = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) if (m.hasMembrane[i]) cm[i] = cmSec[m.nodeSection[i]];

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
  const kernels: MechanismKernel[] = [];
  if (pas.size) {
    const nodes = Int32Array.from([...pas.keys()].sort((a, b) => a - b));
    kernels.push(new PasKernel(nodes, Float64Array.from(nodes, (i) => pas.get(i)!.g), Float64Array.from(nodes, (i) => pas.get(i)!.e)));
  }
  if (hh.size) {
    const nodes = Int32Array.from([...hh.keys()].sort((a, b) => a - b));
    const col = (k: keyof HhParams) => Float64Array.from(nodes, (i) => hh.get(i)![k]);
    kernels.push(new HhKernel(nodes, col('gnabar'), col('gkbar'), col('gl'), col('el'), col('ena'), col('ek')));
  }

  // Point processes, grouped by type; remember where each one's i and g live.
  const ppSlots: Array<{ i: () => Float64Array; g: () => Float64Array | null; k: number }> = [];
  const ic: { nodes: number[]; del: number[]; dur: number[]; amp: number[] } = { nodes: [], del: [], dur: [], amp: [] };
  const al: { nodes: number[]; onset: number[]; tau: number[]; gmax: number[]; e: number[] } = { nodes: [], onset: [], tau: [], gmax: [], e: [] };
  let icK: IClampKernel | null = null;
  let alK: AlphaSynapseKernel | null = null;
  spec.pointProcesses.forEach((pp, idx) => {
    const where = `point process ${idx}${pp.label ? ` (${pp.label})` : ''}`;
    const node = locate(m, disc, pp.at, nodeRow);
    if (pp.type === 'IClamp') {
      checkParams(`${where} IClamp`, pp.params, ICLAMP_DEFAULTS);
      const p = { ...ICLAMP_DEFAULTS, ...defined(pp.params) };
      ppSlots.push({ i: () => icK!.i, g: () => null, k: ic.nodes.length });
      ic.nodes.push(node);
      ic.del.push(p.del);
      ic.dur.push(p.dur);
      ic.amp.push(p.amp);
    } else if (pp.type === 'AlphaSynapse') {
      checkParams(`${where} AlphaSynapse`, pp.params, ALPHA_SYNAPSE_DEFAULTS);
      const p = { ...ALPHA_SYNAPSE_DEFAULTS, ...defined(pp.params) };
      if (!(p.tau > 0)) throw new CoreError('model', `${where}: AlphaSynapse tau must be > 0 ms, got ${p.tau}`);
      ppSlots.push({ i: () => alK!.i, g: () => alK!.g, k: al.nodes.length });
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
  if (ic.nodes.length) kernels.push((icK = new IClampKernel(Int32Array.from(ic.nodes), f64(ic.del), f64(ic.dur), f64(ic.amp))));
  if (al.nodes.length) kernels.push((alK = new AlphaSynapseKernel(Int32Array.from(al.nodes), f64(al.onset), f64(al.tau), f64(al.gmax), f64(al.e))));

  const probes: Probe[] = [];
  const labels = new Set<string>();
  const pendingV: Array<{ label: string; index: number }> = [];
  for (const r of spec.recorders) {
    if (labels.has(r.label)) throw new CoreError('model', `two recorders are labelled "${r.label}"; labels must be unique`);
    labels.add(r.label);
    if ('pointProcess' in r) {
      const slot = ppSlots[r.pointProcess];
      if (!slot) throw new CoreError('model', `recorder "${r.label}": point process ${r.pointProcess} does not exist`);
      const src = r.variable === 'g' ? slot.g() : slot.i();
      if (!src) throw new CoreError('model', `recorder "${r.label}": that point process has no conductance g`);
      probes.push({ label: r.label, source: src, index: slot.k });
    } else {
      pendingV.push({ label: r.label, index: locate(m, disc, r.at, nodeRow) });
    }
  }
  const describe = (i: number): string => {
    const s = m.nodeSection[i];
    if (s < 0) return `at the root node of tree ${i}`;
    const sec = disc.sections[s];
    return `in section ${s} (nodes ${sk.id[sec.rows[0]]} → ${sk.id[sec.rows[sec.rows.length - 1]]})`;
  };
  const engine = new CableEngine(m, cm, kernels, probes, [...disc.warnings], describe);
  for (const p of pendingV) probes.push({ label: p.label, source: engine.arrays.v, index: p.index });
  // Keep recorder order as declared.
  const order = new Map(spec.recorders.map((r, i) => [r.label, i]));
  probes.sort((x, y) => order.get(x.label)! - order.get(y.label)!);
  return engine;
}

function defined<T extends object>(p: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!p) return out;
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
