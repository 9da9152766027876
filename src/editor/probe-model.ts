/**
 * What the probe popover shows for a value: the first rows of a table, a thumbnail of a
 * skeleton, sparklines of traces, or a one-line summary. Pure (no DOM): the popover renders
 * these models.
 */

export interface TableProbe {
  kind: 'table';
  title: string;
  columns: string[];
  rows: string[][];
  total: number;
}

export interface NeuronProbe {
  kind: 'neuron';
  /** SVG path in a `0 0 size size` box (x–y projection, y up). */
  path: string;
  size: number;
  nodes: number;
  segments: number;
  /** Drawn segments (≤ the limit). */
  drawn: number;
  summary: string;
}

export interface TracesProbe {
  kind: 'traces';
  width: number;
  height: number;
  series: Array<{ name: string; path: string; min: number; max: number; unit: string }>;
  summary: string;
}

export interface OtherProbe {
  kind: 'other';
  valueKind: string;
  summary: string;
}

export type ProbeModel = TableProbe | NeuronProbe | TracesProbe | OtherProbe | { kind: 'none'; summary: string };

type NumArray = ArrayLike<number>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isNumArray(v: unknown): v is NumArray {
  return ArrayBuffer.isView(v) || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
}

/** A number in a few significant digits (tables, ranges). */
export function fmt(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x !== 'number') return x === undefined || x === null ? '' : String(x);
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(5)));
}

export function tableProbe(value: { title?: unknown; columns: Record<string, unknown> }, maxRows = 5): TableProbe {
  const columns = Object.keys(value.columns);
  const cols = columns.map((c) => value.columns[c] as ArrayLike<unknown>);
  const total = cols.reduce((m, c) => Math.max(m, c?.length ?? 0), 0);
  const rows: string[][] = [];
  for (let r = 0; r < Math.min(maxRows, total); r++) rows.push(cols.map((c) => fmt(c?.[r])));
  return { kind: 'table', title: typeof value.title === 'string' ? value.title : '', columns, rows, total };
}

/**
 * The x–y projection of a skeleton as one SVG path: a line from each node's parent to the node,
 * at most `maxSegments` of them (evenly sampled), scaled into a `size`×`size` box with y up.
 */
export function skeletonPath(x: NumArray, y: NumArray, parent: NumArray, maxSegments = 2000, size = 120, pad = 4): { path: string; segments: number; drawn: number } {
  const n = Math.min(x.length, y.length, parent.length);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  let segments = 0;
  for (let i = 0; i < n; i++) if (parent[i] >= 0 && parent[i] < n) segments++;
  if (!segments || !Number.isFinite(minX)) return { path: '', segments, drawn: 0 };
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const k = (size - 2 * pad) / span;
  // Centre the drawing in the box.
  const ox = pad + (size - 2 * pad - (maxX - minX) * k) / 2;
  const oy = pad + (size - 2 * pad - (maxY - minY) * k) / 2;
  const px = (i: number) => (ox + (x[i] - minX) * k).toFixed(1);
  const py = (i: number) => (size - oy - (y[i] - minY) * k).toFixed(1);
  const stride = segments > maxSegments ? segments / maxSegments : 1;
  const parts: string[] = [];
  let seen = 0;
  let next = 0;
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0 || p >= n) continue;
    if (seen++ < next) continue;
    next += stride;
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]) || !Number.isFinite(x[p]) || !Number.isFinite(y[p])) continue;
    parts.push(`M${px(p)} ${py(p)}L${px(i)} ${py(i)}`);
    drawn++;
  }
  return { path: parts.join(''), segments, drawn };
}

/**
 * A sparkline of `v` against `t` with about `points` points: each bucket contributes its
 * minimum and maximum in time order, so spikes survive the downsampling.
 */
