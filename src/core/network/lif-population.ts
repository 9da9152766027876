/**
 * A clock-driven population of current-based LIF neurons with exponential synaptic input: the
 * model of the whole-brain Drosophila model (Shiu et al. 2024, Nature 634, "A Drosophila
 * computational brain model reveals sensorimotor processing"; equations, units and published
 * parameter values in lif-params.ts), stepped as Brian2 2.5.1 steps it so that the same network
 * and inputs give the same spikes (tools/brian2/run_lif.py is the reference).
 *
 * One step (Brian2's default schedule):
 *   1. groups:     v, x advance by the exact linear update, except for refractory neurons
 *                  (refractory while step < last spike step + ⌊(t_rfc + 10⁻³dt)/dt⌋)
 *   2. thresholds: non-refractory neurons with v > v_th spike (in ascending index order)
 *   3. synapses:   spikes of t_dly ago add w·w_syn to their targets' x, source by source in
 *                  ascending order, each source's edges in the order given (Brian2's order,
 *                  so that the sums round the same); input spikes add f_poi·w_syn to v.
 *                  Input to a refractory neuron is lost: Brian2 makes every write to a
 *                  variable marked "unless refractory" conditional on not_refractory (its
 *                  generated on_pre code adds only to non-refractory targets)
 *   4. resets:     spiking neurons: v = v_rst, x = 0
 *
 * Memory: edges as CSR by source (Int32 target + Float64 weight: 12 bytes per edge; the edge
 * readers' CSR is used as it is, without a copy), state
 * as typed arrays, and the spikes of the last t_dly as a ring of per-step spike lists (walked
 * through the CSR at delivery) rather than a ring of per-neuron accumulators: a spike list costs
 * only the spikes (a few per step), delivery touches each delivered edge once, and the additions
 * happen in Brian2's order (an accumulator would sum a step's input first, rounding differently).
 */
import { CoreError } from '../errors.ts';
import { bytesWords, checkSpikeBudget, DEFAULT_BUDGET, type RunBudget } from '../budget.ts';
import { countWords } from '../time.ts';
import { lifParams, lifStepConstants, type LifParams, type LifStepConstants } from './lif-params.ts';
import { inputSchedule, PoissonDrive, POISSON_BLOCK, type StepEvents } from './lif-inputs.ts';
import { advance, applyInputs, deliver, resetSpiking, stash, unstash } from './lif-kernel.ts';
import { lifWasmState, type LifWasmState } from './wasm/lif-load.ts';

export interface LifPopulationSpec {
  /** Neuron names (index = neuron number). */
  names: string[];
  /** Label per neuron (for grouping rates); default the name. */
  labels?: string[];
  /** Model parameters (mV, ms, Hz; see LifParams); missing ones take the published values. */
  params?: Partial<LifParams>;
  /** Connections (neuron indices) and weights w (dimensionless, e.g. signed synapse counts: w·w_syn mV is added to x). One delay, t_dly, for all. */
  edges: { source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number>; csr?: { offsets: Int32Array; targets: Int32Array; weights: Float64Array } };
  /** Poisson drive at r_poi (Hz), each event adding f_poi·w_syn to v; seeded. As published, driven neurons have no refractory period unless `refractory` is true. */
  poisson?: { neurons: ArrayLike<number>; seed?: number; refractory?: boolean };
  /** Input spikes (a shared spike file): neuron indices and times (ms); each adds f_poi·w_syn to v at the step holding its time. */
  inputs?: { neuron: ArrayLike<number>; time: ArrayLike<number> };
  /** Neurons with no refractory period (t_rfc = 0), besides Poisson-driven ones. */
  noRefractory?: ArrayLike<number>;
}

/** The result, shaped as PointNetworkResult so that raster and rate plots take either. */
export interface LifResult {
  /** Spike times (ms, step × dt) per neuron. */
  spikes: Float64Array[];
  /** Stimulus trains as PointNetwork reports them: none here (inputs are not neurons). */
  stimulusSpikes: Float64Array[];
  /** Time at the end of the run (ms): steps × dt. */
  tFinal: number;
  /** Time steps taken. */
  steps: number;
  /** Synaptic events delivered (spikes × out-degree). */
  events: number;
  /** Input events (Poisson and spike file) applied. */
  inputEvents: number;
  wallMs: number;
  warnings: string[];
  /** v and x of every neuron at the end (SI: V, as Brian2 holds them; for bit-exact comparison). */
  final: { v: Float64Array; x: Float64Array };
}

