/**
 * The numbers behind the morphology view: a skeleton projected to 2-D, its compartments, the
 * distance of every node from the soma along the cable, and the voltage of every node over a
 * run (recorded nodes from their traces, the others from the nearest recorded node along the
 * cable, or none). Pure functions over typed arrays; the block (morphology-view.ts) and the
 * tests use them, the interactive view reads their result (MorphologyData).
 */
import { CoreError } from '../src/core/errors.ts';
import { geodesicFrom } from '../src/core/morphology/geodesic.ts';
import type { Skeleton } from '../src/core/morphology/skeleton.ts';
import { recorderNodes } from './run.ts';
import type { ModelValue, MorphologyMarker, MorphologyVoltage, TracesValue } from './values.ts';

export const PROJECTIONS = ['xy', 'xz', 'yz'] as const;
export type Projection = (typeof PROJECTIONS)[number];

/** Most voltage samples (frames × recorded nodes) kept for the animation: 8 M float32 = 32 MB. */
export const FRAME_BUDGET = 8_000_000;

/**
 * The skeleton seen along the third axis: first letter horizontal, second vertical
 * (xy: x → right, y → up; xz: x, z; yz: y, z). µm as float32 (plenty for drawing).
 */
export function project(sk: Skeleton, projection: Projection): { x: Float32Array; y: Float32Array; axes: [string, string] } {
  const col = { x: sk.x, y: sk.y, z: sk.z } as const;
  const h = projection[0] as 'x' | 'y' | 'z';
  const v = projection[1] as 'x' | 'y' | 'z';
  return { x: Float32Array.from(col[h]), y: Float32Array.from(col[v]), axes: [h, v] };
}

const SWC_TYPE_NAMES: Record<number, string> = { 0: 'undefined', 1: 'soma', 2: 'axon', 3: 'basal dendrite', 4: 'apical dendrite' };

/**
 * Compartment of every node: the labels of an axon/dendrite split when the skeleton has any
 * ('' shown as 'unlabelled'), else the SWC type codes (soma, axon, basal/apical dendrite, …).
 */
export function compartmentsOf(sk: Skeleton): { compartment: Uint8Array; names: string[] } {
  let labelled = false;
  for (let i = 0; i < sk.size && !labelled; i++) labelled = sk.label[i] > 0;
  if (labelled) return { compartment: Uint8Array.from(sk.label), names: sk.labelNames.map((n) => n || 'unlabelled') };
  const codes = [...new Set(sk.type)].sort((a, b) => a - b);
  if (codes.length > 255) throw new CoreError('input', `the skeleton has ${codes.length} different SWC type codes; at most 255 compartments can be drawn`);
  const index = new Map(codes.map((c, k) => [c, k]));
  return { compartment: Uint8Array.from(sk.type, (t) => index.get(t)!), names: codes.map((c) => SWC_TYPE_NAMES[c] ?? `type ${c}`) };
}

/** Distance (µm) of every node from the soma along the cable; NaN without a soma or in another tree. */
export function somaDistance(sk: Skeleton): Float32Array {
  const out = new Float32Array(sk.size).fill(NaN);
  if (sk.soma < 0) return out;
  const d = geodesicFrom(sk, sk.id[sk.soma]);
  for (let i = 0; i < d.length; i++) out[i] = d[i] === Infinity ? NaN : d[i];
  return out;
}

/**
 * For every row, the index (into `recorded`) of the recorded node nearest to it along the
 * cable, or -1 when its tree has none. Two passes over the tree (children first, then parents
 * first), O(n). Ties go to the nearer node found within the row's own subtree, then to the
 * earlier entry of `recorded`.
 */
export function nearestRecorded(sk: Skeleton, recorded: Int32Array): Int32Array {
  const n = sk.size;
  const best = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n).fill(Infinity);
  for (let j = recorded.length - 1; j >= 0; j--) {
    best[recorded[j]] = j;
    dist[recorded[j]] = 0;
  }
  const order = sk.order;
  const len = new Float64Array(n);
  for (let i = 0; i < n; i++) len[i] = sk.edgeLength(i);
  // Up: the nearest recorded node within each subtree.
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const p = sk.parent[i];
    if (p < 0 || best[i] < 0) continue;
    const d = dist[i] + len[i];
    if (d < dist[p] || (d === dist[p] && best[i] < best[p])) {
      dist[p] = d;
      best[p] = best[i];
    }
  }
  // Down: or the parent's nearest, if nearer.
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = sk.parent[i];
    if (p < 0 || best[p] < 0) continue;
    const d = dist[p] + len[i];
    if (d < dist[i]) {
      dist[i] = d;
      best[i] = best[p];
    }
  }
  return best;
}

/** Index of the sample of `t` (ascending) nearest to `time`; the earlier one on a tie. */
export function nearestSample(t: Float64Array, time: number): number {
  if (t.length === 0) return -1;
  let lo = 0;
  let hi = t.length - 1;
  if (time <= t[0]) return 0;
  if (time >= t[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= time) lo = mid;
    else hi = mid;
  }
  return time - t[lo] <= t[hi] - time ? lo : hi;
}

