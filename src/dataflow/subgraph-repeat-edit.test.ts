/**
 * Repeat blocks made in the app (subgraph-edit.ts): "Repeat" on one block takes it with the
 * blocks that only feed it (its node selection); the rounds chain even when nothing takes the
 * output yet; typing the rounds table's header exposes the parameters it names. The tutorial's
 * first round made into a Repeat block of four rows gives bit for bit the flat tutorial's traces.
 */
import { describe, expect, it } from 'vitest';
import { exampleGraph as example, runTraces } from './example-kit.ts';
import { blockDef, catalogueBlock } from '../../nodes/index.ts';
import type { Graph } from './graph.ts';
import { flattenGraph, graphLookup } from './subgraph.ts';
import { makeRepeat, repeatSelection, setRounds } from './subgraph-edit.ts';
import { validateGraph } from './validate.ts';




/** The tutorial as a user has it before repeating: round 1 only, its synapse's output not wired on yet. */
function roundOneOnly(): Graph {
  const g = example('compartment-tutorial');
  const gone = new Set(['post_10', 'post_15', 'post_20', 'syn_2', 'syn_3', 'syn_4']);
  return { ...g, nodes: g.nodes.filter((n) => !gone.has(n.id)), connections: g.connections.filter((c) => !gone.has(c.from.node) && !gone.has(c.to.node)) };
}

describe('Repeat made in the app', () => {
  it('one block selected: it and the blocks that feed only its other inputs (not the chain)', () => {
    const g = example('compartment-tutorial');
    expect(repeatSelection(g, 'syn_1', blockDef)).toEqual(['post_5', 'syn_1']);
    // hh: its axon selection comes along; pas (the chained model) does not.
    expect(repeatSelection(g, 'hh', blockDef)).toEqual(['axon_nodes', 'hh']);
    expect(repeatSelection(g, 'rec_axon', blockDef)).toEqual(['axon_tip', 'rec_axon']);
    // A recorder whose selection also feeds other blocks (the dendrite tip's three recorders): alone.
    expect(repeatSelection(example('active-dendrites'), 'rec_tip', blockDef)).toEqual(['rec_tip']);
  });

  it('round 1 repeated with a typed table (header exposes first and start) gives bit for bit the flat tutorial’s traces', { timeout: 60_000 }, async () => {
    const g0 = roundOneOnly();
    let made = makeRepeat(g0, repeatSelection(g0, 'syn_1', blockDef), 'Synapse round', blockDef);
    let g = made.graph;
    const lookup = graphLookup(() => g, catalogueBlock);
    const def = g.subgraphs![0];
    expect(def.outputs).toEqual([{ name: 'model', from: { node: 'syn_1', port: 'model' } }]);
    expect(g.nodes.find((n) => n.id === made.instance)).toMatchObject({ type: 'repeat:synapse-round', params: { rounds: '' } });
    // The empty table is what the block says is wrong.
    expect(validateGraph(g).filter((i) => i.severity === 'error').map((i) => i.message).join()).toContain('the rounds table is empty');
    g = setRounds(g, made.instance, 'first, start\n5, 250\n10, 450\n15, 650\n20, 850', lookup);
    expect(g.subgraphs![0].params).toEqual([
      { name: 'first', node: 'post_5', param: 'first' },
      { name: 'start', node: 'syn_1', param: 'start' },
    ]);
    // The recorders take the last round's model.
    g = { ...g, connections: [...g.connections, { from: { node: made.instance, port: 'model' }, to: { node: 'rec_dend', port: 'model' } }] };
    expect(validateGraph(g).filter((i) => i.severity === 'error')).toEqual([]);
    const { graph: flat } = flattenGraph(g, lookup);
    expect(flat.nodes.filter((n) => n.id.startsWith(`${made.instance}/`)).map((n) => [n.id, n.params.first ?? n.params.start])).toEqual([
      ['synapse-round/1/post_5', 5], ['synapse-round/1/syn_1', 250],
      ['synapse-round/2/post_5', 10], ['synapse-round/2/syn_1', 450],
      ['synapse-round/3/post_5', 15], ['synapse-round/3/syn_1', 650],
      ['synapse-round/4/post_5', 20], ['synapse-round/4/syn_1', 850],
    ]);
    const [mine, ref] = await Promise.all([runTraces(g), runTraces(example('compartment-tutorial'))]);
    expect(Object.keys(mine.traces)).toEqual(Object.keys(ref.traces));
    for (const k of Object.keys(ref.traces)) expect(Buffer.from(mine.traces[k].buffer).equals(Buffer.from(ref.traces[k].buffer)), k).toBe(true);
    // A name two blocks inside have is not guessed: left to the table's check.
    made = makeRepeat(example('compartment-tutorial'), ['syn_1', 'syn_2'], 'Two', blockDef);
    const two = setRounds(made.graph, made.instance, 'gmax\n0.1', blockDef);
    expect(two.subgraphs!.find((d) => d.id === made.subgraph)!.params).toEqual([]);
  });

  it('refuses blocks that cannot chain (no output of an input’s kind)', () => {
    const g = example('compartment-tutorial');
    expect(() => makeRepeat(g, ['traces'], 'Plot', blockDef)).toThrow('cannot be repeated');
  });
});
