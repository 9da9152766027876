/**
 * fit-recover (issue 17): the fit example (examples/fit-passive.graph.json): Ra, cm and g_pas of
 * the passive synthetic neuron fitted to the voltages of a copy at known values (266.1 Ω·cm,
 * 0.8 µF/cm², 1/20800 S/cm²) from a perturbed start (150, 1.3, 2e-5), by the fit block with its
 * runs on the pool of worker threads (one per core) and with one worker, side by side. Prints the recovered values, relative errors, runs and times,
 * and `{"bench":"fit-recover",…}`.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { REPO } from '../tools/neuron/case.ts';
import { blockDef } from '../nodes/index.ts';
import type { TableValue } from '../nodes/values.ts';
import { ComputeMemo, GraphEvaluator, type EvalGraph, type Runner } from '../src/dataflow/evaluator.ts';
import { nodeWorkerRunner } from '../src/worker/node-runner.ts';
import { workerPool } from '../src/worker/pool.ts';

const TRUE = { Ra: 266.1, cm: 0.8, g: 1 / 20800 };

/** The fit example (tools/examples/build.ts fitPassive): the target cell wired in, the fitted cell from (150, 1.3, 2e-5). */
function exampleGraph(): EvalGraph {
  return JSON.parse(readFileSync(resolve(REPO, 'examples/fit-passive.graph.json'), 'utf8')) as EvalGraph;
}

async function value(g: EvalGraph, id: string, files: Record<string, string>, sweepRunner?: Runner): Promise<Record<string, unknown>> {
  const ev = new GraphEvaluator(g, { blockDef, readText: async (ref) => files[ref] ?? '', memo: new ComputeMemo(), sweepRunner });
  const o = await ev.value(id);
  ev.dispose();
  if (!o.ok) throw new Error(o.message);
  return o.values;
}

async function main(): Promise<void> {
  const fitGraph = exampleGraph();
  const files: Record<string, string> = {};
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
