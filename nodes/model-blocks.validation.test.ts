/**
 * The model blocks' definitions and validation: the catalogue, missing and empty selections,
 * parameter ranges, errors on the block that caused them, purity (inputs never change) and
 * cancellation of the run.
 */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../src/core/errors.ts';
import { blockDef } from './index.ts';
import { MODEL_BLOCKS } from './catalogue-model.ts';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { currentRecorder } from './current-recorder.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { readParams } from '../src/dataflow/params.ts';
import { paramValues } from './param-values.ts';
import { modelDiscretization } from './model-ops.ts';
import { plotTraces } from './plot-traces.ts';
import { run } from './run.ts';
import { setProperties } from './set-properties.ts';
import { spikeDetector } from './spike-detector.ts';
import { synapticCurrent } from './synaptic-current.ts';
import { synapticInput } from './synaptic-input.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { NEURON, PN, TUT, bitEqual, context, deepFreeze, exec, execModel, selection, snapshot } from './model-test-kit.ts';
import type { BlockDef, Inputs, Params } from './types.ts';
import type { ModelValue, NeuronValue, TracesValue } from './values.ts';

/** The error a compute throws (sync or async), checked to be a CoreError. */
async function failure(block: BlockDef, inputs: Inputs, params: Params = {}, signal?: AbortSignal): Promise<CoreError> {
  try {
    await exec(block, inputs, params, context(signal ? { signal } : {}));
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return e as CoreError;
  }
  throw new Error(`${block.type} did not fail`);
}

const base = async (): Promise<ModelValue> => execModel(compartmentModel, { neuron: NEURON });
const SELECTION_BLOCKS = [synapticCurrent, synapticInput, currentClamp, voltageRecorder, currentRecorder, spikeDetector];

describe('catalogue', () => {
  it('lists every model block once, findable by type', () => {
    const types = MODEL_BLOCKS.map((b) => b.type);
    expect(new Set(types).size).toBe(types.length);
    // The tutorial's blocks at least; a new block is its file and its catalogue line, not a test edit.
    expect(types).toEqual(expect.arrayContaining([
      'compartment-model',
      'set-properties',
      'insert-mechanism',
      'synaptic-current',
      'synaptic-input',
      'current-clamp',
      'voltage-recorder',
      'current-recorder',
      'spike-detector',
      'run',
      'plot-traces',
      'morphology-view',
    ]));
    for (const b of MODEL_BLOCKS) expect(blockDef(b.type)).toBe(b);
    expect(run.heavy).toBe(true);
    expect(plotTraces.sink).toBe(true);
  });

  it.each(MODEL_BLOCKS.map((b) => [b.type, b] as const))('%s: every param has a label, help, unique name, and a default inside its range', (_t, b) => {
    const names = b.params.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of b.params) {
      expect(p.label.length).toBeGreaterThan(0);
      expect(p.help.length).toBeGreaterThan(20);
      if (p.visibleWhen) expect(names).toContain(p.visibleWhen.param);
      if (p.kind === 'number') {
        expect(typeof p.unit).toBe('string');
        // The default, written into a graph file, passes the parameter reader unchanged.
        const read = readParams({ id: 'b', type: b.type, params: { [p.name]: p.default } }, b);
        expect(read.issues, `${b.type}.${p.name} default`).toEqual([]);
        expect(read.params[p.name]).toBe(p.default);
        expect(paramValues(b, {}).optionalNumber(p.name)).toBe(p.default);
      }
    }
  });

  it('uses NEURON units and the tutorial defaults', async () => {
    const pas = await insertMechanism.paramsFrom!({}, { mechanism: 'pas', mod: '' }, { readText: () => Promise.reject(new Error('no files')), signal: new AbortController().signal });
    const unitOf = (b: BlockDef, name: string) => {
      const p = (b === insertMechanism ? pas : b.params).find((x) => x.name === name);
      return p?.kind === 'number' ? [p.unit, p.default] : undefined;
    };
    expect(unitOf(compartmentModel, 'res')).toEqual(['µm', 10]);
    expect(unitOf(setProperties, 'Ra')).toEqual(['Ω·cm', 266.1]);
    expect(unitOf(setProperties, 'cm')).toEqual(['µF/cm²', 0.8]);
    expect(unitOf(insertMechanism, 'g')).toEqual(['S/cm²', 1 / 20800]);
    expect(unitOf(insertMechanism, 'e')).toEqual(['mV', -60]);
    expect(unitOf(synapticCurrent, 'gmax')).toEqual(['µS', 0.1]);
    expect(unitOf(synapticCurrent, 'e')).toEqual(['mV', -10]);
    expect(unitOf(synapticInput, 'cn_weight')).toEqual(['µS', 0.05]);
    expect(unitOf(currentClamp, 'current')).toEqual(['nA', 0.1]);
    expect(unitOf(spikeDetector, 'threshold')).toEqual(['mV', 20]);
    expect(unitOf(run, 'tstop')).toEqual(['ms', 1000]);
    expect(unitOf(run, 'v_init')).toEqual(['mV', -60]);
    expect(unitOf(run, 'dt')).toEqual(['ms', 0.025]);
    expect(unitOf(run, 'celsius')).toEqual(['°C', 6.3]);
  });
});

