/**
 * The tutorial's real neuron ships with the app: picking "Tutorial on the DA1 neuron" in the
 * toolbar opens the graph with the hemibrain files embedded (no ../shared/data, no drop), the
 * 1000 ms run completes (~2 s in Chromium) and the plot draws NEURON's traces (tools/neuron goldens).
 */
import { expect, test } from '@playwright/test';
import { readGolden } from '../tools/neuron/compare.ts';
import { figureData, graph, openApp, settled, status } from './kit.ts';

test('the DA1 tutorial from the example picker runs on its embedded neuron and plots NEURON’s traces', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  const picker = page.getByTestId('example-picker');
  await expect(picker.locator('option[value="tutorial-da1"]')).toHaveText('Tutorial on the DA1 neuron (hemibrain)');
  const t0 = Date.now();
  await picker.selectOption('tutorial-da1');
  await expect.poll(async () => (await graph(page)).nodes.find((n) => n.id === 'load')?.params.units).toBe('8 nm voxels');
  await settled(page);
  const ms = Date.now() - t0;
  expect(await status(page, 'load')).toMatchObject({ state: 'done' });
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });

  const plotted = await figureData(page, 'traces');
  expect(plotted.map((s) => s.name)).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  const ref = readGolden('tutorial-da1');
  // Compared by time (t accumulates dt as in NEURON: ~1e-9 ms off the grid at 1000 ms), so that a
  // plot drawing fewer points than it was given (decimated per pixel column, values kept exactly)
  // still has every drawn point on the golden's grid checked.
  const step = (ref.t[1] - ref.t[0]) / ref.every;
  let maxDv = 0;
  let compared = 0;
  for (const s of plotted) {
    const want = ref.traces[s.name] as number[];
    expect(s.data.at(-1)![0]).toBeCloseTo(1000, 6);
    let here = 0;
    for (const [t, v] of s.data) {
      const k = Math.round(t / step);
      if (k % ref.every !== 0 || Math.abs(t - k * step) > 1e-6) continue;
      maxDv = Math.max(maxDv, Math.abs(v - want[k / ref.every]));
      here++;
    }
    expect(here, `${s.name}: points on the golden's grid`).toBeGreaterThan(100);
    compared += here;
  }
  console.log(`tutorial-da1 in the app: pick → settled ${ms} ms; ${compared} points vs NEURON, max |ΔV| ${maxDv.toExponential(2)} mV`);
  expect(maxDv).toBeLessThan(1e-6);
  expect(errors).toEqual([]);
});
