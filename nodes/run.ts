/**
 * run: simulate a model, as navis's `run_simulation(duration, v_init)` (NEURON's
 * finitialize(v_init) + continuerun(duration)) with NEURON's fixed-step backward Euler.
 */
import { dict, dictOf, hasKey } from '../src/core/dict.ts';
import { CoreError } from '../src/core/errors.ts';
import { compileModel, pointValues } from '../src/core/cable/compile.ts';
import type { CableEngine } from '../src/core/cable/engine.ts';
import { segmentCount } from '../src/core/cable/discretize.ts';
import { bytesWords, checkRunBudget, estimateRun, type RunEstimate, type RunShape } from '../src/core/budget.ts';
import { countWords, neuronTime } from '../src/core/time.ts';
import { modelInput, toCableSpec } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef, Inputs, Params } from './types.ts';
import type { RunProgress, TracesValue } from './values.ts';
import type { RunResult } from '../src/core/cable/model.ts';
import { POTENTIAL } from './quantities.ts';

/** Report progress only in steps of this fraction: the engine calls back far more often. */
const PROGRESS_STEP = 0.01;

/** Between two partial results of a streamed run (ms of wall time): ≥ 10 per second, as a plot needs to look live. */
const PARTIAL_EVERY_MS = 80;

/**
 * Input: model. Output: traces (one per recorder, with units; spike times per detector).
 * Params: tstop (ms, 1000), v_init (mV, −60), dt (ms, 0.025), celsius (°C, 6.3),
 * recordEvery (steps, 1). Heavy: runs in the worker, cancellable through ctx.signal.
 */
