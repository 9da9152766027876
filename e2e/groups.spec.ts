// Groups (frame, collapse, expand, persist), level-of-detail at low zoom, reroute points on wires.
import { expect, test, type Page } from '@playwright/test';
import { graph, nw, openApp, screenshot } from './kit.ts';

type Doc = {
  nodes: Array<{ id: string; position: [number, number] }>;
  connections: Array<{ from: { node: string; port: string }; to: { node: string; port: string }; via?: Array<[number, number]> }>;
  groups?: Array<{ id: string; title: string; color: string; nodes: string[]; collapsed?: boolean }>;
};
const doc = async (page: Page) => (await graph(page)) as unknown as Doc;
const flushLibrary = (page: Page) => nw(page, (h) => (h as unknown as { library: { flush(): Promise<void> } }).library.flush());

/** The first and last points of a wire's drawn path (editor px, from its `d`). */
async function wireEnds(page: Page, key: string): Promise<{ start: [number, number]; end: [number, number] }> {
  const d = (await page.locator(`svg[data-wire="${key}"] path`).getAttribute('d'))!;
  const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  return { start: [nums[0], nums[1]], end: [nums[nums.length - 2], nums[nums.length - 1]] };
}

const MEMBERS = ['post_5', 'syn_1', 'syn_2'];

