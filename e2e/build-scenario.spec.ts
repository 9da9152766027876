// Issue 18: build the navis tutorial's scenario 1 from an empty graph with real user actions, counted:
// the whole scenario (the skeleton chain, passive + hh on the axon, four synaptic rounds, three recorders,
// run and plot), checked against the compartment-tutorial example's traces bit for bit.
// One action = a click, a drag (press, move, release), a command key (Enter, Tab, Space), a string typed
// into a field (several lines count as one string), a choice from a drop-down (open it, pick: two
// clicks), a scroll of the palette.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { figureData, graph, nw, openApp, screenshot, settled } from './kit.ts';

/**
 * The count this script reaches today; the target is ≤ 30. The four synaptic rounds are one
 * Repeat block (the synapse and its node selection, Repeat, a typed table of rounds: 2 actions more
 * than one round), and so are the three recorders (one recorder with its selection, Repeat, a table).
 * 4 of the 30 scroll the palette (My blocks, listed first once a Repeat is made, pushes the rest down).
 */
const ACTIONS_NOW = 30;

class User {
  actions = 0;
  log: string[] = [];
  constructor(private page: Page) {}
  private count(what: string): void {
    this.actions++;
    this.log.push(`${this.actions}. ${what}`);
  }
  async click(loc: Locator, what: string): Promise<void> {
    await loc.click();
    this.count(`click ${what}`);
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    this.count(`key ${key}`);
  }
  async type(loc: Locator, text: string, what: string): Promise<void> {
    await loc.fill(text);
    this.count(`type "${text}" into ${what}`);
  }
  async choose(loc: Locator, value: string, what: string): Promise<void> {
    await loc.selectOption(value);
    this.count(`open ${what}`);
    this.count(`choose "${value}"`);
  }
  /**
   * A palette entry: when it is not in the palette's view the user scrolls the palette down until
   * it is at the top (one action; the entries after it come into view too), then clicks it.
   */
  async palette(type: string): Promise<void> {
    const item = this.page.getByTestId(`palette-item-${type}`);
    const seen = await item.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const view = (el.closest('.list') as HTMLElement).getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    });
    if (!seen) {
      await item.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      this.count(`scroll the palette to ${type}`);
    }
    await this.click(item, `palette ${type}`);
  }
  /** Drag a wire from a socket and drop it on empty canvas (the add popup opens there). */
  async dragToEmpty(socket: string): Promise<void> {
    const s = (await this.page.getByTestId(socket).boundingBox())!;
    const from = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
    const to = await emptyNear(this.page, from);
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await this.page.mouse.move(to.x, to.y, { steps: 5 });
    await this.page.mouse.up();
    this.count(`drag a wire from ${socket} to empty canvas`);
  }
}

/** An empty point of the canvas near a point (client px): nothing under it, no block within 50 px. */
async function emptyNear(page: Page, p: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate((p) => {
    const area = document.querySelector('.editor-area')!.getBoundingClientRect();
    const blocks = [...document.querySelectorAll('.nw-node')].map((n) => n.getBoundingClientRect());
    const offsets: Array<[number, number]> = [];
    for (const r of [140, 200, 260, 320, 400, 500]) for (const [dx, dy] of [[0, 1], [1, 1], [-1, 1], [1, 0], [0, -1], [-1, 0], [1, -1], [-1, -1]]) offsets.push([dx * r, dy * r]);
    for (const [dx, dy] of offsets) {
      const x = p.x + dx;
      const y = p.y + dy;
      if (x < area.left + 20 || x > area.right - 20 || y < area.top + 20 || y > area.bottom - 20) continue;
      if (blocks.some((b) => x > b.left - 50 && x < b.right + 50 && y > b.top - 50 && y < b.bottom + 50)) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && !hit.closest('.nw-node, rete-connection, rete-minimap')) return { x, y };
    }
    return null;
  }, p);
  expect(spot, `an empty spot near ${JSON.stringify(p)}`).toBeTruthy();
  return spot!;
}

const idOf = async (page: Page, type: string, nth = 0): Promise<string> => (await graph(page)).nodes.filter((n) => n.type === type)[nth].id;

