/**
 * The dark theme reaches the panels that kept light colours of their own: the morphology view's
 * canvas (drawn, not styled), the .mod code pane (CodeMirror's theme) and the help panel (a
 * shadow root). Each one's background is measured as a user sees it (pixels of a screenshot)
 * and as computed: WCAG relative luminance below 0.2 in dark, above 0.8 in light; the canvas
 * follows a change of theme without a new run; an exported morphology PNG stays on white.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { addMorphologyView, openApp, pngStats, screenshot, settled } from './kit.ts';

type Conn = { from: { node: string; port: string }; to: { node: string; port: string } };
type Store = { graph: { connections: Conn[] }; addNode(type: string, position: [number, number], params?: Record<string, unknown>): string; connect(c: Conn): { ok: boolean; reason?: string } };

/** WCAG relative luminance (0 black … 1 white) of the page's pixels in a box (mean over the box), from a screenshot. */
async function shownLuminance(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number> {
  return (await pngStats(page, (await page.screenshot({ clip })).toString('base64'))).wcag;
}

/** WCAG relative luminance of an element's computed background colour (`root >>> inner` reaches into a shadow root). */
async function computedLuminance(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const [outer, inner] = sel.split(' >>> ');
    let el: Element | null = document.querySelector(outer);
    if (inner) el = el?.shadowRoot?.querySelector(inner) ?? null;
    if (!el) throw new Error(`no ${sel}`);
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(getComputedStyle(el).backgroundColor);
    if (!m) throw new Error(`${sel}: background ${getComputedStyle(el).backgroundColor}`);
    const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(+m[1]) + 0.7152 * lin(+m[2]) + 0.0722 * lin(+m[3]);
  }, selector);
}

/** The morphology canvas's top-left pixel as drawn (its background: the neuron is fitted inside a margin). */
async function canvasCorner(page: Page, id: string): Promise<number[]> {
  return page.evaluate((id) => {
    const c = document.querySelector(`nw-morphology-view[data-node="${id}"]`)!.shadowRoot!.querySelector('canvas')!;
    return [...c.getContext('2d')!.getImageData(1, 1, 1, 1).data];
  }, id);
}

const boxOf = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

test('dark: the morphology canvas, the .mod code pane and the help panel are dark (luminance < 0.2), light in light (> 0.8)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await openApp(page, 'active-dendrites');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // A morphology view on the example's neuron and run.
  const view = await addMorphologyView(page);
  await settled(page);
  const canvas = `nw-morphology-view[data-node="${view}"] canvas`;
  await expect(page.locator(canvas)).toBeVisible();
  // The .mod code pane of the Na block.
  await page.getByTestId('node-na').click();
  await page.getByTestId('edit-mod').click();
  await expect(page.getByTestId('mod-pane-text')).toContainText('SUFFIX na');

  const measure = async () => {
    const c = await boxOf(page, canvas);
    const code = await boxOf(page, '.cm-content');
    return {
      canvas: await shownLuminance(page, { x: c.x + 2, y: c.y + 2, width: 40, height: 20 }),
      canvasCorner: await canvasCorner(page, view),
      code: await shownLuminance(page, { x: code.x + code.width - 60, y: code.y + 4, width: 50, height: 40 }),
      codeComputed: await computedLuminance(page, '.cm-editor'),
    };
  };
  const dark = await measure();
  console.log(`dark: canvas ${dark.canvas.toFixed(3)} (corner ${dark.canvasCorner.join(',')}), code ${dark.code.toFixed(3)} / computed ${dark.codeComputed.toFixed(3)}`);
  expect(dark.canvas).toBeLessThan(0.2);
  expect(dark.canvasCorner.slice(0, 3).every((v) => v < 60)).toBe(true);
  expect(dark.code).toBeLessThan(0.2);
  expect(dark.codeComputed).toBeLessThan(0.2);
  await screenshot(page, 'dark-morphology-code');

  await page.keyboard.press('Escape');
  await page.locator('.toolbar h1').click();
  await page.keyboard.press('?');
  const help = 'nw-help-panel >>> .panel';
  await expect(page.locator('nw-help-panel')).toHaveAttribute('open', '');
  const hb = await boxOf(page, 'nw-help-panel .panel');
  const helpDark = { shown: await shownLuminance(page, { x: hb.x + hb.width - 80, y: hb.y + hb.height - 60, width: 60, height: 40 }), computed: await computedLuminance(page, help) };
  console.log(`dark: help ${helpDark.shown.toFixed(3)} / computed ${helpDark.computed.toFixed(3)}`);
  expect(helpDark.shown).toBeLessThan(0.2);
  expect(helpDark.computed).toBeLessThan(0.2);
  await screenshot(page, 'dark-help-panel');
  await page.keyboard.press('Escape');

  // The system turns light (the choice is auto): the same panels are light, the canvas redrawn without a run.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await measure();
  console.log(`light: canvas ${light.canvas.toFixed(3)} (corner ${light.canvasCorner.join(',')}), code ${light.code.toFixed(3)} / computed ${light.codeComputed.toFixed(3)}`);
  expect(light.canvas).toBeGreaterThan(0.8);
  expect(light.canvasCorner).toEqual([255, 255, 255, 255]);
  expect(light.code).toBeGreaterThan(0.8);
  expect(light.codeComputed).toBeGreaterThan(0.8);
  await page.keyboard.press('?');
  expect(await computedLuminance(page, help)).toBeGreaterThan(0.8);
  await page.keyboard.press('Escape');

  // Dark again; the PNG export is on white all the same, and the canvas is dark after it.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => (await canvasCorner(page, view)).slice(0, 3).every((v) => v < 60)).toBe(true);
  const download = page.waitForEvent('download');
  await page.getByTestId(`morph-${view}-export-png`).click();
  const file = await (await download).path();
  const corner = (await pngStats(page, readFileSync(file).toString('base64'), [1, 1])).pixel;
  expect(corner).toEqual([255, 255, 255, 255]);
  expect((await canvasCorner(page, view)).slice(0, 3).every((v) => v < 60)).toBe(true);
  expect(errors).toEqual([]);
});
