/**
 * The LIF network block through the graph runner: edge list → LIF network → raster and rate
 * plots, with an input spike file embedded in the graph; spike times by hand.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from './index.ts';
import { addAsset } from '../src/dataflow/assets.ts';
import { emptyGraph, type Graph } from '../src/dataflow/graph.ts';
import { readBrowserFile, Session } from '../src/dataflow/session.ts';
import { GraphStore } from '../src/dataflow/store.ts';
import { LifPopulation } from '../src/core/network/lif-population.ts';
import type { FigureValue, SpikesValue } from './values.ts';

/** A → C and B → C, 200 synapses each (A's spike alone brings C over threshold: a PSP of 200 · 0.275 mV · 0.157 ≈ 8.7 mV > 7 mV). */
const TABLE = 'source,target,weight\nA,C,200\nB,C,-200\n';

async function graph(spikeCsv: string, params: Record<string, unknown> = {}): Promise<Graph> {
  const g = emptyGraph();
  const inputs = await addAsset(g, 'inputs.csv', 'text/csv', spikeCsv);
  g.nodes.push({ id: 'edges', type: 'edge-list', position: [0, 0], params: { source: 'table', table: TABLE } });
  g.nodes.push({ id: 'lif', type: 'lif-network', position: [200, 0], params: { inputs, duration: 30, ...params } });
  g.nodes.push({ id: 'raster', type: 'raster-plot', position: [400, 0], params: {} });
  g.nodes.push({ id: 'rate', type: 'rate-plot', position: [400, 100], params: {} });
  g.connections.push({ from: { node: 'edges', port: 'edges' }, to: { node: 'lif', port: 'edges' } });
  g.connections.push({ from: { node: 'lif', port: 'spikes' }, to: { node: 'raster', port: 'spikes' } });
  g.connections.push({ from: { node: 'lif', port: 'spikes' }, to: { node: 'rate', port: 'spikes' } });
  return g;
}

async function settle(g: Graph) {
  const store = new GraphStore(g, { blockDef });
  const s = new Session(store, { readText: (ref) => readBrowserFile(ref, store.graph) });
  await s.settled();
  return { s, store };
}

describe('LIF network block', () => {
  it('input spike file → A fires the next step, C fires after t_dly + its PSP rise; plots draw them', async () => {
    const { s } = await settle(await graph('neuron,time\nA,1\n'));
    const out = s.output('lif');
    expect(out?.ok).toBe(true);
    const sp = (out as { ok: true; values: { spikes: SpikesValue } }).values.spikes;
    expect(sp.names).toEqual(['A', 'C', 'B']);
    // A: input at step 10 (1 ms) → spike at step 11 = 1.1 ms. B: no input, no spike.
    expect(Array.from(sp.spikes[0])).toEqual([11 * 0.1]);
    expect(sp.spikes[2].length).toBe(0);
    // C: the spike reaches it at step 11 + 18 = 29; the same as the core on the same network.
    const core = new LifPopulation({ names: ['A', 'C', 'B'], edges: { source: [0, 2], target: [1, 1], weight: [200, -200] }, inputs: { neuron: [0], time: [1] } }).run(30, 0.1);
    expect(sp.spikes[1].length).toBe(1);
    expect(sp.spikes[1][0]).toBe(core.spikes[1][0]);
    expect(sp.spikes[1][0]).toBeGreaterThan(2.9);
    expect(sp.spikes[1][0]).toBeLessThan(2.9 + 9.3);
    expect(sp.events).toBe(1);
    for (const id of ['raster', 'rate']) {
      const fig = s.output(id);
      expect(fig?.ok, id).toBe(true);
      expect((fig as { ok: true; values: { figure: FigureValue } }).values.figure.kind).toBe('figure');
    }
    s.dispose();
  });

  it('B inhibits: with both inputs at once C stays silent; the published Poisson drive makes a driven neuron fire at ≈ r_poi', async () => {
    const both = await settle(await graph('neuron,time\nA,1\nB,1\n'));
    const sp = (both.s.output('lif') as { ok: true; values: { spikes: SpikesValue } }).values.spikes;
    expect(sp.spikes[1].length).toBe(0);
    both.s.dispose();
    const driven = await settle(await graph('neuron,time\n', { poisson: 'B', duration: 2000, seed: 3 }));
    const d = (driven.s.output('lif') as { ok: true; values: { spikes: SpikesValue } }).values.spikes;
    // 150 Hz × 2 s, each event firing B at the next step (an event in a spike's own step is lost): 300·(1 − 0.015) ± 3σ.
    expect(Math.abs(d.spikes[2].length - 300 * 0.985)).toBeLessThan(3 * Math.sqrt(300));
    driven.s.dispose();
  });

  it('labels from a labels file group the neurons; a delay column is reported as unused', async () => {
    const g = await graph('neuron,time\nA,1\n');
    const labels = await addAsset(g, 'types.csv', 'text/csv', 'id,celltype\nA,PN\nC,KC\n');
    const lif = g.nodes.find((n) => n.id === 'lif')!;
    lif.params = { ...lif.params, labels, labelColumn: 'celltype' };
    g.nodes.find((n) => n.id === 'edges')!.params.table = 'source,target,weight,delay\nA,C,200,3\nB,C,-200,3\n';
    const { s } = await settle(g);
    const sp = (s.output('lif') as { ok: true; values: { spikes: SpikesValue } }).values.spikes;
    expect(sp.labels).toEqual(['PN', 'KC', 'NA']);
    expect(sp.warnings.join(' ')).toMatch(/delay column is not used: every edge of the LIF model has the delay t_dly \(1\.8 ms\)/);
    expect(sp.warnings.join(' ')).toMatch(/1 neuron\(s\) have no label/);
    s.dispose();
  });

  it("bad input is the block's error in words", async () => {
    const { s, store } = await settle(await graph('neuron,time\nZ,1\n'));
    const st = s.status('lif');
    expect(st.state === 'error' && st.message).toMatch(/inputs\.csv: spike file line 2: neuron "Z" is not in the population/);
    store.setParam('lif', 'inputs', '');
    store.setParam('lif', 'poisson', 'A, Q');
    await s.settled();
    const st2 = s.status('lif');
    expect(st2.state === 'error' && st2.message).toMatch(/Poisson-driven neuron "Q" is not in the edge list/);
    store.setParam('lif', 'poisson', '');
    store.setParam('lif', 'tau', 20);
    store.setParam('lif', 't_mbr', 20);
    await s.settled();
    expect(s.status('lif').state).toBe('done');
    s.dispose();
  });
});
