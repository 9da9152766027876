/**
 * Every example graph runs through the CLI (`neurowire run`, as a user would) and its outputs
 * match NEURON 8.2's references: the goldens of the validation cases that build the same
 * models (tools/neuron/cases.ts builds them from src/scenarios/tutorial.ts, the examples from
 * blocks). tutorial-da1 carries its neuron's files (examples/data/da1); the --set variants on the
 * DA1 and connectome data need ../shared/data.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { EXAMPLES, EXAMPLES_DIR, exampleText, generatedConnectome } from './build.ts';
import { readGolden } from '../neuron/compare.ts';
import { REPO, SHARED } from '../neuron/case.ts';

const hasData = existsSync(resolve(SHARED, 'hemibrain-da1-pns/swc/1734350788.swc'));

function cli(example: string, sets: string[] = []): { dir: string; summary: { startup_ms: number; total_ms: number; blocks: Record<string, { ok: boolean; files?: string[] }> } } {
  const dir = mkdtempSync(resolve(tmpdir(), `nw-${example}-`));
  execFileSync(process.execPath, [resolve(REPO, 'bin/neurowire.mjs'), 'run', resolve(EXAMPLES_DIR, `${example}.graph.json`), '--out', dir, ...sets.flatMap((s) => ['--set', s])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { dir, summary: JSON.parse(readFileSync(resolve(dir, 'summary.json'), 'utf8')) };
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Largest |ΔV| between a CLI traces CSV and a golden (which keeps every `every`-th sample). */
function maxDv(csv: string, golden: string): number {
  const { header, rows } = readCsv(csv);
  const ref = readGolden(golden);
  let m = 0;
  for (const [label, trace] of Object.entries(ref.traces)) {
    const col = header.indexOf(label);
    expect(col).toBeGreaterThan(0);
    for (let k = 0; k < trace.length; k++) m = Math.max(m, Math.abs(Number(rows[k * ref.every][col]) - (trace[k] as number)));
  }
  expect(rows.length).toBe((ref.t.length - 1) * ref.every + 1);
  return m;
}

function spikes(csv: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [label, t] of readCsv(csv).rows) (out[label] ??= []).push(Number(t));
  return out;
}

