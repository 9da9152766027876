/**
 * Hostile graph files: ids that would become code, JSON built to exhaust time, memory or the
 * stack, and property names that reach JavaScript's object machinery. Each is repaired or
 * refused with a message, in bounded time, and what comes out is plain data.
 */
import { describe, expect, it } from 'vitest';
import type { Graph } from './graph.ts';
import { MAX_BLOCKS, MAX_ID_LENGTH, isSafeBlockId, repairGraph } from './repair-ids.ts';
import { serializeGraph } from './serialize.ts';
import { chain, FAKE_BLOCKS, graphOf, n, w } from './test-kit.ts';
import { MAX_GRAPH_DEPTH, MAX_GRAPH_TEXT, parseGraph, validateGraph } from './validate.ts';

const HOSTILE = "run{__import__('os').system('id>PWNED.txt')}";

/** The chain with the run block's id replaced (wires follow, as a hand-edited file would). */
function chainWithRunId(id: string): Graph {
  const g = chain();
  g.nodes[3] = { ...g.nodes[3], id };
  g.connections = g.connections.map((c) => ({ from: c.from.node === 'run' ? { ...c.from, node: id } : c.from, to: c.to.node === 'run' ? { ...c.to, node: id } : c.to }));
  return g;
}

describe('repairGraph', () => {
  it('renames a hostile id, remaps its wires and says which id was renamed', () => {
    const r = repairGraph(chainWithRunId(HOSTILE));
    if (!r.ok) throw new Error(r.message);
    expect(r.graph.nodes.map((x) => x.id)).toEqual(['load', 'soma', 'model', 'run', 'plot']);
    expect(r.graph.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`)).toEqual(['load.neuron>soma.neuron', 'soma.neuron>model.neuron', 'model.model>run.model', 'run.traces>plot.traces']);
    expect(r.renamed).toEqual([{ from: HOSTILE, to: 'run' }]);
    expect(r.repairs).toEqual([`block id ${JSON.stringify(HOSTILE)} renamed to 'run' (a block id may only contain letters, digits, '_' and '-')`]);
    // The repaired graph is a valid one: nothing left for the validator to complain about.
    expect(validateGraph(r.graph, FAKE_BLOCKS)).toEqual([]);
  });

  it('gives a fresh id when the stem is taken, keeps titles as data, and leaves the input unchanged', () => {
    const g = chainWithRunId('a b');
    g.nodes.push(n('run', 'run', {}, { title: '<img src=x onerror=alert(1)>' }));
    const before = JSON.stringify(g);
    const r = repairGraph(g);
    if (!r.ok) throw new Error(r.message);
    expect(r.graph.nodes.map((x) => x.id)).toEqual(['load', 'soma', 'model', 'run_2', 'plot', 'run']);
    expect(r.graph.nodes[5].title).toBe('<img src=x onerror=alert(1)>');
    expect(r.graph.connections[2].to.node).toBe('run_2');
    expect(JSON.stringify(g)).toBe(before);
  });

  it('renames the second of two blocks with the same id; wires keep naming the first', () => {
    const g = graphOf([n('a', 'load-skeleton'), n('a', 'set-soma'), n('b', 'set-soma')], [w('a.neuron', 'b.neuron')]);
    const r = repairGraph(g);
    if (!r.ok) throw new Error(r.message);
    expect(r.graph.nodes.map((x) => x.id)).toEqual(['a', 'set_soma', 'b']);
    expect(r.graph.connections).toEqual([w('a.neuron', 'b.neuron')]);
    expect(r.repairs).toEqual(["two blocks had the id \"a\": the second one is now 'set_soma'"]);
  });

  it('renames over-long and reserved ids, and leaves out wires to blocks or ports with unusable names', () => {
    const long = 'x'.repeat(MAX_ID_LENGTH + 1);
    const g = graphOf([n(long, 'load-skeleton'), n('__proto__', 'set-soma'), n('ok', 'set-soma')], [
      w(`${long}.neuron`, '__proto__.neuron'),
      { from: { node: 'gone{x}', port: 'neuron' }, to: { node: 'ok', port: 'neuron' } },
      { from: { node: 'ok', port: 'neuron"]);' }, to: { node: 'ok', port: 'neuron' } },
    ]);
    const r = repairGraph(g);
    if (!r.ok) throw new Error(r.message);
    expect(r.graph.nodes.map((x) => x.id)).toEqual(['load_skeleton', 'set_soma', 'ok']);
    expect(r.graph.connections).toEqual([w('load_skeleton.neuron', 'set_soma.neuron')]);
    expect(r.repairs[0]).toMatch(/^block id "x{40}…" renamed to 'load_skeleton' \(a block id may be at most 64 characters long \(this one has 65\)\)$/);
    expect(r.repairs[1]).toBe("block id \"__proto__\" renamed to 'set_soma' ('__proto__' is reserved and cannot be a block id)");
    expect(r.repairs[2]).toBe('2 connections naming a block or port by an unusable name were left out');
    expect(r.graph.nodes.every((x) => isSafeBlockId(x.id))).toBe(true);
  });

  it('returns the same graph object when nothing needs repair', () => {
    const g = chain();
    const r = repairGraph(g);
    expect(r.ok && r.graph === g && r.repairs.length === 0).toBe(true);
  });

  it('refuses a graph with more blocks than it opens', () => {
    const g = graphOf(Array.from({ length: MAX_BLOCKS + 1 }, (_, k) => n(`b${k}`, 'set-soma')));
    expect(repairGraph(g)).toEqual({ ok: false, message: `the graph has ${MAX_BLOCKS + 1} blocks; NeuroWire opens graphs of at most ${MAX_BLOCKS} blocks` });
  });
});

describe('parseGraph with hostile input', () => {
  it('repairs ids when asked: the serialized graph carries no trace of the hostile id', () => {
    const text = serializeGraph(chainWithRunId(HOSTILE));
    const plain = parseGraph(text, FAKE_BLOCKS);
    expect(plain.issues.some((i) => i.severity === 'error' && i.message.includes('a block id may only contain'))).toBe(true);
    const r = parseGraph(text, FAKE_BLOCKS, { repairIds: true });
    if (!r.graph) throw new Error('refused');
    expect(r.repairs).toHaveLength(1);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const out = serializeGraph(r.graph);
    expect(out).not.toContain('__import__');
    expect(out).not.toContain("system(");
    expect(r.graph.nodes.map((x) => x.id)).toEqual(['load', 'soma', 'model', 'run', 'plot']);
  });

  it('refuses text over the size cap at once', () => {
    const text = ' '.repeat(MAX_GRAPH_TEXT + 1);
    const t0 = performance.now();
    const r = parseGraph(text, FAKE_BLOCKS);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(r.graph).toBeNull();
    expect(r.issues[0].message).toBe('the file is too large to be a graph: 64 MiB of text, and a graph file (embedded files included) may be at most 64 MiB');
  });

  it('refuses nesting deeper than the cap (10,000 levels) in bounded time, and accepts the cap itself', () => {
    for (const depth of [10_000, MAX_GRAPH_DEPTH + 1]) {
      const deep = '['.repeat(depth - 1) + ']'.repeat(depth - 1);
      const text = `{"format":"neurowire-graph","version":1,"nodes":[],"connections":[],"assets":{},"x":${deep}}`;
      const t0 = performance.now();
      const r = parseGraph(text, FAKE_BLOCKS);
      expect(performance.now() - t0).toBeLessThan(500);
      expect(r.graph).toBeNull();
      expect(r.issues[0].message).toBe(`the file nests lists and objects more than ${MAX_GRAPH_DEPTH} levels deep; a graph file needs far fewer, so it is not read`);
    }
    const ok = '['.repeat(MAX_GRAPH_DEPTH - 2) + ']'.repeat(MAX_GRAPH_DEPTH - 2);
    const r = parseGraph(`{"format":"neurowire-graph","version":1,"nodes":[],"connections":[],"assets":{},"x":${ok}}`, FAKE_BLOCKS);
    expect(r.graph).not.toBeNull();
  });

  it('drops __proto__, constructor and prototype keys with a warning; no prototype is ever set', () => {
    const text = JSON.stringify({
      format: 'neurowire-graph',
      version: 1,
      nodes: [{ id: 'load', type: 'load-skeleton', position: [0, 0], params: { units: 'µm' } }],
      connections: [],
      assets: {},
    }).replace('"params":{', '"params":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},');
    const withTop = text.replace('{"format"', '{"__proto__":{"polluted":3},"format"');
    const r = parseGraph(withTop, FAKE_BLOCKS);
    if (!r.graph) throw new Error(r.issues[0].message);
    const params = r.graph.nodes[0].params;
    expect(Object.keys(params)).toEqual(['units']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.issues.filter((i) => i.message.includes('is not allowed in a graph file')).map((i) => i.message)).toEqual([
      "the property name '__proto__' is not allowed in a graph file; its 2 occurrences were left out",
      "the property name 'constructor' is not allowed in a graph file; it was left out",
    ]);
  });

  it('an over-long id is an error of the validator too', () => {
    const g = chainWithRunId('r'.repeat(65));
    expect(validateGraph(g, FAKE_BLOCKS).filter((i) => i.severity === 'error').map((i) => i.message)).toContain(`block '${'r'.repeat(40)}…' (run): a block id may be at most 64 characters long (this one has 65)`);
  });
});

describe('GraphStore.open: the last gate', () => {
  it('renames hostile ids of any graph it opens and says so in the change; refuses a graph too large to open', async () => {
    const { GraphStore } = await import('./store.ts');
    const lookup = (t: string) => FAKE_BLOCKS.find((b) => b.type === t);
    const store = new GraphStore(chain(), { blockDef: lookup });
    const repairs: string[][] = [];
    store.changes$.subscribe((c) => c.repairs && repairs.push(c.repairs));
    const r = store.open(chainWithRunId(HOSTILE));
    expect(r).toEqual({ ok: true, repairs: [expect.stringContaining("renamed to 'run'")] });
    expect(store.graph.nodes.map((x) => x.id)).toEqual(['load', 'soma', 'model', 'run', 'plot']);
    expect(repairs).toHaveLength(1);
    const big = graphOf(Array.from({ length: MAX_BLOCKS + 1 }, (_, k) => n(`b${k}`, 'set-soma')));
    expect(store.open(big).ok).toBe(false);
    expect(store.graph.nodes).toHaveLength(5);
  });
});

describe('validateGraph on a chain of 20,000 blocks', () => {
  it('finds a cycle at its end without overflowing the stack, in time linear in the blocks', () => {
    const chain = (k: number) => {
      const nodes = Array.from({ length: k }, (_, i) => n(`b${i}`, 'set-soma'));
      return { nodes, wires: nodes.slice(1).map((_, i) => w(`b${i}.neuron`, `b${i + 1}.neuron`)) };
    };
    // Linear, not quadratic: 10× the blocks take ~10× the time (quadratic would be ~100×). Both
    // sizes timed in the same moment (best of 3), so a loaded machine slows both alike.
    const best = (k: number) => {
      const c = chain(k);
      let ms = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        validateGraph(graphOf(c.nodes, c.wires), FAKE_BLOCKS);
        ms = Math.min(ms, performance.now() - t0);
      }
      return ms;
    };
    best(2000);
    expect(best(20_000)).toBeLessThan(40 * Math.max(best(2000), 1));
    const { nodes, wires } = chain(20_000);
    const chainOnly = validateGraph(graphOf(nodes, wires), FAKE_BLOCKS);
    expect(chainOnly.filter((i) => i.message.includes('cycle'))).toEqual([]);
    // A loop between the last two blocks, 20,000 blocks deep.
    const loop = validateGraph(graphOf(nodes, [...wires, w('b19999.neuron', 'b19998.neuron')]), FAKE_BLOCKS);
    expect(loop.filter((i) => i.message.includes('cycle')).map((i) => i.message)).toEqual([
      "blocks 'b19998' and 'b19999' form a cycle (b19998 → b19999 → b19998): a block cannot depend on its own output",
    ]);
  });
});
