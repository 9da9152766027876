/**
 * Parameters exposed and un-exposed in the app, and subgraphs renamed (subgraph-edit.ts): an
 * exposed inner parameter is a parameter of every instance, each instance's value reaches only
 * its own inner block (the tutorial with round 2 as a second instance whose gmax is 0 gives bit
 * for bit the flat tutorial with syn_2.gmax = 0), un-exposing drops the instances' values, and
 * a new title shows on the block type and survives a save and a read.
 */
import { describe, expect, it } from 'vitest';
import { exampleGraph as example, runTraces } from './example-kit.ts';
import { blockDef } from '../../nodes/index.ts';
import type { Graph, GraphNode } from './graph.ts';
import { serializeGraph } from './serialize.ts';
import { flattenGraph, subgraphBlockDef } from './subgraph.ts';
import { exposeParam, makeSubgraph, renameSubgraph, unexposeParam } from './subgraph-edit.ts';
import { parseGraph, validateGraph } from './validate.ts';



const wire = (from: string, to: string) => ({ from: { node: from.split('.')[0], port: from.split('.')[1] }, to: { node: to.split('.')[0], port: to.split('.')[1] } });
const errors = (g: Graph) => validateGraph(g).filter((i) => i.severity === 'error');


/** The tutorial's round 1 as subgraph "Synapse round" with first, start and gmax exposed (as three clicks in the inspector do). */
function roundSubgraph(): Graph {
  let g = makeSubgraph(example('compartment-tutorial'), ['post_5', 'syn_1'], 'Synapse round').graph;
  for (const [node, param] of [['post_5', 'first'], ['syn_1', 'start'], ['syn_1', 'gmax']]) g = exposeParam(g, 'synapse-round', node, param).graph;
  return g;
}

