/**
 * current-clamp: one IClamp per selected node, as navis's
 * `inject_current_pulse(where, start, duration, current)`: a square current pulse.
 */
import type { PointProcessSpec } from '../src/core/cable/model.ts';
import { withParts, AT_NODES_SOCKETS, atNodesInputs } from './model-ops.ts';
import type { BlockDef } from './types.ts';

/**
 * Inputs: model, where (selection: one clamp per node). Output: model. Params: start (ms,
 * 5), duration (ms, 1), current (nA, 0.1).
 */
export const currentClamp: BlockDef = {
  type: 'current-clamp',
  title: 'Current clamp',
  equivalents: 'navis: cmp.inject_current_pulse(where, start, duration, current); NEURON: h.IClamp(seg) (del, dur, amp)',
  aliases: ['IClamp', 'current injection', 'stimulate'],
  category: 'stimulus',
  exportable: true,
  description: 'Inject a square current pulse (IClamp) at each selected node (navis inject_current_pulse).',
  ...AT_NODES_SOCKETS,
  params: [
    {
      name: 'start',
      softMin: 0, softMax: 1000,
      label: 'Start (del)',
      kind: 'number',
      unit: 'ms',
      default: 5,
      min: 0,
      step: 1,
      help: 'Time the pulse starts (IClamp del). navis default 5 ms.',
    },
    {
      name: 'duration',
      softMin: 0, softMax: 1000,
      label: 'Duration (dur)',
      kind: 'number',
      unit: 'ms',
      default: 1,
      min: 0,
      step: 1,
      help: 'Length of the pulse (IClamp dur). navis default 1 ms.',
    },
    {
      name: 'current',
      softMin: -2, softMax: 2,
      label: 'Current (amp)',
      kind: 'number',
      unit: 'nA',
      default: 0.1,
      min: -1000,
      max: 1000,
      step: 0.01,
      help: 'Injected current during the pulse (IClamp amp); positive depolarizes. navis default 0.1 nA.',
    },
  ],
  compute(inputs, params) {
    const { model, sel, p } = atNodesInputs(currentClamp, inputs, params);
    const clamp = { del: p.number('start'), dur: p.number('duration'), amp: p.number('current') };
    const added: PointProcessSpec[] = Array.from(sel.ids, (node) => ({ type: 'IClamp', at: { node }, params: { ...clamp } }));
    return { model: withParts(model, { pointProcesses: [...model.pointProcesses, ...added] }) };
  },
};
