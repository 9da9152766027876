/**
 * Help where users look (issue 18): `?` and F1 open the help panel (not while typing in a
 * field), its block pages list the parameters with their units from the block definitions,
 * Escape closes it, and Insert example adds a block wired to the selected one (one undo step).
 * Also the small things of the same issue seen in the app: a plot's PNG has its title, and an
 * arrow key on a slider steps from a value outside the slider's span instead of jumping to an end.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { graph, nw, openApp, screenshot, setParam, settled } from './kit.ts';

const panel = (page: Page) => page.getByTestId('help-panel');

/** Give the editor canvas the focus, as a click on an empty spot does. */
async function focusCanvas(page: Page): Promise<void> {
  const box = (await page.locator('.editor-area').boundingBox())!;
  await page.mouse.click(box.x + 8, box.y + box.height - 8);
}

test('? opens the help; a block page lists its parameters with units; F1 too; Escape closes', async ({ page }) => {
  const errors = await openApp(page, 'compartment-tutorial');
  await expect(panel(page)).toBeHidden();
  await focusCanvas(page);
  await page.keyboard.press('?');
  await expect(panel(page)).toBeVisible();
  // The shortcuts page first: the editor's own keys.
  await expect(page.getByTestId('help-page-shortcuts')).toContainText('Ctrl+Shift+Z');
  await expect(page.getByTestId('help-page-shortcuts')).toContainText('fit the graph in view');
  // Search by NEURON's name: IClamp finds the current clamp.
  await page.getByTestId('help-search').fill('IClamp');
  await expect(page.getByTestId('help-item-current-clamp')).toBeVisible();
  await expect(page.getByTestId('help-item-run')).toHaveCount(0);
  await page.getByTestId('help-item-current-clamp').click();
  const clamp = page.getByTestId('help-page-current-clamp');
  await expect(clamp).toContainText('Inject a square current pulse');
  await expect(page.getByTestId('help-equivalents')).toContainText('h.IClamp(seg)');
  // Each parameter with its unit, default and range, from the block definition.
  const row = (name: string) => page.getByTestId(`help-param-${name}`).locator('td');
  await expect(row('start')).toHaveText(['Start (del)start', 'ms', '5', 'at least 0 ms', /IClamp del/]);
  await expect(row('current')).toHaveText(['Current (amp)current', 'nA', '0.1', 'between -1000 and 1000 nA', /IClamp amp/]);
  // The run block: NEURON's calls as its equivalents.
  await page.getByTestId('help-search').fill('finitialize');
  await page.getByTestId('help-search').press('Enter');
  await expect(page.getByTestId('help-page-run')).toContainText('h.finitialize(v_init); h.continuerun(tstop)');
  await expect(row('dt')).toHaveText(['Time step (dt)dt', 'ms', '0.025', 'above 0 ms', /backward Euler/]);
  await screenshot(page, 'help-run-page');
  // Escape closes, even with the focus in the search box.
  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();

  // F1 opens it again, on the page shown last; Escape closes.
  await focusCanvas(page);
  await page.keyboard.press('F1');
  await expect(panel(page)).toBeVisible();
  await expect(page.getByTestId('help-page-run')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();

  // `?` typed into a text field is the field's.
  await page.getByTestId('palette-search').fill('');
  await page.getByTestId('palette-search').press('?');
  await expect(page.getByTestId('palette-search')).toHaveValue('?');
  await expect(panel(page)).toBeHidden();

  // The toolbar's ? button opens it too.
  await page.getByTestId('help-button').click();
  await expect(panel(page)).toBeVisible();
  await page.getByTestId('help-close').click();
  await expect(panel(page)).toBeHidden();
  expect(errors).toEqual([]);
});

test('Insert example adds a voltage recorder wired to the selected model and a Select of its neuron; Undo takes them back', async ({ page }) => {
  await openApp(page, 'compartment-tutorial');
  const before = await graph(page);
  await nw(page, (h) => h.select(['model']));
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-search').fill('voltage');
  await page.getByTestId('help-item-voltage-recorder').click();
  await expect(page.getByTestId('help-page-voltage-recorder')).toContainText('add_voltage_record');
  await page.getByTestId('help-insert').click();
  await expect(panel(page)).toBeHidden();
  const after = await graph(page);
  const added = after.nodes.filter((n) => !before.nodes.some((b) => b.id === n.id));
  expect(added.map((n) => n.type).sort()).toEqual(['select', 'voltage-recorder']);
  const rec = added.find((n) => n.type === 'voltage-recorder')!.id;
  const sel = added.find((n) => n.type === 'select')!.id;
  const wires = after.connections.filter((c) => added.some((n) => n.id === c.to.node)).map((c) => `${c.from.node}.${c.from.port} → ${c.to.node}.${c.to.port}`);
  // The model the tutorial built from `split` (the labelled neuron): the new Select reads that neuron.
  expect(wires.sort()).toEqual([`model.model → ${rec}.model`, `split.neuron → ${sel}.neuron`, `${sel}.selection → ${rec}.where`].sort());
  await expect(page.getByTestId(`node-${rec}`)).toBeVisible();
  await settled(page);
  // The new recorder passes on the model: it computed (done) at the defaults.
  await expect(page.getByTestId(`node-${rec}`)).toHaveAttribute('data-status', 'done');
  await page.getByTestId('undo').click();
  expect((await graph(page)).nodes.length).toBe(before.nodes.length);
});

test('a plot PNG and SVG carry the plot title above the chart', async ({ page }) => {
  await openApp(page, 'compartment-tutorial');
  // Read the exported image in the page: its size and the dark pixels of the title band.
  const measured = page.evaluate(
    () =>
      new Promise<{ width: number; height: number; chartW: number; chartH: number; inkTop: number; inkChart: number }>((resolve) => {
        document.addEventListener(
          'nw-plot-export',
          (e) => {
            const blob = (e as CustomEvent<{ blob: Blob }>).detail.blob;
            void createImageBitmap(blob).then((img) => {
              const c = document.createElement('canvas');
              c.width = img.width;
              c.height = img.height;
              const g = c.getContext('2d')!;
              g.drawImage(img, 0, 0);
              const dark = (y0: number, y1: number) => {
                const d = g.getImageData(0, y0, img.width, y1 - y0).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 300) n++;
                return n;
              };
              const chart = document.querySelector('nw-plot-panel[data-node="traces"]')!.shadowRoot?.querySelector('.chart') ?? document.querySelector('nw-plot-panel[data-node="traces"] .chart');
              const r = (chart as HTMLElement).getBoundingClientRect();
              resolve({ width: img.width, height: img.height, chartW: Math.round(r.width), chartH: Math.round(r.height), inkTop: dark(0, 64), inkChart: dark(64, img.height) });
            });
          },
          { once: true },
        );
      }),
  );
  const download = page.waitForEvent('download');
  await page.getByTestId('plot-traces-export-png').click();
  await download;
  const m = await measured;
  // Drawn at pixel ratio 2, with a 32 px band for the title on top.
  expect(m.width).toBe(2 * m.chartW);
  expect(m.height).toBe(2 * m.chartH + 64);
  // "Voltage" in dark text in the band; the chart below has its own ink.
  expect(m.inkTop).toBeGreaterThan(100);
  expect(m.inkChart).toBeGreaterThan(1000);
  // The SVG too: 32 px taller than the chart, the title as text above it.
  const svgDownload = page.waitForEvent('download');
  await page.getByTestId('plot-traces-export-svg').click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="${m.chartW}" height="${m.chartH + 32}"`));
  expect(svg).toMatch(/<text [^>]*>Voltage<\/text>/);
});

test('an arrow key on a slider steps from a value past the slider’s end, never jumps to the end', async ({ page }) => {
  await openApp(page, 'compartment-tutorial');
  await nw(page, (h) => h.select(['syn_1']));
  const slider = page.getByTestId('param-start-slider');
  await expect(slider).toBeVisible();
  // The onset's slider spans a run of 1000 ms (the tutorial's rounds start at 250–850 ms).
  await expect(slider).toHaveAttribute('max', '1000');
  expect(await slider.inputValue()).toBe('250');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await graph(page)).nodes.find((n) => n.id === 'syn_1')!.params.start).toBe(251);
  // A value typed past the slider's end: the arrow steps from it.
  await setParam(page, 'syn_1', 'start', 2500);
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await graph(page)).nodes.find((n) => n.id === 'syn_1')!.params.start).toBe(2499);
  await page.keyboard.press('PageUp');
  await expect.poll(async () => (await graph(page)).nodes.find((n) => n.id === 'syn_1')!.params.start).toBe(2509);
});

test('a long error in a block footer stays one line (whole text in the tooltip): the block does not grow over its neighbour', async ({ page }) => {
  await openApp(page, 'compartment-tutorial');
  const block = page.getByTestId('node-axon_nodes');
  const before = (await block.boundingBox())!;
  // A label no node has: the Select block fails with a long message naming the labels it knows.
  await setParam(page, 'axon_nodes', 'labels', 'no-such-label-anywhere, another-label-that-does-not-exist, and-a-third-one');
  await settled(page);
  await expect(block).toHaveAttribute('data-status', 'error');
  const footer = page.getByTestId('node-status-axon_nodes');
  const text = (await footer.textContent())!.trim();
  expect(text.length).toBeGreaterThan(60);
  expect(await footer.getAttribute('title')).toBe(text);
  const line = await footer.locator('.nw-status-text').evaluate((el) => ({ h: el.clientHeight, lh: parseFloat(getComputedStyle(el).lineHeight) || 14, cut: el.scrollWidth > el.clientWidth }));
  expect(line.cut).toBe(true);
  expect(line.h).toBeLessThanOrEqual(Math.ceil(line.lh) + 1);
  const after = (await block.boundingBox())!;
  expect(Math.abs(after.height - before.height)).toBeLessThan(2);
  await screenshot(page, 'help-long-footer');
});
