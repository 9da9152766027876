/**
 * current-recorder: record the current of the point process at each selected node, as
 * navis's `add_current_record(where, label)`: the node's segment must carry a point process
 * (synapse or current clamp), and with several the first that NEURON lists is recorded.
 */
import { CoreError } from '../src/core/errors.ts';
import type { RecorderSpec } from '../src/core/cable/model.ts';
import { dictOf } from '../src/core/dict.ts';
import { recorderInputs, segmentLocator, withParts, AT_NODES_SOCKETS } from './model-ops.ts';
import type { BlockDef } from './types.ts';

/**
 * Inputs: model, where (selection). Output: model. Params: label (default 'i'): the trace's
 * name for one node, `label_<nodeId>` for each of several. Traces in nA (NEURON's sign: a
 * synapse's i is positive outward; an IClamp's i is the injected current).
 */
export const currentRecorder: BlockDef = {
  type: 'current-recorder',
  title: 'Current recorder',
  equivalents: 'navis: cmp.add_current_record(where, label); NEURON: h.Vector().record(pp._ref_i)',
  aliases: ['Vector.record', 'add_current_record', 'cmp.add_current_record', '_ref_i', 'record'],
  category: 'record',
  exportable: true,
  description: 'Record the current (nA) of the synapse or clamp at each selected node (navis add_current_record).',
  ...AT_NODES_SOCKETS,
  params: [
    {
      name: 'label',
      label: 'Label',
      kind: 'string',
      default: 'i',
      help: 'Name of the trace. With several nodes each trace is named label_<node id>. The node’s segment must carry a synapse or current clamp added upstream; with several there, the one added last is recorded, as NEURON lists it first.',
    },
  ],
  compute(inputs, params) {
    const { model, sel, labels } = recorderInputs(currentRecorder, inputs, params);
    const loc = segmentLocator(model);
    const ppNode = model.pointProcesses.map((pp) => loc.nodeOf(pp.at));
    const added: RecorderSpec[] = labels.map((l, k) => {
      const node = sel.ids[k];
      const seg = loc.nodeOf({ node });
      // navis records `seg.point_processes()[0]`; NEURON 8.2 lists a node's point processes
      // newest first (it prepends each new one), so that is the last one added there.
      const pp = ppNode.lastIndexOf(seg);
      if (pp < 0) {
        throw new CoreError(
          'model',
          `${currentRecorder.title}: node ${node} has no point process on its segment (${loc.describe({ node })}); add a synapse or current clamp there before recording its current`,
          { node },
        );
      }
      return { label: l, variable: 'i', pointProcess: pp };
    });
    const units = dictOf(model.units);
    for (const l of labels) units[l] = 'nA';
    return { model: withParts(model, { recorders: [...model.recorders, ...added], units }) };
  },
};
