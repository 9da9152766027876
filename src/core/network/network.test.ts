import { describe, expect, it } from 'vitest';
import { backgroundNoise, networkFromEdges, PointNetwork } from './network.ts';
import { readEdgeList } from './edges.ts';
import { firingRates, groupRates } from './rates.ts';

// NEURON 8.2.2's spike times of the tutorial network's neuron C (tools/neuron/EVENTS.md §8).
const C = [
  130.00674825331026, 143.55442386910315, 159.25725470800066, 175.17068463165316, 189.37079174813167, 206.2992622505119, 221.09017582047704, 234.8238938849325, 249.38447491963274,
  266.5155820717049, 282.5646656939572, 294.97362236370657, 309.84332289411503, 326.9788337352348, 341.37268972653067, 356.268131678909, 370.8629618440497, 387.74362933701264, 400.8465955141128,
  417.1565002358742, 433.7072460957865, 447.2164856656723, 460.85362693566077, 477.4340405713228, 494.19380073280644, 508.0662048714259, 521.6365635783353, 538.1183921148854, 553.1525890854963,
  568.1737166430146, 583.0841270001836, 599.1294085673964, 612.3444940612343, 908.0568090015596, 924.1701547136978, 938.8191627796658, 954.01881861457, 969.7239271093874, 983.5315035584504,
  998.6432812265765,
];

const tutorial = () =>
  networkFromEdges(readEdgeList('source,target,weight\nB,C,-1\nA,C,0.5\n'), {
    model: 'IntFire4',
    stimuli: [
      { neurons: ['A'], start: 100, stop: 1000, frequency: 100, randomness: 0, independent: true, weight: 1 },
      { neurons: ['B'], start: 600, stop: 800, frequency: 100, randomness: 0, independent: true, weight: 1 },
    ],
  });

