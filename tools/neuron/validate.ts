/**
 * `npm run validate:neuron`: build every validation case with NEURON (run_case.py) and with
 * NeuroWire's core, and print per case the largest voltage difference and the largest
 * spike-time difference. `--write-goldens` also stores NEURON's output in goldens/.
 * Without NEURON installed it compares against the stored goldens instead.
 * Exit status 1 if any case is outside tolerance (spikes within 0.1 ms, |ΔV| ≤ 0.5 mV).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildCase, runCase, REPO, type CaseFile } from './case.ts';
import { writeCases } from './cases.ts';
import { compareNetwork, compareToReference, readGolden, writeGolden, type NeuronOutput, type Comparison } from './compare.ts';
import { runNetworkCase } from './network-case.ts';

export const PY = process.env.NEUROWIRE_PYTHON ?? '/usr/bin/python3';
const OUT = resolve(REPO, '.validate');

export function neuronAvailable(): boolean {
  const r = spawnSync(PY, ['-c', 'import neuron'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Run a case file in NEURON; returns its output. */
export function runNeuron(casePath: string, extra: string[] = []): NeuronOutput {
  mkdirSync(OUT, { recursive: true });
  const name = casePath.replace(/^.*\//, '').replace(/\.json$/, '');
  const out = resolve(OUT, `${name}.neuron.json`);
  execFileSync(PY, [resolve(REPO, 'tools/neuron/run_case.py'), casePath, '-o', out, ...extra], { stdio: ['ignore', 'inherit', 'pipe'] });
  return JSON.parse(readFileSync(out, 'utf8')) as NeuronOutput;
}

function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? '0' : x.toExponential(digits);
}

function main(): void {
  const write = process.argv.includes('--write-goldens');
  const only = process.argv.filter((a) => !a.startsWith('--')).slice(2);
  const live = neuronAvailable();
  if (!live && write) throw new Error('--write-goldens needs NEURON (apt-get install -y python3-neuron)');
  console.log(live ? 'NEURON found: comparing live NEURON runs with NeuroWire' : 'NEURON not installed: comparing with the stored golden traces');
  const cases = writeCases().filter((c) => only.length === 0 || only.includes(c.file.name));
  const rows: Array<{ name: string; c: Comparison; sections: number; segments: number; tsMs: number; nrnMs: number | null }> = [];
  let failed = 0;
  for (const { path, file } of cases) {
    let ref: NeuronOutput;
    if (live) {
      ref = runNeuron(path);
      if (write) writeGolden(file.name, ref);
    } else {
      ref = readGolden(file.name);
    }
    if ('kind' in file && file.kind === 'network') {
      const res = runNetworkCase(file);
      const c = compareNetwork(res.spikes, ref);
      rows.push({ name: file.name, c, sections: 0, segments: 0, tsMs: res.wallMs, nrnMs: live ? ref.meta.runtime_ms : null });
      if (!c.pass) failed++;
      continue;
    }
    const built = buildCase(file as CaseFile, dirname(path));
    const res = runCase(file as CaseFile, built);
    const c = compareToReference(res, ref);
    rows.push({ name: file.name, c, sections: built.sections, segments: built.segments, tsMs: res.wallMs, nrnMs: live ? ref.meta.runtime_ms : null });
    if (!c.pass) failed++;
    for (const w of built.warnings) console.log(`  warning (${file.name}): ${w}`);
  }
  console.log('');
  console.log('case                              sections segments  samples  max|dV| (mV)  spikes  max|dt| (ms)  NeuroWire ms  NEURON ms  result');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)}${String(r.sections).padStart(8)}${String(r.segments).padStart(9)}${String(r.c.samples).padStart(9)}` +
        `${fmt(r.c.maxDv).padStart(14)}${String(r.c.spikes).padStart(8)}${(r.c.spikes ? fmt(r.c.maxSpikeDt) : '-').padStart(14)}` +
        `${r.tsMs.toFixed(0).padStart(14)}${(r.nrnMs === null ? '-' : r.nrnMs.toFixed(0)).padStart(11)}  ${r.c.pass ? 'ok' : 'FAIL: ' + r.c.why}`,
    );
  }
  for (const r of rows) {
    console.log(JSON.stringify({ validate: r.name, max_dv_mv: r.c.maxDv, spikes: r.c.spikes, max_spike_dt_ms: r.c.spikes ? r.c.maxSpikeDt : null, sections: r.sections, segments: r.segments, pass: r.c.pass }));
  }
  console.log(`\n${rows.length - failed} of ${rows.length} cases within tolerance (spike times ≤ 0.1 ms, |ΔV| ≤ 0.5 mV)`);
  if (failed) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
