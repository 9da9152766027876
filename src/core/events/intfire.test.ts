/**
 * IntFire1/2/4 and NetStim against NEURON 8.2.2's spike times (tools/neuron/EVENTS.md §4, §6:
 * single cells receiving NetCon.event inputs inserted in list order at finitialize).
 */
import { describe, expect, it } from 'vitest';
import { EventSystem, netConsOf } from './system.ts';
import { IntFire1, IntFire2, IntFire4, INTFIRE2_DEFAULTS, INTFIRE4_DEFAULTS, intFire4Factors, type IntFire1Params, type IntFire2Params, type IntFire4Params } from './intfire.ts';
import { NetStim, NETSTIM_DEFAULTS } from './netstim.ts';
import { LegacyStream, Random123Stream, type ExpSource } from './random.ts';
import type { ArtificialCell } from './system.ts';

function runCell(cell: ArtificialCell, inputs: Array<[number, number]>, tstop: number): number[] {
  const sys = new EventSystem([cell], 0, 0, netConsOf([]));
  sys.initialize();
  for (const [t, w] of inputs) sys.queue.insertEvent(t, 0, w);
  sys.deliver(tstop);
  return sys.spikes[0];
}

const close = (a: number[], b: number[]) => {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-9);
};

const f1 = (p: Partial<IntFire1Params>) => new IntFire1({ tau: 10, refrac: 5, ...p });
const f2 = (p: Partial<IntFire2Params>) => new IntFire2({ ...INTFIRE2_DEFAULTS, ...p });
const f4 = (p: Partial<IntFire4Params>) => new IntFire4(intFire4Factors({ ...INTFIRE4_DEFAULTS, ...p }));

describe('IntFire1 vs NEURON', () => {
  it('0.6 at 10, 12, 14 → one spike at 12 (the input at 14 falls in the refractory period)', () => {
    expect(runCell(f1({}), [[10, 0.6], [12, 0.6], [14, 0.6]], 100)).toEqual([12]);
  });
  it('m exactly 1 does not fire; a hair above does; inhibition is integrated; times are exact', () => {
    expect(runCell(f1({}), [[10, 0.5], [10, 0.5]], 100)).toEqual([]);
    expect(runCell(f1({}), [[10, 1.0000001]], 100)).toEqual([10]);
    expect(runCell(f1({}), [[5, -0.5], [10, 0.6], [11, 0.6], [11.5, 0.6]], 100)).toEqual([11.5]);
    expect(runCell(f1({}), [[10.0123, 1.5]], 100)).toEqual([10.0123]);
  });
  it('tau 3, refrac 2, 60 inputs of 0.45 every 0.7 ms', () => {
    const inputs: Array<[number, number]> = [];
    let t = 1;
    for (let k = 0; k < 60; k++) {
      inputs.push([t, 0.45]);
      t += 0.7;
    }
    close(runCell(f1({ tau: 3, refrac: 2 }), inputs, 100), [2.4, 5.8999999999999995, 9.399999999999999, 12.899999999999999, 16.4, 19.9, 23.4, 26.9, 30.4, 33.9, 37.4, 40.9]);
  });
});

describe('IntFire2 vs NEURON', () => {
  it('no spike below threshold; with ib 1.2 it fires every 10·ln 6 ms', () => {
    expect(runCell(f2({}), [[10, 1.5]], 200)).toEqual([]);
    const s = runCell(f2({ ib: 1.2 }), [], 200);
    close(s, [17.917594692280552, 35.835189384561104, 53.75278407684166, 71.67037876912221, 89.58797346140275, 107.5055681536833, 125.42316284596384, 143.3407575382444, 161.25835223052493, 179.17594692280548, 197.09354161508602]);
  });
  it('mixed excitation and inhibition', () => {
    close(runCell(f2({ taus: 20, taum: 10 }), [[10, 0.8], [11, 0.8], [30, 2.0], [31, -1.0], [60, 3]], 200), [32.73976785354329, 62.0081010460317, 66.69188825891392, 73.73964737987998]);
  });
});

