/**
 * Mechanisms as data: hh written against the kernel interface (kernels.ts) the way nocmodl
 * translates hh.mod — USEION na/k through the ion model, the current's slope by NEURON's
 * finite difference (i(v + 0.001) − i(v)) / 0.001, cnexp states with the rate table — must give
 * the built-in hh's traces (which match NEURON to ~1e-9 mV) on a branched cell with spikes.
 * This is the path compiled .mod files take.
 */
import { describe, expect, it } from 'vitest';
import { branchedCell } from './branched-cell.ts';
import { compileModel } from './compile.ts';
import { instancesOf, type MechanismDef } from './kernels.ts';
import { hhAsData, hhAsIR } from './mechanisms/hh-kernels.ts';
import type { CableModelSpec } from './model.ts';

function cell(hh: 'hh' | 'hh_data' | 'hh_ir', params: Record<string, number> = {}): CableModelSpec {
  return branchedCell({
    mechanisms: [
      { name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' },
      { name: hh, params, where: 'all' },
    ],
    // The soma recorder on the root node, as these tests were first written.
    recorders: [
      { label: 'soma', at: { node: 1 } },
      { label: 'tip', at: { node: 42 } },
    ],
    catalogue: { hh_data: hhAsData(), hh_ir: hhAsIR() },
  });
}

describe('mechanisms as data (kernels.ts)', () => {
  it('hh written as data gives the built-in hh\'s traces on a branched cell, spikes included', () => {
    for (const celsius of [6.3, 16.3]) {
      const ref = compileModel(cell('hh', { gnabar: 0.15 })).run({ tstop: 40, v_init: -65, dt: 0.025, celsius });
      const res = compileModel(cell('hh_data', { gnabar: 0.15 })).run({ tstop: 40, v_init: -65, dt: 0.025, celsius });
      expect(res.t.length).toBe(1601);
      let worst = 0;
      let peak = -Infinity;
      for (const label of ['soma', 'tip']) {
        for (let k = 0; k < res.t.length; k++) {
          worst = Math.max(worst, Math.abs(res.traces[label][k] - ref.traces[label][k]));
          peak = Math.max(peak, ref.traces[label][k]);
        }
      }
      expect(peak).toBeGreaterThan(20); // it spikes
      console.log(`hh as data vs built-in hh at ${celsius} °C: max |ΔV| ${worst.toExponential(2)} mV over ${res.t.length} samples × 2 sites`);
      expect(worst).toBeLessThan(1e-9);
    }
  });

  it('hh as kernel IR, compiled to WebAssembly, gives the built-in hh\'s traces with rates computed at every step', () => {
    for (const celsius of [6.3, 16.3]) {
      const opts = { tstop: 40, v_init: -65, dt: 0.025, celsius, hhUseTable: false };
      const ref = compileModel(cell('hh', { gnabar: 0.15 })).run(opts);
      const res = compileModel(cell('hh_ir', { gnabar: 0.15 })).run(opts);
      let worst = 0;
      let peak = -Infinity;
      for (const label of ['soma', 'tip']) {
        for (let k = 0; k < res.t.length; k++) {
          worst = Math.max(worst, Math.abs(res.traces[label][k] - ref.traces[label][k]));
          peak = Math.max(peak, res.traces[label][k]);
        }
      }
      console.log(`hh as kernel IR (wasm) vs built-in hh (usetable 0) at ${celsius} °C: max |ΔV| ${worst.toExponential(2)} mV`);
      expect(peak).toBeGreaterThan(20);
      expect(worst).toBeLessThan(1e-9);
    }
  });

  it('records a mechanism\'s fields; refuses unknown mechanisms, parameters and variables in words', () => {
    const spec = cell('hh_data');
    const eng = compileModel({ ...spec, recorders: [...spec.recorders, { label: 'm', mechanism: 'hh_data', variable: 'm', at: { section: 0, x: 0.5 } }, { label: 'ina', mechanism: 'hh_data', variable: 'ina', at: { section: 0, x: 0.5 } }] });
    const res = eng.run({ tstop: 5, v_init: -65 });
    // At rest the m gate starts at its steady state (≈ 0.0529 at −65 mV, 6.3 °C) and ina < 0 (inward).
    expect(res.traces.m[0]).toBeCloseTo(0.0529, 3);
    expect(res.traces.ina[0]).toBeLessThan(0);
    expect(() => compileModel({ ...spec, mechanisms: [{ name: 'kdr', where: 'all' }] })).toThrow(/unknown mechanism "kdr" \(known: pas, hh, hh_data, hh_ir\)/);
    expect(() => compileModel({ ...spec, mechanisms: [{ name: 'hh_data', params: { gnabr: 1 }, where: 'all' }] })).toThrow(/hh_data has no parameter "gnabr"/);
    expect(() => compileModel({ ...spec, recorders: [{ label: 'x', mechanism: 'hh_data', variable: 'q', at: { section: 0, x: 0.5 } }] })).toThrow(/has no variable "q"/);
  });

  it('instances start at their fields\' defaults', () => {
    const inst = instancesOf(hhAsData(), Int32Array.from([3, 5]));
    expect(Array.from(inst.f.gnabar)).toEqual([0.12, 0.12]);
    expect(Array.from(inst.f.m)).toEqual([0, 0]);
  });

  it('JavaScript and IR mechanisms together (stepped from JavaScript): half the leak as an IR mechanism equals the whole leak built in', () => {
    const leakIR: MechanismDef = {
      name: 'leak_ir',
      kind: 'density',
      fields: [
        { name: 'g', role: 'parameter', unit: 'S/cm2', default: 0 },
        { name: 'e', role: 'parameter', unit: 'mV', default: -65 },
        { name: 'i', role: 'assigned', unit: 'mA/cm2', default: 0 },
      ],
      ions: [],
      ir: {
        initialize: [],
        current: [
          { k: 'let', name: 'i1', e: { k: 'bin', op: '*', a: { k: 'field', name: 'g' }, b: { k: 'bin', op: '-', a: { k: 'bin', op: '+', a: { k: 'v' }, b: { k: 'num', v: 0.001 } }, b: { k: 'field', name: 'e' } } } },
          { k: 'let', name: 'i0', e: { k: 'bin', op: '*', a: { k: 'field', name: 'g' }, b: { k: 'bin', op: '-', a: { k: 'v' }, b: { k: 'field', name: 'e' } } } },
          { k: 'store', field: 'i', e: { k: 'local', name: 'i0' } },
          { k: 'addNode', array: 'rhs', e: { k: 'neg', a: { k: 'local', name: 'i0' } } },
          { k: 'addNode', array: 'd', e: { k: 'bin', op: '/', a: { k: 'bin', op: '-', a: { k: 'local', name: 'i1' }, b: { k: 'local', name: 'i0' } }, b: { k: 'num', v: 0.001 } } },
        ],
        state: [],
      },
    };
    const whole = cell('hh_data');
    const split: CableModelSpec = {
      ...whole,
      mechanisms: [{ name: 'pas', params: { g: 0.5e-4, e: -65 }, where: 'all' }, { name: 'leak_ir', params: { g: 0.5e-4, e: -65 }, where: 'all' }, { name: 'hh_data', where: 'all' }],
      catalogue: { ...whole.catalogue, leak_ir: leakIR },
      recorders: [...whole.recorders, { label: 'vc', at: { section: 0, x: 0.5 } }, { label: 'ileak', mechanism: 'leak_ir', variable: 'i', at: { section: 0, x: 0.5 } }],
    };
    const a = compileModel(whole).run({ tstop: 30, v_init: -65 });
    const b = compileModel(split).run({ tstop: 30, v_init: -65 });
    let worst = 0;
    for (let k = 0; k < a.t.length; k++) worst = Math.max(worst, Math.abs(a.traces.soma[k] - b.traces.soma[k]), Math.abs(a.traces.tip[k] - b.traces.tip[k]));
    expect(worst).toBeLessThan(1e-9);
    // The IR mechanism's current as NEURON records it: computed during the step, at the v before it.
    const k = 400;
    expect(b.traces.ileak[k]).toBeCloseTo(0.5e-4 * (b.traces.vc[k - 1] + 65), 12);
    expect(b.traces.ileak[0]).toBeCloseTo(0, 12);
    expect(Math.max(...a.traces.soma)).toBeGreaterThan(20);
  });
});
