/**
 * synaptic-input: presynaptic spikes onto the selected nodes, as navis's
 * `add_synaptic_input(where, start, spike_no, spike_int, spike_noise, syn_tau1, syn_tau2,
 * syn_rev_pot, cn_thresh, cn_delay, cn_weight)`: one NetStim, and per node an Exp2Syn that
 * the NetStim drives through its own NetCon, so all nodes receive the same spike train.
 */
import type { NetConSpec, NetStimSpec, PointProcessSpec } from '../src/core/cable/model.ts';
import { withParts, AT_NODES_SOCKETS, atNodesInputs } from './model-ops.ts';
import type { ParamValues } from './param-values.ts';
import type { BlockDef } from './types.ts';
import type { ModelValue } from './values.ts';
import { FRACTION, POTENTIAL, TIME_CONSTANT } from './quantities.ts';

/** Largest Random123 seed NEURON accepts (a 32-bit identifier). */
const MAX_SEED = 2 ** 32 - 1;

/**
 * Inputs: model, where (selection: one Exp2Syn per node). Output: model. Params (navis's
 * names and defaults): start (ms, 5), spike_no (1), spike_int (ms, 10), spike_noise (0–1, 0),
 * seed (−1 or empty = NEURON's default generator), syn_tau1 (ms, 0.1), syn_tau2 (ms, 10),
 * syn_rev_pot (mV, 0), cn_thresh (mV, 10), cn_delay (ms, 1), cn_weight (µS, 0.05).
 */
export const synapticInput: BlockDef = {
  type: 'synaptic-input',
  title: 'Synaptic input',
  equivalents: 'navis: cmp.add_synaptic_input(where, start, spike_no, spike_int, …); NEURON: h.NetStim + h.Exp2Syn(seg) + h.NetCon',
  aliases: ['Exp2Syn', 'NetStim', 'NetCon', 'add_synaptic_input', 'cmp.add_synaptic_input'],
  category: 'stimulus',
  exportable: true,
  description: 'A presynaptic spike train (NetStim) driving a synapse (Exp2Syn) at each selected node (navis add_synaptic_input).',
  ...AT_NODES_SOCKETS,
  params: [
    {
      name: 'start',
      softMin: 0, softMax: 1000,
      label: 'First spike',
      kind: 'number',
      unit: 'ms',
      default: 5,
      min: 0,
      step: 1,
      help: 'Time of the first presynaptic spike (NetStim start); with noise, the mean of the first interval starts here. navis default 5 ms.',
    },
    {
      name: 'spike_no',
      softMin: 0, softMax: 100,
      label: 'Number of spikes',
      kind: 'number',
      unit: '',
      default: 1,
      min: 0,
      max: 1e9,
      integer: true,
      step: 1,
      help: 'How many presynaptic spikes the NetStim produces (NetStim number). navis default 1; the tutorial’s noisy input uses 20.',
    },
    {
      name: 'spike_int',
      softMin: 0, softMax: 200,
      label: 'Mean interval between spikes',
      kind: 'number',
      unit: 'ms',
      default: 10,
      min: 0,
      exclusive: true,
      step: 1,
      help: 'Mean time between presynaptic spikes (NetStim interval). navis default 10 ms; the tutorial uses 50 ms.',
    },
    {
      name: 'spike_noise',
      label: 'Spike timing noise',
      ...FRACTION,
      default: 0,
      help: 'Fraction of randomness in the intervals (NetStim noise): 0 regular, 1 Poisson-like. navis default 0; the tutorial uses 1.',
    },
    {
      name: 'seed',
      label: 'Random seed',
      kind: 'number',
      unit: '',
      default: -1,
      min: -1,
      max: MAX_SEED,
      integer: true,
      step: 1,
      optional: true,
      help: 'With a seed ≥ 0 the noise comes from its own Random123 stream (NEURON’s noiseFromRandom123), reproducible whatever else the model contains. −1 or empty: NEURON’s default generator, as navis uses it, started as in a fresh NEURON.',
    },
    {
      name: 'syn_tau1',
      label: 'Synapse rise time',
      ...TIME_CONSTANT,
      softMin: 0, softMax: 10,
      default: 0.1,
      help: 'Rise time constant of the synaptic conductance (Exp2Syn tau1). navis default 0.1 ms.',
    },
    {
      name: 'syn_tau2',
      softMin: 0, softMax: 100,
      label: 'Synapse decay time',
      kind: 'number',
      unit: 'ms',
      default: 10,
      min: 0,
      exclusive: true,
      step: 0.5,
      help: 'Decay time constant of the synaptic conductance (Exp2Syn tau2); should exceed the rise time. navis default 10 ms.',
    },
    {
      name: 'syn_rev_pot',
      label: 'Synapse reversal potential',
      ...POTENTIAL,
      default: 0,
      help: 'Potential the synaptic current drives the membrane towards (Exp2Syn e). navis default 0 mV (excitatory).',
    },
    {
      name: 'cn_thresh',
      label: 'Connection threshold',
      ...POTENTIAL,
      default: 10,
      help: 'NetCon threshold, kept for parity with navis (default 10 mV). It has no effect here: a NetStim’s spikes are events, not voltages crossing a threshold.',
    },
    {
      name: 'cn_delay',
      softMin: 0, softMax: 20,
      label: 'Connection delay',
      kind: 'number',
      unit: 'ms',
      default: 1,
      min: 0,
      step: 0.1,
      help: 'Delay between a presynaptic spike and its effect on the synapse (NetCon delay). navis default 1 ms.',
    },
    {
      name: 'cn_weight',
      label: 'Connection weight',
      kind: 'number',
      unit: 'µS',
      default: 0.05,
      min: 0,
      step: 0.01,
      help: 'Peak synaptic conductance per presynaptic spike (NetCon weight onto Exp2Syn). navis default 0.05 µS; the tutorial uses 0.04 µS.',
    },
  ],
  compute(inputs, params) {
    const { model, sel, p } = atNodesInputs(synapticInput, inputs, params);
    // cn_thresh is not read: the simulator's NetStim-sourced NetCons have no threshold.
    const syn = { tau1: p.number('syn_tau1'), tau2: p.number('syn_tau2'), e: p.number('syn_rev_pot') };
    const synapses: PointProcessSpec[] = Array.from(sel.ids, (node) => ({ type: 'Exp2Syn', at: { node }, params: { ...syn } }));
    return { model: withSpikeTrainOnto(model, synapses, p) };
  },
};

