/**
 * The graph-file fuzzer as a test: 1,000 seeded mutants of the example graphs through parse →
 * validate → resolve → evaluate, in child processes with a CPU-time and heap limit. None may crash,
 * hang or give a silent wrong result; the table of categories is printed, and a failure lists
 * every failing mutant (replay one with `npx tsx tools/security/fuzz.ts --seed 1 --only N`).
 */
import { describe, expect, it } from 'vitest';
import { baseGraphs } from './base-graphs.ts';
import { formatReport, fuzz, FAILURES } from './fuzzer.ts';
import { makeMutant } from './mutate.ts';
import { checkOutputs, checkParamValue } from './oracles.ts';
import { leaksInternals, runMutant } from './run-mutant.ts';
import { blockDef } from '../../nodes/index.ts';
import type { ModelValue, TracesValue } from '../../nodes/values.ts';

const COUNT = 1000;

describe('graph-file fuzzer', () => {
  it('builds the same mutant from the same seed and index, and different ones otherwise', () => {
    const bases = baseGraphs();
    expect(bases.map((b) => b.name)).toContain('compartment-tutorial+assets');
    const a = makeMutant(bases, 1, 17);
    expect(makeMutant(bases, 1, 17)).toEqual(a);
    expect(makeMutant(bases, 2, 17).text).not.toBe(a.text);
    expect(a.ops.length).toBeGreaterThan(0);
  });

  it('runs every base graph ok (the mutants start from graphs that work)', async () => {
    for (const b of baseGraphs()) {
      const o = await runMutant(JSON.stringify(b.doc));
      expect(`${b.name}: ${o.category} ${o.details.join('; ')}`).toBe(`${b.name}: ok `);
    }
  });

  it('oracles catch NaN in a trace, a recorder without its trace, a duplicate t column, NaN in a plotted CSV and a parameter out of range', () => {
    const run = blockDef('run')!;
    const model = { recorders: [{ label: 'soma', at: { node: 1 } }, { label: 'axon', at: { node: 2 } }], netCons: [] } as unknown as ModelValue;
    const traces = (tr: Record<string, Float64Array>): TracesValue =>
      ({ kind: 'traces', t: Float64Array.of(0, 1), traces: tr, units: {}, spikes: {}, run: { tstop: 1, dt: 1, v_init: 0, celsius: 6.3 }, sections: 1, segments: 1, wallMs: 0, warnings: [] }) as TracesValue;
    const params = { tstop: 1, v_init: -60, dt: 0.025, celsius: 6.3, recordEvery: 1 };
    expect(checkOutputs(run, { model }, params, { traces: traces({ soma: Float64Array.of(1, 2), axon: Float64Array.of(1, 2) }) })).toEqual([]);
    expect(checkOutputs(run, { model }, params, { traces: traces({ soma: Float64Array.of(1, NaN), axon: Float64Array.of(1, 2) }) }).join()).toMatch(/trace 'soma': non-finite value NaN at t = 1 ms/);
    expect(checkOutputs(run, { model }, params, { traces: traces({ soma: Float64Array.of(1, 2) }) }).join()).toMatch(/recorder 'axon' was in the model but has no trace/);
    const plot = blockDef('plot-traces')!;
    const figure = (csv: string) => ({ figure: { kind: 'figure', figure: 'traces', title: '', option: {}, csv } });
    expect(checkOutputs(plot, {}, { title: 'x', spikeRates: false }, figure('t,soma\n0,1\n'))).toEqual([]);
    expect(checkOutputs(plot, {}, { title: 'x', spikeRates: false }, figure('t,soma,t\n0,1,0\n')).join()).toMatch(/duplicate column\(s\) 't'/);
    expect(checkOutputs(plot, {}, { title: 'x', spikeRates: false }, figure('t,soma\n0,NaN\n')).join()).toMatch(/NaN in column 'soma'/);
    expect(checkParamValue(run.params.find((p) => p.name === 'dt')!, 0)).toMatch(/below its minimum 0/);
    expect(checkParamValue(run.params.find((p) => p.name === 'recordEvery')!, 1.5)).toMatch(/not a whole number/);
  });

  it('a message showing a value of the program (undefined, [object Object]) that the file did not hold is not a clear error', () => {
    expect(leaksInternals('connection run.spikes → counts.__proto__: spike times cannot go into an undefined input', '{"port":"__proto__"}')).toBe(true);
    expect(leaksInternals("block 'x': title is [object Object]", '{}')).toBe(true);
    expect(leaksInternals("block 'undefined': unknown block type 'x'", '{"id":"undefined"}')).toBe(false);
    expect(leaksInternals("block 'run' (run): parameter 'dt' must be above 0 ms, got -1 ms", '{}')).toBe(false);
  });

  it(
    `${COUNT} mutants: no crash, no hang, no silent wrong result`,
    async () => {
      // 15 s: the slowest legitimate mutant takes ~4 s in-process on a loaded 2-core machine.
      const report = await fuzz({ count: COUNT, seed: 1, timeLimitMs: 15_000, heapMb: 1024 });
      const text = formatReport(report);
      console.log(text);
      expect(report.results).toHaveLength(COUNT);
      // Every mutant is classified, and most are refused or run: the fuzzer reaches the blocks.
      expect(report.counts.ok + report.counts['clear error']).toBeGreaterThan(COUNT * 0.9);
      expect(report.counts.ok).toBeGreaterThan(COUNT * 0.1);
      const failures = report.results.filter((r) => FAILURES.includes(r.outcome.category)).map((r) => `#${r.index} ${r.outcome.category}: ${r.ops.join(' + ')}: ${r.outcome.details.join(' | ')}`);
      expect(failures, text).toEqual([]);
    },
    400_000,
  );
});
