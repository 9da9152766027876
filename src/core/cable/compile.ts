import { CoreError } from '../errors.ts';
import { CableEngine, type PointValues, type CellEvents, type CompiledCell, type HhInstances, type SynapseRef } from './engine.ts';
import { NETSTIM_DEFAULTS } from '../events/netstim.ts';
import { buildMatrix, levelOrder, locate, locateSegment, pruneIdleLeafEnds, sectionsOf } from './matrix.ts';
import { SegmentValues, type SegmentValue } from './segment-env.ts';
import { ALPHA_SYNAPSE_DEFAULTS } from './mechanisms/alpha-synapse.ts';
import { HH_DEFAULTS, type HhParams } from './mechanisms/hh.ts';
import { ICLAMP_DEFAULTS } from './mechanisms/iclamp.ts';
import { PAS_DEFAULTS, type PasParams } from './mechanisms/pas.ts';
import { EXP2SYN_DEFAULTS, EXPSYN_DEFAULTS, type CableModelSpec, type PointProcessSpec, type Where } from './model.ts';
import { instancesOf, type MechanismDef, type MechanismInstances } from './kernels.ts';
import { ionSpecies, ionState, promote, type IonState } from '../ions/ions.ts';

function checkParams(what: string, params: Readonly<Record<string, SegmentValue | undefined>> | undefined, allowed: object, values?: SegmentValues): void {
  if (!params) return;
  for (const [k, v] of Object.entries(params)) {
    if (!(k in allowed)) throw new CoreError('model', `${what} has no parameter "${k}" (it has ${Object.keys(allowed).join(', ')})`);
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null && typeof v.expr === 'string' && values) values.check(v, `${what} ${k}`);
    else if (typeof v !== 'number' || !Number.isFinite(v)) throw new CoreError('model', `${what} parameter ${k} must be a number${values ? ' or an expression of the segment' : ''}, got ${typeof v === 'object' ? JSON.stringify(v) : v}`);
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
  // Per-segment values: numbers, or expressions of the segment (d, x, y, z, diam, label).
  const values = new SegmentValues(disc, sk);
  // Expressions are checked here; a number that is not finite is named by the engine's own check, with its place.
  for (const p of props) for (const [k, v] of [['Ra', p.Ra], ['cm', p.cm]] as const) values.check(v, k);
  // Ra belongs to a section: an expression is evaluated at its centre (3-D diameter there).
  const Ra = new Float64Array(disc.sections.length).fill(spec.Ra);
  for (const p of props) {
    if (p.Ra === undefined) continue;
    for (const s of sectionsOf(disc, p.where, nodeRow)) Ra[s] = typeof p.Ra === 'number' ? p.Ra : positive('Ra', values.at(p.Ra, 'Ra', s, 0.5, NaN), s);
  }
  const full = buildMatrix(disc, Ra);

  // Locate point processes and voltage recorders on the full matrix, then drop the idle
  // leaf end nodes and renumber.
  const ppNodes = spec.pointProcesses.map((pp) => locate(full, disc, pp.at, nodeRow));
  const labels = new Set<string>();
  const vNodes = spec.recorders.map((r) => {
    if (labels.has(r.label)) throw new CoreError('model', `two recorders are labelled "${r.label}"; labels must be unique`);
    labels.add(r.label);
    if ('pointProcess' in r) return -1;
    // A mechanism's or an ion's variable belongs to a segment (x = 0 / 1: the first / last one), v to NEURON's node at x.
    return 'mechanism' in r || 'ion' in r ? locateSegment(full, disc, r.at, nodeRow) : locate(full, disc, r.at, nodeRow);
  });
  // Voltage threshold detectors (NetCon sources), on the full matrix too.
  const watcherNodes = (spec.netCons ?? []).map((nc) => ('at' in nc.source ? locate(full, disc, nc.source.at, nodeRow) : -1));
  const needed = new Uint8Array(full.n);
  for (const i of ppNodes) needed[i] = 1;
  for (const i of watcherNodes) if (i >= 0) needed[i] = 1;
  for (const i of vNodes) if (i >= 0) needed[i] = 1;
  const pruned = pruneIdleLeafEnds(full, needed);
  const m = pruned.m;
  // Density mechanisms: per segment node, the last entry that covers it wins.
  const segNodes = (where: Where): number[] => {
    const out: number[] = [];
    for (const s of sectionsOf(disc, where, nodeRow)) {
      const first = m.secFirst[s];
      for (let j = 0; j < disc.sections[s].nseg; j++) out.push(first + j);
    }
    return out;
  };
  /** A mechanism's parameters at segment node i: numbers as given, expressions evaluated at the segment's centre. */
  const paramsAt = (what: string, params: Readonly<Record<string, SegmentValue | undefined>> | undefined, i: number): Record<string, number> => {
    const out: Record<string, number> = {};
    if (!params) return out;
    const s = m.nodeSection[i];
    const j = i - m.secFirst[s];
    const nseg = disc.sections[s].nseg;
    for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = values.at(v, `${what} ${k}`, s, (j + 0.5) / nseg, m.diam[i]);
    return out;
  };
  // Catalogue mechanisms, in order of first insertion: per segment node, the parameters given.
  const generic = new Map<string, { def: MechanismDef; at: Map<number, Record<string, number>> }>();
  const pas = new Map<number, PasParams>();
  const hh = new Map<number, HhParams>();
  for (const mech of spec.mechanisms) {
    if (mech.name === 'pas') {
      checkParams('pas', mech.params, PAS_DEFAULTS, values);
      for (const i of segNodes(mech.where)) pas.set(i, { ...(pas.get(i) ?? PAS_DEFAULTS), ...paramsAt('pas', mech.params, i) });
    } else if (mech.name === 'hh') {
      checkParams('hh', mech.params, HH_DEFAULTS, values);
      for (const i of segNodes(mech.where)) hh.set(i, { ...(hh.get(i) ?? HH_DEFAULTS), ...paramsAt('hh', mech.params, i) });
    } else {
      const def = spec.catalogue && Object.hasOwn(spec.catalogue, mech.name) ? spec.catalogue[mech.name] : undefined;
      if (!def) throw new CoreError('model', `unknown mechanism "${mech.name}" (known: pas, hh${spec.catalogue ? Object.keys(spec.catalogue).map((k) => `, ${k}`).join('') : ''})`);
      const params = (mech.params ?? {}) as Readonly<Record<string, SegmentValue | undefined>>;
      for (const k of Object.keys(params)) {
        if (!def.fields.some((f) => f.name === k && f.role === 'parameter')) throw new CoreError('model', `${def.name} has no parameter "${k}" (it has ${def.fields.filter((f) => f.role === 'parameter').map((f) => f.name).join(', ')})`);
      }
      checkParams(def.name, params, Object.fromEntries(Object.keys(params).map((k) => [k, 0])), values);
      let placed = generic.get(def.name);
      if (!placed) generic.set(def.name, (placed = { def, at: new Map() }));
      for (const i of segNodes(mech.where)) placed.at.set(i, { ...(placed.at.get(i) ?? {}), ...paramsAt(def.name, params, i) });
    }
  }
  // Final numbering: level order, static subtrees last (see levelOrder); `at(i)` maps a
  // full-matrix node to it. Dynamic: hh, catalogue mechanisms, point processes but IClamp.
  const dynamic = new Uint8Array(m.n);
  for (const i of hh.keys()) dynamic[i] = 1;
  for (const g of generic.values()) for (const i of g.at.keys()) dynamic[i] = 1;
  spec.pointProcesses.forEach((pp, idx) => {
    if (pp.type !== 'IClamp') dynamic[pruned.map[ppNodes[idx]]] = 1;
  });
  const lev = levelOrder(m, dynamic);
  const at = (i: number) => lev.map[pruned.map[i]];
  const mo = lev.m;

  // cm per segment (NEURON's seg.cm): the model's, then each property entry in order.
  const cmAt = new Float64Array(m.n).fill(spec.cm);
  for (const p of props) {
    if (p.cm === undefined) continue;
    for (const s of sectionsOf(disc, p.where, nodeRow)) {
      const nseg = disc.sections[s].nseg;
      for (let j = 0; j < nseg; j++) cmAt[m.secFirst[s] + j] = typeof p.cm === 'number' ? p.cm : positive('cm', values.at(p.cm, 'cm', s, (j + 0.5) / nseg, m.diam[m.secFirst[s] + j]), s);
    }
  }
  const cm = new Float64Array(mo.n);
  for (let i = 0; i < m.n; i++) if (m.hasMembrane[i]) cm[lev.map[i]] = cmAt[i];

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
  const slots: Array<{ type: PointProcessSpec['type']; k: number }> = [];
  // Catalogue point processes in placement order (a recorder or NetCon names one by its index).
  const points = new Map<string, { def: MechanismDef; nodes: number[]; params: Array<Record<string, number>> }>();
  const ex: { nodes: number[]; tau: number[]; e: number[] } = { nodes: [], tau: [], e: [] };
  const ex2: { nodes: number[]; tau1: number[]; tau2: number[]; e: number[] } = { nodes: [], tau1: [], tau2: [], e: [] };
  const ic: { nodes: number[]; del: number[]; dur: number[]; amp: number[] } = { nodes: [], del: [], dur: [], amp: [] };
  const al: { nodes: number[]; onset: number[]; tau: number[]; gmax: number[]; e: number[] } = { nodes: [], onset: [], tau: [], gmax: [], e: [] };
  spec.pointProcesses.forEach((pp, idx) => {
    const where = `point process ${idx}${pp.label ? ` (${pp.label})` : ''}`;
    const node = at(ppNodes[idx]);
    if (pp.type === 'IClamp') {
      const p = iclampValues(where, pp.params);
      slots.push({ type: 'IClamp', k: ic.nodes.length });
      ic.nodes.push(node);
      ic.del.push(p.del);
      ic.dur.push(p.dur);
      ic.amp.push(p.amp);
    } else if (pp.type === 'AlphaSynapse') {
      const p = alphaValues(where, pp.params);
      slots.push({ type: 'AlphaSynapse', k: al.nodes.length });
      al.nodes.push(node);
      al.onset.push(p.onset);
      al.tau.push(p.tau);
      al.gmax.push(p.gmax);
      al.e.push(p.e);
    } else if (pp.type === 'ExpSyn') {
      checkParams(`${where} ExpSyn`, pp.params, EXPSYN_DEFAULTS);
      const p = { ...EXPSYN_DEFAULTS, ...defined(pp.params) };
      if (!(p.tau > 0)) throw new CoreError('model', `${where}: ExpSyn tau must be > 0 ms, got ${p.tau}`);
      slots.push({ type: 'ExpSyn', k: ex.nodes.length });
      ex.nodes.push(node);
      ex.tau.push(p.tau);
      ex.e.push(p.e);
    } else if (pp.type === 'Exp2Syn') {
      checkParams(`${where} Exp2Syn`, pp.params, EXP2SYN_DEFAULTS);
      const p = { ...EXP2SYN_DEFAULTS, ...defined(pp.params) };
      if (!(p.tau1 > 0 && p.tau2 > 0)) throw new CoreError('model', `${where}: Exp2Syn tau1 and tau2 must be > 0 ms, got ${p.tau1}, ${p.tau2}`);
      slots.push({ type: 'Exp2Syn', k: ex2.nodes.length });
      ex2.nodes.push(node);
      ex2.tau1.push(p.tau1);
      ex2.tau2.push(p.tau2);
      ex2.e.push(p.e);
    } else {
      const def = spec.catalogue && Object.hasOwn(spec.catalogue, pp.type) ? spec.catalogue[pp.type] : undefined;
      if (!def || def.kind === 'density') {
        const extra = Object.entries(spec.catalogue ?? {}).filter(([, d]) => d.kind !== 'density').map(([k]) => `, ${k}`).join('');
        throw new CoreError('model', `${where}: unknown point process "${pp.type}" (known: IClamp, AlphaSynapse, ExpSyn, Exp2Syn${extra})`);
      }
      const params = (pp.params ?? {}) as Readonly<Record<string, number | undefined>>;
      for (const [k, v] of Object.entries(params)) {
        if (!def.fields.some((f) => f.name === k && f.role === 'parameter')) throw new CoreError('model', `${where}: ${def.name} has no parameter "${k}" (it has ${def.fields.filter((f) => f.role === 'parameter').map((f) => f.name).join(', ')})`);
        if (v !== undefined && !Number.isFinite(v)) throw new CoreError('model', `${where}: ${def.name} parameter ${k} must be a number, got ${v}`);
      }
      let placed = points.get(def.name);
      if (!placed) points.set(def.name, (placed = { def, nodes: [], params: [] }));
      slots.push({ type: def.name, k: placed.nodes.length });
      placed.nodes.push(node);
      placed.params.push(defined(params) as Record<string, number>);
    }
  });
  const { instances: genericInst, ions } = placeGeneric(generic, [...points.values()], lev.map, mo.n);
  // A catalogue point process with NET_RECEIVE receives events as (its mechanism, its instance).
  const receiverOf = (type: string, k: number): SynapseRef | null => {
    const mi = genericInst.findIndex((g) => g.def.name === type);
    return mi >= 0 && genericInst[mi].def.ir?.netReceive ? { kind: 'generic', mechanism: mi, index: k } : null;
  };
  // …and is an event source (its net_event) as (its mechanism, its instance).
  const sourceOf = (type: string, k: number): { mechanism: number; index: number } | null => {
    const mi = genericInst.findIndex((g) => g.def.name === type);
    return mi >= 0 ? { mechanism: mi, index: k } : null;
  };
  const events = compileEvents(spec, slots, (i) => at(i), watcherNodes, receiverOf, sourceOf);
  const f64 = (a: number[]) => Float64Array.from(a);
  // Segment index of each final node (−1 for section ends), built on the first message.
  let segmentOf: Int32Array | null = null;
  const describeNode = (i: number): string => {
    const s = mo.nodeSection[i];
    if (s < 0) {
      const root = disc.sections.find((x) => x.tree === i);
      return `at the root (node ${root ? sk.id[root.rows[0]] : '?'})`;
    }
    const sec = disc.sections[s];
    const span = `nodes ${sk.id[sec.rows[0]]} → ${sk.id[sec.rows[sec.rows.length - 1]]}`;
    if (!segmentOf) {
      segmentOf = new Int32Array(mo.n).fill(-1);
      for (const x of disc.sections) for (let j = 0; j < x.nseg; j++) segmentOf[at(full.secFirst[x.index] + j)] = j;
    }
    const j = segmentOf[i];
    if (j < 0) return `in section ${s} (${span}), at its end`;
    // The skeleton node nearest the segment's centre.
    const centre = (j + 0.5) / sec.nseg;
    let best = 0;
    for (let k = 1; k < sec.rows.length; k++) if (Math.abs(sec.arc[k] / sec.L - centre) < Math.abs(sec.arc[best] / sec.L - centre)) best = k;
    return `in section ${s} (${span}; segment ${j + 1} of ${sec.nseg}, near node ${sk.id[sec.rows[best]]})`;
  };
  const probes: CompiledCell['probes'] = spec.recorders.map((r, k) => {
    if ('ion' in r) {
      const node = at(vNodes[k]);
      const v = r.variable;
      const array = v === `e${r.ion}` ? 'e' : v === `${r.ion}i` ? 'ci' : v === `${r.ion}o` ? 'co' : v === `i${r.ion}` ? 'i' : null;
      if (!array) throw new CoreError('model', `recorder "${r.label}": "${v}" is not a variable of ion ${r.ion} (e${r.ion}, ${r.ion}i, ${r.ion}o or i${r.ion})`);
      if (!Object.hasOwn(ions, r.ion)) throw new CoreError('model', `recorder "${r.label}": no mechanism of the model uses ion ${r.ion}`);
      return { label: r.label, source: { kind: 'ion', ion: r.ion, array, node } };
    }
    if ('mechanism' in r && r.mechanism === 'hh') {
      // The built-in hh's states and parameters, in its row of the solver's memory.
      const node = at(vNodes[k]);
      const index = hhInst.nodes.indexOf(node);
      if (index < 0) throw new CoreError('model', `recorder "${r.label}": mechanism hh is not inserted ${describeNode(node)}`);
      if (!HH_FIELDS.includes(r.variable as (typeof HH_FIELDS)[number])) throw new CoreError('model', `recorder "${r.label}": hh has no recordable variable "${r.variable}" (it has ${HH_FIELDS.join(', ')})`);
      return { label: r.label, source: { kind: 'hh', index, field: r.variable as (typeof HH_FIELDS)[number] } };
    }
    if ('mechanism' in r) {
      const node = at(vNodes[k]);
      const mi = genericInst.findIndex((g) => g.def.name === r.mechanism);
      const index = mi < 0 ? -1 : genericInst[mi].inst.node.indexOf(node);
      if (index < 0) throw new CoreError('model', `recorder "${r.label}": mechanism ${r.mechanism} is not inserted ${describeNode(node)}`);
      if (!Object.hasOwn(genericInst[mi].inst.f, r.variable)) throw new CoreError('model', `recorder "${r.label}": ${r.mechanism} has no variable "${r.variable}" (it has ${Object.keys(genericInst[mi].inst.f).join(', ')})`);
      return { label: r.label, source: { kind: 'field', mechanism: mi, field: r.variable, index } };
    }
    if (!('pointProcess' in r)) return { label: r.label, source: { kind: 'v', node: at(vNodes[k]) } };
    const slot = slots[r.pointProcess];
    if (!slot) throw new CoreError('model', `recorder "${r.label}": point process ${r.pointProcess} does not exist`);
    if (slot.type === 'IClamp') {
      if (r.variable === 'g') throw new CoreError('model', `recorder "${r.label}": an IClamp has no conductance g`);
      return { label: r.label, source: { kind: 'IClamp', index: slot.k, field: 'i' } };
    }
    if (slot.type === 'AlphaSynapse' || slot.type === 'ExpSyn' || slot.type === 'Exp2Syn') {
      if (r.variable !== 'i' && r.variable !== 'g') throw new CoreError('model', `recorder "${r.label}": a ${slot.type} records i or g, not "${r.variable}"`);
      return { label: r.label, source: { kind: slot.type, index: slot.k, field: r.variable } };
    }
    // A catalogue point process: any of its fields.
    const mi = genericInst.findIndex((g) => g.def.name === slot.type);
    if (!Object.hasOwn(genericInst[mi].inst.f, r.variable)) throw new CoreError('model', `recorder "${r.label}": ${slot.type} has no variable "${r.variable}" (it has ${Object.keys(genericInst[mi].inst.f).join(', ')})`);
    return { label: r.label, source: { kind: 'field', mechanism: mi, field: r.variable, index: slot.k } };
  });
  return new CableEngine({
    matrix: mo,
    cm,
    leak,
    hh: hhInst,
    iclamp: { nodes: Int32Array.from(ic.nodes), del: f64(ic.del), dur: f64(ic.dur), amp: f64(ic.amp) },
    alpha: { nodes: Int32Array.from(al.nodes), onset: f64(al.onset), tau: f64(al.tau), gmax: f64(al.gmax), e: f64(al.e) },
    expSyn: { nodes: Int32Array.from(ex.nodes), tau: f64(ex.tau), e: f64(ex.e) },
    exp2Syn: { nodes: Int32Array.from(ex2.nodes), tau1: f64(ex2.tau1), tau2: f64(ex2.tau2), e: f64(ex2.e) },
    events,
    generic: genericInst,
    ions,
    probes,
    warnings: [...disc.warnings],
    describeNode,
  });
}

