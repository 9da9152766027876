import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { splitAxonDendrite as splitCore } from '../src/core/morphology/split.ts';
import { healFragments } from './heal-fragments.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { reroot } from './reroot.ts';
import { setSoma } from './set-soma.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { SHARED_DATA, SKIP_NOTE, coreError, hasSharedData, runBlock, snapshot, testContext } from './test-context.ts';
import type { Params } from './types.ts';
import type { NeuronValue } from './values.ts';

const synthetic = (seed = 1) => runBlock<NeuronValue>(loadSkeleton, {}, { source: 'synthetic', seed });

async function split(neuron: NeuronValue, params: Params = {}): Promise<NeuronValue> {
  const before = snapshot(neuron);
  const out = await runBlock<NeuronValue>(splitAxonDendrite, { neuron }, params);
  expect(snapshot(neuron)).toEqual(before);
  return out;
}

/** The synthetic neuron's skeleton without its synapse table. */
const withoutSynapses = (n: NeuronValue): NeuronValue => ({ ...n, connectors: null });

describe('split-axon-dendrite', () => {
  it("with the defaults is the core split with the tutorial's cellbodyfiber='soma'", async () => {
    const n = await synthetic();
    const out = await split(n);
    const core = splitCore(n.skeleton, n.connectors!, { cellbodyfiber: 'soma', flowThresh: 0.9, split: 'prepost', prepostThreshold: 1 });
    expect(Array.from(out.skeleton.label)).toEqual(Array.from(core.skeleton.label));
    expect(out.skeleton.labelNames).toEqual(['', 'axon', 'dendrite', 'linker', 'cellbodyfiber']);
    expect(Array.from(out.connectorCompartment!)).toEqual(Array.from(core.connectorCompartment));
    expect(out.connectors).toBe(n.connectors);
    expect(out.warnings).toEqual([]);
  });

  it("cell body fiber 'none' labels none; 'root' starts from the root", async () => {
    const n = await synthetic();
    const count = (v: NeuronValue) => Array.from(v.skeleton.label).filter((l) => v.skeleton.labelNames[l] === 'cellbodyfiber').length;
    expect(count(await split(n, { cellBodyFiber: 'none' }))).toBe(0);
    expect(count(await split(n, { cellBodyFiber: 'root' }))).toBeGreaterThan(0);
  });

  it("without synapses: leaf flow with split 'distance' works; anything else says to use them", async () => {
    const n = withoutSynapses(await synthetic());
    const out = await split(n, { metric: 'leaf flow', split: 'distance' });
    expect(out.connectorCompartment).toBeUndefined();
    expect(new Set(Array.from(out.skeleton.label, (l) => out.skeleton.labelNames[l]))).toContain('axon');
    expect((await coreError(runBlock(splitAxonDendrite, { neuron: n }, {}))).message).toBe(
      "cannot split: the neuron has no synapses, which metric 'synapse flow' and split 'prepost' need; load a synapse table, or use metric 'leaf flow' with split 'distance'",
    );
    expect((await coreError(runBlock(splitAxonDendrite, { neuron: n }, { metric: 'leaf_flow' }))).message).toMatch(
      /which split 'prepost' needs; .*use metric 'leaf flow' with split 'distance'/,
    );
  });

  it('several roots: a CoreError that says to heal the fragments first', async () => {
    const files = { 'two.swc': '1 1 0 0 0 1 -1\n2 0 1 0 0 1 1\n3 0 9 0 0 1 -1\n4 0 9 1 0 1 3\n', 'two.csv': 'connector_id,node_id,type,x,y,z\n0,2,pre,1,0,0\n1,4,post,9,1,0\n' };
    const n = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'two.swc', synapses: 'two.csv' }, testContext(undefined, { files }));
    const e = await coreError(runBlock(splitAxonDendrite, { neuron: n }, {}));
    expect(e.message).toBe('cannot split: the skeleton has 2 separate trees (disconnected fragments); join them first with a Heal fragments block');
  });

  it("warns that cell body fiber 'soma' needs a soma", async () => {
    const n = await synthetic();
    const noSoma: NeuronValue = { ...n, skeleton: n.skeleton.with({}, { soma: -1 }) };
    const out = await split(noSoma);
    expect(out.warnings).toContain("no cell body fiber was labelled: the skeleton has no soma (set one with a Set soma block, or use cell body fiber 'root')");
  });

  it('checks its thresholds', async () => {
    const n = await synthetic();
    expect((await coreError(runBlock(splitAxonDendrite, { neuron: n }, { flowThreshold: 1.5 }))).message).toBe(
      "block 'test' (split-axon-dendrite): parameter 'flowThreshold' must be between 0 and 1, got 1.5",
    );
    expect((await coreError(runBlock(splitAxonDendrite, { neuron: n }, { flowThreshold: 0 }))).message).toBe('flow threshold must be in (0, 1], got 0');
    expect((await coreError(runBlock(splitAxonDendrite, { neuron: n }, { split: 'random' }))).message).toBe(
      `block 'test' (split-axon-dendrite): parameter 'split' must be one of 'prepost' or 'distance', got the text "random"`,
    );
  });
});

describe.skipIf(!hasSharedData)(`split-axon-dendrite on the DA1 neuron with two roots${SKIP_NOTE}`, () => {
  it('754538881 is refused until its fragment is healed, then splits', async () => {
    const ctx = testContext(resolve(SHARED_DATA, 'hemibrain-da1-pns'));
    const n = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'swc/754538881.swc', synapses: 'synapses/754538881.csv', units: '8nm' }, ctx);
    expect(n.warnings.join('\n')).toMatch(/^2 roots/);
    expect((await coreError(runBlock(splitAxonDendrite, { neuron: n }, {}))).message).toMatch(/2 separate trees .* Heal fragments/);
    const healed = await runBlock<NeuronValue>(healFragments, { neuron: n }, {});
    expect(healed.skeleton.roots().length).toBe(1);
    const rooted = await runBlock<NeuronValue>(reroot, { neuron: await runBlock<NeuronValue>(setSoma, { neuron: healed }, {}) }, {});
    const out = await split(rooted);
    const names = new Set(Array.from(out.skeleton.label, (l) => out.skeleton.labelNames[l]));
    expect([...names].sort()).toEqual(['axon', 'cellbodyfiber', 'dendrite', 'linker']);
  });
});
