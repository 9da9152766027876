/**
 * A pin belongs to its graph: a run pinned on one graph is not drawn on another graph's plot
 * that happens to have the same block id ('traces' in both tutorials).
 */
import { expect, test } from '@playwright/test';
import { figureData, nw, openApp, settled } from './kit.ts';

test('a pinned run stays with its graph', async ({ page }) => {
  await openApp(page);
  await settled(page);
  await page.getByTestId('plot-traces-pin').click();
  await nw(page, (h) => h.setParam('syn_1', 'gmax', 0.07));
  await settled(page);
  await expect.poll(async () => (await figureData(page, 'traces')).map((s) => s.name)).toContain('soma (pinned)');
  await nw(page, (h) => h.openExample('synaptic-input'));
  await settled(page);
  await expect.poll(async () => (await figureData(page, 'traces')).length).toBeGreaterThan(0);
  expect((await figureData(page, 'traces')).map((s) => s.name).filter((n) => n.includes('(pinned)'))).toEqual([]);
  await expect(page.getByTestId('plot-traces-pin')).toHaveText('Pin');
});
