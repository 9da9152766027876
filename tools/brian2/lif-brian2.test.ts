/**
 * The LIF population against Brian2 2.5.1 (Debian's python3-brian, numpy target), same network
 * and parameters:
 *  1. the same input spikes from a shared spike file: the same spikes, step for step, and the
 *     same v and x at the end, bit for bit;
 *  2. Poisson drive with each simulator's own random numbers: population rates within 1 %.
 * Skipped, saying why, when /usr/bin/python3 cannot import brian2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LifPopulation } from '../../src/core/network/lif-population.ts';
import { LIF_DEFAULTS } from '../../src/core/network/lif-params.ts';
import { brian2Available, LIBM_EXP_ENV, runBrianLif } from './brian2.ts';
import { inputSpikeFile, randomCountNetwork } from './lif-cases.ts';

const live = brian2Available();
if (!live) console.warn('lif-brian2: /usr/bin/python3 cannot import brian2 (apt-get install -y python3-brian): Brian2 comparison skipped');
const dir = mkdtempSync(resolve(tmpdir(), 'nw-lif-brian2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 1000;
const names = Array.from({ length: N }, (_, i) => String(i));

describe.skipIf(!live)('LIF population vs Brian2', () => {
  it('shared input spikes: identical spikes and bit-identical final v, x (1,000 neurons × 50,000 edges, 500 ms)', () => {
    // Signed synapse counts 1–20 (a fifth inhibitory); every tenth neuron gets 50 Hz input spikes.
    const edges = randomCountNetwork(N, 50, 20, 7);
    const inputs = inputSpikeFile(Array.from({ length: N / 10 }, (_, i) => 10 * i), 50, 500, 0.1, 11);
    const r = new LifPopulation({ names, edges, inputs }).run(500, 0.1);
    const b = runBrianLif({ n: N, dt: 0.1, tstop: 500, params: { ...LIF_DEFAULTS }, target: 'numpy', edges, inputs }, resolve(dir, 'same-inputs'), LIBM_EXP_ENV);
    const ours = new Set<string>();
    let nw = 0;
    r.spikes.forEach((s, i) => s.forEach((t) => (nw++, ours.add(`${i}@${Math.round(t / 0.1)}`))));
    let onlyBrian = 0;
    for (let k = 0; k < b.neuron.length; k++) {
      if (!ours.has(`${b.neuron[k]}@${b.step[k]}`)) onlyBrian++;
    }
    // Spikes compared as (neuron, step): ours are at step·dt (ms), Brian2's at step·dt (s).
    const theirs = new Set(Array.from(b.neuron, (i, k) => `${i}@${b.step[k]}`));
    let onlyOurs = 0;
    for (const key of ours) if (!theirs.has(key)) onlyOurs++;
    let vDiff = 0;
    let maxDv = 0;
    for (let i = 0; i < N; i++) {
      if (r.final.v[i] !== b.v[i] || r.final.x[i] !== b.x[i]) vDiff++;
      maxDv = Math.max(maxDv, Math.abs(r.final.v[i] - b.v[i]));
    }
    let recurrent = 0;
    const inputAt = new Set(Array.from(inputs.neuron, (i, k) => `${i}@${Math.round(inputs.time[k] / 0.1) + 1}`));
    for (const key of ours) if (!inputAt.has(key)) recurrent++;
    console.log(
      `lif-brian2 same inputs: NeuroWire ${nw} spikes (${recurrent} not the step after an input), Brian2 ${b.spikes}; only NeuroWire ${onlyOurs}, only Brian2 ${onlyBrian}; neurons whose final v or x differ: ${vDiff} (max |Δv| ${maxDv} V); Brian2 sim ${b.sim_s.toFixed(2)} s, NeuroWire ${(r.wallMs / 1000).toFixed(2)} s`,
    );
    expect(nw).toBe(2726);
    expect(recurrent).toBeGreaterThan(300);
    expect(b.spikes).toBe(nw);
    expect(onlyOurs).toBe(0);
    expect(onlyBrian).toBe(0);
    expect(vDiff).toBe(0);
  });

  it('Poisson drive, each its own random numbers: population rate within 1 % (1,000 neurons × 50,000 edges, 1 s)', () => {
    // Poisson input at r_poi = 150 Hz into every neuron, f_poi = 10 (2.75 mV: about three inputs make a spike), refractory kept.
    const edges = randomCountNetwork(N, 50, 18, 7);
    const params = { ...LIF_DEFAULTS, f_poi: 10 };
    const all = Int32Array.from({ length: N }, (_, i) => i);
    const r = new LifPopulation({ names, edges, params, poisson: { neurons: all, seed: 1, refractory: true } }).run(1000, 0.1);
    const b = runBrianLif({ n: N, dt: 0.1, tstop: 1000, params, target: 'numpy', edges, poisson: { neurons: all, seed: 1, refractory: true } }, resolve(dir, 'poisson'));
    let nw = 0;
    for (const s of r.spikes) nw += s.length;
    const rel = Math.abs(nw - b.spikes) / b.spikes;
    console.log(`lif-brian2 Poisson: NeuroWire ${nw} spikes (${(nw / N).toFixed(2)} Hz), Brian2 ${b.spikes} (${(b.spikes / N).toFixed(2)} Hz): ${(100 * rel).toFixed(2)} % apart`);
    expect(b.spikes).toBeGreaterThan(100_000);
    expect(rel).toBeLessThan(0.01);
  });
});
