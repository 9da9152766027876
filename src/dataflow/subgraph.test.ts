/**
 * Subgraphs and Repeat blocks: expansion (ids, wires, exposed parameters, nesting), the
 * problems named (a subgraph inside itself, an unknown one, a wrong rounds table), and the
 * tutorial built with a Repeat block or nested subgraphs giving bit for bit the traces of the
 * flat tutorial (the evaluator in Node, as the app and the CLI run it).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { blockDef } from '../../nodes/index.ts';
import type { TracesValue } from '../../nodes/values.ts';
import type { Graph, GraphNode, SubgraphDef } from './graph.ts';
import { readAssetText } from './assets.ts';
import { serializeGraph } from './serialize.ts';
import { Session } from './session.ts';
import { flattenGraph, parseRounds, subgraphBlockDef, SubgraphError } from './subgraph.ts';
import { makeSubgraph, setSubgraphBody } from './subgraph-edit.ts';
import { parseGraph, validateGraph } from './validate.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

function example(name: string): Graph {
  const r = parseGraph(readFileSync(resolve(EXAMPLES, `${name}.graph.json`), 'utf8'));
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return r.graph!;
}

/** The repeat example's graph with the Repeat block replaced by `nodes` (wired by `wires`). */
function withRounds(nodes: GraphNode[], wires: Graph['connections'], defs: SubgraphDef[] = []): Graph {
  const g = structuredClone(example('compartment-tutorial-repeat'));
  g.nodes = [...g.nodes.filter((n) => n.id !== 'rounds'), ...nodes];
  g.connections = [...g.connections.filter((c) => c.from.node !== 'rounds' && c.to.node !== 'rounds'), ...wires];
  g.subgraphs = [...g.subgraphs!, ...defs];
  return g;
}

const wire = (from: string, to: string) => ({ from: { node: from.split('.')[0], port: from.split('.')[1] }, to: { node: to.split('.')[0], port: to.split('.')[1] } });
const node = (id: string, type: string, params: GraphNode['params'] = {}): GraphNode => ({ id, type, params, position: [0, 0] });

async function runTraces(g: Graph): Promise<{ traces: TracesValue; session: Session }> {
  const session = new Session({ graph: g }, { readText: (ref) => readAssetText(g, ref), eager: false, runLimits: null });
  const out = await session.value('run');
  if (!out.ok) throw new Error(out.message);
  return { traces: out.values.traces as TracesValue, session };
}

/** Every sample of every trace identical, bit for bit. */
function sameBits(a: TracesValue, b: TracesValue): void {
  expect(Object.keys(a.traces)).toEqual(Object.keys(b.traces));
  expect(Buffer.from(a.t.buffer).equals(Buffer.from(b.t.buffer))).toBe(true);
  for (const k of Object.keys(a.traces)) expect(Buffer.from(a.traces[k].buffer).equals(Buffer.from(b.traces[k].buffer)), k).toBe(true);
}

