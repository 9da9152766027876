/**
 * The Rallpack benchmarks (Bhalla, Bilitch & Bower 1992, Trends Neurosci 15:453–458; version
 * 1.1) against NeuroWire's NEURON-compatible cable simulator:
 *
 * 1. a uniform passive cable (1 mm × 1 µm, 1000 compartments), against the analytic solution;
 * 2. a passive binary tree obeying Rall's 3/2 law (10 levels, 1023 compartments), against the
 *    analytic solution of its equivalent cylinder;
 * 3. the cable of 1 with Hodgkin–Huxley channels, against NEURON's 1 µs traces.
 *
 * The reference traces live in ../shared/data/rallpacks (two columns: time in s, voltage in V)
 * and are read at run time, never copied. Everything here works in NEURON's units: µm, ms, mV,
 * Ω·cm, µF/cm², S/cm², nA.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CoreError } from '../../src/core/errors.ts';
import { Skeleton, emptyColumns } from '../../src/core/morphology/skeleton.ts';
import { discretize, segmentCount, type Discretization, type Section } from '../../src/core/cable/discretize.ts';
import { compileModel } from '../../src/core/cable/compile.ts';
import type { CableModelSpec } from '../../src/core/cable/model.ts';
import { sharedPath } from '../shared-data.ts';

/** Default location of the reference data: ../shared/data/rallpacks next to the repository. */
export const RALLPACK_DATA_DIR = sharedPath('rallpacks');

// ---------------------------------------------------------------------------------------------
// Parameters shared by the three packs (SPEC.txt of each, converted to NEURON units).

/** Axial resistivity RA = 1.0 Ω·m (Ω·cm). */
export const RALLPACK_RA = 100;
/** Specific capacitance CM = 0.01 F/m² (µF/cm²). */
export const RALLPACK_CM = 1;
/** Leak conductance 1/RM with RM = 4.0 Ω·m² = 40 kΩ·cm² (S/cm²). */
export const RALLPACK_GLEAK = 1 / 40000;
/** Resting and leak reversal potential EM = ELEAK = −65 mV. */
export const RALLPACK_EM = -65;
/** Injected current, 0.1 nA for the whole run (nA). */
export const RALLPACK_IINJ = 0.1;
/** Simulated time, 0.25 s (ms). */
export const RALLPACK_TSTOP = 250;
/** Sampling interval of the reference traces, 50 µs (ms). */
export const RALLPACK_REF_DT = 0.05;

export type PackId = 1 | 2 | 3;

/** A voltage trace: times (ms) and membrane potentials (mV), same length. */
export interface Trace {
  t: Float64Array;
  v: Float64Array;
}

/** A Rallpack model ready to compile, plus where it injects and records. */
export interface RallpackModel {
  pack: PackId;
  spec: CableModelSpec;
  /** Number of compartments (segments with membrane). */
  compartments: number;
  /** Recorder labels of the injection site and the far site ("0" and "x" in the reference file names). */
  sites: readonly ['0', 'x'];
}

// ---------------------------------------------------------------------------------------------
// Reference traces

/**
 * Parse a Rallpack trace file: whitespace-separated "time(s) voltage(V)" rows (tabs or spaces,
 * trailing blanks allowed). Returns times in ms and voltages in mV.
 */
export function parseReferenceTrace(text: string, name = 'trace'): Trace {
  const t: number[] = [];
  const v: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].trim();
    if (s === '') continue;
    const cols = s.split(/\s+/);
    const a = Number(cols[0]);
    const b = Number(cols[1]);
    if (cols.length < 2 || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new CoreError('input', `${name} line ${i + 1}: expected "time voltage" in s and V, got "${s}"`, { line: i + 1 });
    }
    t.push(a * 1e3);
    v.push(b * 1e3);
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

