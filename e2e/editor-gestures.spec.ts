// Editor gestures the other specs do not drive: band select, group drag as one undo step, background click, Escape, Ctrl+A, context menu add/delete, a wire dropped on nothing.
import { expect, test, type Page } from '@playwright/test';
import { graph, openApp } from './kit.ts';

type Pos = { id: string; position: [number, number] };
const positions = async (page: Page) => ((await graph(page)).nodes as unknown as Pos[]).map((n) => ({ id: n.id, position: n.position }));

async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.editor-area').boundingBox())!;
  return { x: box.x + 6, y: box.y + 6 };
}

test('band select, group drag as one move, background click clears, Escape', async ({ page }) => {
  await openApp(page);
  const n = (await graph(page)).nodes.length;
  const box = (await page.locator('.editor-area').boundingBox())!;
  const p0 = await emptyPoint(page);
  await page.keyboard.down('Shift');
  await page.mouse.move(p0.x, p0.y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width - 150, box.y + box.height - 4, { steps: 5 });
  await expect(page.locator('.nw-band')).toHaveCount(1);
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.locator('.nw-band')).toHaveCount(0);
  const selCount = await page.locator('.nw-node.nw-selected').count();
  expect(selCount).toBeGreaterThan(3);
  // Drag one of the selected: all selected move together, one store move.
  const before = await positions(page);
  const sel = await page.locator('.nw-node.nw-selected').first().boundingBox();
  await page.mouse.move(sel!.x + 20, sel!.y + 8);
  await page.mouse.down();
  await page.mouse.move(sel!.x + 60, sel!.y + 48, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => (await positions(page)).filter((p, i) => p.position[0] !== before[i].position[0]).length).toBe(selCount);
  await page.getByTestId('undo').click();
  await expect.poll(async () => JSON.stringify(await positions(page))).toBe(JSON.stringify(before));
  // A background click clears the selection.
  await page.mouse.click(p0.x, p0.y);
  await expect(page.locator('.nw-node.nw-selected')).toHaveCount(0);
  // Escape: probe closes first, then the selection clears.
  await page.getByTestId('node-labels').click();
  await page.getByTestId('node-probe-labels').click();
  await expect(page.getByTestId('probe')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('probe')).toHaveCount(0);
  await expect(page.locator('.nw-node.nw-selected')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('.nw-node.nw-selected')).toHaveCount(0);
  // Ctrl+A selects every block.
  await page.mouse.click(p0.x, p0.y);
  await page.keyboard.press('Control+A');
  await expect(page.locator('.nw-node.nw-selected')).toHaveCount(n);
});

test('context menu: add a block where it opened; delete a block; a wire dropped on nothing goes', async ({ page }) => {
  await openApp(page);
  const n = (await graph(page)).nodes.length;
  const p0 = await emptyPoint(page);
  await page.mouse.click(p0.x + 10, p0.y + 10, { button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  const first = menu.locator('rete-context-menu-item').first();
  await first.hover();
  await first.locator('rete-context-menu-item').first().click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n + 1);
  const added = (await positions(page))[n];
  // Right-click that block → Delete.
  await page.getByTestId(`node-${added.id}`).click({ button: 'right' });
  await page.locator('rete-context-menu-item', { hasText: /^\s*Delete\s*$/ }).click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n);
  // Pick the wire off run's model input and drop it on the background.
  const w0 = (await graph(page)).connections.length;
  const s = (await page.getByTestId('socket-run-in-model').boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(p0.x + 40, p0.y + 40, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await graph(page)).connections.length).toBe(w0 - 1);
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).connections.length).toBe(w0);
});