/** The spike train's and connection's parameters, by their names in Synaptic input. */
export type TrainParam = 'start' | 'spike_no' | 'spike_int' | 'spike_noise' | 'seed' | 'cn_delay' | 'cn_weight';
const TRAIN_PARAMS: Readonly<Record<TrainParam, TrainParam>> = { start: 'start', spike_no: 'spike_no', spike_int: 'spike_int', spike_noise: 'spike_noise', seed: 'seed', cn_delay: 'cn_delay', cn_weight: 'cn_weight' };

/**
 * The model with `synapses` added and one NetStim driving each of them through its own NetCon:
 * the spike train (start, spike_no, spike_int, spike_noise, seed) and the connection (cn_delay
 * in ms, cn_weight in µS) are read from `p`, by the names Synaptic input gives them (or `names`).
 * Shared by every block that drives synapses with a NetStim.
 */
export function withSpikeTrainOnto(model: ModelValue, synapses: PointProcessSpec[], p: ParamValues, names: Readonly<Record<TrainParam, string>> = TRAIN_PARAMS): ModelValue {
  const seed = p.optionalNumber(names.seed);
  const netStim: NetStimSpec = {
    params: { number: p.number(names.spike_no), interval: p.number(names.spike_int), noise: p.number(names.spike_noise), start: p.number(names.start) },
    // −1 or empty: NEURON's default generator.
    ...(seed !== null && seed >= 0 ? { seed } : {}),
  };
  const delay = p.number(names.cn_delay);
  const weight = p.number(names.cn_weight);
  const stimIndex = model.netStims.length;
  const first = model.pointProcesses.length;
  const netCons: NetConSpec[] = synapses.map((_, k) => ({ source: { netStim: stimIndex }, target: { pointProcess: first + k }, delay, weight }));
  return withParts(model, {
    pointProcesses: [...model.pointProcesses, ...synapses],
    netStims: [...model.netStims, netStim],
    netCons: [...model.netCons, ...netCons],
  });
}
