import { CoreError } from '../errors.ts';
import { IntFire2, INTFIRE1_DEFAULTS, INTFIRE2_DEFAULTS, INTFIRE4_DEFAULTS, intFire4Factors, type IntFire4Factors } from '../events/intfire.ts';
import { NetStim, type NetStimParams } from '../events/netstim.ts';
import { LegacyStream } from '../events/random.ts';
import { EventSystem, type ArtificialCell } from '../events/system.ts';
import { IntFire1Block, IntFire4Block, type CellBlock } from '../events/cell-blocks.ts';
import { NetStimBlock } from '../events/netstim-block.ts';
import { bytesWords, checkSpikeBudget, DEFAULT_BUDGET, type RunBudget } from '../budget.ts';
import { countWords, neuronTime } from '../time.ts';

export type PointModel = 'IntFire1' | 'IntFire2' | 'IntFire4';

/** A stimulus as navis's PointNetwork.add_stimulus: a NetStim per neuron (or one shared). */
export interface StimulusSpec {
  /** Neuron indices it drives. */
  neurons: number[];
  /** Onset (ms). */
  start: number;
  /** End (ms); give either stop or duration. */
  stop?: number;
  /** Length (ms). */
  duration?: number;
  /** Rate (Hz). */
  frequency: number;
  /** NetStim noise: 0 regular, 1 Poisson. */
  randomness: number;
  /** One NetStim per neuron (true) or one shared by all of them. */
  independent: boolean;
  /** NetCon weight (1 makes a spike). */
  weight: number;
  label?: string;
}

/** How NetStim noise is drawn. */
export type NoiseSource =
  /** One Random123 stream per NetStim, (seed, stimulus index, 0), like NEURON's noiseFromRandom123: reproducible and independent. */
  | { kind: 'random123'; seed: number }
  /** NEURON's default shared generator in a fresh process (what navis gets): spike-exact with a fresh NEURON run. */
  | { kind: 'neuron-default' };

export interface PointNetworkSpec {
  /** Neuron names (index = neuron number). */
  names: string[];
  /** Label per neuron (for grouping rates); default the name. */
  labels?: string[];
  model: PointModel;
  /** Parameters of the model for every neuron (ms; see IntFire*Params). */
  params?: Record<string, number>;
  /** Connections (neuron indices), weights (1 makes a presynaptic spike trigger a postsynaptic one), delays (ms, default 5). */
  edges: { source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number>; delay?: number | ArrayLike<number> };
  stimuli: StimulusSpec[];
  noise?: NoiseSource;
}

export interface PointNetworkResult {
  /** Spike times (ms) per neuron. */
  spikes: Float64Array[];
  /** Spike times (ms) per NetStim (stimulus trains), in creation order. */
  stimulusSpikes: Float64Array[];
  /** NEURON's time at the end of the run (ms), e.g. 1000.0000000014466 for 1000 ms at dt 0.025. */
  tFinal: number;
  /** Events delivered. */
  events: number;
  wallMs: number;
  warnings: string[];
}

/**
 * The checks of a network's model, parameters and edges that PointNetwork makes before it
 * builds anything (the point-network block makes them without building the simulator):
 * throws for what cannot run; returns warnings, and IntFire4's factors when that is the model.
 */
