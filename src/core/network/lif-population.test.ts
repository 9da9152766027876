import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { LifPopulation, brianSteps, type LifPopulationSpec } from './lif-population.ts';
import { LIF_DEFAULTS, lifStepConstants } from './lif-params.ts';
import { inputSchedule, poissonEvents, readSpikeFile } from './lif-inputs.ts';

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
const noEdges = { source: [], target: [], weight: [] };

describe('LIF step constants (Brian2 exact update, SI units)', () => {
  it('at the published values: exp(−dt/t_mbr), exp(−dt/tau), delay 18 steps, refractory 22 steps, input 68.75 mV', () => {
    const c = lifStepConstants(LIF_DEFAULTS, 0.1);
    expect(c.c9).toBe(Math.exp(-0.0001 / 0.02));
    expect(c.c10).toBe(Math.exp(-0.0001 / 0.005));
    // tau/(t_mbr − tau)·(e^{dt/tau} − e^{dt/t_mbr})·e^{−dt/t_mbr}·e^{−dt/tau} = (tau/(t_mbr−tau))·(e^{−dt/t_mbr} − e^{−dt/tau})
    expect(c.c8).toBeCloseTo((5 / 15) * (Math.exp(-0.1 / 20) - Math.exp(-0.1 / 5)), 15);
    expect(c.c7).toBeCloseTo(-0.052 * (1 - Math.exp(-0.1 / 20)), 17);
    expect(c.delaySteps).toBe(18);
    expect(c.rfcSteps).toBe(22);
    expect(c.winput).toBeCloseTo(0.06875, 15);
    expect(c.pPoisson).toBeCloseTo(0.015, 15);
    expect(c.vth).toBe(-0.045);
  });

  it('t_mbr = tau takes the limit dt/t_mbr·e^{−dt/tau} (Brian2 divides by zero there)', () => {
    const c = lifStepConstants({ ...LIF_DEFAULTS, t_mbr: 5, tau: 5 }, 0.1);
    expect(c.c8).toBe((0.0001 / 0.005) * Math.exp(-0.0001 / 0.005));
  });

  it("Brian2's step count: round(tstop/dt) when exact, else the ceiling", () => {
    expect(brianSteps(500, 0.1)).toBe(5000);
    expect(brianSteps(1000, 0.1)).toBe(10000);
    expect(brianSteps(0.25, 0.1)).toBe(3);
  });
});

describe('LifPopulation dynamics (hand computations)', () => {
  it('one presynaptic spike: arrives t_dly later and v follows v_0 + X·tau/(t_mbr − tau)·(e^{−t/t_mbr} − e^{−t/tau})', () => {
    // Neuron 0 gets an input spike at step 0 (v jumps by 68.75 mV), fires at step 1; the spike reaches neuron 1 at step 19.
    const w = 10;
    const pop = new LifPopulation({ names: names(2), edges: { source: [0], target: [1], weight: [w] }, inputs: { neuron: [0], time: [0] } });
    const steps = 119;
    const r = pop.run(11.9, 0.1);
    expect(Array.from(r.spikes[0])).toEqual([0.1]);
    expect(r.spikes[1].length).toBe(0);
    expect(r.events).toBe(1);
    // x = X added after step 19's update; updated at steps 20 … 118: t = 99 steps.
    const X = w * 0.275;
    const t = (steps - 20) * 0.1;
    const analytic = -52 + ((X * 5) / (20 - 5)) * (Math.exp(-t / 20) - Math.exp(-t / 5));
    expect(r.final.v[1] * 1000).toBeCloseTo(analytic, 10);
    expect(r.final.x[1] * 1000).toBeCloseTo(X * Math.exp(-t / 5), 12);
  });

  it('refractory: an input 22 steps after a spike fires again, one 21 steps after is lost (Brian2 drops input to refractory neurons)', () => {
    const run = (second: number) => new LifPopulation({ names: names(1), edges: noEdges, inputs: { neuron: [0, 0], time: [1.5, second] } }).run(10, 0.1).spikes[0];
    // First input at step 15 → spike at step 16; refractory while step − 16 < 22.
    expect(Array.from(run(3.8), (t) => Math.round(t * 10))).toEqual([16, 39]);
    expect(Array.from(run(3.7), (t) => Math.round(t * 10))).toEqual([16]);
    expect(Array.from(run(1.8), (t) => Math.round(t * 10))).toEqual([16]);
  });

  it('no refractory period for listed neurons: input at the next step fires it again', () => {
    const r = new LifPopulation({ names: names(1), edges: noEdges, inputs: { neuron: [0, 0], time: [1.5, 1.6] }, noRefractory: [0] }).run(10, 0.1);
    // The input at step 16 is in the spike's own step (not_refractory is false then): lost. Step 17's fires at 18.
    expect(Array.from(r.spikes[0], (t) => Math.round(t * 10))).toEqual([16]);
    const r2 = new LifPopulation({ names: names(1), edges: noEdges, inputs: { neuron: [0, 0], time: [1.5, 1.7] }, noRefractory: [0] }).run(10, 0.1);
    expect(Array.from(r2.spikes[0], (t) => Math.round(t * 10))).toEqual([16, 18]);
  });

  it('threshold is strict (v > v_th) and a subthreshold input decays back toward v_0', () => {
    // f_poi·w_syn = 7 mV: v = −45 mV exactly is not above −45 mV after the decay of one step.
    const r = new LifPopulation({ names: names(1), params: { f_poi: 7 / 0.275 }, edges: noEdges, inputs: { neuron: [0], time: [0] } }).run(5, 0.1);
    expect(r.spikes[0].length).toBe(0);
    // v − v_0 = 7 mV · e^{−(49 steps)·dt/t_mbr}
    expect(r.final.v[0] * 1000).toBeCloseTo(-52 + 7 * Math.exp((-49 * 0.1) / 20), 10);
  });

  it('inhibitory weights lower v; synapses sum in x', () => {
    const spec: LifPopulationSpec = { names: names(3), edges: { source: [0, 1], target: [2, 2], weight: [-20, -20] }, inputs: { neuron: [0, 1], time: [0, 0] } };
    const r = new LifPopulation(spec).run(5, 0.1);
    const X = -40 * 0.275;
    const t = (50 - 20) * 0.1;
    expect(r.final.v[2] * 1000).toBeCloseTo(-52 + ((X * 5) / 15) * (Math.exp(-t / 20) - Math.exp(-t / 5)), 10);
  });
});