/**
 * NetStims and NetCons of a model for the engine: NetStim parameters completed with NEURON's
 * defaults, one threshold detector per watched node (NEURON keeps one per node, so two NetCons
 * on a node must agree on the threshold), targets resolved to ExpSyn/Exp2Syn indices.
 */
function compileEvents(
  spec: CableModelSpec,
  slots: Array<{ type: PointProcessSpec['type']; k: number }>,
  at: (fullNode: number) => number,
  watcherNodes: number[],
  receiverOf: (type: string, k: number) => SynapseRef | null,
  sourceOf: (type: string, k: number) => { mechanism: number; index: number } | null,
): CellEvents {
  const netStims = (spec.netStims ?? []).map((ns, k) => {
    checkParams(`NetStim ${k}`, ns.params, NETSTIM_DEFAULTS);
    const params = { ...NETSTIM_DEFAULTS, ...defined(ns.params) };
    if (!(params.noise >= 0 && params.noise <= 1)) throw new CoreError('model', `NetStim ${k}: noise must be between 0 and 1, got ${params.noise}`);
    if (!(params.interval > 0)) throw new CoreError('model', `NetStim ${k}: interval must be > 0 ms, got ${params.interval}`);
    if (ns.seed !== undefined && !(Number.isInteger(ns.seed) && ns.seed >= 0 && ns.seed < 2 ** 32)) throw new CoreError('model', `NetStim ${k}: seed must be an integer in [0, 2^32), got ${ns.seed}`);
    return { params, seed: ns.seed };
  });
  const watchers: CellEvents['watchers'] = [];
  const watcherOf = new Map<number, number>();
  const labels = new Set<string>();
  const netCons = (spec.netCons ?? []).map((nc, k): CellEvents['netCons'][number] => {
    const delay = nc.delay ?? 1;
    const weight = nc.weight ?? 0;
    if (!(delay >= 0) || !Number.isFinite(delay)) throw new CoreError('model', `NetCon ${k}: delay must be a non-negative number of ms, got ${delay}`);
    if (!Number.isFinite(weight)) throw new CoreError('model', `NetCon ${k}: weight must be a number, got ${weight}`);
    if (nc.label !== undefined) {
      if (labels.has(nc.label)) throw new CoreError('model', `two NetCons are labelled "${nc.label}"; labels must be unique`);
      labels.add(nc.label);
    }
    let source: CellEvents['netCons'][number]['source'];
    if ('netStim' in nc.source) {
      if (!(Number.isInteger(nc.source.netStim) && nc.source.netStim >= 0 && nc.source.netStim < netStims.length)) {
        throw new CoreError('model', `NetCon ${k}: NetStim ${nc.source.netStim} does not exist (the model has ${netStims.length})`);
      }
      source = { netStim: nc.source.netStim };
    } else if ('pointProcess' in nc.source) {
      const slot = slots[nc.source.pointProcess];
      if (!slot) throw new CoreError('model', `NetCon ${k}: point process ${nc.source.pointProcess} does not exist`);
      const generic = sourceOf(slot.type, slot.k);
      if (!generic) throw new CoreError('model', `NetCon ${k}: point process ${nc.source.pointProcess} is an ${slot.type}, which sends no events (a NetCon's source is a NetStim, a voltage threshold, or a point process or artificial cell with net_event)`);
      source = { generic };
    } else {
      const node = at(watcherNodes[k]);
      const threshold = nc.source.threshold ?? 10;
      if (!Number.isFinite(threshold)) throw new CoreError('model', `NetCon ${k}: threshold must be a number of mV, got ${threshold}`);
      let w = watcherOf.get(node);
      if (w === undefined) {
        w = watchers.length;
        watcherOf.set(node, w);
        watchers.push({ node, threshold });
      } else if (watchers[w].threshold !== threshold) {
        throw new CoreError('model', `NetCon ${k}: this location is already watched with threshold ${watchers[w].threshold} mV; one location has one threshold (as in NEURON)`);
      }
      source = { watcher: w };
    }
    let target: SynapseRef | null = null;
    if (nc.target !== null) {
      const slot = slots[nc.target.pointProcess];
      if (!slot) throw new CoreError('model', `NetCon ${k}: point process ${nc.target.pointProcess} does not exist`);
      if (slot.type === 'ExpSyn' || slot.type === 'Exp2Syn') target = { kind: slot.type, index: slot.k };
      else {
        target = receiverOf(slot.type, slot.k);
        if (!target) throw new CoreError('model', `NetCon ${k}: point process ${nc.target.pointProcess} is an ${slot.type}, which receives no events (use ExpSyn, Exp2Syn or a point process with NET_RECEIVE)`);
      }
    }
    return { source, target, weight, delay, label: nc.label };
  });
  return { netStims, watchers, netCons };
}

