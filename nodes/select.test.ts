import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../src/core/morphology/connectors.ts';
import { syntheticProjectionNeuron } from '../src/core/morphology/synthetic.ts';
import { geodesicFrom } from '../src/core/morphology/geodesic.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { select } from './select.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { coreError, runBlock, snapshot } from './test-context.ts';
import type { Params } from './types.ts';
import type { NeuronValue, SelectionValue } from './values.ts';

let raw: NeuronValue;
let n: NeuronValue;
beforeAll(async () => {
  raw = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'synthetic', seed: 3 });
  n = await runBlock<NeuronValue>(splitAxonDendrite, { neuron: raw }, {});
});

async function sel(params: Params, neuron = n): Promise<SelectionValue> {
  const before = snapshot(neuron);
  const s = await runBlock<SelectionValue>(select, { neuron }, params);
  expect(snapshot(neuron)).toEqual(before);
  expect(s.kind).toBe('selection');
  return s;
}
const err = async (params: Params, neuron = n) => (await coreError(runBlock(select, { neuron }, params))).message;
const label = (id: number) => n.skeleton.labelOf(n.skeleton.rowOf(id));

describe('select', () => {
  it('node ids: the ids in the order given, each checked', async () => {
    const s = await sel({ mode: 'node ids', ids: [5, 2, 9] });
    expect(Array.from(s.ids)).toEqual([5, 2, 9]);
    expect(s.description).toBe('nodes 5, 2, 9');
    // 'ids' is an alias of the mode 'node ids'; one id may be a bare number.
    expect((await sel({ mode: 'ids', ids: 7 })).description).toBe('node 7');
    expect(await err({ mode: 'node ids', ids: [5, 123456] })).toBe('node 123456 does not exist in skeleton synthetic-pn-3');
    expect(await err({ mode: 'node ids' })).toBe('the selection "nodes by id" is empty');
  });

  it('compartment: every node of the compartments, in row order; names as typed', async () => {
    const s = await sel({ mode: 'compartment', labels: 'Cell Body Fiber, dendrite' });
    const want = Array.from(n.skeleton.id).filter((id) => ['cellbodyfiber', 'dendrite'].includes(label(id)));
    expect(Array.from(s.ids)).toEqual(want);
    expect(s.description).toBe(`cellbodyfiber or dendrite nodes (${want.length})`);
    expect(await err({ mode: 'compartment', labels: 'axons' })).toBe("select by compartment: unknown compartment 'axons' (the neuron has axon, dendrite, linker, cellbodyfiber)");
    expect(await err({ mode: 'compartment', labels: ' , ' })).toMatch(/no compartments given/);
  });

  it('synapses: types, compartments, first N and unique nodes as the tutorial\'s post.node_id.unique()[0:n]', async () => {
    const con = n.connectors!;
    const dendPost: number[] = [];
    for (let k = 0; k < con.nodeId.length; k++) if (con.type[k] === POST && label(con.nodeId[k]) === 'dendrite') dendPost.push(con.nodeId[k]);
    const unique = [...new Set(dendPost)];
    expect(Array.from((await sel({ mode: 'synapses' })).ids)).toEqual(unique.slice(0, 20));
    expect(Array.from((await sel({ mode: 'synapses', first: null })).ids)).toEqual(unique);
    const notUnique = await sel({ mode: 'synapses', first: 40, unique: false });
    expect(Array.from(notUnique.ids)).toEqual(dendPost.slice(0, 40));
    expect(notUnique.description).toBe('nodes of the first 40 dendrite postsynapses');
    // A node with several synapses appears once per synapse.
    expect(new Set(notUnique.ids).size).toBeLessThan(40);
    const any = await sel({ mode: 'synapses', synapseType: 'any', synapseCompartments: '', first: null, unique: false });
    expect(Array.from(any.ids)).toEqual(Array.from(con.nodeId));
    expect(any.description).toBe('nodes of synapses');
  });

  it('synapses: fewer than N says so; none at all is an error naming the selection', async () => {
    const s = await sel({ mode: 'synapses', synapseType: 'pre', synapseCompartments: 'axon', first: 100000 });
    expect(s.description).toMatch(/^first 100000 distinct nodes of axon presynapses \(only \d+\)$/);
    expect(await err({ mode: 'synapses', synapseType: 'pre', synapseCompartments: 'dendrite' })).toBe('the selection "first 20 distinct nodes of dendrite presynapses" is empty');
    expect(await err({ mode: 'synapses', first: 0 })).toBe("block 'test' (select): parameter 'first' must be between 1 and 1000000, got 0");
    expect(await err({ mode: 'synapses', first: 2.5 })).toBe("block 'test' (select): parameter 'first' must be a whole number, got 2.5");
  });

  it('synapses on a neuron without a synapse table, or compartments on an unsplit one: errors that say what is missing', async () => {
    expect(await err({ mode: 'synapses' }, { ...n, connectors: null })).toBe('cannot select postsynapses: the neuron has no synapse table (load one with the skeleton)');
    expect(await err({ mode: 'synapses' }, raw)).toBe('select postsynapses: the neuron has no compartments yet; label them first with a Split axon/dendrite block');
    expect(await err({ mode: 'compartment' }, raw)).toMatch(/no compartments yet/);
  });

  it('nearest/farthest: the extreme node of the compartments along the cable from the soma or a given node', async () => {
    const sk = n.skeleton;
    const somaId = sk.id[sk.soma];
    const d = geodesicFrom(sk, somaId);
    const among = (l: string) => Array.from(sk.id).filter((id) => label(id) === l);
    const argmin = (ids: number[]) => ids.reduce((a, b) => (d[sk.rowOf(b)] < d[sk.rowOf(a)] ? b : a));
    const argmax = (ids: number[]) => ids.reduce((a, b) => (d[sk.rowOf(b)] > d[sk.rowOf(a)] ? b : a));
    expect(Array.from((await sel({ mode: 'nearest' })).ids)).toEqual([argmin(among('dendrite'))]);
    expect(Array.from((await sel({ mode: 'farthest' })).ids)).toEqual([argmax(among('axon'))]);
    // Any node: the farthest from the soma over the whole neuron.
    expect(Array.from((await sel({ mode: 'farthest', farthestAmong: '' })).ids)).toEqual([argmax(Array.from(sk.id))]);
    // From the axon tip, the nearest axon node is the tip itself.
    const [tip] = (await sel({ mode: 'farthest' })).ids;
    const s = await sel({ mode: 'nearest', nearestAmong: 'axon', from: [tip] });
    expect(Array.from(s.ids)).toEqual([tip]);
    expect(s.description).toBe(`axon node nearest to node ${tip} along the cable`);
  });

  it('nearest without a soma and without a from-node is an error', async () => {
    const noSoma: NeuronValue = { ...n, skeleton: n.skeleton.with({}, { soma: -1 }) };
    expect(await err({ mode: 'nearest' }, noSoma)).toBe(
      'cannot find the nearest node: the skeleton has no soma; set one with a Set soma block, or give the node to measure from',
    );
    expect(await err({ mode: 'farthest', from: [999999] })).toBe('distance-from node 999999 does not exist in skeleton synthetic-pn-3');
  });

  it('an unknown mode lists the modes', async () => {
    expect(await err({ mode: 'random' })).toBe(
      `block 'test' (select): parameter 'mode' must be one of 'node ids', 'soma', 'compartment', 'synapses', 'nearest' or 'farthest', got the text "random"`,
    );
  });
});

describe('select: soma', () => {
  it("selects the skeleton's soma node", async () => {
    const pn = syntheticProjectionNeuron({ seed: 1 });
    const neuron: NeuronValue = { kind: 'neuron', skeleton: pn.skeleton, connectors: pn.connectors, warnings: [] };
    const r = await runBlock<SelectionValue>(select, { neuron }, { mode: 'soma' });
    expect(Array.from(r.ids)).toEqual([pn.soma]);
  });
});
