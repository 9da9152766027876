/**
 * A subgraph's parameters chosen in the app, and its name: inside the subgraph, the inner
 * synapse's gmax is exposed with its field's "expose" switch (one undo step); each instance
 * then shows gmax in its inspector and an edit of it changes that instance only (round 1 still
 * fires the axon with one instance's synapses silenced, no longer with both); the subgraph is
 * renamed from the breadcrumb and from an instance's inspector, and after a reload the graph
 * and My blocks (the graph's and this browser's) carry the new name; un-exposing drops the
 * instances' values.
 */
import { expect, test, type Page } from '@playwright/test';
import { graph as graphDoc, nw, openApp, peak, screenshot, series, settled, type GraphDoc } from './kit.ts';

type Def = { id: string; title: string; params: Array<{ name: string; node: string; param: string }> };
type Doc = GraphDoc & { subgraphs?: Def[]; nodes: Array<{ id: string; type: string; params: Record<string, unknown> }> };
const graph = async (page: Page): Promise<Doc> => (await graphDoc(page)) as Doc;
type App = { viewStore: { connect(c: unknown): { ok: boolean } } };

async function connect(page: Page, from: string, to: string): Promise<void> {
  const r = await nw(page, (h, a: [string, string]) => {
    const [f, t] = a.map((s) => ({ node: s.split('.')[0], port: s.split('.')[1] }));
    return (h as unknown as { app: App }).app.viewStore.connect({ from: f, to: t });
  }, [from, to] as [string, string]);
  expect(r).toEqual({ ok: true });
}

const axonPeak = async (page: Page) => peak(await series(page, 'traces', 'axon_tip'), 250, 450);
const params = async (page: Page, id: string) => (await graph(page)).nodes.find((n) => n.id === id)?.params;

