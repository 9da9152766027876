/**
 * Streamed results in the evaluator: a computation's partial values reach the blocks that
 * draw them (`streams`) as partial outputs, the others wait for the final value; partial
 * results are never remembered, never a block's `value`, and a newer input cancels the stream.
 */
import { describe, expect, it } from 'vitest';
import type { BlockDef, Inputs, Params } from '../../nodes/types.ts';
import { GraphEvaluator, type EvalGraph, type NodeOutput } from './evaluator.ts';

const gate = () => {
  let open: () => void = () => {};
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

function setup(streaming: boolean) {
  const gates = [gate(), gate(), gate()];
  const calls = { draw: 0, table: 0 };
  const seenByDraw: Array<{ n: number; partial: boolean }> = [];
  const num = { name: 'k', label: 'k', help: '', kind: 'number' as const, unit: '', default: 1 };
  const defs: BlockDef[] = [
    {
      type: 'sim',
      title: 'sim',
      category: 'run',
      description: '',
      heavy: true,
      inputs: {},
      outputs: { out: { type: 'traces', label: 'x' } },
      params: [num],
      async compute(_i: Inputs, p: Params, ctx) {
        const a = Float64Array.from({ length: 30 }, (_, i) => i * (p.k as number));
        for (let s = 1; s <= 2; s++) {
          ctx.progress(s / 3);
          ctx.partial?.({ out: { a: a.subarray(0, 10 * s), partial: { fraction: s / 3, t: 10 * s } } });
          await gates[s - 1].p;
          if (ctx.signal.aborted) throw new Error('aborted');
        }
        return { out: { a } };
      },
    },
    {
      type: 'draw',
      title: 'draw',
      category: 'plot',
      description: '',
      streams: true,
      inputs: { in: { type: 'traces', label: 'x' } },
      outputs: { out: { type: 'figure', label: 'x' } },
      params: [],
      compute(i: Inputs) {
        calls.draw++;
        const v = i.in as { a: Float64Array; partial?: unknown };
        seenByDraw.push({ n: v.a.length, partial: v.partial !== undefined });
        return { out: { n: v.a.length } };
      },
    },
    {
      type: 'table',
      title: 'table',
      category: 'plot',
      description: '',
      inputs: { in: { type: 'traces', label: 'x' } },
      outputs: { out: { type: 'table', label: 'x' } },
      params: [],
      compute(i: Inputs) {
        calls.table++;
        return { out: { n: (i.in as { a: Float64Array }).a.length } };
      },
    },
  ];
  const graph: EvalGraph = {
    nodes: [
      { id: 'sim', type: 'sim', params: {} },
      { id: 'draw', type: 'draw', params: {} },
      { id: 'table', type: 'table', params: {} },
    ],
    connections: [
      { from: { node: 'sim', port: 'out' }, to: { node: 'draw', port: 'in' } },
      { from: { node: 'sim', port: 'out' }, to: { node: 'table', port: 'in' } },
    ],
  };
  const ev = new GraphEvaluator(graph, { blockDef: (t) => defs.find((d) => d.type === t), readText: async () => '', streaming });
  return { ev, gates, calls, seenByDraw };
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

describe('streaming in the evaluator', () => {
  it('drawing blocks compute on each partial value, the others once on the final one', async () => {
    const { ev, gates, calls, seenByDraw } = setup(true);
    const drawn: NodeOutput[] = [];
    ev.output$('draw').subscribe((o) => drawn.push(o));
    ev.start();
    await flush();
    expect(seenByDraw).toEqual([{ n: 10, partial: true }]);
    expect(drawn.at(-1)).toMatchObject({ ok: true, partial: 1 / 3 });
    expect(ev.status$('draw')).toBeDefined();
    expect(calls.table).toBe(0);
    let tableStatus = '';
    ev.status$('table').subscribe((s) => (tableStatus = s.state));
    expect(tableStatus).toBe('running');
    gates[0].open();
    await flush();
    expect(seenByDraw.at(-1)).toEqual({ n: 20, partial: true });
    expect(calls.table).toBe(0);
    gates[1].open();
    await flush();
    await flush();
    expect(seenByDraw.at(-1)).toEqual({ n: 30, partial: false });
    expect(drawn.at(-1)).toEqual({ ok: true, values: { out: { n: 30 } } });
    expect(calls.table).toBe(1);
    expect(tableStatus).toBe('done');
    // `value` is the final result, never a partial one.
    const v = await ev.value('sim');
    expect(v.ok && (v.values.out as { a: Float64Array }).a.length).toBe(30);
    ev.dispose();
  });

  it('a newer input cancels the stream: no partial of the old computation arrives after it', async () => {
    const { ev, seenByDraw } = setup(true);
    ev.start();
    await flush();
    expect(seenByDraw).toEqual([{ n: 10, partial: true }]);
    ev.setParam('sim', 'k', 2);
    await flush();
    // The new computation's first partial (k = 2: a[9] = 18) — the old one was aborted at its gate.
    expect(seenByDraw.length).toBe(2);
    expect(ev.stats('sim')).toEqual({ computations: 2, cancelled: 1 });
    ev.dispose();
  });

  it('without streaming the computation is asked for nothing partial', async () => {
    const { ev, gates, seenByDraw } = setup(false);
    ev.start();
    await flush();
    expect(seenByDraw).toEqual([]);
    gates[0].open();
    gates[1].open();
    await flush();
    await flush();
    expect(seenByDraw).toEqual([{ n: 30, partial: false }]);
    ev.dispose();
  });
});
