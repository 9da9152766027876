/**
 * Numerical and resource faults through the blocks: a graph (shared, or mistyped) with a dt,
 * tstop, res or conductance that cannot be run gets a message in words, quickly and without
 * allocating what it asks for; never a hang, an out-of-memory crash or NaN traces as results.
 */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../src/core/errors.ts';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { estimateRunBlock, run } from './run.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { NEURON, PN, TUT, context, exec, execModel, selection } from './model-test-kit.ts';
import type { BlockDef, Inputs, Params } from './types.ts';
import type { ModelValue } from './values.ts';

/** The CoreError a compute throws, and how long it took to throw it (ms). */
async function refusal(block: BlockDef, inputs: Inputs, params: Params): Promise<{ error: CoreError; ms: number }> {
  const t0 = performance.now();
  try {
    await exec(block, inputs, params);
  } catch (e) {
    const ms = performance.now() - t0;
    expect(e).toBeInstanceOf(CoreError);
    return { error: e as CoreError, ms };
  }
  throw new Error(`${block.type} did not fail`);
}

/** The tutorial's cell: pas everywhere, hh on the axon, a current pulse at the soma, soma and axon tip recorded. */
async function tutorialCell(hh: Params = {}, res = 10): Promise<ModelValue> {
  let m = await execModel(compartmentModel, { neuron: NEURON }, { res });
  m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' });
  m = await execModel(insertMechanism, { model: m, where: selection(TUT.axonNodes, 'axon') }, { mechanism: 'hh', ...hh });
  m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') }, { start: 2, duration: 5, current: 0.5 });
  m = await execModel(voltageRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma' });
  return await execModel(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { label: 'axon_tip' });
}

describe('run: faults refused before the simulation', () => {
  it('dt = 1e-300 ms is refused within milliseconds, in words', async () => {
    const model = await tutorialCell();
    const { error, ms } = await refusal(run, { model }, { dt: 1e-300 });
    expect(error.message).toBe('Run: tstop = 1000 ms at dt = 1e-300 ms needs 1.00e+303 time steps; at most 1,000,000,000 are allowed: raise dt or shorten tstop');
    expect(ms).toBeLessThan(100);
  });

  it('5,000,000 ms recording every node is refused from the estimate, allocating nothing', async () => {
    let model = await tutorialCell();
    model = await execModel(voltageRecorder, { model, where: selection(PN.skeleton.id, 'all nodes') }, { label: 'v' });
    const traces = model.recorders.length;
    expect(traces).toBe(PN.skeleton.size + 2);
    const est = estimateRunBlock({ model }, { tstop: 5e6 });
    expect(est.samples).toBe(199_999_999); // NEURON's clock takes 199,999,998 steps to 5e6 ms (t drifts up)
    expect(est.recordedBytes).toBe(8 * est.samples * (traces + 1));
    const before = process.memoryUsage().arrayBuffers;
    const { error, ms } = await refusal(run, { model }, { tstop: 5e6 });
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(error.message).toMatch(new RegExp(`^Run: recording ${traces} traces × 199,999,999 samples needs 978 GB \\(at most 2\\.1 GB\\); record fewer nodes, raise recordEvery or shorten tstop$`));
    expect(ms).toBeLessThan(500);
    expect(grown).toBeLessThan(50e6);
  });

  it('estimates a normal run without running it (steps, work, memory, seconds)', async () => {
    const model = await tutorialCell();
    const est = estimateRunBlock({ model }, { tstop: 1000, dt: 0.025 });
    expect(est.steps).toBe(40000);
    expect(est.samples).toBe(40001);
    expect(est.recordedBytes).toBe(8 * 40001 * 3);
    const segments = ((await run.compute({ model }, { tstop: 1 }, context())) as { traces: { segments: number } }).traces.segments;
    expect(segments).toBeGreaterThan(50);
    expect(est.segmentSteps).toBe(40000 * segments);
    expect(est.seconds).toBeGreaterThan(0);
    expect(est.seconds).toBeLessThan(10);
  });

  it('a res that gives millions of segments is refused on the compartment model, naming res', async () => {
    const { error, ms } = await refusal(compartmentModel, { neuron: NEURON }, { res: 1e-6 });
    expect(error.message).toMatch(/^Compartment model: res = 0\.000001 µm gives [\d,]+ segments; at most 2,000,000 are allowed .*: use a longer segment length res or a smaller nseg$/);
    expect(ms).toBeLessThan(1000);
    const nseg = await refusal(compartmentModel, { neuron: NEURON }, { nseg: 1_000_000 });
    expect(nseg.error.message).toMatch(/^Compartment model: nseg = 1000000 gives [\d,]+ segments; at most 2,000,000/);
  });
});

describe('run: a simulation that becomes unstable stops with when, where and what', () => {
  it('1000 nA drawn out of an hh axon tip: stopped at the step it jumps, naming time, section, segment, hh and the clamp; no traces', async () => {
    let m = await tutorialCell();
    m = await execModel(currentClamp, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { start: 3, duration: 5, current: -1000 });
    const { error } = await refusal(run, { model: m }, { tstop: 20 });
    expect(error.code).toBe('numeric');
    expect(error.message).toMatch(
      /^Run: the simulation became unstable at t = 3\.0\d\d ms in section \d+ \(nodes \d+ → \d+; segment 1 of 1, near node \d+\) \(mechanisms hh, pas; point processes IClamp\): v = -\d\.\d\de\+4 mV after a change of -\d\.\d\de\+4 mV in one step; last good values at t = 3\.0\d\d ms: v between -?\d+\.\d and -?\d+\.\d mV\. Reduce dt or the conductances/,
    );
    expect(error.where.time).toBeGreaterThan(3);
    expect(error.where.time).toBeLessThan(3.1);
    expect(error.where.section).toBeGreaterThanOrEqual(0);
  });

  it('gnabar = 1e6 S/cm² is not unstable (v is held near ena, as in NEURON): finite traces', async () => {
    const model = await tutorialCell({ gnabar: 1e6 });
    const out = (await run.compute({ model }, { tstop: 20 }, context())) as { traces: { traces: Record<string, Float64Array> } };
    const tip = out.traces.traces.axon_tip;
    expect(tip.length).toBe(801);
    expect(tip.every(Number.isFinite)).toBe(true);
    expect(Math.max(...tip)).toBeGreaterThan(49);
    expect(Math.max(...tip)).toBeLessThan(50);
  });

  it('1000 nA into a thin passive leaf: stopped at the first step, with the values before it', async () => {
    let m = await execModel(compartmentModel, { neuron: NEURON }, {});
    m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' });
    m = await execModel(currentClamp, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { start: 1, duration: 50, current: 1000 });
    m = await execModel(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { label: 'tip' });
    const { error } = await refusal(run, { model: m }, { tstop: 50 });
    expect(error.code).toBe('numeric');
    expect(error.message).toMatch(/became unstable at t = 1\.025 ms .*\(mechanisms pas; point processes IClamp\): v = 6\.\d\de\+4 mV after a change of 6\.\d\de\+4 mV in one step; last good values at t = 1\.000 ms: v between -60\.0 and -60\.0 mV/);
    expect(error.where.time).toBe(1.0249999999999984); // NEURON's t after 41 steps
  });
});