describe('selections', () => {
  it.each(SELECTION_BLOCKS.map((b) => [b.type, b] as const))('%s: a missing selection names the block and its input', async (_t, b) => {
    const e = await failure(b, { model: await base() });
    expect(e.code).toBe('input');
    expect(e.message).toContain(b.title);
    expect(e.message).toContain('at nodes');
  });

  it.each(SELECTION_BLOCKS.map((b) => [b.type, b] as const))('%s: an empty selection is an error naming the selection', async (_t, b) => {
    const e = await failure(b, { model: await base(), where: selection([], 'first 0 dendritic postsynapses') });
    expect(e.code).toBe('input');
    expect(e.message).toContain(b.title);
    expect(e.message).toContain('"first 0 dendritic postsynapses"');
    expect(e.message).toContain('empty');
  });

  it.each(SELECTION_BLOCKS.map((b) => [b.type, b] as const))('%s: a node missing from the skeleton is named', async (_t, b) => {
    const e = await failure(b, { model: await base(), where: selection([TUT.axonTip, 999999], 'typo') });
    expect(e.code).toBe('node-not-found');
    expect(e.message).toContain('999999');
    expect(e.where.node).toBe(999999);
  });

  it.each([setProperties, insertMechanism].map((b) => [b.type, b] as const))('%s: the optional selection means all sections, but connected and empty is an error', async (_t, b) => {
    const m = await base();
    await expect(exec(b, { model: m })).resolves.toBeDefined();
    const e = await failure(b, { model: m, where: selection([], 'nothing') });
    expect(e.message).toContain('"nothing"');
  });

  it('every block needs its main input', async () => {
    expect((await failure(compartmentModel, {})).message).toMatch(/Compartment model: connect a neuron/);
    for (const b of [setProperties, insertMechanism, ...SELECTION_BLOCKS, run]) {
      expect((await failure(b, {})).message).toContain(`${b.title}: connect a model`);
    }
    expect((await failure(plotTraces, {})).message).toContain('Plot traces: connect a traces');
    expect((await failure(run, { model: NEURON })).message).toContain('needs a model, got neuron');
  });
});

