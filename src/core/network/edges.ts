import { CoreError } from '../errors.ts';
import { EdgeBuilder, type EdgeList, type EdgeReadOptions } from './edge-builder.ts';
import { readEdgeBytes } from './edge-csv.ts';

export type { EdgeCsr, EdgeList, EdgeReadOptions } from './edge-builder.ts';

const encoder = new TextEncoder();

/**
 * Read a `source,target,weight` CSV (header required; extra columns ignored; ids may be any
 * text). Weights must be finite numbers. Throws a CoreError naming the line for a missing
 * column, an unknown neuron, a bad weight, or (if asked) a duplicate edge or self-loop.
 * The text goes through the streaming byte reader (edge-csv.ts), the one CSV edge reader.
 */
export function readEdgeList(text: string, opts: EdgeReadOptions = {}): EdgeList {
  return readEdgeBytes(encoder.encode(text), opts);
}

/** Build an edge list from parallel arrays of names and weights (see EdgeReadOptions for the rules). */
export function buildEdgeList(
  src: string[],
  tgt: string[],
  weight: ArrayLike<number>,
  opts: EdgeReadOptions & { lines?: number[]; label?: string; delays?: ArrayLike<number> } = {},
): EdgeList {
  const label = opts.label ?? 'edge list';
  const lines = opts.lines;
  const b = new EdgeBuilder({ ...opts, lines: undefined, label, unit: lines ? 'line' : 'edge', expected: src.length, delays: !!opts.delays });
  for (let k = 0; k < src.length; k++) {
    const at = lines ? lines[k] : k;
    const a = b.ids.text(src[k]);
    if (a < 0) b.unknown(src[k], at);
    const t = b.ids.text(tgt[k]);
    if (t < 0) b.unknown(tgt[k], at);
    if (!Number.isFinite(weight[k])) throw new CoreError('input', `${label}${b.where(at)}: weight of ${src[k]} → ${tgt[k]} is not a finite number`, { line: lines?.[k] });
    b.add(a, t, weight[k], opts.delays ? opts.delays[k] : 0, at);
  }
  return b.finish();
}

/**
 * Synapse counts → network weights by the documented rule w = min(count / scale, cap)
 * (default count/100 capped at 1, so 100 synapses make a presynaptic spike trigger a
 * postsynaptic one). Negative counts (inhibitory, signed lists) keep their sign.
 */
export function countsToWeights(counts: ArrayLike<number>, scale = 100, cap = 1): Float64Array {
  if (!(scale > 0)) throw new CoreError('input', `weight scale must be positive, got ${scale}`);
  return Float64Array.from(counts, (c) => Math.sign(c) * Math.min(Math.abs(c) / scale, cap));
}

/** Edges grouped by source (CSR): edges of neuron i are `order[start[i] .. start[i+1])` (indices into the list). */
export function bySource(e: EdgeList): { start: Int32Array; order: Int32Array } {
  const n = e.names.length;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < e.source.length; k++) start[e.source[k] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const order = new Int32Array(e.source.length);
  for (let k = 0; k < e.source.length; k++) order[fill[e.source[k]]++] = k;
  return { start, order };
}
