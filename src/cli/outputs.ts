/**
 * Files the CLI writes for a block's output: traces as CSV (`t,<label>,…`), spike times as
 * CSV (`label,t`), tables as CSV, figures as SVG (ECharts' server-side SVG renderer) plus
 * their data as CSV. Numbers are written in full precision (shortest round-trip form).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FigureValue, SpikesValue, TableValue, TracesValue } from '../../nodes/values.ts';

export { tracesCsv, spikesCsv, tableCsv } from '../dataflow/csv.ts';
import { tracesCsv, spikesCsv, tableCsv } from '../dataflow/csv.ts';

/** ECharts, loaded on first use (it is large; commands that draw nothing should not wait for it). */
let echartsModule: typeof import('echarts') | null = null;
export async function loadEcharts(): Promise<typeof import('echarts')> {
  echartsModule ??= await import('echarts');
  return echartsModule;
}

/** Render a figure's ECharts option to SVG (no DOM needed); call loadEcharts() first. */
export function figureSvg(v: FigureValue, width = 960, height = 540): string {
  if (!echartsModule) throw new Error('figureSvg: call loadEcharts() first');
  const chart = echartsModule.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, ...v.option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Write the files for one block's output value; returns the file names written. */
export function writeOutputs(dir: string, nodeId: string, value: unknown): string[] {
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(resolve(dir, name), text);
    files.push(name);
  };
  const v = value as { kind?: string };
  if (v?.kind === 'traces') {
    const t = value as TracesValue;
    write(`${nodeId}.csv`, tracesCsv(t));
    if (Object.keys(t.spikes).length) write(`${nodeId}.spikes.csv`, spikesCsv(Object.entries(t.spikes)));
  } else if (v?.kind === 'spikes') {
    const s = value as SpikesValue;
    write(`${nodeId}.spikes.csv`, spikesCsv(s.names.map((n, i) => [n, s.spikes[i]])));
  } else if (v?.kind === 'table') {
    write(`${nodeId}.csv`, tableCsv(value as TableValue));
  } else if (v?.kind === 'figure') {
    const f = value as FigureValue;
    write(`${nodeId}.svg`, figureSvg(f));
    write(`${nodeId}.csv`, f.csv);
  }
  return files;
}