describe('compartment-model', () => {
  it('discretizes eagerly: a zero radius is an error on this block naming the node', async () => {
    const radius = Float64Array.from(PN.skeleton.radius);
    const row = PN.skeleton.rowOf(TUT.axonTip);
    radius[row] = 0;
    const neuron: NeuronValue = { ...NEURON, skeleton: PN.skeleton.with({ radius }) };
    const e = await failure(compartmentModel, { neuron });
    expect(e.code).toBe('geometry');
    expect(e.message).toMatch(/^Compartment model: node \d+ .*radius 0/);
    expect(e.where.node).toBe(TUT.axonTip);
    // With a minimum radius it works, and the run reports the repair.
    const m = await execModel(compartmentModel, { neuron }, { minRadius: 0.05 });
    expect(m.discretization).toEqual({ res: 10, minRadius: 0.05 });
    const m2 = await execModel(voltageRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma' });
    const tr = (await exec(run, { model: m2 }, { tstop: 1 })).traces as TracesValue;
    expect(tr.warnings.join(' ')).toMatch(/raised to it/);
  });

  it('refuses a skeleton that is not in µm', async () => {
    const e = await failure(compartmentModel, { neuron: { ...NEURON, skeleton: PN.skeleton.with({}, { units: 'nm' }) } });
    expect(e.message).toContain('in nm, but NEURON needs µm');
  });

  it('nseg overrides res; res and nseg are checked', async () => {
    const m = await execModel(compartmentModel, { neuron: NEURON }, { nseg: 3 });
    expect(m.discretization).toEqual({ res: 10, nseg: 3 });
    const disc = modelDiscretization(m);
    expect(disc.sections.every((s) => s.nseg === 3)).toBe(true);
    expect((await failure(compartmentModel, { neuron: NEURON }, { res: 0 })).message).toBe("block 'test' (compartment-model): parameter 'res' must be above 0 µm, got 0 µm");
    expect((await failure(compartmentModel, { neuron: NEURON }, { nseg: 2.5 })).message).toBe("block 'test' (compartment-model): parameter 'nseg' must be a whole number, got 2.5");
    expect((await failure(compartmentModel, { neuron: NEURON }, { res: 'ten' })).message).toBe(`block 'test' (compartment-model): parameter 'res' must be a number in µm, got the text "ten"`);
    expect((await failure(compartmentModel, { neuron: NEURON }, { res: null })).message).toBe("block 'test' (compartment-model): parameter 'res' is empty; it needs a number above 0 µm (or leave it out for the default, 10 µm)");
  });

  it('starts from NEURON’s Ra 35.4 Ω·cm and cm 1 µF/cm², and reuses its discretization downstream', async () => {
    const m = await base();
    expect([m.Ra, m.cm, m.mechanisms.length, m.pointProcesses.length, m.recorders.length]).toEqual([35.4, 1, 0, 0, 0]);
    const m2 = await execModel(setProperties, { model: m });
    expect(modelDiscretization(m2)).toBe(modelDiscretization(m));
  });
});

describe('set-properties and insert-mechanism', () => {
  it('sets Ra/cm model-wide or per section; empty leaves a value unchanged', async () => {
    const m = await base();
    const a = await execModel(setProperties, { model: m }, { cm: null });
    expect([a.Ra, a.cm, a.properties]).toEqual([266.1, 1, []]);
    expect(await execModel(setProperties, { model: m }, { Ra: null, cm: null })).toBe(m);
    const axon = selection(TUT.axonNodes, 'axon');
    const b = await execModel(setProperties, { model: a, where: axon }, { Ra: 100, cm: null });
    expect(b.properties).toEqual([{ where: { nodes: Int32Array.from(TUT.axonNodes) }, Ra: 100 }]);
    expect((await failure(setProperties, { model: m }, { Ra: 0 })).message).toBe("block 'test' (set-properties): parameter 'Ra' must be above 0 Ω·cm, got 0 Ω·cm");
  });

  it('a later model-wide value overrides an earlier per-section one, as in NEURON', async () => {
    const rec = async (m: ModelValue) => execModel(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'tip') }, { label: 'tip' });
    const clamp = async (m: ModelValue) => execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') }, { current: 0.5, duration: 5 });
    let m = await base();
    m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' });
    const sub = await execModel(setProperties, { model: m, where: selection(TUT.axonNodes, 'axon') }, { Ra: 50, cm: 2 });
    const both = await execModel(setProperties, { model: sub }, { Ra: 120, cm: 0.9 });
    expect(both.properties.at(-1)?.where).toBe('all');
    const only = await execModel(setProperties, { model: m }, { Ra: 120, cm: 0.9 });
    const t1 = (await exec(run, { model: await rec(await clamp(both)) }, { tstop: 20 })).traces as TracesValue;
    const t2 = (await exec(run, { model: await rec(await clamp(only)) }, { tstop: 20 })).traces as TracesValue;
    expect(bitEqual(t1.traces.tip, t2.traces.tip)).toBe(true);
    const t3 = (await exec(run, { model: await rec(await clamp(sub)) }, { tstop: 20 })).traces as TracesValue;
    expect(bitEqual(t1.traces.tip, t3.traces.tip)).toBe(false);
  });

  it('inserts pas or hh with their own parameters only', async () => {
    const m = await base();
    const pas = await execModel(insertMechanism, { model: m }, { mechanism: 'pas', gnabar: 'ignored while hidden' });
    expect(pas.mechanisms).toEqual([{ name: 'pas', params: { g: 1 / 20800, e: -60 }, where: 'all' }]);
    const hh = await execModel(insertMechanism, { model: m, where: selection([TUT.axonTip], 'tip') }, { mechanism: 'hh', gkbar: 0.05 });
    expect(hh.mechanisms).toEqual([{ name: 'hh', params: { gnabar: 0.12, gkbar: 0.05, gl: 0.0003, el: -54.3 }, where: { nodes: Int32Array.from([TUT.axonTip]) } }]);
    // hh's parameters (a per-segment quantity: a number or an expression of the segment).
    expect((await failure(insertMechanism, { model: m }, { mechanism: 'hh', gnabar: 'ignored while hidden' })).message).toBe(
      `block 'test' (insert-mechanism): parameter 'gnabar': expression "ignored while hidden": unknown name 'ignored' (known: d, x, y, z, diam, label, pi) at column 1`,
    );
    expect((await failure(insertMechanism, { model: m }, { mechanism: 'kdr' })).message).toBe(`unknown mechanism 'kdr': the built-ins are pas and hh; for any other, choose its .mod file (mod)`);
    expect((await failure(insertMechanism, { model: m }, { mechanism: 'pas', g: -1 })).message).toBe("block 'test' (insert-mechanism): parameter 'g' must be at least 0 S/cm², got -1 S/cm²");
  });
});