/** The voltage traces that belong to skeleton nodes, by row, in trace order. */
export interface NodeTraces {
  rows: Int32Array;
  labels: string[];
  traces: Float64Array[];
  /** Traces skipped because their node is not in this skeleton. */
  foreign: number;
  /** Traces skipped because another trace of the same node came first. */
  duplicates: number;
}

/**
 * Which traces are per-node voltages: those whose label starts with `prefix` ('' = any), whose
 * unit is mV, and whose recorder's node is known (from the run, or else from the model's
 * recorders) and in the skeleton. Throws a message saying why when there is none.
 */
export function nodeTraces(sk: Skeleton, tr: TracesValue, model: ModelValue | null, prefix: string, blockTitle: string): NodeTraces {
  const nodes = tr.nodes ?? (model ? recorderNodes(model) : null);
  if (!nodes) throw new CoreError('input', `${blockTitle}: these traces do not say which node each was recorded at; run the model again, or connect the model to the "model" input`);
  const rows: number[] = [];
  const labels: string[] = [];
  const traces: Float64Array[] = [];
  const seen = new Set<number>();
  let foreign = 0;
  let duplicates = 0;
  let candidates = 0;
  for (const [label, trace] of Object.entries(tr.traces)) {
    if (!label.startsWith(prefix)) continue;
    const node = nodes[label];
    const unit = tr.units[label];
    if (node === undefined || (unit !== undefined && unit !== '' && unit !== 'mV')) continue;
    candidates++;
    const row = sk.rowOf(node);
    if (row < 0) {
      foreign++;
      continue;
    }
    if (seen.has(row)) {
      duplicates++;
      continue;
    }
    seen.add(row);
    rows.push(row);
    labels.push(label);
    traces.push(trace);
  }
  if (rows.length === 0) {
    const which = prefix ? ` whose label starts with "${prefix}"` : '';
    const why =
      candidates > 0
        ? `the ${candidates} voltage trace(s)${which} were recorded at nodes that are not in this skeleton (is the "neuron" input the model's neuron?)`
        : `the run has no voltage trace${which} recorded at a skeleton node; add a Voltage recorder (e.g. on every node: Select nodes by compartment) before the run`;
    throw new CoreError('input', `${blockTitle}: nothing to colour by voltage: ${why}`);
  }
  return { rows: Int32Array.from(rows), labels, traces, foreign, duplicates };
}

/**
 * Voltage frames for the animation: every stride-th sample, the stride chosen so that frames ×
 * recorded nodes stays within `budget` values, and the frames aligned so that sample `kTime`
 * (the block's time) is one of them.
 */
export function voltageFrames(t: Float64Array, nt: NodeTraces, kTime: number, source: Int32Array, fill: 'nearest' | 'grey', budget = FRAME_BUDGET): MorphologyVoltage {
  const nRec = nt.rows.length;
  const nSamples = t.length;
  const stride = Math.max(1, Math.ceil((nSamples * nRec) / budget));
  const first = kTime % stride;
  const nFrames = nSamples > first ? Math.floor((nSamples - 1 - first) / stride) + 1 : 0;
  const times = new Float64Array(nFrames);
  const frames = new Float32Array(nFrames * nRec);
  for (let j = 0; j < nFrames; j++) times[j] = t[first + j * stride];
  for (let r = 0; r < nRec; r++) {
    const tr = nt.traces[r];
    for (let j = 0, k = first; j < nFrames; j++, k += stride) frames[j * nRec + r] = tr[k];
  }
  return { times, stride, recorded: nt.rows, frames, source, fill };
}

/** Where a location is on the skeleton, if it is a node of it. */
function nodeAt(sk: Skeleton, at: unknown): number | null {
  if (at && typeof at === 'object' && 'node' in at && typeof at.node === 'number' && sk.rowOf(at.node) >= 0) return at.node;
  return null;
}

/**
 * Markers for what a model places on nodes: voltage recorders, IClamps, synapses, synapses
 * driven by a NetStim and spike detectors. Things placed at a section position or on nodes of
 * another skeleton are counted in `skipped`.
 */
export function modelMarkers(sk: Skeleton, model: ModelValue): { markers: MorphologyMarker[]; skipped: number } {
  const markers: MorphologyMarker[] = [];
  let skipped = 0;
  const add = (kind: MorphologyMarker['kind'], at: unknown, label: string) => {
    const node = nodeAt(sk, at);
    if (node === null) skipped++;
    else markers.push({ kind, node, label });
  };
  for (const r of model.recorders) if ('at' in r) add('recorder', r.at, r.label);
  const ppLabel = (k: number) => {
    const pp = model.pointProcesses[k];
    return pp ? (pp.label ?? `${pp.type} ${k + 1}`) : `point process ${k + 1}`;
  };
  model.pointProcesses.forEach((pp, k) => add(pp.type === 'IClamp' ? 'clamp' : 'synapse', pp.at, `${ppLabel(k)} (${pp.type})`));
  for (const nc of model.netCons) {
    if ('netStim' in nc.source) {
      if (nc.target) add('netstim', model.pointProcesses[nc.target.pointProcess]?.at, `NetStim ${nc.source.netStim + 1} → ${ppLabel(nc.target.pointProcess)}`);
    } else if ('at' in nc.source) add('detector', nc.source.at, nc.label ?? 'spike detector');
  }
  return { markers, skipped };
}
