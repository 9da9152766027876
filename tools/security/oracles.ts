/**
 * Oracles: what must hold of every block that ran "ok", so that a result that looks fine but is
 * wrong (NaN in a trace, a recorder whose trace vanished, a parameter outside its range that
 * reached the block) counts as a failure and not as a success. Each returns the problems found,
 * in words; an empty list means the output is sane.
 */
import type { BlockDef, ParamSpec, Params } from '../../nodes/types.ts';
import type { FigureValue, ModelValue, NetworkValue, SpikesValue, TableValue, TracesValue } from '../../nodes/values.ts';
import { tableCsv, tracesCsv } from '../../src/dataflow/csv.ts';

/** Columns where NaN is the documented "no value" (a neuron that never fired has no first spike). */
const NAN_COLUMNS = new Set(['first spike (ms)', 'latency_ms', 'half_width_ms']);

/** One parameter as the block received it, checked against its spec. */
export function checkParamValue(spec: ParamSpec, v: Params[string] | undefined): string | null {
  const bad = (why: string) => `parameter '${spec.name}' reached the block as ${JSON.stringify(v) ?? String(v)}: ${why}`;
  if (v === undefined) return bad('missing');
  switch (spec.kind) {
    case 'number': {
      if (v === null) return spec.optional ? null : bad('empty, but not optional');
      if (typeof v !== 'number') return bad('not a number');
      if (!Number.isFinite(v)) return bad('not finite');
      if (spec.integer && !Number.isInteger(v)) return bad('not a whole number');
      const ex = spec.exclusive === true;
      if (spec.min !== undefined && (ex ? !(v > spec.min) : !(v >= spec.min))) return bad(`below its minimum ${spec.min}`);
      if (spec.max !== undefined && (ex ? !(v < spec.max) : !(v <= spec.max))) return bad(`above its maximum ${spec.max}`);
      return null;
    }
    case 'enum':
      return typeof v === 'string' && spec.options.includes(v) ? null : bad(`not one of ${spec.options.join(', ')}`);
    case 'boolean':
      return typeof v === 'boolean' ? null : bad('not true or false');
    case 'string':
      return typeof v === 'string' || (v === null && spec.optional) ? null : bad('not text');
    case 'file':
      return typeof v === 'string' || (v === null && spec.optional) ? null : bad('not a file reference');
    case 'node-ids':
      if (v === null) return spec.optional ? null : bad('empty, but not optional');
      return Array.isArray(v) && v.every((x) => Number.isInteger(x)) ? null : bad('not a list of whole numbers');
  }
}

/** Every parameter the block received is of its kind and in its declared range. */
export function checkParams(def: BlockDef, params: Params): string[] {
  const out: string[] = [];
  for (const spec of def.params) {
    const p = checkParamValue(spec, params[spec.name]);
    if (p) out.push(p);
  }
  return out;
}

function firstNonFinite(a: ArrayLike<number>): number {
  for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k])) return k;
  return -1;
}

/** CSV header cells, split on commas outside quotes. */
function headerCells(csv: string): string[] {
  const line = csv.slice(0, csv.indexOf('\n') < 0 ? csv.length : csv.indexOf('\n'));
  const cells: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') cells.push(cur), (cur = '');
    else cur += c;
  }
  cells.push(cur);
  return cells;
}

function duplicates(xs: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const x of xs) (seen.has(x) ? dup : seen).add(x);
  return [...dup];
}