describe('exposing parameters of a subgraph', () => {
  it('an exposed parameter is the instances’ own, with the inner value as default; a name taken gets <block>_<param>; exposing twice changes nothing', () => {
    const g = roundSubgraph();
    expect(g.subgraphs![0].params).toEqual([
      { name: 'first', node: 'post_5', param: 'first' },
      { name: 'start', node: 'syn_1', param: 'start' },
      { name: 'gmax', node: 'syn_1', param: 'gmax' },
    ]);
    const def = subgraphBlockDef(g, 'subgraph:synapse-round', blockDef)!;
    expect(def.params.map((p) => [p.name, p.kind === 'number' ? p.unit : '', p.default])).toEqual([
      ['first', '', 5],
      ['start', 'ms', 250],
      ['gmax', 'µS', 0.1],
    ]);
    expect(exposeParam(g, 'synapse-round', 'syn_1', 'gmax')).toEqual({ graph: g, name: 'gmax' });
    // syn_1's tau and post_5's… a second 'start' (a block of the same kind) gets its block's name.
    const two = makeSubgraph(example('compartment-tutorial'), ['syn_1', 'syn_2'], 'Two').graph;
    const a = exposeParam(two, 'two', 'syn_1', 'start');
    const b = exposeParam(a.graph, 'two', 'syn_2', 'start');
    expect([a.name, b.name]).toEqual(['start', 'syn_2_start']);
    expect(errors(b.graph)).toEqual([]);
  });

  it('each instance’s value reaches only its own inner block: round 2 as a second instance with gmax 0 gives bit for bit the flat tutorial with syn_2.gmax = 0', { timeout: 60_000 }, async () => {
    const sub = roundSubgraph();
    const second: GraphNode = { id: 'second', type: 'subgraph:synapse-round', params: { first: 10, start: 450, gmax: 0 }, position: [0, 0] };
    const g: Graph = {
      ...sub,
      nodes: [...sub.nodes.filter((n) => n.id !== 'post_10' && n.id !== 'syn_2'), second],
      connections: [
        ...sub.connections.filter((c) => !['post_10', 'syn_2'].includes(c.from.node) && !['post_10', 'syn_2'].includes(c.to.node)),
        wire('synapse-round.model', 'second.model'),
        wire('split.neuron', 'second.neuron'),
        wire('second.model', 'syn_3.model'),
      ],
    };
    expect(errors(g)).toEqual([]);
    const { graph: flat } = flattenGraph(g, blockDef);
    const p = (id: string) => flat.nodes.find((n) => n.id === id)!.params;
    expect([p('synapse-round/syn_1').gmax, p('synapse-round/syn_1').start, p('synapse-round/post_5').first]).toEqual([0.1, 250, 5]);
    expect([p('second/syn_1').gmax, p('second/syn_1').start, p('second/post_5').first]).toEqual([0, 450, 10]);

    const reference = example('compartment-tutorial');
    reference.nodes = reference.nodes.map((n) => (n.id === 'syn_2' ? { ...n, params: { ...n.params, gmax: 0 } } : n));
    const [mine, ref, unchanged] = await Promise.all([runTraces(g), runTraces(reference), runTraces(example('compartment-tutorial'))]);
    expect(Object.keys(mine.traces)).toEqual(Object.keys(ref.traces));
    for (const k of Object.keys(ref.traces)) expect(Buffer.from(mine.traces[k].buffer).equals(Buffer.from(ref.traces[k].buffer)), k).toBe(true);
    // And the edit did something: round 2 (450 ms) no longer moves the dendrite base as in the tutorial.
    const at = Math.round(460 / 0.025);
    expect(Math.abs(mine.traces.dendrite_base[at] - unchanged.traces.dendrite_base[at])).toBeGreaterThan(1);
  });

  it('un-exposing drops the parameter from the block and every instance’s value of it', () => {
    let g = roundSubgraph();
    g = { ...g, nodes: g.nodes.map((n) => (n.id === 'synapse-round' ? { ...n, params: { gmax: 0, start: 260 } } : n)) };
    const un = unexposeParam(g, 'synapse-round', 'syn_1', 'gmax');
    expect(un.subgraphs![0].params.map((x) => x.name)).toEqual(['first', 'start']);
    expect(un.nodes.find((n) => n.id === 'synapse-round')!.params).toEqual({ start: 260 });
    expect(subgraphBlockDef(un, 'subgraph:synapse-round', blockDef)!.params.map((p) => p.name)).toEqual(['first', 'start']);
    expect(errors(un)).toEqual([]);
    const { graph: flat } = flattenGraph(un, blockDef);
    expect(flat.nodes.find((n) => n.id === 'synapse-round/syn_1')!.params).toMatchObject({ gmax: 0.1, start: 260 });
    expect(unexposeParam(un, 'synapse-round', 'syn_1', 'gmax')).toBe(un);
    // The definition's blocks are the same list (the subgraph view keeps its editor as it is).
    expect(un.subgraphs![0].nodes).toBe(g.subgraphs![0].nodes);
  });

  it('refuses to un-expose a column of a Repeat block’s rounds table (the table is the user’s to change)', () => {
    const g = example('compartment-tutorial-repeat');
    expect(() => unexposeParam(g, 'synapse-round', 'syn', 'start')).toThrow("'start' is a column of the rounds table of Repeat block 'rounds': remove the column there first");
    // gmax is exposed but no column: un-exposed.
    expect(unexposeParam(g, 'synapse-round', 'syn', 'gmax').subgraphs![0].params.map((x) => x.name)).toEqual(['first', 'start']);
  });
});

describe('renaming a subgraph', () => {
  it('the new title is the block type’s and is kept through a save and a read; the id stays', () => {
    const g = renameSubgraph(roundSubgraph(), 'synapse-round', '  Round of synapses ');
    expect(g.subgraphs![0]).toMatchObject({ id: 'synapse-round', title: 'Round of synapses' });
    expect(subgraphBlockDef(g, 'subgraph:synapse-round', blockDef)!.title).toBe('Round of synapses');
    expect(subgraphBlockDef(g, 'repeat:synapse-round', blockDef)!.title).toBe('Repeat Round of synapses');
    const back = parseGraph(serializeGraph(g)).graph!;
    expect(back.subgraphs![0].title).toBe('Round of synapses');
    expect(renameSubgraph(g, 'synapse-round', 'Round of synapses')).toBe(g);
    expect(() => renameSubgraph(g, 'synapse-round', '  ')).toThrow('a subgraph needs a name');
    expect(renameSubgraph(g, 'synapse-round', 'x'.repeat(200)).subgraphs![0].title).toHaveLength(80);
  });
});
