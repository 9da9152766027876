/**
 * The fit block: Ra, cm and g_pas of the passive synthetic neuron, from a perturbed start, fitted
 * to the trace of a run at known values (the target CSV written from that run) recover each
 * known value within 1 %; bad targets and lines are refused with clear messages.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from './index.ts';
import { ComputeMemo, GraphEvaluator, type EvalGraph } from '../src/dataflow/evaluator.ts';
import { tracesCsv } from './csv.ts';
import { fitBlock, fitParams, targetCsv } from './fit.ts';
import type { TableValue, TracesValue } from './values.ts';

const TRUE = { Ra: 266.1, cm: 0.8, g: 1 / 20800 };

function passiveGraph(Ra: number, cm: number, g: number, fit?: Record<string, unknown>): EvalGraph {
  const nodes: EvalGraph['nodes'] = [
    { id: 'load', type: 'load-skeleton', params: { source: 'auto', units: 'µm' } },
    { id: 'model', type: 'compartment-model', params: { res: 20 } },
    { id: 'props', type: 'set-properties', params: { Ra, cm } },
    { id: 'pas', type: 'insert-mechanism', params: { mechanism: 'pas', g, e: -65 } },
    { id: 'soma_node', type: 'select', params: { mode: 'soma' } },
    { id: 'tip', type: 'select', params: { mode: 'farthest', farthestAmong: '' } },
    { id: 'iclamp', type: 'current-clamp', params: { start: 5, duration: 20, current: 0.05 } },
    { id: 'rec_soma', type: 'voltage-recorder', params: { label: 'soma' } },
    { id: 'rec_tip', type: 'voltage-recorder', params: { label: 'tip' } },
    { id: 'run', type: 'run', params: { tstop: 40, v_init: -65, dt: 0.025, celsius: 6.3 } },
  ];
  const c = (a: string, b: string) => ({ from: { node: a.split('.')[0], port: a.split('.')[1] }, to: { node: b.split('.')[0], port: b.split('.')[1] } });
  const connections = [
    c('load.neuron', 'model.neuron'),
    c('model.model', 'props.model'),
    c('props.model', 'pas.model'),
    c('load.neuron', 'soma_node.neuron'),
    c('load.neuron', 'tip.neuron'),
    c('pas.model', 'iclamp.model'),
    c('soma_node.selection', 'iclamp.where'),
    c('iclamp.model', 'rec_soma.model'),
    c('soma_node.selection', 'rec_soma.where'),
    c('rec_soma.model', 'rec_tip.model'),
    c('tip.selection', 'rec_tip.where'),
    c('rec_tip.model', 'run.model'),
  ];
  if (fit) {
    nodes.push({ id: 'fit', type: 'fit', params: fit });
    connections.push(c('run.traces', 'fit.traces'));
  }
  return { nodes, connections };
}

async function value(g: EvalGraph, id: string, files: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const ev = new GraphEvaluator(g, { blockDef, readText: async (ref) => files[ref] ?? Promise.reject(new Error('no such file')), memo: new ComputeMemo() });
  const o = await ev.value(id);
  ev.dispose();
  if (!o.ok) throw new Error(o.message);
  return o.values;
}

describe('fit block', () => {
  it('is in the catalogue', () => expect(blockDef('fit')).toBe(fitBlock));

  it('recovers Ra, cm and g_pas of the passive neuron from its own trace within 1 %', async () => {
    const truth = (await value(passiveGraph(TRUE.Ra, TRUE.cm, TRUE.g), 'run')).traces as TracesValue;
    const files = { 'target.csv': tracesCsv(truth) };
    const lines = ['props.Ra = 150 in [20, 2000] log', 'props.cm = 1.3 in [0.1, 10] log', 'pas.g = 2e-5 in [1e-6, 1e-3] log'].join('\n');
    const t0 = performance.now();
    const out = await value(passiveGraph(150, 1.3, 2e-5, { parameters: lines, targetFile: 'target.csv', maxEvaluations: 600, tolerance: 1e-10 }), 'fit', files);
    const fitted = out.fitted as TableValue;
    const x = fitted.columns.fitted as Float64Array;
    const rel = [x[0] / TRUE.Ra - 1, x[1] / TRUE.cm - 1, x[2] / TRUE.g - 1];
    const cost = out.cost as TableValue;
    console.log(`fit-recover: Ra ${x[0].toFixed(2)} (true ${TRUE.Ra}), cm ${x[1].toFixed(4)} (${TRUE.cm}), g_pas ${x[2].toExponential(4)} (${TRUE.g.toExponential(4)}); relative errors ${rel.map((r) => r.toExponential(1)).join(', ')}; ${fitted.title}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const r of rel) expect(Math.abs(r)).toBeLessThan(0.01);
    // The cost never rises from one iteration to the next (the best point so far).
    const rms = Array.from(cost.columns.rms as Float64Array);
    for (let k = 1; k < rms.length; k++) expect(rms[k]).toBeLessThanOrEqual(rms[k - 1]);
    // The best traces come with the target's, for the overlay.
    expect(Object.keys((out.traces as TracesValue).traces)).toEqual(['soma', 'tip', 'target: soma', 'target: tip']);
  }, 120_000);

  it('refuses bad lines and targets, saying what is wrong', async () => {
    expect(() => fitParams('')).toThrow(/nothing to fit/);
    expect(() => fitParams('props.Ra = 100')).toThrow(/line 1: expected "block.parameter = start in \[low, high\]"/);
    expect(() => fitParams('props.Ra = 5 in [10, 100]')).toThrow(/start 5 is outside \[10, 100\]/);
    expect(() => fitParams('props.Ra = 5 in [0, 100] log')).toThrow(/log scale needs positive bounds/);
    expect(() => targetCsv('time,soma\n0,1\n1,2\n', '"x.csv"')).toThrow(/no time column "t" \(ms\); its columns: time, soma/);
    expect(() => targetCsv('t,soma\n0,1\n1,two\n', '"x.csv"')).toThrow(/row 3, column "soma": "two" is not a number/);
    expect(() => targetCsv('t,soma\n0,1\n0,2\n', '"x.csv"')).toThrow(/times must increase/);
    const g = passiveGraph(TRUE.Ra, TRUE.cm, TRUE.g, { parameters: 'props.Ra = 100 in [10, 1000] log', targetFile: 'other.csv', maxEvaluations: 10 });
    await expect(value(g, 'fit', { 'other.csv': 't,axon\n0,1\n10,2\n' })).rejects.toThrow(/no trace label in common .*target: axon; run: soma, tip/);
    await expect(value(passiveGraph(TRUE.Ra, TRUE.cm, TRUE.g, { parameters: 'props.Ra = 100 in [10, 1000] log', maxEvaluations: 10 }), 'fit')).rejects.toThrow(/no target/);
    await expect(value(passiveGraph(TRUE.Ra, TRUE.cm, TRUE.g, { parameters: 'props.Rx = 100 in [10, 1000] log', targetFile: 'other.csv', maxEvaluations: 10 }), 'fit', { 'other.csv': 't,soma\n0,1\n10,2\n' })).rejects.toThrow(/has no parameter "Rx"/);
  });
});
