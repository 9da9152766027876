import { describe, expect, it } from 'vitest';
import type { Graph } from './graph.ts';
import { checkGroups, pruneGroups } from './groups.ts';
import { serializeGraph } from './serialize.ts';
import { GraphStore } from './store.ts';
import { chain, FAKE_BLOCKS } from './test-kit.ts';
import { parseGraph } from './validate.ts';

const lookup = (t: string) => FAKE_BLOCKS.find((b) => b.type === t);
const parse = (doc: unknown) => parseGraph(JSON.stringify(doc), FAKE_BLOCKS);

describe('groups and reroute points in the graph document', () => {
  it('round-trips groups, a folded block and reroute points through a file, byte for byte', () => {
    const g: Graph = structuredClone(chain());
    g.groups = [{ id: 'cell', title: 'Cell <b>&amp;</b>', color: '#4f7cac', nodes: ['soma', 'model'], collapsed: true }];
    g.nodes[2].collapsed = true;
    g.connections[1].via = [[300, 40], [320.5, -12]];
    const text = serializeGraph(g);
    expect(text).toContain('{ "id": "cell", "title": "Cell <b>&amp;</b>", "color": "#4f7cac", "nodes": ["soma", "model"], "collapsed": true }');
    expect(text).toContain('"via": [[300, 40], [320.5, -12]]');
    const back = parseGraph(text, FAKE_BLOCKS);
    expect(back.graph).toEqual(g);
    expect(back.issues.filter((i) => /group|via|collapsed/.test(i.message))).toEqual([]);
    expect(serializeGraph(back.graph!)).toBe(text);
  });

  it('reads malformed groups with a clear warning each, never an error or a crash', () => {
    const doc = JSON.parse(serializeGraph(chain())) as Record<string, unknown>;
    doc.groups = [
      42,
      { id: 'a b', nodes: ['soma'] },
      { id: 'g1', title: 7, color: 'red', nodes: ['soma', 'ghost'], collapsed: 'yes', extra: 1 },
      { id: 'g2', nodes: 'soma' },
      { id: 'g3', title: 'x'.repeat(5000), nodes: ['soma', 'run'] },
    ];
    (doc.connections as Array<Record<string, unknown>>)[0].via = [[1, 2], ['a', 3]];
    const r = parse(doc);
    expect(r.graph).not.toBeNull();
    const words = r.issues.filter((i) => /group|via/.test(i.message));
    expect(words.every((i) => i.severity === 'warning')).toBe(true);
    const text = words.map((i) => i.message).join('\n');
    expect(text).toContain('group #1 must be an object');
    expect(text).toContain(`group #2: "id" must be 1–64 letters`);
    expect(text).toContain(`group 'g1': "title" must be text, got 7`);
    expect(text).toContain(`group 'g1': "color" must be "#rrggbb", got the text "red"; #4f7cac is used`);
    expect(text).toContain(`group 'g1': "collapsed" must be true or false`);
    expect(text).toContain(`group 'g1': unknown field 'extra'`);
    expect(text).toContain(`group 'g1' names block 'ghost' that the graph does not have`);
    expect(text).toContain(`group 'g2': "nodes" must be a list of block ids`);
    expect(text).toContain(`group 'g3': its title is 5000 characters long; the first 200 are kept`);
    expect(text).toContain(`block 'soma' is in group 'g1' and in group 'g3'`);
    expect(text).toContain('connection #1: "via" (reroute points) must hold [x, y] pairs');
    expect(r.graph!.connections[0].via).toBeUndefined();
    // Opened: the groups agree with the blocks.
    const store = new GraphStore(r.graph!, { blockDef: lookup });
    expect(store.graph.groups).toEqual([
      { id: 'g1', title: '', color: '#4f7cac', nodes: ['soma'] },
      { id: 'g3', title: 'x'.repeat(200), color: '#6a9955', nodes: ['run'] },
    ]);
    expect(checkGroups(store.graph)).toEqual([]);
  });

  it('groups, renames, recolours, collapses and ungroups as undoable steps', () => {
    const store = new GraphStore(chain(), { blockDef: lookup });
    const original = store.graph;
    const id = store.group(['soma', 'model', 'nope'], { title: 'Cell' })!;
    expect(id).toBe('group');
    expect(store.graph.groups).toEqual([{ id: 'group', title: 'Cell', color: '#4f7cac', nodes: ['soma', 'model'] }]);
    store.updateGroup(id, { title: 'Neuron', color: '#A94F5B' });
    store.updateGroup(id, { collapsed: true });
    store.updateGroup(id, { color: 'javascript:alert(1)' }); // refused: not a colour
    expect(store.graph.groups![0]).toEqual({ id: 'group', title: 'Neuron', color: '#a94f5b', nodes: ['soma', 'model'], collapsed: true });
    // A block grouped again leaves its old group; a group left empty goes.
    const id2 = store.group(['model', 'run'])!;
    expect(store.graph.groups!.map((g) => [g.id, g.nodes])).toEqual([
      ['group', ['soma']],
      [id2, ['model', 'run']],
    ]);
    store.ungroup(id2);
    expect(store.graph.groups!.map((g) => g.id)).toEqual(['group']);
    // Deleting the last block of a group removes the group.
    store.removeNodes(['soma']);
    expect(store.graph.groups).toBeUndefined();
    for (let k = 0; k < 6; k++) expect(store.undo()).toBe(true);
    expect(store.graph).toBe(original);
    expect(store.redo()).toBe(true);
    expect(store.graph.groups![0].nodes).toEqual(['soma', 'model']);
  });

  it('sets reroute points and folds blocks as layout changes, undoable', () => {
    const store = new GraphStore(chain(), { blockDef: lookup });
    const kinds: string[] = [];
    store.changes$.subscribe((c) => kinds.push(c.kind));
    const c = store.graph.connections[2];
    store.setVia(c, [[500, 80]]);
    store.setVia(c, [[500, 80]]); // same points: no step
    store.setCollapsed('model', true);
    expect(store.graph.connections[2].via).toEqual([[500, 80]]);
    expect(store.node('model')!.collapsed).toBe(true);
    expect(kinds).toEqual(['layout', 'layout']);
    store.setVia(c, []);
    expect('via' in store.graph.connections[2]).toBe(false);
    store.undo();
    store.undo();
    expect(store.node('model')!.collapsed).toBeUndefined();
    expect(store.graph.connections[2].via).toEqual([[500, 80]]);
  });

  it('prunes nothing from a consistent graph (same object back)', () => {
    const g: Graph = { ...chain(), groups: [{ id: 'a', title: 'A', color: '#000000', nodes: ['load'] }] };
    expect(pruneGroups(g)).toBe(g);
  });
});