describe('point networks', () => {
  it("the tutorial's 3-neuron network gives NEURON's spike times (names sorted as navis does)", () => {
    const net = tutorial();
    expect(net.spec.names).toEqual(['A', 'B', 'C']);
    const r = net.run(1000);
    expect(r.spikes.map((s) => s.length)).toEqual([106, 23, 40]);
    for (let k = 0; k < C.length; k++) expect(Math.abs(r.spikes[2][k] - C[k])).toBeLessThan(1e-9);
    // Stimulus trains: 90 and 20 spikes (navis: number = trunc(duration·f/1000)).
    expect(r.stimulusSpikes.map((s) => s.length)).toEqual([90, 20]);
    expect(r.tFinal).toBe(1000.0000000014466);
    // B's inhibition silences C between 612.3 and 908.1 ms.
    expect(Array.from(r.spikes[2]).filter((t) => t > 613 && t < 908)).toEqual([]);
  });

  it('noisy stimuli: intervals follow (1 − noise)·interval + noise·interval·Exp(1) (mean and CV), reproducible per seed', () => {
    const stats = (noise: number, seed: number) => {
      const net = new PointNetwork({
        names: ['x'],
        model: 'IntFire1',
        edges: { source: [], target: [], weight: [] },
        stimuli: [{ neurons: [0], start: 0, stop: 2e5, frequency: 100, randomness: noise, independent: true, weight: 0 }],
        noise: { kind: 'random123', seed },
      });
      const s = net.run(2e5).stimulusSpikes[0];
      const isi = Array.from(s.subarray(1), (t, k) => t - s[k]);
      const mean = isi.reduce((a, b) => a + b, 0) / isi.length;
      const sd = Math.sqrt(isi.reduce((a, b) => a + (b - mean) ** 2, 0) / (isi.length - 1));
      return { n: isi.length, mean, cv: sd / mean, first: s[0] };
    };
    // 20,000 intervals: the standard error of the mean is about 0.7 % of it.
    const poisson = stats(1, 1);
    expect(poisson.n).toBeGreaterThan(19000);
    expect(Math.abs(poisson.mean - 10) / 10).toBeLessThan(0.03);
    expect(Math.abs(poisson.cv - 1)).toBeLessThan(0.03);
    const half = stats(0.5, 2);
    expect(Math.abs(half.mean - 10) / 10).toBeLessThan(0.03);
    expect(Math.abs(half.cv - 0.5)).toBeLessThan(0.03);
    expect(stats(1, 1)).toEqual(poisson);
    expect(stats(1, 3).first).not.toBe(poisson.first);
  });

  it('shared stimulus: one NetStim drives every listed neuron at the same times; independent ones differ', () => {
    const mk = (independent: boolean) =>
      new PointNetwork({
        names: ['a', 'b'],
        model: 'IntFire1',
        edges: { source: [], target: [], weight: [] },
        stimuli: [{ neurons: [0, 1], start: 0, stop: 500, frequency: 50, randomness: 1, independent, weight: 2 }],
      }).run(500);
    const shared = mk(false);
    expect(shared.stimulusSpikes.length).toBe(1);
    expect(Array.from(shared.spikes[0])).toEqual(Array.from(shared.spikes[1]));
    const indep = mk(true);
    expect(indep.stimulusSpikes.length).toBe(2);
    expect(Array.from(indep.spikes[0])).not.toEqual(Array.from(indep.spikes[1]));
  });

  it('background noise, labels and group rates', () => {
    const net = new PointNetwork({
      names: ['a', 'b', 'c'],
      labels: ['PN', 'PN', 'LN'],
      model: 'IntFire1',
      edges: { source: [0], target: [2], weight: [0.3] },
      stimuli: [{ ...backgroundNoise([0, 1, 2], 20, 1), weight: 1.5 }],
    });
    // 20 s so that the rate's sampling error (about 3 %) is well inside the tolerance.
    const r = net.run(20000);
    const rates = firingRates(Array.from(r.spikes), { bin: 100, tstop: 20000 });
    const groups = groupRates(rates.rates, net.spec.labels!);
    expect(groups.map((g) => [g.label, g.n])).toEqual([
      ['PN', 2],
      ['LN', 1],
    ]);
    // Every noise event (weight 1.5 > threshold) makes a spike unless it falls in the 5 ms
    // refractory period: a 20 Hz Poisson input gives 20/(1 + 20·0.005) = 18.2 Hz.
    const meanPn = groups[0].mean.reduce((a, b) => a + b, 0) / groups[0].mean.length;
    expect(Math.abs(meanPn - 18.2)).toBeLessThan(1.5);
  });

  it('rejects bad stimuli and edges with clear messages; warns about weights beyond ±1', () => {
    const base = { names: ['a', 'b'], model: 'IntFire1' as const, edges: { source: [0], target: [1], weight: [0.5] }, stimuli: [] };
    const stim = { neurons: [0], start: 10, frequency: 10, randomness: 0, independent: true, weight: 1 };
    expect(() => new PointNetwork({ ...base, stimuli: [{ ...stim, stop: 10 }] })).toThrow(/stop must be after start/);
    expect(() => new PointNetwork({ ...base, stimuli: [{ ...stim, stop: 5 }] })).toThrow(/stop must be after start/);
    expect(() => new PointNetwork({ ...base, stimuli: [{ ...stim, stop: 50, frequency: 0 }] })).toThrow(/frequency must be a positive number of Hz/);
    expect(() => new PointNetwork({ ...base, stimuli: [{ ...stim, stop: 50, duration: 40 }] })).toThrow(/either stop or duration/);
    expect(() => new PointNetwork({ ...base, stimuli: [{ ...stim, stop: 50, randomness: 2 }] })).toThrow(/randomness must be between 0 and 1/);
    expect(() => new PointNetwork({ ...base, stimuli: [{ ...stim, stop: 50, neurons: [7] }] })).toThrow(/neuron 7 does not exist/);
    expect(() => new PointNetwork({ ...base, edges: { source: [0], target: [5], weight: [1] } })).toThrow(/edge 0: neuron 5 does not exist/);
    expect(() => new PointNetwork({ ...base, edges: { source: [0], target: [1], weight: [NaN] } })).toThrow(/weight is not a finite number/);
    expect(() => new PointNetwork({ ...base, params: { tau: -1 } })).toThrow(/tau must be a positive number/);
    expect(() => new PointNetwork({ ...base, params: { taum: 3 } })).toThrow(/IntFire1 has no parameter "taum"/);
    expect(new PointNetwork({ ...base, edges: { source: [0, 1], target: [1, 0], weight: [1.5, -3] } }).warnings).toEqual([
      '2 edge weight(s) exceed 1 in magnitude (1 already makes a presynaptic spike trigger a postsynaptic one)',
    ]);
    expect(() => networkFromEdges(readEdgeList('source,target,weight\nA,B,1\n'), { stimuli: [{ ...stim, stop: 50, neurons: ['Z'] }] })).toThrow(/neuron "Z" is not in the network/);
  });

  it('can be cancelled', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => tutorial().run(1000, 0.025, ac.signal)).toThrow(/cancelled/);
  });
});

