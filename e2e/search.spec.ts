// Search everywhere (issue 18): the add-block popup on Space and double-click, the popup on a wire dropped on empty canvas (pre-filtered, wired on pick), the context menu's search.
import { expect, test, type Page } from '@playwright/test';
import { graph, nw, openApp, screenshot } from './kit.ts';

/** A point of the editor (client px) with nothing under it: no block, wire, socket or overlay, and no block within 60 px. */
async function emptySpot(page: Page, prefer: 'right' | 'any' = 'any'): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate((prefer) => {
    const area = document.querySelector('.editor-area')!.getBoundingClientRect();
    const blocks = [...document.querySelectorAll('.nw-node')].map((n) => n.getBoundingClientRect());
    const xs: number[] = [];
    for (let x = area.left + 80; x < area.right - 320; x += 40) xs.push(x);
    if (prefer === 'right') xs.reverse();
    for (const x of xs) {
      for (let y = area.top + 60; y < area.bottom - 240; y += 40) {
        const near = blocks.some((b) => x > b.left - 60 && x < b.right + 60 && y > b.top - 60 && y < b.bottom + 60);
        if (near) continue;
        const hit = document.elementFromPoint(x, y);
        if (hit && !hit.closest('.nw-node, rete-connection, .nw-minimap, rete-minimap')) return { x, y };
      }
    }
    return null;
  }, prefer);
  expect(spot, 'an empty spot on the canvas').toBeTruthy();
  return spot!;
}

test('Space opens the add popup: IntFire4 finds the point network; a double-click adds a block where it opened', async ({ page }) => {
  const errors = await openApp(page);
  const p = await emptySpot(page);
  // A click on empty canvas gives the editor the focus (and selects nothing).
  await page.mouse.click(p.x, p.y);
  await page.keyboard.press('Space');
  const popup = page.getByTestId('add-popup');
  await expect(popup).toBeVisible();
  await expect(page.getByTestId('add-popup-search')).toBeFocused();
  await page.keyboard.type('IntFire4');
  const items = popup.locator('[data-testid^="add-popup-item-"]');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-testid', 'add-popup-item-point-network');
  await expect(items.first()).toContainText('Point network');
  await expect(page.getByTestId('add-popup-alias-point-network')).toHaveText('= IntFire4');
  await screenshot(page, 'search-popup-intfire4');
  // Escape closes it; nothing was added.
  const n = (await graph(page)).nodes.length;
  await page.keyboard.press('Escape');
  await expect(popup).toHaveCount(0);
  expect((await graph(page)).nodes.length).toBe(n);
  // NEURON names: AlphaSynapse finds the synaptic current first; Tab/arrow keys move, Enter picks.
  await page.mouse.dblclick(p.x, p.y);
  await expect(popup).toBeVisible();
  await page.getByTestId('add-popup-search').fill('AlphaSynapse');
  await expect(items.first()).toHaveAttribute('data-testid', 'add-popup-item-synaptic-current');
  await page.getByTestId('add-popup-search').fill('IntFire4');
  await page.keyboard.press('Enter');
  await expect(popup).toHaveCount(0);
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n + 1);
  const added = (await graph(page)).nodes[n] as unknown as { id: string; type: string };
  expect(added.type).toBe('point-network');
  // Its corner is where the popup opened (the double-clicked point), to a pixel.
  const box = (await page.getByTestId(`node-${added.id}`).boundingBox())!;
  expect(Math.abs(box.x - p.x)).toBeLessThan(2);
  expect(Math.abs(box.y - p.y)).toBeLessThan(2);
  // One undo step takes it back.
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n);
  expect(errors).toEqual([]);
});