/** Most bytes a population may take (default 4 GiB): refused before allocating, with the estimate. */
export const LIF_MAX_BYTES = 4 * 2 ** 30;

/** Bytes of a population of n neurons and m edges to put in CSR form, with a spike ring of ringSteps steps (state, stash, CSR, its construction, spike ring). */
export function lifBytes(n: number, m: number, ringSteps: number): number {
  return m * 12 + m * 4 /* build: stable fill by source */ + (n + 1) * 4 + n * (8 + 8 + 4 + 4 + 4 + 4 + 8 + 8) + (ringSteps + 1) * n * 4 + 1e5;
}

export class LifPopulation {
  readonly n: number;
  readonly p: LifParams;
  readonly warnings: string[] = [];
  /** CSR by source: edges of neuron i are [start[i], start[i+1]); targets and weights w (dimensionless). */
  readonly start: Int32Array;
  readonly target: Int32Array;
  readonly weight: Float64Array;
  /** w_syn (V): an edge adds weight × wsyn to x, the product Brian2 stores as syn.w = weights × w_syn. */
  readonly wsyn: number;
  private readonly poissonNeurons: Int32Array;
  private readonly poissonSeed: number;
  /** Step with the WebAssembly SIMD kernel where available (same doubles as the JS kernel). */
  private readonly useWasm: boolean;

  constructor(
    readonly spec: LifPopulationSpec,
    opts: { maxBytes?: number; wasm?: boolean } = {},
  ) {
    this.useWasm = opts.wasm ?? true;
    const n = spec.names.length;
    this.n = n;
    if (spec.labels && spec.labels.length !== n) throw new CoreError('model', `${spec.labels.length} labels for ${n} neurons`);
    this.p = lifParams(spec.params);
    const { source, target, weight } = spec.edges;
    const m = source.length;
    if (target.length !== m || weight.length !== m) throw new CoreError('model', 'edge arrays differ in length');
    // The spike ring spans t_dly and t_rfc: its length at dt 0.1 ms, for the estimate only.
    const ringSteps = Math.max(Math.floor((this.p.t_dly * 0.001) / 1e-4 + 0.5), Math.ceil(this.p.t_rfc / 0.1));
    const bytes = lifBytes(n, spec.edges.csr ? 0 : m, ringSteps);
    const maxBytes = opts.maxBytes ?? LIF_MAX_BYTES;
    if (bytes > maxBytes) {
      throw new CoreError('model', `a LIF population of ${countWords(n)} neurons and ${countWords(m)} edges needs about ${bytesWords(bytes)}; at most ${bytesWords(maxBytes)} is allowed: use a smaller network`);
    }
    this.wsyn = this.p.w_syn * 0.001;
    if (spec.edges.csr) {
      // The readers' CSR (edge-builder.ts: by source, file order within a source): used as is.
      const { offsets, targets, weights } = spec.edges.csr;
      if (offsets.length !== n + 1 || offsets[n] !== targets.length || weights.length !== targets.length) throw new CoreError('model', `the edge list's CSR does not fit ${countWords(n)} neurons`);
      const bad = firstBadEdge(n, targets, weights);
      if (bad >= 0) {
        const t = targets[bad];
        if (!(t >= 0 && t < n)) throw new CoreError('model', `edge ${bad}: neuron ${t} does not exist (the population has ${countWords(n)})`);
        let s = 0;
        while (offsets[s + 1] <= bad) s++;
        throw new CoreError('model', `edge ${bad} (${spec.names[s]} → ${spec.names[t]}): weight is not a finite number`);
      }
      this.start = offsets;
      this.target = targets;
      this.weight = weights;
    } else {
      // CSR by source, each source's edges in the order given (Brian2 delivers them in that order).
      const start = new Int32Array(n + 1);
      for (let k = 0; k < m; k++) {
        const s = source[k];
        const t = target[k];
        if (!(s >= 0 && s < n && Number.isInteger(s)) || !(t >= 0 && t < n && Number.isInteger(t))) {
          throw new CoreError('model', `edge ${k}: neuron ${!(s >= 0 && s < n && Number.isInteger(s)) ? s : t} does not exist (the population has ${countWords(n)})`);
        }
        if (!Number.isFinite(weight[k])) throw new CoreError('model', `edge ${k} (${spec.names[s]} → ${spec.names[t]}): weight is not a finite number`);
        start[s + 1]++;
      }
      for (let i = 0; i < n; i++) start[i + 1] += start[i];
      const fill = start.slice(0, n);
      this.target = new Int32Array(m);
      this.weight = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const at = fill[source[k]]++;
        this.target[at] = target[k];
        this.weight[at] = weight[k];
      }
      this.start = start;
    }

