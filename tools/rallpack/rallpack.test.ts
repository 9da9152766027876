/**
 * The Rallpack benchmarks against their reference traces (../shared/data/rallpacks), plus unit
 * tests of the error measures and the model builders that need no data. The accuracy bounds
 * are the errors measured on this code with a small margin (see the numbers in each title),
 * so that a regression in the simulator shows up; the literature passes at < 0.5 %.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { hhTable } from '../../src/core/cable/mechanisms/hh.ts';
import { segmentGeometry } from '../../src/core/cable/geometry.ts';
import { sharedPath } from '../shared-data.ts';
import {
  compareRun,
  parseReferenceTrace,
  rallpack1Model,
  rallpack2Model,
  rallpack2Skeleton,
  rallpack3Model,
  rallpackRms,
  readReference,
  relativeRms,
  runRallpack,
  spikeRms,
  spikeTimes,
  type RallpackComparison,
  type Trace,
} from './rallpack.ts';

const dir = sharedPath('rallpacks');
const hasData = existsSync(dir);

/** A synthetic trace on a 0.05 ms grid over 250 ms. */
function synth(f: (t: number) => number): Trace {
  const t = Float64Array.from({ length: 5001 }, (_, k) => k * 0.05);
  return { t, v: t.map(f) };
}
/** A spike train: a 1 ms wide bump to +40 mV every `period` ms from `onset`, resting at −65. */
const train = (period: number, onset: number) => (t: number) => {
  const ph = (((t - onset) % period) + period) % period;
  return t < onset - 1 ? -65 : ph < 1 ? -65 + 105 * Math.sin(Math.PI * ph) : -65 - 10 * Math.exp(-(ph - 1) / 3);
};

describe('error measures', () => {
  it('parse s/V columns (tabs, spaces, trailing blanks) into ms/mV', () => {
    const tr = parseReferenceTrace('0.000000\t-6.500000e-02\n5e-05 -0.0601856 \n\n');
    expect(Array.from(tr.t)).toEqual([0, 0.05]);
    expect(tr.v[0]).toBeCloseTo(-65, 12);
    expect(tr.v[1]).toBeCloseTo(-60.1856, 10);
    expect(() => parseReferenceTrace('0 x\n')).toThrow(/line 1/);
  });

  it('relative rms: √mean(ΔV²)/range(Vref); the Rallpack rms divides by the range of both curves', () => {
    const ref = synth((t) => -65 + t / 10); // range 25 mV
    const sim = synth((t) => -65 + t / 10 + 0.5);
    expect(relativeRms(ref, ref)).toBe(0);
    expect(relativeRms(sim, ref)).toBeCloseTo(0.5 / 25, 12);
    expect(rallpackRms(sim, ref)).toBeCloseTo(0.5 / 25.5, 12);
  });

  it('spike times are interpolated upward 0 mV crossings', () => {
    const tr: Trace = { t: Float64Array.of(0, 1, 2, 3, 4), v: Float64Array.of(-10, 10, 20, -5, 15) };
    expect(Array.from(spikeTimes(tr))).toEqual([0.5, 3.25]);
  });

  it('srms is 0 for identical trains, ignores a uniform time shift and grows with a period change', () => {
    const ref = synth(train(14.5, 1.3));
    const same = spikeRms(ref, ref);
    expect(same.srms).toBe(0);
    expect(same.spikes).toBe(same.refSpikes);
    const shifted = spikeRms(synth(train(14.5, 1.5)), ref);
    expect(shifted.srms).toBeLessThan(1e-3);
    expect(shifted.maxSpikeDt).toBeCloseTo(0.2, 2);
    const faster = spikeRms(synth(train(14.4, 1.3)), ref);
    expect(faster.isi).toBeCloseTo(0.1 / 14.5, 3);
    expect(faster.srms).toBeGreaterThan(faster.isi);
  });
});

