/**
 * The exported script as a user runs it: `python3 model.py` with no arguments writes into
 * `model_out/` next to the script (the same bytes as `--out DIR`), and `--plot-png` draws the
 * CSV files with matplotlib when it is installed and never fails the run when it is not.
 * Runs Debian's NEURON (/usr/bin/python3); skipped where it cannot be imported.
 */
import { describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseGraph } from '../dataflow/validate.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { exportNeuron } from './export.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const hasNeuron = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const hasMatplotlib = hasNeuron && spawnSync(PYTHON, ['-c', 'import matplotlib'], { stdio: 'ignore' }).status === 0;

/** The environment without a display (NEURON refuses an empty DISPLAY, so it is left out). */
function noDisplay(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

/** The example exported (data embedded) as `<dir>/<base>.py`; returns the folder. */
async function exported(example: string, base: string): Promise<string> {
  const { graph } = parseGraph(readFileSync(resolve(REPO, 'examples', `${example}.graph.json`), 'utf8'));
  const readText = async (ref: string) => readFileSync(resolve(REPO, 'examples', ref), 'utf8');
  const ex = await exportNeuron(graph!, { readText, baseName: base, graphName: `${example}.graph.json`, embed: true });
  const dir = mkdtempSync(resolve(tmpdir(), 'nw-script-run-'));
  writeFileSync(resolve(dir, `${base}.py`), ex.script);
  return dir;
}

describe.skipIf(!hasNeuron)(`the exported script run as is${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, () => {
  it('without --out it writes into <script name>_out/ next to the script, the same bytes as --out', async () => {
    const dir = await exported('compartment-tutorial', 'tutorial');
    // Started from another folder: the default is next to the script, not the working directory.
    const elsewhere = mkdtempSync(resolve(tmpdir(), 'nw-cwd-'));
    const r = await run(PYTHON, [resolve(dir, 'tutorial.py')], { cwd: elsewhere, maxBuffer: 1 << 24, timeout: 120_000 });
    expect(r.stderr).toContain(resolve(dir, 'tutorial_out'));
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(resolve(dir, 'tutorial_out')).sort()).toEqual(['run.csv']);
    const csv = readFileSync(resolve(dir, 'tutorial_out', 'run.csv'), 'utf8');
    const rows = csv.trim().split('\n');
    // tstop 1000 ms at dt 0.025 ms: 40,001 samples; t = 0 at v_init = -60 mV in every trace.
    expect(rows.length).toBe(1 + 40_001);
    expect(rows[1].split(',').map(Number).every((v, k) => (k === 0 ? v === 0 : v === -60))).toBe(true);
    // NEURON's t after 40,000 steps of 0.025 ms: 1000 within 2e-9 ms of rounding.
    expect(Math.abs(Number(rows[rows.length - 1].split(',')[0]) - 1000)).toBeLessThan(2e-9);
    await run(PYTHON, [resolve(dir, 'tutorial.py'), '--out', resolve(dir, 'given')], { maxBuffer: 1 << 24, timeout: 120_000 });
    expect(readFileSync(resolve(dir, 'given', 'run.csv'), 'utf8')).toBe(csv);
  }, 240_000);

  it('--plot-png without matplotlib: the CSV files, a message, exit status 0', async () => {
    const dir = await exported('point-network', 'net');
    // A matplotlib that cannot be imported, first on the path.
    const fake = resolve(dir, 'fake', 'matplotlib');
    mkdirSync(fake, { recursive: true });
    writeFileSync(resolve(fake, '__init__.py'), 'raise ImportError("no matplotlib here")\n');
    const r = await run(PYTHON, [resolve(dir, 'net.py'), '--plot-png'], { env: { ...process.env, PYTHONPATH: resolve(dir, 'fake') }, maxBuffer: 1 << 24, timeout: 120_000 });
    expect(r.stderr).toMatch(/plots: matplotlib is not available \(no matplotlib here\); the CSV files are written/);
    expect(readdirSync(resolve(dir, 'net_out'))).toEqual(['run.spikes.csv']);
    // The tutorial network: A fires 106 times, B 23, C 40 in 1000 ms (nodes/network-blocks.test.ts).
    const spikes = readFileSync(resolve(dir, 'net_out', 'run.spikes.csv'), 'utf8').trim().split('\n').slice(1);
    expect(['A', 'B', 'C'].map((n) => spikes.filter((l) => l.startsWith(`${n},`)).length)).toEqual([106, 23, 40]);
  }, 120_000);

  it.skipIf(!hasMatplotlib)(`--plot-png draws each CSV file into a PNG next to it, titled${hasMatplotlib ? '' : ' (skipped: no matplotlib; apt-get install python3-matplotlib)'}`, async () => {
    const dir = await exported('point-network', 'net');
    const r = await run(PYTHON, [resolve(dir, 'net.py'), '--plot-png', '--out', resolve(dir, 'o')], { env: noDisplay(), maxBuffer: 1 << 24, timeout: 120_000 });
    expect(r.stderr).toContain('plots: run.spikes.png');
    expect(readdirSync(resolve(dir, 'o')).sort()).toEqual(['run.spikes.csv', 'run.spikes.png']);
    const png = readFileSync(resolve(dir, 'o', 'run.spikes.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // 8 × 4.5 in at 100 dpi.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 450]);
  }, 120_000);
});
