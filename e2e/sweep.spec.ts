/**
 * A sweep in the app (issue 17): syn_1.gmax over 8 values on the tutorial runs on the pool of
 * workers, shows 8 points' traces coloured by value, and a spike-count-vs-gmax plot whose
 * numbers equal 8 separate runs of the graph at those values.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { dropFile, nw, openApp, REPO, screenshot, setParam, settled } from './kit.ts';

const VALUES = [0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2];

type Node = { id: string; type: string; params: Record<string, unknown>; position: [number, number] };
type Graph = { nodes: Node[]; connections: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }> };

function sweepGraph(): Graph {
  const g = JSON.parse(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8')) as Graph;
  for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 400;
  const at = (x: number, y: number): [number, number] => [x, y];
  g.nodes.push(
    { id: 'sweep', type: 'sweep', params: { parameters: `syn_1.gmax = ${VALUES.join(', ')}`, mode: 'grid' }, position: at(1800, 800) },
    { id: 'sweep_traces', type: 'plot-traces', params: { title: 'Sweep', spikeRates: false }, position: at(2100, 700) },
    { id: 'metrics', type: 'metrics', params: { threshold: 0 }, position: at(2100, 900) },
    { id: 'count', type: 'plot-xy', params: { x: 'syn_1.gmax', y: 'spikes', group: 'trace', title: 'spikes against gmax' }, position: at(2400, 900) },
  );
  g.connections.push(
    { from: { node: 'run', port: 'traces' }, to: { node: 'sweep', port: 'traces' } },
    { from: { node: 'sweep', port: 'traces' }, to: { node: 'sweep_traces', port: 'traces' } },
    { from: { node: 'sweep', port: 'traces' }, to: { node: 'metrics', port: 'traces' } },
    { from: { node: 'metrics', port: 'table' }, to: { node: 'count', port: 'table' } },
  );
  return g;
}

/** Drop the graph on the app, as a user opens a file, and wait for it to be computed. */
async function openGraph(page: import('@playwright/test').Page, g: Graph): Promise<void> {
  await dropFile(page, 'sweep.graph.json', JSON.stringify({ format: 'neurowire-graph', version: 1, ...g }), 'application/json');
  await expect.poll(() => nw(page, (h) => h.graph().nodes.some((n) => n.id === 'sweep')), { timeout: 20_000 }).toBe(true);
  await settled(page);
}

test('a sweep of syn_1.gmax over 8 values: coloured traces and a spike count per value equal to 8 separate runs', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openGraph(page, sweepGraph());
  expect(await nw(page, (h) => h.status('sweep').state)).toBe('done');
  // 8 points × 3 recorders, each point's traces in one colour, 8 colours.
  const series = await nw(page, (h) => ((h.output('sweep_traces') as { figure: { option: { series: Array<{ name: string; lineStyle?: { color?: string } }> } } }).figure.option.series).map((s) => [s.name, s.lineStyle?.color ?? ''] as [string, string]));
  expect(series.length).toBe(24);
  const colourOf = new Map<number, Set<string>>();
  for (const [name, colour] of series) {
    const v = Number(/syn_1\.gmax=([\d.e-]+)\]/.exec(name)![1]);
    colourOf.set(v, (colourOf.get(v) ?? new Set()).add(colour));
  }
  expect([...colourOf.keys()].sort((a, b) => a - b)).toEqual(VALUES);
  expect([...colourOf.values()].every((s) => s.size === 1)).toBe(true);
  expect(new Set([...colourOf.values()].map((s) => [...s][0])).size).toBe(8);
  // The spike count per value: the plot's points.
  const plotted = await nw(page, (h) => ((h.output('count') as { figure: { option: { series: Array<{ name: string; data: Array<[number, number]> }> } } }).figure.option.series).find((s) => s.name === 'axon_tip')!.data);
  expect(plotted.map((p) => p[0])).toEqual(VALUES);
  expect(plotted.some((p) => p[1] > 0)).toBe(true);
  await screenshot(page, 'sweep-gmax');
  // 8 separate runs: the graph's own run at each value, its spikes at the axon tip counted as the metrics block counts them (upward crossings of 0 mV).
  for (const [k, v] of VALUES.entries()) {
    await setParam(page, 'syn_1', 'gmax', v);
    await settled(page);
    const count = await nw(page, (h) => {
      const a = (h.output('run') as { traces: { traces: Record<string, Float64Array> } }).traces.traces.axon_tip;
      let c = 0;
      for (let i = 1; i < a.length; i++) if (a[i - 1] < 0 && a[i] >= 0) c++;
      return c;
    });
    expect(count, `gmax ${v}`).toBe(plotted[k][1]);
  }
});

test('an empty sweep says what to write; picking a parameter upstream writes its line and the sweep runs', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const g = sweepGraph();
  for (const n of g.nodes) if (n.id === 'sweep') n.params.parameters = '';
  for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 100;
  await openGraph(page, g);
  const st = await nw(page, (h) => h.status('sweep'));
  expect(st.state).toBe('error');
  expect(st.message).toMatch(/nothing to sweep: add a line "block.parameter = values"/);
  await nw(page, (h) => h.select(['sweep']));
  await page.getByTestId('sweep-pick').selectOption('syn_1.gmax');
  await expect.poll(() => nw(page, (h) => h.graph().nodes.find((n) => n.id === 'sweep')!.params.parameters)).toBe('syn_1.gmax = logspace(0.05, 0.2, 8)');
  await settled(page);
  expect(await nw(page, (h) => h.status('sweep').state)).toBe('done');
  const points = await nw(page, (h) => (h.output('sweep') as { traces: { sweep: { points: number[][] } } }).traces.sweep.points.length);
  expect(points).toBe(8);
});

test('a sweep of 2,000 points asks before it starts and says what it would cost; fewer points run at once', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const g = sweepGraph();
  for (const n of g.nodes) if (n.id === 'sweep') n.params.parameters = 'syn_1.gmax = linspace(0.01, 0.2, 2000)';
  for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 1000;
  await openGraph(page, g);
  const st = await nw(page, (h) => h.status('sweep'));
  expect(st.state).toBe('waiting');
  expect(st.message).toMatch(/^Parameter sweep 'sweep' needs 2,000 runs of ~40,000 steps × \d+ segments \(~.*\): Run anyway\?/);
  await nw(page, (h) => h.select(['sweep']));
  await expect(page.getByTestId('confirm-run-sweep')).toBeVisible();
  await expect(page.getByTestId('confirm-run-sweep-every')).toHaveCount(0);
  await screenshot(page, 'sweep-asks');
  await nw(page, (h) => h.setParam('sweep', 'parameters', 'syn_1.gmax = 0.05, 0.1'));
  await settled(page);
  expect(await nw(page, (h) => h.status('sweep').state)).toBe('done');
});
