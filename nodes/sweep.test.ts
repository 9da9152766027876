/**
 * The sweep block on the tutorial (synthetic neuron, 300 ms): each point's traces equal, sample
 * for sample, a separate evaluation of the graph with that parameter value; unchanged upstream
 * blocks are not computed again; failing points are reported with their values and the others
 * kept; a parameter that does not exist is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from './index.ts';
import { compartmentTutorial } from '../tools/examples/build.ts';
import { ComputeMemo, GraphEvaluator, type EvalGraph, type Runner } from '../src/dataflow/evaluator.ts';
import { simulations } from './run.ts';
import { metricsBlock } from './trace-metrics.ts';
import type { TableValue, TracesValue } from './values.ts';

function graphWith(sweep: Record<string, unknown>, tstop = 300): EvalGraph {
  const g = compartmentTutorial() as unknown as EvalGraph;
  const nodes = g.nodes.map((n) => (n.id === 'run' ? { ...n, params: { ...n.params, tstop } } : n));
  return {
    nodes: [...nodes, { id: 'sweep', type: 'sweep', params: sweep }, { id: 'metrics', type: 'metrics', params: { threshold: 0 } }],
    connections: [...g.connections, { from: { node: 'run', port: 'traces' }, to: { node: 'sweep', port: 'traces' } }, { from: { node: 'sweep', port: 'traces' }, to: { node: 'metrics', port: 'traces' } }],
  };
}

async function valueOf(g: EvalGraph, id: string, memo?: ComputeMemo): Promise<Record<string, unknown>> {
  const ev = new GraphEvaluator(g, { blockDef, readText: async () => '', memo });
  const o = await ev.value(id);
  ev.dispose();
  if (!o.ok) throw new Error(o.message);
  return o.values;
}

describe('sweep block', () => {
  it('each point equals a separate run with that value; upstream results are shared', async () => {
    const values = [0.02, 0.05, 0.3];
    const g = graphWith({ parameters: `syn_1.gmax = ${values.join(', ')}`, mode: 'grid' });
    const memo = new ComputeMemo();
    // The graph's own run first (as the app has it), then the sweep: 3 more simulations, no more.
    await valueOf(g, 'run', memo);
    const before = simulations.count;
    const swept = (await valueOf(g, 'sweep', memo)).traces as TracesValue;
    expect(simulations.count - before).toBe(3);
    expect(swept.sweep!.names).toEqual(['syn_1.gmax']);
    expect(swept.sweep!.points).toEqual(values.map((v) => [v]));
    for (const [k, v] of values.entries()) {
      const alone = (await valueOf({ ...g, nodes: g.nodes.map((n) => (n.id === 'syn_1' ? { ...n, params: { ...n.params, gmax: v } } : n)) }, 'run')).traces as TracesValue;
      for (const label of Object.keys(alone.traces)) {
        const l = `${label} [syn_1.gmax=${v}]`;
        expect(swept.sweep!.of[l]).toEqual([k, label]);
        expect(Array.from(swept.traces[l])).toEqual(Array.from(alone.traces[label]));
      }
    }
    // Metrics: one row per point × trace, with the point's value as a column.
    const table = (await valueOf(g, 'metrics', memo)).table as TableValue;
    const labels = Object.keys(swept.traces);
    expect(Array.from(table.columns['syn_1.gmax'] as Float64Array)).toEqual(labels.map((l) => swept.sweep!.points[swept.sweep!.of[l][0]][0]));
    expect(Array.from(table.columns.point as Float64Array)).toEqual(labels.map((l) => swept.sweep!.of[l][0] + 1));
    expect(table.columns.trace).toEqual(Object.keys(swept.traces).map((l) => swept.sweep!.of[l][1]));
  });

  it('a point computes the changed block and what follows it, not the blocks before it (no memo needed)', async () => {
    const g = graphWith({ parameters: 'syn_1.gmax = 0.05, 0.1, 0.2', mode: 'grid' }, 20);
    const computed = new Map<string, number>();
    const counting = (type: string) => {
      const def = blockDef(type);
      return def && { ...def, compute: (...a: Parameters<typeof def.compute>) => (computed.set(type, (computed.get(type) ?? 0) + 1), def.compute(...a)) };
    };
    const ev = new GraphEvaluator(g, { blockDef: counting, readText: async () => '' });
    const o = await ev.value('sweep');
    ev.dispose();
    if (!o.ok) throw new Error(o.message);
    // The graph's own pass once; then per point syn_1 (swept) and what follows it: syn_2 … syn_4,
    // the recorders and the run. The skeleton, the model and every node selection: once.
    expect(computed.get('load-skeleton')).toBe(1);
    expect(computed.get('compartment-model')).toBe(1);
    expect(computed.get('select')).toBe(g.nodes.filter((n) => n.type === 'select').length);
    expect(computed.get('synaptic-current')).toBe(4 + 3 * 4);
    expect(computed.get('run')).toBe(1 + 3);
    expect(Object.keys((o.values.traces as TracesValue).traces).length).toBe(3 * Object.keys(((await valueOf(g, 'run')).traces as TracesValue).traces).length);
  });

  it('asked to (the CLI), its points run beside the run they vary, not after it', async () => {
    const g = graphWith({ parameters: 'syn_1.gmax = 0.05, 0.1', mode: 'grid' }, 20);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const here: Runner = async (def, inputs, params, ctx) => def.compute(inputs, params, ctx) as Record<string, unknown>;
    // The graph's own run waits at the gate; the points run on the sweep's runner.
    const held: Runner = async (def, inputs, params, ctx) => {
      if (def.type === 'run') await gate;
      return here(def, inputs, params, ctx);
    };
    const ev = new GraphEvaluator(g, { blockDef, readText: async () => '', heavyRunner: held, sweepRunner: here, startReevaluated: true });
    const base = ev.value('run');
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the sweep waited for the run')), 10_000));
    const swept = await Promise.race([ev.value('sweep'), late]);
    if (!swept.ok) throw new Error(swept.message);
    expect((swept.values.traces as TracesValue).sweep!.points).toEqual([[0.05], [0.1]]);
    let baseDone = false;
    void base.then(() => (baseDone = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(baseDone).toBe(false);
    open();
    expect((await base).ok).toBe(true);
    ev.dispose();
  });

  it('a grid over two parameters of two blocks', async () => {
    const g = graphWith({ parameters: 'syn_1.gmax = 0.05, 0.1\nrun.v_init = -65, -60', mode: 'grid' }, 50);
    const swept = (await valueOf(g, 'sweep')).traces as TracesValue;
    expect(swept.sweep!.points).toEqual([[0.05, -65], [0.05, -60], [0.1, -65], [0.1, -60]]);
    const soma = (v0: number) => swept.traces[`soma [syn_1.gmax=0.05, run.v_init=${v0}]`];
    expect(soma(-65)[0]).toBe(-65);
    expect(soma(-60)[0]).toBe(-60);
  });

  it('reports failing points with their values and keeps the others', async () => {
    // dt = 0 is refused by the run: that point fails, the other runs.
    const g = graphWith({ parameters: 'run.dt = 0.025, 0', mode: 'grid' }, 20);
    const swept = (await valueOf(g, 'sweep')).traces as TracesValue;
    expect(Object.keys(swept.traces).every((l) => l.endsWith('[run.dt=0.025]'))).toBe(true);
    expect(swept.warnings.some((w) => /^point 2 \(run\.dt = 0\) failed: .*dt/.test(w))).toBe(true);
  });

  it('refuses a parameter that does not exist, a block that is not upstream, and a bad range', async () => {
    await expect(valueOf(graphWith({ parameters: 'syn_1.gmaxx = 1, 2' }), 'sweep')).rejects.toThrow(/swept parameter "syn_1.gmaxx": block "syn_1" \(Synaptic current\) has no parameter "gmaxx"/);
    await expect(valueOf(graphWith({ parameters: 'nosuch.x = 1' }), 'sweep')).rejects.toThrow(/there is no block "nosuch"/);
    await expect(valueOf(graphWith({ parameters: 'metrics.threshold = 1' }), 'sweep')).rejects.toThrow(/block "metrics" is not upstream/);
    await expect(valueOf(graphWith({ parameters: 'syn_1.gmax = linspace(0, 1, 1000000)' }), 'sweep')).rejects.toThrow(/1000000 points is more than a sweep may have/);
  });

  it('the metrics block is in the catalogue next to it', () => expect(blockDef('metrics')).toBe(metricsBlock));
});
