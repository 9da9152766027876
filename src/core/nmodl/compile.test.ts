/**
 * .mod files compiled by NeuroWire's NMODL compiler run in the cable engine: NEURON's own hh.mod
 * (TABLE with linear interpolation, cnexp, USEION na/k) gives the built-in hh's traces, which
 * match NEURON to ~1e-9 mV; passive.mod gives the built-in pas. (The comparison of every zoo
 * file with NEURON itself is tools/nmodl/compare.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../tools/shared-data.ts';
import { compileModel } from '../cable/compile.ts';
import type { CableModelSpec, MechanismSpec } from '../cable/model.ts';
import { branchedCell } from '../cable/branched-cell.ts';
import { compileMechanism } from './compile.ts';

const ZOO = resolve(SHARED_DATA, 'nmodl-zoo/nrn-8.2.2/src/nrnoc');
const hasZoo = existsSync(resolve(ZOO, 'hh.mod'));



function compiled(file: string, as: string) {
  const r = compileMechanism(readFileSync(resolve(ZOO, file), 'utf8'), file, { allowBuiltinNames: true });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`).join('\n'));
  return { ...r.def, name: as };
}

function cell(mechanisms: MechanismSpec[], catalogue: CableModelSpec['catalogue']): CableModelSpec {
  return branchedCell({ mechanisms, catalogue });
}

function maxDiff(a: Record<string, Float64Array>, b: Record<string, Float64Array>): number {
  let worst = 0;
  for (const k of Object.keys(a)) for (let i = 0; i < a[k].length; i++) worst = Math.max(worst, Math.abs(a[k][i] - b[k][i]));
  return worst;
}

describe.skipIf(!hasZoo)(`NMODL compiled mechanisms in the engine${hasZoo ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  it('NEURON\'s hh.mod, compiled, gives the built-in hh\'s traces (tables on, as NEURON by default)', () => {
    const hhMod = compiled('hh.mod', 'hh_mod');
    for (const celsius of [6.3, 16.3]) {
      const opts = { tstop: 40, v_init: -65, dt: 0.025, celsius };
      const ref = compileModel(cell([{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }, { name: 'hh', params: { gnabar: 0.15 }, where: 'all' }], {})).run(opts);
      const res = compileModel(cell([{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }, { name: 'hh_mod', params: { gnabar: 0.15 }, where: 'all' }], { hh_mod: hhMod })).run(opts);
      const dv = maxDiff(ref.traces, res.traces);
      console.log(`hh.mod compiled vs built-in hh at ${celsius} °C: max |ΔV| ${dv.toExponential(2)} mV over ${res.t.length} samples`);
      expect(Math.max(...ref.traces.soma)).toBeGreaterThan(20);
      expect(dv).toBeLessThan(1e-9);
    }
  });

  it('NEURON\'s passive.mod, compiled, gives the built-in pas', () => {
    const pasMod = compiled('passive.mod', 'pas_mod');
    const opts = { tstop: 40, v_init: -70, dt: 0.025 };
    const ref = compileModel(cell([{ name: 'pas', params: { g: 2e-4, e: -65 }, where: 'all' }], {})).run(opts);
    const res = compileModel(cell([{ name: 'pas_mod', params: { g: 2e-4, e: -65 }, where: 'all' }], { pas_mod: pasMod })).run(opts);
    const dv = maxDiff(ref.traces, res.traces);
    console.log(`passive.mod compiled vs built-in pas: max |ΔV| ${dv.toExponential(2)} mV`);
    expect(res.traces.soma[res.t.length - 1] - res.traces.soma[0]).toBeGreaterThan(5); // the clamp moves it
    expect(dv).toBeLessThan(1e-9);
  });

  it('NEURON\'s stim.mod and syn.mod, compiled, give the built-in IClamp and AlphaSynapse (point processes, electrode current)', () => {
    const catalogue = { IClamp_mod: compiled('stim.mod', 'IClamp_mod'), Alpha_mod: compiled('syn.mod', 'Alpha_mod') };
    const base = cell([{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }, { name: 'hh', where: 'all' }], catalogue);
    const withPoints = (clamp: string, alpha: string): CableModelSpec => ({
      ...base,
      pointProcesses: [
        { type: clamp, at: { node: 1 }, params: { del: 2, dur: 3, amp: 0.4 } },
        { type: alpha, at: { node: 40 }, params: { onset: 15, tau: 2, gmax: 0.02, e: 0 } },
      ],
      recorders: [...base.recorders, { label: 'iclamp', variable: 'i', pointProcess: 0 }, { label: 'isyn', variable: 'i', pointProcess: 1 }],
    });
    const opts = { tstop: 40, v_init: -65, dt: 0.025 };
    const ref = compileModel(withPoints('IClamp', 'AlphaSynapse')).run(opts);
    const res = compileModel(withPoints('IClamp_mod', 'Alpha_mod')).run(opts);
    const dv = maxDiff(ref.traces, res.traces);
    console.log(`stim.mod + syn.mod compiled vs built-in IClamp + AlphaSynapse: max |Δ| ${dv.toExponential(2)} (mV, nA)`);
    expect(Math.max(...ref.traces.soma)).toBeGreaterThan(20);
    expect(Math.min(...ref.traces.isyn)).toBeLessThan(-1e-3);
    expect(dv).toBeLessThan(1e-9);
  });

  it('NEURON\'s expsyn.mod and exp2syn.mod, compiled, receive NetStim events as the built-in ExpSyn and Exp2Syn (NET_RECEIVE)', () => {
    const catalogue = { ExpSyn_mod: compiled('expsyn.mod', 'ExpSyn_mod'), Exp2Syn_mod: compiled('exp2syn.mod', 'Exp2Syn_mod') };
    const base = cell([{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }, { name: 'hh', where: 'all' }], catalogue);
    const withSynapses = (one: string, two: string): CableModelSpec => ({
      ...base,
      pointProcesses: [
        { type: one, at: { node: 30 }, params: { tau: 3, e: 0 } },
        { type: two, at: { node: 12 }, params: { tau1: 0.5, tau2: 4, e: 0 } },
      ],
      netStims: [{ params: { start: 3, interval: 7, number: 5, noise: 0 } }],
      netCons: [
        { source: { netStim: 0 }, target: { pointProcess: 0 }, weight: 0.03, delay: 1 },
        { source: { netStim: 0 }, target: { pointProcess: 1 }, weight: 0.02, delay: 2.5 },
      ],
      recorders: [...base.recorders, { label: 'g1', variable: 'g', pointProcess: 0 }, { label: 'i2', variable: 'i', pointProcess: 1 }],
    });
    const opts = { tstop: 45, v_init: -65, dt: 0.025 };
    const ref = compileModel(withSynapses('ExpSyn', 'Exp2Syn')).run(opts);
    const res = compileModel(withSynapses('ExpSyn_mod', 'Exp2Syn_mod')).run(opts);
    const dv = maxDiff(ref.traces, res.traces);
    console.log(`expsyn.mod + exp2syn.mod compiled vs built-in ExpSyn + Exp2Syn: max |Δ| ${dv.toExponential(2)} (mV, µS, nA)`);
    expect(Math.max(...ref.traces.g1)).toBeGreaterThan(0.02);
    expect(Math.max(...ref.traces.soma)).toBeGreaterThan(20);
    expect(dv).toBeLessThan(1e-9);
  });

  it('a file the generator cannot compile yet is refused at its line and column, naming the construct', () => {
    const text = 'UNITS { (mA) = (milliamp) }\nNEURON {\n  POINT_PROCESS W\n  ELECTRODE_CURRENT i\n  NONSPECIFIC_CURRENT j\n}\nASSIGNED { i (mA/cm2) j (mA/cm2) }\nBREAKPOINT { i = 0 j = 0 }\n';
    const r = compileMechanism(text, 'w.mod');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'w.mod', line: 2, col: 1, unsupported: 'ELECTRODE_CURRENT' });
  });

  it('a compiled mechanism that blows up stops the run naming the time, the place and the mechanism', () => {
    // A current that overflows at rest (exp(935) = ∞): the first step gives NaN.
    const boom = compileMechanism('NEURON { SUFFIX boom NONSPECIFIC_CURRENT i RANGE g }\nPARAMETER { g = 1 (S/cm2) }\nASSIGNED { i (mA/cm2) v (mV) }\nBREAKPOINT { i = g*exp(v + 1000) }\n', 'boom.mod');
    if (!boom.ok) throw new Error(boom.errors[0].message);
    const spec = cell([{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }, { name: 'boom', where: 'all' }], { boom: boom.def });
    expect(() => compileModel(spec).run({ tstop: 20, v_init: -65, dt: 0.025 })).toThrow(/the simulation became unstable at t = 0\.025 ms .*mechanisms pas, boom/);
  });
});