export const run: BlockDef = {
  type: 'run',
  title: 'Run',
  equivalents: 'navis: cmp.run_simulation(duration, v_init); NEURON: h.finitialize(v_init); h.continuerun(tstop)',
  aliases: ['finitialize', 'continuerun', 'run_simulation', 'cmp.run_simulation', 'h.run', 'tstop', 'simulate'],
  category: 'run',
  runs: 'model',
  description: 'Simulate the model (NEURON’s finitialize + continuerun) and record its traces and spikes.',
  heavy: true,
  inputs: { model: { type: 'model', label: 'model' } },
  outputs: { traces: { type: 'traces', label: 'traces' } },
  params: [
    {
      name: 'tstop',
      softMin: 0, softMax: 5000,
      label: 'Duration (tstop)',
      kind: 'number',
      unit: 'ms',
      default: 1000,
      min: 0,
      max: 1e7,
      step: 10,
      help: 'Simulated time from 0 (NEURON tstop). The tutorial runs 1000 ms; navis’s default is 25 ms.',
    },
    {
      name: 'v_init',
      label: 'Initial potential (v_init)',
      ...POTENTIAL,
      softMin: -100, softMax: 0,
      default: -60,
      help: 'Membrane potential everywhere at t = 0 (finitialize); channels start at their steady state there. The tutorial uses −60 mV; NEURON’s default is −65.',
    },
    {
      name: 'dt',
      label: 'Time step (dt)',
      kind: 'number',
      unit: 'ms',
      default: 0.025,
      min: 0,
      exclusive: true,
      step: 0.005,
      help: 'Fixed integration step (backward Euler, as NEURON’s default). NEURON’s default is 0.025 ms; smaller is more accurate and slower.',
    },
    {
      name: 'celsius',
      softMin: 0, softMax: 40,
      label: 'Temperature (celsius)',
      kind: 'number',
      unit: '°C',
      default: 6.3,
      min: -273.15,
      max: 100,
      step: 0.1,
      help: 'Temperature; scales hh’s rates by 3^((celsius − 6.3)/10). NEURON’s default is 6.3 °C.',
    },
    {
      name: 'recordEvery',
      label: 'Record every',
      kind: 'number',
      unit: '',
      default: 1,
      min: 1,
      // A run has at most 1e9 steps (budget.ts), and the engine counts steps in 32-bit integers.
      max: 1e9,
      integer: true,
      step: 1,
      help: 'Keep every k-th time step in the traces (1: every step, as NEURON’s Vector.record). Larger values save memory on long runs; the simulation itself is unchanged.',
    },
  ],
  async compute(inputs, params, ctx) {
    const model = modelInput(inputs, run);
    const p = paramValues(run, params);
    const opts = { tstop: p.number('tstop'), v_init: p.number('v_init'), dt: p.number('dt'), celsius: p.number('celsius') };
    const recordEvery = p.number('recordEvery');
    // The engine checks the signal between steps only; a run aborted before it starts (or one
    // of zero steps) must still end as cancelled, not as a result.
    if (ctx.signal.aborted) throw new CoreError('aborted', 'run cancelled before it started');
    const t0 = performance.now();
    const spec = toCableSpec(model);
    // Only the labels changed since an earlier run of the same model: rename, don't simulate.
    const keys = simulationKeys(spec, opts, recordEvery);
    const key = keys.run;
    const cached = memo.get(key);
    if (cached) return { traces: relabel(cached, spec, model.units, performance.now() - t0) };
    // Steps, segments and recorded memory within budget before anything is allocated.
    const estimate = inWords(() => checkRunBudget(shapeOf(spec, opts, recordEvery)));
    const engine = inWords(() => engineFor(spec, keys.engine), estimate);
    simulations.count++;
    let reported = -1;
    const units = dict<string>();
    for (const r of spec.recorders) units[r.label] = (hasKey(model.units, r.label) ? model.units[r.label] : undefined) ?? '';
    const warnings = [...engine.warnings];
    const detectors = model.netCons.some((nc) => nc.label !== undefined);
    if (model.recorders.length === 0 && !detectors) warnings.push('the model records nothing: add a voltage recorder or spike detector before the run');
    // Once per run, not per partial result.
    const nodes = recorderNodes(spec);
    const segments = segmentCount(spec.discretization);
    const value = (res: RunResult, partial?: RunProgress): TracesValue => ({
      kind: 'traces',
      t: res.t,
      traces: res.traces,
      units,
      spikes: res.spikes ?? {},
      nodes,
      run: opts,
      sections: spec.discretization.sections.length,
      segments,
      wallMs: performance.now() - t0,
      warnings,
      ...(partial ? { partial } : {}),
    });
    // Streaming: the samples so far, first after one slice of steps, then every PARTIAL_EVERY_MS.
    let nextPartial = 0;
    const send = ctx.partial;
    const onSlice = send
      ? (soFar: () => RunResult, fraction: number) => {
          const now = performance.now();
          if (now < nextPartial) return;
          nextPartial = now + PARTIAL_EVERY_MS;
          const res = soFar();
          send({ traces: value(res, { fraction, t: res.t.length ? res.t[res.t.length - 1] : 0 }) });
        }
      : undefined;
    const res = await inWordsAsync(
      () =>
        engine.runAsync({
          ...opts,
          recordEvery,
          signal: ctx.signal,
          onProgress: (fraction) => {
            if (fraction - reported >= PROGRESS_STEP || fraction === 1) {
              reported = fraction;
              ctx.progress(fraction);
            }
          },
          onSlice,
        }),
      estimate,
    ).finally(() => releaseEngine(keys.engine, engine));
    const traces = value(res);
    // The memo keeps these arrays; the caller gets copies, because a worker hands its result
    // over by transferring the buffers (which empties them on this side).
    return { traces: remember(key, traces, spec) ? withCopiedArrays(traces) : traces };
  },
};

/** What a run of this model is made of, for the budget (steps from NEURON's clock; refuses a dt that cannot be run). */
function shapeOf(spec: ReturnType<typeof toCableSpec>, opts: { tstop: number; dt: number }, recordEvery: number): RunShape {
  const segments = segmentCount(spec.discretization);
  return { segments, steps: neuronTime(opts.tstop, opts.dt).steps, recorders: spec.recorders.length, recordEvery, nodes: segments + spec.discretization.sections.length + spec.discretization.trees };
}

/**
 * The estimate of a run block's simulation (steps, segment-steps, bytes, seconds) from its
 * inputs and parameters, without running it: for the app to ask before a long run. Throws
 * the block's CoreError for inputs it would refuse. `params` are as the parameter reader gave them.
 */
export function estimateRunBlock(inputs: Inputs, params: Params): RunEstimate {
  const model = modelInput(inputs, run);
  const p = paramValues(run, params);
  const spec = toCableSpec(model);
  return inWords(() => estimateRun(shapeOf(spec, { tstop: p.number('tstop'), dt: p.number('dt') }, p.number('recordEvery'))));
}

/**
 * Core errors get the block's name; an allocation failure (RangeError: "Invalid typed array
 * length", "Array buffer allocation failed", a WebAssembly memory that cannot grow) is said in
 * words with the run's size, instead of the engine's message.
 */
