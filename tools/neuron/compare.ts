/** Comparing a NeuroWire run with NEURON's output, and reading/writing golden traces. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RunResult } from '../../src/core/cable/model.ts';
import { crossingTimes, maxSpikeShift } from '../../src/core/analysis/spikes.ts';
import { REPO } from './case.ts';

export const GOLDEN_DIR = resolve(REPO, 'tools/neuron/goldens');

/** What run_case.py writes. */
export interface NeuronOutput {
  name: string;
  neuron_version: string;
  kind?: 'network';
  every: number;
  t: number[];
  traces: Record<string, Array<number | null>>;
  /** Spike times (ms) per label: labelled NetCons' sources, and every cell of a network case. */
  spikes?: Record<string, number[]>;
  meta: { sections: number; segments: number; trees: number; nodes: number; runtime_ms: number; times_ms?: number[]; median_ms?: number; t_final?: number; cells?: number };
}

export interface Comparison {
  samples: number;
  /** Largest |V_neurowire − V_neuron| over all traces and samples (mV). */
  maxDv: number;
  /** Number of spikes (upward 0 mV crossings) in NEURON's traces, all recorders together. */
  spikes: number;
  /** Largest spike-time difference (ms); Infinity if spike counts differ. */
  maxSpikeDt: number;
  pass: boolean;
  why: string;
}

/** Spike threshold for comparing traces (mV). */
const SPIKE_THRESHOLD = 0;

/** Compare sample by sample; the tolerance is the issue's: spike times ≤ 0.1 ms, else |ΔV| ≤ 0.5 mV. */
export function compareToReference(res: RunResult, ref: NeuronOutput): Comparison {
  const why: string[] = [];
  const n = ref.t.length;
  if (res.t.length !== n) why.push(`${res.t.length} samples, NEURON has ${n}`);
  let maxDt = 0;
  for (let k = 0; k < Math.min(n, res.t.length); k++) maxDt = Math.max(maxDt, Math.abs(res.t[k] - ref.t[k]));
  if (maxDt > 1e-9) why.push(`sample times differ by ${maxDt} ms`);
  let maxDv = 0;
  let spikes = 0;
  let maxSpikeDt = 0;
  for (const [label, rv] of Object.entries(ref.traces)) {
    const ours = res.traces[label];
    if (!ours) {
      why.push(`no trace "${label}"`);
      continue;
    }
    const m = Math.min(ours.length, rv.length);
    for (let k = 0; k < m; k++) {
      const r = rv[k];
      const d = r === null ? (Number.isFinite(ours[k]) ? Infinity : 0) : Math.abs(ours[k] - r);
      if (!(d <= maxDv)) maxDv = d;
    }
    const a = crossingTimes(ref.t, rv as number[], SPIKE_THRESHOLD);
    const b = crossingTimes(res.t, ours, SPIKE_THRESHOLD);
    spikes += a.length;
    maxSpikeDt = Math.max(maxSpikeDt, maxSpikeShift(a, b));
  }
  // Recorded spike trains (detectors, NetStims, network cells): same count, times within 0.1 ms.
  const trains = compareSpikes(ref.spikes ?? {}, res.spikes ?? {}, why);
  spikes += trains.count;
  maxSpikeDt = Math.max(maxSpikeDt, trains.maxDt);
  if (spikes > 0 && !(maxSpikeDt <= 0.1)) why.push(`spike times differ by ${maxSpikeDt} ms`);
  if (spikes === 0 && !(maxDv <= 0.5)) why.push(`|ΔV| up to ${maxDv} mV`);
  return { samples: n, maxDv, spikes, maxSpikeDt, pass: why.length === 0, why: why.join('; ') };
}

/** Compare labelled spike trains; returns the number of reference spikes and the largest |Δt| (Infinity on a count mismatch). */
export function compareSpikes(ref: Record<string, number[]>, ours: Record<string, ArrayLike<number>>, why: string[]): { count: number; maxDt: number } {
  let count = 0;
  let maxDt = 0;
  for (const [label, times] of Object.entries(ref)) {
    const mine = ours[label];
    if (!mine) {
      why.push(`no spike train "${label}"`);
      continue;
    }
    count += times.length;
    const d = maxSpikeShift(times, Array.from(mine));
    if (d === Infinity) why.push(`"${label}": ${mine.length} spikes, NEURON has ${times.length}`);
    maxDt = Math.max(maxDt, d);
  }
  return { count, maxDt };
}

/** A network case's spikes against NEURON's. */
export function compareNetwork(ours: Record<string, ArrayLike<number>>, ref: NeuronOutput): Comparison {
  const why: string[] = [];
  const { count, maxDt } = compareSpikes(ref.spikes ?? {}, ours, why);
  if (count > 0 && !(maxDt <= 0.1)) why.push(`spike times differ by ${maxDt} ms`);
  return { samples: 0, maxDv: 0, spikes: count, maxSpikeDt: maxDt, pass: why.length === 0, why: why.join('; ') };
}

/** Store NEURON's output for a case (gzip JSON; full double precision). */
export function writeGolden(name: string, ref: NeuronOutput): void {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  const { meta, ...rest } = ref;
  // Timing is machine-specific noise; keep the structure only.
  const stored = { ...rest, meta: { ...meta, runtime_ms: 0, times_ms: undefined, median_ms: undefined } };
  writeFileSync(resolve(GOLDEN_DIR, `${name}.json.gz`), gzipSync(JSON.stringify(stored), { level: 9 }));
}

export function hasGolden(name: string): boolean {
  return existsSync(resolve(GOLDEN_DIR, `${name}.json.gz`));
}

export function readGolden(name: string): NeuronOutput {
  return JSON.parse(gunzipSync(readFileSync(resolve(GOLDEN_DIR, `${name}.json.gz`))).toString('utf8')) as NeuronOutput;
}
