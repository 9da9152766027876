/**
 * The integrator never returns NaN or runaway voltages as results: non-finite numbers are
 * refused when the cell is compiled, a drift beyond ±10 V is stopped at the next scan, and
 * the budget refuses runs before their samples are allocated. Strong but stable models
 * (gnabar = 1e6) still give NEURON's numbers.
 */
import { describe, expect, it } from 'vitest';
import { readSwc } from '../morphology/swc.ts';
import { CoreError } from '../errors.ts';
import { compileModel } from './compile.ts';
import { discretize } from './discretize.ts';
import type { CableModelSpec } from './model.ts';

/** 20 µm × 20 µm cylinder, one segment. */
const SOMA = '1 1 0 0 0 10 -1\n2 1 20 0 0 10 1\n';

function cell(extra: Partial<CableModelSpec>): CableModelSpec {
  const skeleton = readSwc(SOMA).skeleton;
  return { skeleton, discretization: discretize(skeleton, { nseg: 1 }), Ra: 35.4, cm: 1, mechanisms: [], pointProcesses: [], recorders: [{ label: 'v', at: { section: 0, x: 0.5 } }], ...extra };
}

function failure(f: () => unknown): CoreError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return e as CoreError;
  }
  throw new Error('expected a CoreError');
}

describe('cable engine: numerical faults', () => {
  it('gnabar = 1e6 S/cm² is stable and gives NEURON 8.2’s numbers (v held at ena)', () => {
    // NEURON 8.2.2: soma L = diam = 20, hh gnabar 1e6, IClamp(1, 1, 0.1), dt 0.025, finitialize(−65), continuerun(10):
    // 401 samples, max 49.99999928082456, last 49.98352814858937.
    const r = compileModel(
      cell({ mechanisms: [{ name: 'hh', params: { gnabar: 1e6 }, where: 'all' }], pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 1, dur: 1, amp: 0.1 } }] }),
    ).run({ tstop: 10, v_init: -65, dt: 0.025 });
    const v = r.traces.v;
    expect(v.length).toBe(401);
    expect(Math.abs(Math.max(...v) - 49.99999928082456)).toBeLessThan(1e-9);
    expect(Math.abs(v[400] - 49.98352814858937)).toBeLessThan(1e-9);
  });

  it('a slow drift beyond ±10 V (2 mV per step) is stopped at the next scan, with the range at the scan before', () => {
    const eng = compileModel(
      cell({ mechanisms: [{ name: 'pas', params: { g: 1e-6, e: -65 }, where: 'all' }], pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 0, dur: 1e9, amp: 1 } }] }),
    );
    const e = failure(() => eng.run({ tstop: 1000, v_init: -65 }));
    expect(e.code).toBe('numeric');
    expect(e.message).toMatch(
      /^the simulation became unstable at t = \d+\.\d{3} ms in section 0 \(nodes 1 → 2; segment 1 of 1, near node \d\) \(mechanisms pas; point processes IClamp\): v = 1\.\d\de\+4 mV \(beyond ±10 V\); last good values at t = \d+\.\d{3} ms: v between 9\d{3}\.\d and 9\d{3}\.\d mV\. Reduce dt/,
    );
    // 1 nA into 1257 µm² (80 mV/ms at first) towards 80 V with τ = 1 s: 10 V after ~134 ms; a scan follows
    // each call into WebAssembly (1024 steps, 25.6 ms, in a synchronous run).
    expect(e.where.time).toBeGreaterThan(130);
    expect(e.where.time).toBeLessThan(160);
  });

  it('an infinite current (amp = 1e308 nA) stops at the first step with v = +∞, not NaN traces', () => {
    const eng = compileModel(cell({ pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 0, dur: 10, amp: 1e308 } }] }));
    const e = failure(() => eng.run({ tstop: 10 }));
    expect(e.message).toMatch(/^the simulation became unstable at t = 0\.025 ms .*: v = (\+∞|NaN); last good values at t = 0\.000 ms: v between -65\.0 and -65\.0 mV/);
  });

  it('a NaN property reaching the engine is refused when the cell is compiled, naming where', () => {
    const e = failure(() => compileModel(cell({ properties: [{ where: 'all', cm: NaN }] })));
    expect(e.message).toMatch(/^cm in section 0 \(nodes 1 → 2; segment 1 of 1, near node \d\) is NaN; it must be a number$/);
  });

  it('the budget refuses before allocating: steps, recorded bytes (custom limits too)', () => {
    const eng = compileModel(cell({}));
    expect(failure(() => eng.run({ tstop: 1000, dt: 1e-300 })).message).toMatch(/needs 1\.00e\+303 time steps/);
    expect(failure(() => eng.run({ tstop: 100, budget: { maxRecordedBytes: 1000 } })).message).toBe(
      'recording 1 trace × 4,001 samples needs 64 kB (at most 1.0 kB); record fewer nodes, raise recordEvery or shorten tstop',
    );
    expect(eng.run({ tstop: 100, recordEvery: 100, budget: { maxRecordedBytes: 1000 } }).t.length).toBe(41);
  });
});
