/**
 * CSV of block values, shared by the CLI's files and the app's downloads: numbers in full
 * precision (shortest round-trip form), text quoted as RFC 4180 says.
 */
import type { TableValue, TracesValue } from './values.ts';

const quoted = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** A cell of traces and spike times: NaN stays 'NaN', so that a run that diverged shows. */
// A number's text never holds a quote, comma or line break: only text is checked (the regular
// expression per cell was a sixth of writing a sweep's traces).
const csvCell = (v: unknown): string => (typeof v === 'number' ? String(v) : quoted(String(v ?? '')));
/** A cell of a table: NaN (a value that does not exist) is an empty cell. */
const tableCell = (v: unknown): string => (typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : quoted(String(v ?? '')));

/**
 * Column names for trace labels in a traces table whose first column is `t` (ms): each label as
 * it is, except that `t` is reserved for the time column, so a trace labelled `t` becomes `t_1`
 * (or `t_2`, … when a trace already has that label). Recorders refuse the label `t`; this keeps
 * a value made elsewhere from writing two `t` columns.
 */
export function traceColumns(labels: readonly string[]): string[] {
  const taken = new Set<string>(['t', ...labels]);
  return labels.map((l) => {
    if (l !== 't') return l;
    let k = 1;
    while (taken.has(`t_${k}`)) k++;
    taken.add(`t_${k}`);
    return `t_${k}`;
  });
}

/** Traces: `t,<label>,…`, one row per sample (ms and each trace's unit); see traceColumns for the names. */
export function tracesCsv(v: TracesValue): string {
  const labels = Object.keys(v.traces);
  const lines = [['t', ...traceColumns(labels)].map(csvCell).join(',')];
  const cols = labels.map((l) => v.traces[l]);
  // One cells array joined per row: appending to a row string (cons strings, flattened by join)
  // took twice as long and most of the main thread's garbage collection when writing a sweep.
  const cells = new Array<string>(cols.length + 1);
  for (let k = 0; k < v.t.length; k++) {
    cells[0] = String(v.t[k]);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      cells[j + 1] = k < c.length ? String(c[k]) : '';
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Spike times: `label,t` (ms), one row per spike. */
export function spikesCsv(trains: Array<[string, ArrayLike<number>]>): string {
  const lines = ['label,t'];
  for (const [label, times] of trains) for (let k = 0; k < times.length; k++) lines.push(`${csvCell(label)},${csvCell(times[k])}`);
  return lines.join('\n') + '\n';
}

/**
 * A table: its columns in order. A NaN (a value that does not exist: the first spike of a neuron
 * that never fired, the latency of a silent trace) is an empty cell, as the app's table shows it.
 */
export function tableCsv(v: TableValue): string {
  const names = Object.keys(v.columns);
  const n = names.length ? v.columns[names[0]].length : 0;
  const lines = [names.map(csvCell).join(',')];
  for (let k = 0; k < n; k++) lines.push(names.map((c) => tableCell(v.columns[c][k])).join(','));
  return lines.join('\n') + '\n';
}

