/**
 * voltage-recorder: record the membrane potential at each selected node, as navis's
 * `add_voltage_record(where, label)`; NEURON records v of the segment containing the node.
 */
import type { RecorderSpec } from '../src/core/cable/model.ts';
import { dictOf } from '../src/core/dict.ts';
import { recorderInputs, withParts, AT_NODES_SOCKETS } from './model-ops.ts';
import type { BlockDef } from './types.ts';

/**
 * Inputs: model, where (selection). Output: model. Params: label (default 'v'): the trace's
 * name for one node, `label_<nodeId>` for each of several. Traces in mV.
 */
export const voltageRecorder: BlockDef = {
  type: 'voltage-recorder',
  title: 'Voltage recorder',
  category: 'record',
  exportable: true,
  description: 'Record the membrane potential (mV) at each selected node (navis add_voltage_record).',
  ...AT_NODES_SOCKETS,
  params: [
    {
      name: 'label',
      label: 'Label',
      kind: 'string',
      default: 'v',
      help: 'Name of the trace (e.g. soma, axon_tip). With several nodes each trace is named label_<node id>.',
    },
  ],
  compute(inputs, params) {
    const { model, sel, labels } = recorderInputs(voltageRecorder, inputs, params);
    const added: RecorderSpec[] = labels.map((l, k) => ({ label: l, at: { node: sel.ids[k] } }));
    const units = dictOf(model.units);
    for (const l of labels) units[l] = 'mV';
    return { model: withParts(model, { recorders: [...model.recorders, ...added], units }) };
  },
};
