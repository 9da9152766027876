/**
 * A layout that breathes (issue 18, item 4): split panes that resize by drag and keyboard and
 * persist across a reload; the dark theme (prefers-color-scheme and the toolbar toggle, charts
 * included); a plot maximised and restored; the toolbar collapsed into a menu at 1024×768 with
 * nothing overlapping or cut; the examples gallery; result tabs; the graph's name in the toolbar.
 */
import { expect, test, type Page } from '@playwright/test';
import { graph, nw, openApp, pngStats, screenshot } from './kit.ts';

/** The hooks this spec uses besides kit.ts's (src/ui/CONTRACT.md). */
type LibraryHooks = { library: { list(): Promise<Array<{ ok: boolean; summary?: { title: string } }>>; flush(): Promise<void> }; undo(): void };

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/** Mean luminance (0–255) of a region of the page as drawn (screenshot decoded in the page). */
async function luminance(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number> {
  return (await pngStats(page, (await page.screenshot({ clip })).toString('base64'))).luma;
}

/** Drag a split handle by (dx, dy) as a user does. */
async function dragHandle(page: Page, testId: string, dx: number, dy: number): Promise<void> {
  const b = (await page.getByTestId(testId).boundingBox())!;
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + (dx * i) / 8, y + (dy * i) / 8);
  await page.mouse.up();
}

test('panes resize by drag and keyboard, persist across a reload, and reset on double-click', async ({ page }) => {
  const errors = await openApp(page);
  const inspector0 = (await box(page, '.inspector-area')).width;
  const results0 = (await box(page, '.results-area')).height;
  expect(inspector0).toBe(320);
  // 42vh of 1000 px: the default of app.css.
  expect(results0).toBeCloseTo(420, 0);

  await dragHandle(page, 'split-inspector', -120, 0);
  await dragHandle(page, 'split-results', 0, -100);
  expect((await box(page, '.inspector-area')).width).toBeCloseTo(inspector0 + 120, 0);
  expect((await box(page, '.results-area')).height).toBeCloseTo(results0 + 100, 0);
  // The plot follows its area: ECharts resized to the taller panel.
  await expect
    .poll(() => page.evaluate(() => document.querySelector('nw-plot-panel[data-node="traces"]')!.shadowRoot!.querySelector('canvas')!.getBoundingClientRect().height))
    .toBeGreaterThan(results0 + 100 - 120);

  // Keyboard: focus the bar, ← makes the inspector 16 px wider, Shift+↑ the results 80 px taller.
  await page.getByTestId('split-inspector').focus();
  await page.keyboard.press('ArrowLeft');
  await page.getByTestId('split-results').focus();
  await page.keyboard.press('Shift+ArrowUp');
  const inspector1 = inspector0 + 120 + 16;
  const results1 = results0 + 100 + 80;
  expect((await box(page, '.inspector-area')).width).toBeCloseTo(inspector1, 0);
  expect((await box(page, '.results-area')).height).toBeCloseTo(results1, 0);
  await expect(page.getByTestId('split-inspector')).toHaveAttribute('aria-valuenow', String(inspector1));

  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: { ready: Promise<void> } }).__nw !== undefined);
  await nw(page, (h) => h.ready);
  expect((await box(page, '.inspector-area')).width).toBeCloseTo(inspector1, 0);
  expect((await box(page, '.results-area')).height).toBeCloseTo(results1, 0);
  expect(await page.evaluate(() => [localStorage.getItem('neurowire.layout.inspector'), localStorage.getItem('neurowire.layout.results')])).toEqual([String(inspector1), String(Math.round(results1))]);

  // A drag cannot squeeze the editor below 300 px (with the 5 px bar), nor the inspector below 220.
  await dragHandle(page, 'split-inspector', -2000, 0);
  const palette = (await box(page, '.palette-area')).width;
  expect((await box(page, '.inspector-area')).width).toBeCloseTo(1600 - palette - 305, 0);
  expect((await box(page, '.editor-area')).width).toBeCloseTo(300, 0);
  await dragHandle(page, 'split-inspector', 2000, 0);
  expect((await box(page, '.inspector-area')).width).toBeCloseTo(220, 0);

  await page.getByTestId('split-inspector').dblclick();
  await page.getByTestId('split-results').dblclick();
  expect((await box(page, '.inspector-area')).width).toBe(320);
  expect((await box(page, '.results-area')).height).toBeCloseTo(420, 0);
  expect(await page.evaluate(() => localStorage.getItem('neurowire.layout.inspector'))).toBeNull();
  expect(errors).toEqual([]);
});