    const zero = (list: ArrayLike<number>, what: string) => {
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new CoreError('model', `${what}: neuron ${i} does not exist (the population has ${countWords(n)})`);
      }
    };
    const poisson = spec.poisson;
    this.poissonNeurons = poisson ? Int32Array.from(poisson.neurons) : new Int32Array(0);
    if (poisson) zero(this.poissonNeurons, 'Poisson input');
    this.poissonSeed = poisson?.seed ?? 1;
    if (spec.noRefractory) zero(spec.noRefractory, 'no-refractory list');
    if (spec.inputs && spec.inputs.neuron.length !== spec.inputs.time.length) throw new CoreError('input', `input spikes: ${spec.inputs.neuron.length} neurons but ${spec.inputs.time.length} times`);
    if (this.p.t_dly === 0) this.warnings.push('t_dly is 0 ms: spikes reach their targets in the step they are fired');
  }

  /** Refractory steps per neuron for a run's dt: t_rfc for all, 0 for Poisson-driven (as published) and listed neurons. A fresh array per run (runs may overlap). */
  refractoryFor(c: LifStepConstants): Int32Array {
    const r = new Int32Array(this.n).fill(c.rfcSteps);
    if (this.spec.poisson && !this.spec.poisson.refractory) for (const i of this.poissonNeurons) r[i] = 0;
    const none = this.spec.noRefractory;
    if (none) for (let k = 0; k < none.length; k++) r[none[k]] = 0;
    return r;
  }

  /**
   * Run for tstop ms at dt ms (Brian2's step count: round(tstop/dt), or its ceiling when tstop
   * is not a multiple of dt). `signal` cancels between blocks of 1,024 steps.
   */
  run(tstop: number, dt = 0.1, signal?: AbortSignal, budget: Partial<RunBudget> = {}): LifResult {
    const r = this.begin(tstop, dt, budget);
    r.advanceTo(r.steps, signal);
    return r.result();
  }

  /** A run set up and ready to step (run() in one go; the run block in slices between which it yields). */
  begin(tstop: number, dt = 0.1, budget: Partial<RunBudget> = {}): LifRun {
    return new LifRun(this, tstop, dt, budget);
  }

  /** Poisson-driven neurons and their seed (internal to LifRun). */
  get poissonDrive(): { neurons: Int32Array; seed: number } {
    return { neurons: this.poissonNeurons, seed: this.poissonSeed };
  }

  /** Whether runs use the WebAssembly kernel when it is available (internal to LifRun). */
  get wantsWasm(): boolean {
    return this.useWasm;
  }
}

/** One run of a LifPopulation: its state, stepped by advanceTo until `steps`, then result(). */
export class LifRun {
  /** Steps of the whole run. */
  readonly steps: number;
  /** Next step to take. */
  step = 0;
  private readonly w0 = performance.now();
  private readonly n: number;
  private readonly c: LifStepConstants;
  private readonly dt: number;
  private readonly maxSpikes: number;
  private readonly D: number;
  private readonly maxR: number;
  private readonly L: number;
  private readonly rfc: Int32Array;
  private readonly wasm: LifWasmState | null;
  private readonly v: Float64Array;
  private readonly x: Float64Array;
  /** Steps before which a neuron is refractory (last spike step + its refractory steps). */
  private readonly until: Int32Array;
  /** Spike lists of the last L steps: those of t_dly ago are delivered, those of the last t_rfc are refractory. */
  private readonly ring: Int32Array[];
  private readonly ringCount: Int32Array;
  private readonly recent: Int32Array;
  private readonly who: Int32Array;
  private readonly sv: Float64Array;
  private readonly sx: Float64Array;
  private readonly inputs: (StepEvents & { dropped: number }) | null;
  private readonly drive: PoissonDrive | null;
  private recN = new Int32Array(1024);
  private recS = new Int32Array(1024);
  private nrec = 0;
  private events = 0;
  private inputEvents = 0;
  private readonly warnings: string[];

