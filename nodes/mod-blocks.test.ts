/**
 * Own mechanisms in the graph: insert-mechanism with a .mod file (its PARAMETERs as the block's,
 * per-segment expressions), point-process with a .mod POINT_PROCESS driven by a spike train, and
 * the recorder's `variable` (ion, `<var>_<mechanism>`, `<var>_<point process>`). Each run is
 * checked against the core given the same mechanism directly (the core itself matches NEURON:
 * tools/nmodl/example-mods.test.ts, fixtures.test.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/core/cable/compile.ts';
import { compileMechanism } from '../src/core/nmodl/compile.ts';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { toCableSpec } from './model-ops.ts';
import { NEURON, PN, TUT, exec, selection } from './model-test-kit.ts';
import { pointProcess } from './point-process.ts';
import { run } from './run.ts';
import { REPO_ROOT, testContext } from './test-context.ts';
import type { BlockDef, Inputs, Params } from './types.ts';
import type { ModelValue, TracesValue } from './values.ts';
import { voltageRecorder } from './voltage-recorder.ts';

const ctx = () => testContext(REPO_ROOT, { files: { 'broken.mod': 'NEURON { SUFFIX broken RANGE g }\nPARAMETER { g = 0.001 (S/cm2) }\nBREAKPOINT { i = g * (v - e }\n' } });
const model = async (b: BlockDef, inputs: Inputs, params: Params) => (await exec(b, inputs, params, ctx())).model as ModelValue;
const soma = () => selection([PN.soma], 'soma');

async function cell(): Promise<ModelValue> {
  let m = await model(compartmentModel, { neuron: NEURON }, {});
  m = await model(insertMechanism, { model: m }, { mechanism: 'pas', g: 3e-5, e: -70 });
  return m;
}

describe('insert-mechanism with a .mod file', () => {
  it('its PARAMETERs become the block\'s, with NMODL names, units, defaults and the help of their comments', async () => {
    const specs = await insertMechanism.paramsFrom!({}, { mechanism: 'pas', mod: 'examples/mod/kdr.mod' }, ctx());
    const gbar = specs.find((s) => s.name === 'gbar');
    expect(gbar).toMatchObject({ kind: 'number', unit: 'S/cm²', default: 0.03, perSegment: true });
    expect(gbar?.help).toMatch(/^peak conductance \(a soma; dendrites ~0\.002, axon ~0\.3\)\. RANGE PARAMETER of kdr \(kdr\.mod\)/);
    expect(specs.find((s) => s.name === 'q10')).toMatchObject({ unit: '', default: 2.3, perSegment: false });
    expect(specs.map((s) => s.name)).toEqual(['gbar', 'tha', 'qa', 'temp', 'q10']);
  });

  it('runs the mechanism with a distance expression: the same traces as the core given it directly', async () => {
    let m = await cell();
    m = await model(insertMechanism, { model: m }, { mod: 'examples/mod/na.mod', gbar: 0.08 });
    m = await model(insertMechanism, { model: m }, { mod: 'examples/mod/kdr.mod', gbar: '0.03 * exp(-d / 200)' });
    m = await model(currentClamp, { model: m, where: soma() }, { start: 5, duration: 20, current: 0.5 });
    m = await model(voltageRecorder, { model: m, where: soma() }, { label: 'soma' });
    m = await model(voltageRecorder, { model: m, where: selection([TUT.dendBase], 'dend') }, { label: 'dend', variable: 'gbar_kdr' });
    expect(Object.keys(m.mods ?? {})).toEqual(['na', 'kdr']);
    expect(m.mechanisms.map((x) => [x.name, x.params && (x.params as Record<string, unknown>).gbar])).toEqual([
      ['pas', undefined],
      ['na', 0.08],
      ['kdr', { expr: '0.03 * exp(-d / 200)' }],
    ]);
    const out = (await exec(run, { model: m }, { tstop: 40, v_init: -70, celsius: 34 }, ctx())).traces as TracesValue;
    // The core given the compiled files directly.
    const def = (f: string) => {
      const r = compileMechanism(readFileSync(resolve(REPO_ROOT, f), 'utf8'), f);
      if (!r.ok) throw new Error(r.errors[0].message);
      return r.def;
    };
    const direct = compileModel({ ...toCableSpec(m), catalogue: { na: def('examples/mod/na.mod'), kdr: def('examples/mod/kdr.mod') } }).run({ tstop: 40, v_init: -70, celsius: 34 });
    expect(Array.from(out.traces.soma)).toEqual(Array.from(direct.traces.soma));
    expect(Math.max(...out.traces.soma)).toBeGreaterThan(20); // it spikes
    // The expression's value at the dendrite's segment: 0.03·exp(−d/200) with d its path distance, 0 < d.
    const g = out.traces['dend.gbar_kdr'][0];
    expect(g).toBeLessThan(0.03);
    expect(g).toBeGreaterThan(0.03 * Math.exp(-1000 / 200));
    expect(out.units['dend.gbar_kdr']).toBe('S/cm²');
  });

  it('a .mod that does not compile is the block\'s error with file:line:col and the line', async () => {
    const m = await cell();
    await expect(exec(insertMechanism, { model: m }, { mod: 'broken.mod' }, ctx())).rejects.toThrow(/^broken\.mod:3:29: expected '\)', got '\}'\n {2}BREAKPOINT \{ i = g \* \(v - e \}\n {30}\^/);
    await expect(exec(insertMechanism, { model: m }, { mod: 'examples/mod/kdr.mod', nosuch: 1, gbar: 'exp(' }, ctx())).rejects.toThrow(/parameter 'gbar': expression "exp\(": /);
    await expect(exec(insertMechanism, { model: m }, { mod: 'tools/nmodl/fixtures/wstdp.mod' }, ctx())).rejects.toThrow(/wstdp\.mod declares a POINT_PROCESS \(wstdp\); place it with a Point process block/);
    await expect(exec(insertMechanism, { model: m }, { mod: 'examples/mod/kdr.mod', mechanism: 'na' }, ctx())).rejects.toThrow(/mechanism is 'na' but kdr\.mod declares SUFFIX kdr/);
  });
});

describe('point-process and recorded variables', () => {
  it('a .mod POINT_PROCESS driven by a spike train; its variables, an ion\'s and hh\'s recorded by name', async () => {
    let m = await cell();
    m = await model(insertMechanism, { model: m }, { mechanism: 'hh' });
    m = await model(insertMechanism, { model: m, where: soma() }, { mod: 'examples/mod/cahva.mod', gbar: 1e-3 });
    m = await model(insertMechanism, { model: m, where: soma() }, { mod: 'examples/mod/cad.mod' });
    m = await model(pointProcess, { model: m, where: soma() }, { mod: 'tools/nmodl/fixtures/wstdp.mod', tau: 2, train_number: 5, train_interval: 10, train_start: 5, netcon_weight: 0.01, netcon_delay: 1 });
    for (const variable of ['g_wstdp', 'npost_wstdp', 'cai', 'ica', 'm_hh'])
      m = await model(voltageRecorder, { model: m, where: soma() }, { variable });
    m = await model(voltageRecorder, { model: m, where: soma() }, { label: 'soma' });
    expect(m.recorders.map((r) => r.label)).toEqual(['g_wstdp', 'npost_wstdp', 'cai', 'ica', 'm_hh', 'soma']);
    const out = (await exec(run, { model: m }, { tstop: 60, v_init: -65 }, ctx())).traces as TracesValue;
    expect(out.units).toMatchObject({ g_wstdp: 'µS', cai: 'mM', ica: 'mA/cm²', m_hh: '', soma: 'mV' });
    expect(Math.max(...out.traces.g_wstdp)).toBeGreaterThan(0.005); // the train reached the synapse
    expect(out.traces.npost_wstdp[out.traces.npost_wstdp.length - 1]).toBeGreaterThanOrEqual(1); // its WATCH saw spikes
    expect(Math.max(...out.traces.cai)).toBeGreaterThan(out.traces.cai[0]); // Ca entered
    expect(Math.min(...out.traces.ica)).toBeLessThan(0);
    // hh's m at rest: m∞(−65 mV) = α/(α + β) with NEURON's hh rates.
    const a = (0.1 * 25) / (Math.exp(2.5) - 1);
    const b = 4;
    expect(out.traces.m_hh[0]).toBeCloseTo(a / (a + b), 12);
    await expect(exec(voltageRecorder, { model: m, where: soma() }, { variable: 'x_nosuch' }, ctx())).rejects.toThrow(/cannot record 'x_nosuch' at node/);
    await expect(exec(voltageRecorder, { model: m, where: soma() }, { variable: 'foo_cad' }, ctx())).rejects.toThrow(/foo_cad: cad has no variable 'foo' \(it has /);
    await expect(exec(pointProcess, { model: m, where: soma() }, { type: 'IClamp', train_number: 3 }, ctx())).rejects.toThrow(/IClamp receives no events/);
  });
});