describe('subgraph expansion', () => {
  it('expands a Repeat block into one instance per row: ids <repeat>/<round>/<inner>, the row values on the inner blocks, rounds chained', () => {
    const g = example('compartment-tutorial-repeat');
    const { graph: flat, instances } = flattenGraph(g, blockDef);
    const ids = flat.nodes.map((n) => n.id);
    expect(ids.filter((id) => id.startsWith('rounds/'))).toEqual(['rounds/1/post', 'rounds/1/syn', 'rounds/2/post', 'rounds/2/syn', 'rounds/3/post', 'rounds/3/syn', 'rounds/4/post', 'rounds/4/syn']);
    expect(ids).not.toContain('rounds');
    const p = (id: string) => flat.nodes.find((n) => n.id === id)!.params;
    expect([1, 2, 3, 4].map((k) => [p(`rounds/${k}/post`).first, p(`rounds/${k}/syn`).start, p(`rounds/${k}/syn`).gmax])).toEqual([
      [5, 250, 0.1],
      [10, 450, 0.1],
      [15, 650, 0.1],
      [20, 850, 0.1],
    ]);
    const has = (from: string, to: string) => flat.connections.some((c) => `${c.from.node}.${c.from.port}` === from && `${c.to.node}.${c.to.port}` === to);
    expect(has('hh.model', 'rounds/1/syn.model')).toBe(true);
    for (const k of [1, 2, 3]) expect(has(`rounds/${k}/syn.model`, `rounds/${k + 1}/syn.model`)).toBe(true);
    for (const k of [1, 2, 3, 4]) {
      expect(has('split.neuron', `rounds/${k}/post.neuron`)).toBe(true);
      expect(has(`rounds/${k}/post.selection`, `rounds/${k}/syn.where`)).toBe(true);
    }
    expect(has('rounds/4/syn.model', 'rec_dend.model')).toBe(true);
    expect(flat.connections.some((c) => c.from.node === 'rounds' || c.to.node === 'rounds')).toBe(false);
    expect(instances.get('rounds')).toMatchObject({ kind: 'repeat', subgraph: 'synapse-round', outputs: { model: { node: 'rounds/4/syn', port: 'model' } } });
    expect(instances.get('rounds/2')!.blocks).toEqual(['rounds/2/post', 'rounds/2/syn']);
    // The definition is not changed by expansion (instances copy the inner blocks).
    expect(g.subgraphs![0].nodes.find((n) => n.id === 'post')!.params.first).toBe(5);
  });

  it('an instance: the exposed parameters it sets override the inner values, the others keep them; nested subgraphs get <outer>/<inner>/<block> ids', () => {
    const two: SubgraphDef = {
      id: 'two-rounds',
      title: 'Two rounds',
      nodes: [node('a', 'subgraph:synapse-round', { first: 5, start: 250 }), node('b', 'subgraph:synapse-round', { first: 10, start: 450 })],
      connections: [wire('a.model', 'b.model')],
      inputs: [
        { name: 'model', targets: [{ node: 'a', port: 'model' }] },
        { name: 'neuron', targets: [{ node: 'a', port: 'neuron' }, { node: 'b', port: 'neuron' }] },
      ],
      outputs: [{ name: 'model', from: { node: 'b', port: 'model' } }],
      params: [{ name: 'second_start', node: 'b', param: 'start' }],
    };
    const g = withRounds([node('x', 'subgraph:two-rounds', { second_start: 475 })], [wire('hh.model', 'x.model'), wire('split.neuron', 'x.neuron'), wire('x.model', 'rec_dend.model')], [two]);
    expect(validateGraph(g).filter((i) => i.severity === 'error')).toEqual([]);
    const def = subgraphBlockDef(g, 'subgraph:two-rounds', blockDef)!;
    expect(Object.fromEntries(Object.entries(def.inputs).map(([k, v]) => [k, v.type]))).toEqual({ model: 'model', neuron: 'neuron' });
    expect(def.params).toEqual([expect.objectContaining({ name: 'second_start', kind: 'number', unit: 'ms', default: 450 })]);
    const { graph: flat, instances } = flattenGraph(g, blockDef);
    const p = (id: string) => flat.nodes.find((n) => n.id === id)!.params;
    expect(flat.nodes.filter((n) => n.id.startsWith('x/')).map((n) => n.id)).toEqual(['x/a/post', 'x/a/syn', 'x/b/post', 'x/b/syn']);
    expect([p('x/a/syn').start, p('x/b/syn').start, p('x/b/post').first, p('x/b/syn').gmax]).toEqual([250, 475, 10, 0.1]);
    expect([...instances.keys()]).toEqual(['x/a', 'x/b', 'x']);
    expect(flat.connections.filter((c) => c.to.node.startsWith('x/') && c.from.node === 'split').map((c) => c.to.node)).toEqual(['x/a/post', 'x/b/post']);
  });

  it('refuses a subgraph that contains itself, with the chain of subgraphs', () => {
    const loop: SubgraphDef = {
      id: 'loop',
      title: 'Loop',
      nodes: [node('inner', 'subgraph:other')],
      connections: [],
      inputs: [],
      outputs: [],
      params: [],
    };
    const other: SubgraphDef = { ...loop, id: 'other', nodes: [node('back', 'subgraph:loop')] };
    const g = withRounds([node('l', 'subgraph:loop')], [], [loop, other]);
    const errors = validateGraph(g).filter((i) => i.severity === 'error').map((i) => i.message);
    expect(errors).toContain("subgraph 'loop' contains itself (loop → other → loop); a subgraph cannot be used inside itself");
    expect(errors).toContain("subgraph 'other' contains itself (other → loop → other); a subgraph cannot be used inside itself");
    expect(() => flattenGraph(g, blockDef)).toThrow(SubgraphError);
    expect(() => flattenGraph(g, blockDef)).toThrow("subgraph 'loop' contains itself (loop → other → loop); a subgraph cannot be used inside itself");
    // The session says so on every block instead of running.
    const s = new Session({ graph: g }, { readText: () => '', eager: false, runLimits: null });
    expect(s.defineError).toBe("subgraph 'loop' contains itself (loop → other → loop); a subgraph cannot be used inside itself");
    expect(s.status('run')).toEqual({ state: 'error', message: s.defineError });
  });

  it('names an unknown subgraph and what the graph defines; a version 2 file with subgraphs round-trips', () => {
    const g = withRounds([node('r', 'subgraph:synapse-rond')], []);
    expect(validateGraph(g).filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      "block 'r': unknown subgraph 'synapse-rond' (did you mean 'synapse-round'?) (this graph defines 'synapse-round')",
    ]);
    expect(() => flattenGraph(g, blockDef)).toThrow("block 'r': unknown subgraph 'synapse-rond' (did you mean 'synapse-round'?) (this graph defines 'synapse-round')");
    const rep = example('compartment-tutorial-repeat');
    const text = serializeGraph(rep);
    const back = parseGraph(text);
    expect(back.issues).toEqual([]);
    expect(back.graph).toEqual(rep);
    expect(serializeGraph(back.graph!)).toBe(text);
  });

  it('reads a rounds table and says what is wrong with one', () => {
    expect(parseRounds('first, start\n5, 250\n# a comment\n\n10\t450', ['first', 'start', 'gmax'])).toEqual({ names: ['first', 'start'], rows: [[5, 250], [10, 450]] });
    expect(() => parseRounds('first, strat\n5, 250', ['first', 'start'])).toThrow("rounds, line 1: 'strat' is not a parameter of the subgraph (it has 'first' and 'start')");
    expect(() => parseRounds('first, start\n5', ['first', 'start'])).toThrow('rounds, line 2: 1 values for 2 columns (first, start)');
    expect(() => parseRounds('first', ['first'])).toThrow('the rounds table has a header but no rounds');
    const g = example('compartment-tutorial-repeat');
    g.nodes.find((n) => n.id === 'rounds')!.params.rounds = 'first, start\n5, x250';
    expect(validateGraph(g).filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ node: 'rounds', param: 'rounds', message: 'block \'rounds\' (4 rounds of synapses), round 1: parameter \'start\' must be a number in ms, got the text "x250"' }),
    ]);
  });
});

