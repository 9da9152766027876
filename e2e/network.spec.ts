/** The point-network example in the browser: its raster shows NEURON's spikes. */
import { expect, test } from '@playwright/test';
import { readGolden } from '../tools/neuron/compare.ts';
import { figureData, nw, openApp, screenshot } from './kit.ts';

test('the network example shows its raster with NEURON’s spike times and the stimulus periods', async ({ page }) => {
  await openApp(page, 'point-network');
  await expect(page.getByTestId('plot-raster')).toBeVisible();
  const names = await nw(page, (h) => (h.output('run')!.spikes as { names: string[] }).names);
  const plotted = (await figureData(page, 'raster')).find((s) => s.name === 'spikes')!;
  const byRow: Record<string, number[]> = {};
  for (const [t, row] of plotted.data) (byRow[names[row]] ??= []).push(t);
  const ref = readGolden('tutorial-network').spikes!;
  for (const n of ['A', 'B', 'C']) {
    const ours = byRow[n].sort((a, b) => a - b);
    expect(ours.length).toBe(ref[n].length);
    for (let k = 0; k < ours.length; k++) expect(Math.abs(ours[k] - ref[n][k])).toBeLessThan(1e-9);
  }
  await expect(page.getByTestId('plot-rates')).toBeVisible();
  await expect(page.getByTestId('table-counts')).toContainText('A');
  await screenshot(page, 'network-raster');
});
