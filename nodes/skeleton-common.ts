/**
 * What the skeleton blocks share: checking the neuron input, building output neurons, length
 * units, and compartment names. (Parameter values are read with param-values.ts.)
 */
import { CoreError } from '../src/core/errors.ts';
import type { Skeleton } from '../src/core/morphology/skeleton.ts';
import { squash } from '../src/dataflow/words.ts';
import type { BlockDef, Inputs, ComputeContext } from './types.ts';
import type { NeuronValue } from './values.ts';

// ---------------------------------------------------------------------------------------------
// Inputs and outputs

/** The sockets of a block that takes a neuron and gives a changed one (a skeleton step). */
export const NEURON_TO_NEURON = {
  inputs: { neuron: { type: 'neuron', label: 'neuron' } },
  outputs: { neuron: { type: 'neuron', label: 'neuron' } },
} as const satisfies Pick<BlockDef, 'inputs' | 'outputs'>;

/** The neuron on input `port`, checked to be one. */
export function requireNeuron(inputs: Inputs, port = 'neuron'): NeuronValue {
  const v = inputs[port];
  if (v === undefined || v === null) throw new CoreError('input', `input "${port}" is not connected: connect a neuron (e.g. from a Load skeleton block)`);
  if (typeof v !== 'object' || (v as { kind?: unknown }).kind !== 'neuron') {
    throw new CoreError('input', `input "${port}" must be a neuron, got ${typeof v === 'object' ? String((v as { kind?: unknown }).kind ?? 'an unknown value') : typeof v}`);
  }
  return v as NeuronValue;
}

/**
 * A new neuron value from `base` with some parts replaced. Connectors and their compartments
 * are kept unless replaced (they are shared, never mutated). `warnings` are this block's own:
 * each block reports what it did or found, so a warning stays on the block that raised it and
 * does not outlive the problem (a "several roots" warning after healing the fragments).
 */
export function neuronWith(
  base: NeuronValue,
  parts: { skeleton?: Skeleton; connectors?: NeuronValue['connectors']; connectorCompartment?: Uint8Array | null; warnings?: string[] },
): NeuronValue {
  const out: NeuronValue = {
    kind: 'neuron',
    skeleton: parts.skeleton ?? base.skeleton,
    connectors: parts.connectors !== undefined ? parts.connectors : base.connectors,
    warnings: parts.warnings ?? [],
  };
  const cc = parts.connectorCompartment !== undefined ? parts.connectorCompartment : base.connectorCompartment;
  // Omitted rather than undefined: the evaluator compares values key by key.
  if (cc) out.connectorCompartment = cc;
  return out;
}

/** Stop if the computation was cancelled (a newer input arrived) while we awaited. */
export function throwIfAborted(ctx: ComputeContext): void {
  if (ctx.signal.aborted) throw new CoreError('aborted', `block ${ctx.nodeId}: cancelled`);
}

// ---------------------------------------------------------------------------------------------
// Length units

/** Length units a skeleton file may come in, and µm per unit. */
export const LENGTH_UNITS = ['µm', 'nm', '8 nm voxels'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];
export const UM_PER_UNIT: Record<LengthUnit, number> = { 'µm': 1, nm: 0.001, '8 nm voxels': 0.008 };

/** Other spellings of the units (graph files: `--set load.units=8nm`). */
export const UNIT_ALIASES: Record<string, LengthUnit> = {
  um: 'µm',
  'μm': 'µm', // Greek mu (U+03BC), which looks the same as the micro sign (U+00B5)
  micron: 'µm',
  microns: 'µm',
  micrometer: 'µm',
  micrometre: 'µm',
  nanometer: 'nm',
  nanometre: 'nm',
  nanometers: 'nm',
  nanometres: 'nm',
  '8nm': '8 nm voxels',
  '8 nm': '8 nm voxels',
  '8nm voxel': '8 nm voxels',
  '8 nm voxel': '8 nm voxels',
  voxel: '8 nm voxels',
  voxels: '8 nm voxels',
};

/** Where each data source's skeletons come from, for help texts and unit warnings. */
export const UNITS_BY_SOURCE =
  "hemibrain (neuPrint, navis.example_neurons): '8 nm voxels'; FlyWire/FAFB skeletons exported with navis: 'nm'; NeuroMorpho, Allen and most SWC files: 'µm'";

/** Plausible radii in µm: somata about 2–30 µm, neurites 0.05–5 µm (median over a neuron's nodes). */
const MEDIAN_RADIUS_UM = { low: 0.03, high: 10, typical: 0.2 };
const MAX_RADIUS_UM = 60;
const MIN_SOMA_RADIUS_UM = 0.5;

/** Three significant digits: a radius in a message. */
const fmt3 = (v: number): string => String(Number(v.toPrecision(3)));