describe('Rallpack models', () => {
  it('Rallpack 1/3: one 1000 µm × 1 µm section of 1000 compartments, injected and recorded at 0.0005 and 0.9995', () => {
    for (const m of [rallpack1Model(), rallpack3Model()]) {
      expect(m.compartments).toBe(1000);
      const s = m.spec.discretization.sections;
      expect(s.length).toBe(1);
      expect(s[0].L).toBe(1000);
      expect(m.spec.recorders).toEqual([
        { label: '0', at: { section: 0, x: 0.0005 } },
        { label: 'x', at: { section: 0, x: 0.9995 } },
      ]);
    }
  });

  it("Rallpack 3's SPEC rate functions (A, B, V0 forms) are hh.mod's, at every 1 mV of its table", () => {
    // SPEC.txt, in mV and ms: the three forms and their (A, B, V0).
    const lin = (A: number, B: number, V0: number) => (v: number) => (v === V0 ? A * B : (A * (v - V0)) / (Math.exp((v - V0) / B) - 1));
    const ex = (A: number, B: number, V0: number) => (v: number) => A * Math.exp((v - V0) / B);
    const sig = (A: number, B: number, V0: number) => (v: number) => A / (Math.exp((v - V0) / B) + 1);
    const gates = [
      [lin(-0.1, -10, -40), ex(4, -18, -65)],
      [ex(0.07, -20, -65), sig(1, -10, -35)],
      [lin(-0.01, -10, -55), ex(0.125, -80, -65)],
    ];
    const table = hhTable(6.3);
    for (let i = 0; i <= 200; i++) {
      const v = -100 + i;
      gates.forEach(([a, b], g) => {
        const inf = a(v) / (a(v) + b(v));
        const tau = 1 / (a(v) + b(v));
        expect(table[i * 6 + 2 * g]).toBeCloseTo(inf, 9);
        expect(table[i * 6 + 2 * g + 1] / tau).toBeCloseTo(1, 9);
      });
    }
  });

  it('Rallpack 2: 1023 cylindrical sections of nseg 1 whose area is the equivalent cylinder 320 × 16 µm', () => {
    const m = rallpack2Model();
    const secs = m.spec.discretization.sections;
    expect(secs.length).toBe(1023);
    expect(m.compartments).toBe(1023);
    const byDepth = new Map<number, number>();
    let area = 0;
    for (const s of secs) {
      let depth = 0;
      for (let p = s.parent; p >= 0; p = secs[p].parent) depth++;
      byDepth.set(depth, (byDepth.get(depth) ?? 0) + 1);
      expect(s.L).toBeCloseTo(32 * 2 ** (-depth / 3), 4);
      expect(s.d[0]).toBe(s.d[1]);
      expect(s.d[0]).toBeCloseTo(16 * 2 ** ((-2 * depth) / 3), 5);
      area += segmentGeometry(s, 100).area[0];
    }
    expect([...byDepth.entries()].sort((a, b) => a[0] - b[0])).toEqual(Array.from({ length: 10 }, (_, k) => [k, 2 ** k]));
    expect(area / (Math.PI * 16 * 320)).toBeCloseTo(1, 5);
    // The recorded terminal is a leaf at depth 9.
    const rec = m.spec.recorders[1];
    expect('at' in rec && 'section' in rec.at && rec.at.section).toBe(9);
    expect(rallpack2Skeleton().leaves().length).toBe(512);
  });
});

/** Check a comparison's per-site relative rms against bounds (fractions) and print it. */
function expectRel(c: RallpackComparison, site0: number, siteX: number, mean: number): void {
  expect(c.sites[0].relRms).toBeLessThan(site0);
  expect(c.sites[1].relRms).toBeLessThan(siteX);
  expect(c.meanRelRms).toBeLessThan(mean);
  // The Rallpacks' rms (range of both curves) can only be smaller than the plain one.
  for (const s of c.sites) expect(s.rms).toBeLessThanOrEqual(s.relRms + 1e-12);
}