/**
 * Instances of the catalogue mechanisms in final node numbering (instances in node order, as
 * the built-ins), their parameters set, and the ions they use on every node with the style
 * their USEION statements give each node (NEURON's nrn_promote).
 */
function placeGeneric(
  generic: Map<string, { def: MechanismDef; at: Map<number, Record<string, number>> }>,
  points: ReadonlyArray<{ def: MechanismDef; nodes: number[]; params: Array<Record<string, number>> }>,
  map: Int32Array,
  n: number,
): { instances: Array<{ def: MechanismDef; inst: MechanismInstances }>; ions: Record<string, IonState> } {
  const ions: Record<string, IonState> = Object.create(null) as Record<string, IonState>;
  const density = [...generic.values()].map(({ def, at }) => {
    const keys = [...at.keys()].sort((a, b) => map[a] - map[b]);
    const inst = instancesOf(def, Int32Array.from(keys, (i) => map[i]));
    keys.forEach((i, k) => {
      for (const [name, v] of Object.entries(at.get(i)!)) inst.f[name][k] = v;
    });
    return { def, inst };
  });
  // Point processes: nodes already in final numbering, instances in placement order.
  const point = points.map(({ def, nodes, params }) => {
    const inst = instancesOf(def, Int32Array.from(nodes));
    params.forEach((p, k) => {
      for (const [name, v] of Object.entries(p)) inst.f[name][k] = v;
    });
    return { def, inst };
  });
  const instances = [...density, ...point].map(({ def, inst }) => {
    for (const use of def.ions) {
      let ion = ions[use.ion];
      if (!ion) {
        const species = ionSpecies(use.ion);
        ions[use.ion] = ion = ionState(use.valence !== undefined ? { ...species, charge: use.valence } : species, n);
      } else if (use.valence !== undefined && ion.species.charge !== null && ion.species.charge !== use.valence) {
        throw new CoreError('model', `${def.name} gives ion ${use.ion} the valence ${use.valence}, another mechanism ${ion.species.charge}`);
      } else if (use.valence !== undefined) {
        ion.species.charge = use.valence;
      }
      for (const node of inst.node) ion.style[node] = promote(ion.style[node], use, use.ion);
    }
    return { def, inst };
  });
  for (const [name, ion] of Object.entries(ions)) {
    if (ion.species.charge === null) throw new CoreError('model', `ion ${name} has no valence: a mechanism using it must say USEION ${name} … VALENCE z`);
  }
  return { instances, ions };
}

