/**
 * Subgraphs as a user makes them: the tutorial's first round (select postsynapses → synaptic
 * current) becomes a subgraph with Make subgraph, a second instance comes from "My blocks",
 * double-clicking one enters it (breadcrumb Graph › Subgraph 1), a parameter edited inside
 * changes both instances' results, a reload keeps it all, and the subgraph saved to My blocks is
 * offered in another graph (using it embeds its definition). The Repeat example reads at the
 * default zoom and gives the flat tutorial's traces.
 */
import { expect, test, type Page } from '@playwright/test';
import { graph as graphDoc, nw, openApp, peak, screenshot, series, settled, type GraphDoc } from './kit.ts';

type WithSubgraphs = GraphDoc & { subgraphs?: Array<{ id: string; nodes: Array<{ id: string; params: Record<string, unknown> }> }> };
const graph = async (page: Page): Promise<WithSubgraphs> => (await graphDoc(page)) as WithSubgraphs;

type App = { viewStore: { connect(c: unknown): { ok: boolean; reason?: string } } };

/** Wire two ports of the open view (as dragging a wire does; drags are covered in editor-gestures). */
async function connect(page: Page, from: string, to: string): Promise<void> {
  const r = await nw(page, (h, a: [string, string]) => {
    const [f, t] = a.map((s) => ({ node: s.split('.')[0], port: s.split('.')[1] }));
    return ((h as unknown as { app: App }).app.viewStore.connect({ from: f, to: t }));
  }, [from, to] as [string, string]);
  expect(r).toEqual({ ok: true });
}