  constructor(
    private readonly pop: LifPopulation,
    readonly tstop: number,
    dt: number,
    budget: Partial<RunBudget>,
  ) {
    if (!(tstop >= 0) || !Number.isFinite(tstop)) throw new CoreError('input', `duration must be a non-negative number of ms, got ${tstop}`);
    const c = lifStepConstants(pop.p, dt);
    this.c = c;
    this.dt = dt;
    const maxSteps = budget.maxSteps ?? DEFAULT_BUDGET.maxSteps;
    this.maxSpikes = budget.maxSpikes ?? DEFAULT_BUDGET.maxSpikes;
    const steps = brianSteps(tstop, dt);
    if (steps > maxSteps) throw new CoreError('input', `tstop = ${tstop} ms at dt = ${dt} ms needs ${countWords(steps)} time steps; at most ${countWords(maxSteps)} are allowed: raise dt or shorten tstop`);
    this.steps = steps;
    const n = pop.n;
    this.n = n;
    this.D = c.delaySteps;
    this.rfc = pop.refractoryFor(c);
    let maxR = 0;
    for (let i = 0; i < n; i++) if (this.rfc[i] > maxR) maxR = this.rfc[i];
    this.maxR = maxR;
    // State in WebAssembly memory when SIMD is there (the update two neurons at a time), else plain arrays.
    this.wasm = pop.wantsWasm ? lifWasmState(n) : null;
    this.v = this.wasm ? this.wasm.v : new Float64Array(n);
    this.v.fill(c.v0);
    this.x = this.wasm ? this.wasm.x : new Float64Array(n);
    this.until = this.wasm ? this.wasm.until : new Int32Array(n);
    this.L = Math.max(this.D, maxR - 1) + 1;
    this.ring = Array.from({ length: this.L }, () => new Int32Array(Math.max(n, 1)));
    this.ringCount = new Int32Array(this.L);
    this.recent = new Int32Array(Math.max(maxR, 1));
    this.who = new Int32Array(Math.max(n, 1));
    this.sv = new Float64Array(Math.max(n, 1));
    this.sx = new Float64Array(Math.max(n, 1));
    this.warnings = [...pop.warnings];
    const spec = pop.spec;
    this.inputs = spec.inputs ? inputSchedule(spec.inputs.neuron, spec.inputs.time, n, dt, steps) : null;
    if (this.inputs?.dropped) this.warnings.push(`${countWords(this.inputs.dropped)} input spike(s) at or after the end of the run (${tstop} ms) were ignored`);
    const drive = pop.poissonDrive;
    this.drive = drive.neurons.length && c.pPoisson > 0 ? new PoissonDrive(drive.neurons, c.pPoisson, drive.seed) : null;
  }

  /** Take the steps up to `to` (exclusive, at most steps); `signal` cancels between blocks of 1,024 steps. */
  advanceTo(to: number, signal?: AbortSignal): void {
    const { n, dt, D, L, maxR, rfc, v, x, until, ring, ringCount, recent, who, sv, sx, inputs, drive, wasm } = this;
    const { start, target, weight, wsyn } = this.pop;
    const { c7, c8, c9, c10, vth, vrst, winput: win } = this.c;
    const end = Math.min(to, this.steps);
    for (let step = this.step; step < end; step++) {
      if ((step & 1023) === 0) {
        if (signal?.aborted) throw new CoreError('aborted', `run cancelled at t = ${(step * dt).toFixed(1)} ms`, { time: step * dt });
        checkSpikeBudget(this.nrec, step * dt, n, this.maxSpikes, this.steps * dt);
        if (drive && step % POISSON_BLOCK === 0) drive.fill(step);
      }
      // 1–2. Groups and thresholds: all neurons updated, the refractory ones (spiked in the last t_rfc) put back.
      let nslots = 0;
      for (let m = Math.max(0, step - maxR + 1); m < step; m++) recent[nslots++] = m % L;
      const k = stash(step, ring, ringCount, recent, nslots, until, v, x, who, sv, sx);
      const slot = step % L;
      const list = ring[slot];
      let ns: number;
      if (wasm) {
        ns = wasm.advance(step, c7, c8, c9, c10, vth);
        list.set(wasm.list.subarray(0, ns));
      } else ns = advance(n, step, v, x, until, c7, c8, c9, c10, vth, list);
      ringCount[slot] = ns;
      unstash(k, who, sv, sx, v, x);
      // 3. Synapses: the spikes of D steps ago, then input spikes.
      if (step >= D) {
        const from = (step - D) % L;
        this.events += deliver(step, ring[from], ringCount[from], start, target, weight, wsyn, x, until);
      }
      if (inputs) {
        applyInputs(inputs.start[step], inputs.start[step + 1], inputs.neuron, step, until, v, win);
        this.inputEvents += inputs.start[step + 1] - inputs.start[step];
      }
      if (drive) {
        const ev = drive.events;
        const j = step - drive.blockStart;
        applyInputs(ev.start[j], ev.start[j + 1], ev.neuron, step, until, v, win);
        this.inputEvents += ev.start[j + 1] - ev.start[j];
      }
      // 4. Resets, and record.
      resetSpiking(list, ns, step, v, x, until, rfc, vrst);
      this.record(list, ns, step);
    }
    this.step = Math.max(this.step, end);
  }