/** File names of the reference traces of each pack, injection site then far site. */
const REF_FILES: Record<PackId, readonly [string, string]> = {
  1: ['rallpack1/ref_cable.0', 'rallpack1/ref_cable.x'],
  2: ['rallpack2/ref_branch.0', 'rallpack2/ref_branch.x'],
  3: ['rallpack3/ref_axon.0.neuron', 'rallpack3/ref_axon.x.neuron'],
};

/**
 * Read a pack's two reference traces (injection site "0", far site "x"), in ms and mV.
 * @param dir the rallpacks data folder (default ../shared/data/rallpacks)
 */
export function readReference(pack: PackId, dir = RALLPACK_DATA_DIR): { '0': Trace; x: Trace } {
  const [f0, fx] = REF_FILES[pack].map((f) => resolve(dir, f));
  for (const f of [f0, fx]) {
    if (!existsSync(f)) throw new CoreError('input', `Rallpack ${pack} reference ${f} is missing (the Rallpack data live in ../shared/data/rallpacks)`);
  }
  return { '0': parseReferenceTrace(readFileSync(f0, 'utf8'), f0), x: parseReferenceTrace(readFileSync(fx, 'utf8'), fx) };
}

// ---------------------------------------------------------------------------------------------
// Models

/** A straight unbranched skeleton: `length` µm along x, constant diameter `diam` µm. */
function straightCable(length: number, diam: number, name: string): Skeleton {
  const c = emptyColumns(2);
  c.id[0] = 1;
  c.id[1] = 2;
  c.x[1] = length;
  c.radius[0] = c.radius[1] = diam / 2;
  c.parent[1] = 0;
  c.type[0] = c.type[1] = 2;
  return new Skeleton(c, { name });
}

/** Options of the cable packs (1 and 3). */
export interface CableOptions {
  /** Compartments (nseg of the single section); the spec recommends 1000. */
  nseg?: number;
}

/**
 * The Rallpack 1/3 cable: one section 1000 µm long, 1 µm diameter, `nseg` segments; 0.1 nA
 * into the centre of the first segment for the whole run, voltage recorded at the centres of
 * the first and last segments (the spec's "first and last compartments"; NEURON's own Rallpack
 * script records v(5e-4) and v(.9995)).
 */
function cableModel(pack: 1 | 3, opts: CableOptions): RallpackModel {
  const nseg = opts.nseg ?? 1000;
  const sk = straightCable(1000, 1, `rallpack${pack}`);
  const disc = discretize(sk, { nseg });
  const first = 0.5 / nseg;
  const last = 1 - 0.5 / nseg;
  const spec: CableModelSpec = {
    skeleton: sk,
    discretization: disc,
    Ra: RALLPACK_RA,
    cm: RALLPACK_CM,
    mechanisms:
      pack === 1
        ? [{ name: 'pas', params: { g: RALLPACK_GLEAK, e: RALLPACK_EM }, where: 'all' }]
        : // hh.mod's own leak carries RM, so there is no separate pas (SPEC: Eleak = ERest = −65 mV).
          [{ name: 'hh', params: { gnabar: 0.12, gkbar: 0.036, gl: RALLPACK_GLEAK, el: RALLPACK_EM, ena: 50, ek: -77 }, where: 'all' }],
    pointProcesses: [{ type: 'IClamp', at: { section: 0, x: first }, params: { del: 0, dur: RALLPACK_TSTOP + 1, amp: RALLPACK_IINJ }, label: 'inject' }],
    recorders: [
      { label: '0', at: { section: 0, x: first } },
      { label: 'x', at: { section: 0, x: last } },
    ],
  };
  return { pack, spec, compartments: segmentCount(disc), sites: ['0', 'x'] };
}

/** Rallpack 1: the uniform passive cable (1 mm × 1 µm, pas with RM 40 kΩ·cm², −65 mV). */
export function rallpack1Model(opts: CableOptions = {}): RallpackModel {
  return cableModel(1, opts);
}