function translate(e: unknown, estimate?: RunEstimate): unknown {
  if (e instanceof CoreError) return e.code === 'aborted' ? e : new CoreError(e.code, `${run.title}: ${e.message}`, e.where);
  if (e instanceof RangeError || (e instanceof Error && /memory|allocation/i.test(e.message))) {
    const size = estimate ? ` (the run needs about ${bytesWords(estimate.bytes)}: ${countWords(estimate.samples)} samples per trace)` : '';
    return new CoreError('input', `${run.title}: not enough memory for this run${size}; record fewer nodes, raise recordEvery, shorten tstop or use a longer segment length res`);
  }
  return e;
}

function inWords<T>(f: () => T, estimate?: RunEstimate): T {
  try {
    return f();
  } catch (e) {
    throw translate(e, estimate);
  }
}

async function inWordsAsync<T>(f: () => Promise<T>, estimate?: RunEstimate): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw translate(e, estimate);
  }
}

/** How many simulations the run block really started (relabelled reruns are not counted); for tests. */
export const simulations = { count: 0 };

/** How many runs reused the last compiled engine (only point-process numbers changed); for tests. */
export const engineReuse = { count: 0 };

/** Recent runs by their simulation key: the traces by recorder position and the spikes by detector position. */
interface Remembered {
  traces: TracesValue;
  recorderLabels: string[];
  detectorLabels: string[];
}
const memo = new Map<string, Remembered>();
const MEMO_SIZE = 4;

const detectorLabels = (spec: ReturnType<typeof toCableSpec>) => (spec.netCons ?? []).map((nc) => nc.label).filter((l): l is string => l !== undefined);

/** Runs with more samples than this (all traces together) are not remembered (memory). */
const MEMO_MAX_SAMPLES = 8_000_000;

