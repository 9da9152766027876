/**
 * `lif-network`: the clock-driven LIF population of the published whole-brain Drosophila model
 * (Shiu et al. 2024, Nature 634; src/core/network/lif-population.ts) built on an edge list and
 * run, its spikes feeding the raster and rate plots like run-network's. The second kind of
 * network besides the event-driven IntFire point network; Brian2 gives the same spikes.
 */
import { CoreError } from '../src/core/errors.ts';
import { hasKey } from '../src/core/dict.ts';
import { LifPopulation } from '../src/core/network/lif-population.ts';
import { LIF_DEFAULTS, LIF_UNITS, type LifParams } from '../src/core/network/lif-params.ts';
import { readSpikeFile } from '../src/core/network/lif-inputs.ts';
import { fileLabel, readFileParam } from './edge-list.ts';
import { labelParams, readLabels } from './point-network.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import { seedOf } from './quantities.ts';
import type { BlockDef, ParamSpec, Params } from './types.ts';
import type { EdgesValue, SpikesValue } from './values.ts';

/** The model's parameters as block params: the published names, units and values. */
const MODEL_PARAMS: ReadonlyArray<{ name: keyof LifParams; label: string; min: number; max: number; softMax: number; help: string }> = [
  { name: 'v_0', label: 'v_0 (resting potential)', min: -200, max: 100, softMax: 0, help: 'Resting potential: v relaxes to it.' },
  { name: 'v_rst', label: 'v_rst (reset potential)', min: -200, max: 100, softMax: 0, help: 'v after a spike.' },
  { name: 'v_th', label: 'v_th (threshold)', min: -200, max: 100, softMax: 0, help: 'A spike when v rises above it.' },
  { name: 't_mbr', label: 't_mbr (membrane time constant)', min: 0, max: 1e4, softMax: 100, help: 'R·C: dv/dt = (x − (v − v_0)) / t_mbr.' },
  { name: 'tau', label: 'tau (synaptic time constant)', min: 0, max: 1e4, softMax: 50, help: 'The synaptic input x decays with it: dx/dt = −x / tau.' },
  { name: 't_rfc', label: 't_rfc (refractory period)', min: 0, max: 1e3, softMax: 20, help: 'v and x stay frozen after a spike, and input arriving meanwhile is lost (as in Brian2).' },
  { name: 't_dly', label: 't_dly (synaptic delay)', min: 0, max: 1e3, softMax: 20, help: 'From a presynaptic spike to its arrival, the same for every edge.' },
  { name: 'w_syn', label: 'w_syn (weight of one synapse)', min: -1e3, max: 1e3, softMax: 5, help: 'An edge of weight w adds w · w_syn to its target’s x (the published model: w = signed synapse count).' },
  { name: 'r_poi', label: 'r_poi (Poisson rate)', min: 0, max: 1e4, softMax: 500, help: 'Rate of the Poisson input into the driven neurons.' },
  { name: 'f_poi', label: 'f_poi (Poisson weight factor)', min: 0, max: 1e5, softMax: 500, help: 'A Poisson (or input-file) spike adds f_poi · w_syn to v (250 · 0.275 mV = 68.75 mV: the neuron fires at the next step).' },
];

const modelParamSpecs: ParamSpec[] = MODEL_PARAMS.map((p) => ({
  name: p.name,
  label: p.label,
  kind: 'number',
  unit: LIF_UNITS[p.name],
  default: LIF_DEFAULTS[p.name],
  min: p.min,
  max: p.max,
  softMin: p.min < 0 ? -100 : 0,
  softMax: p.softMax,
  ...(p.name === 't_mbr' || p.name === 'tau' ? { exclusive: true } : {}),
  help: `${p.help} Published value: ${LIF_DEFAULTS[p.name]}${LIF_UNITS[p.name] ? ` ${LIF_UNITS[p.name]}` : ''} (Shiu et al. 2024).`,
}));

