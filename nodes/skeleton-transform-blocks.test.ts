/** convert-units, set-soma and reroot: what they change, what they keep, and their errors. */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { convertUnits } from './convert-units.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { reroot } from './reroot.ts';
import { setSoma } from './set-soma.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { SHARED_DATA, SKIP_NOTE, coreError, hasSharedData, runBlock, snapshot, testContext } from './test-context.ts';
import type { Params } from './types.ts';
import type { NeuronValue } from './values.ts';

// 1 → 2 → 3 → 4 and 3 → 5; no soma (no type-1 node); node 3 is the thickest.
const SWC = '1 0 0 0 0 0.5 -1\n2 0 10 0 0 0.5 1\n3 0 20 0 0 1.5 2\n4 3 30 0 0 0.5 3\n5 2 20 10 0 0.5 3\n';
const CSV = 'connector_id,node_id,type,x,y,z\n0,4,post,30,0,0\n1,5,pre,20,10,0\n';

async function tiny(swc = SWC, csv: string | null = CSV): Promise<NeuronValue> {
  const files: Record<string, string> = { 't.swc': swc };
  if (csv) files['t.csv'] = csv;
  return runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 't.swc', synapses: csv ? 't.csv' : '' }, testContext(undefined, { files }));
}

/** Run a neuron → neuron block and check that its input did not change. */
async function pure(block: typeof setSoma, neuron: NeuronValue, params: Params): Promise<NeuronValue> {
  const before = snapshot(neuron);
  const out = await runBlock<NeuronValue>(block, { neuron }, params);
  expect(snapshot(neuron)).toEqual(before);
  return out;
}

describe('convert-units', () => {
  it.each([
    ['nm', {}, 0.001],
    ['8 nm voxels', {}, 0.008],
    ['8nm', {}, 0.008],
    ['custom', { factor: 0.004 }, 0.004],
    ['µm', {}, 1],
  ])('from %s: coordinates, radii and connector positions × the factor', async (from, extra, f) => {
    const n = await tiny();
    const out = await pure(convertUnits, n, { from, ...extra });
    expect(Array.from(out.skeleton.x)).toEqual(Array.from(n.skeleton.x, (v) => v * f));
    expect(Array.from(out.skeleton.radius)).toEqual(Array.from(n.skeleton.radius, (v) => v * f));
    expect(Array.from(out.connectors!.y)).toEqual(Array.from(n.connectors!.y, (v) => v * f));
    expect(Array.from(out.connectors!.nodeId)).toEqual([4, 5]);
    expect(out.skeleton.units).toBe('µm');
  });

  it('the default is the tutorial\'s 8 nm voxels; a factor that is not positive is an error', async () => {
    const n = await tiny();
    expect((await pure(convertUnits, n, {})).skeleton.x[1]).toBeCloseTo(0.08, 12);
    expect((await coreError(runBlock(convertUnits, { neuron: n }, { from: 'custom', factor: 0 }))).message).toBe(
      "block 'test' (convert-units): parameter 'factor' must be strictly between 0 and 1000000 µm, got 0 µm",
    );
  });

  it('warns when the result is too thin to be a neuron in µm (converted twice)', async () => {
    const out = await pure(convertUnits, await tiny(), { from: 'nm' });
    expect(out.warnings.join('\n')).toMatch(/converted twice/);
  });

  it('keeps the compartments of a split neuron', async () => {
    const split = await runBlock<NeuronValue>(splitAxonDendrite, { neuron: await runBlock<NeuronValue>(loadSkeleton, {}, {}) }, {});
    const out = await pure(convertUnits, split, { from: 'custom', factor: 2 });
    expect(out.connectorCompartment).toBe(split.connectorCompartment);
    expect(Array.from(out.skeleton.label)).toEqual(Array.from(split.skeleton.label));
  });
});

