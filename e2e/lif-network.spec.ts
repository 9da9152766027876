/**
 * The LIF network block in the app (issue 19): the Parquet connectome example with its point
 * network replaced by the whole-brain fly model's LIF population, 50 neurons Poisson-driven.
 * The block runs in the page's worker (its labels file sent with it) and gives the spikes the same
 * block gives in Node, to the bit; the raster groups them by cell type.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { blockDef } from '../nodes/index.ts';
import type { SpikesValue } from '../nodes/values.ts';
import { readAssetBytes, readAssetText } from '../src/dataflow/assets.ts';
import type { Graph } from '../src/dataflow/graph.ts';
import { bytesSource } from '../src/core/byte-source.ts';
import { dropFile, nw, openApp, REPO, settled } from './kit.ts';

test('the LIF network block runs in the app with the spikes it gives in Node; its raster is grouped by cell type', async ({ page }) => {
  test.setTimeout(120_000);
  const g = JSON.parse(readFileSync(resolve(REPO, 'examples/connectome-parquet.graph.json'), 'utf8')) as Graph & { meta: Record<string, unknown> };
  const net = g.nodes.find((n) => n.id === 'net')!;
  const ids = (readAssetText(g, String(net.params.labels)).trim().split('\n').slice(1, 51)).map((l) => l.split(',')[0]);
  const params = { poisson: ids.join(','), labels: net.params.labels, labelColumn: 'celltype', duration: 500, dt: 0.1, seed: 3 };
  g.meta.title = 'LIF connectome';
  g.nodes = g.nodes.filter((n) => !['net', 'noise', 'run'].includes(n.id));
  g.nodes.push({ id: 'lif', type: 'lif-network', position: [300, 0], params } as Graph['nodes'][number]);
  g.connections = [
    { from: { node: 'edges', port: 'edges' }, to: { node: 'lif', port: 'edges' } },
    ...['raster', 'rates', 'counts'].map((id) => ({ from: { node: 'lif', port: 'spikes' }, to: { node: id, port: 'spikes' } })),
  ];
  const errors = await openApp(page);
  await settled(page);
  await dropFile(page, 'lif.graph.json', JSON.stringify(g), 'application/json');
  await page.waitForFunction(() => (window as unknown as { __nw: { graph(): { nodes: Array<{ id: string }> } } }).__nw.graph().nodes.some((n) => n.id === 'lif'), null, { timeout: 30_000 });
  await settled(page);
  const states = await nw(page, (h) => ['edges', 'lif', 'raster', 'rates', 'counts'].map((id) => [id, h.status(id).state, h.status(id).message ?? '']));
  expect(states.filter(([, s]) => s !== 'done'), JSON.stringify(states)).toEqual([]);
  const app = await nw(page, (h) => {
    const s = h.output('lif')?.spikes as { names: string[]; labels: string[]; spikes: Float64Array[] };
    return { names: s.names, labels: s.labels, spikes: s.spikes.map((a) => Array.from(a)) };
  });

  // The same blocks in Node, on the example's own files.
  const ctx = {
    signal: new AbortController().signal,
    nodeId: 'x',
    progress: () => {},
    readText: async (ref: string) => readAssetText(g, ref),
    readBytes: async (ref: string) => bytesSource(readAssetBytes(g, ref)),
  };
  const edgesNode = g.nodes.find((n) => n.id === 'edges')!;
  const edges = await blockDef('edge-list')!.compute({}, edgesNode.params as never, ctx);
  const here = ((await blockDef('lif-network')!.compute(edges, params as never, ctx)) as { spikes: SpikesValue }).spikes;
  let count = 0;
  for (const s of here.spikes) count += s.length;
  expect(count).toBeGreaterThan(100);
  expect(app.names).toEqual(here.names);
  expect(app.labels).toEqual(here.labels);
  // Labels from the example's cell-type table.
  expect([...new Set(app.labels)].sort()).toEqual(['KC', 'LN', 'ORN', 'PN']);
  expect(app.spikes).toEqual(here.spikes.map((a) => Array.from(a)));
  // Spike times are whole steps of 0.1 ms.
  for (const s of here.spikes) for (const t of s) expect(Math.abs(t * 10 - Math.round(t * 10))).toBeLessThan(1e-6);
  const raster = await nw(page, (h) => (h.output('raster')?.figure as { option: { title: { subtext: string } } }).option.title.subtext);
  expect(raster).toContain(`${count} spikes`);
  expect(errors).toEqual([]);
});
