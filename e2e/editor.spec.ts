/**
 * Editing the graph as a user does: keyboard copy/paste/duplicate/delete with undo, muting a
 * block (its input passes through and the traces change), a comment shown on the block, the
 * probe of an output, and auto-arrange as one undo step.
 */
import { expect, test } from '@playwright/test';
import { graph, nw, openApp, peak, series, settled, status } from './kit.ts';

test('copy, paste, duplicate and delete from the keyboard, each undone in one step', async ({ page }) => {
  await openApp(page);
  const n0 = (await graph(page)).nodes.length;
  const w0 = (await graph(page)).connections.length;
  // Select two wired blocks (syn_1 and its selection post_5) and copy-paste them.
  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('node-post_5').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+C');
  await page.keyboard.press('Control+V');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n0 + 2);
  let g = await graph(page);
  const pasted = g.nodes.slice(n0).map((n) => n.type).sort();
  expect(pasted).toEqual(['select', 'synaptic-current']);
  // The wire between the two copies is pasted too (post_5 copy → syn_1 copy's "where").
  expect(g.connections.length).toBe(w0 + 1);
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n0);
  // Duplicate one block, then delete it with the Delete key.
  await page.getByTestId('node-traces').click();
  await page.keyboard.press('Control+D');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n0 + 1);
  g = await graph(page);
  const dup = g.nodes[g.nodes.length - 1];
  expect(dup.type).toBe('plot-traces');
  await page.getByTestId(`node-${dup.id}`).click();
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n0);
  await page.keyboard.press('Control+Z');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(n0 + 1);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
});

test('muting a synaptic current passes its model through: the first round no longer fires the axon', async ({ page }) => {
  await openApp(page);
  expect(peak(await series(page, 'traces', 'axon_tip'), 250, 450)).toBeGreaterThan(20);
  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('bypass').check();
  await expect(page.getByTestId('node-muted-syn_1')).toBeVisible();
  await settled(page);
  await expect.poll(async () => peak(await series(page, 'traces', 'axon_tip'), 250, 450)).toBeLessThan(-40);
  await settled(page); // a streamed run may have drawn only its first part when the poll passes
  expect(peak(await series(page, 'traces', 'axon_tip'), 450, 1000)).toBeGreaterThan(20);
  // A comment typed in the inspector shows on the block.
  await page.getByTestId('comment').fill('round 1 muted to compare');
  await page.getByTestId('comment').blur();
  await expect(page.getByTestId('node-comment-syn_1')).toContainText('round 1 muted');
  await page.getByTestId('undo').click(); // the comment
  await page.getByTestId('undo').click(); // the mute
  await settled(page);
  await expect.poll(async () => peak(await series(page, 'traces', 'axon_tip'), 250, 450)).toBeGreaterThan(20);
});

test('the probe shows the head of a table output; auto-arrange moves blocks as one undo step', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('node-probe-labels').click();
  const probe = page.getByTestId('probe');
  await expect(probe).toBeVisible();
  await expect(probe).toContainText('node_id');
  await expect(probe).toContainText('608 rows');
  await page.getByTestId('probe-close').click();
  const before = (await graph(page)).nodes.map((n) => (n as unknown as { position: [number, number] }).position);
  await page.getByTestId('arrange').click();
  await expect.poll(async () => JSON.stringify((await graph(page)).nodes.map((n) => (n as unknown as { position: [number, number] }).position))).not.toBe(JSON.stringify(before));
  await page.getByTestId('undo').click();
  await expect.poll(async () => JSON.stringify((await graph(page)).nodes.map((n) => (n as unknown as { position: [number, number] }).position))).toBe(JSON.stringify(before));
  // Arranging changes no result: nothing recomputed.
  expect((await nw(page, (h) => h.stats('run'))).computations).toBe(1);
});