describe('set-soma', () => {
  it('sets the given node', async () => {
    const out = await pure(setSoma, await tiny(), { node: [2] });
    expect(out.skeleton.id[out.skeleton.soma]).toBe(2);
    expect(out.warnings).toEqual([]);
  });

  it('accepts the node as a number or a list of one; text is refused by the parameter reader, as in a graph file', async () => {
    const n = await tiny();
    for (const node of [4, [4]]) expect((await pure(setSoma, n, { node })).skeleton.soma).toBe(3);
    expect((await coreError(runBlock(setSoma, { neuron: n }, { node: '4' }))).message).toBe(
      `block 'test' (set-soma): parameter 'node' must be a list of node ids (whole numbers), got the text "4"`,
    );
  });

  it("empty keeps the SWC's soma", async () => {
    const n = await tiny(SWC.replace('2 0 10 0 0 0.5 1', '2 1 10 0 0 0.5 1'));
    expect(n.skeleton.soma).toBe(1);
    const out = await pure(setSoma, n, {});
    expect(out.skeleton).toBe(n.skeleton);
    expect(out.warnings).toEqual([]);
  });

  it('empty without a soma: a guess, with a warning that names the node, says it is a guess and why', async () => {
    const out = await pure(setSoma, await tiny(), { node: [] });
    expect(out.skeleton.id[out.skeleton.soma]).toBe(3);
    expect(out.warnings).toEqual([
      "guessed soma: node 3. The skeleton has no soma (no type-1 node in the file), so this is a guess: it is the thickest node (radius 1.5 µm); the skeleton has no terminal branch of 3 nodes or more to go by. Check it in a Morphology view and set 'soma node' if it is wrong; everything rooted at the soma (Reroot, the cell body fibre, distances from the soma) depends on it",
    ]);
  });

  it('a soma id not in the skeleton is a CoreError naming it', async () => {
    const e = await coreError(runBlock(setSoma, { neuron: await tiny() }, { node: [99999] }));
    expect(e.message).toBe('soma node 99999 does not exist in skeleton t');
    expect(e.code).toBe('node-not-found');
    expect((await coreError(runBlock(setSoma, { neuron: await tiny() }, { node: [1, 2] }))).message).toBe('"soma node" takes one node id, got 2 (1, 2)');
  });
});

describe('reroot', () => {
  it('at the soma by default: parent links on the path reversed, rows and connectors kept', async () => {
    const n = await pure(setSoma, await tiny(), { node: [4] });
    const out = await pure(reroot, n, {});
    const sk = out.skeleton;
    const parentId = (id: number) => (sk.parent[sk.rowOf(id)] < 0 ? -1 : sk.id[sk.parent[sk.rowOf(id)]]);
    expect([1, 2, 3, 4, 5].map(parentId)).toEqual([2, 3, 4, -1, 3]);
    expect(Array.from(sk.id)).toEqual([1, 2, 3, 4, 5]);
    expect(out.connectors).toBe(n.connectors);
    expect(sk.soma).toBe(n.skeleton.soma);
  });

  it('at a given node; a node that is already the root keeps the skeleton', async () => {
    const n = await tiny();
    expect((await pure(reroot, n, { node: [5] })).skeleton.roots()[0]).toBe(4);
    expect((await pure(reroot, n, { node: [1] })).skeleton).toBe(n.skeleton);
  });

  it('no node and no soma is a CoreError that says what to do; an unknown node names it', async () => {
    const n = await tiny();
    expect((await coreError(runBlock(reroot, { neuron: n }, {}))).message).toBe(
      'no node to reroot at: the skeleton has no soma; set one with a Set soma block, or give the new root node',
    );
    expect((await coreError(runBlock(reroot, { neuron: n }, { node: [42] }))).message).toBe('root node 42 does not exist in skeleton t');
  });

  it('warns that only one tree is rerooted when there are several', async () => {
    const out = await pure(reroot, await tiny(SWC + '6 0 50 0 0 0.5 -1\n7 0 51 0 0 0.5 6\n'), { node: [4] });
    expect(out.warnings).toEqual(['the skeleton has 2 separate trees; only the one containing node 4 was rerooted (join them with a Heal fragments block)']);
  });

  it('needs a neuron on its input', async () => {
    expect((await coreError(runBlock(reroot, {}, {}))).message).toMatch(/input "neuron" is not connected/);
  });
});

describe.skipIf(!hasSharedData)(`set-soma on the DA1 neuron without a soma${SKIP_NOTE}`, () => {
  it('722817260 has no type-1 node: the soma is guessed at the end of the thickest terminal branch (node 1591, not 596 in the axon), with a warning', async () => {
    const n = await runBlock<NeuronValue>(
      loadSkeleton,
      {},
      { source: 'file', swc: 'swc/722817260.swc', units: '8 nm voxels' },
      testContext(resolve(SHARED_DATA, 'hemibrain-da1-pns')),
    );
    expect(n.skeleton.soma).toBe(-1);
    const out = await pure(setSoma, n, {});
    const sk = out.skeleton;
    expect(sk.id[sk.soma]).toBe(1591);
    expect(sk.radius[sk.soma]).toBeCloseTo(0.792, 12);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^guessed soma: node 1591\. The skeleton has no soma \(no type-1 node in the file\), so this is a guess: /);
    expect(out.warnings[0]).toContain('the thickest node of the thickest terminal branch (mean radius 0.543 µm over 8 µm of cable)');
    expect(out.warnings[0]).toContain('the thickest node overall, 596 (radius 1.14 µm), does not stand out from the cable');
  });
});
