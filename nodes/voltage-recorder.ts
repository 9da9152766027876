/**
 * voltage-recorder: record the membrane potential at each selected node, as navis's
 * `add_voltage_record(where, label)`; NEURON records v of the segment containing the node.
 * With `variable` it records any range variable there instead (record-variable.ts: `cai`,
 * `ica`, `m_hh`, a .mod mechanism's `gbar_kdr`, a point process's `i_ExpSyn`).
 */
import type { RecorderSpec } from '../src/core/cable/model.ts';
import { dictOf } from '../src/core/dict.ts';
import { recorderInputs, withParts, AT_NODES_SOCKETS } from './model-ops.ts';
import { recorderFor } from './record-variable.ts';
import type { BlockDef } from './types.ts';

/**
 * Inputs: model, where (selection). Output: model. Params: label (default 'v'): the trace's
 * name for one node, `label_<nodeId>` for each of several. Traces in mV.
 */
export const voltageRecorder: BlockDef = {
  type: 'voltage-recorder',
  title: 'Voltage recorder',
  equivalents: 'navis: cmp.add_voltage_record(where, label); NEURON: h.Vector().record(seg._ref_v)',
  aliases: ['Vector.record', 'add_voltage_record', 'cmp.add_voltage_record', '_ref_v', 'record'],
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
      help: 'Name of the trace (e.g. soma, axon_tip). With several nodes each trace is named label_<node id>. Recording another variable than v, the trace is named label.variable (the variable alone while the label is left at v).',
    },
    {
      name: 'variable',
      label: 'Variable',
      kind: 'string',
      default: 'v',
      suggestions: ['v', 'cai', 'ica', 'ina', 'ik', 'eca', 'm_hh', 'h_hh', 'n_hh'],
      help: 'What to record, by NEURON’s name: v (mV); an ion’s cai, cao (mM), eca (mV), ica (mA/cm²) where a .mod mechanism uses the ion; <variable>_<mechanism> of an inserted mechanism (m_hh, gbar_kdr); <variable>_<type> of a point process on the node’s segment (i_ExpSyn, g_Exp2Syn).',
    },
  ],
  compute(inputs, params) {
    const variable = typeof params.variable === 'string' ? params.variable.trim() || 'v' : 'v';
    // Trace names: the label for v; label.variable otherwise (the variable alone under the default label).
    const { model, sel, labels: named } = recorderInputs(voltageRecorder, inputs, params, (l) =>
      variable === 'v' ? l : params.label === 'v' || params.label === undefined ? l.replace(/^v(?=_|$)/, variable) : `${l}.${variable}`,
    );
    const units = dictOf(model.units);
    const added: RecorderSpec[] = named.map((l, k) => {
      const r = recorderFor(model, variable, l, sel.ids[k]);
      units[l] = r.unit;
      return r.spec;
    });
    return { model: withParts(model, { recorders: [...model.recorders, ...added], units }) };
  },
};
