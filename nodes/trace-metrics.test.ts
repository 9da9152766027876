/**
 * The metrics block on a real run: the synthetic neuron with hh, a current clamp at the soma
 * and a spike detector there. Its spike count equals the detector's and each latency is the
 * detector's time within one step (the detector takes the step's time, the metric interpolates).
 */
import { describe, expect, it } from 'vitest';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { spikeDetector } from './spike-detector.ts';
import { run } from './run.ts';
import { blockDef } from './index.ts';
import { metricsBlock } from './trace-metrics.ts';
import { NEURON, PN, exec, execModel, selection } from './model-test-kit.ts';
import type { TableValue, TracesValue } from './values.ts';

async function clampedRun(amp: number): Promise<TracesValue> {
  let m = await execModel(compartmentModel, { neuron: NEURON });
  m = await execModel(insertMechanism, { model: m }, { mechanism: 'hh' });
  m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') }, { start: 10, duration: 80, current: amp });
  m = await execModel(voltageRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'v' });
  m = await execModel(spikeDetector, { model: m, where: selection([PN.soma], 'soma') }, { threshold: 0, label: 'sp' });
  return (await exec(run, { model: m }, { tstop: 100, v_init: -65 })).traces as TracesValue;
}

describe('metrics block', () => {
  it('is in the catalogue', () => expect(blockDef('metrics')).toBe(metricsBlock));

  it('counts the spikes of a clamped hh soma as its spike detector does', async () => {
    const tr = await clampedRun(1);
    const table = (await exec(metricsBlock, { traces: tr }, { threshold: 0, onset: 10 })).table as TableValue;
    const label = Object.keys(tr.traces)[0];
    expect(table.columns.trace).toEqual([label]);
    const spikes = Object.values(tr.spikes)[0];
    expect(spikes.length).toBeGreaterThanOrEqual(1);
    expect((table.columns.spikes as Float64Array)[0]).toBe(spikes.length);
    // The first spike after the onset: within one step (0.025 ms) before the detector's time.
    const latency = (table.columns.latency_ms as Float64Array)[0];
    expect(spikes[0] - 10 - latency).toBeGreaterThanOrEqual(0);
    expect(spikes[0] - 10 - latency).toBeLessThan(0.025 + 1e-9);
    expect((table.columns.rate_Hz as Float64Array)[0]).toBeCloseTo((spikes.length * 1000) / 100, 9);
    // hh at rest before the clamp, an action potential well above 0 mV, about 1–3 ms wide at half height.
    expect((table.columns.rest_mV as Float64Array)[0]).toBeCloseTo(tr.traces[label][0], 1);
    expect((table.columns.peak as Float64Array)[0]).toBeGreaterThan(20);
    const hw = (table.columns.half_width_ms as Float64Array)[0];
    expect(hw).toBeGreaterThan(0.5);
    expect(hw).toBeLessThan(3);
  });

  it('a window and a silent trace: zero spikes, NaN latency', async () => {
    const tr = await clampedRun(0);
    const table = (await exec(metricsBlock, { traces: tr }, { from: 20, to: 80 })).table as TableValue;
    expect((table.columns.spikes as Float64Array)[0]).toBe(0);
    expect((table.columns.rate_Hz as Float64Array)[0]).toBe(0);
    expect((table.columns.latency_ms as Float64Array)[0]).toBeNaN();
  });
});

describe('metrics block windows', () => {
  it('refuses a window or baseline outside the run, in words', async () => {
    const t = Float64Array.from({ length: 101 }, (_, k) => k * 0.1);
    const tr = { kind: 'traces', t, traces: { v: t.map(() => -65) }, units: { v: 'mV' }, spikes: {}, run: { tstop: 10, v_init: -65, dt: 0.1, celsius: 6.3 }, sections: 1, segments: 1, wallMs: 0, warnings: [] } as TracesValue;
    await expect(exec(metricsBlock, { traces: tr }, { from: 50, to: 450 })).rejects.toThrow(/the window 50–450 ms holds no step of the run \(0–10 ms\)/);
    await expect(exec(metricsBlock, { traces: tr }, { from: 5, to: 4 })).rejects.toThrow(/the window 5–4 ms holds no step/);
    await expect(exec(metricsBlock, { traces: tr }, { baselineFrom: 20, baselineTo: 30 })).rejects.toThrow(/baseline window 20–30 ms holds no sample/);
    const ok = (await exec(metricsBlock, { traces: tr }, { from: 2, to: 8 })).table as TableValue;
    expect((ok.columns.rate_Hz as Float64Array)[0]).toBe(0);
    expect((ok.columns.rest_mV as Float64Array)[0]).toBe(-65);
  });
});

describe('measures of your own', () => {
  it('adds a column per line, equal to the same arithmetic on the block’s columns', async () => {
    const tr = await clampedRun(1);
    const table = (await exec(metricsBlock, { traces: tr }, { threshold: 0, onset: 10, expressions: 'height = peak - rest\n\n# a comment\nv_at(5)\nlate = mean_in(60, 90)' })).table as TableValue;
    const col = (k: string) => (table.columns[k] as Float64Array)[0];
    expect(col('height')).toBe(col('peak') - col('rest_mV'));
    // Before the clamp (10 ms) the soma rests at v_init: the sample at 5 ms exactly.
    const v = Object.values(tr.traces)[0];
    expect(col('measure_4')).toBe(v[Math.round(5 / 0.025)]);
    let sum = 0;
    let n = 0;
    for (let k = 0; k < tr.t.length; k++) if (tr.t[k] >= 60 && tr.t[k] <= 90) (sum += v[k]), n++;
    expect(col('late')).toBe(sum / n);
  });

  it('names the line of a mistake, and refuses a name the table has', async () => {
    const tr = await clampedRun(0);
    await expect(exec(metricsBlock, { traces: tr }, { expressions: 'ok = peak\nbad = peak +' })).rejects.toThrow(/your measures, line 2: expression "peak \+": the expression ends too early/);
    await expect(exec(metricsBlock, { traces: tr }, { expressions: 'peak = rest' })).rejects.toThrow(/line 1: the table already has a column "peak"/);
    await expect(exec(metricsBlock, { traces: tr }, { expressions: 'a = 1\na = 2' })).rejects.toThrow(/line 2: the table already has a column "a"/);
  });
});
