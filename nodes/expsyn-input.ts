/**
 * expsyn-input: presynaptic spikes onto single-exponential synapses, NEURON's classic
 * `ExpSyn` + `NetStim` + `NetCon`: one NetStim, and per selected node an ExpSyn that the
 * NetStim drives through its own NetCon. An event adds the NetCon weight (µS) to g, which
 * decays with tau (ms); i = g·(v − e). This is Synaptic input (navis's Exp2Syn) with the
 * instantaneous rise of ExpSyn: the spike-train and connection parameters are the same.
 */
import type { PointProcessSpec } from '../src/core/cable/model.ts';
import { AT_NODES_SOCKETS, atNodesInputs } from './model-ops.ts';
import { synapticInput, withSpikeTrainOnto } from './synaptic-input.ts';
import type { BlockDef, ParamSpec } from './types.ts';

/** The spike train (NetStim) and connection (NetCon) parameters, as Synaptic input has them. */
const SHARED = ['start', 'spike_no', 'spike_int', 'spike_noise', 'seed', 'cn_delay', 'cn_weight'];
const shared: ParamSpec[] = synapticInput.params.filter((p) => SHARED.includes(p.name));

/** A spec of Synaptic input's, with this block's name and help (same quantity, unit and range). */
function like(name: string, as: { name: string; label: string; help: string; softMin?: number; softMax?: number }): ParamSpec {
  const spec = synapticInput.params.find((p) => p.name === name);
  if (!spec) throw new Error(`synaptic-input has no parameter ${name}`);
  return { ...spec, ...as };
}

export const expSynInput: BlockDef = {
  type: 'expsyn-input',
  title: 'ExpSyn input',
  equivalents: 'NEURON: h.NetStim + h.ExpSyn(seg) + h.NetCon(stim, syn)',
  aliases: ['ExpSyn', 'NetStim', 'NetCon'],
  category: 'stimulus',
  exportable: true,
  description: 'A presynaptic spike train (NetStim) driving a single-exponential synapse (ExpSyn) at each selected node.',
  ...AT_NODES_SOCKETS,
  params: [
    ...shared,
    // ExpSyn's tau: a time constant > 0 ms like Exp2Syn's tau1, with the same default (0.1 ms, NEURON's ExpSyn default too).
    like('syn_tau1', {
      name: 'syn_tau',
      softMin: 0, softMax: 50,
      label: 'Synapse decay time',
      help: 'Decay time constant of the synaptic conductance (ExpSyn tau). NEURON default 0.1 ms; 2–5 ms for a typical AMPA-like synapse.',
    }),
    like('syn_rev_pot', {
      name: 'syn_rev_pot',
      label: 'Synapse reversal potential',
      help: 'Potential the synaptic current drives the membrane towards (ExpSyn e). NEURON default 0 mV (excitatory); about −80 mV for an inhibitory synapse.',
    }),
  ],
  compute(inputs, params) {
    const { model, sel, p } = atNodesInputs(expSynInput, inputs, params);
    const syn = { tau: p.number('syn_tau'), e: p.number('syn_rev_pot') };
    const synapses: PointProcessSpec[] = Array.from(sel.ids, (node) => ({ type: 'ExpSyn', at: { node }, params: { ...syn } }));
    return { model: withSpikeTrainOnto(model, synapses, p) };
  },
};