/** Remember a run (unless it is very large); true when remembered. */
function remember(key: string, traces: TracesValue, spec: ReturnType<typeof toCableSpec>): boolean {
  const samples = Object.values(traces.traces).reduce((a, v) => a + v.length, traces.t.length);
  if (samples > MEMO_MAX_SAMPLES) return false;
  memo.set(key, { traces, recorderLabels: spec.recorders.map((r) => r.label), detectorLabels: detectorLabels(spec) });
  while (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return true;
}

/** The same traces value with its own copies of the typed arrays. */
function withCopiedArrays(v: TracesValue): TracesValue {
  const copy = (r: Record<string, Float64Array>) => dictOf(Object.entries(r).map(([k, a]) => [k, a.slice()] as const));
  return { ...v, t: v.t.slice(), traces: copy(v.traces), spikes: copy(v.spikes) };
}

/** The remembered run under this model's labels (same simulation, recorders and detectors in the same order). */
function relabel(r: Remembered, spec: ReturnType<typeof toCableSpec>, units: Record<string, string>, ms: number): TracesValue {
  const traces = dict<Float64Array>();
  const u = dict<string>();
  spec.recorders.forEach((rec, k) => {
    traces[rec.label] = r.traces.traces[r.recorderLabels[k]];
    u[rec.label] = (hasKey(units, rec.label) ? units[rec.label] : undefined) ?? '';
  });
  const spikes = dict<Float64Array>();
  detectorLabels(spec).forEach((l, k) => (spikes[l] = r.traces.spikes[r.detectorLabels[k]]));
  return withCopiedArrays({ ...r.traces, traces, units: u, spikes, nodes: recorderNodes(spec), wallMs: ms });
}

/**
 * The skeleton node of each recorder's trace (label → node id): a voltage recorder's node, or
 * the node of the point process it records; recorders at a section position are left out.
 */
export function recorderNodes(spec: Pick<ReturnType<typeof toCableSpec>, 'recorders' | 'pointProcesses'>): Record<string, number> {
  const out = dict<number>();
  for (const r of spec.recorders) {
    const at = 'at' in r ? r.at : spec.pointProcesses[r.pointProcess]?.at;
    if (at && 'node' in at) out[r.label] = at.node;
  }
  return out;
}

/**
 * Compiled engines not running now, by engine key, kept for the next runs that differ only in
 * IClamp or AlphaSynapse numbers (a live tweak of gmax, amp or onset; a sweep's points):
 * compiling the DA1 tutorial costs ~40 ms of a ~400 ms run. Several per key, because a sweep
 * runs points side by side and an engine serves one run at a time; at most IDLE_ENGINES in all
 * (the least recently used key's go first).
 */
const idleEngines = new Map<string, CableEngine[]>();
const IDLE_ENGINES = 4;

function engineFor(spec: ReturnType<typeof toCableSpec>, key: string): CableEngine {
  const list = idleEngines.get(key);
  while (list?.length) {
    const engine = list.pop()!;
    if (engine.setPointValues(pointValues(spec))) {
      engineReuse.count++;
      return engine;
    }
  }
  return compileModel(spec);
}

/** A run of `engine` has ended (done, failed or cancelled: the next start() resets it): keep it for reuse. */
function releaseEngine(key: string, engine: CableEngine): void {
  const list = idleEngines.get(key) ?? [];
  idleEngines.delete(key); // re-inserted last: the most recently used key
  idleEngines.set(key, [...list, engine]);
  let total = 0;
  for (const l of idleEngines.values()) total += l.length;
  for (const [k, l] of idleEngines) {
    if (total <= IDLE_ENGINES) break;
    const drop = Math.min(l.length, total - IDLE_ENGINES);
    l.splice(0, drop);
    total -= drop;
    if (!l.length) idleEngines.delete(k);
  }
}

/**
 * What determines a simulation, labels left out (`run`): the skeleton's geometry (a 32-bit
 * FNV-1a hash of its columns), the discretization, properties, mechanisms, point processes,
 * recorder places, NetStims, NetCons and the run options; and what determines the compiled
 * engine (`engine`): the same without the run options and the IClamp and AlphaSynapse numbers.
 */
/** The geometry hash of a discretization (see simulationKeys): its skeleton's and sections' points. */
const geometryHashes = new WeakMap<object, number>();

function simulationKeys(spec: ReturnType<typeof toCableSpec>, opts: object, recordEvery: number): { run: string; engine: string } {
  const sk = spec.skeleton;
  // FNV-1a over the bytes (as 32-bit words) of typed arrays.
  const fnv = (cols: ArrayBufferView[], h = 0x811c9dc5): number => {
    for (const col of cols) {
      // Whole words where the view is aligned to them, then (or else) byte by byte.
      const n = col.byteOffset % 4 === 0 ? col.byteLength >> 2 : 0;
      const words = new Uint32Array(col.buffer, col.byteOffset, n);
      for (let i = 0; i < n; i++) h = Math.imul(h ^ words[i], 0x01000193);
      const bytes = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
      for (let i = n << 2; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    }
    return h >>> 0;
  };
  // The sections' points too: a minimum radius changes the diameters, the soma policy the points.
  // Kept per discretization (itself kept per skeleton instance, which a worker gets again for a
  // sweep's next point): ~5 ms a run on DA1.
  let h = geometryHashes.get(spec.discretization);
  if (h === undefined) {
    h = fnv([sk.id, sk.parent, sk.type, sk.x, sk.y, sk.z, sk.radius, ...spec.discretization.sections.flatMap((sec) => [sec.x, sec.y, sec.z, sec.d])]);
    geometryHashes.set(spec.discretization, h);
  }
  const strip = <T extends { label?: string }>(x: T) => ({ ...x, label: undefined });
  // Typed arrays (node lists, per-segment values) by length and hash: as JSON lists they cost ~10 ms a run on DA1.
  const typed = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? `#${v.constructor.name}:${v.byteLength}:${fnv([v])}` : v);
  const common = JSON.stringify(
    {
      skeleton: [h >>> 0, sk.size, sk.soma],
      disc: spec.discretization.sections.map((sec) => [sec.nseg, sec.parent, sec.parentX, sec.rows.length]),
      Ra: spec.Ra,
      cm: spec.cm,
      properties: spec.properties,
      mechanisms: spec.mechanisms,
      recorders: spec.recorders.map(strip),
      netStims: spec.netStims,
      netCons: (spec.netCons ?? []).map(strip),
    },
    typed,
  );
  const tweakable = (pp: (typeof spec.pointProcesses)[number]) => pp.type === 'IClamp' || pp.type === 'AlphaSynapse';
  return {
    run: `${common}|${JSON.stringify({ pointProcesses: spec.pointProcesses.map(strip), opts, recordEvery }, typed)}`,
    // The engine names its traces and spike trains by the labels it was compiled with: they are part of its key.
    engine: `${common}|${JSON.stringify(spec.pointProcesses.map((pp) => (tweakable(pp) ? { ...strip(pp), params: undefined } : strip(pp))), typed)}|${JSON.stringify([spec.recorders.map((r) => r.label), (spec.netCons ?? []).map((nc) => nc.label ?? null)])}`,
  };
}

