import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readSwc } from '../morphology/swc.ts';
import { discretize } from './discretize.ts';
import { compileModel } from './compile.ts';
import { CableEngine } from './engine.ts';
import type { CableModelSpec } from './model.ts';
import { CoreError, isAbort } from '../errors.ts';

/** 20 µm × 20 µm cylinder, one segment: area 400π µm². */
const SOMA = '1 1 0 0 0 10 -1\n2 1 20 0 0 10 1\n';

function model(swc: string, extra: Partial<CableModelSpec>, disc: { res?: number; nseg?: number } = { nseg: 1 }): CableModelSpec {
  const skeleton = readSwc(swc).skeleton;
  return { skeleton, discretization: discretize(skeleton, disc), Ra: 100, cm: 1, mechanisms: [], pointProcesses: [], recorders: [], ...extra };
}

describe('fixed-step backward Euler', () => {
  it('takes as many steps as NEURON continuerun (t accumulated in halves, stop at tstop − dt/2)', () => {
    // NEURON 8.2: 40001 samples for 1000 ms at dt 0.025; 25001 for 250 ms at dt 0.01; 401 for 10 ms.
    expect(CableEngine.stepCount(1000, 0.025)).toBe(40000);
    expect(CableEngine.stepCount(250, 0.01)).toBe(25000);
    expect(CableEngine.stepCount(10, 0.025)).toBe(400);
  });

  it('one passive compartment with a current step follows the backward-Euler recurrence exactly', () => {
    const g = 0.001; // S/cm²
    const e = -65;
    const amp = 0.1; // nA
    const area = Math.PI * 20 * 20; // µm²
    const eng = compileModel(
      model(SOMA, {
        mechanisms: [{ name: 'pas', params: { g, e }, where: 'all' }],
        pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 5, dur: 40, amp } }],
        recorders: [{ label: 'v', at: { section: 0, x: 0.5 } }],
      }),
    );
    const dt = 0.025;
    const res = eng.run({ tstop: 60, v_init: -65, dt });
    // C·(v1 − v0)/dt = −g·(v1 − e) + I/A, in mA/cm²: C·1e-3/dt per mV, I/A·1e2 (nA/µm² → mA/cm²).
    const c = (1 * 1e-3) / dt;
    let v = -65;
    let t = 0;
    let maxErr = 0;
    for (let k = 1; k < res.t.length; k++) {
      const tm = t + 0.5 * dt; // currents are evaluated at the step's midpoint
      t = tm + 0.5 * dt;
      const I = tm >= 5 && tm < 45 ? (amp * 1e2) / area : 0;
      v = (c * v + g * e + I) / (c + g);
      maxErr = Math.max(maxErr, Math.abs(res.traces.v[k] - v));
    }
    expect(maxErr).toBeLessThan(1e-10);
    // And the analytic steady state e + I/(g·A) is reached: 0.1 nA / (1e-3 S/cm² · 400π µm²) = 7.9577 mV.
    expect(res.traces.v[Math.round(44 / dt)]).toBeCloseTo(-65 + 7.957747, 4);
  });

  it('an unbranched passive cable reaches the analytic sealed-end steady state', () => {
    // 1000 µm × 1 µm, Ra 100 Ω·cm, Rm 40 kΩ·cm²: λ = √(Rm·d/(4·Ra)) = 1000 µm; 0.1 nA into x = 0.
    const pts = Array.from({ length: 101 }, (_, k) => `${k + 1} 3 ${10 * k} 0 0 0.5 ${k === 0 ? -1 : k}`).join('\n');
    const eng = compileModel(
      model(
        pts,
        {
          mechanisms: [{ name: 'pas', params: { g: 1 / 40000, e: -65 }, where: 'all' }],
          pointProcesses: [{ type: 'IClamp', at: { node: 1 }, params: { del: 0, dur: 1e9, amp: 0.1 } }],
          recorders: [
            { label: 'x0', at: { node: 1 } },
            { label: 'x500', at: { node: 51 } },
            { label: 'x1000', at: { node: 101 } },
          ],
        },
        { nseg: 201 },
      ),
    );
    const res = eng.run({ tstop: 600, v_init: -65, recordEvery: 40 });
    const lambda = 1000; // µm
    const rInf = ((4 * 100 * lambda * 1e-4) / (Math.PI * 1e-8)) * 1e-6; // MΩ: 4·Ra·λ/(π·d²)
    const L = 1000 / lambda;
    const vAt = (x: number) => -65 + 0.1 * rInf * (Math.cosh(L - x / lambda) / Math.sinh(L)); // nA·MΩ = mV
    const last = res.t.length - 1;
    expect(res.traces.x0[last]).toBeCloseTo(vAt(0), 1);
    expect(Math.abs(res.traces.x0[last] - vAt(0)) / (vAt(0) + 65)).toBeLessThan(2e-3);
    expect(Math.abs(res.traces.x500[last] - vAt(500)) / (vAt(500) + 65)).toBeLessThan(2e-3);
    expect(Math.abs(res.traces.x1000[last] - vAt(1000)) / (vAt(1000) + 65)).toBeLessThan(2e-3);
  });

  it('records AlphaSynapse conductance g = gmax·x·e^(1−x) at each step midpoint, and recordEvery thins samples', () => {
    const eng = compileModel(
      model(SOMA, {
        mechanisms: [{ name: 'pas', params: { g: 0.0001, e: -65 }, where: 'all' }],
        pointProcesses: [{ type: 'AlphaSynapse', at: { section: 0, x: 0.5 }, params: { onset: 1, tau: 0.5, gmax: 0.002, e: 0 } }],
        recorders: [
          { label: 'g', variable: 'g', pointProcess: 0 },
          { label: 'i', variable: 'i', pointProcess: 0 },
          { label: 'v', at: { section: 0, x: 0.5 } },
        ],
      }),
    );
    const res = eng.run({ tstop: 10, v_init: -65 });
    for (const k of [40, 41, 60, 100, 240, 300]) {
      const tm = res.t[k] - 0.0125;
      const x = (tm - 1) / 0.5;
      const expected = x < 0 || x > 10 ? 0 : 0.002 * x * Math.exp(1 - x);
      expect(res.traces.g[k]).toBeCloseTo(expected, 14);
    }
    const thin = eng.run({ tstop: 10, v_init: -65, recordEvery: 8 });
    expect(thin.t.length).toBe(51);
    for (let s = 0; s < thin.t.length; s++) expect(thin.traces.v[s]).toBe(res.traces.v[8 * s]);
  });

  it('reports progress, can be cancelled, and runAsync gives the same traces', async () => {
    const spec = model(
      SOMA,
      { mechanisms: [{ name: 'hh', where: 'all' }], pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 1, dur: 50, amp: 0.5 } }], recorders: [{ label: 'v', at: { section: 0, x: 0.5 } }] },
    );
    const eng = compileModel(spec);
    const fractions: number[] = [];
    const sync = eng.run({ tstop: 100, onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(1);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThan(fractions[k - 1]);

    const asyncRes = await eng.runAsync({ tstop: 100 });
    expect(Array.from(asyncRes.traces.v)).toEqual(Array.from(sync.traces.v));

    const ac = new AbortController();
    ac.abort();
    expect(() => eng.run({ tstop: 100, signal: ac.signal })).toThrow(/cancelled at t = 0.000 ms/);

    const mid = new AbortController();
    let err: unknown;
    try {
      await eng.runAsync({ tstop: 10000, signal: mid.signal, onProgress: (f) => f > 0.05 && mid.abort() });
    } catch (e) {
      err = e;
    }
    expect(isAbort(err)).toBe(true);
    expect((err as CoreError).where.time).toBeGreaterThan(0);
    expect((err as CoreError).where.time).toBeLessThan(10000);

    // A signal shared by many runs (a sweep's, in this thread) keeps no listener of a run that ended, however it ended.
    const shared = new AbortController().signal;
    eng.run({ tstop: 5, signal: shared });
    await eng.runAsync({ tstop: 5, signal: shared });
    expect(() => eng.run({ tstop: 5, dt: -1, signal: shared })).toThrow(/dt/);
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
    expect(getEventListeners(mid.signal, 'abort')).toHaveLength(0);
  });

  it('stops a run that blows up and names the time and section', () => {
    const eng = compileModel(
      model(SOMA + '3 3 40 0 0 1 2\n', {
        // A negative leak (a sign typo) makes v − e double every step at dt 0.025.
        mechanisms: [{ name: 'pas', params: { g: -0.02, e: -65 }, where: 'all' }],
        recorders: [{ label: 'v', at: { node: 3 } }],
      }),
    );
    let err: unknown;
    try {
      eng.run({ tstop: 50, v_init: -64 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('numeric');
    expect((err as Error).message).toMatch(/became unstable at t = \d+\.\d{3} ms in section 0 \(nodes 1 → 3; segment 1 of 1, near node \d\) \(mechanisms pas\): v = .* mV after a change of .* mV in one step; last good values at t = \d+\.\d{3} ms: v between .* mV. Reduce dt/);
    expect((err as CoreError).where.time).toBeGreaterThan(0);
    expect((err as CoreError).where.time).toBeLessThan(50);
  });

  it('rejects bad models and run options with clear messages', () => {
    const base = model(SOMA, { recorders: [{ label: 'v', at: { section: 0, x: 0.5 } }] });
    expect(() => compileModel({ ...base, Ra: 0 })).toThrow(/Ra must be a positive number/);
    expect(() => compileModel({ ...base, mechanisms: [{ name: 'pas', params: { gbar: 1 } as never, where: 'all' }] })).toThrow(/pas has no parameter "gbar"/);
    expect(() => compileModel({ ...base, mechanisms: [{ name: 'nak' as never, where: 'all' }] })).toThrow(/unknown mechanism "nak"/);
    expect(() => compileModel({ ...base, recorders: [{ label: 'a', at: { section: 3, x: 0.5 } }] })).toThrow(/section 3 does not exist/);
    expect(() => compileModel({ ...base, recorders: [{ label: 'a', at: { section: 0, x: 1.5 } }] })).toThrow(/outside 0–1/);
    expect(() => compileModel({ ...base, recorders: [{ label: 'a', at: { node: 99 } }] })).toThrow(/node 99 does not exist/);
    expect(() => compileModel({ ...base, recorders: [...base.recorders, { label: 'v', at: { node: 1 } }] })).toThrow(/two recorders are labelled "v"/);
    expect(() => compileModel({ ...base, pointProcesses: [{ type: 'IClamp', at: { node: 1 }, params: { amp: NaN } }] })).toThrow(/amp must be a number/);
    const eng = compileModel(base);
    expect(() => eng.run({ tstop: -1 })).toThrow(/duration must be a non-negative number/);
    expect(() => eng.run({ tstop: 10, dt: 0 })).toThrow(/dt must be a positive number/);
    expect(() => eng.run({ tstop: 10, v_init: NaN })).toThrow(/v_init must be a number/);
  });

  it('rejects bad events with clear messages', () => {
    const base = model(SOMA, {
      pointProcesses: [
        { type: 'Exp2Syn', at: { section: 0, x: 0.5 } },
        { type: 'IClamp', at: { section: 0, x: 0.5 } },
      ],
      recorders: [{ label: 'v', at: { section: 0, x: 0.5 } }],
      netStims: [{ params: { start: 5 } }],
    });
    const nc = (x: object) => compileModel({ ...base, netCons: [{ source: { netStim: 0 }, target: { pointProcess: 0 }, ...x }] });
    expect(() => nc({ source: { at: { node: 999 } }, target: null })).toThrow(/node 999 does not exist/);
    expect(() => nc({ target: { pointProcess: 1 } })).toThrow(/point process 1 is an IClamp, which receives no events/);
    expect(() => nc({ target: { pointProcess: 5 } })).toThrow(/point process 5 does not exist/);
    expect(() => nc({ source: { netStim: 3 } })).toThrow(/NetStim 3 does not exist/);
    expect(() => nc({ delay: -1 })).toThrow(/delay must be a non-negative number/);
    expect(() => compileModel({ ...base, netStims: [{ params: { noise: 1.5 } }] })).toThrow(/noise must be between 0 and 1/);
    expect(() =>
      compileModel({
        ...base,
        netCons: [
          { source: { at: { node: 1 }, threshold: 0 }, target: null },
          { source: { at: { node: 1 }, threshold: 10 }, target: null },
        ],
      }),
    ).toThrow(/already watched with threshold 0 mV/);
    // A detector on a valid node records threshold crossings at t_n + 1e-10 (EVENTS.md §2.1).
    const ok = compileModel({
      ...base,
      pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 1, dur: 20, amp: 0.1 } }],
      netStims: [],
      netCons: [{ source: { at: { section: 0, x: 0.5 }, threshold: -60 }, target: null, label: 'det' }],
      mechanisms: [{ name: 'pas', params: { g: 0.001, e: -65 }, where: 'all' }],
    }).run({ tstop: 30 });
    expect(Array.from(ok.spikes!.det)).toEqual([2.025000000099995]);
  });
});