describe('IntFire4 vs NEURON (van Elburg intfire4.mod)', () => {
  it('factors match NEURON bit for bit at the defaults', () => {
    const f = intFire4Factors(INTFIRE4_DEFAULTS);
    expect(f.be).toBe(1.4350551833498708);
    expect(f.ae).toBe(0.2583099330029768);
    expect(f.ai1).toBe(0.2);
    expect(f.bi2).toBeCloseTo(1.6331026236680515, 14);
    expect(f.ai2).toBeCloseTo(0.04899307871004155, 15);
  });
  it('single and repeated excitatory inputs', () => {
    close(runCell(f4({}), [[10, 1.0]], 300), [22.774668518430936]);
    close(runCell(f4({}), [[10, 1.5]], 300), [13.87275745804518]);
    close(runCell(f4({}), [[10, 0.6], [12, 0.6], [14, 0.6]], 300), [15.248093250652353]);
  });
  it('a train of 0.5 every 2 ms with inhibition at 40 and 41', () => {
    const inputs: Array<[number, number]> = [];
    for (let k = 0; k < 30; k++) inputs.push([10 + 2 * k, 0.5]);
    inputs.push([40, -1], [41, -1]);
    close(runCell(f4({}), inputs, 300), [
      16.10824642303984, 19.997785813390443, 23.391503764390823, 26.71483841824421, 30.067284237305007, 33.21849682206547, 36.45484952676244, 39.68576807440149, 43.020533710109426,
      47.01040206039961, 51.51985852770251, 56.21118649539348, 60.711114706834, 65.11119562773877, 69.34601116512745,
    ]);
  });
  it('fixprecondition adjusts time constants as NEURON does (taue 30 → 19.99, taum 5 → taue 4.99)', () => {
    const a = intFire4Factors({ ...INTFIRE4_DEFAULTS, taue: 30 });
    expect([a.taue, a.taui1, a.taui2, a.taum]).toEqual([19.99, 10, 20, 50]);
    expect(a.warnings[0]).toMatch(/Adjusted taue/);
    close(runCell(f4({ taue: 30 }), [[10, 2.0], [11, 2.0]], 300), [13.523750385314663, 17.098454640601837, 21.497164138277604, 27.239662910300268, 35.62275468960826, 52.86070733955976]);
    close(runCell(f4({ taum: 5 }), [[10, 1.2], [30, 0.9], [31, 0.9]], 300), [12.552777881133027, 31.609856343220834, 33.409248686855236, 37.45720284121237]);
    const s = intFire4Factors({ ...INTFIRE4_DEFAULTS, taui1: 25 });
    expect([s.taue, s.taui1, s.taui2]).toEqual([5, 20, 25]);
  });
});

describe('NetStim vs NEURON', () => {
  const train = (p: Partial<typeof NETSTIM_DEFAULTS>, rand: ExpSource = new LegacyStream(1), tstop = 1000) => runCell(new NetStim({ ...NETSTIM_DEFAULTS, ...p }, rand), [], tstop);
  it('regular trains: start, ceil(number) spikes, none for start < 0 or number 0, (start + interval) − interval', () => {
    expect(train({ start: 5, number: 3, interval: 10 })).toEqual([5, 15, 25]);
    expect(train({ start: 0, number: 2, interval: 7 })).toEqual([0, 7]);
    expect(train({ start: 0.1, number: 4, interval: 1000 / 3 }, undefined, 200)).toEqual([0.10000000000002274]);
    expect(train({ start: 3, number: 2.5, interval: 10 })).toEqual([3, 13, 23]);
    expect(train({ start: 3, number: 0 })).toEqual([]);
    expect(train({ start: -1, number: 3 })).toEqual([]);
    expect(train({ start: 12.3456, number: 3, interval: 0.0123 })).toEqual([12.3456, 12.357899999999999, 12.370199999999999]);
  });
  it("noisy trains from NEURON's default generator (fresh process) and from Random123 streams", () => {
    close(train({ start: 10, number: 5, interval: 20, noise: 0.5 }), [15.014501958829882, 25.361292003698757, 46.642060578425614, 60.75091153843236, 75.54029947964733]);
    close(train({ start: 10, number: 5, interval: 20, noise: 0.5 }, new Random123Stream(1, 0, 0)), [16.603331761410487, 27.225723850026746, 65.53015951276504, 82.1561460705984, 94.50110744031477]);
    close(train({ start: 10, number: 5, interval: 20, noise: 0.5 }, new Random123Stream(1, 1, 0)), [11.386158169358971, 27.202484282281993, 37.81780020798552, 55.98394445054717, 78.24132509301953]);
    close(train({ start: 0, number: 8, interval: 10, noise: 1 }, new Random123Stream(7, 2, 3)), [11.439786359830196, 12.411472339448556, 16.260925112148094, 32.0426255527763, 51.76700745238013, 70.85933798968622, 70.89775451654472, 73.66235151009523]);
  });
  it('Philox4x32-10 gives NEURON Random123 stream (1, 0, 0) bit for bit', () => {
    const s = new Random123Stream(1, 0, 0);
    expect([s.uniform(), s.uniform(), s.uniform()]).toEqual([0.5166791606422795, 0.9396580853639966, 0.05898668336239953]);
  });
});
