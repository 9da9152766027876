/**
 * The tutorial's skeleton steps as a chain of blocks: load (8 nm voxels → µm), soma 20,
 * reroot, split with the cell body fiber from the soma, then the selections the tutorial
 * makes and its `n.nodes.head()` / `post.head()` tables. On the DA1 neuron the numbers are the
 * tutorial's; on the synthetic neuron the same chain runs without any data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { nodesByLabel } from '../src/core/morphology/selection.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { setSoma } from './set-soma.ts';
import { reroot } from './reroot.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { select } from './select.ts';
import { nodeTable } from './node-table.ts';
import { SHARED_DATA, SKIP_NOTE, hasSharedData, runBlock, snapshot, testContext } from './test-context.ts';
import type { Params } from './types.ts';
import type { NeuronValue, SelectionValue, TableValue } from './values.ts';

const DA1 = resolve(SHARED_DATA, 'hemibrain-da1-pns');

/** load → set soma → reroot → split, each block's output kept; checks that no block mutates its input. */
async function chain(load: Params, soma: Params): Promise<{ loaded: NeuronValue; split: NeuronValue }> {
  const ctx = testContext(DA1);
  const loaded = await runBlock<NeuronValue>(loadSkeleton, {}, load, ctx);
  const before = snapshot(loaded);
  const withSoma = await runBlock<NeuronValue>(setSoma, { neuron: loaded }, soma);
  const rooted = await runBlock<NeuronValue>(reroot, { neuron: withSoma }, {});
  const mid = snapshot(rooted);
  const split = await runBlock<NeuronValue>(splitAxonDendrite, { neuron: rooted }, { cellBodyFiber: 'soma' });
  expect(snapshot(loaded)).toEqual(before);
  expect(snapshot(rooted)).toEqual(mid);
  return { loaded, split };
}

const sel = (neuron: NeuronValue, params: Params) => runBlock<SelectionValue>(select, { neuron }, params);
const ids = (s: SelectionValue) => Array.from(s.ids);

describe.skipIf(!hasSharedData)(`the tutorial's chain on the DA1 neuron 1734350788${SKIP_NOTE}`, () => {
  let loaded: NeuronValue;
  let n: NeuronValue;
  beforeAll(async () => {
    // As a graph file sets it: `--set load.units=8nm`.
    ({ loaded, split: n } = await chain(
      { source: 'file', swc: 'swc/1734350788.swc', synapses: 'synapses/1734350788.csv', units: '8nm' },
      { node: [20] },
    ));
  });

  it('loads 4465 nodes and 2705 connectors in µm, without warnings', () => {
    expect(loaded.skeleton.size).toBe(4465);
    expect(loaded.skeleton.units).toBe('µm');
    expect(loaded.connectors?.nodeId.length).toBe(2705);
    expect(loaded.warnings).toEqual([]);
    // The SWC's own soma (its type-1 node 4177) before the tutorial's correction to 20.
    expect(loaded.skeleton.id[loaded.skeleton.soma]).toBe(4177);
    expect(n.skeleton.id[n.skeleton.soma]).toBe(20);
    expect(n.skeleton.parent[n.skeleton.rowOf(20)]).toBe(-1);
  });

  it("the dendrite base (nearest dendrite node to the soma) is 467, the axon tip (farthest axon node) 4384", async () => {
    const base = await sel(n, { mode: 'nearest' });
    expect(ids(base)).toEqual([467]);
    expect(base.description).toBe('dendrite node nearest to the soma (node 20) along the cable');
    const tip = await sel(n, { mode: 'farthest' });
    expect(ids(tip)).toEqual([4384]);
    expect(tip.description).toBe('axon node farthest from the soma (node 20) along the cable');
  });

  it("the first 5 distinct nodes of the dendritic postsynapses are the tutorial's post.head()", async () => {
    const s = await sel(n, { mode: 'synapses', synapseType: 'post', synapseCompartments: 'dendrite', first: 5, unique: true });
    expect(ids(s)).toEqual([3736, 635, 4124, 3176, 3061]);
    expect(s.description).toBe('first 5 distinct nodes of dendrite postsynapses');
  });

  it("'axon, linker' selects the tutorial's axon_nodes: every axon and linker node, in node-table order", async () => {
    const s = await sel(n, { mode: 'compartment', labels: 'axon, linker' });
    // 474 axon + 210 linker nodes (the split's counts, checked against navis in split.test.ts).
    expect(s.ids.length).toBe(684);
    expect(ids(s)).toEqual(Array.from(nodesByLabel(n.skeleton, ['axon', 'linker'])));
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, { what: 'nodes' });
    const comp = t.columns.compartment as string[];
    const nodeId = t.columns.node_id as Int32Array;
    expect(ids(s)).toEqual(Array.from(nodeId).filter((_, i) => comp[i] === 'axon' || comp[i] === 'linker'));
  });

  it("the node table's first five rows are the tutorial's n.nodes.head(): nodes 1–5, cell body fiber", async () => {
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, {});
    const head = (col: string) => Array.from(t.columns[col] as ArrayLike<number | string>).slice(0, 5);
    expect(head('node_id')).toEqual([1, 2, 3, 4, 5]);
    expect(head('parent_id')).toEqual([2, 3, 4, 5, 6]);
    expect(head('compartment')).toEqual(Array(5).fill('cellbodyfiber'));
    // navis stores float32 (one ulp at 126 is 7.6e-6); the tutorial prints 126.272003, 0.146274, 0.277771.
    const close = (got: Array<number | string>, want: number[]) => got.forEach((v, i) => expect(v as number).toBeCloseTo(want[i], 4));
    close(head('x'), [126.272003, 126.112007, 125.952003, 125.952003, 125.632004]);
    close(head('y'), [298.0, 297.840027, 297.52002, 297.200012, 297.040009]);
    close(head('z'), [224.496017, 224.656006, 224.976013, 225.616013, 225.936005]);
    close(head('radius'), [0.08, 0.146274, 0.277771, 0.277771, 0.277771]);
    expect(Object.keys(t.columns)).toEqual(['node_id', 'parent_id', 'x', 'y', 'z', 'radius', 'type', 'compartment']);
  });

  it("the connector table holds the tutorial's post.head() rows with their compartment", async () => {
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, { what: 'connectors' });
    expect(Object.keys(t.columns)).toEqual(['connector_id', 'node_id', 'type', 'x', 'y', 'z', 'roi', 'confidence', 'compartment']);
    const cid = Array.from(t.columns.connector_id as Float64Array);
    const rows = [137, 138, 139, 140, 219].map((c) => cid.indexOf(c));
    const col = (name: string) => rows.map((r) => (t.columns[name] as ArrayLike<number | string>)[r]);
    expect(col('node_id')).toEqual([3736, 635, 4124, 3176, 3061]);
    expect(col('type')).toEqual(Array(5).fill('post'));
    expect(col('roi')).toEqual(Array(5).fill('AL(R)'));
    expect(col('compartment')).toEqual(Array(5).fill('dendrite'));
    const close = (got: Array<number | string>, want: number[]) => got.forEach((v, i) => expect(v as number).toBeCloseTo(want[i], 6));
    close(col('x'), [135.232, 132.872, 131.432, 124.984, 128.312]);
    close(col('y'), [291.104, 284.448, 277.048, 286.568, 276.848]);
    close(col('z'), [210.84, 196.056, 200.96, 216.48, 217.272]);
    close(col('confidence'), [0.906454, 0.92896, 0.605084, 0.922643, 0.981077]);
    // The dendritic postsynapses before row 219 are exactly rows 137–140 (the tutorial's post.head()).
    const type = t.columns.type as string[];
    const comp = t.columns.compartment as string[];
    const firstFive = cid.filter((_, k) => type[k] === 'post' && comp[k] === 'dendrite').slice(0, 5);
    expect(firstFive).toEqual([137, 138, 139, 140, 219]);
  });

  it("the units' spellings '8 nm voxels', '8nm' and '8 NM voxels' load the same neuron", async () => {
    const ctx = testContext(DA1);
    const a = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'swc/1734350788.swc', units: '8 nm voxels' }, ctx);
    const b = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'swc/1734350788.swc', units: '8 NM voxels' }, ctx);
    expect(snapshot(a.skeleton)).toEqual(snapshot(b.skeleton));
    expect(snapshot(a.skeleton)).toEqual(snapshot(loaded.skeleton));
    expect(a.connectors).toBeNull();
  });
});

