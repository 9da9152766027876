/**
 * A plot panel given far more than the screen shows: 120 traces × 40,001 samples. It draws the
 * first 50 with "showing 50 of 120 traces" and buttons for the rest, each trace as min/max per
 * pixel column (spikes kept, exact values), the exact samples once a zoom window fits, and
 * figureData() still every sample.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './kit.ts';

type Panel = HTMLElement & {
  figure: unknown;
  seriesCounts: { shown: number; total: number };
  figureData(): { series: Array<{ name: string; data: Array<[number, number]> }> };
  drawnData(): { series: Array<{ name: string; data: Array<[number, number]> }> };
};

test('120 traces × 40,001 samples: 50 drawn per pixel column, more on request, zoom exact', async ({ page }) => {
  await openApp(page);
  const drawnMs = await page.evaluate(() => {
    const n = 40_001;
    const series = Array.from({ length: 120 }, (_, i) => {
      const xy = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        xy[2 * k] = k * 0.025;
        // A one-sample spike per trace at a trace-specific time.
        xy[2 * k + 1] = k === 1000 + 97 * i ? 30 + i / 8 : -65 + Math.sin(k / 500 + i);
      }
      return { name: `n${i}`, type: 'line', data: xy };
    });
    const el = document.createElement('nw-plot-panel') as Panel & { nodeId: string };
    el.nodeId = 'big';
    el.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:420px;z-index:99;background:#fff';
    document.body.appendChild(el);
    const t0 = performance.now();
    return new Promise<number>((resolve) => {
      el.addEventListener('nw-plot-drawn', () => resolve(performance.now() - t0), { once: true });
      el.figure = { kind: 'figure', figure: 'traces', title: 'big', csv: 't\n', option: { xAxis: { type: 'value', min: 0, max: 1000 }, yAxis: { type: 'value', scale: true }, series } };
    });
  });
  console.log(`120 × 40,001 samples drawn in ${drawnMs.toFixed(0)} ms`);
  const panel = page.getByTestId('plot-big');
  await expect(page.getByTestId('plot-big-series')).toHaveText('showing 50 of 120 traces');
  await expect(panel).toHaveAttribute('data-series-shown', '50');

  const drawn = () =>
    page.evaluate(() => {
      const el = document.querySelector('nw-plot-panel[data-testid="plot-big"]') as Panel;
      const d = el.drawnData().series;
      return { names: d.length, lengths: d.map((s) => s.data.length), peaks: d.map((s) => Math.max(...s.data.map((p) => p[1]))), first: d[0].data.slice(0, 3), width: el.clientWidth };
    });
  const d0 = await drawn();
  expect(d0.names).toBe(50);
  for (const len of d0.lengths) expect(len).toBeLessThanOrEqual(2 * 900 + 2);
  // Every trace's one-sample spike is drawn with its exact value.
  d0.peaks.forEach((p, i) => expect(p).toBe(30 + i / 8));
  expect(d0.first[0]).toEqual([0, -65 + Math.sin(0)]);

  // The exact data is still what figureData() gives.
  const exact = await page.evaluate(() => {
    const s = (document.querySelector('nw-plot-panel[data-testid="plot-big"]') as Panel).figureData().series;
    return { count: s.length, len: s[0].data.length, at: s[7].data[1000 + 97 * 7] };
  });
  expect(exact).toEqual({ count: 50, len: 40_001, at: [(1000 + 97 * 7) * 0.025, 30 + 7 / 8] });

  await page.getByTestId('plot-big-show-more').click();
  await expect(page.getByTestId('plot-big-series')).toHaveText('showing 100 of 120 traces');
  await page.getByTestId('plot-big-show-all').click();
  await expect(page.getByTestId('plot-big-series')).toHaveText('showing 120 of 120 traces');
  expect((await drawn()).names).toBe(120);
  await page.getByTestId('plot-big-show-fewer').click();
  await expect(page.getByTestId('plot-big-series')).toHaveText('showing 50 of 120 traces');

  // Zoom to 300–305 ms (201 samples): the exact samples, bit for bit, replace the envelope.
  await page.evaluate(() => {
    const el = document.querySelector('nw-plot-panel[data-testid="plot-big"]') as unknown as { chart: { dispatchAction(a: unknown): void } };
    el.chart.dispatchAction({ type: 'dataZoom', start: 30, end: 30.5 });
  });
  await expect.poll(async () => (await drawn()).lengths[0]).toBe(203);
  const zoomed = await page.evaluate(() => {
    const el = document.querySelector('nw-plot-panel[data-testid="plot-big"]') as Panel;
    const a = el.drawnData().series[0].data;
    const b = el.figureData().series[0].data;
    const k0 = b.findIndex((p) => p[0] === a[0][0]);
    return { k0, same: a.every((p, i) => p[0] === b[k0 + i][0] && p[1] === b[k0 + i][1]) };
  });
  expect(zoomed).toEqual({ k0: 11_999, same: true });
});