describe('stimuli', () => {
  it('synaptic-input: one NetStim, one Exp2Syn and NetCon per node, appended after what is there', async () => {
    let m = await base();
    m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') });
    const where = selection(TUT.dendriticPost.slice(0, 3), 'three');
    m = await execModel(synapticInput, { model: m, where }, { seed: 7 });
    m = await execModel(synapticInput, { model: m, where: selection([TUT.dendBase], 'base') });
    expect(m.pointProcesses.map((p) => p.type)).toEqual(['IClamp', 'Exp2Syn', 'Exp2Syn', 'Exp2Syn', 'Exp2Syn']);
    expect(m.netStims).toEqual([{ params: { number: 1, interval: 10, noise: 0, start: 5 }, seed: 7 }, { params: { number: 1, interval: 10, noise: 0, start: 5 } }]);
    expect(m.netCons.map((c) => [c.source, c.target])).toEqual([
      [{ netStim: 0 }, { pointProcess: 1 }],
      [{ netStim: 0 }, { pointProcess: 2 }],
      [{ netStim: 0 }, { pointProcess: 3 }],
      [{ netStim: 1 }, { pointProcess: 4 }],
    ]);
    expect(m.netCons[0]).toMatchObject({ delay: 1, weight: 0.05 });
    expect(m.pointProcesses[1]).toEqual({ type: 'Exp2Syn', at: { node: TUT.dendriticPost[0] }, params: { tau1: 0.1, tau2: 10, e: 0 } });
  });

  it('parameter ranges are enforced', async () => {
    const m = await base();
    const where = selection([TUT.dendBase], 'base');
    expect((await failure(synapticInput, { model: m, where }, { spike_noise: 1.5 })).message).toBe("block 'test' (synaptic-input): parameter 'spike_noise' must be between 0 and 1, got 1.5");
    expect((await failure(synapticInput, { model: m, where }, { seed: 1.5 })).message).toContain('whole number');
    expect((await failure(synapticInput, { model: m, where }, { spike_int: 0 })).message).toBe("block 'test' (synaptic-input): parameter 'spike_int' must be above 0 ms, got 0 ms");
    expect((await failure(synapticCurrent, { model: m, where }, { tau: 0 })).message).toBe("block 'test' (synaptic-current): parameter 'tau' must be above 0 ms, got 0 ms");
    expect((await failure(synapticCurrent, { model: m, where }, { start: -1 })).message).toBe("block 'test' (synaptic-current): parameter 'start' must be at least 0 ms, got -1 ms");
    expect((await failure(currentClamp, { model: m, where }, { duration: Number.NaN })).message).toBe("block 'test' (current-clamp): parameter 'duration' must be a finite number, got NaN ms");
  });

  it('current-clamp places IClamps with navis’s defaults', async () => {
    const m = await execModel(currentClamp, { model: await base(), where: selection([PN.soma, TUT.dendBase], 'two') });
    expect(m.pointProcesses).toEqual([
      { type: 'IClamp', at: { node: PN.soma }, params: { del: 5, dur: 1, amp: 0.1 } },
      { type: 'IClamp', at: { node: TUT.dendBase }, params: { del: 5, dur: 1, amp: 0.1 } },
    ]);
  });
});

