import { describe, expect, it } from 'vitest';
import { loadSkeleton } from './load-skeleton.ts';
import { nodeTable } from './node-table.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { coreError, runBlock, snapshot, testContext } from './test-context.ts';
import type { NeuronValue, TableValue } from './values.ts';

const SWC = '1 1 0 0 0 2 -1\n2 3 1 0 0 0.5 1\n3 2 2 0 0 0.25 2\n';
const CSV = 'connector_id,node_id,type,x,y,z,roi,confidence\n10,3,pre,2,0,0,LH,0.75\n11,2,post,1,0,0,,\n';

async function tiny(csv: string | null = CSV): Promise<NeuronValue> {
  const files: Record<string, string> = { 'n.swc': SWC };
  if (csv) files['n.csv'] = csv;
  return runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'n.swc', synapses: csv ? 'n.csv' : '' }, testContext(undefined, { files }));
}

const plain = (t: TableValue) => Object.fromEntries(Object.entries(t.columns).map(([k, v]) => [k, Array.from(v as ArrayLike<number | string>)]));

describe('node-table', () => {
  it('nodes: ids, parent ids (-1 at the root), position and radius in µm, SWC type, compartment', async () => {
    const n = await tiny();
    const before = snapshot(n);
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, {});
    expect(snapshot(n)).toEqual(before);
    expect(t.kind).toBe('table');
    expect(t.title).toBe('nodes of n (3, µm)');
    expect(plain(t)).toEqual({
      node_id: [1, 2, 3],
      parent_id: [-1, 1, 2],
      x: [0, 1, 2],
      y: [0, 0, 0],
      z: [0, 0, 0],
      radius: [2, 0.5, 0.25],
      type: [1, 3, 2],
      compartment: ['', '', ''],
    });
    expect(nodeTable.sink).toBe(true);
  });

  it('connectors: the navis columns, pre/post as words, compartment from the split', async () => {
    const n = await tiny();
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, { what: 'connectors' });
    expect(plain(t)).toEqual({
      connector_id: [10, 11],
      node_id: [3, 2],
      type: ['pre', 'post'],
      x: [2, 1],
      y: [0, 0],
      z: [0, 0],
      roi: ['LH', ''],
      confidence: [0.75, NaN],
      compartment: ['', ''],
    });
    const split = await runBlock<NeuronValue>(splitAxonDendrite, { neuron: await runBlock<NeuronValue>(loadSkeleton, {}, {}) }, {});
    const s = await runBlock<TableValue>(nodeTable, { neuron: split }, { what: 'connectors' });
    const comp = s.columns.compartment as string[];
    expect(comp.map((c, k) => c === split.skeleton.labelNames[split.connectorCompartment![k]]).every(Boolean)).toBe(true);
    expect(new Set(comp)).toContain('dendrite');
  });

  it('its columns are copies: changing a table leaves the neuron alone', async () => {
    const n = await tiny();
    const t = await runBlock<TableValue>(nodeTable, { neuron: n }, {});
    (t.columns.x as Float64Array)[0] = 99;
    expect(n.skeleton.x[0]).toBe(0);
  });

  it('connectors of a neuron without a synapse table: an error that says so', async () => {
    expect((await coreError(runBlock(nodeTable, { neuron: await tiny(null) }, { what: 'connectors' }))).message).toBe(
      'the neuron has no synapse table: there are no connectors to list (load one with the skeleton)',
    );
  });
});