function checkTraces(v: TracesValue, model: ModelValue | undefined): string[] {
  const out: string[] = [];
  const bad = firstNonFinite(v.t);
  if (bad >= 0) out.push(`time column: non-finite value ${v.t[bad]} at sample ${bad}`);
  for (const [label, tr] of Object.entries(v.traces)) {
    if (tr.length !== v.t.length) out.push(`trace '${label}' has ${tr.length} samples for ${v.t.length} times`);
    const b = firstNonFinite(tr);
    if (b >= 0) out.push(`trace '${label}': non-finite value ${tr[b]} at t = ${v.t[b]} ms (presented as a result)`);
  }
  for (const [label, s] of Object.entries(v.spikes)) {
    const b = firstNonFinite(s);
    if (b >= 0) out.push(`spike train '${label}': non-finite spike time ${s[b]}`);
  }
  if (model) {
    // Every recorder the model holds must come out as its own column (a label such as
    // __proto__ must not vanish into the object's prototype).
    const labels = model.recorders.map((r) => r.label);
    for (const l of new Set(labels)) {
      if (!Object.prototype.hasOwnProperty.call(v.traces, l)) out.push(`recorder '${l}' was in the model but has no trace in the result`);
    }
    const dup = duplicates(labels);
    if (dup.length) out.push(`recorders share the label(s) ${dup.map((d) => `'${d}'`).join(', ')}: ${labels.length} recorders, ${Object.keys(v.traces).length} traces`);
    const detectors = (model.netCons ?? []).map((nc) => nc.label).filter((l): l is string => l !== undefined);
    for (const l of new Set(detectors)) {
      if (!Object.prototype.hasOwnProperty.call(v.spikes, l)) out.push(`spike detector '${l}' was in the model but has no spike train in the result`);
    }
  }
  const header = headerCells(tracesCsv({ ...v, t: v.t.subarray(0, 0), traces: Object.fromEntries(Object.entries(v.traces).map(([k, a]) => [k, a.subarray(0, 0)])) }));
  const dupCols = duplicates(header);
  if (dupCols.length) out.push(`the traces CSV has duplicate column(s) ${dupCols.map((d) => `'${d}'`).join(', ')}`);
  return out;
}

function checkSpikes(v: SpikesValue, net: NetworkValue | undefined): string[] {
  const out: string[] = [];
  if (v.spikes.length !== v.names.length) out.push(`${v.names.length} neurons but ${v.spikes.length} spike trains`);
  if (v.labels.length !== v.names.length) out.push(`${v.names.length} neurons but ${v.labels.length} labels`);
  if (net && net.names.length !== v.names.length) out.push(`the network has ${net.names.length} neurons, the run gives ${v.names.length}`);
  if (!Number.isFinite(v.tstop)) out.push(`run length ${v.tstop} is not finite`);
  v.spikes.forEach((s, i) => {
    const b = firstNonFinite(s);
    if (b >= 0) out.push(`neuron '${v.names[i]}': non-finite spike time ${s[b]}`);
    else if (s.length && (s[0] < 0 || s[s.length - 1] > v.tFinal + 1e-9)) out.push(`neuron '${v.names[i]}': spike at ${s[0] < 0 ? s[0] : s[s.length - 1]} ms, outside the run 0–${v.tFinal} ms`);
  });
  const dupNames = duplicates(v.names);
  if (dupNames.length) out.push(`neuron names repeat: ${dupNames.join(', ')}`);
  return out;
}

function checkTable(v: TableValue): string[] {
  const out: string[] = [];
  const cols = Object.entries(v.columns);
  const n = cols.length ? cols[0][1].length : 0;
  for (const [name, c] of cols) {
    if (c.length !== n) out.push(`table column '${name}' has ${c.length} rows, the first has ${n}`);
    if (NAN_COLUMNS.has(name)) continue;
    for (let k = 0; k < c.length; k++) {
      const x = c[k];
      if (typeof x === 'number' && !Number.isFinite(x)) {
        out.push(`table column '${name}': non-finite value ${x} in row ${k + 1}`);
        break;
      }
    }
  }
  const dupCols = duplicates(headerCells(tableCsv({ ...v, columns: Object.fromEntries(cols.map(([k]) => [k, []])) })));
  if (dupCols.length) out.push(`table has duplicate column(s) ${dupCols.join(', ')}`);
  return out;
}