test('select 3 blocks → group → collapse → expand → undo → reload keeps the group', async ({ page }) => {
  const errors = await openApp(page);
  await nw(page, (h, ids: string[]) => h.select(ids), MEMBERS);
  await page.getByTestId('group').click();
  await expect.poll(async () => (await doc(page)).groups).toEqual([{ id: 'group', title: 'Group 1', color: '#4f7cac', nodes: MEMBERS }]);
  const frame = page.getByTestId('group-group');
  await expect(frame).toBeVisible();
  await expect(page.getByTestId('group-title-group')).toHaveText('Group 1');
  // The frame surrounds its three blocks on screen.
  const f = (await frame.boundingBox())!;
  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const id of MEMBERS) boxes.set(id, (await page.getByTestId(`node-${id}`).boundingBox())!);
  for (const b of boxes.values()) {
    expect(b.x).toBeGreaterThan(f.x);
    expect(b.y).toBeGreaterThan(f.y);
    expect(b.x + b.width).toBeLessThan(f.x + f.width);
    expect(b.y + b.height).toBeLessThan(f.y + f.height);
  }
  await screenshot(page, 'groups-framed');
  const positions = (await doc(page)).nodes.filter((n) => MEMBERS.includes(n.id)).map((n) => n.position);

  // Collapse: the blocks are hidden, one box stands for them, wires to the outside end on it.
  await page.getByTestId('group-collapse-group').click();
  await expect(frame).toHaveAttribute('data-collapsed', 'true');
  for (const id of MEMBERS) await expect(page.getByTestId(`node-${id}`)).toBeHidden();
  await expect(page.getByTestId('group-count-group')).toHaveText('3 blocks: post_5, syn_1, syn_2');
  expect((await doc(page)).groups![0].collapsed).toBe(true);
  // The box's corner is the blocks' top-left corner: syn_1 at (0, 450), post_5 at (0, 600), syn_2 at (260, 450) → (0, 450).
  const corner = [Math.min(...positions.map((p) => p[0])), Math.min(...positions.map((p) => p[1]))];
  expect(corner).toEqual([0, 450]);
  // hh.model → syn_1.model comes from outside: it ends on the box's left edge, mid-height (64 px box).
  const into = await wireEnds(page, 'hh.model>syn_1.model');
  expect(into.end).toEqual([corner[0], corner[1] + 32]);
  // syn_2.model → syn_3.model leaves from the box's right edge (220 px box).
  const out = await wireEnds(page, 'syn_2.model>syn_3.model');
  expect(out.start).toEqual([corner[0] + 220, corner[1] + 32]);
  // post_5.selection → syn_1.where is inside the group: not drawn.
  await expect(page.locator('svg[data-wire="post_5.selection>syn_1.where"]')).toHaveAttribute('data-hidden', 'true');
  await screenshot(page, 'groups-collapsed');

  // Expand: the blocks are back where they were, at the same place on screen.
  await page.getByTestId('group-collapse-group').click();
  await expect(frame).toHaveAttribute('data-collapsed', 'false');
  for (const id of MEMBERS) {
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
    const b = (await page.getByTestId(`node-${id}`).boundingBox())!;
    expect([b.x, b.y]).toEqual([boxes.get(id)!.x, boxes.get(id)!.y]);
  }
  expect((await doc(page)).nodes.filter((n) => MEMBERS.includes(n.id)).map((n) => n.position)).toEqual(positions);
  const back = await wireEnds(page, 'hh.model>syn_1.model');
  expect(back.end[0]).toBeGreaterThan(corner[0] - 10);
  expect(back.end[1]).toBeGreaterThan(corner[1] + 32); // the socket again, below the box's middle

  // Undo takes back the expand, then the collapse; redo the collapse.
  await page.getByTestId('undo').click();
  await expect(frame).toHaveAttribute('data-collapsed', 'true');
  await page.getByTestId('undo').click();
  await expect(frame).toHaveAttribute('data-collapsed', 'false');

  // Drag the group by its title bar: its blocks move together, one undo step.
  const bar = (await page.getByTestId('group-bar-group').boundingBox())!;
  await page.mouse.move(bar.x + 30, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + 130, bar.y + bar.height / 2 + 60, { steps: 6 });
  await page.mouse.up();
  const k = await page.evaluate(() => {
    const t = getComputedStyle(document.querySelector('.nw-groups-layer')!.parentElement!).transform; // matrix(k, 0, 0, k, x, y)
    return Number(t.slice(7).split(',')[0]);
  });
  const moved = (await doc(page)).nodes.filter((n) => MEMBERS.includes(n.id)).map((n) => n.position);
  const dx = Math.round(100 / k);
  const dy = Math.round(60 / k);
  expect(moved).toEqual(positions.map((p) => [p[0] + dx, p[1] + dy]));
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await doc(page)).nodes.filter((n) => MEMBERS.includes(n.id)).map((n) => n.position)).toEqual(positions);

  // Rename (text, never HTML) and collapse, then reload: the group is still there.
  page.once('dialog', (d) => void d.accept('<img src=x onerror=alert(1)> synapses'));
  await page.getByTestId('group-title-group').dblclick();
  await expect(page.getByTestId('group-title-group')).toHaveText('<img src=x onerror=alert(1)> synapses');
  await expect(frame.locator('img')).toHaveCount(0);
  await page.getByTestId('group-collapse-group').click();
  await flushLibrary(page);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await nw(page, (h) => h.ready);
  expect((await doc(page)).groups).toEqual([{ id: 'group', title: '<img src=x onerror=alert(1)> synapses', color: '#4f7cac', nodes: MEMBERS, collapsed: true }]);
  await expect(page.getByTestId('group-group')).toHaveAttribute('data-collapsed', 'true');
  for (const id of MEMBERS) await expect(page.getByTestId(`node-${id}`)).toBeHidden();
  await page.getByTestId('group-collapse-group').click();
  for (const id of MEMBERS) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  // Ungroup: the frame goes, the blocks stay.
  await page.getByTestId('group-ungroup-group').click();
  await expect(page.getByTestId('group-group')).toHaveCount(0);
  expect((await doc(page)).groups).toBeUndefined();
  expect(errors).toEqual([]);
});

