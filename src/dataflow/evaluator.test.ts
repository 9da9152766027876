import { describe, expect, it } from 'vitest';
import type { BlockDef, ComputeContext, Inputs, Params } from '../../nodes/types.ts';
import { GraphEvaluator, type EvalGraph, type NodeStatus } from './evaluator.ts';
import { CoreError } from '../core/errors.ts';

/** A manually driven clock: computations await `tick()`s that the test releases one by one. */
class Ticks {
  private waiting: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((r) => this.waiting.push(r));
  }
  release(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
  }
  get pending(): number {
    return this.waiting.length;
  }
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

function defs(ticks?: Ticks) {
  const calls: Record<string, number> = {};
  let simSteps = 0;
  const count = (t: string) => (calls[t] = (calls[t] ?? 0) + 1);
  const num = (name: string, d: number) => ({ name, label: name, help: '', kind: 'number' as const, unit: '', default: d });
  const list: BlockDef[] = [
    {
      type: 'source',
      title: 'source',
      category: 'skeleton',
      description: '',
      inputs: {},
      outputs: { out: { type: 'selection', label: 'x' } },
      params: [num('x', 1)],
      compute: (_i: Inputs, p: Params) => (count('source'), { out: { v: p.x } }),
    },
    {
      type: 'abs',
      title: 'abs',
      category: 'model',
      description: '',
      inputs: { in: { type: 'selection', label: 'x' } },
      outputs: { out: { type: 'selection', label: 'x' } },
      params: [],
      compute: (i: Inputs) => (count('abs'), { out: { v: Math.abs((i.in as { v: number }).v) } }),
    },
    {
      type: 'scale',
      title: 'scale',
      category: 'model',
      description: '',
      inputs: { in: { type: 'selection', label: 'x' } },
      outputs: { out: { type: 'model', label: 'x' } },
      params: [num('k', 2)],
      compute: (i: Inputs, p: Params) => {
        count('scale');
        const v = (i.in as { v: number }).v;
        if (v === 13) throw new CoreError('input', 'unlucky number');
        return { out: { v: v * (p.k as number) } };
      },
    },
    {
      type: 'sim',
      title: 'sim',
      category: 'run',
      description: '',
      heavy: true,
      inputs: { in: { type: 'model', label: 'x' } },
      outputs: { out: { type: 'traces', label: 'x' } },
      params: [],
      // A long computation: 5 steps, each waiting for a tick, checking the signal like the engine.
      compute: async (i: Inputs, _p: Params, ctx: ComputeContext) => {
        count('sim');
        for (let s = 0; s < 5; s++) {
          if (ticks) await ticks.wait();
          if (ctx.signal.aborted) throw new CoreError('aborted', 'cancelled');
          simSteps++;
          ctx.progress((s + 1) / 5);
        }
        return { out: { v: (i.in as { v: number }).v + 0.5 } };
      },
    },
    {
      type: 'plot',
      title: 'plot',
      category: 'plot',
      description: '',
      inputs: { in: { type: 'traces', label: 'x' } },
      outputs: { out: { type: 'figure', label: 'x' } },
      params: [{ name: 'title', label: 'title', help: '', kind: 'string', default: 't' }],
      compute: (i: Inputs, p: Params) => (count('plot'), { out: { title: p.title, v: (i.in as { v: number }).v } }),
    },
  ];
  const byType = new Map(list.map((d) => [d.type, d]));
  return { blockDef: (t: string) => byType.get(t), calls, steps: () => simSteps };
}

// source → abs → scale → sim → plot, and a second reader of sim: plot2
const GRAPH: EvalGraph = {
  nodes: [
    { id: 'src', type: 'source', params: { x: 3 } },
    { id: 'abs', type: 'abs', params: {} },
    { id: 'scale', type: 'scale', params: {} },
    { id: 'sim', type: 'sim', params: {} },
    { id: 'plot', type: 'plot', params: {} },
    { id: 'plot2', type: 'plot', params: { title: 'second' } },
  ],
  connections: [
    { from: { node: 'src', port: 'out' }, to: { node: 'abs', port: 'in' } },
    { from: { node: 'abs', port: 'out' }, to: { node: 'scale', port: 'in' } },
    { from: { node: 'scale', port: 'out' }, to: { node: 'sim', port: 'in' } },
    { from: { node: 'sim', port: 'out' }, to: { node: 'plot', port: 'in' } },
    { from: { node: 'sim', port: 'out' }, to: { node: 'plot2', port: 'in' } },
  ],
};

const read = async () => '';

