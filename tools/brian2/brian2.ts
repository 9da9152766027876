/**
 * Brian2 as the reference of the LIF population: write a case (network, inputs, parameters as
 * data files), run tools/brian2/run_lif.py with Debian's python (the one with brian2), read its
 * spikes back. Used by the validation test and the network-brian2 bench.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO } from '../neuron/case.ts';
import type { LifParams } from '../../src/core/network/lif-params.ts';

export const PY = process.env.NEUROWIRE_PYTHON ?? '/usr/bin/python3';

/** True when Debian's python imports brian2 (apt-get install -y python3-brian). */
export function brian2Available(): boolean {
  return spawnSync(PY, ['-c', 'import brian2'], { stdio: 'ignore' }).status === 0;
}

export interface BrianLifCase {
  n: number;
  dt: number;
  tstop: number;
  params: LifParams;
  target: 'numpy' | 'cython';
  edges: { source: Int32Array; target: Int32Array; weight: Float64Array };
  /** Input spikes: neuron indices and times (ms). */
  inputs?: { neuron: Int32Array; time: Float64Array };
  /** Brian2's own PoissonInput on these neurons (its own random numbers). */
  poisson?: { neurons: Int32Array; seed: number; refractory?: boolean };
  noRefractory?: Int32Array;
}

export interface BrianLifOutput {
  spikes: number;
  build_s: number;
  sim_s: number;
  peak_mib: number;
  /** Spikes as (neuron, step) columns, in Brian2's order (by step, then neuron). */
  neuron: Int32Array;
  step: Int32Array;
  /** v and x of every neuron at the end (V). */
  v: Float64Array;
  x: Float64Array;
}

const bytes = (a: Int32Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Write the case's files into dir, run Brian2 on them, and read its spikes. */
export function runBrianLif(c: BrianLifCase, dir: string, env: Record<string, string> = {}): BrianLifOutput {
  mkdirSync(dir, { recursive: true });
  const file = (name: string, a: Int32Array | Float64Array) => {
    const p = resolve(dir, name);
    writeFileSync(p, bytes(a));
    return p;
  };
  const json: Record<string, unknown> = {
    n: c.n,
    dt: c.dt,
    tstop: c.tstop,
    params: c.params,
    target: c.target,
    cache_dir: resolve(dir, 'cython-cache'),
    edges: { source: file('source.i32', c.edges.source), target: file('target.i32', c.edges.target), weight: file('weight.f64', c.edges.weight) },
    spikes_out: resolve(dir, 'brian-spikes'),
  };
  if (c.inputs) json.inputs = { neuron: file('input-neuron.i32', c.inputs.neuron), time: file('input-time.f64', c.inputs.time) };
  if (c.poisson) json.poisson = { neurons: file('poisson.i32', c.poisson.neurons), seed: c.poisson.seed, refractory: !!c.poisson.refractory };
  if (c.noRefractory) json.no_refractory = file('no-refractory.i32', c.noRefractory);
  const casePath = resolve(dir, 'case.json');
  writeFileSync(casePath, JSON.stringify(json));
  const outPath = resolve(dir, 'out.json');
  execFileSync(PY, [resolve(REPO, 'tools/brian2/run_lif.py'), casePath, outPath], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const out = JSON.parse(readFileSync(outPath, 'utf8')) as Omit<BrianLifOutput, 'neuron' | 'step' | 'v' | 'x'>;
  const buf = (p: string) => {
    const b = readFileSync(`${json.spikes_out as string}${p}`);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  return {
    ...out,
    neuron: new Int32Array(buf('.i.i32')),
    step: new Int32Array(buf('.step.i32')),
    v: new Float64Array(buf('.v.f64')),
    x: new Float64Array(buf('.x.f64')),
  };
}

/** numpy's AVX-512 exp is 1 ulp off the C library's for some arguments: this env makes numpy use the C library's (run_lif.py explains). */
export const LIBM_EXP_ENV = { NPY_DISABLE_CPU_FEATURES: 'AVX512F AVX512_SKX' };