test('zoomed out, blocks show their title only, in a large font on their status colour', async ({ page }) => {
  await openApp(page);
  const root = page.locator('.nw-editor-root');
  const zoom = () => page.evaluate(() => Number(getComputedStyle(document.querySelector('.nw-groups-layer')!.parentElement!).transform.slice(7).split(',')[0]));
  // Zoom in past 0.5 first: the full block.
  const area = (await page.locator('.editor-area').boundingBox())!;
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  while ((await zoom()) < 0.6) await page.mouse.wheel(0, -200);
  await expect(root).not.toHaveClass(/nw-lod-far/);
  await expect(page.getByTestId('node-lod-soma')).toBeHidden();
  await expect(page.getByTestId('node-status-soma')).toBeVisible();
  while ((await zoom()) >= 0.5) await page.mouse.wheel(0, 200);
  await expect(root).toHaveClass(/nw-lod-far/);
  const lod = page.getByTestId('node-lod-soma');
  await expect(lod).toBeVisible();
  await expect(lod).toHaveText('Set soma');
  await expect(page.getByTestId('node-status-soma')).toBeHidden();
  // Large: 26 px in the block (twice the 13 px title), and the done colour.
  const font = await lod.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(font).toBe(26);
  expect(await lod.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(220, 241, 225)');
  await screenshot(page, 'groups-lod-far');
});

test('a reroute point: added by double-clicking a wire, dragged, kept across a reload, deleted', async ({ page }) => {
  await openApp(page);
  const key = 'load.neuron>soma.neuron';
  // The middle of the wire on screen.
  const mid = await page.locator(`svg[data-wire="${key}"] path`).evaluate((p: SVGPathElement) => {
    const pt = p.getPointAtLength(p.getTotalLength() / 2);
    const m = p.getScreenCTM()!;
    return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
  });
  await page.mouse.dblclick(mid.x, mid.y);
  await expect.poll(async () => (await doc(page)).connections.find((c) => c.from.node === 'load')?.via?.length).toBe(1);
  const via0 = (await doc(page)).connections.find((c) => c.from.node === 'load')!.via![0];
  const handle = page.getByTestId(`reroute-${key}-0`);
  await expect(handle).toBeVisible();
  // Drag it 80 px down on screen.
  const h = (await handle.boundingBox())!;
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2 + 80, { steps: 5 });
  await page.mouse.up();
  const k = await page.evaluate(() => Number(getComputedStyle(document.querySelector('.nw-groups-layer')!.parentElement!).transform.slice(7).split(',')[0]));
  await expect.poll(async () => (await doc(page)).connections.find((c) => c.from.node === 'load')!.via).toEqual([[via0[0], via0[1] + Math.round(80 / k)]]);
  // The wire passes through the point.
  const d = (await page.locator(`svg[data-wire="${key}"] path`).getAttribute('d'))!;
  expect(d).toContain(` ${via0[0]} ${via0[1] + Math.round(80 / k)} C `);
  await flushLibrary(page);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await nw(page, (h) => h.ready);
  expect((await doc(page)).connections.find((c) => c.from.node === 'load')!.via).toEqual([[via0[0], via0[1] + Math.round(80 / k)]]);
  await expect(page.getByTestId(`reroute-${key}-0`)).toBeVisible();
  await page.getByTestId(`reroute-${key}-0`).dblclick();
  await expect.poll(async () => (await doc(page)).connections.find((c) => c.from.node === 'load')!.via).toBeUndefined();
  await expect(page.getByTestId(`reroute-${key}-0`)).toHaveCount(0);
});

test('Ctrl+G groups the selection, Ctrl+Shift+G ungroups; a block folds to its title and sockets, one undo step', async ({ page }) => {
  await openApp(page);
  await nw(page, (h) => h.select(['run', 'traces']));
  await page.locator('.editor-area').focus();
  await page.keyboard.press('Control+g');
  await expect.poll(async () => (await doc(page)).groups?.map((g) => g.nodes)).toEqual([['run', 'traces']]);
  await page.keyboard.press('Control+Shift+g');
  await expect.poll(async () => (await doc(page)).groups).toBeUndefined();
  // Zoomed in, so that the full block shows.
  const area = (await page.locator('.editor-area').boundingBox())!;
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200);
  const block = page.getByTestId('node-soma');
  const tall = (await block.boundingBox())!.height;
  await expect(page.getByTestId('node-status-soma')).toBeVisible();
  await page.getByTestId('node-fold-soma').click();
  await expect.poll(async () => ((await graph(page)).nodes.find((n) => n.id === 'soma') as { collapsed?: boolean }).collapsed).toBe(true);
  await expect(page.getByTestId('node-status-soma')).toBeHidden();
  await expect(block.locator('.nw-summary')).toHaveCount(0);
  // Shorter by the status line and the summary; the sockets stay.
  await expect.poll(async () => (await block.boundingBox())!.height).toBeLessThan(tall - 20);
  await expect(page.getByTestId('socket-soma-in-neuron')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-status-soma')).toBeVisible();
  expect(((await graph(page)).nodes.find((n) => n.id === 'soma') as { collapsed?: boolean }).collapsed).toBeUndefined();
});