export function checkNetworkSpec(spec: Pick<PointNetworkSpec, 'names' | 'labels' | 'model' | 'params' | 'edges'>): { warnings: string[]; f4: IntFire4Factors | null } {
  const warnings: string[] = [];
  const n = spec.names.length;
  if (spec.labels && spec.labels.length !== n) throw new CoreError('model', `${spec.labels.length} labels for ${n} neurons`);
  const params = spec.params ?? {};
  const known = { IntFire1: INTFIRE1_DEFAULTS, IntFire2: INTFIRE2_DEFAULTS, IntFire4: INTFIRE4_DEFAULTS }[spec.model];
  if (!known) throw new CoreError('model', `unknown point-neuron model "${spec.model}" (known: IntFire1, IntFire2, IntFire4)`);
  for (const [k, v] of Object.entries(params)) {
    if (!(k in known)) throw new CoreError('model', `${spec.model} has no parameter "${k}" (it has ${Object.keys(known).join(', ')})`);
    if (!(Number.isFinite(v) && v > 0) && k !== 'ib') throw new CoreError('model', `${spec.model} ${k} must be a positive number of ms, got ${v}`);
  }
  let f4: IntFire4Factors | null = null;
  if (spec.model === 'IntFire4') {
    f4 = intFire4Factors({ ...INTFIRE4_DEFAULTS, ...params });
    for (const w of f4.warnings) warnings.push(`IntFire4: ${w}`);
  }
  const { source, target, weight } = spec.edges;
  const m = source.length;
  if (target.length !== m || weight.length !== m) throw new CoreError('model', 'edge arrays differ in length');
  for (let k = 0; k < m; k++) {
    const s = source[k];
    const t = target[k];
    if (!(s >= 0 && s < n) || !(t >= 0 && t < n)) throw new CoreError('model', `edge ${k}: neuron ${!(s >= 0 && s < n) ? s : t} does not exist`);
    if (!Number.isFinite(weight[k])) throw new CoreError('model', `edge ${k} (${spec.names[s]} → ${spec.names[t]}): weight is not a finite number`);
  }
  let big = 0;
  for (let k = 0; k < m; k++) if (Math.abs(weight[k]) > 1) big++;
  if (big) warnings.push(`${big} edge weight(s) exceed 1 in magnitude (1 already makes a presynaptic spike trigger a postsynaptic one)`);
  return { warnings, f4 };
}

/** A stimulus NetStim's NetCon: NetStim `stim` (creation order) to neuron `target` with `weight` (delay 0). */
export interface StimulusNetCon {
  stim: number;
  target: number;
  weight: number;
}

/**
 * The stimuli's NetStims and NetCons as navis creates them (checked): per stimulus, one NetStim
 * per neuron (independent) or one shared, each followed by its NetCon(s). NetStim k's noise
 * stream is Random123 (seed, k, 0) unless the network uses the legacy shared stream.
 */
export function planStimuli(spec: Pick<PointNetworkSpec, 'names' | 'stimuli'>): { stimParams: NetStimParams[]; stimNetcons: StimulusNetCon[] } {
  const n = spec.names.length;
  const stimParams: NetStimParams[] = [];
  const stimNetcons: StimulusNetCon[] = [];
  spec.stimuli.forEach((st, si) => {
    const what = `stimulus ${si}${st.label ? ` (${st.label})` : ''}`;
    if ((st.stop === undefined) === (st.duration === undefined)) throw new CoreError('model', `${what}: give either stop or duration`);
    const duration = st.duration ?? st.stop! - st.start;
    if (!(duration > 0)) throw new CoreError('model', `${what}: stop must be after start (duration ${duration} ms)`);
    if (!(st.frequency > 0) || !Number.isFinite(st.frequency)) throw new CoreError('model', `${what}: frequency must be a positive number of Hz, got ${st.frequency}`);
    if (!(st.randomness >= 0 && st.randomness <= 1)) throw new CoreError('model', `${what}: randomness must be between 0 and 1, got ${st.randomness}`);
    if (!(st.start >= 0)) throw new CoreError('model', `${what}: start must be ≥ 0 ms, got ${st.start}`);
    if (!Number.isFinite(st.weight)) throw new CoreError('model', `${what}: weight is not a finite number`);
    for (const i of st.neurons) if (!(i >= 0 && i < n)) throw new CoreError('model', `${what}: neuron ${i} does not exist`);
    const p = { interval: 1000 / st.frequency, number: Math.trunc((duration / 1000) * st.frequency), start: st.start, noise: st.randomness };
    const make = () => {
      stimParams.push(p);
      return stimParams.length - 1;
    };
    if (st.independent) {
      for (const i of st.neurons) stimNetcons.push({ stim: make(), target: i, weight: st.weight });
    } else {
      const k = make();
      for (const i of st.neurons) stimNetcons.push({ stim: k, target: i, weight: st.weight });
    }
  });
  return { stimParams, stimNetcons };
}

/**
 * A network of integrate-and-fire point neurons built as navis's PointNetwork builds it
 * (tools/neuron/EVENTS.md §7): neurons in the given order, NetCons in edge order (default
 * delay 5 ms), then per stimulus and per neuron a NetStim (interval 1000/f, number
 * trunc(duration·f/1000), noise = randomness) and a NetCon (delay 0). Artificial cells see
 * exact event times, so the result does not depend on dt except at the very end of the run.
 */
export class PointNetwork {
  readonly system: EventSystem;
  readonly n: number;
  readonly stimCount: number;
  readonly warnings: string[] = [];
  private readonly legacy: LegacyStream | null;
  /** Start, interval and number of each stimulus NetStim (for the spike estimate). */
  private stimPlan: Array<{ start: number; interval: number; number: number }> = [];