/**
 * Rallpack 3: the Rallpack 1 cable with NEURON's built-in hh (gnabar 0.12, gkbar 0.036 S/cm²,
 * ena +50, ek −77 mV) whose leak is the cable's RM (gl 2.5e-5 S/cm², el −65 mV). The spec's
 * rate functions are hh.mod's (see rallpack.test.ts); run it at celsius 6.3 so that hh's
 * temperature factor is 1, as the spec has no temperature correction.
 *
 * One difference remains and sets the asymptotic error: hh.mod tabulates its rates at 1 mV
 * and interpolates linearly (NEURON's default, which the simulator reproduces), while the
 * reference traces ref_axon.*.neuron match NEURON run with the exact rate functions
 * (usetable_hh = 0, backward Euler, dt 1 µs) to 0.002 %. The table makes the firing period
 * about 0.09 % shorter, so with dt → 0 the last spike comes ~0.23 ms early.
 */
export function rallpack3Model(opts: CableOptions = {}): RallpackModel {
  return cableModel(3, opts);
}

/** Options of the tree pack (2). */
export interface TreeOptions {
  /** Levels of branching (depth 0 … levels−1); the spec's is 10 (1023 compartments). */
  levels?: number;
  /**
   * Compartment sizes: 'exact' (default) uses the spec's rule, length 32·2^(−k/3) µm and
   * diameter 16·2^(−2k/3) µm at depth k, which is what makes the tree equivalent to the
   * reference cylinder; 'table' uses the rounded values of the spec's table (32, 25.4, 20.16 …;
   * 16, 10.08, 6.35 …).
   */
  sizes?: 'exact' | 'table';
  /**
   * 'cylinder' (default): every compartment is a cylinder of its own diameter, as the spec
   * draws it (NEURON: L and diam set per section). 'skeleton': the sections as `discretize`
   * makes them from the skeleton, where a child's first 3-D point is its branch point, which has
   * the parent's diameter — each child is then a frustum from the parent's to its own diameter.
   */
  shape?: 'cylinder' | 'skeleton';
}

const TABLE_LENGTH = [32.0, 25.4, 20.16, 16.0, 12.7, 10.08, 8.0, 6.35, 5.04, 4.0];
const TABLE_DIAM = [16.0, 10.08, 6.35, 4.0, 2.52, 1.587, 1.0, 0.63, 0.397, 0.25];

/**
 * The Rallpack 2 tree as a skeleton: a root point, then one two-point section per compartment
 * (the branch point that ends the parent, and the compartment's far end); every far end but
 * the terminals' is a branch point with two children. Rows are in depth-first pre-order, so
 * row order (file order) is the order of sections, and the first terminal is the left-most.
 * Children fan out in the plane (only the arc lengths matter to the model).
 */
export function rallpack2Skeleton(levels = 10, sizes: 'exact' | 'table' = 'exact'): Skeleton {
  if (!(Number.isInteger(levels) && levels >= 1 && levels <= 16)) throw new CoreError('model', `levels must be an integer 1–16, got ${levels}`);
  if (sizes === 'table' && levels > TABLE_LENGTH.length) throw new CoreError('model', `the spec's table has ${TABLE_LENGTH.length} levels, asked for ${levels}`);
  const len = (k: number) => (sizes === 'table' ? TABLE_LENGTH[k] : 32 * Math.pow(2, -k / 3));
  const diam = (k: number) => (sizes === 'table' ? TABLE_DIAM[k] : 16 * Math.pow(2, (-2 * k) / 3));
  const n = 1 + (2 ** levels - 1);
  const c = emptyColumns(n);
  c.radius[0] = diam(0) / 2;
  c.id[0] = 1;
  c.type[0] = 3;
  let row = 1;
  // Iterative depth-first pre-order: [parent row, depth, direction angle (rad)].
  const stack: Array<[number, number, number]> = [[0, 0, 0]];
  while (stack.length) {
    const [p, k, angle] = stack.pop()!;
    const r = row++;
    c.id[r] = r + 1;
    c.parent[r] = p;
    c.x[r] = c.x[p] + len(k) * Math.cos(angle);
    c.y[r] = c.y[p] + len(k) * Math.sin(angle);
    c.radius[r] = diam(k) / 2;
    c.type[r] = 3;
    if (k + 1 < levels) {
      const spread = Math.PI / 6 / (k + 1);
      // Pushed right first so the left child is popped (and numbered) first.
      stack.push([r, k + 1, angle - spread], [r, k + 1, angle + spread]);
    }
  }
  return new Skeleton(c, { name: `rallpack2-${levels}-levels` });
}