test('expose an inner parameter in the app, set it per instance; rename the subgraph; a reload keeps both', async ({ page }) => {
  const errors = await openApp(page);
  // Round 1 (5 synapses at 250 ms) as a subgraph, a second instance wired after round 4: it also opens 5 synapses at 250 ms.
  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('node-post_5').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-subgraph').click();
  await page.getByTestId('palette-item-subgraph:subgraph-1').click();
  await expect.poll(async () => (await graph(page)).nodes.filter((n) => n.type === 'subgraph:subgraph-1').length).toBe(2);
  const second = (await graph(page)).nodes.find((n) => n.type === 'subgraph:subgraph-1' && n.id !== 'subgraph-1')!.id;
  await connect(page, 'syn_4.model', `${second}.model`);
  await connect(page, 'split.neuron', `${second}.neuron`);
  await connect(page, `${second}.model`, 'rec_dend.model');
  await settled(page);
  expect(await axonPeak(page)).toBeGreaterThan(20);

  // Inside: expose syn_1.gmax (one undo step: undo takes it back, redo brings it again).
  await page.getByTestId('node-subgraph-1').dblclick();
  await page.getByTestId('node-syn_1').click();
  await expect(page.getByTestId('expose-gmax')).toHaveText('⇱ expose');
  await page.getByTestId('expose-gmax').click();
  await expect(page.getByTestId('expose-gmax')).toHaveText('⇱ exposed as gmax');
  expect((await graph(page)).subgraphs![0].params).toEqual([{ name: 'gmax', node: 'syn_1', param: 'gmax' }]);
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await graph(page)).subgraphs![0].params).toEqual([]);
  await expect(page.getByTestId('expose-gmax')).toHaveText('⇱ expose');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('expose-gmax')).toHaveText('⇱ exposed as gmax');
  await screenshot(page, 'subgraph-expose-param');

  // Rename from the breadcrumb: one undo step too.
  await page.getByTestId('breadcrumb-subgraph').fill('Synapse round');
  await page.getByTestId('breadcrumb-subgraph').press('Enter');
  await expect.poll(async () => (await graph(page)).subgraphs![0].title).toBe('Synapse round');
  await page.getByTestId('breadcrumb-root').click();

  // Each instance has gmax (the inner value as its default); the second's 0 changes only the second.
  await expect(page.getByTestId(`node-${second}`)).toContainText('Synapse round');
  await page.getByTestId(`node-${second}`).click();
  await expect(page.getByTestId('param-gmax')).toHaveValue('0.1');
  await page.getByTestId('param-gmax').fill('0');
  await page.getByTestId('param-gmax').blur();
  await expect.poll(() => params(page, second)).toEqual({ gmax: 0 });
  expect(await params(page, 'subgraph-1')).toEqual({});
  expect((await graph(page)).subgraphs![0].params).toEqual([{ name: 'gmax', node: 'syn_1', param: 'gmax' }]);
  await settled(page);
  // The first instance's 5 synapses still fire the axon at 250 ms…
  expect(await axonPeak(page)).toBeGreaterThan(20);
  // …and with its gmax at 0 too, nothing does.
  await page.getByTestId('node-subgraph-1').click();
  await page.getByTestId('param-gmax').fill('0');
  await page.getByTestId('param-gmax').blur();
  await expect.poll(() => params(page, 'subgraph-1')).toEqual({ gmax: 0 });
  await settled(page);
  await expect.poll(() => axonPeak(page)).toBeLessThan(-40);

  // Rename from an instance's inspector, then reload: the graph and My blocks keep the name.
  await page.getByTestId('subgraph-name').fill('Round of 5 synapses');
  await page.getByTestId('subgraph-name').press('Enter');
  await expect.poll(async () => (await graph(page)).subgraphs![0].title).toBe('Round of 5 synapses');
  await expect(page.getByTestId('palette-item-subgraph:subgraph-1')).toContainText('Round of 5 synapses');
  await page.getByTestId('save-block').click();
  await expect(page.getByTestId('toast').last()).toContainText('“Round of 5 synapses” saved to My blocks');
  await nw(page, (h) => (h as unknown as { library: { flush(): Promise<void> } }).library.flush());
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
  await page.evaluate(() => (window as unknown as { __nw: { ready: Promise<void> } }).__nw.ready);
  const g = await graph(page);
  expect(g.subgraphs!.map((d) => [d.id, d.title])).toEqual([['subgraph-1', 'Round of 5 synapses']]);
  expect([await params(page, 'subgraph-1'), await params(page, second)]).toEqual([{ gmax: 0 }, { gmax: 0 }]);
  await expect(page.getByTestId('palette-item-subgraph:subgraph-1')).toContainText('Round of 5 synapses');
  await expect(page.getByTestId('node-subgraph-1')).toContainText('Round of 5 synapses');
  // Renamed once more: the copy in My blocks (the same definition) follows, and is not listed twice.
  await page.getByTestId('node-subgraph-1').click();
  await page.getByTestId('subgraph-name').fill('Five synapses');
  await page.getByTestId('subgraph-name').press('Enter');
  await nw(page, (h) => h.openExample('synaptic-input'));
  await expect(page.getByTestId('palette-item-saved:subgraph-1')).toContainText('Five synapses (saved)');

  expect(errors).toEqual([]);
});

test('un-exposing drops the parameter from every instance (one undo step)', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('node-post_5').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-subgraph').click();
  await page.getByTestId('node-subgraph-1').dblclick();
  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('expose-start').click();
  await page.getByTestId('breadcrumb-root').click();
  await page.getByTestId('node-subgraph-1').click();
  await page.getByTestId('param-start').fill('300');
  await page.getByTestId('param-start').blur();
  await expect.poll(() => params(page, 'subgraph-1')).toEqual({ start: 300 });
  await page.getByTestId('node-subgraph-1').dblclick();
  await page.getByTestId('node-syn_1').click();
  await page.getByTestId('expose-start').click();
  await expect.poll(async () => (await graph(page)).subgraphs![0].params).toEqual([]);
  expect(await params(page, 'subgraph-1')).toEqual({});
  // The inner block stays selected, its field offers to expose again.
  await expect(page.getByTestId('expose-start')).toHaveText('⇱ expose');
  await page.getByTestId('undo').click();
  await expect.poll(() => params(page, 'subgraph-1')).toEqual({ start: 300 });
  expect(errors).toEqual([]);
});
