import Papa from 'papaparse';
import { CoreError } from '../errors.ts';
import type { Skeleton } from './skeleton.ts';
import { scaleValues, type ScalePrecision } from './transform.ts';

/** Connector (synapse) type: a presynapse is an output of this neuron, a postsynapse an input. */
export const PRE = 0;
export const POST = 1;

/** A navis-style connector table over typed arrays, one entry per connector (row). */
export interface ConnectorTable {
  connectorId: Float64Array;
  /** Skeleton node id the connector sits on. */
  nodeId: Int32Array;
  /** PRE (0) or POST (1). */
  type: Uint8Array;
  /** Connector position, same unit as the skeleton it belongs to. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Region of interest ('' where absent). */
  roi: string[];
  /** Detection confidence (NaN where absent). */
  confidence: Float64Array;
  /** Line (1-based) of each connector in the file it was read from, for messages; absent for generated tables. */
  line?: Int32Array;
}

export interface ConnectorReadOptions {
  name?: string;
}

function parseType(v: string, line: number): number {
  const s = v.trim().toLowerCase();
  if (s === 'pre' || s === '0' || s === 'presynapse') return PRE;
  if (s === 'post' || s === '1' || s === 'postsynapse') return POST;
  throw new CoreError('connector', `connector table line ${line}: type "${v}" is neither pre nor post`, { line });
}

/**
 * Read a navis-style connector CSV: header `connector_id,node_id,type,x,y,z` with optional
 * `roi` and `confidence` columns (any order; extra columns ignored). Type is `pre`/`post`
 * (or 0/1). Throws a `CoreError` naming the line for missing columns or bad values.
 */
export function readConnectors(text: string, opts: ConnectorReadOptions = {}): ConnectorTable {
  // One line-end convention for the parser (mixed CRLF/LF would otherwise merge rows); blank rows
  // are dropped here, not by the parser, so that every kept row knows its file line.
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { newline: '\n', skipEmptyLines: false });
  const rows: string[][] = [];
  const lineOf: number[] = [];
  let at = 1;
  for (const r of parsed.data) {
    if (r.some((f) => f.trim() !== '')) {
      rows.push(r);
      lineOf.push(at);
    }
    // A quoted field may span lines.
    at += 1 + r.reduce((s, f) => s + f.split('\n').length - 1, 0);
  }
  const label = opts.name ? `connector table ${opts.name}` : 'connector table';
  if (rows.length === 0) throw new CoreError('connector', `${label}: empty`);
  const head = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string, required: boolean): number => {
    const i = head.indexOf(name);
    if (i < 0 && required) {
      throw new CoreError('connector', `${label} line ${lineOf[0]}: missing column "${name}" (header is: ${rows[0].join(',')})`, { line: lineOf[0] });
    }
    return i;
  };
  const ci = col('connector_id', true);
  const ni = col('node_id', true);
  const ti = col('type', true);
  const xi = col('x', true);
  const yi = col('y', true);
  const zi = col('z', true);
  const ri = col('roi', false);
  const fi = col('confidence', false);
  const n = rows.length - 1;
  const t: ConnectorTable = {
    connectorId: new Float64Array(n),
    nodeId: new Int32Array(n),
    type: new Uint8Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n),
    roi: new Array<string>(n).fill(''),
    confidence: new Float64Array(n).fill(NaN),
    line: Int32Array.from(lineOf.slice(1)),
  };
  const num = (v: string | undefined, line: number, what: string, int = false): number => {
    const s = (v ?? '').trim();
    const x = s === '' ? NaN : Number(s);
    if (!Number.isFinite(x) || (int && !Number.isInteger(x))) {
      throw new CoreError('connector', `${label} line ${line}: ${what} "${v ?? ''}" is not ${int ? 'an integer' : 'a number'}`, { line });
    }
    // Node ids are stored as Int32; a larger value would silently wrap onto another node.
    if (int && Math.abs(x) > 2147483647) {
      throw new CoreError('connector', `${label} line ${line}: ${what} ${s} is outside the supported id range (±2^31)`, { line });
    }
    return x;
  };
  for (let k = 0; k < n; k++) {
    const r = rows[k + 1];
    const line = lineOf[k + 1];
    if (r.length < head.length) {
      throw new CoreError('connector', `${label} line ${line}: ${r.length} fields, expected ${head.length}`, { line });
    }
    t.connectorId[k] = num(r[ci], line, 'connector_id');
    t.nodeId[k] = num(r[ni], line, 'node_id', true);
    t.type[k] = parseType(r[ti], line);
    t.x[k] = num(r[xi], line, 'x');
    t.y[k] = num(r[yi], line, 'y');
    t.z[k] = num(r[zi], line, 'z');
    if (ri >= 0) t.roi[k] = (r[ri] ?? '').trim();
    if (fi >= 0 && (r[fi] ?? '').trim() !== '') t.confidence[k] = num(r[fi], line, 'confidence');
  }
  return t;
}

