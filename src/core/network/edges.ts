import Papa from 'papaparse';
import { CoreError } from '../errors.ts';

/**
 * A directed, weighted edge list over named neurons, with the neurons numbered 0…n−1 in order
 * of first appearance (or in the order of a given neuron list). Edges are kept in file order.
 */
export interface EdgeList {
  /** Neuron names (ids as written in the file: "A", "29", …), index = neuron number. */
  names: string[];
  source: Int32Array;
  target: Int32Array;
  /** Weight as read (synapse count, or a model weight). */
  weight: Float64Array;
  /** Per-edge NetCon delay (ms) when the list gives one (a `delay` column); else the network's. */
  delay?: Float64Array;
  /** File line of each edge (1-based), for messages; absent for generated lists. */
  line?: Int32Array;
  /** Things worth telling the user (duplicates summed, self-loops dropped, …). */
  warnings: string[];
}

export interface EdgeReadOptions {
  name?: string;
  /** Known neurons: an edge naming another id is an error. Default: neurons are whatever the edges name. */
  neurons?: string[];
  /** Duplicate source→target pairs: 'sum' their weights (default) or 'error'. */
  duplicates?: 'sum' | 'error';
  /** Self-loops (source = target): 'keep' (default; connectomes have real autapses), 'drop' or 'error'. */
  selfLoops?: 'keep' | 'drop' | 'error';
}

/**
 * Read a `source,target,weight` CSV (header required; extra columns ignored; ids may be any
 * text). Weights must be finite numbers. Throws a CoreError naming the line for a missing
 * column, an unknown neuron, a bad weight, or (if asked) a duplicate edge or self-loop.
 */
export function readEdgeList(text: string, opts: EdgeReadOptions = {}): EdgeList {
  const label = opts.name ? `edge list ${opts.name}` : 'edge list';
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { newline: '\n', skipEmptyLines: false });
  const rows: string[][] = [];
  const lines: number[] = [];
  parsed.data.forEach((r, i) => {
    if (r.some((f) => f.trim() !== '')) {
      rows.push(r);
      lines.push(i + 1);
    }
  });
  if (rows.length === 0) throw new CoreError('input', `${label}: empty`);
  const head = rows[0].map((h) => h.trim().toLowerCase());
  const col = (n: string) => {
    const i = head.indexOf(n);
    if (i < 0) throw new CoreError('input', `${label} line ${lines[0]}: missing column "${n}" (header is: ${rows[0].join(',')})`, { line: lines[0] });
    return i;
  };
  const si = col('source');
  const ti = col('target');
  const wi = col('weight');
  // An optional delay column (ms): per-edge NetCon delays; left empty in every row, the network's one delay.
  let di = head.indexOf('delay');
  if (di >= 0 && rows.slice(1).every((r) => (r[di] ?? '').trim() === '')) di = -1;
  const src: string[] = [];
  const tgt: string[] = [];
  const w: number[] = [];
  const d: number[] = [];
  const ln: number[] = [];
  for (let k = 1; k < rows.length; k++) {
    const r = rows[k];
    const line = lines[k];
    const s = (r[si] ?? '').trim();
    const t = (r[ti] ?? '').trim();
    const ws = (r[wi] ?? '').trim();
    if (!s || !t) throw new CoreError('input', `${label} line ${line}: empty source or target`, { line });
    const x = ws === '' ? NaN : Number(ws);
    if (!Number.isFinite(x)) throw new CoreError('input', `${label} line ${line}: weight "${ws}" of ${s} → ${t} is not a number`, { line });
    if (di >= 0) {
      const ds = (r[di] ?? '').trim();
      const y = ds === '' ? NaN : Number(ds);
      if (!(Number.isFinite(y) && y >= 0)) throw new CoreError('input', `${label} line ${line}: delay "${ds}" of ${s} → ${t} is not a number of ms ≥ 0`, { line });
      d.push(y);
    }
    src.push(s);
    tgt.push(t);
    w.push(x);
    ln.push(line);
  }
  return buildEdgeList(src, tgt, w, { ...opts, lines: ln, label, ...(di >= 0 ? { delays: d } : {}) });
}

/** Build an edge list from parallel arrays of names and weights (see EdgeReadOptions for the rules). */
export function buildEdgeList(
  src: string[],
  tgt: string[],
  weight: ArrayLike<number>,
  opts: EdgeReadOptions & { lines?: number[]; label?: string; delays?: ArrayLike<number> } = {},
): EdgeList {
  const label = opts.label ?? 'edge list';
  const where = (k: number) => (opts.lines ? ` line ${opts.lines[k]}` : ` edge ${k}`);
  const index = new Map<string, number>();
  const names: string[] = [];
  if (opts.neurons) {
    for (const n of opts.neurons) {
      if (!index.has(n)) {
        index.set(n, names.length);
        names.push(n);
      }
    }
  }
  const id = (n: string, k: number): number => {
    let i = index.get(n);
    if (i === undefined) {
      if (opts.neurons) throw new CoreError('input', `${label}${where(k)}: neuron "${n}" is not in the neuron list`, { line: opts.lines?.[k] });
      i = names.length;
      index.set(n, i);
      names.push(n);
    }
    return i;
  };
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const s: number[] = [];
  const t: number[] = [];
  const w: number[] = [];
  const dl: number[] = [];
  const ln: number[] = [];
  const delays = opts.delays;
  let dropped = 0;
  let summed = 0;
  for (let k = 0; k < src.length; k++) {
    const a = id(src[k], k);
    const b = id(tgt[k], k);
    if (!Number.isFinite(weight[k])) throw new CoreError('input', `${label}${where(k)}: weight of ${src[k]} → ${tgt[k]} is not a finite number`, { line: opts.lines?.[k] });
    if (a === b) {
      if (opts.selfLoops === 'error') throw new CoreError('input', `${label}${where(k)}: self-loop ${src[k]} → ${tgt[k]}`, { line: opts.lines?.[k] });
      if (opts.selfLoops === 'drop') {
        dropped++;
        continue;
      }
    }
    const key = `${a} ${b}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      if (opts.duplicates === 'error') {
        throw new CoreError('input', `${label}${where(k)}: edge ${src[k]} → ${tgt[k]} appears twice${opts.lines ? ` (first on line ${ln[prev]})` : ''}`, { line: opts.lines?.[k] });
      }
      // Two connections with different delays are two NetCons, not one summed weight.
      if (delays && delays[k] !== dl[prev]) {
        throw new CoreError('input', `${label}${where(k)}: edge ${src[k]} → ${tgt[k]} appears twice with different delays (${dl[prev]} and ${delays[k]} ms)${opts.lines ? `, first on line ${ln[prev]}` : ''}; give each pair of neurons one row`, { line: opts.lines?.[k] });
      }
      w[prev] += weight[k];
      summed++;
      continue;
    }
    seen.set(key, s.length);
    s.push(a);
    t.push(b);
    w.push(weight[k]);
    if (delays) dl.push(delays[k]);
    ln.push(opts.lines ? opts.lines[k] : k);
  }
  if (dropped) warnings.push(`${dropped} self-loop(s) dropped`);
  if (summed) warnings.push(`${summed} duplicate edge(s) merged into earlier ones by summing their weights`);
  return {
    names,
    source: Int32Array.from(s),
    target: Int32Array.from(t),
    weight: Float64Array.from(w),
    ...(delays ? { delay: Float64Array.from(dl) } : {}),
    line: opts.lines ? Int32Array.from(ln) : undefined,
    warnings,
  };
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
