/**
 * Test fixture of the morphology view's tests: the test kit's projection neuron with hand-made
 * traces (the soma ramps from −70 mV by 10 mV per 0.25 ms frame; the last node stays at 20 mV)
 * and the block data made from them.
 */
import { morphologyData, type MorphologyParams } from '../../../nodes/morphology-view.ts';
import { NEURON, PN } from '../../../nodes/model-test-kit.ts';
import type { TracesValue } from '../../../nodes/values.ts';

export const sk = PN.skeleton;
export const p: MorphologyParams = { projection: 'xy', flipVertical: false, colourBy: 'voltage', column: 'distance', time: 0.5, tracePrefix: '', fill: 'nearest', vmin: -70, vmax: 30, title: 'M' };
/** The last node of the skeleton (the one held at 20 mV). */
export const last = sk.id[sk.size - 1];
export const t = Float64Array.from({ length: 5 }, (_, k) => k * 0.25);
export const traces: TracesValue = {
  kind: 'traces',
  t,
  traces: { soma: Float64Array.from(t, (x) => -70 + 40 * x), tip: new Float64Array(5).fill(20) },
  units: { soma: 'mV', tip: 'mV' },
  spikes: {},
  nodes: { soma: PN.soma, tip: last },
  run: { tstop: 1, v_init: -70, dt: 0.25, celsius: 6.3 },
  sections: 1,
  segments: 1,
  wallMs: 0,
  warnings: [],
};
/** The block data of the ramp. */
export const d = morphologyData(NEURON, traces, null, p);