describe('recorders', () => {
  it('voltage-recorder labels one node by the label, several by label_<node>, and refuses clashes', async () => {
    let m = await base();
    m = await execModel(voltageRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma' });
    m = await execModel(voltageRecorder, { model: m, where: selection([TUT.dendBase, TUT.axonTip], 'two') });
    expect(m.recorders.map((r) => r.label)).toEqual(['soma', `v_${TUT.dendBase}`, `v_${TUT.axonTip}`]);
    expect(m.units).toEqual({ soma: 'mV', [`v_${TUT.dendBase}`]: 'mV', [`v_${TUT.axonTip}`]: 'mV' });
    expect((await failure(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'tip') }, { label: 'soma' })).message).toContain('already a recorder labelled "soma"');
    expect((await failure(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'tip') }, { label: ' ' })).message).toContain('must not be empty');
    expect((await failure(voltageRecorder, { model: m, where: selection([PN.soma, PN.soma], 'twice') }, { label: 'x' })).message).toContain('lists the same node more than once');
  });

  it('current-recorder needs a point process on the node’s segment and names the node', async () => {
    let m = await base();
    m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') });
    const e = await failure(currentRecorder, { model: m, where: selection([TUT.axonTip], 'tip') });
    expect(e.code).toBe('model');
    expect(e.message).toMatch(new RegExp(`^Current recorder: node ${TUT.axonTip} has no point process on its segment \\(section \\d+`));
    expect(e.where.node).toBe(TUT.axonTip);
  });

  it('current-recorder records the point process NEURON lists first (the last added) and gives nA', async () => {
    let m = await base();
    m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' });
    m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') }, { start: 1, duration: 2, current: 0.25 });
    m = await execModel(currentRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'clamp' });
    m = await execModel(synapticCurrent, { model: m, where: selection([PN.soma], 'soma') }, { start: 1 });
    m = await execModel(currentRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'syn' });
    expect(m.recorders).toEqual([
      { label: 'clamp', variable: 'i', pointProcess: 0 },
      { label: 'syn', variable: 'i', pointProcess: 1 },
    ]);
    expect(m.units).toEqual({ clamp: 'nA', syn: 'nA' });
    const tr = (await exec(run, { model: m }, { tstop: 5 })).traces as TracesValue;
    expect(tr.units).toEqual({ clamp: 'nA', syn: 'nA' });
    // IClamp i is the injected current: amp inside [del, del + dur), 0 outside.
    const i = tr.traces.clamp;
    expect(i[0]).toBe(0);
    expect(i[Math.round(2 / 0.025)]).toBe(0.25);
    expect(i[i.length - 1]).toBe(0);
    // The AlphaSynapse's current is inward (negative, e = −10 mV above rest) after its onset.
    expect(Math.min(...tr.traces.syn)).toBeLessThan(0);
  });

  it('spike-detector: labels, a threshold per segment', async () => {
    let m = await base();
    const tip = selection([TUT.axonTip], 'tip');
    m = await execModel(spikeDetector, { model: m, where: tip }, { label: 'axon_tip' });
    expect(m.netCons).toEqual([{ source: { at: { node: TUT.axonTip }, threshold: 20 }, target: null, label: 'axon_tip' }]);
    expect((await failure(spikeDetector, { model: m, where: tip }, { label: 'axon_tip' })).message).toContain('already a spike detector labelled "axon_tip"');
    const e = await failure(spikeDetector, { model: m, where: tip }, { label: 'other', threshold: 0 });
    expect(e.message).toContain('already watched with threshold 20 mV');
    await expect(exec(spikeDetector, { model: m, where: tip }, { label: 'other' })).resolves.toBeDefined();
  });
});