export function sparklinePath(t: NumArray, v: NumArray, points = 200, width = 200, height = 36, pad = 2): { path: string; min: number; max: number } {
  const n = Math.min(t.length, v.length);
  if (n === 0) return { path: '', min: NaN, max: NaN };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const y = v[i];
    if (!Number.isFinite(y)) continue;
    if (y < min) min = y;
    if (y > max) max = y;
  }
  if (!Number.isFinite(min)) return { path: '', min: NaN, max: NaN };
  const t0 = t[0];
  const t1 = t[n - 1];
  const tspan = t1 - t0 || 1;
  const vspan = max - min || 1;
  const X = (i: number) => (pad + ((t[i] - t0) / tspan) * (width - 2 * pad)).toFixed(1);
  const Y = (y: number) => (height - pad - ((y - min) / vspan) * (height - 2 * pad)).toFixed(1);
  const buckets = Math.max(1, Math.floor(points / 2));
  const idx: number[] = [];
  if (n <= points) {
    for (let i = 0; i < n; i++) idx.push(i);
  } else {
    for (let b = 0; b < buckets; b++) {
      const lo = Math.floor((b * n) / buckets);
      const hi = Math.max(lo + 1, Math.floor(((b + 1) * n) / buckets));
      let iMin = lo;
      let iMax = lo;
      for (let i = lo; i < hi; i++) {
        if (v[i] < v[iMin]) iMin = i;
        if (v[i] > v[iMax]) iMax = i;
      }
      if (iMin === iMax) idx.push(iMin);
      else if (iMin < iMax) idx.push(iMin, iMax);
      else idx.push(iMax, iMin);
    }
  }
  const parts: string[] = [];
  for (const i of idx) {
    if (!Number.isFinite(v[i])) continue;
    parts.push(`${parts.length ? 'L' : 'M'}${X(i)} ${Y(v[i])}`);
  }
  return { path: parts.join(''), min, max };
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function neuronProbe(v: Record<string, unknown>, maxSegments: number): ProbeModel {
  const sk = v.skeleton;
  if (!isObject(sk) || !isNumArray(sk.x) || !isNumArray(sk.y) || !isNumArray(sk.parent)) return { kind: 'other', valueKind: 'neuron', summary: 'a neuron (no coordinates)' };
  const n = typeof sk.n === 'number' ? sk.n : sk.parent.length;
  const size = 120;
  const { path, segments, drawn } = skeletonPath(sk.x, sk.y, sk.parent, maxSegments, size);
  const connectors = isObject(v.connectors) ? v.connectors : null;
  const rows = connectors ? connectorCount(connectors) : 0;
  const units = typeof sk.units === 'string' ? sk.units : '';
  const name = typeof sk.name === 'string' && sk.name ? `${sk.name}: ` : '';
  const summary = `${name}${plural(n, 'node')}${units ? ` (${units})` : ''}${connectors ? `, ${plural(rows, 'connector')}` : ''}`;
  return { kind: 'neuron', path, size, nodes: n, segments, drawn, summary };
}

function connectorCount(c: Record<string, unknown>): number {
  if (isNumArray(c.nodeId)) return c.nodeId.length;
  for (const v of Object.values(c)) if (isNumArray(v)) return v.length;
  return 0;
}

function tracesProbe(v: Record<string, unknown>): ProbeModel {
  const t = v.t;
  const traces = isObject(v.traces) ? v.traces : {};
  const units = isObject(v.units) ? (v.units as Record<string, unknown>) : {};
  if (!isNumArray(t)) return { kind: 'other', valueKind: 'traces', summary: 'traces (no time axis)' };
  const width = 200;
  const height = 36;
  const series = Object.entries(traces)
    .filter((e): e is [string, NumArray] => isNumArray(e[1]))
    .slice(0, 8)
    .map(([name, y]) => {
      const s = sparklinePath(t, y, 200, width, height);
      return { name, path: s.path, min: s.min, max: s.max, unit: typeof units[name] === 'string' ? (units[name] as string) : '' };
    });
  const total = Object.keys(traces).length;
  const spikes = isObject(v.spikes) ? Object.values(v.spikes).reduce<number>((s, a) => s + (isNumArray(a) ? a.length : 0), 0) : 0;
  const tEnd = t.length ? t[t.length - 1] : 0;
  const summary = `${plural(total, 'trace')}, ${plural(t.length, 'sample')} to ${fmt(tEnd)} ms${spikes ? `, ${plural(spikes, 'spike')}` : ''}${total > series.length ? ` (first ${series.length} shown)` : ''}`;
  return { kind: 'traces', width, height, series, summary };
}

