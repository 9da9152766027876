import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { ModelValue } from '../../nodes/values.ts';
import { activeDendrites, compartmentTutorial } from '../../tools/examples/build.ts';
import { readAssetText } from './assets.ts';
import type { Graph } from './graph.ts';
import { GraphEvaluator } from '../dataflow/evaluator.ts';
import { confirmMessage, DEFAULT_RUN_LIMITS, estimateCableRun, estimateRun, MOD_MECHANISM_WEIGHT, overLimits } from './run-estimate.ts';

async function tutorialModel(): Promise<ModelValue> {
  const ev = new GraphEvaluator(compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async () => '' });
  const o = await ev.value('rec_soma');
  if (!o.ok) throw new Error(o.message);
  return o.values.model as ModelValue;
}

describe('run estimate', () => {
  it('counts steps, segments (the real discretization has 76) and trace bytes of the tutorial run, under the limits', async () => {
    const model = await tutorialModel();
    const e = estimateCableRun(model, { tstop: 1000, dt: 0.025, recordEvery: 1 });
    expect(e.steps).toBe(40000);
    // The tutorial model's discretization has 76 segments (res 10 µm).
    expect(e.segments).toBe(76);
    expect(e.recordedBytes).toBe(40001 * (model.recorders.length + 1) * 8);
    expect(overLimits(e, DEFAULT_RUN_LIMITS)).toBe(false);
  });

  it('weighs each .mod mechanism (their kernels cost ~10 built-in segment-steps): active-dendrites at res 0.01 µm asks first', async () => {
    const graph = activeDendrites() as unknown as Graph;
    const ev = new GraphEvaluator(graph as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async (ref) => readAssetText(graph, ref) });
    const o = await ev.value('rec_ih');
    if (!o.ok) throw new Error(o.message);
    const model = o.values.model as ModelValue;
    const e = estimateCableRun(model, { tstop: 60, dt: 0.025 });
    expect(e.segmentSteps).toBe(2400 * e.segments * (1 + 6 * MOD_MECHANISM_WEIGHT));
    expect(overLimits(e, DEFAULT_RUN_LIMITS)).toBe(false);
    // A thousandfold finer discretization: tens of thousands of segments × 61 units of work per step.
    const fine = estimateCableRun({ ...model, discretization: { ...model.discretization, res: 0.01 } }, { tstop: 60, dt: 0.025 });
    expect(overLimits(fine, DEFAULT_RUN_LIMITS)).toBe(true);
    ev.dispose();
  });

  it('asks for dt = 1e-300, tstop = 1e9 and nseg = 1e6, in bounded time, with numbers in words', async () => {
    const model = await tutorialModel();
    const t0 = performance.now();
    const tiny = estimateRun('model', { model }, { tstop: 1000, dt: 1e-300 })!;
    const long = estimateRun('model', { model }, { tstop: 1e9, dt: 0.025 })!;
    const fine = estimateRun('model', { model: { ...model, discretization: { nseg: 1e6 } } }, { tstop: 100, dt: 0.025 })!;
    expect(performance.now() - t0).toBeLessThan(50);
    for (const e of [tiny, long, fine]) expect(overLimits(e, DEFAULT_RUN_LIMITS)).toBe(true);
    expect(tiny.steps).toBe(1e303);
    expect(confirmMessage(tiny, 'model')).toMatch(/^this run needs ~1\.0e\+303 steps × \d+ segments \(~more than a century, [\d.e+]+ GB of traces\): Run anyway\?/);
    expect(confirmMessage(long, 'model')).toBe('this run needs ~4.0e+10 steps × 76 segments (~25.3 h, 1,280 GB of traces): Run anyway? (or change dt, the duration or the model)');
    expect(estimateRun('network', {}, { duration: 1e7, dt: 1e-9 })!.steps).toBe(1e16);
    expect(estimateRun(undefined, {}, {})).toBeNull();
  });
});
