import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { blockDef } from '../../../nodes/index.ts';
import { GraphStore } from '../../dataflow/store.ts';
import { parseGraph } from '../../dataflow/validate.ts';
import { validateGraph } from '../../dataflow/validate.ts';
import { insertExample } from './insert-example.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const tutorial = () => parseGraph(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8')).graph!;

describe('Insert example into the graph', () => {
  it('a current clamp after the selected model: placed right of it, wired, valid, one undo step', () => {
    const store = new GraphStore(tutorial(), { blockDef });
    const before = store.graph.nodes.length;
    const r = insertExample(store, 'current-clamp', 'props', blockDef)!;
    expect(r.added.length).toBe(2);
    const clamp = store.node(r.id)!;
    expect(clamp.type).toBe('current-clamp');
    // One column (220 px block + 80 px) right of the selected block; its Select one column left of it.
    const props = store.node('props')!;
    const sel = store.node(r.added.find((id) => id !== r.id)!)!;
    expect(sel.type).toBe('select');
    expect(clamp.position).toEqual([props.position[0] + 2 * 300, props.position[1]]);
    expect(sel.position).toEqual([props.position[0] + 300, props.position[1]]);
    const into = store.graph.connections.filter((c) => r.added.includes(c.to.node)).map((c) => `${c.from.node}.${c.from.port} → ${c.to.node}.${c.to.port}`);
    // The model of `props`; the neuron of the nearest block upstream that has one (the model's own input).
    expect(into.sort()).toEqual([`props.model → ${r.id}.model`, `split.neuron → ${sel.id}.neuron`, `${sel.id}.selection → ${r.id}.where`].sort());
    expect(validateGraph(store.graph, blockDef).filter((i) => i.severity === 'error')).toEqual([]);
    expect(store.undo()).toBe(true);
    expect(store.graph.nodes.length).toBe(before);
  });

  it('into an empty graph: the whole chain, upstream at the left', () => {
    const g = tutorial();
    const store = new GraphStore({ ...g, nodes: [], connections: [] }, { blockDef });
    const r = insertExample(store, 'plot-traces', null, blockDef)!;
    const types = store.graph.nodes.map((n) => [n.type, n.position[0]]);
    expect(types).toEqual([['plot-traces', 900], ['run', 600], ['compartment-model', 300], ['load-skeleton', 0]]);
    expect(store.graph.connections.length).toBe(3);
    expect(r.uses).toEqual([]);
  });
});
