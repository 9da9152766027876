/**
 * plot-heatmap: a 2-D sweep's metric as a heat map — one table column on x, one on y, a third
 * as the colour (viridis) — e.g. spike count over gmax × Ra. With several traces per point the
 * `trace` parameter picks one.
 */
import { CoreError } from '../src/core/errors.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import { csvField } from './raster-plot.ts';
import { VIRIDIS_STOPS } from './morphology-colours.ts';
import { short } from './sweep.ts';
import { tableColumn } from './plot-xy.ts';
import type { BlockDef } from './types.ts';
import type { FigureValue, TableValue } from './values.ts';

const column = (t: TableValue, name: string, what: string) => tableColumn(t, name, `for ${what}`, plotHeatmap.title);

/** Input: table. Output: figure (sink). Params: x, y, value (column names), trace (a label, or empty), title. */
export const plotHeatmap: BlockDef = {
  type: 'plot-heatmap',
  title: 'Heat map',
  equivalents: 'matplotlib: plt.pcolormesh / seaborn.heatmap of a pivoted table',
  aliases: ['heatmap', 'imshow'],
  category: 'plot',
  description: 'A metric over two swept parameters as a heat map (x and y columns, a value column as colour).',
  sink: true,
  inputs: { table: { type: 'table', label: 'table' } },
  outputs: { figure: { type: 'figure', label: 'figure' } },
  params: [
    { name: 'x', label: 'x column', kind: 'string', default: '', help: 'Column across (a swept parameter, block.parameter).' },
    { name: 'y', label: 'y column', kind: 'string', default: '', help: 'Column up (the other swept parameter).' },
    { name: 'value', label: 'Colour column', kind: 'string', default: 'spikes', suggestions: ['spikes', 'rate_Hz', 'latency_ms', 'peak', 'rest_mV', 'half_width_ms'], help: 'The metric shown as colour.' },
    { name: 'trace', label: 'Trace', kind: 'string', default: '', optional: true, help: 'With several traces per point, the one to show (its label, as the trace column has it).' },
    { name: 'title', label: 'Title', kind: 'string', default: '', optional: true, help: 'Title; empty: "value over x and y".' },
  ],
  compute(inputs, params) {
    const t: TableValue = requireInput(inputs, 'table', 'table', plotHeatmap);
    const p = paramValues(plotHeatmap, params);
    const [xName, yName, vName, trace] = [p.string('x'), p.string('y'), p.string('value'), p.string('trace')];
    const x = column(t, xName, 'x');
    const y = column(t, yName, 'y');
    const v = column(t, vName, 'the colour');
    const labels = Object.hasOwn(t.columns, 'trace') ? Array.from(t.columns.trace as ArrayLike<string | number>, String) : null;
    const cells = new Map<string, { x: number; y: number; v: number }>();
    let missing = 0;
    for (let k = 0; k < x.length; k++) {
      if (trace && labels && labels[k] !== trace) continue;
      const cell = { x: Number(x[k]), y: Number(y[k]), v: Number(v[k]) };
      const key = `${cell.x}\u0000${cell.y}`;
      if (cells.has(key)) {
        const names = labels ? [...new Set(labels)].slice(0, 8).join(', ') : '';
        throw new CoreError('input', `${plotHeatmap.title}: several rows for ${xName} = ${cell.x}, ${yName} = ${cell.y}${labels && !trace ? `: pick one trace (${names})` : ''}`);
      }
      if (!Number.isFinite(cell.x) || !Number.isFinite(cell.y) || !Number.isFinite(cell.v)) {
        missing++;
        continue;
      }
      cells.set(key, cell);
    }
    if (!cells.size) throw new CoreError('input', `${plotHeatmap.title}: no row with a value${trace ? ` for trace "${trace}"` : ''}`);
    const xs = [...new Set([...cells.values()].map((c) => c.x))].sort((a, b) => a - b);
    const ys = [...new Set([...cells.values()].map((c) => c.y))].sort((a, b) => a - b);
    const vs = [...cells.values()].map((c) => c.v);
    const title = p.string('title') || `${vName} over ${xName} and ${yName}`;
    const option: Record<string, unknown> = {
      title: { text: title, ...(missing ? { subtext: `${missing} point${missing === 1 ? '' : 's'} without a value left blank`, subtextStyle: { fontSize: 10, color: '#777' } } : {}) },
      tooltip: { position: 'top' },
      grid: { left: 80, right: 90, top: 60, bottom: 60 },
      xAxis: { type: 'category', data: xs.map(short), name: xName, nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'category', data: ys.map(short), name: yName, nameLocation: 'middle', nameGap: 55 },
      visualMap: { type: 'continuous', min: Math.min(...vs), max: Math.max(...vs), calculable: true, orient: 'vertical', right: 10, top: 'middle', text: [vName, ''], inRange: { color: [...VIRIDIS_STOPS] } },
      series: [{ type: 'heatmap', name: vName, data: [...cells.values()].map((c) => [xs.indexOf(c.x), ys.indexOf(c.y), c.v]) }],
    };
    const csv = [[xName, yName, vName].map(csvField).join(','), ...[...cells.values()].map((c) => [c.x, c.y, c.v].map(csvField).join(','))].join('\n') + '\n';
    const figure: FigureValue = { kind: 'figure', figure: 'heatmap', title, option, csv };
    return { figure };
  },
};