describe('example graphs', () => {
  it('are what tools/examples/build.ts generates (npm run examples)', () => {
    for (const name of Object.keys(EXAMPLES)) expect(readFileSync(resolve(EXAMPLES_DIR, `${name}.graph.json`), 'utf8')).toBe(exampleText(name));
  });

  it('fi-curve: each point of the sweep is the run at that current; no firing at 0 nA, tonic firing at 0.1 nA', () => {
    const { dir, summary } = cli('fi-curve');
    expect(Object.values(summary.blocks).every((b) => b.ok)).toBe(true);
    const m = readCsv(resolve(dir, 'metrics.csv'));
    const col = (name: string) => m.rows.map((r) => Number(r[m.header.indexOf(name)]));
    expect(col('iclamp.current')).toEqual(Array.from({ length: 11 }, (_, k) => (k === 10 ? 0.1 : k * 0.01)));
    const rate = col('rate_Hz');
    expect(rate[0]).toBe(0);
    expect(rate[10]).toBeGreaterThan(50);
    const sweep = readCsv(resolve(dir, 'sweep.csv'));
    for (const amp of ['0.05', '0.1']) {
      const alone = readCsv(resolve(cli('fi-curve', [`iclamp.current=${amp}`]).dir, 'run.csv'));
      const a = sweep.header.indexOf(`soma [iclamp.current=${amp}]`);
      const b = alone.header.indexOf('soma');
      expect(a).toBeGreaterThan(0);
      expect(sweep.rows.map((r) => r[a])).toEqual(alone.rows.map((r) => r[b]));
    }
  });

  it('fit-passive: the fit recovers Ra, cm and g_pas of the target cell within 1 %', () => {
    const { summary } = cli('fit-passive');
    const best = (summary.blocks.fit as unknown as { best: Record<string, number> }).best;
    expect(Math.abs(best['props.Ra'] / 266.1 - 1)).toBeLessThan(0.01);
    expect(Math.abs(best['props.cm'] / 0.8 - 1)).toBeLessThan(0.01);
    expect(Math.abs(best['pas.g'] * 20800 - 1)).toBeLessThan(0.01);
  });

  it('active-dendrites: six .mod mechanisms; the action potential reaches the dendrite tip after its base, and Ca enters there', () => {
    const { dir, summary } = cli('active-dendrites');
    expect(Object.values(summary.blocks).every((b) => b.ok)).toBe(true);
    const { header, rows } = readCsv(resolve(dir, 'run.csv'));
    const col = (name: string) => rows.map((r) => Number(r[header.indexOf(name)]));
    const t = col('t');
    const peak = (name: string) => {
      const v = col(name);
      const i = v.indexOf(Math.max(...v));
      return { v: v[i], t: t[i] };
    };
    const soma = peak('soma');
    const base = peak('dendrite_base');
    const tip = peak('dendrite_tip');
    console.log(`active-dendrites: peaks soma ${soma.v.toFixed(1)} mV at ${soma.t} ms, dendrite base ${base.v.toFixed(1)} at ${base.t}, tip ${tip.v.toFixed(1)} at ${tip.t}, axon tip ${peak('axon_tip').v.toFixed(1)}; cai ${col('dendrite_tip.cai')[0]} → ${Math.max(...col('dendrite_tip.cai'))} mM`);
    expect(soma.v).toBeGreaterThan(20);
    expect(tip.v).toBeGreaterThan(0);
    expect(base.t).toBeGreaterThan(soma.t);
    expect(tip.t).toBeGreaterThan(base.t);
    expect(peak('axon_tip').v).toBeGreaterThan(0);
    const cai = col('dendrite_tip.cai');
    expect(Math.max(...cai)).toBeGreaterThan(5 * cai[0]);
    // Ih's density at the tip: 0.0002·exp(d/323) at its path distance (> 0.0002 µm away from the root).
    expect(col('dendrite_tip.gbar_ih')[0]).toBeGreaterThan(0.0002);
  });

  it('active-dendrites: --set reaches a .mod PARAMETER by its NMODL name, with an expression; a name the file does not declare is refused', () => {
    const { dir } = cli('active-dendrites', ['ih.gbar=0.0002*exp(d/50)', 'kdr.gbar=0.05 S/cm2']);
    const { header, rows } = readCsv(resolve(dir, 'run.csv'));
    const g = Number(rows[0][header.indexOf('dendrite_tip.gbar_ih')]);
    const d = 323 * Math.log(Number(readCsv(resolve(cli('active-dendrites').dir, 'run.csv')).rows[0][header.indexOf('dendrite_tip.gbar_ih')]) / 0.0002);
    expect(g).toBeCloseTo(0.0002 * Math.exp(d / 50), 12);
    let err = '';
    try {
      cli('active-dendrites', ['na.nosuch=1']);
    } catch (e) {
      err = String((e as { stderr?: Buffer }).stderr ?? e);
      expect((e as { status?: number }).status).toBe(2);
    }
    expect(err).toMatch(/--set na\.nosuch: block "na" \(insert-mechanism\) has no parameter "nosuch" \(it has mechanism, mod, gbar, /);
  });

  it("compartment-tutorial (synthetic neuron) gives NEURON's traces", () => {
    const { dir, summary } = cli('compartment-tutorial');
    expect(Object.values(summary.blocks).every((b) => b.ok)).toBe(true);
    expect(maxDv(resolve(dir, 'run.csv'), 'tutorial-synthetic')).toBeLessThan(1e-6);
    // The node table lists every node with its compartment.
    const labels = readCsv(resolve(dir, 'labels.csv'));
    expect(labels.header).toContain('compartment');
  });

  it("synaptic-input (noise from NEURON's default generator) gives NEURON's traces and spike times", () => {
    const { dir } = cli('synaptic-input');
    expect(maxDv(resolve(dir, 'run.csv'), 'synaptic-input-synthetic-noisy')).toBeLessThan(1e-6);
    const ref = readGolden('synaptic-input-synthetic-noisy').spikes!.axon_tip;
    const ours = spikes(resolve(dir, 'run.spikes.csv')).axon_tip;
    expect(ours.length).toBe(ref.length);
    for (let k = 0; k < ref.length; k++) expect(Math.abs(ours[k] - ref[k])).toBeLessThan(1e-9);
  });

  it('connectome-parquet: the embedded Parquet edge list (int64 ids) runs as the same edges written as a CSV file, spike for spike', () => {
    const c = generatedConnectome();
    const fromParquet = cli('connectome-parquet');
    const csvDir = mkdtempSync(resolve(tmpdir(), 'nw-cp-csv-'));
    const csv = resolve(csvDir, 'edges.csv');
    writeFileSync(csv, ['source,target,weight', ...c.source.map((s, k) => `${s},${c.target[k]},${c.count[k]}`)].join('\n') + '\n');
    const fromCsv = cli('connectome-parquet', [`edges.file=${csv}`]);
    const spikes = (dir: string) => readFileSync(resolve(dir, 'run.spikes.csv'), 'utf8');
    expect(fromParquet.summary.blocks.edges.ok && fromCsv.summary.blocks.edges.ok).toBe(true);
    expect(spikes(fromParquet.dir)).toBe(spikes(fromCsv.dir));
    // Every neuron under its 18-digit id, grouped by its cell type in the spike table.
    const counts = readCsv(resolve(fromParquet.dir, 'counts.csv'));
    expect(counts.rows.length).toBe(c.n);
    expect(counts.rows[0].slice(0, 2)).toEqual([String(c.ids[0]), 'ORN']);
    expect(new Set(counts.rows.map((r) => r[1]))).toEqual(new Set(['ORN', 'PN', 'LN', 'KC']));
    expect(counts.rows.reduce((a, r) => a + Number(r[2]), 0)).toBeGreaterThan(c.n);
  });

  it("point-network gives NEURON's spike times for A, B and C", () => {
    const { dir } = cli('point-network');
    const ref = readGolden('tutorial-network').spikes!;
    const ours = spikes(resolve(dir, 'run.spikes.csv'));
    for (const n of ['A', 'B', 'C']) {
      expect(ours[n].length).toBe(ref[n].length);
      for (let k = 0; k < ref[n].length; k++) expect(Math.abs(ours[n][k] - ref[n][k])).toBeLessThan(1e-9);
    }
    expect(existsSync(resolve(dir, 'raster.svg'))).toBe(true);
  });

  it("tutorial-da1 (the DA1 neuron's files embedded, no ../shared/data needed) gives NEURON's traces of the tutorial model", () => {
    const { dir, summary } = cli('tutorial-da1');
    expect(Object.values(summary.blocks).every((b) => b.ok)).toBe(true);
    const dv = maxDv(resolve(dir, 'run.csv'), 'tutorial-da1');
    console.log(`tutorial-da1 vs NEURON: max |ΔV| ${dv.toExponential(2)} mV`);
    expect(dv).toBeLessThan(1e-6);
    // The model is the real neuron's: 4465 nodes in the node table, not the synthetic neuron's.
    expect(readCsv(resolve(dir, 'labels.csv')).rows.length).toBe(4465);
  });

  it.skipIf(!hasData)(`examples/data/da1 holds byte-identical copies of the shared DA1 files${hasData ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
    const d = resolve(SHARED, 'hemibrain-da1-pns');
    expect(readFileSync(resolve(EXAMPLES_DIR, 'data/da1/1734350788.swc')).equals(readFileSync(resolve(d, 'swc/1734350788.swc')))).toBe(true);
    expect(readFileSync(resolve(EXAMPLES_DIR, 'data/da1/1734350788.csv')).equals(readFileSync(resolve(d, 'synapses/1734350788.csv')))).toBe(true);
  });

  it.skipIf(!hasData)(`compartment-tutorial with --set on the DA1 neuron gives NEURON's traces of the tutorial model${hasData ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
    const d = resolve(SHARED, 'hemibrain-da1-pns');
    const { dir } = cli('compartment-tutorial', [`load.swc=${d}/swc/1734350788.swc`, `load.synapses=${d}/synapses/1734350788.csv`, 'load.units=8 nm voxels', 'soma.node=20']);
    expect(maxDv(resolve(dir, 'run.csv'), 'tutorial-da1')).toBeLessThan(1e-6);
  });

  it.skipIf(!hasData)(`connectome-network runs the larva connectome from --set${hasData ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
    const { dir, summary } = cli('connectome-network', ['edges.source=file', `edges.file=${resolve(SHARED, 'larva-connectome-winding2023/edges.csv')}`]);
    expect(Object.values(summary.blocks).every((b) => b.ok)).toBe(true);
    const s = spikes(resolve(dir, 'run.spikes.csv'));
    expect(Object.keys(s).length).toBeGreaterThan(1000);
  });
});
