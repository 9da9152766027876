/**
 * `spike-table`: per neuron of a network run, its spike count, mean rate and first spike
 * (navis's `get_spike_counts` without bins, plus the onset).
 */
import { requireInput } from './model-ops.ts';
import type { BlockDef } from './types.ts';
import type { SpikesValue, TableValue } from './values.ts';

export const spikeTableBlock: BlockDef = {
  type: 'spike-table',
  title: 'Spike table',
  equivalents: 'navis: net.get_spike_counts(); first spike times from the spike trains',
  aliases: ['spike times', 'NetCon.record', 'spikes'],
  category: 'plot',
  description: 'Per neuron: label, number of spikes, mean firing rate over the run and time of the first spike.',
  inputs: { spikes: { type: 'spikes', label: 'spikes' } },
  outputs: { table: { type: 'table', label: 'table' } },
  sink: true,
  params: [],
  compute(inputs) {
    const sp: SpikesValue = requireInput(inputs, 'spikes', 'spikes', spikeTableBlock);
    const n = sp.names.length;
    const count = new Float64Array(n);
    /** Hz: spikes over the run's duration (tstop). */
    const rate = new Float64Array(n);
    /** ms; NaN for a neuron that never fired (there is no first spike to give). */
    const first = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = sp.spikes[i];
      count[i] = s.length;
      rate[i] = (s.length * 1000) / sp.tstop;
      // Spike times are recorded in firing order, so the first is the earliest.
      first[i] = s.length ? s[0] : NaN;
    }
    const table: TableValue = {
      kind: 'table',
      title: `Spikes in ${sp.tstop} ms`,
      columns: { neuron: [...sp.names], label: [...sp.labels], spikes: count, 'mean rate (Hz)': rate, 'first spike (ms)': first },
    };
    return { table };
  },
};