test('dark theme follows prefers-color-scheme, the toggle cycles auto → light → dark and persists; charts follow', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await openApp(page);
  await nw(page, (h) => h.select(['syn_1']));
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-choice', 'auto');
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.inspector-area')!).backgroundColor)).toBe('rgb(30, 34, 42)');
  const plot = await box(page, 'nw-plot-panel[data-node="traces"]');
  const chart = { x: plot.x + 20, y: plot.y + 60, width: plot.width - 40, height: plot.height - 100 };
  const darkChart = await luminance(page, chart);
  // A dark chart: background the panel's #1e222a (luminance ~33), light ink.
  expect(darkChart).toBeLessThan(70);
  await screenshot(page, 'dark-theme');

  // Toggle: light (whatever the system says), then dark, then back to auto.
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-choice', 'light');
  // The chart was made again in the light theme: a white plot.
  await expect.poll(() => luminance(page, chart)).toBeGreaterThan(220);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.inspector-area')!).backgroundColor)).toBe('rgb(255, 255, 255)');

  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await nw(page, (h) => h.ready);
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-choice', 'light');

  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  // Chosen dark: the system's light does not change it.
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-choice', 'auto');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => luminance(page, chart)).toBeLessThan(70);
  expect(errors).toEqual([]);
});

test('a plot maximises to the window, its chart resizes, and Escape or the button restores it', async ({ page }) => {
  const errors = await openApp(page);
  const panel = page.getByTestId('plot-traces');
  const canvasWidth = () => page.evaluate(() => document.querySelector('nw-plot-panel[data-node="traces"]')!.shadowRoot!.querySelector('canvas')!.getBoundingClientRect().width);
  const before = (await panel.boundingBox())!;
  const w0 = await canvasWidth();
  const data0 = await nw(page, (h) => JSON.stringify(h.figureData('traces').series.map((s) => [s.name, s.data.length])));

  await page.getByTestId('plot-traces-maximise').click();
  await expect(panel).toHaveAttribute('maximised', '');
  const max = (await panel.boundingBox())!;
  expect([max.x, max.y, max.width, max.height]).toEqual([10, 10, 1580, 980]);
  await expect.poll(canvasWidth).toBeGreaterThan(1500);
  // Same data drawn (every trace, every sample).
  expect(await nw(page, (h) => JSON.stringify(h.figureData('traces').series.map((s) => [s.name, s.data.length])))).toBe(data0);
  await screenshot(page, 'plot-maximised');

  await page.keyboard.press('Escape');
  await expect(panel).not.toHaveAttribute('maximised', '');
  expect(await panel.boundingBox()).toEqual(before);
  await expect.poll(canvasWidth).toBeCloseTo(w0, 0);

  await page.getByTestId('plot-traces-maximise').click();
  await expect.poll(canvasWidth).toBeGreaterThan(1500);
  await page.getByTestId('plot-traces-maximise').click();
  await expect.poll(canvasWidth).toBeCloseTo(w0, 0);
  expect(errors).toEqual([]);
});

test('at 1024×768 the toolbar collapses into a menu, nothing overlaps or is cut, and the menu works', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const errors = await openApp(page);
  await expect(page.getByTestId('toolbar-menu')).toBeVisible();
  await expect(page.getByTestId('open-file')).toBeHidden();
  await expect(page.getByTestId('undo')).toBeVisible();
  await expect(page.getByTestId('graph-name')).toBeVisible();

  // The page is not wider than the window; the toolbar's parts lie inside it without overlapping.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(1024);
  const parts = await page.evaluate(() =>
    [...document.querySelectorAll('.toolbar > :not(.toolbar-menu), .toolbar-menu > button')]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 1)
      .map((r) => ({ l: r.left, r: r.right, t: r.top, b: r.bottom })),
  );
  expect(parts.length).toBeGreaterThanOrEqual(10);
  for (const [i, a] of parts.entries()) {
    expect(a.l).toBeGreaterThanOrEqual(0);
    expect(a.r).toBeLessThanOrEqual(1024);
    for (const b of parts.slice(i + 1)) expect(a.r <= b.l + 0.5 || b.r <= a.l + 0.5 || a.b <= b.t || b.b <= a.t).toBe(true);
  }
  // The panes and the result panels lie within the window.
  for (const sel of ['.palette-area', '.editor-area', '.inspector-area', 'nw-plot-panel[data-node="traces"]', 'nw-table-view']) {
    const b = await box(page, sel);
    expect(b.x, sel).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, sel).toBeLessThanOrEqual(1024);
    expect(b.y + b.height, sel).toBeLessThanOrEqual(768);
    expect(b.width, sel).toBeGreaterThan(200);
  }
  // The plot's own buttons fit in its bar (the times give way).
  const plotBar = await page.evaluate(() => {
    const root = document.querySelector('nw-plot-panel[data-node="traces"]')!.shadowRoot!;
    const bar = root.querySelector('.bar')!.getBoundingClientRect();
    return [...root.querySelectorAll('.bar button')].map((b) => b.getBoundingClientRect()).every((r) => r.right <= bar.right && r.height < 30);
  });
  expect(plotBar).toBe(true);
  await screenshot(page, 'layout-1024');

  await page.getByTestId('toolbar-menu').click();
  await expect(page.getByTestId('open-file')).toBeVisible();
  await expect(page.getByTestId('export-neuron')).toBeVisible();
  const menu = await box(page, '.toolbar-more');
  expect(menu.x + menu.width).toBeLessThanOrEqual(1024);
  await screenshot(page, 'layout-1024-menu');
  // An item does what it does in the wide toolbar, and the menu closes.
  await page.getByTestId('library-button').click();
  await expect(page.getByTestId('library')).toBeVisible();
  await expect(page.getByTestId('open-file')).toBeHidden();
  await page.getByTestId('library-close').click();
  // A click elsewhere closes an open menu.
  await page.getByTestId('toolbar-menu').click();
  await expect(page.getByTestId('arrange')).toBeVisible();
  await page.mouse.click(600, 300);
  await expect(page.getByTestId('arrange')).toBeHidden();
  expect(errors).toEqual([]);
});

