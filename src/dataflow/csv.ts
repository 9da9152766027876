/**
 * CSV of block values, shared by the CLI's files and the app's downloads: numbers in full
 * precision (shortest round-trip form), text quoted as RFC 4180 says.
 */
import type { TableValue, TracesValue } from '../../nodes/values.ts';

const csvCell = (v: unknown): string => {
  const s = typeof v === 'number' ? (Number.isNaN(v) ? 'NaN' : String(v)) : String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Traces: `t,<label>,…`, one row per sample (ms and each trace's unit). */
export function tracesCsv(v: TracesValue): string {
  const labels = Object.keys(v.traces);
  const lines = [['t', ...labels].map(csvCell).join(',')];
  for (let k = 0; k < v.t.length; k++) lines.push([v.t[k], ...labels.map((l) => v.traces[l][k])].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/** Spike times: `label,t` (ms), one row per spike. */
export function spikesCsv(trains: Array<[string, ArrayLike<number>]>): string {
  const lines = ['label,t'];
  for (const [label, times] of trains) for (let k = 0; k < times.length; k++) lines.push(`${csvCell(label)},${csvCell(times[k])}`);
  return lines.join('\n') + '\n';
}

/** A table: its columns in order. */
export function tableCsv(v: TableValue): string {
  const names = Object.keys(v.columns);
  const n = names.length ? v.columns[names[0]].length : 0;
  const lines = [names.map(csvCell).join(',')];
  for (let k = 0; k < n; k++) lines.push(names.map((c) => csvCell(v.columns[c][k])).join(','));
  return lines.join('\n') + '\n';
}