  constructor(readonly spec: PointNetworkSpec) {
    const n = spec.names.length;
    this.n = n;
    const checked = checkNetworkSpec(spec);
    this.warnings.push(...checked.warnings);
    const f4 = checked.f4;
    const params = spec.params ?? {};
    // IntFire1/4 neurons as one block with typed-array state (fast at scale); IntFire2 as objects.
    const cells: Array<ArtificialCell | CellBlock> = [];
    if (spec.model === 'IntFire1') cells.push(new IntFire1Block({ ...INTFIRE1_DEFAULTS, ...params }, n));
    else if (spec.model === 'IntFire4') cells.push(new IntFire4Block(f4!, n));
    else for (let i = 0; i < n; i++) cells.push(new IntFire2({ ...INTFIRE2_DEFAULTS, ...params }));
    const { source, target, weight } = spec.edges;
    const m = source.length;
    const delay = spec.edges.delay ?? 5;

    // Stimuli: NetStims after the neurons, each followed by its NetCon(s).
    const noise = spec.noise ?? { kind: 'random123', seed: 1 };
    this.legacy = noise.kind === 'neuron-default' ? new LegacyStream(1) : null;
    const { stimParams, stimNetcons } = planStimuli(spec);
    this.stimCount = stimParams.length;
    this.stimPlan = stimParams;
    // Independent streams: one block with typed-array state (fast with a NetStim per neuron); the shared legacy stream: objects.
    const seed = noise.kind === 'random123' ? noise.seed : 1;
    const stimCells: Array<NetStim | CellBlock> = this.legacy
      ? stimParams.map((p) => new NetStim(p, this.legacy!))
      : [new NetStimBlock(stimParams, stimParams.map((_, k): [number, number, number] => [seed, k, 0]))];
    // NetCons: the edges in order, then the stimuli's.
    const total = m + stimNetcons.length;
    const nc = { source: new Int32Array(total), target: new Int32Array(total), weight: new Float64Array(total), delay: new Float64Array(total) };
    nc.source.set(source);
    nc.target.set(target);
    nc.weight.set(weight);
    if (typeof delay === 'number') nc.delay.fill(delay, 0, m);
    else nc.delay.set(delay);
    stimNetcons.forEach((c, k) => {
      nc.source[m + k] = n + c.stim;
      nc.target[m + k] = c.target;
      nc.weight[m + k] = c.weight;
    });
    this.system = new EventSystem([...cells, ...stimCells], 0, 0, nc);
  }

  /**
   * Before a run: NEURON's final t (ms), refusals of what cannot run (a dt giving more than
   * the step budget; stimuli that alone would fire more spikes than the budget keeps), and
   * the width of the delivery slices (1 ms, wider beyond a million slices). Then finitialize.
   */
  prepare(tstop: number, dt: number, budget: Partial<RunBudget> = {}): { tFinal: number; slice: number } {
    const { tFinal } = neuronTime(tstop, dt, budget.maxSteps);
    const planned = this.stimulusSpikes(tFinal);
    const maxSpikes = budget.maxSpikes ?? DEFAULT_BUDGET.maxSpikes;
    if (planned > maxSpikes) {
      throw new CoreError(
        'input',
        `the stimuli alone fire about ${countWords(planned)} spikes in ${tstop} ms; at most ${countWords(maxSpikes)} are kept (${bytesWords(8 * maxSpikes)}): shorten the duration or lower the stimulus frequencies`,
      );
    }
    // Random123 streams restart at their NetStim's INITIAL (NetStimBlock); the legacy one here.
    this.legacy?.restart();
    this.system.initialize();
    return { tFinal, slice: Math.max(1, tFinal / 1e6) };
  }

  /**
   * One slice of a run (after prepare): deliver the events up to t (ms), then stop a runaway
   * network in words (spike budget, checked against the run's final time tFinal, ms).
   */
  deliverTo(t: number, tFinal: number, maxSpikes: number = DEFAULT_BUDGET.maxSpikes): void {
    this.system.deliver(t);
    checkSpikeBudget(this.system.spikeCount, t, this.n, maxSpikes, tFinal);
  }