/** Wall time (ms) of steps between turns of the event loop (a cancel or a newer input is seen between them). */
const SLICE_MS = 25;
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export const lifNetworkBlock: BlockDef = {
  type: 'lif-network',
  title: 'LIF network',
  equivalents: 'Brian2: NeuronGroup(dv/dt = (x − (v − v_0))/t_mbr, dx/dt = −x/tau, unless refractory) + Synapses(on_pre="x += w") + PoissonInput(target_var="v"), as in Shiu et al. 2024',
  aliases: ['Brian2', 'NeuronGroup', 'PoissonInput', 'LIF', 'leaky integrate-and-fire', 'Shiu 2024', 'whole-brain model', 'FlyWire'],
  category: 'network',
  description: 'A clock-driven network of leaky integrate-and-fire neurons (the published whole-brain fly model, Shiu et al. 2024) on an edge list, run: spikes for the raster and rate plots.',
  inputs: { edges: { type: 'edges', label: 'edges' } },
  outputs: { spikes: { type: 'spikes', label: 'spikes' } },
  heavy: true,
  params: [
    ...modelParamSpecs,
    { name: 'poisson', label: 'Poisson-driven neurons', kind: 'string', default: '', help: 'Comma-separated neuron names (ids as in the edge list) driven by Poisson input at r_poi. Empty: none.' },
    { name: 'poissonRefractory', label: 'refractory period for driven neurons', kind: 'boolean', default: false, help: 'Off, as published: Poisson-driven neurons have no refractory period. On: they keep t_rfc.' },
    { name: 'seed', label: 'seed', ...seedOf(2147483647), default: 1, help: 'Seed of the Poisson input (the same seed gives the same spikes).' },
    { name: 'inputs', label: 'input spike file', kind: 'file', accept: ['.csv'], default: '', optional: true, help: 'Optional CSV with a header `neuron,time` (neuron ids as in the edge list, time in ms): each spike adds f_poi · w_syn to v — the same inputs can be given to Brian2.' },
    ...labelParams('Optional CSV with a header `id,label` (e.g. cell types) used to group neurons in the raster and rate plots; neurons it does not label get "NA". Empty: each neuron’s id is its label.'),
    { name: 'duration', softMin: 0, softMax: 5000, label: 'duration', kind: 'number', unit: 'ms', default: 1000, min: 0, exclusive: true, max: 1e7, help: 'Simulated time.' },
    { name: 'dt', softMin: 0, softMax: 1, label: 'dt', kind: 'number', unit: 'ms', default: 0.1, min: 0, exclusive: true, max: 10, help: 'Time step (the published model: 0.1 ms). Spike times are multiples of it.' },
  ],
  async compute(inputs, params: Params, ctx) {
    const edges = (requireInput(inputs, 'edges', 'edges', lifNetworkBlock) as EdgesValue).edges;
    const p = paramValues(lifNetworkBlock, params);
    const model: Partial<LifParams> = {};
    for (const m of MODEL_PARAMS) model[m.name] = p.number(m.name);
    const index = new Map(edges.names.map((nm, i) => [nm, i]));
    const poisson: number[] = [];
    for (const id of p.string('poisson').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const i = index.get(id);
      if (i === undefined) throw new CoreError('input', `LIF network: Poisson-driven neuron "${id}" is not in the edge list`);
      poisson.push(i);
    }
    const ref = p.file('inputs').trim();
    let spikeFile: { neuron: Int32Array; time: Float64Array } | undefined;
    if (ref) {
      try {
        spikeFile = readSpikeFile(await readFileParam(ctx, ref, 'input spike file'), edges.names);
      } catch (e) {
        if (e instanceof CoreError && e.code !== 'aborted') throw new CoreError(e.code, `${fileLabel(ctx.fileName?.(ref) ?? ref)}: ${e.message}`, e.where);
        throw e;
      }
    }
    const warnings = [...edges.warnings];
    if (edges.delay) warnings.push(`the edge list's delay column is not used: every edge of the LIF model has the delay t_dly (${p.number('t_dly')} ms)`);
    let labels = [...edges.names];
    const labelsRef = p.file('labels').trim();
    if (labelsRef) {
      const read = readLabels(await readFileParam(ctx, labelsRef, 'labels file'), fileLabel(ctx.fileName?.(labelsRef) ?? labelsRef), p.string('labelColumn').trim() || 'label', edges.names);
      labels = edges.names.map((nm) => (hasKey(read.labels, nm) ? read.labels[nm] : 'NA'));
      warnings.push(...read.warnings);
    }
    const w0 = performance.now();
    const inWords = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        if (e instanceof CoreError && e.code !== 'aborted') throw new CoreError(e.code, `LIF network: ${e.message}`, e.where);
        throw e;
      }
    };
    const pop = inWords(
      () =>
        new LifPopulation({
          names: edges.names,
          params: model,
          // The reader's CSR (by source, file order) is used as it is: no copy of the edges.
          edges: { source: edges.source, target: edges.target, weight: edges.weight, csr: edges.csr },
          poisson: poisson.length ? { neurons: poisson, seed: p.number('seed'), refractory: p.boolean('poissonRefractory') } : undefined,
          inputs: spikeFile,
        }),
    );
    const run = inWords(() => pop.begin(p.number('duration'), p.number('dt')));
    ctx.progress(0);
    // Steps in slices of wall time with a turn of the event loop between them (cancel, progress).
    let chunk = 64;
    while (run.step < run.steps) {
      if (ctx.signal.aborted) throw new CoreError('aborted', `run cancelled at t = ${(run.step * p.number('dt')).toFixed(1)} ms`);
      const t0 = performance.now();
      inWords(() => run.advanceTo(run.step + chunk, ctx.signal));
      const took = performance.now() - t0;
      chunk = Math.max(16, Math.min(1 << 16, Math.round(chunk * (took > 0 ? SLICE_MS / took : 2))));
      ctx.progress(run.step / run.steps);
      await yieldToEventLoop();
    }
    const r = inWords(() => run.result());
    ctx.progress(1);
    const value: SpikesValue = {
      kind: 'spikes',
      names: edges.names,
      labels,
      spikes: r.spikes,
      stimuli: [],
      tstop: p.number('duration'),
      tFinal: r.tFinal,
      events: r.events,
      wallMs: performance.now() - w0,
      warnings: [...new Set([...warnings, ...r.warnings])],
    };
    return { spikes: value };
  },
};
