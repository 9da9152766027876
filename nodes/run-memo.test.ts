/**
 * The user's loop, counted: changing a recorder label or a plot option runs no simulation;
 * changing Ra runs it again but does not reload or re-split the skeleton (the evaluator only
 * recomputes downstream of a change). Uses the compartment-tutorial example and real blocks.
 */
import { describe, expect, it } from 'vitest';
import { GraphEvaluator } from '../src/dataflow/evaluator.ts';
import { blockDef } from './index.ts';
import { compartmentTutorial } from '../tools/examples/build.ts';
import { simulations, engineReuse } from './run.ts';
import { compileModel } from '../src/core/cable/compile.ts';
import { toCableSpec } from './model-ops.ts';
import type { ModelValue } from './values.ts';
import type { TracesValue } from './values.ts';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

async function settle(ev: GraphEvaluator, id: string) {
  for (let k = 0; k < 200; k++) {
    await flush();
    const s = await new Promise<{ state: string }>((r) => ev.status$(id).subscribe(r).unsubscribe());
    if (s.state === 'done' || s.state === 'error') return;
  }
}

describe('the edit-run loop', () => {
  it('recorder labels and plot options cost no simulation; Ra re-runs the model only', async () => {
    const graph = compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0];
    const ev = new GraphEvaluator(graph, { blockDef, readText: async () => '' });
    ev.start();
    await settle(ev, 'traces');
    const out = await ev.value('run');
    expect(out.ok).toBe(true);
    const before = simulations.count;
    const loads = ev.stats('load').computations;
    const splits = ev.stats('split').computations;
    const runs = ev.stats('run').computations;

    // A plot option: the plot recomputes, the run block does not.
    ev.setParam('traces', 'title', 'Renamed');
    await settle(ev, 'traces');
    expect(ev.stats('run').computations).toBe(runs);

    // A recorder label: the model changes, the run block answers from its memo, no simulation.
    ev.setParam('rec_soma', 'label', 'cell body');
    await settle(ev, 'run');
    const relabelled = (await ev.value('run')) as { ok: true; values: { traces: TracesValue } };
    expect(Object.keys(relabelled.values.traces.traces)).toEqual(['dendrite_base', 'axon_tip', 'cell body']);
    expect(relabelled.values.traces.traces['cell body']).toEqual((out as { ok: true; values: { traces: TracesValue } }).values.traces.traces.soma);
    expect(simulations.count).toBe(before);

    // Ra: the run simulates again; load and split do not recompute.
    ev.setParam('props', 'Ra', 150);
    await settle(ev, 'run');
    expect(simulations.count).toBe(before + 1);
    expect(ev.stats('load').computations).toBe(loads);
    expect(ev.stats('split').computations).toBe(splits);
    ev.dispose();
  });

  it('a synapse or stimulus tweak reuses the compiled engine and gives exactly what a fresh compile gives', async () => {
    const graph = compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0];
    const ev = new GraphEvaluator(graph, { blockDef, readText: async () => '' });
    ev.start();
    await settle(ev, 'run');
    const rerun = async (id: string, name: string, value: number) => {
      const runs = ev.stats('run').computations;
      ev.setParam(id, name, value);
      for (let k = 0; k < 200 && ev.stats('run').computations === runs; k++) await flush();
      await settle(ev, 'run');
    };
    // A value no earlier test ran (the run memo would answer without an engine).
    await rerun('syn_1', 'gmax', 0.21);
    const reused0 = engineReuse.count;
    const first = (await ev.value('run')) as { ok: true; values: { traces: TracesValue } };
    // gmax of the first round of synapses: the same engine, new numbers.
    await rerun('syn_1', 'gmax', 0.37);
    expect(engineReuse.count).toBe(reused0 + 1);
    const tweaked = (await ev.value('run')) as { ok: true; values: { traces: TracesValue } };
    const model = (await ev.value(runInput(graph))) as { ok: true; values: { model: ModelValue } };
    const spec = toCableSpec(model.values.model);
    const fresh = compileModel(spec).run({ tstop: tweaked.values.traces.run.tstop, v_init: tweaked.values.traces.run.v_init, dt: tweaked.values.traces.run.dt, celsius: tweaked.values.traces.run.celsius });
    for (const label of Object.keys(fresh.traces)) expect(tweaked.values.traces.traces[label]).toEqual(fresh.traces[label]);
    // The tweak changed the run (the synapses are stronger), so the reused engine did take the new gmax.
    expect(tweaked.values.traces.traces.soma).not.toEqual(first.values.traces.traces.soma);
    // An edit that changes what is compiled (Ra) compiles afresh.
    await rerun('props', 'Ra', 151);
    expect(engineReuse.count).toBe(reused0 + 1);
    // A renamed recorder and a new gmax: the engine names traces by its labels, so it is not
    // reused for another label, and the traces carry the new one.
    ev.setParam('rec_soma', 'label', 'cell body');
    await rerun('syn_1', 'gmax', 0.41);
    expect(engineReuse.count).toBe(reused0 + 1);
    const renamed = (await ev.value('run')) as { ok: true; values: { traces: TracesValue } };
    expect(Object.keys(renamed.values.traces.traces)).toEqual(['dendrite_base', 'axon_tip', 'cell body']);
    expect(renamed.values.traces.traces['cell body'].length).toBe(first.values.traces.traces.soma.length);
    ev.dispose();
  });
});

/** The block wired into the run block's model input. */
function runInput(graph: { connections: Array<{ from: { node: string }; to: { node: string; port: string } }> }): string {
  return graph.connections.find((c) => c.to.node === 'run' && c.to.port === 'model')!.from.node;
}