  /** Spikes the stimulus NetStims fire by time t (ms) at their mean rate (noise leaves the mean unchanged). */
  stimulusSpikes(t: number): number {
    let total = 0;
    for (const p of this.stimPlan) if (t >= p.start) total += Math.min(p.number, Math.floor((t - p.start) / p.interval) + 1);
    return total;
  }

  /**
   * Run for `tstop` ms (finitialize + continuerun at `dt`, which only sets the end: events up to
   * NEURON's accumulated final t are delivered). `signal` cancels between event batches.
   */
  run(tstop: number, dt = 0.025, signal?: AbortSignal, budget: Partial<RunBudget> = {}): PointNetworkResult {
    if (!(tstop >= 0) || !Number.isFinite(tstop)) throw new CoreError('input', `duration must be a non-negative number of ms, got ${tstop}`);
    const w0 = performance.now();
    const { tFinal, slice } = this.prepare(tstop, dt, budget);
    const maxSpikes = budget.maxSpikes ?? DEFAULT_BUDGET.maxSpikes;
    // Deliver in slices (1 ms, more on very long runs) so that a cancel and a runaway network are noticed.
    for (let t = 0; ; t = Math.min(t + slice, tFinal)) {
      if (signal?.aborted) throw new CoreError('aborted', `run cancelled at t = ${t.toFixed(3)} ms`, { time: t });
      this.deliverTo(t, tFinal, maxSpikes);
      if (t >= tFinal) break;
    }
    const sp = this.system.spikes;
    return {
      spikes: sp.slice(0, this.n).map((s) => Float64Array.from(s)),
      stimulusSpikes: sp.slice(this.n).map((s) => Float64Array.from(s)),
      tFinal,
      events: this.system.delivered,
      wallMs: performance.now() - w0,
      warnings: this.warnings,
    };
  }
}

type EdgeArrays = { names: string[]; source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number>; delay?: ArrayLike<number> };
type FromEdgesOptions = { model?: PointModel; params?: Record<string, number>; labels?: Record<string, string>; delay?: number; stimuli?: Array<Omit<StimulusSpec, 'neurons'> & { neurons: string[] }>; noise?: NoiseSource };

/**
 * The spec of a network from an edge list as navis's PointNetwork.from_edge_list makes it:
 * neurons are the ids found in the edges, sorted (numerically when all are numbers, as numpy's
 * unique sorts them), connected in edge order with delay 5 ms (or the list's own delays).
 * Stimuli refer to neurons by name. Nothing is checked or built (PointNetwork does both).
 */
export function networkSpecFromEdges(edges: EdgeArrays, opts: FromEdgesOptions = {}): PointNetworkSpec {
  const numeric = edges.names.every((n) => n.trim() !== '' && Number.isFinite(Number(n)));
  const names = [...edges.names].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(names.map((n, i) => [n, i]));
  // The list's neuron numbers → sorted ones: one lookup per neuron, not per edge (millions).
  const sorted = Int32Array.from(edges.names, (n) => index.get(n)!);
  const remap = (a: ArrayLike<number>) => {
    const out = new Int32Array(a.length);
    for (let k = 0; k < a.length; k++) out[k] = sorted[a[k]];
    return out;
  };
  const idOf = (n: string) => {
    const i = index.get(n);
    if (i === undefined) throw new CoreError('model', `stimulus: neuron "${n}" is not in the network`);
    return i;
  };
  return {
    names,
    labels: opts.labels ? names.map((n) => opts.labels![n] ?? 'NA') : undefined,
    model: opts.model ?? 'IntFire1',
    params: opts.params,
    // The list's own per-edge delays (a delay column), else the one delay of every edge.
    edges: { source: remap(edges.source), target: remap(edges.target), weight: edges.weight, delay: edges.delay ?? opts.delay ?? 5 },
    stimuli: (opts.stimuli ?? []).map((s) => ({ ...s, neurons: s.neurons.map(idOf) })),
    noise: opts.noise,
  };
}

/** The network networkSpecFromEdges describes, built (checked, simulator ready). */
export function networkFromEdges(edges: EdgeArrays, opts: FromEdgesOptions = {}): PointNetwork {
  return new PointNetwork(networkSpecFromEdges(edges, opts));
}

/** navis's add_background_noise: a stimulus from 0 to 9999999999 ms on the given neurons (weight 1). */
export function backgroundNoise(neurons: number[], frequency: number, randomness = 0.5, independent = true): StimulusSpec {
  return { neurons, start: 0, stop: 9999999999, frequency, randomness, independent, weight: 1, label: 'background noise' };
}
