/**
 * The workbench as a user meets it: the tutorial opens already run and its plotted traces are
 * NEURON's; blocks are added from the palette and wired; a wrong wire is refused with a
 * reason; a parameter edit changes the plotted numbers and undo brings them back exactly.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readGolden } from '../tools/neuron/compare.ts';
import { dragWire, figureData, graph, nw, openApp, peak, screenshot, series, setParam, settled, status } from './kit.ts';

test('the page opens on the tutorial, already run, plotting NEURON’s traces', async ({ page }) => {
  const errors = await openApp(page);
  expect(errors).toEqual([]);
  await expect(page.getByTestId('node-run')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('node-status-run')).toContainText(/done/);
  await expect(page.getByTestId('plot-traces')).toBeVisible();
  const plotted = await figureData(page, 'traces');
  expect(plotted.map((s) => s.name)).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  // Every plotted sample against NEURON 8.2's run of the same model (tools/neuron goldens).
  const ref = readGolden('tutorial-synthetic');
  let maxDv = 0;
  let maxDt = 0;
  for (const s of plotted) {
    const want = ref.traces[s.name] as number[];
    expect(s.data.length).toBe((want.length - 1) * ref.every + 1);
    for (let k = 0; k < want.length; k++) {
      const [t, v] = s.data[k * ref.every];
      maxDt = Math.max(maxDt, Math.abs(t - ref.t[k]));
      maxDv = Math.max(maxDv, Math.abs(v - want[k]));
    }
  }
  expect(maxDt).toBeLessThan(1e-9);
  expect(maxDv).toBeLessThan(1e-6);
  // The axon fires during the synaptic rounds (peaks above +20 mV).
  expect(peak(await series(page, 'traces', 'axon_tip'))).toBeGreaterThan(20);
  await screenshot(page, 'editor-with-traces');
});

test('a block added from the palette and wired joins the graph and runs', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('palette-search').fill('voltage rec');
  await page.getByTestId('palette-item-voltage-recorder').click();
  await expect(page.getByTestId('node-voltage_recorder')).toBeVisible();
  // Insert it between rec_soma and run: rec_soma.model → new.model, new.model → run.model,
  // and tell it where to record (the soma selection).
  await nw(page, (h) => h.select([]));
  await dragWire(page, 'socket-rec_soma-out-model', 'socket-voltage_recorder-in-model');
  await dragWire(page, 'socket-voltage_recorder-out-model', 'socket-run-in-model');
  await dragWire(page, 'socket-soma_node-out-selection', 'socket-voltage_recorder-in-where');
  const g = await graph(page);
  const wires = g.connections.map((c) => `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`);
  expect(wires).toContain('rec_soma.model>voltage_recorder.model');
  expect(wires).toContain('voltage_recorder.model>run.model');
  expect(wires).toContain('soma_node.selection>voltage_recorder.where');
  expect(wires).not.toContain('rec_soma.model>run.model'); // an input takes one wire
  await setParam(page, 'voltage_recorder', 'label', 'soma_again');
  await settled(page);
  const names = (await figureData(page, 'traces')).map((s) => s.name);
  expect(names).toEqual(['dendrite_base', 'axon_tip', 'soma', 'soma_again']);
  expect(await series(page, 'traces', 'soma_again')).toEqual(await series(page, 'traces', 'soma'));
});

test('an incompatible wire is refused with the reason', async ({ page }) => {
  await openApp(page);
  const before = (await graph(page)).connections.length;
  await dragWire(page, 'socket-load-out-neuron', 'socket-run-in-model');
  await expect(page.getByTestId('toast').last()).toContainText(/neuron.*model/);
  expect((await graph(page)).connections.length).toBe(before);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
});

test('editing a parameter in the inspector changes the plotted trace; undo restores it exactly', async ({ page }) => {
  await openApp(page);
  const original = await series(page, 'traces', 'axon_tip');
  // The first synaptic round (250–450 ms) drives the axon above 20 mV.
  expect(peak(original, 250, 450)).toBeGreaterThan(20);
  await page.getByTestId('node-syn_1').click();
  const field = page.getByTestId('param-gmax');
  await expect(field).toHaveValue('0.1');
  await field.fill('0');
  await expect.poll(async () => peak(await series(page, 'traces', 'axon_tip'), 250, 450), { timeout: 30_000 }).toBeLessThan(-40);
  // The run streams: the first 450 ms can be drawn before the rest is computed.
  await settled(page);
  // Rounds 2–4 are untouched.
  expect(peak(await series(page, 'traces', 'axon_tip'), 450, 1000)).toBeGreaterThan(20);
  await page.getByTestId('undo').click();
  await expect(field).toHaveValue('0.1');
  await expect.poll(async () => peak(await series(page, 'traces', 'axon_tip'), 250, 450), { timeout: 30_000 }).toBeGreaterThan(20);
  await settled(page);
  expect(await series(page, 'traces', 'axon_tip')).toEqual(original);
  // Redo from the keyboard (focus outside the fields).
  await page.getByTestId('node-syn_1').click();
  await page.keyboard.press('Control+Shift+Z');
  await expect(field).toHaveValue('0');
});

test('a burst of slider moves is one undo step, and only the blocks downstream recompute', async ({ page }) => {
  await openApp(page);
  const loads = await nw(page, (h) => h.stats('load').computations);
  const splits = await nw(page, (h) => h.stats('split').computations);
  await page.getByTestId('node-props').click();
  const slider = page.getByTestId('param-Ra-slider');
  await expect(slider).toBeVisible();
  // Drag the thumb from Ra = 266.1 Ω·cm towards the left end, in many small moves.
  const box = (await slider.boundingBox())!;
  const min = Number(await slider.getAttribute('min'));
  const max = Number(await slider.getAttribute('max'));
  const thumbX = box.x + ((266.1 - min) / (max - min)) * box.width;
  await page.mouse.move(thumbX, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
  await settled(page);
  const dragged = Number(await page.getByTestId('param-Ra').inputValue());
  expect(dragged).toBeLessThan(200);
  expect(await nw(page, (h) => h.graph().nodes.find((n) => n.id === 'props')!.params.Ra)).toBe(dragged);
  // Ra re-ran the simulation but not the loading or splitting of the skeleton.
  expect(await nw(page, (h) => h.stats('load').computations)).toBe(loads);
  expect(await nw(page, (h) => h.stats('split').computations)).toBe(splits);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('param-Ra')).toHaveValue('266.1');
  // What the undo recomputes ends first (the page starts each block in a task of its own).
  await settled(page);
  // Changing the plot's title recomputes the plot only.
  const runs = await nw(page, (h) => h.stats('run').computations);
  await setParam(page, 'traces', 'title', 'Membrane potential');
  await settled(page);
  expect(await nw(page, (h) => h.stats('run').computations)).toBe(runs);
});

test('a long run shows progress and is cancelled by a newer edit (latest wins)', async ({ page }) => {
  await openApp(page);
  await setParam(page, 'run', 'tstop', 20000);
  await expect.poll(async () => (await status(page, 'run')).state).toBe('running');
  await expect(page.getByTestId('node-status-run')).toContainText('%');
  await setParam(page, 'run', 'tstop', 300);
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
  expect((await nw(page, (h) => h.stats('run'))).cancelled).toBeGreaterThanOrEqual(1);
  const soma = await series(page, 'traces', 'soma');
  expect(soma[soma.length - 1][0]).toBeCloseTo(300, 9);
});

test('Stop interrupts a long run; Re-run computes it again', async ({ page }) => {
  await openApp(page);
  await setParam(page, 'run', 'tstop', 20000);
  await expect(page.getByTestId('stop')).toBeEnabled();
  await expect.poll(async () => (await status(page, 'run')).state).toBe('running');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('node-status-run')).toContainText('stopped');
  expect(await status(page, 'run')).toMatchObject({ state: 'waiting' });
  await expect(page.getByTestId('stop')).toBeDisabled();
  await setParam(page, 'run', 'tstop', 250);
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
  const soma = await series(page, 'traces', 'soma');
  expect(soma[soma.length - 1][0]).toBeCloseTo(250, 9);
});

test('a plot exports PNG, SVG and CSV, and pins a run to compare with the next', async ({ page }) => {
  await openApp(page);
  const download = async (what: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`plot-traces-export-${what}`).click()]);
    const path = await d.path();
    return { name: d.suggestedFilename(), bytes: readFileSync(path!) };
  };
  const png = await download('png');
  expect(png.name).toBe('traces.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const svg = await download('svg');
  expect(svg.bytes.toString('utf8')).toContain('<svg');
  const csv = (await download('csv')).bytes.toString('utf8').trim().split('\n');
  expect(csv[0]).toBe('t,dendrite_base,axon_tip,soma');
  const soma = await series(page, 'traces', 'soma');
  expect(csv.length - 1).toBe(soma.length);
  const row = csv[12345].split(',').map(Number);
  expect(row[0]).toBe(soma[12344][0]);
  expect(row[3]).toBe(soma[12344][1]);
  // Pin this run, change a parameter: the pinned run stays drawn beside the new one.
  await page.getByTestId('plot-traces-pin').click();
  await setParam(page, 'syn_1', 'gmax', 0);
  await settled(page);
  await expect.poll(async () => (await figureData(page, 'traces')).map((s) => s.name)).toContain('axon_tip (pinned)');
  const pinned = (await figureData(page, 'traces')).find((s) => s.name === 'soma (pinned)')!;
  expect(pinned.data).toEqual(soma);
  expect(await series(page, 'traces', 'soma')).not.toEqual(soma);
});