/**
 * Make every section a cylinder of its far-end diameter: a skeleton node has one radius, so
 * the branch point that starts a child section carries the parent's diameter, and NEURON's
 * frustum area of a step there would add an annulus (π·|r₁² − r₂²|). The spec's compartments
 * are cylinders, so the 0-end diameter is replaced by the section's own (both points of each
 * section then have it), exactly what `sec.diam = d` gives in NEURON.
 */
function cylindrical(disc: Discretization): Discretization {
  const sections: Section[] = disc.sections.map((s) => {
    const d = s.d.slice();
    d[0] = d[d.length - 1];
    return { ...s, d };
  });
  return { ...disc, sections };
}

/**
 * Rallpack 2: the passive binary tree (default 10 levels, 1023 compartments, each its own
 * section with nseg 1), RA/RM/CM/EM of Rallpack 1; 0.1 nA into the root compartment (centre
 * of section 0) and voltage recorded there ("0") and at the centre of the first terminal ("x").
 */
export function rallpack2Model(opts: TreeOptions = {}): RallpackModel {
  const levels = opts.levels ?? 10;
  const sk = rallpack2Skeleton(levels, opts.sizes ?? 'exact');
  const raw = discretize(sk, { nseg: 1 });
  const disc = (opts.shape ?? 'cylinder') === 'cylinder' ? cylindrical(raw) : raw;
  // Section s is the compartment ending at row s + 1 (pre-order rows, one section per edge).
  let terminal = -1;
  for (let s = 0; s < disc.sections.length && terminal < 0; s++) {
    const end = disc.sections[s].rows[1];
    if (sk.childCount(end) === 0) terminal = s;
  }
  const spec: CableModelSpec = {
    skeleton: sk,
    discretization: disc,
    Ra: RALLPACK_RA,
    cm: RALLPACK_CM,
    mechanisms: [{ name: 'pas', params: { g: RALLPACK_GLEAK, e: RALLPACK_EM }, where: 'all' }],
    pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 0, dur: RALLPACK_TSTOP + 1, amp: RALLPACK_IINJ }, label: 'inject' }],
    recorders: [
      { label: '0', at: { section: 0, x: 0.5 } },
      { label: 'x', at: { section: terminal, x: 0.5 } },
    ],
  };
  return { pack: 2, spec, compartments: segmentCount(disc), sites: ['0', 'x'] };
}

/** The pack's model with the spec's recommended size (1000 compartments, or 1023 for the tree). */
export function rallpackModel(pack: PackId): RallpackModel {
  return pack === 1 ? rallpack1Model() : pack === 2 ? rallpack2Model() : rallpack3Model();
}

// ---------------------------------------------------------------------------------------------
// Running

/** The result of one run, sampled on the reference's 50 µs grid. */
export interface RallpackRun {
  pack: PackId;
  /** Integration time step (ms). */
  dt: number;
  /** hh rates from NEURON's 1 mV table (its default) rather than computed exactly (usetable_hh = 0). */
  hhUseTable: boolean;
  compartments: number;
  /** Traces at the injection site ("0") and the far site ("x"), on the 50 µs grid (ms, mV). */
  traces: { '0': Trace; x: Trace };
  /** Wall-clock time of the integration alone (ms). */
  runMs: number;
}

/**
 * Run a Rallpack model from rest (v_init −65 mV, celsius 6.3 °C) for 250 ms at time step `dt`
 * (ms), keeping every k-th sample so that the output falls on the reference's 50 µs grid; dt
 * must divide 0.05 ms.
 */