/**
 * A warning when a skeleton said to be in µm does not look like it, with the unit it probably
 * is in. A neuron's median node radius is about 0.05–5 µm (EM skeletons ≈ 0.15 µm) and no
 * radius exceeds a soma's (≤ 30 µm); a soma thinner than 0.5 µm is not a cell body. `factor`
 * is the µm per file unit that was applied (1: the file was taken as µm) and `setting` the
 * parameter to change, so the message can say "is this in 8 nm voxels? (×0.008 → 3 µm)": of
 * the other units, the one that makes every check pass with the median closest to 0.2 µm.
 * Zero radii (placeholders) are left out. Returns null when the radii look plausible.
 */
export function unitsWarning(sk: Skeleton, factor = 1, setting = "'file units'"): string | null {
  // Neurite radii (type-1 soma points left out when there are others): a soma drawn as a chain
  // of points must not make the median a soma's.
  const r: number[] = [];
  let max = 0;
  for (let i = 0; i < sk.size; i++) {
    if (!(sk.radius[i] > 0)) continue;
    max = Math.max(max, sk.radius[i]);
    if (sk.type[i] !== 1) r.push(sk.radius[i]);
  }
  if (r.length === 0) for (let i = 0; i < sk.size; i++) if (sk.radius[i] > 0) r.push(sk.radius[i]);
  if (r.length === 0) return null;
  r.sort((a, b) => a - b);
  const median = r[(r.length - 1) >> 1];
  const soma = sk.soma >= 0 && sk.radius[sk.soma] > 0 ? sk.soma : -1;
  const somaR = soma >= 0 ? sk.radius[soma] : 0;
  // k rescales the current µm values: k = 1 is the skeleton as it is.
  const plausible = (k: number) =>
    median * k >= MEDIAN_RADIUS_UM.low && median * k <= MEDIAN_RADIUS_UM.high && max * k <= MAX_RADIUS_UM && (soma < 0 || somaR * k >= MIN_SOMA_RADIUS_UM);
  if (plausible(1)) return null;
  let best: { unit: LengthUnit; k: number; score: number } | null = null;
  for (const unit of LENGTH_UNITS) {
    const k = UM_PER_UNIT[unit] / factor;
    if (Math.abs(k - 1) < 1e-9 || !plausible(k)) continue;
    const score = Math.abs(Math.log(median * k / MEDIAN_RADIUS_UM.typical));
    if (!best || score < best.score) best = { unit, k, score };
  }
  let what: string;
  if (median > MEDIAN_RADIUS_UM.high || max > MAX_RADIUS_UM) {
    what = `radii up to ${fmt3(max)} µm (median ${fmt3(median)} µm) are far thicker than a neuron's (somata about 2–30 µm, neurites 0.05–5 µm): are the units right?`;
  } else if (median < MEDIAN_RADIUS_UM.low) {
    what = `the median node radius is ${fmt3(median)} µm, thinner than any neurite (about 0.05–5 µm): were the units converted twice, or given too small?`;
  } else {
    // Only the soma is small: synthetic test cells do that; worth a word only with a better unit.
    if (!best) return null;
    what = `the soma (node ${sk.id[soma]}) has radius ${fmt3(somaR)} µm, too small for a cell body (about 2–30 µm): are the units right?`;
  }
  // With no unit that fits better, only radii beyond any cell (over 100 µm) are worth a word:
  // synthetic test cells have 40 µm somata.
  if (!best) return max > 100 || median < MEDIAN_RADIUS_UM.low / 10 ? `${what} ${UNITS_BY_SOURCE}.` : null;
  const shown = soma >= 0 ? `soma radius ${fmt3(somaR * best.k)} µm` : `radii up to ${fmt3(max * best.k)} µm`;
  return `${what} Is this in ${best.unit}? (×${fmt3(UM_PER_UNIT[best.unit])} → ${shown}, median ${fmt3(median * best.k)} µm): set ${setting} to '${best.unit}'. ${UNITS_BY_SOURCE}.`;
}

// ---------------------------------------------------------------------------------------------
// Compartments

/**
 * Compartment names typed by a user, resolved to the skeleton's label names ("cell body fiber"
 * → "cellbodyfiber"). Throws naming an unknown name and listing the known ones, or saying that
 * the neuron has no compartments yet.
 */
export function resolveCompartments(sk: Skeleton, names: string[], what: string): string[] {
  const known = sk.labelNames.filter((l) => l !== '');
  if (known.length === 0) {
    throw new CoreError('input', `${what}: the neuron has no compartments yet; label them first with a Split axon/dendrite block`);
  }
  return names.map((name) => {
    const hit = known.find((l) => squash(l) === squash(name));
    if (hit === undefined) throw new CoreError('input', `${what}: unknown compartment '${name}' (the neuron has ${known.join(', ')})`);
    return hit;
  });
}

/** "axon", "axon or linker", "axon, linker or dendrite". */
export function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