test('a wire from a model output dropped on empty canvas: only blocks with a model input; Run is added wired', async ({ page }) => {
  const errors = await openApp(page);
  const g0 = await graph(page);
  const p = await emptySpot(page, 'right');
  const s = (await page.getByTestId('socket-rec_soma-out-model').boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move((s.x + p.x) / 2, (s.y + p.y) / 2, { steps: 5 });
  await page.mouse.move(p.x, p.y, { steps: 5 });
  await page.mouse.up();
  const popup = page.getByTestId('add-popup');
  await expect(popup).toBeVisible();
  await expect(page.getByTestId('add-popup-heading')).toHaveText('Blocks that take a model');
  const offered = await popup.locator('[data-testid^="add-popup-item-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('add-popup-item-'.length)));
  // Exactly the catalogue's blocks with a model input, in catalogue order.
  expect(offered).toEqual(['set-properties', 'insert-mechanism', 'synaptic-current', 'synaptic-input', 'expsyn-input', 'current-clamp', 'point-process', 'voltage-recorder', 'current-recorder', 'spike-detector', 'run', 'morphology-view']);
  await screenshot(page, 'search-popup-wire');
  await page.getByTestId('add-popup-search').fill('run');
  await expect(popup.locator('[data-testid^="add-popup-item-"]').first()).toHaveAttribute('data-testid', 'add-popup-item-run');
  // Run network takes a network, not a model: it is not offered.
  await expect(page.getByTestId('add-popup-item-run-network')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(g0.nodes.length + 1);
  const g = await graph(page);
  const added = g.nodes.find((x) => !g0.nodes.some((y) => y.id === x.id))!;
  expect(added.type).toBe('run');
  const wires = g.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`);
  expect(wires).toContain(`rec_soma.model>${added.id}.model`);
  expect(g.connections.length).toBe(g0.connections.length + 1);
  // The old run is still wired as it was (an output feeds many inputs).
  expect(wires).toContain('rec_soma.model>run.model');
  // The new run computes: same model, same traces as the old one.
  await expect(page.getByTestId(`node-${added.id}`)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  // Undo removes block and wire in one step.
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).connections.length).toBe(g0.connections.length);
  expect((await graph(page)).nodes.length).toBe(g0.nodes.length);
  expect(errors).toEqual([]);
});

test('a wire from an input dropped on empty canvas: the picked Select nodes feeds it and reads the model\'s neuron', async ({ page }) => {
  const errors = await openApp(page);
  // Take syn_1's selection wire off (picking a wired input moves its wire), then drag a new one from the free input.
  const g0 = await graph(page);
  const old = g0.connections.find((c) => c.to.node === 'syn_1' && c.to.port === 'where')!;
  const p = await emptySpot(page, 'right');
  // Picking the wired input and dropping it on nothing removes the wire (as before): no popup.
  const s = (await page.getByTestId('socket-syn_1-in-where').boundingBox())!;
  const drag = async () => {
    await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
    await page.mouse.down();
    await page.mouse.move((s.x + p.x) / 2, (s.y + p.y) / 2, { steps: 5 });
    await page.mouse.move(p.x, p.y, { steps: 5 });
    await page.mouse.up();
  };
  await drag();
  await expect.poll(async () => (await graph(page)).connections.length).toBe(g0.connections.length - 1);
  await expect(page.getByTestId('add-popup')).toHaveCount(0);
  expect(old.from.node).toBe('post_5');
  // Now the input is free: the same drag opens the popup with the blocks that give nodes.
  await drag();
  await expect(page.getByTestId('add-popup-heading')).toHaveText('Blocks that give nodes');
  const items = page.getByTestId('add-popup').locator('[data-testid^="add-popup-item-"]');
  // Select nodes and its presets, nothing else.
  await expect(items).toHaveCount(5);
  await expect(items.first()).toHaveAttribute('data-testid', 'add-popup-item-select');
  await page.getByTestId('add-popup-item-select.synapses').click();
  const g = await graph(page);
  const added = g.nodes.find((x) => !g0.nodes.some((y) => y.id === x.id))!;
  expect(added.type).toBe('select');
  expect(added.params).toEqual({ mode: 'synapses' });
  const wires = g.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`);
  expect(wires).toContain(`${added.id}.selection>syn_1.where`);
  // Its neuron: the nearest upstream of syn_1 (the split neuron the model was built from).
  expect(wires).toContain(`split.neuron>${added.id}.neuron`);
  // The first 20 dendritic postsynapses instead of post_5's 5: syn_1 runs again on them.
  await expect(page.getByTestId('node-syn_1')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const sel = (await nw(page, (h, id: string) => JSON.stringify(Array.from((h.output(id) as { selection: { ids: Int32Array } }).selection.ids)), added.id)) as string;
  expect(JSON.parse(sel)).toHaveLength(20);
  expect(errors).toEqual([]);
});

test('the context menu filters as you type (by NEURON names too) and adds where it opened', async ({ page }) => {
  const errors = await openApp(page);
  const n = (await graph(page)).nodes.length;
  const p = await emptySpot(page);
  await page.mouse.click(p.x, p.y);
  await page.mouse.click(p.x, p.y, { button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await expect(page.getByTestId('context-menu-search-input')).toBeFocused();
  await page.keyboard.type('IClamp');
  const items = menu.locator('rete-context-menu-item');
  await expect(items).toHaveCount(2); // Current clamp, Point process (IClamp is one of its kinds)
  await expect(items.first()).toContainText('Current clamp');
  // Not a regular expression: "(" is no error (it narrows nothing); a word no block has lists nothing.
  await page.getByTestId('context-menu-search-input').fill('(');
  await expect(items).toHaveCount(12);
  await page.getByTestId('context-menu-search-input').fill('xyzzy');
  await expect(items).toHaveCount(0);
  await page.getByTestId('context-menu-search-input').fill('reroot_skeleton');
  await expect(items).toHaveCount(1);
  await items.first().click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n + 1);
  expect(((await graph(page)).nodes[n] as unknown as { type: string }).type).toBe('reroot');
  expect(errors).toEqual([]);
});

test('the palette finds blocks by NEURON names; a block added with one block selected is wired from it (one undo step)', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('palette-search').fill('add_voltage_record');
  await expect(page.locator('[data-testid^="palette-item-"]')).toHaveCount(1);
  await expect(page.getByTestId('palette-item-voltage-recorder')).toContainText('= add_voltage_record');
  const g0 = await graph(page);
  await page.getByTestId('node-rec_soma').click();
  await page.getByTestId('palette-item-voltage-recorder').click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(g0.nodes.length + 1);
  const g = await graph(page);
  const added = g.nodes.find((x) => !g0.nodes.some((y) => y.id === x.id))!;
  expect(g.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`)).toContain(`rec_soma.model>${added.id}.model`);
  expect(g.connections.length).toBe(g0.connections.length + 1);
  // It went right of rec_soma (below the Run that is there already, on no other block), on screen.
  const a = (await page.getByTestId('node-rec_soma').boundingBox())!;
  const b = (await page.getByTestId(`node-${added.id}`).boundingBox())!;
  expect(b.x).toBeGreaterThan(a.x + a.width);
  const overlaps = await page.evaluate((id) => {
    const me = document.querySelector(`[data-testid="node-${id}"]`)!.getBoundingClientRect();
    return [...document.querySelectorAll('.nw-node')].filter((n) => n.getAttribute('data-testid') !== `node-${id}`).map((n) => n.getBoundingClientRect()).filter((r) => r.left < me.right && me.left < r.right && r.top < me.bottom && me.top < r.bottom).length;
  }, added.id);
  expect(overlaps).toBe(0);
  const area = (await page.locator('.editor-area').boundingBox())!;
  expect(b.x + b.width).toBeLessThanOrEqual(area.x + area.width);
  expect(b.y + b.height).toBeLessThanOrEqual(area.y + area.height);
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(g0.nodes.length);
  expect((await graph(page)).connections.length).toBe(g0.connections.length);
  expect(errors).toEqual([]);
});
