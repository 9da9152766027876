import { describe, expect, it } from 'vitest';
import { BLOCKS, blockDef } from '../../nodes/index.ts';
import { emptyGraph, type Connection } from '../dataflow/graph.ts';
import { GraphStore } from '../dataflow/store.ts';
import { blocksForSocket, fillFromUpstream, wireFromSelected, wireToDragged } from './auto-wire.ts';

const w = (c: Connection | null) => (c ? `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}` : null);


describe('auto-wiring of added blocks', () => {
  it('offers for a dragged model output exactly the blocks with a model input', () => {
    const offered = blocksForSocket(BLOCKS, 'output', 'model').map((b) => b.type);
    expect(offered).toEqual(BLOCKS.filter((b) => Object.values(b.inputs).some((i) => i.type === 'model')).map((b) => b.type));
    expect(offered).toContain('run');
    expect(offered).toContain('morphology-view'); // its optional model input
    expect(offered).not.toContain('load-skeleton');
    expect(offered).not.toContain('run-network');
    // A dragged selection input: only Select nodes gives a selection.
    expect(blocksForSocket(BLOCKS, 'input', 'selection').map((b) => b.type)).toEqual(['select']);
  });

  it('wires the picked block to the dragged socket, either way', () => {
    const s = new GraphStore(emptyGraph(), { blockDef });
    const m = s.addNode('compartment-model', [0, 0]);
    const r = s.addNode('run', [0, 0]);
    expect(w(wireToDragged(s.graph, blockDef, { node: m, port: 'model', side: 'output' }, r))).toBe(`${m}.model>${r}.model`);
    const hh = s.addNode('insert-mechanism', [0, 0]);
    const sel = s.addNode('select', [0, 0]);
    expect(w(wireToDragged(s.graph, blockDef, { node: hh, port: 'where', side: 'input' }, sel))).toBe(`${sel}.selection>${hh}.where`);
    // A block with no such socket gets no wire.
    expect(wireToDragged(s.graph, blockDef, { node: hh, port: 'where', side: 'input' }, r)).toBeNull();
  });

  it('a block added with one block selected takes its output into the first free input of that type', () => {
    const s = new GraphStore(emptyGraph(), { blockDef });
    const load = s.addNode('load-skeleton', [0, 0]);
    const soma = s.addNode('set-soma', [0, 0]);
    expect(w(wireFromSelected(s.graph, blockDef, load, soma))).toBe(`${load}.neuron>${soma}.neuron`);
    const model = s.addNode('compartment-model', [0, 0]);
    const syn = s.addNode('synaptic-current', [0, 0]);
    expect(w(wireFromSelected(s.graph, blockDef, model, syn))).toBe(`${model}.model>${syn}.model`);
    s.connect({ from: { node: model, port: 'model' }, to: { node: syn, port: 'model' } });
    // Its model input is taken now, and it has no other model input.
    expect(wireFromSelected(s.graph, blockDef, model, syn)).toBeNull();
    // Nothing in common: a run's traces and a compartment model.
    const run = s.addNode('run', [0, 0]);
    expect(wireFromSelected(s.graph, blockDef, run, model)).toBeNull();
  });

  it('a Select added for hh.where reads the neuron nearest upstream of hh (the one the model was built from)', () => {
    const s = new GraphStore(emptyGraph(), { blockDef });
    const load = s.addNode('load-skeleton', [0, 0]);
    const split = s.addNode('split-axon-dendrite', [0, 0]);
    const model = s.addNode('compartment-model', [0, 0]);
    const pas = s.addNode('insert-mechanism', [0, 0]);
    const hh = s.addNode('insert-mechanism', [0, 0]);
    const link = (a: string, ap: string, b: string, bp: string) => expect(s.connect({ from: { node: a, port: ap }, to: { node: b, port: bp } }).ok).toBe(true);
    link(load, 'neuron', split, 'neuron');
    link(split, 'neuron', model, 'neuron');
    link(model, 'model', pas, 'model');
    link(pas, 'model', hh, 'model');
    const sel = s.addNode('select', [0, 0]);
    link(sel, 'selection', hh, 'where');
    // split is 3 blocks up from hh, load 4: the nearest neuron is split's.
    expect(fillFromUpstream(s.graph, blockDef, sel, hh).map(w)).toEqual([`${split}.neuron>${sel}.neuron`]);
    // A synaptic current after hh with its own Select: the neuron comes through hh's select branch or the model, split either way.
    link(split, 'neuron', sel, 'neuron');
    const syn = s.addNode('synaptic-current', [0, 0]);
    link(hh, 'model', syn, 'model');
    const sel2 = s.addNode('select', [0, 0]);
    link(sel2, 'selection', syn, 'where');
    expect(fillFromUpstream(s.graph, blockDef, sel2, syn).map(w)).toEqual([`${split}.neuron>${sel2}.neuron`]);
    // Inputs already wired or optional are left alone; nothing upstream, nothing filled.
    expect(fillFromUpstream(s.graph, blockDef, sel, hh)).toEqual([]);
    const lone = s.addNode('run', [0, 0]);
    const rec = s.addNode('voltage-recorder', [0, 0]);
    link(rec, 'model', lone, 'model');
    expect(fillFromUpstream(s.graph, blockDef, rec, lone)).toEqual([]);
  });
});
