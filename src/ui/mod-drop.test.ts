import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import { parseGraph } from '../dataflow/validate.ts';
import { GraphStore } from '../dataflow/store.ts';
import { giveModFile, modHeader } from './mod-drop.ts';
import { textAsset } from './files.ts';

const example = (name: string) => {
  const r = parseGraph(readFileSync(new URL(`../../examples/${name}.graph.json`, import.meta.url), 'utf8'));
  if (!r.graph) throw new Error('example did not parse');
  return r.graph;
};
const modText = (name: string) => readFileSync(new URL(`../../examples/mod/${name}.mod`, import.meta.url), 'utf8');

describe('a .mod file given to the page', () => {
  it('reads the kind from the NEURON block, not from comments', () => {
    expect(modHeader(modText('kdr'))).toEqual({ kind: 'density', name: 'kdr' });
    expect(modHeader('COMMENT\nNEURON { SUFFIX fake }\nENDCOMMENT\n: SUFFIX no\nNEURON {\n  POINT_PROCESS Syn\n  RANGE tau\n}')).toEqual({ kind: 'point', name: 'Syn' });
    expect(modHeader('NEURON { ARTIFICIAL_CELL Cell }')).toEqual({ kind: 'point', name: 'Cell' });
    expect(modHeader('PARAMETER { x = 1 }')).toBeNull();
  });

  it('goes into a new insert-mechanism block wired after the selected model block, as one undo step', async () => {
    const store = new GraphStore(example('compartment-tutorial'), { blockDef });
    const before = store.graph;
    const text = modText('kdr');
    const { hash, asset } = await textAsset('kdr.mod', text);
    const r = giveModFile(store, { hash, asset, text, selected: 'props', place: () => [0, 0] });
    expect(r).toEqual({ id: 'insert_mechanism', created: true, wired: true });
    const wires = store.graph.connections.filter((c) => c.from.node === r.id || c.to.node === r.id).map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`);
    expect(wires.sort()).toEqual(['insert_mechanism.model>pas.model', 'props.model>insert_mechanism.model']);
    expect(store.graph.connections.some((c) => c.from.node === 'props' && c.to.node === 'pas')).toBe(false);
    expect(store.node(r.id)!.params.mod).toBe(`asset:${hash}`);
    expect(store.graph.assets[hash].data).toBe(text);
    expect(store.undo()).toBe(true);
    expect(store.graph).toBe(before);
  });

  it('is read by the selected block of its kind; a point process gets a new point-process block', async () => {
    const store = new GraphStore(example('compartment-tutorial'), { blockDef });
    const text = modText('kdr');
    const { hash, asset } = await textAsset('kdr.mod', text);
    expect(giveModFile(store, { hash, asset, text, selected: 'hh', place: () => [0, 0] })).toEqual({ id: 'hh', created: false, wired: false });
    expect(store.node('hh')!.params.mod).toBe(`asset:${hash}`);
    const syn = 'NEURON { POINT_PROCESS MySyn }\nPARAMETER { tau = 2 (ms) }\n';
    const a = await textAsset('syn.mod', syn);
    const r = giveModFile(store, { ...a, text: syn, selected: null, place: () => [10, 20] });
    expect(r).toEqual({ id: 'point_process', created: true, wired: false });
    expect(store.node(r.id)!.position).toEqual([10, 20]);
  });

  it('typing bursts in the code pane are one undo step each (a keyed transaction)', async () => {
    let now = 0;
    const store = new GraphStore(example('compartment-tutorial'), { blockDef, now: () => now, coalesceMs: 1000 });
    const original = store.graph;
    const edit = async (text: string) => {
      const { hash, asset } = await textAsset('kdr.mod', text);
      store.transaction(() => {
        store.addAsset(hash, asset);
        store.setParam('hh', 'mod', `asset:${hash}`);
      }, { key: 'mod-text:hh' });
    };
    await edit('a');
    now += 300;
    await edit('ab');
    now += 300;
    await edit('abc');
    const burst = store.graph;
    now += 5000;
    await edit('abcd');
    expect(store.undo()).toBe(true);
    expect(store.graph).toBe(burst);
    expect(store.undo()).toBe(true);
    expect(store.graph).toBe(original);
  });
});
