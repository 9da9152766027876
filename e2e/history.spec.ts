/**
 * The run history of a plot: every complete run is kept (in IndexedDB, with its graph), the
 * list shows, hides, labels, pins and compares them, "keep lines" draws the shown earlier runs
 * in grey from their stored copies, and all of it survives a reload of the page.
 */
import { expect, test, type Page } from '@playwright/test';
import { figureData, nw, openApp, screenshot, series, setParam, settled } from './kit.ts';

type Run = { id: string; n: number; label: string; auto: string; visible: boolean; pinned: boolean; decimated: boolean; current: boolean; points: { stored: number; full: number } };
type HistoryHooks = { history: { flush(): Promise<void>; key(): string; runs(id: string): Run[] } };

const runs = async (page: Page): Promise<Run[]> => {
  await nw(page, (h) => (h as unknown as HistoryHooks).history.flush());
  return nw(page, (h) => (h as unknown as HistoryHooks).history.runs('traces'));
};
const key = (page: Page) => nw(page, (h) => (h as unknown as HistoryHooks).history.key());
const named = async (page: Page, name: string) => (await figureData(page, 'traces')).find((s) => s.name === name)?.data ?? null;

test('three edits, the history list, keep lines, a label and a hidden run survive a reload', async ({ page }) => {
  const errors = await openApp(page, 'compartment-tutorial');
  await settled(page);
  expect(await key(page)).toBe('example:compartment-tutorial');
  await expect.poll(async () => (await runs(page)).length).toBe(1);
  const soma: Array<Array<[number, number]>> = [await series(page, 'traces', 'soma')];
  // 40,001 samples × 3 traces: within the 2 MiB a stored run may take, so kept exactly.
  expect(soma[0]).toHaveLength(40_001);

  for (const gmax of [0.05, 0.02, 0]) {
    await setParam(page, 'syn_1', 'gmax', gmax);
    await settled(page);
    await expect.poll(async () => (await runs(page)).length).toBe(soma.length + 1);
    soma.push(await series(page, 'traces', 'soma'));
  }
  // The runs differ (the synapse drives spikes, then less, then none).
  expect(soma[3]).not.toEqual(soma[0]);
  expect(soma[2]).not.toEqual(soma[1]);
  let list = await runs(page);
  expect(list.map((r) => [r.n, r.current, r.visible, r.pinned, r.decimated])).toEqual([
    [1, false, true, false, false],
    [2, false, true, false, false],
    [3, false, true, false, false],
    [4, true, true, false, false],
  ]);
  expect(list[3].points).toEqual({ stored: 3 * 40_001, full: 3 * 40_001 });
  // The example entered the library on its first edit: its runs moved with it.
  expect(await key(page)).toMatch(/^graph:/);

  // Without keep lines only the current run is drawn.
  expect((await figureData(page, 'traces')).map((s) => s.name)).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  await page.getByTestId('plot-traces-history').click();
  await expect(page.getByTestId('plot-traces-history')).toHaveText('History (4)');
  const rows = page.getByTestId('plot-traces-history-list').locator('li');
  await expect(rows).toHaveCount(4);
  await page.getByTestId('plot-traces-keep').check();
  await page.getByTestId('plot-traces-run-2-show').uncheck();
  await page.getByTestId('plot-traces-run-1-label').fill('gmax 0.1 (as shipped)');
  await page.getByTestId('plot-traces-run-1-label').press('Enter');
  await expect.poll(async () => (await runs(page))[0].label).toBe('gmax 0.1 (as shipped)');

  // Greyed lines: runs 1 and 3, the stored copies equal to what those runs drew; run 2 hidden.
  await expect.poll(async () => (await figureData(page, 'traces')).map((s) => s.name)).toEqual(['dendrite_base', 'axon_tip', 'soma', 'dendrite_base (run 1)', 'axon_tip (run 1)', 'soma (run 1)', 'dendrite_base (run 3)', 'axon_tip (run 3)', 'soma (run 3)']);
  expect(await named(page, 'soma (run 1)')).toEqual(soma[0]);
  expect(await named(page, 'soma (run 3)')).toEqual(soma[2]);
  // Compare: run 1 in colour, dashed, against the current one.
  await page.getByTestId('plot-traces-run-1-compare').click();
  await expect.poll(() => named(page, 'soma (compare, run 1)')).toEqual(soma[0]);
  expect(await named(page, 'soma (run 1)')).toBeNull();
  await screenshot(page, 'history-list');

  // Reload: the library reopens the graph; its history is read back.
  await runs(page);
  await nw(page, (h) => (h as unknown as { library: { flush(): Promise<void> } }).library.flush());
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await page.evaluate(() => (window as unknown as { __nw: { ready: Promise<void> } }).__nw.ready);
  await settled(page);
  // The reopened graph ran once more (gmax 0, as run 4): run 5.
  await expect.poll(async () => (await runs(page)).length).toBe(5);
  list = await runs(page);
  expect(list.map((r) => [r.n, r.label, r.visible, r.current])).toEqual([
    [1, 'gmax 0.1 (as shipped)', true, false],
    [2, '', false, false],
    [3, '', true, false],
    [4, '', true, false],
    [5, '', true, true],
  ]);
  expect(await series(page, 'traces', 'soma')).toEqual(soma[3]);
  // Keep lines was kept; the compared run was for that visit only.
  await expect.poll(async () => (await figureData(page, 'traces')).map((s) => s.name).filter((n) => n.startsWith('soma'))).toEqual(['soma', 'soma (run 1)', 'soma (run 3)', 'soma (run 4)']);
  expect(await named(page, 'soma (run 1)')).toEqual(soma[0]);
  expect(await named(page, 'soma (run 3)')).toEqual(soma[2]);
  expect(await named(page, 'soma (run 4)')).toEqual(soma[3]);
  await page.getByTestId('plot-traces-history').click();
  await expect(page.getByTestId('plot-traces-run-1-label')).toHaveValue('gmax 0.1 (as shipped)');
  await expect(page.getByTestId('plot-traces-run-2-show')).not.toBeChecked();
  await expect(page.getByTestId('plot-traces-keep')).toBeChecked();

  // Pin run 3 and delete run 4: pinned runs are drawn dashed under their own name.
  await page.getByTestId('plot-traces-run-3-pin').click();
  await page.getByTestId('plot-traces-run-4-delete').click();
  await expect(page.getByTestId('plot-traces-history')).toHaveText('History (4)');
  await expect.poll(async () => (await figureData(page, 'traces')).map((s) => s.name).filter((n) => n.startsWith('soma'))).toEqual(['soma', 'soma (run 1)', 'soma (pinned)']);
  expect(await named(page, 'soma (pinned)')).toEqual(soma[2]);
  await screenshot(page, 'history-after-reload');
  expect(errors).toEqual([]);
});
