import { describe, expect, it } from 'vitest';
import { BLOCKS, blockDef } from '../../nodes/index.ts';
import { SOCKET_TYPES } from '../../nodes/values.ts';
import { emptyGraph, type Graph, type GraphNode } from '../dataflow/graph.ts';
import { GraphStore } from '../dataflow/store.ts';
import { connectionKey, diffGraph, isEmptyDiff, type ViewState } from './reconcile.ts';
import { socketColor, SOCKET_COLORS, UNKNOWN_SOCKET_COLOR, CATEGORY_ORDER } from './sockets.ts';
import { estimateNodeSize, isTextTarget, keyBelongsToField, paramSummary, sameStatus, shortcut, statusView } from './view-model.ts';
import { firstMatch, groupBlocks, matches } from './palette-model.ts';

function viewOf(g: Graph): ViewState {
  return { nodes: new Map(g.nodes.map((n) => [n.id, n])), connections: new Set(g.connections.map(connectionKey)) };
}

function storeWith(): GraphStore {
  return new GraphStore(emptyGraph(), { blockDef });
}

describe('reconcile diff', () => {
  it('is empty for the same document and reports added blocks and wires', () => {
    const s = storeWith();
    const g0 = s.graph;
    expect(isEmptyDiff(diffGraph(viewOf(g0), g0))).toBe(true);
    const a = s.addNode('load-skeleton', [0, 0]);
    const b = s.addNode('set-soma', [200, 0]);
    expect(s.connect({ from: { node: a, port: 'neuron' }, to: { node: b, port: 'neuron' } }).ok).toBe(true);
    const d = diffGraph(viewOf(g0), s.graph);
    expect(d.addNodes.map((n) => n.id)).toEqual([a, b]);
    expect(d.addConnections.map(connectionKey)).toEqual([`${a}.neuron>${b}.neuron`]);
    expect(d.removeNodes).toEqual([]);
  });

  it('sees moves, label edits and removals, and removes wires before their blocks', () => {
    const s = storeWith();
    const a = s.addNode('load-skeleton', [0, 0]);
    const b = s.addNode('set-soma', [200, 0]);
    const c = s.addNode('reroot', [400, 0]);
    s.connect({ from: { node: a, port: 'neuron' }, to: { node: b, port: 'neuron' } });
    s.connect({ from: { node: b, port: 'neuron' }, to: { node: c, port: 'neuron' } });
    const before = s.graph;
    s.moveNodes([{ id: a, position: [10, 20] }]);
    s.setComment(c, 'hello');
    s.removeNodes([b]);
    const d = diffGraph(viewOf(before), s.graph);
    expect(d.moveNodes.map((n) => n.id)).toEqual([a]);
    expect(d.updateNodes.map((n) => n.id)).toEqual([c]);
    expect(d.removeNodes).toEqual([b]);
    expect(d.removeConnections.sort()).toEqual([`${a}.neuron>${b}.neuron`, `${b}.neuron>${c}.neuron`].sort());
    expect(d.addNodes).toEqual([]);
    // Undo brings it all back.
    s.undo();
    s.undo();
    s.undo();
    const back = diffGraph(viewOf(s.graph), before);
    expect(isEmptyDiff(back)).toBe(true);
  });

  it('redraws a block whose type changed under the same id, wires included', () => {
    const n1: GraphNode = { id: 'x', type: 'reroot', params: {}, position: [0, 0] };
    const n2: GraphNode = { id: 'y', type: 'set-soma', params: {}, position: [0, 0] };
    const g1: Graph = { ...emptyGraph(), nodes: [n1, n2], connections: [{ from: { node: 'y', port: 'neuron' }, to: { node: 'x', port: 'neuron' } }] };
    const g2: Graph = { ...g1, nodes: [{ ...n1, type: 'resample' }, n2] };
    const d = diffGraph(viewOf(g1), g2);
    expect(d.removeNodes).toEqual(['x']);
    expect(d.addNodes.map((n) => n.type)).toEqual(['resample']);
    expect(d.removeConnections).toEqual(['y.neuron>x.neuron']);
    expect(d.addConnections.map(connectionKey)).toEqual(['y.neuron>x.neuron']);
  });

  it('a param edit is an update, not a move', () => {
    const s = storeWith();
    const a = s.addNode('voltage-recorder', [0, 0]);
    const before = s.graph;
    s.setParam(a, 'label', 'soma');
    const d = diffGraph(viewOf(before), s.graph);
    expect(d.updateNodes.map((n) => n.id)).toEqual([a]);
    expect(d.moveNodes).toEqual([]);
  });
});