describe('GraphEvaluator', () => {
  it('computes each block once per change however many readers; recomputes only downstream of a change', async () => {
    const d = defs();
    const ev = new GraphEvaluator(GRAPH, { blockDef: d.blockDef, readText: read });
    ev.start();
    await flush();
    expect(await ev.value('plot')).toEqual({ ok: true, values: { out: { title: 't', v: 6.5 } } });
    expect(d.calls).toEqual({ source: 1, abs: 1, scale: 1, sim: 1, plot: 2 });
    // A plot option: no simulation, no other plot.
    ev.setParam('plot', 'title', 'new');
    await flush();
    expect(d.calls).toEqual({ source: 1, abs: 1, scale: 1, sim: 1, plot: 3 });
    // A model parameter (like Ra): scale, sim and both plots; not source or abs.
    ev.setParam('scale', 'k', 3);
    await flush();
    expect(d.calls).toEqual({ source: 1, abs: 1, scale: 2, sim: 2, plot: 5 });
    expect(await ev.value('plot2')).toEqual({ ok: true, values: { out: { title: 'second', v: 9.5 } } });
    ev.dispose();
  });

  it('a value equal to the previous one stops propagation (same param, or an output that did not change)', async () => {
    const d = defs();
    const ev = new GraphEvaluator(GRAPH, { blockDef: d.blockDef, readText: read });
    ev.start();
    await flush();
    ev.setParam('src', 'x', 3); // same value
    await flush();
    expect(d.calls.source).toBe(1);
    ev.setParam('src', 'x', -3); // abs recomputes but gives 3 again: scale and below stay
    await flush();
    expect(d.calls).toEqual({ source: 2, abs: 2, scale: 1, sim: 1, plot: 2 });
    ev.dispose();
  });

  it('latest wins: a new input cancels the running computation, which really stops', async () => {
    const ticks = new Ticks();
    const d = defs(ticks);
    const ev = new GraphEvaluator(GRAPH, { blockDef: d.blockDef, readText: read });
    const statuses: NodeStatus[] = [];
    ev.status$('sim').subscribe((s) => statuses.push(s));
    ev.start();
    await flush();
    ticks.release(); // step 1 of the first run
    await flush();
    ticks.release(); // step 2
    await flush();
    expect(d.steps()).toBe(2);
    ev.setParam('scale', 'k', 10); // new input mid-run
    await flush();
    expect(ev.stats('sim')).toEqual({ computations: 2, cancelled: 1 });
    // Release until the second run finishes: the first one never takes another step.
    for (let k = 0; k < 6; k++) {
      ticks.release();
      await flush();
    }
    expect(d.steps()).toBe(2 + 5);
    expect(await ev.value('plot')).toEqual({ ok: true, values: { out: { title: 't', v: 30.5 } } });
    expect(statuses.some((s) => s.state === 'running' && s.progress === 0.4)).toBe(true);
    expect(statuses[statuses.length - 1].state).toBe('done');
    ev.dispose();
  });

  it('an error shows on the block that caused it; downstream blocks say which input is missing', async () => {
    const d = defs();
    const ev = new GraphEvaluator(GRAPH, { blockDef: d.blockDef, readText: read });
    ev.start();
    ev.setParam('scale', 'k', 2);
    ev.setParam('src', 'x', 6.5); // abs 6.5 → scale 13 → throws
    ev.setParam('src', 'x', 13);
    ev.setParam('scale', 'k', 1);
    await flush();
    const s = await new Promise<NodeStatus>((r) => ev.status$('scale').subscribe(r));
    expect(s).toEqual({ state: 'error', message: 'unlucky number' });
    expect(await ev.value('plot')).toEqual({ ok: false, message: 'input "in" is missing: block "scale" upstream failed', origin: 'scale' });
    expect(await ev.value('sim')).toEqual({ ok: false, message: 'input "in" is missing: block "scale" failed', origin: 'scale' });
    const w = await new Promise<NodeStatus>((r) => ev.status$('plot').subscribe(r));
    expect(w.state).toBe('waiting');
    // Fixing the input recovers.
    ev.setParam('src', 'x', 2);
    await flush();
    expect(await ev.value('plot')).toEqual({ ok: true, values: { out: { title: 't', v: 2.5 } } });
    ev.dispose();
  });

  it('an unconnected required input makes the block wait with a message; a bypassed block passes its input through', async () => {
    const d = defs();
    const g: EvalGraph = { nodes: [{ id: 'p', type: 'plot', params: {} }], connections: [] };
    const ev = new GraphEvaluator(g, { blockDef: d.blockDef, readText: read });
    expect(await ev.value('p')).toEqual({ ok: false, message: 'input "in" is not connected', origin: 'p' });
    const g2: EvalGraph = {
      nodes: [...GRAPH.nodes.slice(0, 3).map((n) => (n.id === 'abs' ? { ...n, bypass: true } : n))],
      connections: GRAPH.connections.slice(0, 2),
    };
    const ev2 = new GraphEvaluator(g2, { blockDef: d.blockDef, readText: read });
    ev2.setParam('src', 'x', -4);
    expect(await ev2.value('scale')).toEqual({ ok: true, values: { out: { v: -8 } } });
  });

  it('heavy blocks go to the heavy runner (the worker)', async () => {
    const d = defs();
    const ran: string[] = [];
    const ev = new GraphEvaluator(GRAPH, {
      blockDef: d.blockDef,
      readText: read,
      heavyRunner: async (def, inputs, params, ctx) => (ran.push(def.type), def.compute(inputs, params, ctx)),
    });
    expect((await ev.value('plot')).ok).toBe(true);
    expect(ran).toEqual(['sim']);
  });

  it('rejects cycles and unknown blocks', () => {
    const d = defs();
    expect(
      () =>
        new GraphEvaluator(
          {
            nodes: [
              { id: 'a', type: 'abs', params: {} },
              { id: 'b', type: 'abs', params: {} },
            ],
            connections: [
              { from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } },
              { from: { node: 'b', port: 'out' }, to: { node: 'a', port: 'in' } },
            ],
          },
          { blockDef: d.blockDef, readText: read },
        ),
    ).toThrow(/cycle through blocks a, b/);
    expect(() => new GraphEvaluator({ nodes: [{ id: 'x', type: 'nope', params: {} }], connections: [] }, { blockDef: d.blockDef, readText: read })).toThrow(/unknown block type "nope"/);
  });

  it('a parameter error is the block\'s output (its compute is not called); setting it back recovers', async () => {
    const d = defs();
    const ev = new GraphEvaluator(GRAPH, { blockDef: d.blockDef, readText: read });
    ev.start();
    await flush();
    expect(d.calls.scale).toBe(1);
    ev.setParam('scale', 'k', 'twelve');
    await flush();
    const out = await ev.value('scale');
    expect(out).toEqual({ ok: false, origin: 'scale', message: "block 'scale' (scale): parameter 'k' must be a number, got the text \"twelve\"" });
    expect(d.calls.scale).toBe(1);
    expect(await ev.value('plot')).toEqual({ ok: false, message: 'input "in" is missing: block "scale" upstream failed', origin: 'scale' });
    ev.setParam('scale', 'k', 3);
    await flush();
    expect(await ev.value('plot')).toEqual({ ok: true, values: { out: { title: 't', v: 9.5 } } });
    ev.dispose();
  });

  it('rewiring redefines only the affected blocks in place: upstream and unrelated blocks keep their results', async () => {
    const d = defs();
    const ev = new GraphEvaluator(GRAPH, { blockDef: d.blockDef, readText: read });
    ev.start();
    await flush();
    expect(d.calls).toEqual({ source: 1, abs: 1, scale: 1, sim: 1, plot: 2 });
    // A second source wired into abs instead of the first: abs and below recompute, src does not.
    const g2: EvalGraph = {
      nodes: [...GRAPH.nodes, { id: 'src2', type: 'source', params: { x: -5 } }],
      connections: GRAPH.connections.map((c) => (c.to.node === 'abs' ? { ...c, from: { node: 'src2', port: 'out' } } : c)),
    };
    ev.redefine(g2);
    await flush();
    expect(d.calls).toEqual({ source: 2, abs: 2, scale: 2, sim: 2, plot: 4 });
    expect(await ev.value('plot2')).toEqual({ ok: true, values: { out: { title: 'second', v: 10.5 } } });
    // Removing plot2 and adding an unconnected block recompute nothing else.
    const g3: EvalGraph = { nodes: [...g2.nodes.filter((n) => n.id !== 'plot2'), { id: 'p3', type: 'plot', params: {} }], connections: g2.connections.filter((c) => c.to.node !== 'plot2') };
    ev.redefine(g3);
    await flush();
    expect(d.calls).toEqual({ source: 2, abs: 2, scale: 2, sim: 2, plot: 4 });
    expect(ev.ids().sort()).toEqual(['abs', 'p3', 'plot', 'scale', 'sim', 'src', 'src2']);
    expect(await ev.value('p3')).toEqual({ ok: false, message: 'input "in" is not connected', origin: 'p3' });
    // Wiring p3 to sim: only p3 computes (sim's value is replayed).
    ev.redefine({ nodes: g3.nodes, connections: [...g3.connections, { from: { node: 'sim', port: 'out' }, to: { node: 'p3', port: 'in' } }] });
    await flush();
    expect(d.calls).toEqual({ source: 2, abs: 2, scale: 2, sim: 2, plot: 5 });
    expect(await ev.value('p3')).toEqual({ ok: true, values: { out: { title: 't', v: 10.5 } } });
    // A cycle is refused and changes nothing.
    expect(() => ev.redefine({ nodes: g3.nodes, connections: [...g3.connections, { from: { node: 'scale', port: 'out' }, to: { node: 'abs', port: 'in' } }, { from: { node: 'abs', port: 'out' }, to: { node: 'src', port: 'in' } }] })).toThrow(/cycle/);
    expect(ev.ids()).toHaveLength(7);
    ev.dispose();
  });

  it('a block may declare parameters computed from its inputs (paramsFrom): read by the same reader, errors in the same words', async () => {
    const d = defs();
    const seen: Params[] = [];
    // One gain per column named by the upstream value, each a number ≥ 0 with default 1.
    const columns: BlockDef = {
      type: 'columns',
      title: 'columns',
      category: 'model',
      description: '',
      inputs: { in: { type: 'selection', label: 'x' } },
      outputs: { out: { type: 'model', label: 'x' } },
      params: [{ name: 'scale', label: 'scale', help: '', kind: 'number', unit: '', default: 1 }],
      paramsFrom: (i: Inputs) => ((i.in as { v: number }).v > 0 ? ['a', 'b'] : ['a']).map((name) => ({ name, label: name, help: '', kind: 'number' as const, unit: 'mV', default: 1, min: 0 })),
      compute: (_i: Inputs, p: Params) => (seen.push(p), { out: { v: p } }),
    };
    const blockDef = (t: string) => (t === 'columns' ? columns : d.blockDef(t));
    const g: EvalGraph = {
      nodes: [
        { id: 'src', type: 'source', params: { x: 3 } },
        { id: 'c', type: 'columns', params: { a: { value: 0.002, unit: 'V' } } },
      ],
      connections: [{ from: { node: 'src', port: 'out' }, to: { node: 'c', port: 'in' } }],
    };
    const ev = new GraphEvaluator(g, { blockDef, readText: read });
    ev.start();
    await flush();
    expect(await ev.value('c')).toEqual({ ok: true, values: { out: { v: { scale: 1, a: 2, b: 1 } } } });
    expect(ev.paramSpecs('c').map((s) => s.name)).toEqual(['scale', 'a', 'b']);
    ev.setParam('c', 'b', -1);
    await flush();
    expect(await ev.value('c')).toEqual({ ok: false, origin: 'c', message: "block 'c' (columns): parameter 'b' must be at least 0 mV, got -1 mV" });
    expect(seen).toHaveLength(1);
    // The input decides which parameters exist: without 'b', its bad value is only an unknown name.
    ev.setParam('src', 'x', -3);
    await flush();
    expect(await ev.value('c')).toEqual({ ok: true, values: { out: { v: { scale: 1, a: 2 } } } });
    ev.dispose();
  });

  it('a waiting block whose parameters come from its file shows them (or the file\'s error) before its inputs arrive', async () => {
    const d = defs();
    const fromFile: BlockDef = {
      type: 'from-file',
      title: 'from file',
      category: 'model',
      description: '',
      inputs: { in: { type: 'selection', label: 'x' } },
      outputs: { out: { type: 'model', label: 'x' } },
      params: [{ name: 'file', label: 'file', help: '', kind: 'string', default: 'ok' }],
      paramsFrom: (_i: Inputs, p: Params) => {
        if (p.file !== 'ok') throw new CoreError('input', `${String(p.file)}:1:1: does not compile`);
        return [{ name: 'gbar', label: 'gbar', help: '', kind: 'number' as const, unit: 'S/cm²', default: 0.1 }];
      },
      compute: () => ({ out: {} }),
    };
    const blockDef = (t: string) => (t === 'from-file' ? fromFile : d.blockDef(t));
    const ev = new GraphEvaluator({ nodes: [{ id: 'f', type: 'from-file', params: {} }], connections: [] }, { blockDef, readText: read });
    const states: string[] = [];
    ev.status$('f').subscribe((s) => states.push(s.state));
    ev.start();
    await flush();
    expect(ev.paramSpecs('f').map((s) => s.name)).toEqual(['file', 'gbar']);
    expect(states.at(-1)).toBe('waiting');
    ev.setParam('f', 'file', 'broken.mod');
    await flush();
    expect(states.at(-1)).toBe('error');
    ev.dispose();
  });
});
