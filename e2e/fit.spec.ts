/**
 * The fit example in the app: the fit recovers the target cell's Ra, cm and g_pas on the pool
 * of workers; "Apply fitted values" writes them into the fitted cell's blocks as one undo step.
 */
import { expect, test } from '@playwright/test';
import { graph, nw, openApp, screenshot, settled } from './kit.ts';

test('a fit recovers known parameters and applies them as one undo step', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, 'fit-passive');
  await settled(page);
  expect(await nw(page, (h) => h.status('fit').state)).toBe('done');
  const fitted = await nw(page, (h) => {
    const t = (h.output('fit') as { fitted: { columns: { parameter: string[]; fitted: Float64Array } } }).fitted;
    return t.columns.parameter.map((p, k) => [p, t.columns.fitted[k]] as [string, number]);
  });
  const truth: Record<string, number> = { 'props.Ra': 266.1, 'props.cm': 0.8, 'pas.g': 1 / 20800 };
  for (const [p, v] of fitted) expect(Math.abs(v / truth[p] - 1), p).toBeLessThan(0.01);
  await nw(page, (h) => h.select(['fit']));
  await screenshot(page, 'fit-passive');
  await page.getByTestId('apply-fit').click();
  const params = async () => {
    const g = await graph(page);
    const at = (id: string) => g.nodes.find((n) => n.id === id)!.params;
    return [at('props').Ra, at('props').cm, at('pas').g] as number[];
  };
  const applied = await params();
  expect(Math.abs(applied[0] / 266.1 - 1)).toBeLessThan(0.01);
  expect(Math.abs(applied[1] / 0.8 - 1)).toBeLessThan(0.01);
  expect(Math.abs(applied[2] * 20800 - 1)).toBeLessThan(0.01);
  // One undo step takes all three back.
  await nw(page, (h) => (h as unknown as { undo(): void }).undo());
  expect(await params()).toEqual([150, 1.3, 2e-5]);
});
