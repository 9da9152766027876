/**
 * Own mechanisms in the workbench, as a user does it: a .mod file dropped on the page becomes
 * a block wired in after the selected model block, its PARAMETERs appear in the inspector
 * (units, slider, the file's comments as help), a changed parameter changes the plotted traces
 * and undo restores them exactly; a broken file shows its line:col on the block; editing the
 * text in the code pane recompiles and re-runs (a new default gives the traces of the same
 * value set in the inspector, exactly), and the toolbar's Undo takes the edit back.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dropFile, figureData, graph, nw, openApp, REPO, HERE, settled, status, type Series } from './kit.ts';

const KDR = readFileSync(resolve(REPO, 'examples/mod/kdr.mod'), 'utf8');
const SHOTS = resolve(HERE, 'screenshots');

/** The plotted traces as plain data (compared exactly, not as pixels). */
const traces = async (page: Page): Promise<Series[]> => figureData(page, 'traces');

/** Drop kdr.mod with the set-properties block selected: a new insert-mechanism block after it. */
async function dropKdr(page: Page): Promise<string> {
  await openApp(page);
  await nw(page, (h) => h.select(['props']));
  await dropFile(page, 'kdr.mod', KDR);
  await expect(page.getByTestId('node-insert_mechanism')).toBeVisible();
  await settled(page);
  return 'insert_mechanism';
}

/** Select `text` inside the code pane's editor (a DOM selection, which CodeMirror follows). */
async function selectInPane(page: Page, text: string): Promise<void> {
  await page.getByTestId('mod-pane-text').click();
  const found = await page.evaluate((want) => {
    const root = document.querySelector('[data-testid="mod-pane-text"]')!;
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const k = n.textContent!.indexOf(want);
      if (k < 0) continue;
      const r = document.createRange();
      r.setStart(n, k);
      r.setEnd(n, k + want.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
      return true;
    }
    return false;
  }, text);
  expect(found, `"${text}" in the code pane`).toBe(true);
  // Let CodeMirror read the DOM selection (selectionchange).
  await page.waitForTimeout(100);
}

/** The text of the block's embedded .mod file. */
async function modText(page: Page, id: string): Promise<string> {
  return nw(page, (h, id: string) => {
    const g = h.graph() as unknown as { nodes: Array<{ id: string; params: Record<string, unknown> }>; assets: Record<string, { data: string }> };
    const ref = String(g.nodes.find((n) => n.id === id)!.params.mod ?? '');
    return g.assets[ref.replace(/^asset:/, '')]?.data ?? '';
  }, id);
}

