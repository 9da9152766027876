/**
 * `neurowire run` of a sweep: the points run on a pool of worker threads (--jobs), the metrics
 * table is tidy (one row per point × trace, the swept value a column), and its numbers equal
 * separate runs of the graph with `--set`. Bad --jobs values are refused.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { REPO } from '../../tools/neuron/case.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');

function nw(args: string[]): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr };
}

function csv(path: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true }).data;
}

/** The tutorial (synthetic neuron, 300 ms) with a sweep of syn_1.gmax and metrics of each point, or of the run alone. */
function graphFile(sweep: boolean): string {
  const g = JSON.parse(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8')) as { nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>; connections: unknown[] };
  g.nodes = g.nodes.filter((n) => n.type !== 'plot-traces' && n.type !== 'node-table');
  g.connections = (g.connections as Array<{ to: { node: string } }>).filter((c) => g.nodes.some((n) => n.id === c.to.node));
  for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 300;
  if (sweep) {
    g.nodes.push({ id: 'sweep', type: 'sweep', params: { parameters: 'syn_1.gmax = 0.02, 0.3, 0.6', mode: 'grid' } });
    g.connections.push({ from: { node: 'run', port: 'traces' }, to: { node: 'sweep', port: 'traces' } });
  }
  g.nodes.push({ id: 'metrics', type: 'metrics', params: { threshold: 0 } });
  g.connections.push({ from: { node: sweep ? 'sweep' : 'run', port: 'traces' }, to: { node: 'metrics', port: 'traces' } });
  const p = resolve(mkdtempSync(resolve(tmpdir(), 'nw-sweep-')), 'g.graph.json');
  writeFileSync(p, JSON.stringify(g));
  return p;
}

describe('neurowire run: sweeps', () => {
  it('runs the points on --jobs workers; the tidy metrics equal separate runs', () => {
    const out = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
    const r = nw(['run', graphFile(true), '--out', out, '--jobs', '2']);
    expect(r.err).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    const rows = csv(resolve(out, 'metrics.csv'));
    expect(rows.length).toBe(9); // 3 points × 3 recorders
    expect(new Set(rows.map((x) => x['syn_1.gmax']))).toEqual(new Set(['0.02', '0.3', '0.6']));
    const alone = new Map<string, Array<Record<string, string>>>();
    const single = graphFile(false);
    for (const g of ['0.02', '0.3', '0.6']) {
      const o = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
      expect(nw(['run', single, '--out', o, '--no-worker', '--set', `syn_1.gmax=${g}`]).code).toBe(0);
      alone.set(g, csv(resolve(o, 'metrics.csv')));
    }
    for (const row of rows) {
      const ref = alone.get(row['syn_1.gmax'])!.find((x) => x.trace === row.trace)!;
      for (const col of ['spikes', 'rate_Hz', 'latency_ms', 'peak', 'rest_mV', 'half_width_ms']) expect(row[col]).toBe(ref[col]);
    }
    // More synaptic conductance, not fewer spikes at the soma.
    const somaSpikes = (g: string) => Number(rows.find((x) => x['syn_1.gmax'] === g && x.trace === 'soma')!.spikes);
    expect(somaSpikes('0.6')).toBeGreaterThanOrEqual(somaSpikes('0.02'));
  }, 120_000);

  it('fits Ra to a recorded trace: writes the best traces, fitted values and cost, and the best value in summary.json', () => {
    const g = JSON.parse(readFileSync(graphFile(false), 'utf8')) as { nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>; connections: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }> };
    // A passive cell (no synapses, no hh): the graph's run up to the recorders, 100 ms.
    const keep = new Set(['load', 'soma', 'reroot', 'split', 'model', 'props', 'pas', 'dend_base', 'axon_tip', 'soma_node', 'rec_dend', 'rec_axon', 'rec_soma', 'run']);
    g.nodes = g.nodes.filter((n) => keep.has(n.id));
    g.nodes.push({ id: 'iclamp', type: 'current-clamp', params: { start: 10, duration: 50, current: 0.05 } });
    keep.add('iclamp');
    g.connections = g.connections.map((c) => (c.to.node === 'rec_dend' && c.to.port === 'model' ? { ...c, from: { node: 'iclamp', port: 'model' } } : c));
    g.connections = g.connections.filter((c) => keep.has(c.from.node) && keep.has(c.to.node));
    g.connections.push({ from: { node: 'pas', port: 'model' }, to: { node: 'iclamp', port: 'model' } }, { from: { node: 'soma_node', port: 'selection' }, to: { node: 'iclamp', port: 'where' } });
    for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 100;
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-fit-'));
    const plain = resolve(dir, 'cell.graph.json');
    writeFileSync(plain, JSON.stringify(g));
    // The "recording": the cell at Ra = 266.1 Ω·cm.
    const rec = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
    expect(nw(['run', plain, '--out', rec, '--no-worker', '--set', 'props.Ra=266.1']).code).toBe(0);
    writeFileSync(resolve(dir, 'recording.csv'), readFileSync(resolve(rec, 'run.csv'), 'utf8'));
    g.nodes.push({ id: 'fit', type: 'fit', params: { parameters: 'props.Ra = 120 in [20, 2000] log', targetFile: 'recording.csv', maxEvaluations: 120, tolerance: 1e-9 } });
    g.connections.push({ from: { node: 'run', port: 'traces' }, to: { node: 'fit', port: 'traces' } });
    const fitted = resolve(dir, 'fit.graph.json');
    writeFileSync(fitted, JSON.stringify(g));
    const out = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
    const r = nw(['run', fitted, '--out', out, '--jobs', '2', '--set', 'props.Ra=120']);
    expect(r.err).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(resolve(out, 'summary.json'), 'utf8')) as { blocks: Record<string, { files: string[]; best?: Record<string, number> }> };
    expect(summary.blocks.fit.files).toEqual(['fit.csv', 'fit.fitted.csv', 'fit.cost.csv']);
    expect(Math.abs(summary.blocks.fit.best!['props.Ra'] / 266.1 - 1)).toBeLessThan(0.01);
    const table = csv(resolve(out, 'fit.fitted.csv'));
    expect(table[0].parameter).toBe('props.Ra');
    expect(Number(table[0].fitted)).toBeCloseTo(summary.blocks.fit.best!['props.Ra'], 9);
  }, 120_000);

  it('refuses --jobs that is not a whole number of workers', () => {
    for (const bad of ['0', 'x', '2.5']) {
      const r = nw(['run', graphFile(true), '--jobs', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--jobs needs a whole number of workers/);
    }
  });
});
