import { expect, test } from '@playwright/test';

type Traces = { t: Float64Array; traces: Record<string, Float64Array> };

test('the page opens on the tutorial example, already run, with its traces', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#status')).toContainText('done in', { timeout: 30_000 });
  const data = await page.evaluate(() => {
    const d = (window as unknown as { __neurowire: Traces }).__neurowire;
    return { n: d.t.length, last: d.t[d.t.length - 1], labels: Object.keys(d.traces), somaStart: d.traces.soma[0] };
  });
  expect(data.labels).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  expect(data.n).toBe(10001);
  expect(data.last).toBeCloseTo(1000, 6);
  expect(data.somaStart).toBe(-60);
  // The chart canvas is drawn.
  await expect(page.locator('#plot canvas').first()).toBeVisible();
});

test('moving a parameter re-runs the model and changes the traces', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#status')).toContainText('done in', { timeout: 30_000 });
  const peak = () =>
    page.evaluate(() => {
      const d = (window as unknown as { __neurowire: Traces }).__neurowire;
      return Math.max(...Array.from(d.traces.axon_tip));
    });
  // With the tutorial's synapses the axon fires (peaks above +20 mV) …
  expect(await peak()).toBeGreaterThan(20);
  // … and with no synaptic conductance it stays at rest.
  await page.locator('[data-testid="param-gmax"]').fill('0');
  await expect(page.locator('[data-testid="value-gmax"]')).toHaveText('0');
  await expect.poll(peak, { timeout: 30_000 }).toBeLessThan(-50);
});
