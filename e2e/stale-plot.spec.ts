/**
 * A plot never passes an old result off as the current one: while its block or one upstream
 * recomputes, the chart is dimmed and says which result it shows (the time it was drawn); after
 * Stop it says it shows the previous result; the next finished run clears both marks.
 */
import { expect, test } from '@playwright/test';
import { nw, openApp, screenshot, series, setParam, settled, status } from './kit.ts';

const chartOpacity = (page: import('@playwright/test').Page) =>
  page.getByTestId('plot-traces').evaluate((el) => Number(getComputedStyle(el.shadowRoot!.querySelector('.chart')!).opacity));

test('a recomputing plot is dimmed and dated; after Stop it is the previous result; a new run clears the marks', async ({ page }) => {
  await openApp(page);
  const panel = page.getByTestId('plot-traces');
  const note = page.getByTestId('plot-traces-stale');
  await expect(panel).toHaveAttribute('data-status', 'done');
  await expect(note).toHaveCount(0);
  await expect.poll(() => chartOpacity(page)).toBe(1);
  const before = await series(page, 'traces', 'soma');

  // The run upstream of the plot recomputes for long and has drawn nothing new yet (its worker is
  // busy, so no partial traces stream in): the old traces stay, marked.
  await nw(page, (h) => h.hangWorker(60_000));
  await setParam(page, 'run', 'tstop', 20000);
  await expect.poll(async () => (await status(page, 'run')).state).toBe('running');
  await expect(panel).toHaveAttribute('data-stale', 'recomputing');
  await expect(note).toHaveText(/^recomputing… \(showing the result of \d\d:\d\d:\d\d\)$/);
  await expect.poll(() => chartOpacity(page)).toBeCloseTo(0.45, 2);
  // Still the old result's numbers under the mark.
  expect(await series(page, 'traces', 'soma')).toEqual(before);
  await screenshot(page, 'plot-stale-recomputing');
  const shownOf = (await note.textContent())!.match(/\d\d:\d\d:\d\d/)![0];

  await page.getByTestId('stop').click();
  await expect(panel).toHaveAttribute('data-stale', 'stopped');
  await expect(note).toHaveText(`stopped — showing the previous result (of ${shownOf})`);
  await expect.poll(() => chartOpacity(page)).toBeCloseTo(0.45, 2);
  await screenshot(page, 'plot-stale-stopped');

  // A short run: the new result is drawn and the marks go.
  await setParam(page, 'run', 'tstop', 250);
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
  await expect(panel).not.toHaveAttribute('data-stale', /.*/);
  await expect(note).toHaveCount(0);
  await expect.poll(() => chartOpacity(page)).toBe(1);
  const soma = await series(page, 'traces', 'soma');
  expect(soma[soma.length - 1][0]).toBeCloseTo(250, 9);
});