/** What a recorder may read of the built-in hh (its row in the solver's memory: cable.wat). */
const HH_FIELDS = ['m', 'h', 'n', 'gnabar', 'gkbar', 'gl', 'el'] as const;

/** A value that must be > 0 (Ra, cm), evaluated at section s. */
function positive(what: string, v: number, s: number): number {
  if (!(v > 0)) throw new CoreError('model', `${what} must be a positive number, got ${v} at section ${s}`);
  return v;
}

function defined<T extends object>(p: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!p) return out;
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** An IClamp's parameters with NEURON's defaults (del, dur ms; amp nA), checked. */
function iclampValues(where: string, params: PointProcessSpec['params']) {
  checkParams(`${where} IClamp`, params, ICLAMP_DEFAULTS);
  return { ...ICLAMP_DEFAULTS, ...defined(params) };
}

/** An AlphaSynapse's parameters with NEURON's defaults (onset, tau ms; gmax µS; e mV), checked. */
function alphaValues(where: string, params: PointProcessSpec['params']) {
  checkParams(`${where} AlphaSynapse`, params, ALPHA_SYNAPSE_DEFAULTS);
  const p = { ...ALPHA_SYNAPSE_DEFAULTS, ...defined(params) };
  if (!(p.tau > 0)) throw new CoreError('model', `${where}: AlphaSynapse tau must be > 0 ms, got ${p.tau}`);
  return p;
}

/**
 * The IClamp and AlphaSynapse parameters of a model, in the order compileModel places them
 * (CableEngine.setPointValues takes them): what a live tweak of a stimulus or a synapse changes
 * without changing anything compiled. Throws the CoreError compileModel would for bad values.
 */
export function pointValues(spec: Pick<CableModelSpec, 'pointProcesses'>): PointValues {
  const v: PointValues = { iclamp: { del: [], dur: [], amp: [] }, alpha: { onset: [], tau: [], gmax: [], e: [] } };
  spec.pointProcesses.forEach((pp, idx) => {
    const where = `point process ${idx}${pp.label ? ` (${pp.label})` : ''}`;
    if (pp.type === 'IClamp') {
      const p = iclampValues(where, pp.params);
      v.iclamp.del.push(p.del);
      v.iclamp.dur.push(p.dur);
      v.iclamp.amp.push(p.amp);
    } else if (pp.type === 'AlphaSynapse') {
      const p = alphaValues(where, pp.params);
      v.alpha.onset.push(p.onset);
      v.alpha.tau.push(p.tau);
      v.alpha.gmax.push(p.gmax);
      v.alpha.e.push(p.e);
    }
  });
  return v;
}
