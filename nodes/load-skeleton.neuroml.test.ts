/** load-skeleton reads NeuroML 2 morphologies (by extension or content) as well as SWC. */
import { describe, expect, it } from 'vitest';
import { loadSkeleton } from './load-skeleton.ts';
import { coreError, runBlock, testContext } from './test-context.ts';
import type { Params } from './types.ts';
import type { NeuronValue } from './values.ts';

const NML = `<?xml version="1.0"?>
<neuroml><cell id="c"><morphology id="m">
  <segment id="0"><proximal x="0" y="0" z="0" diameter="8"/><distal x="0" y="8" z="0" diameter="8"/></segment>
  <segment id="1"><parent segment="0"/><distal x="0" y="108" z="0" diameter="1"/></segment>
  <segmentGroup id="soma_group"><member segment="0"/></segmentGroup>
  <segmentGroup id="dendrite_group"><member segment="1"/></segmentGroup>
</morphology></cell></neuroml>`;

const load = (files: Record<string, string>, params: Params) => runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', ...params }, testContext(undefined, { files }));

describe('load-skeleton: NeuroML 2', () => {
  it('reads a .nml morphology in µm, soma from the soma group', async () => {
    const n = await load({ 'cells/ball.nml': NML }, { swc: 'cells/ball.nml' });
    expect(Array.from(n.skeleton.id)).toEqual([2, 0, 1]);
    expect(n.skeleton.soma).toBe(0);
    expect(Array.from(n.skeleton.type)).toEqual([1, 1, 3]);
    expect(n.skeleton.name).toBe('ball');
    expect(n.connectors).toBeNull();
  });

  it('recognises NeuroML by content whatever the extension, and refuses unit conversion', async () => {
    const n = await load({ 'cells/ball.txt': NML }, { swc: 'cells/ball.txt' });
    expect(n.skeleton.size).toBe(3);
    expect((await coreError(load({ 'cells/ball.nml': NML }, { swc: 'cells/ball.nml', units: 'nm' }))).message).toMatch(/NeuroML morphologies are in µm/);
  });
});