function checkFigure(v: FigureValue): string[] {
  const out: string[] = [];
  const header = headerCells(v.csv);
  const dup = duplicates(header);
  if (dup.length) out.push(`figure '${v.figure}' CSV has duplicate column(s) ${dup.map((d) => `'${d}'`).join(', ')}`);
  if (typeof v.option !== 'object' || v.option === null) out.push(`figure '${v.figure}' has no drawable option`);
  // Numbers that are not numbers in the plotted data: NaN / Infinity cells.
  // One scan of the whole text first: the cell by cell search only runs when there is a hit.
  if (!/(?:^|,)(?:NaN|-?Infinity)(?:,|$)/m.test(v.csv)) return out;
  const lines = v.csv.split('\n');
  const nanCols = header.map((h) => / sem$/.test(h));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    const k = cells.findIndex((c, i) => (c === 'NaN' || c === 'Infinity' || c === '-Infinity') && !nanCols[i]);
    if (k >= 0) {
      out.push(`figure '${v.figure}' CSV: ${cells[k]} in column '${header[k] ?? k}', row ${r}`);
      break;
    }
  }
  return out;
}

/** Lines of a CSV text that are records (quoted line breaks aside: names here are plain or quoted whole). */
function csvRecords(csv: string): number {
  let n = 0;
  let q = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 34) q = !q;
    else if (c === 10 && !q) n++;
  }
  return n;
}

/**
 * Neurons in, rows or columns out, for the blocks that show spikes: every neuron keeps its
 * row in the spike table, its column in an ungrouped rate plot, and every spike its row in the
 * raster's data (a name such as hasOwnProperty must not blank a plot).
 */
function checkSpikeViews(def: BlockDef, inputs: Record<string, unknown>, params: Params, values: Record<string, unknown>): string[] {
  const sp = inputs.spikes as SpikesValue | undefined;
  if (!sp || sp.kind !== 'spikes') return [];
  const out: string[] = [];
  const n = sp.names.length;
  const spikes = sp.spikes.reduce((a, s) => a + s.length, 0);
  if (def.type === 'spike-table') {
    const t = values.table as TableValue | undefined;
    const rows = t ? Object.values(t.columns)[0]?.length ?? 0 : 0;
    if (rows !== n) out.push(`the spike table has ${rows} rows for ${n} neurons`);
  } else if (def.type === 'rate-plot' && params.group !== true) {
    const f = values.figure as FigureValue | undefined;
    const cols = f ? headerCells(f.csv).length - 1 : 0;
    if (cols !== n) out.push(`the rate plot's data has ${cols} neuron columns for ${n} neurons`);
  } else if (def.type === 'raster-plot') {
    const f = values.figure as FigureValue | undefined;
    const rows = f ? csvRecords(f.csv) - 1 : 0;
    if (rows !== spikes) out.push(`the raster's data has ${rows} spikes, the run gave ${spikes}`);
  }
  return out;
}

/**
 * Problems with one block's output values, given what it received (for the labels-in /
 * columns-out checks).
 */
export function checkOutputs(def: BlockDef, inputs: Record<string, unknown>, params: Params, values: Record<string, unknown>): string[] {
  const out = checkParams(def, params);
  for (const port of Object.keys(def.outputs)) {
    if (!Object.prototype.hasOwnProperty.call(values, port)) out.push(`output '${port}' is missing`);
  }
  for (const [port, value] of Object.entries(values)) {
    const kind = (value as { kind?: string } | null)?.kind;
    const where = (ps: string[]) => ps.map((p) => `${port}: ${p}`);
    if (kind === 'traces') out.push(...where(checkTraces(value as TracesValue, inputs.model as ModelValue | undefined)));
    else if (kind === 'spikes') out.push(...where(checkSpikes(value as SpikesValue, inputs.network as NetworkValue | undefined)));
    else if (kind === 'table') out.push(...where(checkTable(value as TableValue)));
    else if (kind === 'figure') out.push(...where(checkFigure(value as FigureValue)));
  }
  out.push(...checkSpikeViews(def, inputs, params, values));
  return out;
}