test('Make subgraph from select + synapse, use it twice from My blocks, edit inside: both instances follow; a reload keeps it', async ({ page }) => {
  const errors = await openApp(page);
  const before = await series(page, 'traces', 'axon_tip');
  expect(peak(before, 250, 450)).toBeGreaterThan(20);

  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('node-post_5').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-subgraph').click();
  await expect.poll(async () => (await graph(page)).nodes.some((n) => n.type === 'subgraph:subgraph-1')).toBe(true);
  let g = await graph(page);
  expect(g.nodes.some((n) => n.id === 'syn_1' || n.id === 'post_5')).toBe(false);
  await settled(page);
  // The same model: the same traces, sample for sample.
  expect(await series(page, 'traces', 'axon_tip')).toEqual(before);
  await expect(page.getByTestId('node-subgraph-1')).toHaveAttribute('data-status', 'done');

  // A second instance from My blocks, after the fourth round: 5 more synapses at 250 ms.
  await page.getByTestId('palette-item-subgraph:subgraph-1').click();
  await expect.poll(async () => (await graph(page)).nodes.filter((n) => n.type === 'subgraph:subgraph-1').length).toBe(2);
  g = await graph(page);
  const second = g.nodes.filter((n) => n.type === 'subgraph:subgraph-1').map((n) => n.id).find((id) => id !== 'subgraph-1')!;
  await connect(page, 'syn_4.model', `${second}.model`);
  await connect(page, 'split.neuron', `${second}.neuron`);
  await connect(page, `${second}.model`, 'rec_dend.model');
  await settled(page);
  await expect(page.getByTestId(`node-${second}`)).toHaveAttribute('data-status', 'done');
  await screenshot(page, 'subgraph-two-instances');

  // Enter the first instance, set the synapse's gmax to 0 inside: round 1 no longer fires the axon,
  // which holds only if both instances changed (5 synapses of either fire it, see editor.spec).
  await page.getByTestId('node-subgraph-1').dblclick();
  await expect(page.getByTestId('breadcrumb-subgraph')).toHaveValue('Subgraph 1');
  await expect(page.getByTestId('node-syn_1')).toBeVisible();
  await page.getByTestId('node-syn_1').click();
  // Its model comes from outside through the subgraph's input: no "not connected" warning inside.
  await expect(page.locator('.inspector-issues')).toHaveCount(0);
  await page.getByTestId('param-gmax').fill('0');
  await page.getByTestId('param-gmax').blur();
  await expect.poll(async () => (await graph(page)).subgraphs?.[0].nodes.find((n) => n.id === 'syn_1')?.params.gmax).toBe(0);
  await settled(page);
  await expect.poll(async () => peak(await series(page, 'traces', 'axon_tip'), 250, 450)).toBeLessThan(-40);
  await settled(page); // a streamed run may have drawn only its first part when the poll passes
  expect(peak(await series(page, 'traces', 'axon_tip'), 450, 1000)).toBeGreaterThan(20);
  await screenshot(page, 'subgraph-inside');
  await page.getByTestId('breadcrumb-root').click();
  await expect(page.getByTestId('node-rec_dend')).toBeVisible();

  // Reload: the graph (definition, both instances) and its results come back.
  await nw(page, (h) => (h as unknown as { library: { flush(): Promise<void> } }).library.flush());
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await page.evaluate(() => (window as unknown as { __nw: { ready: Promise<void> } }).__nw.ready);
  g = await graph(page);
  expect(g.nodes.filter((n) => n.type === 'subgraph:subgraph-1').length).toBe(2);
  expect(g.subgraphs?.[0].nodes.find((n) => n.id === 'syn_1')?.params.gmax).toBe(0);
  await settled(page);
  expect(peak(await series(page, 'traces', 'axon_tip'), 250, 450)).toBeLessThan(-40);

  // Save it to My blocks (this browser), open another graph: the saved block is offered there,
  // and using it embeds its definition in that graph.
  await page.getByTestId('node-subgraph-1').click();
  await page.getByTestId('save-block').click();
  await expect(page.getByTestId('toast').last()).toContainText('“Subgraph 1” saved to My blocks');
  await nw(page, (h) => h.openExample('synaptic-input'));
  await settled(page);
  expect((await graph(page)).subgraphs).toBeUndefined();
  await page.getByTestId('palette-item-saved:subgraph-1').click();
  await expect.poll(async () => (await graph(page)).nodes.filter((n) => n.type === 'subgraph:subgraph-1').length).toBe(1);
  g = await graph(page);
  expect(g.subgraphs?.map((d) => d.id)).toEqual(['subgraph-1']);
  expect(g.subgraphs?.[0].nodes.find((n) => n.id === 'syn_1')?.params.gmax).toBe(0);
  await expect(page.getByTestId('palette-item-subgraph:subgraph-1')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the tutorial with a Repeat block: the flat tutorial’s traces; its rounds table in the inspector', async ({ page }) => {
  await openApp(page, 'compartment-tutorial');
  const flat = await series(page, 'traces', 'soma');
  await nw(page, (h) => h.openExample('compartment-tutorial-repeat'));
  await settled(page);
  expect(await series(page, 'traces', 'soma')).toEqual(flat);
  await page.getByTestId('node-rounds').click();
  await expect(page.getByTestId('param-rounds')).toHaveValue('first, start\n5, 250\n10, 450\n15, 650\n20, 850');
  await screenshot(page, 'subgraph-repeat-example');
});

test('the DA1 tutorial with a Repeat block (listed in the gallery): the flat DA1 tutorial’s traces', async ({ page }) => {
  await openApp(page, 'tutorial-da1');
  const flat = await Promise.all(['dendrite_base', 'axon_tip', 'soma'].map((s) => series(page, 'traces', s)));
  expect(peak(flat[1])).toBeGreaterThan(0);
  await page.getByTestId('open-example').click();
  await expect(page.getByTestId('gallery-open-tutorial-da1-repeat')).toContainText('The DA1 tutorial with its four synaptic rounds as one Repeat block');
  await page.getByTestId('gallery-open-tutorial-da1-repeat').click();
  await expect.poll(async () => (await graph(page)).nodes.some((n) => n.type === 'repeat:synapse-round')).toBe(true);
  await settled(page);
  expect(await Promise.all(['dendrite_base', 'axon_tip', 'soma'].map((s) => series(page, 'traces', s)))).toEqual(flat);
  await expect(page.getByTestId('node-rounds')).toHaveAttribute('data-status', 'done');
});