/**
 * Check that every connector sits on a node of the skeleton; throws when any does not. One
 * such connector is named with its table line; several are counted ("412 of 500 synapses name
 * nodes that are not in the skeleton (e.g. 9912, 10433)"), since a table that does not fit its
 * skeleton (another neuron's, or the skeleton was edited) would otherwise put synapses on the
 * wrong nodes or none.
 */
export function checkConnectors(t: ConnectorTable, sk: Skeleton): void {
  const bad: number[] = [];
  for (let k = 0; k < t.nodeId.length; k++) if (sk.rowOf(t.nodeId[k]) < 0) bad.push(k);
  if (bad.length === 0) return;
  // Generated tables have no file; their line is the one writeConnectors would give.
  const lineOf = (k: number) => (t.line ? t.line[k] : k + 2);
  const first = bad[0];
  const line = lineOf(first);
  const where = { line, node: t.nodeId[first] };
  if (bad.length === 1) {
    throw new CoreError('connector', `connector ${t.connectorId[first]} (table line ${line}) is on node ${t.nodeId[first]}, which does not exist in the skeleton`, where);
  }
  const nodes = [...new Set(bad.map((k) => t.nodeId[k]))];
  const most = bad.length * 2 > t.nodeId.length;
  throw new CoreError(
    'connector',
    `${bad.length} of ${t.nodeId.length} synapses name nodes that are not in the skeleton (e.g. ${nodes.slice(0, 3).join(', ')}${nodes.length > 3 ? ', …' : ''}; ` +
      `the first is connector ${t.connectorId[first]} on table line ${line})` +
      (most ? ': is this the synapse table of another neuron?' : ': was the skeleton edited after the table was made?'),
    where,
  );
}

/**
 * Move connectors on nodes that were merged away (`mergedInto`: old node id → surviving id) to
 * the surviving node. Returns the same table when none moved, and how many did.
 */
export function remapConnectors(t: ConnectorTable, mergedInto: ReadonlyMap<number, number>): { table: ConnectorTable; moved: number } {
  if (mergedInto.size === 0) return { table: t, moved: 0 };
  let moved = 0;
  const nodeId = t.nodeId.map((id) => {
    const to = mergedInto.get(id);
    if (to === undefined) return id;
    moved++;
    return to;
  });
  return moved ? { table: { ...t, nodeId }, moved } : { table: t, moved: 0 };
}

/** Multiply connector positions by `factor` (unit conversion, as for the skeleton). */
export function scaleConnectors(t: ConnectorTable, factor: number, precision: ScalePrecision = 'double'): ConnectorTable {
  const s = (a: Float64Array) => scaleValues(a, factor, precision);
  return { ...t, x: s(t.x), y: s(t.y), z: s(t.z) };
}

/** Row indices (into the table) of connectors of the given type, in table order. */
export function connectorsOfType(t: ConnectorTable, type: number): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < t.type.length; k++) if (t.type[k] === type) out.push(k);
  return Int32Array.from(out);
}

/** Write a connector table as CSV with the navis header. */
export function writeConnectors(t: ConnectorTable): string {
  const out = ['connector_id,node_id,type,x,y,z,roi,confidence'];
  for (let k = 0; k < t.nodeId.length; k++) {
    const conf = Number.isNaN(t.confidence[k]) ? '' : String(t.confidence[k]);
    const roi = /[",\n]/.test(t.roi[k]) ? `"${t.roi[k].replace(/"/g, '""')}"` : t.roi[k];
    out.push(`${t.connectorId[k]},${t.nodeId[k]},${t.type[k] === PRE ? 'pre' : 'post'},${t.x[k]},${t.y[k]},${t.z[k]},${roi},${conf}`);
  }
  return out.join('\n') + '\n';
}