describe('LifPopulation inputs', () => {
  it('spike file: binned as Brian2 bins (⌊(t + 10⁻³dt)/dt⌋), read by name, errors name the line', () => {
    const s = inputSchedule([0, 1, 0], [0.3, 0.2998, 9.95], 2, 0.1, 100);
    expect(Array.from(s.start.slice(0, 5))).toEqual([0, 0, 0, 1, 2]);
    expect(s.dropped).toBe(0);
    expect(Array.from(s.neuron)).toEqual([1, 0, 0]);
    const f = readSpikeFile('neuron,time\nb,1.5\na,2\n', ['a', 'b']);
    expect(Array.from(f.neuron)).toEqual([1, 0]);
    expect(Array.from(f.time)).toEqual([1.5, 2]);
    expect(() => readSpikeFile('neuron,time\nc,1\n', ['a'])).toThrow(/line 2: neuron "c" is not in the population/);
    expect(() => readSpikeFile('neuron,time\na,-1\n', ['a'])).toThrow(/line 2: time must be/);
  });

  it('Poisson drive: seeded, rate r_poi·dt per step (2σ), at most one event per neuron and step', () => {
    const neurons = Int32Array.from({ length: 200 }, (_, i) => i);
    const a = poissonEvents(neurons, 0.015, 3, 10000);
    const b = poissonEvents(neurons, 0.015, 3, 10000);
    expect(Array.from(a.step.slice(0, 50))).toEqual(Array.from(b.step.slice(0, 50)));
    const expected = 200 * 10000 * 0.015;
    expect(Math.abs(a.neuron.length - expected)).toBeLessThan(2 * Math.sqrt(expected));
    const seen = new Set<number>();
    for (let k = 0; k < a.neuron.length; k++) seen.add(a.step[k] * 1000 + a.neuron[k]);
    expect(seen.size).toBe(a.neuron.length);
  });

  it('poissonEvents lists the very events a run draws (a spike file of them gives the same spikes)', () => {
    const n = 50;
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const edges = { source: Array.from({ length: n }, (_, i) => i), target: Array.from({ length: n }, (_, i) => (i + 1) % n), weight: Array.from({ length: n }, () => 60) };
    const params = { f_poi: 15, r_poi: 40 };
    const a = new LifPopulation({ names: names(n), edges, params, poisson: { neurons: all, seed: 4, refractory: true } }).run(500, 0.1);
    const ev = poissonEvents(all, 40 * 0.1 * 1e-3, 4, 5000);
    const b = new LifPopulation({ names: names(n), edges, params, inputs: { neuron: ev.neuron, time: Float64Array.from(ev.step, (s) => s * 0.1) } }).run(500, 0.1);
    expect(a.inputEvents).toBe(ev.neuron.length);
    expect(a.spikes.reduce((k, s) => k + s.length, 0)).toBe(336);
    for (let i = 0; i < n; i++) expect(Array.from(a.spikes[i])).toEqual(Array.from(b.spikes[i]));
  });

  it('published Poisson drive: 68.75 mV into v fires the driven neuron the next step; no refractory period, so it fires at ≈ r_poi', () => {
    const r = new LifPopulation({ names: names(20), edges: noEdges, poisson: { neurons: Array.from({ length: 20 }, (_, i) => i), seed: 5 } }).run(1000, 0.1);
    let spikes = 0;
    for (const s of r.spikes) spikes += s.length;
    // Each event fires at the next step except one landing on a spike's own step (lost): rate ≈ 150·(1 − 0.015) Hz.
    const expected = 20 * 150 * (1 - 0.015);
    expect(Math.abs(spikes - expected)).toBeLessThan(3 * Math.sqrt(expected));
    expect(r.inputEvents).toBeGreaterThan(spikes);
  });
});

