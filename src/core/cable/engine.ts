import { CoreError } from '../errors.ts';
import type { Discretization } from './discretize.ts';
import { segmentGeometry } from './geometry.ts';
import type { MechanismKernel, StepArrays } from './mechanisms/kernel.ts';
import type { CableModelSpec, Location, RunOptions, RunResult, Where } from './model.ts';

/**
 * The compartment matrix of a discretized cell, laid out as NEURON lays it out: one
 * zero-area root node per tree, then per section (pre-order) its nseg segment nodes and its
 * zero-area 1-end node. Parents always precede children, so the Hines elimination is one
 * backward and one forward sweep.
 */
export interface CableMatrix {
  /** Number of matrix nodes. */
  n: number;
  /** Number of trees; nodes 0 … trees−1 are their root nodes. */
  trees: number;
  /** Parent node of each node (−1 for roots). */
  parent: Int32Array;
  /** Membrane area (µm²); 100 on zero-area nodes (NEURON's convention, so 1e2/area = 1). */
  area: Float64Array;
  /** True where the node has membrane (a segment centre). */
  hasMembrane: Uint8Array;
  /** Axial conductance to the parent node (µS). */
  rinv: Float64Array;
  /** First segment node, 0-end node and 1-end node of each section. */
  secFirst: Int32Array;
  sec0: Int32Array;
  sec1: Int32Array;
  /** Section of each node (−1 for tree roots). */
  nodeSection: Int32Array;
}

/** Build the matrix layout and geometry (areas, axial conductances) for per-section Ra (Ω·cm). */
export function buildMatrix(disc: Discretization, Ra: Float64Array): CableMatrix {
  const secs = disc.sections;
  let n = disc.trees;
  for (const s of secs) n += s.nseg + 1;
  const parent = new Int32Array(n).fill(-1);
  const area = new Float64Array(n).fill(100);
  const hasMembrane = new Uint8Array(n);
  const rinv = new Float64Array(n);
  const nodeSection = new Int32Array(n).fill(-1);
  const secFirst = new Int32Array(secs.length);
  const sec0 = new Int32Array(secs.length);
  const sec1 = new Int32Array(secs.length);
  let k = disc.trees;
  for (const s of secs) {
    const p0 = s.parent < 0 ? s.tree : s.parentX === 1 ? sec1[s.parent] : sec0[s.parent];
    const g = segmentGeometry(s, Ra[s.index]);
    secFirst[s.index] = k;
    sec0[s.index] = p0;
    for (let j = 0; j < s.nseg; j++) {
      parent[k] = j === 0 ? p0 : k - 1;
      area[k] = g.area[j];
      hasMembrane[k] = 1;
      rinv[k] = 1 / (j === 0 ? g.rLeft[0] : g.rRight[j - 1] + g.rLeft[j]);
      nodeSection[k] = s.index;
      k++;
    }
    parent[k] = k - 1;
    rinv[k] = 1 / g.rRight[s.nseg - 1];
    nodeSection[k] = s.index;
    sec1[s.index] = k;
    k++;
  }
  return { n, trees: disc.trees, parent, area, hasMembrane, rinv, secFirst, sec0, sec1, nodeSection };
}

