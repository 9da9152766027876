// Issue 18: build the navis tutorial's scenario 1 from an empty graph with real user actions, counted.
// One action = a click, a drag (press, move, release), a command key (Enter, Tab, Space), a string typed
// into a field, a choice from a drop-down (open it, pick: two clicks), a scroll of the palette.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { figureData, graph, nw, openApp, screenshot, settled } from './kit.ts';

/**
 * The count this script reaches today; the target is ≤ 30. Of the 30: 3 make a new graph
 * (Library, New graph, close: a "New graph" in the toolbar would make it 1) and 3 scroll the palette.
 * It has one synaptic round where the tutorial has four (a for-each block would make them one block;
 * by hand each more round is ~4 actions) and two of the tutorial's three recorders.
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

test('scenario 1 of the tutorial from an empty graph, every user action counted', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  const u = new User(page);
  // New graph.
  await u.click(page.getByTestId('library-button'), 'Library');
  await u.click(page.getByTestId('library-new'), 'New graph');
  await expect.poll(async () => (await graph(page)).nodes.length).toBe(0);
  await u.click(page.getByTestId('library-close'), 'close the library');
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
  // Synaptic currents (AlphaSynapse, after hh) on the first 20 dendritic postsynapses.
  await u.palette('synaptic-current');
  const syn = await idOf(page, 'synaptic-current');
  await u.dragToEmpty(`socket-${syn}-in-where`);
  await u.click(page.getByTestId('add-popup-item-select.synapses'), 'Select nodes · synapses');
  // Voltage recorders at the soma and the axon tip.
  await u.palette('voltage-recorder');
  const rec = await idOf(page, 'voltage-recorder');
  await u.dragToEmpty(`socket-${rec}-in-where`);
  await u.click(page.getByTestId('add-popup-item-select.soma'), 'Select nodes · soma');
  await u.palette('voltage-recorder');
  const rec2 = await idOf(page, 'voltage-recorder', 1);
  await u.dragToEmpty(`socket-${rec2}-in-where`);
  await u.click(page.getByTestId('add-popup-item-select.axon-tip'), 'Select nodes · axon tip');
  // (Each recorder is labelled after its preset: the traces are "soma" and "axon_tip", as the tutorial's.)
  // Run and plot.
  await u.palette('run');
  await u.palette('plot-traces');
  console.log(u.log.join('\n'));
  console.log(`scenario 1: ${u.actions} actions`);
  await screenshot(page, 'build-scenario-1');

  const g = await graph(page);
  const wires = g.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`).sort();
  console.log(wires.join('\n'));
  await settled(page);
  // The wiring the tutorial's graph has (tools/examples/build.ts), made by the adds themselves.
  const id = async (type: string, nth = 0) => idOf(page, type, nth);
  const [load, soma, reroot, split, model, props, pas, run, plot] = await Promise.all(['load-skeleton', 'set-soma', 'reroot', 'split-axon-dendrite', 'compartment-model', 'set-properties', 'insert-mechanism', 'run', 'plot-traces'].map((t) => id(t)));
  const [sel1, sel2, sel3, sel4] = await Promise.all([0, 1, 2, 3].map((k) => id('select', k)));
  expect(wires).toEqual(
    [
      `${load}.neuron>${soma}.neuron`, `${soma}.neuron>${reroot}.neuron`, `${reroot}.neuron>${split}.neuron`, `${split}.neuron>${model}.neuron`,
      `${model}.model>${props}.model`, `${props}.model>${pas}.model`, `${pas}.model>${hh}.model`, `${sel1}.selection>${hh}.where`,
      `${hh}.model>${syn}.model`, `${sel2}.selection>${syn}.where`, `${syn}.model>${rec}.model`, `${sel3}.selection>${rec}.where`,
      `${rec}.model>${rec2}.model`, `${sel4}.selection>${rec2}.where`, `${rec2}.model>${run}.model`, `${run}.traces>${plot}.traces`,
      ...[sel1, sel2, sel3, sel4].map((x) => `${split}.neuron>${x}.neuron`),
    ].sort(),
  );
  const params = Object.fromEntries((await graph(page)).nodes.map((n) => [n.id, n.params]));
  expect(params[pas]).toMatchObject({ g: '1/20800', e: -60 });
  expect(params[hh]).toMatchObject({ mechanism: 'hh' });
  expect([params[rec], params[rec2]]).toEqual([{ label: 'soma' }, { label: 'axon_tip' }]);
  expect([params[sel1], params[sel2], params[sel3], params[sel4]]).toEqual([{}, { mode: 'synapses' }, { mode: 'soma' }, { mode: 'farthest', farthestAmong: 'axon' }]);
  // And the plot draws both traces.
  const drawn = await figureData(page, plot);
  expect(drawn.map((x) => x.name)).toEqual(['soma', 'axon_tip']);
  for (const d of drawn) expect(d.data.length).toBeGreaterThan(500);
  // The run: 1000 ms at dt 0.025 ms from v_init −60 mV; 20 AlphaSynapses open at 5 ms.
  type Run = { n: number; tEnd: number; labels: string[]; head: Record<string, number[]>; max: Record<string, number> };
  const runOf = async (id: string, labels: Record<string, string>): Promise<Run> =>
    JSON.parse(
      await nw(
        page,
        (h, a: [string, Record<string, string>]) => {
          const tr = (h.output(a[0]) as { traces: { t: Float64Array; traces: Record<string, Float64Array> } }).traces;
          const head: Record<string, number[]> = {};
          const max: Record<string, number> = {};
          for (const [name, label] of Object.entries(a[1])) {
            const v = tr.traces[label];
            head[name] = Array.from(v.subarray(0, 201)); // t = 0 … 5 ms
            max[name] = Math.max(...v.subarray(0, 4001)); // t ≤ 100 ms
          }
          return JSON.stringify({ n: tr.t.length, tEnd: tr.t[tr.t.length - 1], labels: Object.keys(tr.traces), head, max });
        },
        [id, labels] as [string, Record<string, string>],
      ),
    ) as Run;
  const mine = await runOf(run, { soma: 'soma', axon: 'axon_tip' });
  expect(mine.n).toBe(40001);
  expect(mine.tEnd).toBeCloseTo(1000, 6);
  expect(mine.labels).toEqual(['soma', 'axon_tip']);
  expect(mine.head.soma[0]).toBe(-60);
  // The synapses make the axon fire (hh): above +20 mV at the tip within 100 ms.
  expect(mine.max.axon).toBeGreaterThan(20);
  // Until the synapses open (5 ms) the model is the tutorial's own (the compartment-tutorial example,
  // whose first synaptic round opens at 250 ms): the same voltages at the soma and the axon tip.
  await nw(page, (h) => h.openExample('compartment-tutorial'));
  await settled(page);
  const ref = await runOf('run', { soma: 'soma', axon: 'axon_tip' });
  let worst = 0;
  for (const k of ['soma', 'axon'] as const) {
    expect(mine.head[k]).toHaveLength(201);
    for (let i = 0; i < 201; i++) worst = Math.max(worst, Math.abs(mine.head[k][i] - ref.head[k][i]));
  }
  console.log(`max |ΔV| against the example before 5 ms: ${worst} mV`);
  expect(worst).toBeLessThan(1e-9);
  // (the example: its axon stays below threshold before its first round)
  expect(ref.max.axon).toBeLessThan(0);
  expect(errors).toEqual([]);
  // The true count, not the target: lower it here when the app needs fewer actions.
  expect(u.actions).toBe(ACTIONS_NOW);
  expect(u.actions).toBeLessThanOrEqual(30);
});
