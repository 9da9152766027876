/**
 * The morphology view in the workbench: a morphology-view block added to the tutorial graph
 * (neuron from the split, traces from the run, model for the markers), coloured by voltage;
 * the colour of a recorded node is the colour of its recorded value at the view's time, on the
 * block's time and after moving the slider; the animation plays; hovering and clicking a node
 * show its tooltip and dispatch `nw-node-pick`.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { addMorphologyView, HERE, openApp } from './kit.ts';

type Conn = { from: { node: string; port: string }; to: { node: string; port: string } };
type Store = {
  graph: { connections: Conn[] };
  addNode(type: string, position: [number, number], params?: Record<string, unknown>): string;
  connect(c: Conn): { ok: boolean; reason?: string };
  setParam(id: string, name: string, value: unknown): void;
};
type View = HTMLElement & {
  valueAt(node: number): number | null;
  colourAt(node: number): string;
  colourOfValue(v: number): string;
  screenPosition(node: number): [number, number] | null;
  time: number | null;
  frame: number;
  drawnFrames: number;
  playing: boolean;
};

/** Add the view block wired to split, run and the run's model; returns its id. */
const addView = addMorphologyView;

/** The trace of a recorder at the view's current time, and what the view says of its node. */
async function check(page: Page, id: string, label: string) {
  return page.evaluate(
    ([id, label]) => {
      const h = (window as unknown as { __nw: { output(id: string): Record<string, unknown> | null } }).__nw;
      const tr = h.output('run')!.traces as { t: Float64Array; traces: Record<string, Float64Array>; nodes: Record<string, number> };
      const el = document.querySelector(`nw-morphology-view[data-node="${id}"]`) as View;
      const node = tr.nodes[label];
      const time = el.time!;
      let k = 0;
      while (k < tr.t.length - 1 && Math.abs(tr.t[k + 1] - time) < Math.abs(tr.t[k] - time)) k++;
      const recorded = tr.traces[label][k];
      return { node, time, tAtK: tr.t[k], recorded, shown: el.valueAt(node), colour: el.colourAt(node), expected: el.colourOfValue(recorded) };
    },
    [id, label] as const,
  );
}

