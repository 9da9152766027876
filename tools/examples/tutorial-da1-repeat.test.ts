/**
 * The DA1 tutorial with its rounds as one Repeat block (examples/tutorial-da1-repeat.graph.json,
 * the neuron's files embedded: no ../shared/data needed) gives bit for bit the flat DA1
 * tutorial's traces, and so NEURON 8.2's traces of the tutorial model on that neuron (the
 * golden tutorial-da1), evaluated in Node as the app and the CLI evaluate it.
 */
import { describe, expect, it } from 'vitest';
import { exampleGraph as example, runTraces } from '../../src/dataflow/example-kit.ts';
import { blockDef } from '../../nodes/index.ts';
import { flattenGraph } from '../../src/dataflow/subgraph.ts';
import { readGolden } from '../neuron/compare.ts';




describe('the DA1 tutorial with a Repeat block', () => {
  it('expands into the flat DA1 tutorial’s synapse rounds, on the same embedded neuron', () => {
    const rep = example('tutorial-da1-repeat');
    const flat = example('tutorial-da1');
    expect(Object.keys(rep.assets).sort()).toEqual(Object.keys(flat.assets).sort());
    const { graph: x } = flattenGraph(rep, blockDef);
    const p = (id: string) => x.nodes.find((n) => n.id === id)!.params;
    const f = (id: string) => flat.nodes.find((n) => n.id === id)!.params;
    for (let k = 1; k <= 4; k++) {
      expect(p(`rounds/${k}/syn`)).toEqual(f(`syn_${k}`));
      expect(p(`rounds/${k}/post`)).toEqual(f(`post_${5 * k}`));
    }
    expect(p('load')).toEqual(f('load'));
  });

  it('gives bit for bit the flat DA1 tutorial’s traces, which are NEURON’s within 1e-6 mV', { timeout: 120_000 }, async () => {
    const rep = await runTraces(example('tutorial-da1-repeat'));
    const flat = await runTraces(example('tutorial-da1'));
    expect(Object.keys(rep.traces)).toEqual(['dendrite_base', 'axon_tip', 'soma']);
    expect(Object.keys(rep.traces)).toEqual(Object.keys(flat.traces));
    expect(Buffer.from(rep.t.buffer).equals(Buffer.from(flat.t.buffer))).toBe(true);
    for (const k of Object.keys(flat.traces)) expect(Buffer.from(rep.traces[k].buffer).equals(Buffer.from(flat.traces[k].buffer)), k).toBe(true);
    const ref = readGolden('tutorial-da1');
    let maxDv = 0;
    for (const [label, want] of Object.entries(ref.traces)) {
      const ours = rep.traces[label];
      expect(ours.length).toBe((want.length - 1) * ref.every + 1);
      for (let k = 0; k < want.length; k++) maxDv = Math.max(maxDv, Math.abs(ours[k * ref.every] - (want[k] as number)));
    }
    console.log(`tutorial-da1-repeat vs NEURON: max |ΔV| ${maxDv.toExponential(2)} mV over ${Object.keys(ref.traces).length} traces`);
    expect(maxDv).toBeLessThan(1e-6);
    // The rounds do something on this neuron: the axon fires (the tutorial's spikes).
    expect(Math.max(...rep.traces.axon_tip)).toBeGreaterThan(0);
  });
});
