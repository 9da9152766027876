/**
 * fit-recover (issue 17): Ra, cm and g_pas of the passive synthetic neuron fitted to the trace of
 * a run at known values (266.1 Ω·cm, 0.8 µF/cm², 1/20800 S/cm²) from a perturbed start (150,
 * 1.3, 2e-5), by the fit block with its runs on the pool of worker threads (one per core) and
 * with one worker, side by side. Prints the recovered values, relative errors, runs and times,
 * and `{"bench":"fit-recover",…}`.
 */
import { availableParallelism } from 'node:os';
import { blockDef } from '../nodes/index.ts';
import { tracesCsv } from '../nodes/csv.ts';
import type { TableValue, TracesValue } from '../nodes/values.ts';
import { ComputeMemo, GraphEvaluator, type EvalGraph, type Runner } from '../src/dataflow/evaluator.ts';
import { nodeWorkerRunner } from '../src/worker/node-runner.ts';
import { workerPool } from '../src/worker/pool.ts';

const TRUE = { Ra: 266.1, cm: 0.8, g: 1 / 20800 };

function graph(Ra: number, cm: number, g: number, fit?: Record<string, unknown>): EvalGraph {
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
    c('load.neuron', 'model.neuron'), c('model.model', 'props.model'), c('props.model', 'pas.model'), c('load.neuron', 'soma_node.neuron'), c('load.neuron', 'tip.neuron'),
    c('pas.model', 'iclamp.model'), c('soma_node.selection', 'iclamp.where'), c('iclamp.model', 'rec_soma.model'), c('soma_node.selection', 'rec_soma.where'),
    c('rec_soma.model', 'rec_tip.model'), c('tip.selection', 'rec_tip.where'), c('rec_tip.model', 'run.model'),
  ];
  if (fit) {
    nodes.push({ id: 'fit', type: 'fit', params: fit });
    connections.push(c('run.traces', 'fit.traces'));
  }
  return { nodes, connections };
}

async function value(g: EvalGraph, id: string, files: Record<string, string>, sweepRunner?: Runner): Promise<Record<string, unknown>> {
  const ev = new GraphEvaluator(g, { blockDef, readText: async (ref) => files[ref] ?? '', memo: new ComputeMemo(), sweepRunner });
  const o = await ev.value(id);
  ev.dispose();
  if (!o.ok) throw new Error(o.message);
  return o.values;
}

async function main(): Promise<void> {
  const truth = (await value(graph(TRUE.Ra, TRUE.cm, TRUE.g), 'run', {})).traces as TracesValue;
  const files = { 'target.csv': tracesCsv(truth) };
  const lines = ['props.Ra = 150 in [20, 2000] log', 'props.cm = 1.3 in [0.1, 10] log', 'pas.g = 2e-5 in [1e-6, 1e-3] log'].join('\n');
  const fitGraph = graph(150, 1.3, 2e-5, { parameters: lines, targetFile: 'target.csv', maxEvaluations: 600, tolerance: 1e-10 });
  const rows: Array<{ workers: number; ms: number; runs: number; x: Float64Array }> = [];
  for (const workers of [1, availableParallelism()]) {
    const pool = workerPool(nodeWorkerRunner, workers);
    try {
      const t0 = performance.now();
      const out = await value(fitGraph, 'fit', files, pool);
      const ms = performance.now() - t0;
      const fitted = out.fitted as TableValue;
      const runs = Number(/in (\d+) runs/.exec(fitted.title)?.[1] ?? NaN);
      rows.push({ workers, ms, runs, x: fitted.columns.fitted as Float64Array });
    } finally {
      pool.close();
    }
  }
  const last = rows[rows.length - 1];
  const rel = [last.x[0] / TRUE.Ra - 1, last.x[1] / TRUE.cm - 1, last.x[2] / TRUE.g - 1];
  console.log('\nfit-recover: Ra, cm, g_pas of the passive synthetic neuron from (150, 1.3, 2e-5) to its own 40 ms trace (Nelder–Mead, RMS of soma and tip)');
  console.log(`  recovered Ra ${last.x[0].toFixed(3)} (true ${TRUE.Ra}), cm ${last.x[1].toFixed(5)} (${TRUE.cm}), g_pas ${last.x[2].toExponential(5)} (${TRUE.g.toExponential(5)}): relative errors ${rel.map((r) => r.toExponential(1)).join(', ')} (target < 1e-2)`);
  for (const r of rows) console.log(`  ${r.workers} worker${r.workers === 1 ? '' : 's'}: ${r.runs} runs in ${(r.ms / 1000).toFixed(2)} s`);
  const speedup = rows.length > 1 ? rows[0].ms / last.ms : 1;
  console.log(JSON.stringify({ bench: 'fit-recover', runs: last.runs, serial_ms: +rows[0].ms.toFixed(0), parallel_ms: +last.ms.toFixed(0), workers: last.workers, speedup: +speedup.toFixed(3), max_rel_error: +Math.max(...rel.map(Math.abs)).toExponential(2) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