describe('socket colours', () => {
  it('gives every socket type its own colour', () => {
    const colours = SOCKET_TYPES.map(socketColor);
    expect(new Set(colours).size).toBe(SOCKET_TYPES.length);
    expect(colours.every((c) => /^#[0-9a-f]{6}$/i.test(c))).toBe(true);
    expect(Object.keys(SOCKET_COLORS).sort()).toEqual([...SOCKET_TYPES].sort());
    expect(socketColor('nonsense')).toBe(UNKNOWN_SOCKET_COLOR);
  });
  it('knows every category of the catalogue', () => {
    for (const b of BLOCKS) expect(CATEGORY_ORDER).toContain(b.category);
  });
});

describe('block view model', () => {
  it('status lines', () => {
    expect(statusView({ state: 'done', ms: 123.4 }).text).toBe('done · 123 ms');
    expect(statusView({ state: 'done', ms: 2.345 }).text).toBe('done · 2.3 ms');
    expect(statusView({ state: 'running', progress: 0.426 })).toEqual({ state: 'running', text: '43 %', progress: 0.426 });
    expect(statusView({ state: 'error', message: 'boom' }).text).toBe('boom');
    expect(statusView({ state: 'waiting', message: 'input "neuron" is not connected' }).state).toBe('waiting');
    expect(statusView({ state: 'idle' }).progress).toBeNull();
  });

  it('summarises the naming parameter, with defaults', () => {
    const def = blockDef('voltage-recorder')!;
    expect(paramSummary({ params: { label: 'soma' } }, def)).toBe('label: soma');
    const mech = blockDef('insert-mechanism')!;
    expect(paramSummary({ params: {} }, mech)).toMatch(/^mechanism: /);
    expect(paramSummary({ params: {} }, blockDef('reroot')!)).toBe('');
  });

  it('estimates a size that grows with ports and comments', () => {
    const def = blockDef('synaptic-current')!;
    const a = estimateNodeSize(def, {});
    const b = estimateNodeSize(def, { comment: 'a fairly long comment that spans more than one line of text' });
    expect(a.width).toBeGreaterThan(100);
    expect(b.height).toBeGreaterThan(a.height);
  });
});

describe('keyboard', () => {
  const k = (key: string, m: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...m });
  it('maps the shortcuts', () => {
    expect(shortcut(k('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcut(k('z', { metaKey: true }))).toBe('undo');
    expect(shortcut(k('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcut(k('y', { ctrlKey: true }))).toBe('redo');
    expect(shortcut(k('c', { ctrlKey: true }))).toBe('copy');
    expect(shortcut(k('v', { metaKey: true }))).toBe('paste');
    expect(shortcut(k('d', { ctrlKey: true }))).toBe('duplicate');
    expect(shortcut(k('Delete'))).toBe('delete');
    expect(shortcut(k('Backspace'))).toBe('delete');
    expect(shortcut(k('f'))).toBe('zoom-to-fit');
    expect(shortcut(k('F'))).toBe('zoom-to-fit');
    expect(shortcut(k('f', { ctrlKey: true }))).toBeNull();
    expect(shortcut(k('x'))).toBeNull();
    expect(shortcut(k('z', { ctrlKey: true, altKey: true }))).toBeNull();
  });
  it('leaves text fields alone', () => {
    expect(isTextTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextTarget({ tagName: 'input', type: 'number' })).toBe(true);
    expect(isTextTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTextTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextTarget({ tagName: 'DIV' })).toBe(false);
    expect(isTextTarget(null)).toBe(false);
    const slider = { tagName: 'INPUT', type: 'range' };
    expect(keyBelongsToField('undo', slider)).toBe(false);
    expect(keyBelongsToField('delete', slider)).toBe(true);
    expect(keyBelongsToField('undo', { tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(keyBelongsToField('delete', { tagName: 'BUTTON' })).toBe(false);
    expect(keyBelongsToField('zoom-to-fit', { tagName: 'SELECT' })).toBe(true);
  });
});

describe('palette', () => {
  it('groups all blocks by category in order', () => {
    const groups = groupBlocks(BLOCKS);
    expect(groups.map((g) => g.category)).toEqual(CATEGORY_ORDER.filter((c) => BLOCKS.some((b) => b.category === c)));
    expect(groups.reduce((s, g) => s + g.blocks.length, 0)).toBe(BLOCKS.length);
  });
  it('searches titles, types and descriptions; Enter takes the best match', () => {
    expect(matches(blockDef('plot-traces')!, 'plot trac')).toBe(true);
    expect(matches(blockDef('plot-traces')!, 'raster')).toBe(false);
    const groups = groupBlocks(BLOCKS, 'raster');
    expect(groups.flatMap((g) => g.blocks.map((b) => b.type))).toContain('raster-plot');
    expect(firstMatch(BLOCKS, 'run')?.type).toBe('run');
    expect(firstMatch(BLOCKS, 'voltage')?.type).toBe('voltage-recorder');
    expect(firstMatch(BLOCKS, 'zzzz-nothing')).toBeUndefined();
  });
});

describe('clipboard fragments', () => {
  it('reads back what copy writes, and nothing else', async () => {
    const { parseFragment } = await import('./fragment.ts');
    const s = storeWith();
    const a = s.addNode('load-skeleton', [0, 0]);
    const b = s.addNode('set-soma', [200, 0]);
    s.connect({ from: { node: a, port: 'neuron' }, to: { node: b, port: 'neuron' } });
    const f = s.copy([a, b]);
    const back = parseFragment(JSON.stringify({ format: 'neurowire-fragment', ...f }));
    expect(back).toEqual(f);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment(JSON.stringify({ nodes: [], connections: [] }))).toBeNull();
    expect(s.paste(back!).length).toBe(2);
  });
});

describe('sameStatus (a block is drawn again only for a status that draws differently)', () => {
  it('equal statuses in new objects are the same; any shown field differing is not', () => {
    expect(sameStatus({ state: 'idle' }, { state: 'idle' })).toBe(true);
    expect(sameStatus({ state: 'done', ms: 12, warnings: ['a'] }, { state: 'done', ms: 12, warnings: ['a'] })).toBe(true);
    expect(sameStatus({ state: 'done', ms: 12 }, { state: 'done', ms: 13 })).toBe(false);
    expect(sameStatus({ state: 'done', ms: 12, warnings: ['a'] }, { state: 'done', ms: 12, warnings: ['b'] })).toBe(false);
    expect(sameStatus({ state: 'done', ms: 12 }, { state: 'done', ms: 12, warnings: ['a'] })).toBe(false);
    expect(sameStatus({ state: 'running', progress: 0.25 }, { state: 'running', progress: 0.5 })).toBe(false);
    expect(sameStatus({ state: 'error', message: 'x' }, { state: 'waiting', message: 'x' })).toBe(false);
    expect(sameStatus({ state: 'error', message: 'x' }, { state: 'error', message: 'y' })).toBe(false);
  });
});
