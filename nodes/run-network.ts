/**
 * `run-network`: simulate a point network (navis's `run_simulation`: finitialize, then
 * continuerun for the duration at a fixed dt) and collect every neuron's spike times.
 */
import { CoreError } from '../src/core/errors.ts';
import { PointNetwork, type PointNetworkSpec } from '../src/core/network/network.ts';
import { networkParallelism, worthPartitioning } from '../src/core/network/parallel-host.ts';
import { fallbackWarning } from '../src/core/network/partition-run.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef, Params } from './types.ts';
import type { NetworkValue, SpikesValue } from './values.ts';

/** Wall time (ms) spent delivering events before giving the event loop a turn. */
const SLICE_MS = 25;

/** Let other tasks run: an abort message or a newer input can only arrive between tasks. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The block's name on core errors (a budget refusal says which block refused). */
function named(e: unknown): unknown {
  return e instanceof CoreError && e.code !== 'aborted' ? new CoreError(e.code, `run network: ${e.message}`, e.where) : e;
}

function inWords<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw named(e);
  }
}

/**
 * The first n neurons' spike times (ms) as views of one buffer: one allocation for a whole
 * connectome (127,000 trains), and one buffer to move out of a worker.
 */
function spikeTrains(spikes: ReadonlyArray<ArrayLike<number>>, n: number): Float64Array[] {
  let total = 0;
  for (let i = 0; i < n; i++) total += spikes[i].length;
  const all = new Float64Array(total);
  const out: Float64Array[] = new Array<Float64Array>(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const s = spikes[i];
    for (let k = 0; k < s.length; k++) all[at + k] = s[k];
    out[i] = all.subarray(at, at + s.length);
    at += s.length;
  }
  return out;
}

export const runNetworkBlock: BlockDef = {
  type: 'run-network',
  title: 'Run network',
  equivalents: 'navis: net.run_simulation(duration); NEURON: h.ParallelContext().psolve(tstop)',
  aliases: ['run_simulation', 'net.run_simulation', 'ParallelContext', 'finitialize', 'continuerun'],
  category: 'run',
  description: 'Simulate a point network for a duration (NEURON’s event delivery) and record every neuron’s spikes.',
  inputs: { network: { type: 'network', label: 'network' } },
  outputs: { spikes: { type: 'spikes', label: 'spikes' } },
  // The CLI's summary.json: how much ran, and on how many workers side by side.
  summary: (values) => {
    const v = values.spikes as SpikesValue;
    return { spikes: v.spikes.reduce((n, s) => n + s.length, 0), events: v.events, workers: v.partitions ?? 1 };
  },
  heavy: true,
  runs: 'network',
  params: [
    // Capped at 1e7 ms (2.8 h, 4e8 steps at the default dt; NEURON's final t is found in O(log) steps, and spikes are budgeted).
    { name: 'duration', softMin: 0, softMax: 5000, label: 'duration', kind: 'number', unit: 'ms', default: 1000, min: 0, exclusive: true, max: 1e7, help: 'Simulated time (NEURON’s tstop).' },
    {
      name: 'dt',
      softMin: 0, softMax: 1,
      label: 'dt',
      kind: 'number',
      unit: 'ms',
      default: 0.025,
      min: 0,
      exclusive: true,
      max: 10,
      help: 'NEURON’s time step. Artificial cells see exact event times, so only the end of the run depends on it: events up to NEURON’s accumulated final t (1000.0000000014466 ms for 1000 ms at 0.025) are delivered.',
    },
  ],
  async compute(inputs, params: Params, ctx) {
    const net = inputs.network as NetworkValue;
    const p = paramValues(runNetworkBlock, params);
    const tstop = p.number('duration');
    const dt = p.number('dt');
    const aborted = (t: number) => new CoreError('aborted', `run cancelled at t = ${t.toFixed(3)} ms`, { time: t });
    if (ctx.signal.aborted) throw aborted(0);
    const w0 = performance.now();
    const spec: PointNetworkSpec = { names: net.names, labels: net.labels, model: net.model, params: net.params, edges: net.edges, stimuli: net.stimuli, noise: net.noise };
    const stimuli = net.stimuli.map((s, i) => ({
      label: s.label ?? `stimulus ${i + 1}`,
      start: s.start,
      stop: s.stop ?? s.start + (s.duration ?? 0),
      neurons: [...s.neurons],
    }));
    // A big enough network on every core the host offers (parallel-host.ts), when its
    // partitions give one queue's spikes; else (or at a tie) one queue, below, with the reason.
    const par = networkParallelism();
    let fellBack: string | null = null;
    if (par && par.workers > 1 && worthPartitioning(net.edges.source.length, tstop)) {
      ctx.progress(0);
      let attempt;
      try {
        attempt = await par.run(spec, tstop, dt, { signal: ctx.signal, progress: (f) => ctx.progress(f) });
      } catch (e) {
        throw named(e);
      }
      if (attempt.result) {
        ctx.progress(1);
        const r = attempt.result;
        const value: SpikesValue = {
          kind: 'spikes',
          names: net.names,
          labels: net.labels,
          spikes: spikeTrains(r.spikes, r.spikes.length),
          stimuli,
          tstop,
          tFinal: r.tFinal,
          events: r.events,
          wallMs: performance.now() - w0,
          warnings: [...new Set([...net.warnings, ...r.warnings])],
          partitions: attempt.partitions,
        };
        return { spikes: value };
      }
      fellBack = attempt.fallback;
    }
    // A fresh simulator per run, so noise streams start where a fresh NEURON process starts.
    const sim = new PointNetwork(spec);
    // PointNetwork.run does the same delivery in one synchronous call; here it is cut into
    // slices of wall time with a turn of the event loop between them, so that a cancel (an
    // abort message in a worker) is seen mid-run and progress is reported. Where the slices
    // end does not matter: events are delivered in queue order whatever the bound.
    const { tFinal, slice: width } = inWords(() => sim.prepare(tstop, dt));
    const sys = sim.system;
    ctx.progress(0);
    let slice = performance.now();
    for (let t = 0; ; t = Math.min(t + width, tFinal)) {
      if (ctx.signal.aborted) throw aborted(t);
      // A runaway network (weights ≥ 1 in loops, strong noise) stops in words before memory runs out.
      inWords(() => sim.deliverTo(t, tFinal));
      if (t >= tFinal) break;
      if (performance.now() - slice > SLICE_MS) {
        ctx.progress(t / tFinal);
        await yieldToEventLoop();
        slice = performance.now();
      }
    }
    ctx.progress(1);
    const value: SpikesValue = {
      kind: 'spikes',
      names: net.names,
      labels: net.labels,
      spikes: spikeTrains(sys.spikes, sim.n),
      stimuli,
      tstop,
      tFinal,
      events: sys.delivered,
      wallMs: performance.now() - w0,
      // point-network already reported the simulator's warnings (same network, same words).
      warnings: [...new Set([...net.warnings, ...sim.warnings, ...(fellBack ? [fallbackWarning(fellBack)] : [])])],
    };
    return { spikes: value };
  },
};
