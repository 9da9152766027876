/**
 * The estimate of a compartment-model run before it is compiled or started (for the app's
 * "this run is long, start it?" and for refusing runs that cannot fit in memory).
 */
import { estimateRun, type RunEstimate } from '../budget.ts';
import { neuronTime } from '../time.ts';
import { segmentCount } from './discretize.ts';
import type { CableModelSpec, RunOptions } from './model.ts';

/**
 * Steps, work (segment-steps), memory (bytes) and rough time (s) of running `spec` with
 * `opts` (tstop and dt in ms). O(sections); allocates nothing. Throws the CoreError of
 * neuronTime for a dt or tstop that cannot be run (dt = 1e-300 ms, more than 1e9 steps).
 */
export function estimateCableRun(spec: Pick<CableModelSpec, 'discretization' | 'recorders' | 'mechanisms'>, opts: Pick<RunOptions, 'tstop' | 'dt' | 'recordEvery' | 'budget'>): RunEstimate {
  const { steps } = neuronTime(opts.tstop, opts.dt ?? 0.025, opts.budget?.maxSteps);
  const segments = segmentCount(spec.discretization);
  const hh = spec.mechanisms.some((m) => m.name === 'hh');
  return estimateRun({ segments, steps, recorders: spec.recorders.length, recordEvery: opts.recordEvery ?? 1, nodes: segments + spec.discretization.sections.length + spec.discretization.trees, hhSegments: hh ? segments : 0 });
}
