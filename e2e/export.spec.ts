/**
 * "Export to NEURON" from the app: the downloaded script, run by Debian's NEURON, writes the
 * traces the app plots (the same model, built by NEURON itself).
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, series, setParam, settled } from './kit.ts';

const hasNeuron = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import neuron'], { stdio: 'ignore' });
    return existsSync('/usr/bin/python3');
  } catch {
    return false;
  }
})();

test(`the exported NEURON script reproduces the plotted traces${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, async ({ page }) => {
  test.skip(!hasNeuron, 'NEURON is not installed');
  await openApp(page);
  // A shorter run with the first synaptic round early, edited in the app before exporting.
  await setParam(page, 'run', 'tstop', 300);
  await setParam(page, 'syn_1', 'start', 50);
  await settled(page);
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-neuron').click()]);
  expect(d.suggestedFilename()).toMatch(/\.py$/);
  const dir = mkdtempSync(join(tmpdir(), 'nw-export-'));
  try {
    const script = join(dir, d.suggestedFilename());
    await d.saveAs(script);
    execFileSync('/usr/bin/python3', [script, '--out', join(dir, 'out')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    const lines = readFileSync(join(dir, 'out', 'run.csv'), 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    expect(header).toEqual(['t', 'dendrite_base', 'axon_tip', 'soma']);
    let maxDv = 0;
    for (const [col, label] of header.entries()) {
      if (col === 0) continue;
      const plotted = await series(page, 'traces', label);
      expect(lines.length - 1).toBe(plotted.length);
      for (let k = 0; k < plotted.length; k++) maxDv = Math.max(maxDv, Math.abs(Number(lines[k + 1].split(',')[col]) - plotted[k][1]));
    }
    // The axon fires in the first round (the edit took effect in NEURON too) …
    const axon = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(Math.max(...axon)).toBeGreaterThan(20);
    // … and NEURON's numbers are the app's.
    expect(maxDv).toBeLessThan(1e-6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