/** Section indices selected by a `Where` (sorted, unique). */
export function sectionsOf(disc: Discretization, where: Where, nodeRow: (id: number) => number): Int32Array {
  const ns = disc.sections.length;
  if (where === 'all') return Int32Array.from({ length: ns }, (_, i) => i);
  const set = new Set<number>();
  if ('sections' in where) {
    for (const s of Array.from(where.sections)) {
      if (!Number.isInteger(s) || s < 0 || s >= ns) throw new CoreError('model', `section ${s} does not exist (the model has ${ns} sections)`, { section: s });
      set.add(s);
    }
  } else {
    for (const id of Array.from(where.nodes)) set.add(disc.nodeSection[nodeRow(id)]);
  }
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** Index of NEURON's node for section `sec` at relative position x (0 and 1 are the end nodes). */
export function nodeAt(m: CableMatrix, disc: Discretization, sec: number, x: number): number {
  if (!(x >= 0 && x <= 1)) throw new CoreError('model', `position ${x} on section ${sec} is outside 0–1`, { section: sec });
  if (x === 0) return m.sec0[sec];
  if (x === 1) return m.sec1[sec];
  const nseg = disc.sections[sec].nseg;
  return m.secFirst[sec] + Math.min(Math.floor(nseg * x), nseg - 1);
}

/** Per-section value of a property: default, overridden in order by the entries that set it. */
export function perSection(
  disc: Discretization,
  base: number,
  entries: Array<{ where: Where; value: number | undefined }>,
  nodeRow: (id: number) => number,
): Float64Array {
  const out = new Float64Array(disc.sections.length).fill(base);
  for (const e of entries) {
    if (e.value === undefined) continue;
    for (const s of sectionsOf(disc, e.where, nodeRow)) out[s] = e.value;
  }
  return out;
}

/** A location's matrix node. */
export function locate(m: CableMatrix, disc: Discretization, loc: Location, nodeRow: (id: number) => number): number {
  if ('node' in loc) {
    const r = nodeRow(loc.node);
    return nodeAt(m, disc, disc.nodeSection[r], disc.nodeX[r]);
  }
  if (!Number.isInteger(loc.section) || loc.section < 0 || loc.section >= disc.sections.length) {
    throw new CoreError('model', `section ${loc.section} does not exist (the model has ${disc.sections.length} sections)`, { section: loc.section });
  }
  return nodeAt(m, disc, loc.section, loc.x);
}

/** A recorder compiled to "read this array at this index after every step". */
export interface Probe {
  label: string;
  source: Float64Array;
  index: number;
}

/**
 * NEURON's fixed-step backward Euler (secondorder = 0) on a compiled cell. Holds the matrix
 * coefficients, the mechanism kernels and the recorders; `run` can be called repeatedly.
 */
export class CableEngine {
  readonly m: CableMatrix;
  readonly kernels: MechanismKernel[];
  readonly probes: Probe[];
  readonly arrays: StepArrays;
  /** Specific capacitance per node (µF/cm²); 0 on zero-area nodes. */
  readonly cm: Float64Array;
  /** Off-diagonal coefficients, as NEURON's NODEA / NODEB (mA/cm²/mV). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly warnings: string[];
  private readonly describeNode: (i: number) => string;
  private readonly sectionOf: (i: number) => number;

  constructor(m: CableMatrix, cm: Float64Array, kernels: MechanismKernel[], probes: Probe[], warnings: string[], describeNode: (i: number) => string) {
    this.m = m;
    this.cm = cm;
    this.kernels = kernels;
    this.probes = probes;
    this.warnings = warnings;
    this.describeNode = describeNode;
    this.sectionOf = (i) => m.nodeSection[i];
    const n = m.n;
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = m.parent[i];
      if (p < 0) continue;
      this.a[i] = (-1e2 * m.rinv[i]) / m.area[p];
      this.b[i] = (-1e2 * m.rinv[i]) / m.area[i];
    }
    const toDensity = new Float64Array(n);
    for (let i = 0; i < n; i++) toDensity[i] = 1e2 / m.area[i];
    this.arrays = { v: new Float64Array(n), rhs: new Float64Array(n), d: new Float64Array(n), toDensity };
  }

  /** Number of fixed steps NEURON's `continuerun(tstop)` takes at this dt (same float accumulation of t). */
  static stepCount(tstop: number, dt: number): number {
    let t = 0;
    let k = 0;
    const ts = tstop - dt / 2;
    while (t < ts) {
      t += 0.5 * dt;
      t += 0.5 * dt;
      k++;
    }
    return k;
  }

  /**
   * Run from rest: `finitialize(v_init)` then `continuerun(tstop)`, recording every probe at
   * t = 0 and after every step (or every `recordEvery` steps). Throws a CoreError if the
   * signal aborts the run or the solution becomes NaN or blows up (naming time and section).
   */
  run(opts: RunOptions): RunResult {
    const it = this.start(opts);
    while (!it.done) this.advance(it, 1 << 30);
    return this.finish(it);
  }

  /** Like `run`, but yields to the event loop every ~`sliceMs` of work so that an abort message can arrive. */
  async runAsync(opts: RunOptions, sliceMs = 20): Promise<RunResult> {
    const it = this.start(opts);
    let chunk = 200;
    while (!it.done) {
      const t0 = performance.now();
      this.advance(it, chunk);
      const el = performance.now() - t0;
      if (el > 0) chunk = Math.max(10, Math.min(1 << 20, Math.round((chunk * sliceMs) / el)));
      await new Promise<void>((r) => setTimeout(r, 0));
    }
    return this.finish(it);
  }

  /** Set up a run (finitialize): v = v_init everywhere, mechanisms at steady state, sample 0 recorded. */
  start(opts: RunOptions): RunIterator {
    const dt = opts.dt ?? 0.025;
    const celsius = opts.celsius ?? 6.3;
    const v_init = opts.v_init ?? -65;
    const every = opts.recordEvery ?? 1;
    if (!(dt > 0) || !Number.isFinite(dt)) throw new CoreError('input', `dt must be a positive number of ms, got ${dt}`);
    if (!(opts.tstop >= 0) || !Number.isFinite(opts.tstop)) throw new CoreError('input', `duration must be a non-negative number of ms, got ${opts.tstop}`);
    if (!Number.isFinite(v_init)) throw new CoreError('input', `v_init must be a number of mV, got ${v_init}`);
    if (!Number.isInteger(every) || every < 1) throw new CoreError('input', `recordEvery must be a positive integer, got ${every}`);
    const steps = CableEngine.stepCount(opts.tstop, dt);
    const samples = Math.floor(steps / every) + 1;
    const t = new Float64Array(samples);
    const traces: Record<string, Float64Array> = {};
    for (const p of this.probes) traces[p.label] = new Float64Array(samples);
    this.arrays.v.fill(v_init);
    for (const k of this.kernels) k.initialize(this.arrays, celsius);
    // NEURON's finitialize also evaluates the currents once (so i of point processes is set at t = 0).
    this.arrays.rhs.fill(0);
    this.arrays.d.fill(0);
    for (const k of this.kernels) k.current(this.arrays, 0);
    const it: RunIterator = { opts, dt, celsius, steps, every, step: 0, time: 0, sample: 0, t, traces, done: steps === 0, wallMs: 0 };
    this.record(it);
    return it;
  }

  private record(it: RunIterator): void {
    const s = it.sample++;
    it.t[s] = it.time;
    for (const p of this.probes) it.traces[p.label][s] = p.source[p.index];
  }

  /** Advance up to `maxSteps` steps. */
  advance(it: RunIterator, maxSteps: number): void {
    const w0 = performance.now();
    const { v, rhs, d } = this.arrays;
    const { parent, trees, n } = this.m;
    const { a, b, cm, kernels } = this;
    const dt = it.dt;
    const cfac = 0.001 / dt;
    const signal = it.opts.signal;
    const end = Math.min(it.steps, it.step + maxSteps);
    let t = it.time;
    for (let step = it.step; step < end; step++) {
      if ((step & 255) === 0) {
        if (signal?.aborted) {
          it.done = true;
          throw new CoreError('aborted', `run cancelled at t = ${t.toFixed(3)} ms`, { time: t });
        }
        if (step > 0) this.checkBlowUp(t);
        it.opts.onProgress?.(step / it.steps, t);
      }
      t += 0.5 * dt;
      rhs.fill(0);
      for (let i = 0; i < n; i++) d[i] = cfac * cm[i];
      for (let k = 0; k < kernels.length; k++) kernels[k].current(this.arrays, t);
      // Axial currents and their Jacobian (NEURON's nrn_rhs / nrn_lhs).
      for (let i = trees; i < n; i++) {
        const p = parent[i];
        const dv = v[p] - v[i];
        rhs[i] -= b[i] * dv;
        rhs[p] += a[i] * dv;
        d[i] -= b[i];
        d[p] -= a[i];
      }
      // Hines: eliminate from the leaves to the roots, then substitute back.
      for (let i = n - 1; i >= trees; i--) {
        const p = parent[i];
        const f = a[i] / d[i];
        d[p] -= f * b[i];
        rhs[p] -= f * rhs[i];
      }
      for (let i = 0; i < trees; i++) rhs[i] /= d[i];
      let sum = 0;
      for (let i = trees; i < n; i++) {
        rhs[i] = (rhs[i] - b[i] * rhs[parent[i]]) / d[i];
      }
      for (let i = 0; i < n; i++) {
        v[i] += rhs[i];
        sum += rhs[i];
      }
      t += 0.5 * dt;
      if (sum !== sum || sum === Infinity || sum === -Infinity) {
        it.done = true;
        this.reportNonFinite(t);
      }
      for (let k = 0; k < kernels.length; k++) kernels[k].advance?.(this.arrays, dt);
      it.step = step + 1;
      it.time = t;
      if (it.step % it.every === 0) this.record(it);
    }
    it.time = t;
    it.step = end;
    if (end >= it.steps) {
      it.done = true;
      this.checkBlowUp(t);
      it.opts.onProgress?.(1, t);
    }
    it.wallMs += performance.now() - w0;
  }

  finish(it: RunIterator): RunResult {
    const n = it.sample;
    const traces: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(it.traces)) traces[k] = n === v.length ? v : v.subarray(0, n);
    return { t: n === it.t.length ? it.t : it.t.subarray(0, n), traces, steps: it.step, wallMs: it.wallMs };
  }

  private reportNonFinite(t: number): never {
    const v = this.arrays.v;
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) {
        throw new CoreError('numeric', `the simulation became NaN or infinite at t = ${t.toFixed(3)} ms, ${this.describeNode(i)}; check parameters (dt, conductances, radii)`, {
          time: t,
          section: this.sectionOf(i),
        });
      }
    }
    throw new CoreError('numeric', `the simulation became NaN or infinite at t = ${t.toFixed(3)} ms`, { time: t });
  }

  /** Voltages beyond ±10 V mean the integration has blown up: stop and say where. */
  private checkBlowUp(t: number): void {
    const v = this.arrays.v;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (!(x < 1e4 && x > -1e4)) {
        if (!Number.isFinite(x)) this.reportNonFinite(t);
        throw new CoreError('numeric', `the simulation blew up (v = ${x.toExponential(2)} mV) at t = ${t.toFixed(3)} ms, ${this.describeNode(i)}; check parameters (dt, conductances, radii)`, {
          time: t,
          section: this.sectionOf(i),
        });
      }
    }
  }
}

/** The state of a run in progress (see CableEngine.start / advance / finish). */
export interface RunIterator {
  opts: RunOptions;
  dt: number;
  celsius: number;
  steps: number;
  every: number;
  step: number;
  time: number;
  sample: number;
  t: Float64Array;
  traces: Record<string, Float64Array>;
  done: boolean;
  wallMs: number;
}

export type { CableModelSpec };
