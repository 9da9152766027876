/**
 * `neurowire run` of a big point network: by default on the machine's cores (--jobs caps them),
 * partitioned in the block worker's own threads, with the spikes of one queue (--jobs 1) and of
 * --no-worker; summary.json says on how many workers it ran.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { REPO } from '../../tools/neuron/case.ts';
import { generatedNetwork } from '../../bench/generated-network.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');

/** The connectome example on a generated 2,000 × 200,000 edge list, IntFire4 with 10 Hz noise, 10 s (2,000,000 edge·s: the threshold). */
function graphFile(): string {
  const dir = mkdtempSync(resolve(tmpdir(), 'nw-par-'));
  const g = generatedNetwork(2000, 100, 7);
  const lines = ['source,target,weight'];
  for (let k = 0; k < g.source.length; k++) lines.push(`${g.source[k]},${g.target[k]},${g.weight[k]}`);
  writeFileSync(resolve(dir, 'edges.csv'), lines.join('\n') + '\n');
  const doc = JSON.parse(readFileSync(resolve(REPO, 'examples/connectome-network.graph.json'), 'utf8')) as { nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>; connections: Array<{ to: { node: string } }> };
  doc.nodes = doc.nodes.filter((n) => n.type !== 'raster-plot' && n.type !== 'rate-plot');
  doc.connections = doc.connections.filter((c) => doc.nodes.some((n) => n.id === c.to.node));
  for (const n of doc.nodes) {
    if (n.type === 'edge-list') Object.assign(n.params, { source: 'file', file: 'edges.csv', weights: 'as-is' });
    if (n.type === 'run-network') Object.assign(n.params, { duration: 10_000, dt: 0.1 });
  }
  const p = resolve(dir, 'g.graph.json');
  writeFileSync(p, JSON.stringify(doc));
  return p;
}

function run(graph: string, args: string[]) {
  const out = mkdtempSync(resolve(tmpdir(), 'nw-par-out-'));
  const r = spawnSync(process.execPath, [BIN, 'run', graph, '--out', out, ...args], { encoding: 'utf8' });
  expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('all blocks ok')]);
  const summary = JSON.parse(readFileSync(resolve(out, 'summary.json'), 'utf8')) as { blocks: Record<string, { workers: number; spikes: number; events: number; warnings: string[] }> };
  const run = Object.values(summary.blocks).find((b) => 'workers' in b)!;
  return { run, spikes: readFileSync(resolve(out, 'run.spikes.csv'), 'utf8') };
}

describe('neurowire run: a big network on every core', () => {
  it('--jobs 2 partitions it (in the block worker and with --no-worker); the spikes equal --jobs 1’s byte for byte', () => {
    const graph = graphFile();
    const one = run(graph, ['--jobs', '1']);
    const two = run(graph, ['--jobs', '2']);
    const here = run(graph, ['--jobs', '2', '--no-worker']);
    expect([one.run.workers, two.run.workers, here.run.workers]).toEqual([1, 2, 2]);
    expect(two.spikes).toBe(one.spikes);
    expect(here.spikes).toBe(one.spikes);
    expect([two.run.events, two.run.spikes, two.run.warnings]).toEqual([one.run.events, one.run.spikes, one.run.warnings]);
    expect(one.run.spikes).toBeGreaterThan(40000);
  }, 180_000);
});
