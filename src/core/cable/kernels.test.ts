/**
 * Mechanisms as data: hh written against the kernel interface (kernels.ts) the way nocmodl
 * translates hh.mod — USEION na/k through the ion model, the current's slope by NEURON's
 * finite difference (i(v + 0.001) − i(v)) / 0.001, cnexp states with the rate table — must give
 * the built-in hh's traces (which match NEURON to ~1e-9 mV) on a branched cell with spikes.
 * This is the path compiled .mod files take.
 */
import { describe, expect, it } from 'vitest';
import { readSwc } from '../morphology/swc.ts';
import { compileModel } from './compile.ts';
import { discretize } from './discretize.ts';
import { instancesOf } from './kernels.ts';
import { hhAsData, hhAsIR } from './mechanisms/hh-kernels.ts';
import type { CableModelSpec } from './model.ts';

/** A soma with two branches of 200 µm (µm units). */
const SWC = [
  '1 1 0 0 0 10 -1',
  '2 1 20 0 0 10 1',
  ...Array.from({ length: 20 }, (_, k) => `${k + 3} 3 ${20 + 10 * (k + 1)} 0 0 1 ${k === 0 ? 2 : k + 2}`),
  ...Array.from({ length: 20 }, (_, k) => `${k + 23} 3 20 ${10 * (k + 1)} 0 0.7 ${k === 0 ? 2 : k + 22}`),
].join('\n');

function cell(hh: 'hh' | 'hh_data' | 'hh_ir', params: Record<string, number> = {}): CableModelSpec {
  const skeleton = readSwc(SWC).skeleton;
  return {
    skeleton,
    discretization: discretize(skeleton, { res: 20 }),
    Ra: 100,
    cm: 1,
    mechanisms: [
      { name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' },
      { name: hh, params, where: 'all' },
    ],
    pointProcesses: [{ type: 'IClamp', at: { node: 1 }, params: { del: 2, dur: 30, amp: 0.3 } }],
    recorders: [
      { label: 'soma', at: { node: 1 } },
      { label: 'tip', at: { node: 42 } },
    ],
    catalogue: { hh_data: hhAsData(), hh_ir: hhAsIR() },
  };
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
});
