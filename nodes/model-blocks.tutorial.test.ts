/**
 * The tutorial's two compartment-model scenarios built only with the model, stimulus, record
 * and run blocks must give exactly (bit for bit) the traces and spike times of the same
 * scenarios written as plain specs (src/scenarios/tutorial.ts) and run through compileModel.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/core/cable/compile.ts';
import { discretize, segmentCount } from '../src/core/cable/discretize.ts';
import type { RunResult } from '../src/core/cable/model.ts';
import { SYNAPTIC_INPUT_DEFAULTS, synapticInputScenario, tutorialScenario } from '../src/scenarios/tutorial.ts';
import { compartmentModel } from './compartment-model.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { run } from './run.ts';
import { setProperties } from './set-properties.ts';
import { spikeDetector } from './spike-detector.ts';
import { synapticCurrent } from './synaptic-current.ts';
import { synapticInput } from './synaptic-input.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { NEURON, PN, TUT, bitEqual, exec, execModel, selection } from './model-test-kit.ts';
import type { ModelValue, TracesValue } from './values.ts';

const sk = PN.skeleton;
const con = PN.connectors;

/** The cell both scenarios share: navis CompartmentModel(res=10), Ra/cm, pas, hh on the axon, three voltage recorders. */
async function tutorialCell(): Promise<ModelValue> {
  let m = await execModel(compartmentModel, { neuron: NEURON });
  m = await execModel(setProperties, { model: m }); // defaults: the tutorial's 266.1 Ω·cm, 0.8 µF/cm²
  m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' }); // g = 1/20800, e = −60
  m = await execModel(insertMechanism, { model: m, where: selection(TUT.axonNodes, 'axon') }, { mechanism: 'hh' });
  m = await execModel(voltageRecorder, { model: m, where: selection([TUT.dendBase], 'dendrite base') }, { label: 'dendrite_base' });
  m = await execModel(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { label: 'axon_tip' });
  m = await execModel(voltageRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma' });
  return m;
}

async function runBlock(m: ModelValue): Promise<TracesValue> {
  return (await exec(run, { model: m })).traces as TracesValue; // defaults: 1000 ms from −60 mV
}

function expectSameRun(got: TracesValue, ref: RunResult): void {
  expect(bitEqual(got.t, ref.t)).toBe(true);
  expect(Object.keys(got.traces)).toEqual(Object.keys(ref.traces));
  for (const [label, v] of Object.entries(ref.traces)) expect(bitEqual(got.traces[label], v), label).toBe(true);
  expect(Object.keys(got.spikes)).toEqual(Object.keys(ref.spikes ?? {}));
  for (const [label, s] of Object.entries(ref.spikes ?? {})) expect(bitEqual(got.spikes[label], s), label).toBe(true);
}

describe('the tutorial built from blocks', () => {
  it('scenario 1 (pas, hh on the axon, 4 rounds of AlphaSynapses) gives the spec run bit for bit', async () => {
    let m = await tutorialCell();
    // navis: for i in range(5): add_synaptic_current(post[0:i*5], start=50 + i*200, max_syn_cond=.1, rev_pot=-10).
    // Round 0 selects no synapse and adds nothing; an empty selection is an error on a block, so it has no block.
    for (let i = 1; i < 5; i++) {
      const where = selection(TUT.dendriticPost.slice(0, i * 5), `first ${i * 5} dendritic postsynapses`);
      m = await execModel(synapticCurrent, { model: m, where }, { start: 50 + i * 200 });
    }
    const got = await runBlock(m);

    const sc = tutorialScenario(sk, con, PN.soma);
    const disc = discretize(sk, sc.discretization);
    const ref = compileModel({ skeleton: sk, discretization: disc, Ra: sc.Ra, cm: sc.cm, mechanisms: sc.mechanisms, pointProcesses: sc.pointProcesses, recorders: sc.recorders }).run(sc.run);

    // The model the blocks built is the scenario's spec.
    expect(m.discretization).toEqual(sc.discretization);
    expect([m.Ra, m.cm]).toEqual([sc.Ra, sc.cm]);
    expect(m.pointProcesses).toEqual(sc.pointProcesses);
    expect(m.recorders).toEqual(sc.recorders);
    expect(m.mechanisms.map((x) => x.name)).toEqual(['pas', 'hh']);

    expectSameRun(got, ref);
    expect(got.t.length).toBe(40001);
    expect(got.run).toEqual({ tstop: 1000, v_init: -60, dt: 0.025, celsius: 6.3 });
    expect(got.units).toEqual({ dendrite_base: 'mV', axon_tip: 'mV', soma: 'mV' });
    expect(got.sections).toBe(disc.sections.length);
    expect(got.segments).toBe(segmentCount(disc));
    expect(got.warnings).toEqual([]);
    // Not a flat line: the synaptic rounds make the axon tip spike.
    let peak = -Infinity;
    for (const v of got.traces.axon_tip) peak = Math.max(peak, v);
    expect(peak).toBeGreaterThan(0);
  });

  it.each([
    ['NEURON’s default generator', undefined],
    ['a Random123 stream (seed 12345)', 12345],
  ])('scenario 2 (noisy synaptic input, spike detector) with %s gives the spec run bit for bit', async (_what, seed) => {
    let m = await tutorialCell();
    // navis: add_synaptic_input(post[0:20], spike_no=20, spike_int=50, spike_noise=1, cn_weight=0.04), other params its defaults.
    const post20 = selection(TUT.dendriticPost.slice(0, 20), 'first 20 dendritic postsynapses');
    m = await execModel(synapticInput, { model: m, where: post20 }, { spike_no: 20, spike_int: 50, spike_noise: 1, cn_weight: 0.04, seed: seed ?? null });
    m = await execModel(spikeDetector, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { label: 'axon_tip' });
    const got = await runBlock(m);

    const sc = synapticInputScenario(sk, con, PN.soma, { ...SYNAPTIC_INPUT_DEFAULTS, seed });
    const disc = discretize(sk, sc.discretization);
    const ref = compileModel({
      skeleton: sk,
      discretization: disc,
      Ra: sc.Ra,
      cm: sc.cm,
      mechanisms: sc.mechanisms,
      pointProcesses: sc.pointProcesses,
      recorders: sc.recorders,
      netStims: sc.netStims,
      netCons: sc.netCons,
    }).run(sc.run);

    expect(m.pointProcesses).toEqual(sc.pointProcesses);
    expect(m.netCons).toEqual(sc.netCons);
    expect(m.netStims.map((n) => n.params)).toEqual(sc.netStims.map((n) => n.params));
    expect(m.netStims[0].seed).toBe(seed);

    expectSameRun(got, ref);
    expect(got.spikes.axon_tip.length).toBeGreaterThan(3);
  });
});