  private record(list: Int32Array, ns: number, step: number): void {
    const nrec = this.nrec;
    if (nrec + ns > this.recN.length) {
      const size = Math.max(this.recN.length * 2, nrec + ns);
      const a = new Int32Array(size);
      a.set(this.recN.subarray(0, nrec));
      this.recN = a;
      const b = new Int32Array(size);
      b.set(this.recS.subarray(0, nrec));
      this.recS = b;
    }
    this.recN.set(list.subarray(0, ns), nrec);
    this.recS.fill(step, nrec, nrec + ns);
    this.nrec = nrec + ns;
  }

  /** The result (after the last step). */
  result(): LifResult {
    const { n, dt, steps, nrec } = this;
    checkSpikeBudget(nrec, steps * dt, n, this.maxSpikes);
    if (nrec > this.maxSpikes) throw new CoreError('input', `the network fired ${countWords(nrec)} spikes; at most ${countWords(this.maxSpikes)} are kept: shorten the duration or lower the input rates and weights`);
    return {
      spikes: spikesByNeuron(n, this.recN, this.recS, nrec, dt),
      stimulusSpikes: [],
      tFinal: steps * dt,
      steps,
      events: this.events,
      inputEvents: this.inputEvents,
      wallMs: performance.now() - this.w0,
      warnings: this.warnings,
      final: { v: this.v.slice(), x: this.x.slice() },
    };
  }
}

/** The first edge of a CSR whose target is not a neuron or whose weight is not finite, or −1 (a function of its own: V8 optimizes it as a tight loop). */
function firstBadEdge(n: number, targets: Int32Array, weights: Float64Array): number {
  const m = targets.length;
  for (let e = 0; e < m; e++) {
    const t = targets[e];
    const w = weights[e];
    if (t < 0 || t >= n || w - w !== 0) return e;
  }
  return -1;
}

/** Brian2's number of steps for a run of tstop (ms) at dt (ms): round(tstop/dt) when that hits tstop to 10⁻⁴ dt, else the ceiling. */
export function brianSteps(tstop: number, dt: number): number {
  const T = tstop * 0.001;
  const h = dt * 0.001;
  const r = roundHalfEven(T / h);
  if (r * h === T || Math.abs(r * h - T) / h <= 1e-4) return r;
  return Math.ceil(T / h);
}

function roundHalfEven(a: number): number {
  const r = Math.round(a);
  return r - a === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** (neuron, step) records → spike times (ms) per neuron, in time order: views of one buffer (one allocation, one buffer to move out of a worker). */
function spikesByNeuron(n: number, recN: Int32Array, recS: Int32Array, count: number, dt: number): Float64Array[] {
  const at = new Int32Array(n + 1);
  for (let k = 0; k < count; k++) at[recN[k] + 1]++;
  for (let i = 0; i < n; i++) at[i + 1] += at[i];
  const all = new Float64Array(count);
  const out = Array.from({ length: n }, (_, i) => all.subarray(at[i], at[i + 1]));
  for (let k = 0; k < count; k++) all[at[recN[k]]++] = recS[k] * dt;
  return out;
}