describe('per-edge delays', () => {
  it('an edge list with a delay column gives each NetCon its own delay: B and C fire one delay after A', () => {
    // IntFire1 fires at once on an event of weight 2 (m jumps past 1): a spike of A reaches B
    // after 2 ms and C after 7.5 ms, so each fires exactly that long after A.
    const net = networkFromEdges(readEdgeList('source,target,weight,delay\nA,B,2,2\nA,C,2,7.5\n'), {
      model: 'IntFire1',
      delay: 5,
      stimuli: [{ neurons: ['A'], start: 10, stop: 11, frequency: 1000, randomness: 0, independent: true, weight: 2 }],
    });
    const res = net.run(30);
    const [a, b, c] = res.spikes;
    expect(a.length).toBe(1);
    expect(b[0] - a[0]).toBeCloseTo(2, 12);
    expect(c[0] - a[0]).toBeCloseTo(7.5, 12);
    // Without the column every edge takes the network's one delay.
    const same = networkFromEdges(readEdgeList('source,target,weight\nA,B,2\nA,C,2\n'), { model: 'IntFire1', delay: 5, stimuli: [{ neurons: ['A'], start: 10, stop: 11, frequency: 1000, randomness: 0, independent: true, weight: 2 }] }).run(30);
    expect([same.spikes[1][0] - same.spikes[0][0], same.spikes[2][0] - same.spikes[0][0]].map((x) => +x.toFixed(9))).toEqual([5, 5]);
  });

  it('reads, leaves out an empty delay column and refuses bad or conflicting delays', () => {
    expect(Array.from(readEdgeList('source,target,weight,delay\nA,B,1,2.5\n').delay!)).toEqual([2.5]);
    expect(readEdgeList('source,target,weight,delay\nA,B,1,\nB,C,1,\n').delay).toBeUndefined();
    expect(() => readEdgeList('source,target,weight,delay\nA,B,1,2\nB,C,1,\n')).toThrow(/line 3: delay "" of B → C is not a number of ms ≥ 0/);
    expect(() => readEdgeList('source,target,weight,delay\nA,B,1,-1\n')).toThrow(/line 2: delay "-1" of A → B/);
    expect(() => readEdgeList('source,target,weight,delay\nA,B,1,2\nA,B,1,3\n')).toThrow(/line 3: edge A → B appears twice with different delays \(2 and 3 ms\), first on line 2/);
    // The same pair with the same delay: weights summed, as without delays.
    const summed = readEdgeList('source,target,weight,delay\nA,B,1,2\nA,B,0.5,2\n');
    expect([Array.from(summed.weight), Array.from(summed.delay!)]).toEqual([[1.5], [2]]);
  });
});
