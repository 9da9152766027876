/**
 * plot-xy: one column of a table against another, one line per group — a metric against a
 * swept parameter (an f–I curve: rate against the clamp's amplitude, one line per recorder).
 */
import { CoreError } from '../src/core/errors.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import { csvField } from './raster-plot.ts';
import type { BlockDef } from './types.ts';
import type { FigureValue, TableValue } from './values.ts';

/** A table's column by name, or the block's message naming the columns it has (`purpose`: "for x", "to group by"). */
export function tableColumn(t: TableValue, name: string, purpose: string, blockTitle: string): ArrayLike<number | string> {
  if (!Object.hasOwn(t.columns, name)) throw new CoreError('input', `${blockTitle}: the table has no column "${name}" ${purpose}; its columns: ${Object.keys(t.columns).join(', ')}`);
  return t.columns[name] as ArrayLike<number | string>;
}

/** The column's values as numbers (text that is not a number: NaN). */
function numeric(t: TableValue, name: string, what: string): Float64Array {
  return Float64Array.from(tableColumn(t, name, `for ${what}`, plotXy.title), (x) => (typeof x === 'number' ? x : Number(x)));
}

/** Input: table. Output: figure (sink). Params: x, y (column names), group (column, '' for one line), title. */
export const plotXy: BlockDef = {
  type: 'plot-xy',
  title: 'Plot columns',
  equivalents: 'matplotlib: plt.plot(table[x], table[y]) per group',
  aliases: ['scatter', 'f-I curve'],
  category: 'plot',
  description: 'Plot one column of a table against another, a line per group: a metric against a swept parameter (f–I curve).',
  sink: true,
  inputs: { table: { type: 'table', label: 'table' } },
  outputs: { figure: { type: 'figure', label: 'figure' } },
  params: [
    { name: 'x', label: 'x column', kind: 'string', default: 'point', suggestions: ['point', 'syn_1.gmax', 'iclamp.amp'], help: 'Column on the horizontal axis (a swept parameter is a column of the metrics table, named block.parameter).' },
    { name: 'y', label: 'y column', kind: 'string', default: 'spikes', suggestions: ['spikes', 'rate_Hz', 'latency_ms', 'peak', 'rest_mV', 'half_width_ms'], help: 'Column on the vertical axis.' },
    { name: 'group', label: 'One line per', kind: 'string', default: 'trace', optional: true, help: 'Column whose values separate the lines (e.g. trace); empty: one line.' },
    { name: 'title', label: 'Title', kind: 'string', default: '', optional: true, help: 'Title of the plot; empty: "y against x".' },
  ],
  compute(inputs, params) {
    const t: TableValue = requireInput(inputs, 'table', 'table', plotXy);
    const p = paramValues(plotXy, params);
    const xName = p.string('x');
    const yName = p.string('y');
    const gName = p.string('group');
    const x = numeric(t, xName, 'x');
    const y = numeric(t, yName, 'y');
    let groups: string[];
    if (gName) groups = Array.from(tableColumn(t, gName, 'to group by', plotXy.title), String);
    else groups = Array.from({ length: x.length }, () => '');
    // Rows without a value (a latency of a trace that never fired) are not points: left out, and counted.
    const lines = new Map<string, Array<[number, number]>>();
    const rows = [[gName || 'group', xName, yName].map(csvField).join(',')];
    let missing = 0;
    for (let k = 0; k < x.length; k++) {
      if (!Number.isFinite(x[k]) || !Number.isFinite(y[k])) {
        missing++;
        continue;
      }
      const line = lines.get(groups[k]) ?? [];
      line.push([x[k], y[k]]);
      lines.set(groups[k], line);
      rows.push([groups[k], x[k], y[k]].map(csvField).join(','));
    }
    const series = [...lines].map(([name, data]) => ({ type: 'line', name: name || yName, symbol: 'circle', symbolSize: 6, data: data.sort((a, b) => a[0] - b[0]) }));
    const title = p.string('title') || `${yName} against ${xName}`;
    const option: Record<string, unknown> = {
      title: { text: title, ...(missing ? { subtext: `${missing} row${missing === 1 ? '' : 's'} without a ${yName} or ${xName} value left out`, subtextStyle: { fontSize: 10, color: '#777' } } : {}) },
      tooltip: { trigger: 'item' },
      legend: { show: series.length > 1 && series.length <= 30, type: 'scroll', top: 30, left: 60, right: 30 },
      grid: { left: 70, right: 30, top: 70, bottom: 50 },
      xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: yName, nameLocation: 'middle', nameGap: 50, scale: true },
      series,
    };
    const figure: FigureValue = { kind: 'figure', figure: 'xy', title, option, csv: rows.join('\n') + '\n' };
    return { figure };
  },
};