test('the morphology view colours a node by its recorded voltage, animates, and picks nodes', async ({ page }) => {
  const errors = await openApp(page, 'compartment-tutorial');
  const id = await addView(page, { colourBy: 'voltage', time: 252, title: 'Voltage on the neuron' });
  await page.evaluate(() => (window as unknown as { __nw: { settled(): Promise<void> } }).__nw.settled());
  const view = page.getByTestId(`morph-${id}`);
  await expect(view).toBeVisible();
  await expect(view).toHaveAttribute('data-status', 'done');

  // On the block's time: the soma's colour is that of its recorded value at that time.
  for (const label of ['soma', 'axon_tip', 'dendrite_base']) {
    const c = await check(page, id, label);
    expect(c.time).toBeCloseTo(252, 9);
    expect(c.tAtK).toBe(c.time);
    expect(c.shown).not.toBeNull();
    expect(Math.abs(c.shown! - c.recorded)).toBeLessThan(1e-4 * Math.max(1, Math.abs(c.recorded)));
    expect(c.colour).toBe(c.expected);
  }

  // Move the slider: the colours follow the recorded values at the new time.
  const slider = page.getByTestId(`morph-${id}-time`);
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(Math.round(max * 0.6)));
  const moved = await check(page, id, 'soma');
  expect(moved.time).not.toBeCloseTo(252, 3);
  expect(Math.abs(moved.shown! - moved.recorded)).toBeLessThan(1e-4 * Math.max(1, Math.abs(moved.recorded)));
  expect(moved.colour).toBe(moved.expected);

  // Play for half a second: frames are drawn and the time moves.
  const before = await page.evaluate((id) => {
    const el = document.querySelector(`nw-morphology-view[data-node="${id}"]`) as View;
    return { drawn: el.drawnFrames, frame: el.frame };
  }, id);
  await page.getByTestId(`morph-${id}-play`).click();
  await page.waitForTimeout(500);
  await page.getByTestId(`morph-${id}-play`).click();
  const after = await page.evaluate((id) => {
    const el = document.querySelector(`nw-morphology-view[data-node="${id}"]`) as View;
    return { drawn: el.drawnFrames, frame: el.frame, playing: el.playing };
  }, id);
  expect(after.playing).toBe(false);
  expect(after.drawn - before.drawn).toBeGreaterThan(5);
  expect(after.frame).not.toBe(before.frame);
  const played = await check(page, id, 'axon_tip');
  expect(played.colour).toBe(played.expected);

  // Hover and click the soma: tooltip with its id, and a nw-node-pick event.
  const somaNode = (await check(page, id, 'soma')).node;
  await page.evaluate(() => {
    (window as unknown as { picks: unknown[] }).picks = [];
    document.addEventListener('nw-node-pick', (e) => (window as unknown as { picks: unknown[] }).picks.push((e as CustomEvent).detail));
  });
  const pos = await page.evaluate(
    ([id, node]) => {
      const el = document.querySelector(`nw-morphology-view[data-node="${id}"]`) as View;
      const c = el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
      const p = el.screenPosition(node)!;
      return [c.left + p[0], c.top + p[1]];
    },
    [id, somaNode] as const,
  );
  await page.mouse.move(pos[0] + 1, pos[1] + 1);
  await expect(page.getByTestId(`morph-${id}-tip`)).toContainText(`node ${somaNode}`);
  await expect(page.getByTestId(`morph-${id}-tip`)).toContainText('µm from the soma');
  // The pick goes to the last selected Select block: the dendrite-base selection becomes
  // 'node ids' [the picked node], and its recorder now records there.
  await page.evaluate(() => (window as unknown as { __nw: { select(ids: string[]): void } }).__nw.select(['dend_base']));
  await page.mouse.click(pos[0] + 1, pos[1] + 1);
  const picks = await page.evaluate(() => (window as unknown as { picks: unknown[] }).picks);
  expect(picks).toEqual([{ nodeId: id, node: somaNode }]);
  const params = await page.evaluate(() => (window as unknown as { __nw: { graph(): { nodes: Array<{ id: string; params: Record<string, unknown> }> } } }).__nw.graph().nodes.find((n) => n.id === 'dend_base')!.params);
  expect(params.mode).toBe('node ids');
  expect(params.ids).toEqual([somaNode]);
  await expect(page.getByTestId('toast').last()).toContainText(`node ${somaNode} → dend_base`);

  mkdirSync(resolve(HERE, 'screenshots'), { recursive: true });
  await view.screenshot({ path: resolve(HERE, 'screenshots', 'morphology-voltage.png') });
  expect(errors).toEqual([]);
});

test('the morphology view colours by compartment with a legend', async ({ page }) => {
  await openApp(page, 'compartment-tutorial');
  const id = await addView(page, { colourBy: 'compartment' });
  await page.evaluate(() => (window as unknown as { __nw: { settled(): Promise<void> } }).__nw.settled());
  const view = page.getByTestId(`morph-${id}`);
  await expect(view).toHaveAttribute('data-status', 'done');
  await expect(view.locator('.legend')).toContainText('axon');
  await expect(view.locator('.legend')).toContainText('dendrite');
  await expect(page.getByTestId(`morph-${id}-time`)).toHaveCount(0);
  const soma = await page.evaluate((id) => {
    const el = document.querySelector(`nw-morphology-view[data-node="${id}"]`) as View;
    const h = (window as unknown as { __nw: { output(id: string): Record<string, unknown> | null } }).__nw;
    const fig = h.output(id)!.figure as { morphology: { ids: Int32Array; compartment: Uint8Array; compartmentNames: string[] } };
    const m = fig.morphology;
    // A dendrite node's colour is the dendrite colour of the legend.
    const row = m.compartment.findIndex((c) => m.compartmentNames[c] === 'dendrite');
    return { colour: el.colourAt(m.ids[row]), value: el.valueAt(m.ids[row]), dendrite: m.compartmentNames.indexOf('dendrite') };
  }, id);
  expect(soma.value).toBe(soma.dendrite);
  expect(soma.colour).toBe('#0072b2');
  await view.screenshot({ path: resolve(HERE, 'screenshots', 'morphology-compartments.png') });
});