describe.skipIf(!hasData)(`Rallpacks vs reference traces${hasData ? '' : ' (skipped: ../shared/data/rallpacks is absent)'}`, () => {
  const ref1 = hasData ? readReference(1, dir) : undefined;
  const ref2 = hasData ? readReference(2, dir) : undefined;
  const ref3 = hasData ? readReference(3, dir) : undefined;

  it('Rallpack 1 (analytic), 1000 compartments: dt 0.025 ms 0.044 % / 0.0075 % (mean 0.026 %); dt 0.005 ms 0.039 % / 0.0015 %', () => {
    const m = rallpack1Model();
    expectRel(compareRun(runRallpack(m, 0.025), ref1!), 0.0005, 0.0001, 0.0003);
    // At the injection site the error is spatial: the first compartment's centre is 0.5 µm from the end.
    expectRel(compareRun(runRallpack(m, 0.005), ref1!), 0.00045, 0.00002, 0.00025);
  });

  it('Rallpack 2 (analytic), 1023 compartments: dt 0.025 ms 0.036 % / 0.0055 %; dt 0.005 ms 0.032 % / 0.0008 %', () => {
    const m = rallpack2Model();
    expectRel(compareRun(runRallpack(m, 0.025), ref2!), 0.0004, 0.00007, 0.00025);
    expectRel(compareRun(runRallpack(m, 0.005), ref2!), 0.00035, 0.00001, 0.0002);
  });

  it("Rallpack 2 needs cylinders: the skeleton's own frusta (child starts at the parent's diameter) are 18 % off", () => {
    const c = compareRun(runRallpack(rallpack2Model({ shape: 'skeleton' }), 0.025), ref2!);
    expect(c.meanRelRms).toBeGreaterThan(0.15);
  });

  it('Rallpack 3 (NEURON 1 µs), dt 0.025 ms: 18 and 17 spikes as the reference, srms 1.01 %, spikes ≤ 1.01 ms late', () => {
    const c = compareRun(runRallpack(rallpack3Model(), 0.025), ref3!);
    for (const s of c.sites) {
      expect(s.spikes!.spikes).toBe(s.spikes!.refSpikes);
      expect(s.spikes!.maxSpikeDt).toBeLessThan(1.1);
      expect(s.spikes!.srms).toBeLessThan(0.011);
    }
    expect([c.sites[0].spikes!.refSpikes, c.sites[1].spikes!.refSpikes]).toEqual([18, 17]);
    expect(c.accuracy).toBeLessThan(0.0105);
    // Backward Euler's first-order time error: the period is 0.4 % long, the trains drift apart.
    expectRel(c, 0.12, 0.175, 0.145);
  });

  it('Rallpack 3, dt 0.005 ms: spike counts equal, |Δt| ≤ 0.027 ms, srms 0.13 %, relative rms 0.32 % / 0.43 %', () => {
    const c = compareRun(runRallpack(rallpack3Model(), 0.005), ref3!);
    for (const s of c.sites) {
      expect(s.spikes!.spikes).toBe(s.spikes!.refSpikes);
      expect(s.spikes!.maxSpikeDt).toBeLessThan(0.035);
      expect(s.spikes!.srms).toBeLessThan(0.0017);
    }
    expect(c.accuracy).toBeLessThan(0.0016);
    // Below 0.5 %, but partly by cancellation: BE's period error (+) offsets hh's rate table (−).
    expectRel(c, 0.0036, 0.0047, 0.0042);
  });

  it('Rallpack 3 with exact hh rates (usetable_hh = 0, as the reference) at its 1 µs step: relative rms 0.002 %, spikes within 0.2 µs', () => {
    const c = compareRun(runRallpack(rallpack3Model(), 0.001, false), ref3!);
    for (const s of c.sites) {
      expect(s.spikes!.spikes).toBe(s.spikes!.refSpikes);
      expect(s.spikes!.maxSpikeDt).toBeLessThan(0.0002);
    }
    expect(c.meanRelRms).toBeLessThan(0.00003);
  }, 240_000);
});