describe('run', () => {
  const small = async () => execModel(voltageRecorder, { model: await execModel(insertMechanism, { model: await base() }, { mechanism: 'hh' }), where: selection([PN.soma], 'soma') }, { label: 'soma' });

  it('rejects with a CoreError "aborted" when its signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await failure(run, { model: await small() }, {}, ac.signal);
    expect(e.code).toBe('aborted');
  });

  it('stops mid-run when aborted, and reports progress up to 1 otherwise', async () => {
    const m = await small();
    const ac = new AbortController();
    let calls = 0;
    const p = run.compute({ model: m }, { tstop: 5000 }, context({ signal: ac.signal, progress: () => (++calls === 1 ? ac.abort() : undefined) }));
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    const seen: number[] = [];
    await exec(run, { model: m }, { tstop: 200 }, context({ progress: (f) => seen.push(f) }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, k) => k === 0 || f > seen[k - 1])).toBe(true);
  });

  it('checks its parameters and records every k-th step', async () => {
    const m = await small();
    expect((await failure(run, { model: m }, { dt: 0 })).message).toBe("block 'test' (run): parameter 'dt' must be above 0 ms, got 0 ms");
    expect((await failure(run, { model: m }, { tstop: -1 })).message).toBe("block 'test' (run): parameter 'tstop' must be between 0 and 10000000 ms, got -1 ms");
    expect((await failure(run, { model: m }, { recordEvery: 0 })).message).toBe("block 'test' (run): parameter 'recordEvery' must be between 1 and 1000000000, got 0");
    const every = (await exec(run, { model: m }, { tstop: 10, recordEvery: 4 })).traces as TracesValue;
    const all = (await exec(run, { model: m }, { tstop: 10 })).traces as TracesValue;
    expect(every.t.length).toBe(101);
    expect(every.traces.soma[100]).toBe(all.traces.soma[400]);
  });

  it('warns when nothing is recorded and reports the compiled model’s errors', async () => {
    const tr = (await exec(run, { model: await base() }, { tstop: 1 })).traces as TracesValue;
    expect(tr.warnings.join(' ')).toContain('records nothing');
  });
});

describe('purity', () => {
  it('no block changes its inputs (deep-frozen), and every output is a new value', async () => {
    const neuron = deepFreeze({ ...NEURON });
    const steps: Array<[BlockDef, string, Params, Inputs?]> = [
      [setProperties, 'global', {}],
      [setProperties, 'subset', { Ra: 100 }, { where: selection(TUT.axonNodes, 'axon') }],
      [insertMechanism, 'pas', { mechanism: 'pas' }],
      [insertMechanism, 'hh', { mechanism: 'hh' }, { where: selection(TUT.axonNodes, 'axon') }],
      [synapticCurrent, 'alpha', {}, { where: selection(TUT.dendriticPost.slice(0, 5), 'five') }],
      [currentClamp, 'clamp', {}, { where: selection([PN.soma], 'soma') }],
      [synapticInput, 'input', { spike_noise: 1 }, { where: selection(TUT.dendriticPost.slice(0, 5), 'five') }],
      [voltageRecorder, 'v', {}, { where: selection([PN.soma, TUT.axonTip], 'two') }],
      [currentRecorder, 'i', {}, { where: selection([PN.soma], 'soma') }],
      [spikeDetector, 'spikes', {}, { where: selection([TUT.axonTip], 'tip') }],
    ];
    const before = snapshot(neuron);
    let m = deepFreeze(await execModel(compartmentModel, { neuron }));
    expect(snapshot(neuron)).toBe(before);
    for (const [block, what, params, extra] of steps) {
      const inputs = deepFreeze({ model: m, ...extra });
      const image = snapshot(inputs);
      const out = await execModel(block, inputs, params);
      expect(snapshot(inputs), `${block.type} (${what})`).toBe(image);
      expect(out, `${block.type} (${what})`).not.toBe(m);
      expect(Object.isFrozen(out)).toBe(true);
      m = deepFreeze(out);
    }
    const image = snapshot(m);
    const traces = deepFreeze((await exec(run, { model: m }, { tstop: 20 })).traces as TracesValue);
    expect(snapshot(m)).toBe(image);
    const timage = snapshot(traces);
    await exec(plotTraces, { traces });
    expect(snapshot(traces)).toBe(timage);
  });
});
