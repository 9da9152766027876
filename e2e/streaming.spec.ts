/**
 * Streaming runs in the app: while a run goes, the plot draws its traces so far (growing,
 * every sample equal to the final run's); a newer edit cancels the run in flight, and the
 * result is the newer edit's, complete, with its CSV.
 */
import { expect, test } from '@playwright/test';
import { nw, openApp, screenshot, series, setParam, settled, status } from './kit.ts';

type Partial = { fraction: number; t: number } | undefined;
const plotPartial = (page: import('@playwright/test').Page) =>
  nw(page, (h) => {
    const fig = (h.output('traces') as { figure?: { partial?: { fraction: number; t: number }; csv: string } } | null)?.figure;
    return fig ? { partial: fig.partial, csvLength: fig.csv.length } : null;
  });

test('the plot draws a long run as it goes; a newer edit cancels it; the final result is complete', async ({ page }) => {
  await openApp(page);
  await settled(page);
  // A long run: 60 s of the tutorial (2,400,000 steps) streams for seconds here.
  await setParam(page, 'run', 'tstop', 60000);
  const seen: number[] = [];
  await expect
    .poll(async () => {
      const p = (await plotPartial(page))?.partial as Partial;
      if (p && !seen.includes(p.t)) seen.push(p.t);
      return seen.length;
    }, { timeout: 20_000, intervals: [30] })
    .toBeGreaterThanOrEqual(2);
  expect(seen[1]).toBeGreaterThan(seen[0]);
  expect(seen[0]).toBeLessThan(60000);
  // While it goes the plot is the current result so far, not dimmed as stale.
  const panel = page.getByTestId('plot-traces');
  await expect(panel).not.toHaveAttribute('data-stale', 'recomputing');
  const sofar = await series(page, 'traces', 'soma');
  expect(sofar.length).toBeGreaterThan(0);
  await screenshot(page, 'plot-streaming');

  // A newer edit while it runs: the run in flight is cancelled.
  const before = (await nw(page, (h) => h.stats('run'))) as { computations: number; cancelled: number };
  expect((await status(page, 'run')).state).toBe('running');
  await setParam(page, 'syn_1', 'gmax', 0.07);
  await settled(page);
  const after = (await nw(page, (h) => h.stats('run'))) as { computations: number; cancelled: number };
  expect(after.cancelled).toBe(before.cancelled + 1);
  expect(after.computations).toBe(before.computations + 1);

  // The final figure: no partial mark, every sample, its CSV.
  const fin = await plotPartial(page);
  expect(fin?.partial).toBeUndefined();
  expect(fin!.csvLength).toBeGreaterThan(0);
  const n = await nw(page, (h) => (h.output('run') as { traces: { t: Float64Array } }).traces.t.length);
  expect(n).toBe(2_400_001);
  const final = await series(page, 'traces', 'soma');
  expect(final[final.length - 1][0]).toBeCloseTo(60000, 2);
});