/** A one-line description of any other value. */
export function summarize(v: unknown): string {
  if (v === undefined) return 'no value yet';
  if (v === null) return 'null';
  if (!isObject(v)) return `${typeof v}: ${String(v).slice(0, 80)}`;
  const kind = typeof v.kind === 'string' ? v.kind : '';
  switch (kind) {
    case 'selection': {
      const ids = v.ids;
      const n = isNumArray(ids) ? ids.length : 0;
      return `${plural(n, 'node')} selected${typeof v.description === 'string' && v.description ? `: ${v.description}` : ''}`;
    }
    case 'spikes': {
      const spikes = Array.isArray(v.spikes) ? v.spikes : [];
      const total = spikes.reduce<number>((s, a) => s + (isNumArray(a) ? a.length : 0), 0);
      return `${plural(total, 'spike')} from ${plural(spikes.length, 'neuron')}${typeof v.tFinal === 'number' ? ` in ${fmt(v.tFinal)} ms` : ''}`;
    }
    case 'figure':
      return `${typeof v.figure === 'string' ? `${v.figure} figure` : 'figure'}${typeof v.title === 'string' && v.title ? `: ${v.title}` : ''}`;
    case 'model': {
      const count = (k: string) => (Array.isArray(v[k]) ? (v[k] as unknown[]).length : 0);
      return `compartment model: ${plural(count('mechanisms'), 'mechanism')}, ${plural(count('pointProcesses'), 'point process', 'point processes')}, ${plural(count('recorders'), 'recorder')}`;
    }
    case 'network': {
      const names = Array.isArray(v.names) ? v.names.length : 0;
      const edges = isObject(v.edges) && isNumArray(v.edges.source) ? v.edges.source.length : 0;
      const stimuli = Array.isArray(v.stimuli) ? v.stimuli.length : 0;
      return `${plural(names, 'neuron')}, ${plural(edges, 'edge')}, ${plural(stimuli, 'stimulus', 'stimuli')}`;
    }
    case 'edges': {
      const e = isObject(v.edges) ? v.edges : {};
      const len = isNumArray(e.source) ? e.source.length : 0;
      const names = Array.isArray(e.names) ? e.names.length : 0;
      return `${plural(len, 'edge')} between ${plural(names, 'neuron')}`;
    }
    case 'table':
      return `table${typeof v.title === 'string' && v.title ? ` “${v.title}”` : ''}`;
    case 'traces':
      return 'traces';
    case 'neuron':
      return 'neuron';
    default:
      return kind ? kind : `object with ${plural(Object.keys(v).length, 'field')}`;
  }
}

export function probeModel(value: unknown, maxSegments = 2000): ProbeModel {
  if (value === undefined) return { kind: 'none', summary: 'no value yet (the block has not finished)' };
  if (isObject(value)) {
    if (value.kind === 'table' && isObject(value.columns)) return tableProbe(value as { title?: unknown; columns: Record<string, unknown> });
    if (value.kind === 'neuron') return neuronProbe(value, maxSegments);
    if (value.kind === 'traces') return tracesProbe(value);
  }
  return { kind: 'other', valueKind: isObject(value) && typeof value.kind === 'string' ? value.kind : typeof value, summary: summarize(value) };
}
