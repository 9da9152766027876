/**
 * Slider edits are paced to one per animation frame (src/ui/edit-pacer.ts): a burst of input
 * events within one frame reaches the store as the first value at once and the newest one at
 * the next frame; releasing the slider sends what waits; the burst is one undo step.
 */
import { expect, test } from '@playwright/test';
import { graph, openApp, settled } from './kit.ts';

test('a burst of slider input events in one frame is two edits (first, latest), one undo step', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('node-props').click();
  const slider = page.getByTestId('param-Ra-slider');
  await expect(slider).toBeVisible();
  const before = (await graph(page)).nodes.find((n) => n.id === 'props')!.params.Ra;
  // Ten values in one task (one frame), then two frames later the release.
  const seen = await page.evaluate(async () => {
    type Store = { changes$: { subscribe(f: (c: { kind: string; graph: { nodes: Array<{ id: string; params: Record<string, unknown> }> } }) => void): { unsubscribe(): void } } };
    const store = (window as unknown as { __nw: { app: { store: Store } } }).__nw.app.store;
    const values: unknown[] = [];
    const sub = store.changes$.subscribe((c) => {
      if (c.kind === 'params') values.push(c.graph.nodes.find((n) => n.id === 'props')?.params.Ra);
    });
    const el = document.querySelector<HTMLInputElement>('[data-testid="param-Ra-slider"]')!;
    for (let v = 101; v <= 110; v++) {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const inTask = values.length;
    // While the graph computes 101, the drag's newest value waits (each run completes before the next starts).
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const whileComputing = values.length;
    // Then it goes (once 101 is computed), and starts its own run; wait for that one too.
    while (values.length < 2) await new Promise((r) => requestAnimationFrame(r));
    await (window as unknown as { __nw: { settled(): Promise<void> } }).__nw.settled();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const afterFrames = values.length;
    el.value = '120';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.value = '121';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    // Released: the waiting 121 goes at once.
    el.dispatchEvent(new Event('change', { bubbles: true }));
    sub.unsubscribe();
    return { inTask, whileComputing, afterFrames, values };
  });
  expect(seen.inTask).toBe(1);
  expect(seen.whileComputing).toBe(1);
  expect(seen.afterFrames).toBe(2);
  expect(seen.values).toEqual([101, 110, 120, 121]);
  await settled(page);
  expect((await graph(page)).nodes.find((n) => n.id === 'props')!.params.Ra).toBe(121);
  await expect(page.getByTestId('param-Ra')).toHaveValue('121');
  // One drag, one undo step.
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).nodes.find((n) => n.id === 'props')!.params.Ra).toBe(before);
});