test('drop kdr.mod → its parameters in the inspector → gbar changes the traces → undo restores them exactly', async ({ page }) => {
  const before = await (async () => {
    await openApp(page);
    return traces(page);
  })();
  const id = await dropKdr(page);
  // Wired in after the selected block: props → kdr → pas.
  const wires = (await graph(page)).connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`);
  expect(wires).toContain(`props.model>${id}.model`);
  expect(wires).toContain(`${id}.model>pas.model`);
  expect(wires).not.toContain('props.model>pas.model');
  await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('node-run')).toHaveAttribute('data-status', 'done');
  // The file's PARAMETERs, with units, a slider and the file's comment as help.
  const gbar = page.getByTestId('param-gbar');
  await expect(gbar).toHaveValue('0.03');
  await expect(page.locator('[data-field="gbar"] .unit')).toHaveText('S/cm²');
  await expect(page.getByTestId('param-gbar-slider')).toBeVisible();
  await expect(page.locator('[data-field="gbar"] .field-help')).toContainText('peak conductance');
  for (const p of ['tha', 'qa', 'temp', 'q10']) await expect(page.getByTestId(`param-${p}`)).toBeVisible();
  await expect(page.locator('[data-field="tha"] .unit')).toHaveText('mV');
  await expect(page.locator('[data-field="temp"] .unit')).toHaveText('°C');
  const withKdr = await traces(page);
  expect(withKdr).not.toEqual(before);
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('.inspector-area').screenshot({ path: resolve(SHOTS, 'mod-inspector.png') });

  // A tenfold delayed rectifier: the traces change.
  await gbar.fill('0.3');
  await settled(page);
  expect(await nw(page, (h, id: string) => h.graph().nodes.find((n) => n.id === id)!.params.gbar, id)).toBe(0.3);
  const tenfold = await traces(page);
  expect(tenfold).not.toEqual(withKdr);
  // Undo (the toolbar's button) restores every plotted sample exactly.
  await page.getByTestId('undo').click();
  await settled(page);
  await expect(gbar).toHaveValue('0.03');
  expect(await traces(page)).toEqual(withKdr);

  // A per-segment field takes an expression of the segment; a syntax error names its column.
  await gbar.fill('0.03 * exp(-d / 200');
  await expect(page.getByTestId('param-error-gbar')).toContainText(/column \d+/);
  await gbar.fill('0.03 * exp(-d / 200)');
  await expect(page.getByTestId('param-error-gbar')).toHaveCount(0);
  await settled(page);
  await expect(page.getByTestId('node-run')).toHaveAttribute('data-status', 'done');
  expect(await traces(page)).not.toEqual(withKdr);
});

test('a broken .mod shows line:col and the line on the block; the rest of the graph keeps its results', async ({ page }) => {
  const id = await dropKdr(page);
  // The closing parenthesis of ik = g * (v - ek) removed: the parser stops at the next line's '}'.
  const broken = KDR.replace('ik = g * (v - ek)', 'ik = g * (v - ek');
  const line = broken.split('\n').findIndex((l) => l.includes('ik = g * (v - ek')) + 2;
  await nw(page, (h, id: string) => h.select([id]), id);
  await dropFile(page, 'broken.mod', broken);
  await settled(page);
  expect((await status(page, id)).state).toBe('error');
  const node = page.getByTestId(`node-${id}`);
  await expect(node).toHaveAttribute('data-status', 'error');
  const code = page.getByTestId('node-error-code');
  await expect(code).toContainText(`broken.mod:${line}:1: expected ')'`);
  await expect(code.locator('pre')).toContainText('^');
  // The inspector says the same, in monospace.
  await expect(page.getByTestId('inspector-status')).toContainText(`broken.mod:${line}:1`);
  // Blocks not downstream of it still have their results (the selections, the labels table).
  await expect(page.getByTestId('node-soma_node')).toHaveAttribute('data-status', 'done');
  // Zoomed in on the block, as a user reads it.
  const box = (await node.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -200);
  await page.waitForTimeout(300);
  await node.screenshot({ path: resolve(SHOTS, 'mod-block-error.png') });
});

test('editing the .mod text in the code pane recompiles and re-runs; the toolbar undo takes the edit back', async ({ page }) => {
  const id = await dropKdr(page);
  const withKdr = await traces(page);
  // The same value set in the inspector, for comparison with the edited default below.
  await page.getByTestId('param-gbar').fill('0.3');
  await settled(page);
  const tenfold = await traces(page);
  await page.getByTestId('undo').click();
  await settled(page);
  expect(await traces(page)).toEqual(withKdr);

  await page.getByTestId('edit-mod').click();
  await expect(page.getByTestId('mod-pane')).toBeVisible();
  await expect(page.getByTestId('mod-pane-text')).toContainText('SUFFIX kdr');
  await selectInPane(page, '0.03');
  await page.keyboard.type('0.3', { delay: 40 });
  await expect.poll(() => modText(page, id), { timeout: 5000 }).toContain('gbar = 0.3 (S/cm2)');
  await settled(page);
  await expect(page.getByTestId('mod-pane-state')).toContainText('compiled');
  // A new default is the value the block uses: the traces of gbar = 0.3, sample for sample.
  await expect(page.getByTestId('param-gbar')).toHaveValue('0.3');
  expect(await traces(page)).toEqual(tenfold);
  await page.locator('nw-mod-pane').screenshot({ path: resolve(SHOTS, 'mod-code-pane.png') });

  // A mistake typed in the pane is shown at its line, in the pane.
  await selectInPane(page, 'ik = g * (v - ek)');
  await page.keyboard.type('ik = g * (v - ek', { delay: 10 });
  await expect(page.getByTestId('mod-pane-message')).toContainText(/\d+:1: expected '\)'/, { timeout: 5000 });
  await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('mod-pane-first-error')).toContainText("expected ')'");
  await page.getByTestId('mod-pane-first-error').click();
  await expect(page.getByTestId('mod-pane-message')).toBeInViewport();
  await page.locator('nw-mod-pane').screenshot({ path: resolve(SHOTS, 'mod-code-pane-error.png') });

  // The toolbar's Undo: the typing burst of the mistake, then that of the new default.
  await page.getByTestId('undo').click();
  await settled(page);
  await expect(page.getByTestId('mod-pane-text')).toContainText('ik = g * (v - ek)');
  expect(await traces(page)).toEqual(tenfold);
  await page.getByTestId('undo').click();
  await settled(page);
  await expect(page.getByTestId('mod-pane-text')).toContainText('gbar = 0.03 (S/cm2)');
  expect(await traces(page)).toEqual(withKdr);
});