export function runRallpack(model: RallpackModel, dt: number, hhUseTable = true): RallpackRun {
  const every = Math.round(RALLPACK_REF_DT / dt);
  if (!(dt > 0) || every < 1 || Math.abs(every * dt - RALLPACK_REF_DT) > 1e-9) {
    throw new CoreError('input', `dt = ${dt} ms does not divide the reference's 0.05 ms sampling interval`);
  }
  const engine = compileModel(model.spec);
  const res = engine.run({ tstop: RALLPACK_TSTOP, v_init: RALLPACK_EM, dt, celsius: 6.3, recordEvery: every, hhUseTable });
  // The engine's clock accumulates dt as NEURON's does, so sample k is at k·0.05 ms only up to
  // round-off; put it exactly on the reference grid, after checking that it is that sample.
  const t = Float64Array.from(res.t.keys(), (k) => k * RALLPACK_REF_DT);
  for (let k = 0; k < t.length; k++) {
    if (Math.abs(res.t[k] - t[k]) > 1e-6) throw new CoreError('numeric', `sample ${k} is at t = ${res.t[k]} ms, not on the 0.05 ms grid`);
  }
  return {
    pack: model.pack,
    dt,
    hhUseTable,
    compartments: model.compartments,
    traces: { '0': { t, v: res.traces['0'] }, x: { t, v: res.traces['x'] } },
    runMs: res.wallMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Error measures

/** Linear interpolation of trace `a` at time t (clamped at the ends). */
function interp(a: Trace, t: number, hint: { j: number }): number {
  const n = a.t.length;
  if (t <= a.t[0]) return a.v[0];
  if (t >= a.t[n - 1]) return a.v[n - 1];
  let j = hint.j;
  if (j < 1 || a.t[j - 1] > t) j = 1;
  while (j < n - 1 && a.t[j] < t) j++;
  hint.j = j;
  const t0 = a.t[j - 1];
  const t1 = a.t[j];
  return t1 > t0 ? a.v[j - 1] + ((a.v[j] - a.v[j - 1]) * (t - t0)) / (t1 - t0) : a.v[j];
}

/** `sim` at the reference's time points (linear interpolation; exact when the grids coincide). */
function onGrid(sim: Trace, ref: Trace): Float64Array {
  const hint = { j: 1 };
  return Float64Array.from(ref.t, (t) => interp(sim, t, hint));
}

/** Root-mean-square difference of two aligned arrays (their units). */
function rmsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

function range(...arrays: ArrayLike<number>[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  return hi - lo;
}

/**
 * Plain relative RMS error: √(mean((V − Vref)²)) / (max Vref − min Vref), over the reference's
 * time points (`sim` is linearly interpolated onto them). A fraction (×100 for %).
 */
export function relativeRms(sim: Trace, ref: Trace): number {
  return rmsDiff(onGrid(sim, ref), ref.v) / range(ref.v);
}

/**
 * The Rallpacks' normalised RMS difference ("rms", used for Rallpacks 1 and 2): the RMS
 * difference on the reference's time grid divided by the range (max − min) of both curves
 * together — the definition of the distribution's comparison/rms.c (Bhalla 1992). A fraction.
 */
export function rallpackRms(sim: Trace, ref: Trace): number {
  const s = onGrid(sim, ref);
  return rmsDiff(s, ref.v) / range(s, ref.v);
}

/**
 * Times (ms) of upward crossings of `threshold` (mV), linearly interpolated between samples.
 * A crossing needs a sample below the threshold followed by one at or above it.
 */
export function spikeTimes(tr: Trace, threshold = 0): Float64Array {
  const out: number[] = [];
  for (let i = 1; i < tr.v.length; i++) {
    const a = tr.v[i - 1];
    const b = tr.v[i];
    if (a < threshold && b >= threshold) out.push(tr.t[i - 1] + ((threshold - a) / (b - a)) * (tr.t[i] - tr.t[i - 1]));
  }
  return Float64Array.from(out);
}

/** Components of the spike-feature error (all fractions). */
export interface SpikeRms {
  /** RMS of the paired interspike-interval differences / mean reference ISI. */
  isi: number;
  /** RMS of the paired peak-to-peak amplitude differences / mean reference amplitude. */
  ptp: number;
  /** RMS voltage difference of the paired cycles, each rescaled in time to unit length / reference range. */
  shape: number;
  /** isi + ptp + shape: the "srms" value. */
  srms: number;
  /** Spikes (upward 0 mV crossings) in the simulation and in the reference. */
  spikes: number;
  refSpikes: number;
  /** Largest |t_sim − t_ref| of the spikes paired in order (ms); NaN without spikes. */
  maxSpikeDt: number;
}

/** Points per cycle at which the time-rescaled spike shapes are compared. */
const SHAPE_POINTS = 200;

/**
 * Spike-feature RMS ("srms") of Rallpack 3. The spec names its parts — the RMS differences of
 * the interspike intervals, of the peak-to-peak amplitudes and of the spike shapes after
 * scaling, each normalised, summed — but the distribution's srms.c is not part of the data, so
 * this is a reconstruction from that description:
 *
 * - spikes are upward crossings of `threshold` (0 mV), paired in order; a cycle runs from one
 *   crossing to the next (so only cycles complete in both traces count);
 * - ISI: RMS of the paired ISI differences / mean reference ISI;
 * - PTP: per cycle, max − min of the voltage; RMS of the paired differences / mean reference PTP;
 * - shape: each cycle resampled at SHAPE_POINTS points equally spaced from its start to its end
 *   (this removes period differences, "scaled"); RMS of the voltage differences over all
 *   points / range of the reference trace.
 *
 * It is 0 for identical traces and insensitive to a uniform time or voltage offset of the
 * spike train, like the original; its values are not comparable to the 1992 reports digit by
 * digit. The timing of the train is reported separately as `maxSpikeDt`.
 */
export function spikeRms(sim: Trace, ref: Trace, threshold = 0): SpikeRms {
  const ts = spikeTimes(sim, threshold);
  const tr = spikeTimes(ref, threshold);
  const n = Math.min(ts.length, tr.length);
  let maxSpikeDt = n > 0 ? 0 : NaN;
  for (let k = 0; k < n; k++) maxSpikeDt = Math.max(maxSpikeDt, Math.abs(ts[k] - tr[k]));
  const cycles = Math.max(0, n - 1);
  if (cycles === 0) return { isi: NaN, ptp: NaN, shape: NaN, srms: NaN, spikes: ts.length, refSpikes: tr.length, maxSpikeDt };
  const isiS = new Float64Array(cycles);
  const isiR = new Float64Array(cycles);
  const ptpS = new Float64Array(cycles);
  const ptpR = new Float64Array(cycles);
  const shapeS = new Float64Array(cycles * SHAPE_POINTS);
  const shapeR = new Float64Array(cycles * SHAPE_POINTS);
  const hs = { j: 1 };
  const hr = { j: 1 };
  const ptp = (a: Trace, t0: number, t1: number) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < a.t.length; i++) {
      if (a.t[i] < t0) continue;
      if (a.t[i] >= t1) break;
      lo = Math.min(lo, a.v[i]);
      hi = Math.max(hi, a.v[i]);
    }
    return hi - lo;
  };
  for (let k = 0; k < cycles; k++) {
    isiS[k] = ts[k + 1] - ts[k];
    isiR[k] = tr[k + 1] - tr[k];
    ptpS[k] = ptp(sim, ts[k], ts[k + 1]);
    ptpR[k] = ptp(ref, tr[k], tr[k + 1]);
    for (let p = 0; p < SHAPE_POINTS; p++) {
      const f = p / SHAPE_POINTS;
      shapeS[k * SHAPE_POINTS + p] = interp(sim, ts[k] + f * isiS[k], hs);
      shapeR[k * SHAPE_POINTS + p] = interp(ref, tr[k] + f * isiR[k], hr);
    }
  }
  const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
  const isi = rmsDiff(isiS, isiR) / mean(isiR);
  const ptpErr = rmsDiff(ptpS, ptpR) / mean(ptpR);
  const shape = rmsDiff(shapeS, shapeR) / range(ref.v);
  return { isi, ptp: ptpErr, shape, srms: isi + ptpErr + shape, spikes: ts.length, refSpikes: tr.length, maxSpikeDt };
}

// ---------------------------------------------------------------------------------------------
// Comparison and report

/** Errors at one recording site. */
export interface SiteErrors {
  site: '0' | 'x';
  /** Plain relative RMS (fraction; see relativeRms). */
  relRms: number;
  /** The Rallpacks' rms (fraction; see rallpackRms). */
  rms: number;
  /** Spike features (pack 3 only). */
  spikes?: SpikeRms;
}

/** A run compared with its reference, per site; the Rallpack accuracy is the mean of the two sites. */
export interface RallpackComparison {
  pack: PackId;
  dt: number;
  hhUseTable: boolean;
  compartments: number;
  runMs: number;
  sites: [SiteErrors, SiteErrors];
  /** Mean over the two sites of the pack's accuracy measure: rms for packs 1 and 2, srms for 3 (fraction). */
  accuracy: number;
  /** Mean over the two sites of the plain relative RMS (fraction). */
  meanRelRms: number;
}

/** Compare a run with the pack's reference traces (rms for packs 1–2; also srms and spikes for 3). */
export function compareRun(run: RallpackRun, ref: { '0': Trace; x: Trace }): RallpackComparison {
  const site = (s: '0' | 'x'): SiteErrors => {
    const e: SiteErrors = { site: s, relRms: relativeRms(run.traces[s], ref[s]), rms: rallpackRms(run.traces[s], ref[s]) };
    if (run.pack === 3) e.spikes = spikeRms(run.traces[s], ref[s]);
    return e;
  };
  const sites: [SiteErrors, SiteErrors] = [site('0'), site('x')];
  const measure = (e: SiteErrors) => (run.pack === 3 ? e.spikes!.srms : e.rms);
  return {
    pack: run.pack,
    dt: run.dt,
    hhUseTable: run.hhUseTable,
    compartments: run.compartments,
    runMs: run.runMs,
    sites,
    accuracy: (measure(sites[0]) + measure(sites[1])) / 2,
    meanRelRms: (sites[0].relRms + sites[1].relRms) / 2,
  };
}

/** Build, run and compare one pack at time step `dt` (ms) with its recommended size. */
export function runAndCompare(pack: PackId, dt: number, dir = RALLPACK_DATA_DIR): RallpackComparison {
  const ref = readReference(pack, dir);
  return compareRun(runRallpack(rallpackModel(pack), dt), ref);
}

/** One row of the Rallpack report (one pack, time step and recording site). */
export interface RallpackReportRow {
  pack: PackId;
  /** Time step (ms). */
  dt: number;
  /** hh rates from the table (NEURON's default) or exact (usetable_hh = 0; what the pack-3 reference used). */
  rates: 'table' | 'exact';
  compartments: number;
  /** '0' (injection site), 'x' (far site) or 'mean' (the Rallpack accuracy: mean of the two). */
  site: '0' | 'x' | 'mean';
  /** Plain relative RMS (%). */
  relRmsPct: number;
  /** The Rallpacks' normalised rms (%). */
  rmsPct: number;
  /** Spike-feature srms (%; pack 3 only, else NaN). */
  srmsPct: number;
  /** Spikes in our run / in the reference (pack 3 only, else NaN). */
  spikes: number;
  refSpikes: number;
  /** Largest spike-time difference (ms; pack 3 only, else NaN). */
  maxSpikeDtMs: number;
  /** Integration wall time (ms) of the run. */
  runMs: number;
}

/** Default time steps (ms) of the report per pack: the usual 25 µs and a small one. */
export const REPORT_DTS: Record<PackId, readonly number[]> = { 1: [0.025, 0.005], 2: [0.025, 0.005], 3: [0.025, 0.005, 0.001] };

/** Rows of one comparison: the two sites and their mean. */
export function reportRows(c: RallpackComparison): RallpackReportRow[] {
  const rows: RallpackReportRow[] = c.sites.map((s) => ({
    pack: c.pack,
    dt: c.dt,
    rates: c.hhUseTable ? 'table' : 'exact',
    compartments: c.compartments,
    site: s.site,
    relRmsPct: 100 * s.relRms,
    rmsPct: 100 * s.rms,
    srmsPct: s.spikes ? 100 * s.spikes.srms : NaN,
    spikes: s.spikes ? s.spikes.spikes : NaN,
    refSpikes: s.spikes ? s.spikes.refSpikes : NaN,
    maxSpikeDtMs: s.spikes ? s.spikes.maxSpikeDt : NaN,
    runMs: c.runMs,
  }));
  const [a, b] = rows;
  rows.push({
    ...a,
    site: 'mean',
    relRmsPct: (a.relRmsPct + b.relRmsPct) / 2,
    rmsPct: (a.rmsPct + b.rmsPct) / 2,
    srmsPct: (a.srmsPct + b.srmsPct) / 2,
    spikes: NaN,
    refSpikes: NaN,
    maxSpikeDtMs: Math.max(a.maxSpikeDtMs, b.maxSpikeDtMs),
  });
  return rows;
}

/**
 * Run all three Rallpacks at their recommended sizes and the given time steps (ms; default
 * REPORT_DTS) and return the table: per pack, time step and site the relative RMS (%), the
 * Rallpack rms (%), srms (%, pack 3), spike counts and the largest spike-time difference (ms),
 * and the run time (ms). Reads the references from `dir` (default ../shared/data/rallpacks).
 */
export function rallpackReport(opts: { dir?: string; dts?: Partial<Record<PackId, readonly number[]>> } = {}): RallpackReportRow[] {
  const dir = opts.dir ?? RALLPACK_DATA_DIR;
  const rows: RallpackReportRow[] = [];
  for (const pack of [1, 2, 3] as const) {
    const ref = readReference(pack, dir);
    const model = rallpackModel(pack);
    for (const dt of opts.dts?.[pack] ?? REPORT_DTS[pack]) rows.push(...reportRows(compareRun(runRallpack(model, dt), ref)));
    // The pack-3 reference was computed without hh's rate table: the same at its 1 µs step.
    if (pack === 3 && !opts.dts) rows.push(...reportRows(compareRun(runRallpack(model, 0.001, false), ref)));
  }
  return rows;
}

/** The report as fixed-width text, one line per row. */
export function formatReport(rows: readonly RallpackReportRow[]): string {
  const f = (x: number, d: number) => (Number.isNaN(x) ? '-' : x.toFixed(d));
  const head = ['pack', 'dt(ms)', 'hh rates', 'compts', 'site', 'relRMS%', 'rms%', 'srms%', 'spikes', 'ref', 'maxΔt(ms)', 'run(ms)'];
  const lines = rows.map((r) => [
    String(r.pack),
    String(r.dt),
    r.pack === 3 ? r.rates : '-',
    String(r.compartments),
    r.site,
    f(r.relRmsPct, 4),
    f(r.rmsPct, 4),
    f(r.srmsPct, 3),
    f(r.spikes, 0),
    f(r.refSpikes, 0),
    f(r.maxSpikeDtMs, 4),
    f(r.runMs, 0),
  ]);
  const all = [head, ...lines];
  const w = head.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  return all.map((l) => l.map((s, i) => s.padStart(w[i])).join('  ')).join('\n');
}
