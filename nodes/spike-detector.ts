/**
 * spike-detector: count spikes at each selected node, as navis's
 * `add_spike_detector(where, threshold, label)`: a NetCon from the segment's voltage to no
 * target, recording the times v crosses the threshold upwards.
 */
import { CoreError } from '../src/core/errors.ts';
import type { NetConSpec } from '../src/core/cable/model.ts';
import { checkNewLabels, perNodeLabels, segmentLocator, withParts, AT_NODES_SOCKETS, atNodesInputs } from './model-ops.ts';
import type { BlockDef } from './types.ts';
import { POTENTIAL } from './quantities.ts';

/**
 * Inputs: model, where (selection). Output: model. Params: threshold (mV, 20), label
 * (default 'spikes'; `label_<nodeId>` for each of several nodes). Spike times in ms.
 */
export const spikeDetector: BlockDef = {
  type: 'spike-detector',
  title: 'Spike detector',
  equivalents: 'navis: cmp.add_spike_detector(where, label); NEURON: h.NetCon(seg._ref_v, None, sec=sec).record(vec)',
  aliases: ['add_spike_detector', 'cmp.add_spike_detector', 'NetCon.record', 'APCount', 'threshold'],
  category: 'record',
  exportable: true,
  description: 'Record spike times (ms) where the voltage at each selected node crosses a threshold (navis add_spike_detector).',
  ...AT_NODES_SOCKETS,
  params: [
    {
      name: 'threshold',
      label: 'Threshold',
      ...POTENTIAL,
      softMin: -60, softMax: 60,
      default: 20,
      help: 'A spike is counted each time the membrane potential rises through this value (NetCon threshold). navis default 20 mV.',
    },
    {
      name: 'label',
      label: 'Label',
      kind: 'string',
      default: 'spikes',
      help: 'Name of the spike train (e.g. axon_tip). With several nodes each is named label_<node id>.',
    },
  ],
  compute(inputs, params) {
    const { model, sel, p } = atNodesInputs(spikeDetector, inputs, params);
    const threshold = p.number('threshold');
    const labels = perNodeLabels(p.string('label').trim(), sel.ids);
    const taken: string[] = [];
    for (const nc of model.netCons) if (nc.label !== undefined) taken.push(nc.label);
    checkNewLabels(spikeDetector.title, labels, taken, 'spike detector');
    // NEURON keeps one threshold detector per segment, shared by all NetCons watching it, so
    // two thresholds on one segment cannot both hold: say so here rather than on the Run.
    const loc = segmentLocator(model);
    const watched = new Map<number, number>();
    for (const nc of model.netCons) {
      if ('at' in nc.source) watched.set(loc.nodeOf(nc.source.at), nc.source.threshold ?? 10);
    }
    const added: NetConSpec[] = labels.map((label, k) => {
      const node = sel.ids[k];
      const seg = loc.nodeOf({ node });
      const other = watched.get(seg);
      if (other !== undefined && other !== threshold) {
        throw new CoreError(
          'model',
          `${spikeDetector.title}: node ${node}'s segment (${loc.describe({ node })}) is already watched with threshold ${other} mV; NEURON allows one threshold per segment`,
          { node },
        );
      }
      watched.set(seg, threshold);
      return { source: { at: { node }, threshold }, target: null, label };
    });
    return { model: withParts(model, { netCons: [...model.netCons, ...added] }) };
  },
};
