/**
 * Files the CLI writes for a block's output: traces as CSV (`t,<label>,…`), spike times as
 * CSV (`label,t`), tables as CSV, figures as SVG (ECharts' server-side SVG renderer) plus
 * their data as CSV. Numbers are written in full precision (shortest round-trip form).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FigureValue, SpikesValue, TableValue, TracesValue } from '../../nodes/values.ts';

export { tracesCsv, spikesCsv, tableCsv } from '../dataflow/csv.ts';
import { tracesCsv, spikesCsv, tableCsv, traceColumns } from '../dataflow/csv.ts';

/** A file name stem the CLI may write (what safeFileName gives): no separator, no dot, no NUL, not too long. */
const SAFE_STEM = /^[A-Za-z0-9_-]{1,100}$/;

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

let tmpCount = 0;

/**
 * Write `text` to `path` as a new file: written under a fresh temporary name (O_EXCL, so never
 * through a link) and renamed over `path`. A symbolic or hard link already at `path` (say one
 * shipped in an `out/` folder next to a shared graph) is replaced, never written through.
 */
export function writeFresh(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.${process.pid}-${++tmpCount}.tmp`;
  writeFileSync(tmp, text, { flag: 'wx', mode });
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Write the files for one block's output value into `dir` as `<stem>.csv`, `<stem>.spikes.csv`,
 * `<stem>.svg`; `stem` is the block's safe file name (safeFileNames of the graph's block ids).
 * Returns the file names written and warnings (a trace label renamed in the CSV header).
 */
export function writeOutputs(dir: string, stem0: string, value: unknown, port?: string): { files: string[]; warnings: string[] } {
  // The stem comes from safeFileName; refusing anything else keeps every write inside dir even if a caller forgets.
  if (!SAFE_STEM.test(stem0)) throw new Error(`writeOutputs: ${JSON.stringify(stem0.slice(0, 120))} is not a safe file name`);
  // A block's second and later outputs: `<stem>.<port>.csv` (port names come from the catalogue, never from a graph).
  if (port !== undefined && !/^[a-z][A-Za-z]{0,30}$/.test(port)) throw new Error(`writeOutputs: ${JSON.stringify(port.slice(0, 40))} is not an output name`);
  const stem = port === undefined ? stem0 : `${stem0}.${port}`;
  const files: string[] = [];
  const warnings: string[] = [];
  const write = (name: string, text: string) => {
    writeFresh(resolve(dir, name), text);
    files.push(name);
  };
  const v = value as { kind?: string };
  if (v?.kind === 'traces') {
    const t = value as TracesValue;
    const labels = Object.keys(t.traces);
    const cols = traceColumns(labels);
    labels.forEach((l, k) => {
      if (cols[k] !== l) warnings.push(`the trace labelled ${JSON.stringify(l)} is the column ${JSON.stringify(cols[k])} of ${stem}.csv ("t" is the time column)`);
    });
    write(`${stem}.csv`, tracesCsv(t));
    if (Object.keys(t.spikes).length) write(`${stem}.spikes.csv`, spikesCsv(Object.entries(t.spikes)));
  } else if (v?.kind === 'spikes') {
    const s = value as SpikesValue;
    write(`${stem}.spikes.csv`, spikesCsv(s.names.map((n, i) => [n, s.spikes[i]])));
  } else if (v?.kind === 'table') {
    write(`${stem}.csv`, tableCsv(value as TableValue));
  } else if (v?.kind === 'figure') {
    const f = value as FigureValue;
    write(`${stem}.svg`, figureSvg(f));
    write(`${stem}.csv`, f.csv);
  }
  return { files, warnings };
}

/**
 * summary.json: the run's facts and one entry per block, keyed by block id in graph order. The
 * ids come from the graph, so they are copied into a prototype-free record: `__proto__` stays an
 * ordinary key (in a `{}` it would replace the prototype and vanish from the JSON).
 */
export function summaryJson(head: { graph: string; startup_ms: number | null; total_ms: number }, blocks: ReadonlyMap<string, unknown>): string {
  const byId = Object.create(null) as Record<string, unknown>;
  for (const [id, entry] of blocks) byId[id] = entry;
  return JSON.stringify({ ...head, blocks: byId }, null, 2) + '\n';
}