describe('subgraphs evaluated', () => {
  it('the tutorial with a Repeat block gives bit for bit the flat tutorial’s traces; the instance reports its last round’s model and its state', { timeout: 60_000 }, async () => {
    const flat = await runTraces(example('compartment-tutorial'));
    const rep = await runTraces(example('compartment-tutorial-repeat'));
    sameBits(rep.traces, flat.traces);
    // Not the same by accident: the synapses open, and three rounds give other traces.
    const soma = flat.traces.traces.soma;
    expect(Math.max(...soma) - soma[0]).toBeGreaterThan(5);
    const three = structuredClone(example('compartment-tutorial-repeat'));
    three.nodes.find((n) => n.id === 'rounds')!.params.rounds = 'first, start\n5, 250\n10, 450\n15, 650';
    const other = await runTraces(three);
    // The same up to round 4 (850 ms), then without its synapses.
    const diff = (from: number, to: number) => {
      let m = 0;
      for (const label of Object.keys(soma.length ? flat.traces.traces : {})) {
        const a = flat.traces.traces[label];
        const b = other.traces.traces[label];
        for (let k = Math.round(from / 0.025); k < Math.round(to / 0.025); k++) m = Math.max(m, Math.abs(a[k] - b[k]));
      }
      return m;
    };
    console.log(`4 vs 3 rounds: max |ΔV| before 850 ms ${diff(0, 850)}, after ${diff(850, 1000).toFixed(3)} mV`);
    expect(diff(0, 850)).toBeLessThan(1e-9);
    expect(diff(850, 1000)).toBeGreaterThan(1);
    const r = rep.session;
    await r.value('rounds');
    expect(r.output('rounds')).toEqual({ ok: true, values: { model: r.output('rounds/4/syn')!.ok && (r.output('rounds/4/syn') as { values: Record<string, unknown> }).values.model } });
    expect(r.status('rounds').state).toBe('done');
    for (const s of [flat.session, rep.session, other.session]) s.dispose();
  });

  it('nested subgraphs (two instances of "two rounds", exposed starts set per instance) give the flat tutorial’s traces', { timeout: 60_000 }, async () => {
    const two: SubgraphDef = {
      id: 'two-rounds',
      title: 'Two rounds',
      nodes: [node('a', 'subgraph:synapse-round'), node('b', 'subgraph:synapse-round')],
      connections: [wire('a.model', 'b.model')],
      inputs: [
        { name: 'model', targets: [{ node: 'a', port: 'model' }] },
        { name: 'neuron', targets: [{ node: 'a', port: 'neuron' }, { node: 'b', port: 'neuron' }] },
      ],
      outputs: [{ name: 'model', from: { node: 'b', port: 'model' } }],
      params: [
        { name: 'n1', node: 'a', param: 'first' },
        { name: 't1', node: 'a', param: 'start' },
        { name: 'n2', node: 'b', param: 'first' },
        { name: 't2', node: 'b', param: 'start' },
      ],
    };
    const g = withRounds(
      [node('early', 'subgraph:two-rounds', { n1: 5, t1: 250, n2: 10, t2: 450 }), node('late', 'subgraph:two-rounds', { n1: 15, t1: 650, n2: 20, t2: 850 })],
      [wire('hh.model', 'early.model'), wire('split.neuron', 'early.neuron'), wire('early.model', 'late.model'), wire('split.neuron', 'late.neuron'), wire('late.model', 'rec_dend.model')],
      [two],
    );
    const nested = await runTraces(g);
    const flat = await runTraces(example('compartment-tutorial'));
    sameBits(nested.traces, flat.traces);
    nested.session.dispose();
    flat.session.dispose();
  });

  it('an error inside an instance shows on the instance, named by the inner block', async () => {
    const g = example('compartment-tutorial-repeat');
    // Round 2's selection cannot be made: 'first' must be at least 1.
    g.nodes.find((n) => n.id === 'rounds')!.params.rounds = 'first, start\n5, 250\n0, 450';
    const s = new Session({ graph: g }, { readText: (ref) => readAssetText(g, ref), eager: false, runLimits: null });
    await s.value('rounds').catch(() => undefined);
    const st = s.status('rounds');
    expect(st.state).toBe('error');
    expect(st.state === 'error' && st.message.startsWith('2/post: ')).toBe(true);
    s.dispose();
  });

  it('Make subgraph: the selection becomes a subgraph and an instance wired as the blocks were; the same traces; an edit inside changes every instance', { timeout: 60_000 }, async () => {
    const g = example('compartment-tutorial');
    const made = makeSubgraph(g, ['post_5', 'syn_1'], 'Synapse round');
    expect([made.subgraph, made.instance]).toEqual(['synapse-round', 'synapse-round']);
    const def = made.graph.subgraphs![0];
    expect(def.inputs).toEqual([
      { name: 'neuron', targets: [{ node: 'post_5', port: 'neuron' }] },
      { name: 'model', targets: [{ node: 'syn_1', port: 'model' }] },
    ]);
    expect(def.outputs).toEqual([{ name: 'model', from: { node: 'syn_1', port: 'model' } }]);
    expect(validateGraph(made.graph).filter((i) => i.severity === 'error')).toEqual([]);
    const flat = await runTraces(g);
    const sub = await runTraces(made.graph);
    sameBits(sub.traces, flat.traces);
    // Inside: gmax 0 silences round 1 in every instance (here the only one): the traces change before 450 ms.
    const inner = def.nodes.map((n) => (n.id === 'syn_1' ? { ...n, params: { ...n.params, gmax: 0 } } : n));
    const edited = await runTraces(setSubgraphBody(made.graph, 'synapse-round', inner, def.connections));
    const at = Math.round(260 / 0.025);
    expect(Math.abs(edited.traces.traces.dendrite_base[at] - flat.traces.traces.dendrite_base[at])).toBeGreaterThan(1);
    for (const s of [flat.session, sub.session, edited.session]) s.dispose();
  });

  it('refuses a graph whose subgraphs expand into too many blocks, quickly (nesting that doubles 24 times; empty ones repeated)', () => {
    const level = (k: number): SubgraphDef => ({
      id: `l${k}`,
      title: `Level ${k}`,
      nodes: k === 24 ? [node('leaf', 'select')] : [node('a', `subgraph:l${k + 1}`), node('b', `subgraph:l${k + 1}`)],
      connections: [],
      inputs: [],
      outputs: [],
      params: [],
    });
    const g = withRounds([node('top', 'subgraph:l0')], [], Array.from({ length: 25 }, (_, k) => level(k)));
    const t0 = performance.now();
    expect(validateGraph(g).filter((i) => i.severity === 'error')).toEqual([]);
    expect(() => flattenGraph(g, blockDef)).toThrow("the graph's subgraphs expand into more than 100,000 blocks");
    const empty: SubgraphDef = { id: 'e', title: 'E', nodes: [], connections: [], inputs: [], outputs: [], params: [] };
    const wide = (k: number): SubgraphDef => ({ ...empty, id: `w${k}`, nodes: Array.from({ length: 1000 }, (_, j) => node(`n${j}`, k === 3 ? 'subgraph:e' : `subgraph:w${k + 1}`)) });
    const g2 = withRounds([node('top', 'subgraph:w0')], [], [empty, wide(0), wide(1), wide(2), wide(3)]);
    expect(() => flattenGraph(g2, blockDef)).toThrow('expand into more than 100,000 blocks');
    const ms = performance.now() - t0;
    console.log(`expansion bombs refused in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5000);
  });

  it('a sweep of an exposed parameter of a Repeat block (rounds.gmax) gives the flat graph’s paired sweep of the four gmax, bit for bit', { timeout: 120_000 }, async () => {
    const sweepOf = async (g: Graph, text: string, mode: string) => {
      g.nodes.push(node('sweep', 'sweep', { parameters: text, mode }));
      g.connections.push(wire('run.traces', 'sweep.traces'));
      const s = new Session({ graph: g }, { readText: (ref) => readAssetText(g, ref), eager: false, runLimits: null });
      const out = await s.value('sweep');
      s.dispose();
      if (!out.ok) throw new Error(out.message);
      return out.values.traces as TracesValue;
    };
    const rep = await sweepOf(example('compartment-tutorial-repeat'), 'rounds.gmax = 0.05, 0.2', 'grid');
    const flat = await sweepOf(example('compartment-tutorial'), [1, 2, 3, 4].map((k) => `syn_${k}.gmax = 0.05, 0.2`).join('\n'), 'paired');
    const a = Object.values(rep.traces);
    const b = Object.values(flat.traces);
    expect(a.length).toBe(6);
    expect(b.length).toBe(6);
    for (let k = 0; k < a.length; k++) expect(Buffer.from(a[k].buffer).equals(Buffer.from(b[k].buffer))).toBe(true);
    // gmax 0.05 and 0.2 give different traces (the sweep did set it).
    expect(Buffer.from(a[0].buffer).equals(Buffer.from(a[3].buffer))).toBe(false);
    await expect(sweepOf(example('compartment-tutorial-repeat'), 'rounds.start = 100, 200', 'grid')).rejects.toThrow(`swept parameter "rounds.start": every round of 'rounds' takes 'start' from its rounds table`);
  });
});