test('Open example shows a gallery with a thumbnail of each graph and opens the one chosen; the name in the toolbar follows and renames', async ({ page }) => {
  const errors = await openApp(page);
  await expect(page.getByTestId('graph-name')).toHaveValue('Compartment model: synaptic currents (navis tutorial, scenario 1)');
  await page.getByTestId('open-example').click();
  const gallery = page.getByTestId('example-gallery');
  await expect(gallery).toBeVisible();
  await expect(gallery.locator('button.card')).toHaveCount(11);
  // Thumbnails drawn from the graphs: one box per block, one curve per wire.
  const tutorial = await graph(page);
  await expect(page.getByTestId('gallery-open-compartment-tutorial').locator('rect')).toHaveCount(tutorial.nodes.length);
  await expect(page.getByTestId('gallery-open-compartment-tutorial').locator('path')).toHaveCount(tutorial.connections.length);
  await expect(page.getByTestId('gallery-open-point-network').locator('rect')).toHaveCount(8);
  await expect(page.getByTestId('gallery-open-point-network')).toContainText('Three IntFire4 neurons: A excites C, B inhibits it.');
  await screenshot(page, 'example-gallery');
  // Escape closes it; the button opens it again.
  await page.keyboard.press('Escape');
  await expect(gallery).toBeHidden();
  await page.getByTestId('open-example').click();
  await page.getByTestId('gallery-open-point-network').click();
  await expect(gallery).toBeHidden();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(8);
  await nw(page, (h) => h.settled());
  expect((await graph(page)).nodes.map((n) => n.type)).toContain('point-network');
  await expect(page.getByTestId('graph-name')).toHaveValue('Point network (navis tutorial)');

  // Renamed in the toolbar: the library has it under the new name, and a reload shows it.
  await page.getByTestId('graph-name').fill('My point network');
  await page.getByTestId('graph-name').press('Enter');
  await expect.poll(async () => nw(page, async (h) => JSON.stringify((await (h as unknown as LibraryHooks).library.list()).map((e) => e.summary?.title ?? null)))).toContain('My point network');
  await nw(page, (h) => (h as unknown as LibraryHooks).library.flush());
  await page.goto('/');
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await nw(page, (h) => h.ready);
  await expect(page.getByTestId('graph-name')).toHaveValue('My point network');

  // New graph: empty, saved in the library as "Untitled graph".
  await page.getByTestId('new-graph').click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(0);
  await expect(page.getByTestId('graph-name')).toHaveValue('Untitled graph');
  await expect(page.locator('.results-area > [data-node]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('more than four results get tabs: All and one per result block', async ({ page }) => {
  const errors = await openApp(page);
  await expect(page.getByTestId('result-tabs')).toHaveCount(0);
  for (let i = 0; i < 3; i++) await page.getByTestId('palette-item-plot-traces').click();
  await expect(page.getByTestId('result-tabs')).toBeVisible();
  const ids = await page.evaluate(() => [...document.querySelectorAll('.results-area > [data-node]')].map((e) => (e as HTMLElement).dataset.node));
  expect(ids).toHaveLength(5);
  await expect(page.getByTestId('result-tabs').getByRole('tab')).toHaveCount(6);
  await expect(page.getByTestId('result-tab-all')).toHaveText('All (5)');
  await expect(page.getByTestId('result-tab-all')).toHaveAttribute('aria-selected', 'true');

  await page.getByTestId('result-tab-traces').click();
  await expect(page.getByTestId('plot-traces')).toBeVisible();
  for (const id of ids.filter((i) => i !== 'traces')) await expect(page.locator(`.results-area > [data-node="${id}"]`)).toBeHidden();
  // The one result fills the area's width.
  const area = await box(page, '.results-area');
  expect((await page.getByTestId('plot-traces').boundingBox())!.width).toBeGreaterThan(area.width - 30);
  // Still the same trace drawn.
  expect((await nw(page, (h) => h.figureData('traces').series.map((s) => s.name)))).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  await screenshot(page, 'result-tabs');

  await page.getByTestId('result-tab-all').click();
  for (const id of ids) await expect(page.locator(`.results-area > [data-node="${id}"]`)).toBeVisible();
  // Back to four: no tabs, everything shown.
  await nw(page, (h) => (h as unknown as LibraryHooks).undo());
  await expect(page.getByTestId('result-tabs')).toHaveCount(0);
  expect(errors).toEqual([]);
});