describe('the same chain on the synthetic projection neuron (no data needed)', () => {
  let n: NeuronValue;
  beforeAll(async () => {
    // Soma and reroot left empty: the synthetic neuron's own soma, which is already the root.
    ({ split: n } = await chain({ source: 'synthetic', seed: 1 }, {}));
  });

  it('labels all four compartments, the soma in the cell body fiber', () => {
    const sk = n.skeleton;
    expect(sk.labelOf(sk.soma)).toBe('cellbodyfiber');
    const labels = new Set(Array.from(sk.label, (l) => sk.labelNames[l]));
    expect([...labels].sort()).toEqual(['axon', 'cellbodyfiber', 'dendrite', 'linker']);
    expect(n.connectorCompartment?.length).toBe(n.connectors?.nodeId.length);
  });

  it('selects a dendrite base, an axon tip, dendritic inputs and the axon nodes that are what they say', async () => {
    const sk = n.skeleton;
    const label = (id: number) => sk.labelOf(sk.rowOf(id));
    const [base] = ids(await sel(n, { mode: 'nearest' }));
    const [tip] = ids(await sel(n, { mode: 'farthest' }));
    expect(label(base)).toBe('dendrite');
    expect(label(tip)).toBe('axon');
    // The dendrite base is closer to the soma than every other dendrite node; the tip farther than every axon node.
    const all = await sel(n, { mode: 'compartment', labels: 'dendrite' });
    expect(all.ids).toContain(base);
    const post = await sel(n, { mode: 'synapses', first: 5 });
    expect(post.ids.length).toBe(5);
    expect(new Set(post.ids).size).toBe(5);
    for (const id of post.ids) expect(label(id)).toBe('dendrite');
    const axon = await sel(n, { mode: 'compartment' });
    for (const id of axon.ids) expect(['axon', 'linker']).toContain(label(id));
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, {});
    expect((t.columns.compartment as string[])[0]).toBe('cellbodyfiber');
  });

  it('is the same neuron for the same seed and a different one for another seed', async () => {
    const a = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'synthetic', seed: 7 });
    const b = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'synthetic', seed: 7 });
    const c = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'synthetic', seed: 8 });
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(snapshot(a.skeleton)).not.toEqual(snapshot(c.skeleton));
  });
});