test('scenario 1 of the tutorial (all rounds, all recorders) from an empty graph, every user action counted', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  const u = new User(page);
  await u.click(page.getByTestId('new-graph'), 'New graph');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(0);
  // The skeleton chain: each block added after the selected one is wired from it.
  await u.palette('load-skeleton');
  await u.palette('set-soma');
  await u.palette('reroot');
  await u.palette('split-axon-dendrite');
  await u.palette('compartment-model');
  await u.palette('set-properties'); // Ra 266.1 Ω·cm, cm 0.8 µF/cm² are its defaults (Tobin et al. 2017)
  await u.palette('insert-mechanism'); // pas
  await u.type(page.getByTestId('param-g'), '1/20800', 'g (S/cm²)');
  await u.type(page.getByTestId('param-e'), '-60', 'e (mV)');
  await u.palette('insert-mechanism'); // hh …
  await u.type(page.getByTestId('param-mechanism'), 'hh', 'mechanism');
  const hh = await idOf(page, 'insert-mechanism', 1);
  // … on the axon: a wire from hh's "where" dropped on the canvas offers Select nodes (axon, linker by
  // default) and its presets; the Select reads the neuron the model was built from; hh stays selected.
  await u.dragToEmpty(`socket-${hh}-in-where`);
  await u.press('Enter');
  // A synaptic current (AlphaSynapse, after hh) on dendritic postsynapses …
  await u.palette('synaptic-current');
  const syn = await idOf(page, 'synaptic-current');
  await u.dragToEmpty(`socket-${syn}-in-where`);
  await u.click(page.getByTestId('add-popup-item-select.synapses'), 'Select nodes · synapses');
  // … repeated (with its node selection) once per round: the first 5·i postsynapses at 50 + 200·i ms.
  await u.click(page.getByTestId('make-repeat'), 'Repeat');
  await u.type(page.getByTestId('param-rounds'), 'first, start\n5, 250\n10, 450\n15, 650\n20, 850', 'the rounds table');
  // A voltage recorder with its node selection, repeated for the three sites (labels as the tutorial's).
  await u.palette('voltage-recorder');
  const rec = await idOf(page, 'voltage-recorder');
  await u.dragToEmpty(`socket-${rec}-in-where`);
  await u.click(page.getByTestId('add-popup-item-select.dendrite-base'), 'Select nodes · dendrite base');
  await u.click(page.getByTestId('make-repeat'), 'Repeat');
  await u.type(page.getByTestId('param-rounds'), 'mode, label\nnearest, dendrite_base\nfarthest, axon_tip\nsoma, soma', 'the rounds table');
  // Run and plot.
  await u.palette('run');
  await u.palette('plot-traces');
  console.log(u.log.join('\n'));
  console.log(`scenario 1: ${u.actions} actions`);
  await settled(page);
  await screenshot(page, 'build-scenario-1');

  // The graph: the chain, two Repeat blocks over the subgraphs made, wired as the tutorial's blocks are.
  const g = (await graph(page)) as Awaited<ReturnType<typeof graph>> & { subgraphs?: Array<{ id: string; nodes: Array<{ id: string; type: string }>; params: Array<{ name: string; node: string; param: string }> }> };
  const wires = g.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`).sort();
  console.log(wires.join('\n'));
  const id = async (type: string, nth = 0) => idOf(page, type, nth);
  const [load, soma, reroot, split, model, props, pas, run, plot] = await Promise.all(['load-skeleton', 'set-soma', 'reroot', 'split-axon-dendrite', 'compartment-model', 'set-properties', 'insert-mechanism', 'run', 'plot-traces'].map((t) => id(t)));
  const sel1 = await id('select');
  const repeats = g.nodes.filter((n) => n.type.startsWith('repeat:'));
  expect(repeats.map((n) => n.type)).toEqual(['repeat:round-1', 'repeat:round-2']);
  const [rounds, recs] = repeats.map((n) => n.id);
  expect(wires).toEqual(
    [
      `${load}.neuron>${soma}.neuron`, `${soma}.neuron>${reroot}.neuron`, `${reroot}.neuron>${split}.neuron`, `${split}.neuron>${model}.neuron`,
      `${model}.model>${props}.model`, `${props}.model>${pas}.model`, `${pas}.model>${hh}.model`, `${sel1}.selection>${hh}.where`, `${split}.neuron>${sel1}.neuron`,
      `${hh}.model>${rounds}.model`, `${split}.neuron>${rounds}.neuron`, `${rounds}.model>${recs}.model`, `${split}.neuron>${recs}.neuron`,
      `${recs}.model>${run}.model`, `${run}.traces>${plot}.traces`,
    ].sort(),
  );
  // The tables' headers exposed the parameters they name.
  expect(g.subgraphs!.map((d) => d.params.map((x) => `${x.name}=${x.node}.${x.param}`))).toEqual([
    [`first=${g.subgraphs![0].nodes.find((n) => n.type === 'select')!.id}.first`, `start=${syn}.start`],
    [`mode=${g.subgraphs![1].nodes.find((n) => n.type === 'select')!.id}.mode`, `label=${rec}.label`],
  ]);
  const params = Object.fromEntries(g.nodes.map((n) => [n.id, n.params]));
  expect(params[pas]).toMatchObject({ g: '1/20800', e: -60 });
  expect(params[hh]).toMatchObject({ mechanism: 'hh' });

  // The plot draws the three traces, and the run is the tutorial's, sample for sample: the
  // compartment-tutorial example (tools/examples/build.ts) gives the same voltages, bit for bit.
  const drawn = await figureData(page, plot);
  expect(drawn.map((x) => x.name)).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  const tracesOf = (id: string) =>
    nw(page, (h, id: string) => {
      const tr = (h.output(id) as { traces: { t: Float64Array; traces: Record<string, Float64Array> } }).traces;
      // Bits as hex: JSON would round nothing, but this says "bit for bit" plainly.
      const hex = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), (b) => b.toString(16).padStart(2, '0')).join('');
      return { n: tr.t.length, t: hex(tr.t), traces: Object.fromEntries(Object.entries(tr.traces).map(([k, v]) => [k, hex(v)])), axonMax: Math.max(...tr.traces.axon_tip) };
    }, id);
  const mine = await tracesOf(run);
  expect(mine.n).toBe(40001);
  // The four rounds make the axon fire (hh).
  expect(mine.axonMax).toBeGreaterThan(20);
  await nw(page, (h) => h.openExample('compartment-tutorial'));
  await settled(page);
  const ref = await tracesOf('run');
  expect(Object.keys(mine.traces)).toEqual(Object.keys(ref.traces));
  expect(mine.t === ref.t).toBe(true);
  for (const k of Object.keys(ref.traces)) expect(mine.traces[k] === ref.traces[k], `${k}: the same bits as the example's`).toBe(true);
  expect(errors).toEqual([]);
  // The true count, not the target: lower it here when the app needs fewer actions.
  expect(u.actions).toBe(ACTIONS_NOW);
  expect(u.actions).toBeLessThanOrEqual(30);
});
