/**
 * synaptic-current: one AlphaSynapse per selected node, as navis's
 * `add_synaptic_current(where, start, tau, rev_pot, max_syn_cond)`: a conductance
 * g(t) = gmax·(t − onset)/tau·exp(−(t − onset − tau)/tau) from `start` on, no spike needed.
 */
import type { PointProcessSpec } from '../src/core/cable/model.ts';
import { withParts, AT_NODES_SOCKETS, atNodesInputs } from './model-ops.ts';
import type { BlockDef } from './types.ts';
import { POTENTIAL, TIME_CONSTANT } from './quantities.ts';

/**
 * Inputs: model, where (selection: one synapse per node). Output: model. Params: start (ms,
 * 5), tau (ms, 0.1), gmax (µS, 0.1), e (mV, −10).
 */
export const synapticCurrent: BlockDef = {
  type: 'synaptic-current',
  title: 'Synaptic current',
  equivalents: 'navis: cmp.add_synaptic_current(where, start, tau, gmax, e); NEURON: h.AlphaSynapse(seg)',
  aliases: ['AlphaSynapse', 'add_synaptic_current', 'cmp.add_synaptic_current'],
  category: 'stimulus',
  exportable: true,
  description: 'An alpha-function synaptic conductance (AlphaSynapse) at each selected node (navis add_synaptic_current).',
  ...AT_NODES_SOCKETS,
  params: [
    {
      name: 'start',
      softMin: 0, softMax: 1000,
      label: 'Onset',
      kind: 'number',
      unit: 'ms',
      default: 5,
      min: 0,
      step: 1,
      help: 'Time the conductance starts to rise (AlphaSynapse onset). navis default 5 ms; the tutorial opens its rounds at 50 + i·200 ms.',
    },
    {
      name: 'tau',
      label: 'Time constant',
      ...TIME_CONSTANT,
      softMin: 0, softMax: 10,
      default: 0.1,
      help: 'Alpha-function time constant: the conductance peaks tau after onset and then decays. navis default 0.1 ms.',
    },
    {
      name: 'gmax',
      label: 'Max. synaptic conductance',
      kind: 'number',
      unit: 'µS',
      default: 0.1,
      min: 0,
      step: 0.01,
      help: 'Peak conductance of each synapse (navis max_syn_cond). The tutorial uses 0.1 µS.',
    },
    {
      name: 'e',
      label: 'Reversal potential',
      ...POTENTIAL,
      default: -10,
      help: 'Potential the synaptic current drives the membrane towards (navis rev_pot). The tutorial uses −10 mV (excitatory at rest).',
    },
  ],
  compute(inputs, params) {
    const { model, sel, p } = atNodesInputs(synapticCurrent, inputs, params);
    const syn = { onset: p.number('start'), tau: p.number('tau'), gmax: p.number('gmax'), e: p.number('e') };
    const added: PointProcessSpec[] = Array.from(sel.ids, (node) => ({ type: 'AlphaSynapse', at: { node }, params: { ...syn } }));
    return { model: withParts(model, { pointProcesses: [...model.pointProcesses, ...added] }) };
  },
};