describe('LifPopulation bad input', () => {
  const base: LifPopulationSpec = { names: names(3), edges: { source: [0, 1], target: [1, 2], weight: [1, 1] } };
  it('refuses unknown neurons, NaN weights, negative delays, unknown parameters, with words', () => {
    expect(() => new LifPopulation({ ...base, edges: { source: [0, 5], target: [1, 2], weight: [1, 1] } })).toThrow(/edge 1: neuron 5 does not exist/);
    expect(() => new LifPopulation({ ...base, edges: { source: [0, 1], target: [1, 2], weight: [1, NaN] } })).toThrow(/edge 1 \(n1 → n2\): weight is not a finite number/);
    expect(() => new LifPopulation({ ...base, params: { t_dly: -1 } })).toThrow(/t_dly must be ≥ 0 of ms/);
    expect(() => new LifPopulation({ ...base, params: { tau: 0 } })).toThrow(/tau must be a positive number of ms/);
    expect(() => new LifPopulation({ ...base, params: { v_rest: -60 } as never })).toThrow(/no parameter "v_rest"/);
    expect(() => new LifPopulation({ ...base, poisson: { neurons: [7] } })).toThrow(/Poisson input: neuron 7 does not exist/);
    expect(() => new LifPopulation({ ...base, inputs: { neuron: [9], time: [1] } }).run(10)).toThrow(/input spike 1: neuron 9 does not exist/);
    expect(() => new LifPopulation({ ...base, inputs: { neuron: [0], time: [NaN] } }).run(10)).toThrow(/time must be a number of ms/);
  });

  it('refuses a network too big for memory before allocating, with the estimate', () => {
    // 127,000 × 14.7 M at a 1 GiB limit: ≈ 16 bytes per edge → about 0.24 GB… refused at 100 MB.
    const huge = { length: 14_700_000 } as ArrayLike<number>;
    let err: unknown;
    try {
      new LifPopulation({ names: names(127_000), edges: { source: huge, target: huge, weight: huge } }, { maxBytes: 100e6 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CoreError);
    expect((err as Error).message).toMatch(/127,000 neurons and 14,700,000 edges needs about 2\d\d MB; at most 100 MB/);
  });
});

describe('LifPopulation kernels', () => {
  it.each([300, 301, 302, 303])('the WebAssembly SIMD kernel and the JS kernel give the same doubles (n = %i: fours, a pair, an odd one; recurrent spikes, refractory neurons)', (n) => {
    const source: number[] = [];
    const target: number[] = [];
    const weight: number[] = [];
    for (let s = 0; s < n; s++) for (let k = 1; k <= 20; k++) (source.push(s), target.push((s * 7 + k * 13) % n), weight.push(s % 5 === 0 ? -15 : 25));
    const spec: LifPopulationSpec = { names: names(n), edges: { source, target, weight }, params: { f_poi: 12 }, poisson: { neurons: Array.from({ length: n }, (_, i) => i), seed: 9, refractory: true } };
    const a = new LifPopulation(spec, { wasm: true }).run(300, 0.1);
    const b = new LifPopulation(spec, { wasm: false }).run(300, 0.1);
    let spikes = 0;
    for (const s of a.spikes) spikes += s.length;
    expect(spikes).toBeGreaterThan(1000);
    expect(a.events).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) expect(Array.from(a.spikes[i])).toEqual(Array.from(b.spikes[i]));
    expect(Array.from(a.final.v)).toEqual(Array.from(b.final.v));
    expect(Array.from(a.final.x)).toEqual(Array.from(b.final.x));
  });

  it("the edge readers' CSR gives what the columns give", () => {
    const spec: LifPopulationSpec = { names: names(3), edges: { source: [0, 1, 0], target: [1, 2, 2], weight: [30, 30, 30] }, inputs: { neuron: [0, 0], time: [0, 5] } };
    const csr = { offsets: Int32Array.from([0, 2, 3, 3]), targets: Int32Array.from([1, 2, 2]), weights: Float64Array.from([30, 30, 30]) };
    const a = new LifPopulation(spec).run(20);
    const b = new LifPopulation({ ...spec, edges: { source: [], target: [], weight: [], csr } }).run(20);
    expect(Array.from(a.final.v)).toEqual(Array.from(b.final.v));
    expect(a.events).toBe(b.events);
    expect(() => new LifPopulation({ ...spec, edges: { source: [], target: [], weight: [], csr: { ...csr, targets: Int32Array.from([1, 5, 2]) } } })).toThrow(/edge 1: neuron 5 does not exist/);
    expect(() => new LifPopulation({ ...spec, edges: { source: [], target: [], weight: [], csr: { ...csr, weights: Float64Array.from([30, 30, Infinity]) } } })).toThrow(/edge 2 \(n1 → n2\): weight is not a finite number/);
  });
});
