/**
 * Data safety of the library in a real browser: two tabs editing the same graph never lose an
 * edit silently (the tab holding the older revision asks: Reload | Keep both); a link of a graph
 * on real data names the files it leaves out, the recipient's block names the missing file, and
 * dropping the files completes the graph and runs it to the sender's traces; a PNG whose graph
 * chunk is a decompression bomb is refused with a message in bounded time and memory.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { GRAPH_KEYWORD, makeChunk, PNG_SIGNATURE } from '../src/ui/library/png-graph.ts';
import { dropFile, figureData, graph, nw, openApp, screenshot, setParam, settled, status } from './kit.ts';
import { sharedPath } from '../tools/shared-data.ts';

type LibHooks = {
  list(): Promise<Array<{ ok: boolean; summary?: { id: string; title: string; revision: number } }>>;
  flush(): Promise<void>;
  currentId(): string | null;
  copyLink(): Promise<string>;
  open(id: string): Promise<boolean>;
};
const lib = <T, A = undefined>(page: Page, fn: (l: LibHooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> =>
  page.evaluate(
    async ([src, a]) => {
      const f = new Function(`return (${src})`)() as (l: unknown, a: unknown) => unknown;
      return f((window as unknown as { __nw: { library: LibHooks } }).__nw.library, a);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;

const Ra = async (page: Page): Promise<unknown> => (await graph(page)).nodes.find((n) => n.id === 'props')?.params.Ra;

/** Two tabs of one browser on the same saved graph (B reopens the graph A saved last). */
async function twoTabs(page: Page): Promise<{ a: Page; b: Page; id: string }> {
  const a = page;
  await openApp(a);
  await setParam(a, 'props', 'Ra', 200);
  await lib(a, (l) => l.flush());
  const id = (await lib(a, (l) => l.currentId()))!;
  expect(id).toBeTruthy();
  const b = await a.context().newPage();
  await openApp(b);
  expect(await lib(b, (l) => l.currentId())).toBe(id);
  expect(await Ra(b)).toBe(200);
  return { a, b, id };
}

test('two tabs edit the same graph: the older tab asks, “Keep both” keeps both edits', async ({ page }) => {
  const { a, b, id } = await twoTabs(page);
  // A saves an edit: B is told at once, before it edits anything.
  await setParam(a, 'props', 'Ra', 150);
  await lib(a, (l) => l.flush());
  await expect(b.getByTestId('library-conflict')).toBeVisible();
  await expect(b.getByTestId('library-conflict')).toContainText('was changed in another tab');
  await expect(a.getByTestId('library-conflict')).toHaveCount(0);
  // B edits anyway: its save is held, A's version is not overwritten.
  await setParam(b, 'props', 'Ra', 333);
  await lib(b, (l) => l.flush());
  await expect(b.getByTestId('library-conflict')).toContainText('your edits here are not saved yet');
  await screenshot(b, 'library-conflict');
  const c = await a.context().newPage();
  await openApp(c);
  expect(await Ra(c)).toBe(150);
  await c.close();
  // Keep both: B's version becomes a copy that B goes on editing; A's stays under the original.
  await b.getByTestId('library-conflict-keep-both').click();
  await expect(b.getByTestId('library-conflict')).toHaveCount(0);
  const copy = await lib(b, (l) => l.currentId());
  expect(copy).not.toBe(id);
  const list = await lib(a, (l) => l.list());
  const titles = Object.fromEntries(list.map((e) => [e.summary!.id, e.summary!.title]));
  expect(titles[copy!]).toBe(`${titles[id]} (copy)`);
  expect(await lib(a, (l) => l.open(l.currentId()!))).toBe(true);
  expect(await Ra(a)).toBe(150);
  expect(await lib(b, (l, copyId: string) => l.open(copyId), copy!)).toBe(true);
  expect(await Ra(b)).toBe(333);
  // B's later edits go to its copy, without asking again.
  await setParam(b, 'props', 'Ra', 334);
  await lib(b, (l) => l.flush());
  await expect(b.getByTestId('library-conflict')).toHaveCount(0);
  await expect(a.getByTestId('library-conflict')).toHaveCount(0);
});

test('two tabs edit the same graph: “Reload” takes the other tab’s version', async ({ page }) => {
  const { a, b, id } = await twoTabs(page);
  // Whichever tab saves second is the one asked: here A saves first, then B has edited too.
  await setParam(a, 'props', 'Ra', 120);
  await lib(a, (l) => l.flush());
  await setParam(b, 'props', 'Ra', 400);
  await lib(b, (l) => l.flush());
  await expect(b.getByTestId('library-conflict')).toBeVisible();
  await b.getByTestId('library-conflict-reload').click();
  await expect(b.getByTestId('library-conflict')).toHaveCount(0);
  expect(await lib(b, (l) => l.currentId())).toBe(id);
  expect(await Ra(b)).toBe(120);
  await settled(b);
  // Nothing else was written: one entry, at A's revision; B edits on from there.
  expect((await lib(b, (l) => l.list())).map((e) => e.summary!.id)).toEqual([id]);
  await setParam(b, 'props', 'Ra', 121);
  await lib(b, (l) => l.flush());
  await expect(a.getByTestId('library-conflict')).toBeVisible();
});

test('a tab asked about a conflict that opens another graph instead keeps its unsaved edits as a copy', async ({ page }) => {
  const { a, b, id } = await twoTabs(page);
  await setParam(a, 'props', 'Ra', 150);
  await lib(a, (l) => l.flush());
  await expect(b.getByTestId('library-conflict')).toBeVisible();
  await setParam(b, 'props', 'Ra', 333);
  await lib(b, (l) => l.flush());
  // B opens an example without answering: its edit is not dropped.
  await nw(b, (h) => h.openExample('point-network'));
  await expect(b.getByTestId('toast').last()).toContainText('your unsaved edits of');
  await expect(b.getByTestId('library-conflict')).toHaveCount(0);
  const list = await lib(b, (l) => l.list());
  const copy = list.find((e) => e.summary!.id !== id);
  expect(copy?.summary?.title).toMatch(/\(copy\)$/);
  expect(await lib(b, (l, copyId: string) => l.open(copyId), copy!.summary!.id)).toBe(true);
  expect(await Ra(b)).toBe(333);
  expect(await lib(a, (l) => l.open(l.currentId()!))).toBe(true);
  expect(await Ra(a)).toBe(150);
});

test('a renamed graph is exported under its new name, carrying only the files it uses', async ({ page }) => {
  await openApp(page);
  const swc = (k: number) => `# neuron ${k}\n1 1 0 0 0 5 -1\n2 3 ${10 + k} 0 0 1 1\n3 3 ${20 + k} 0 0 1 2\n`;
  // Two skeletons dropped one after the other: the first is no longer used.
  await dropFile(page, 'first.swc', swc(1));
  await expect(page.getByTestId('toast').last()).toContainText('load.swc');
  await dropFile(page, 'second.swc', swc(2));
  await expect(page.getByTestId('toast').last()).toContainText('second.swc → load.swc');
  await lib(page, (l) => l.flush());
  const id = (await lib(page, (l) => l.currentId()))!;
  await page.getByTestId('library-button').click();
  await page.getByTestId(`library-rename-${id}`).click();
  await page.getByTestId(`library-rename-input-${id}`).fill('Réseau DA1: v2/final');
  await page.getByTestId(`library-rename-input-${id}`).press('Enter');
  await expect(page.getByTestId(`library-title-${id}`)).toContainText('Réseau DA1: v2/final');
  for (const button of ['library-export', 'save-file']) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
    expect(d.suggestedFilename(), button).toBe('Reseau-DA1-v2-final.graph.json');
    const file = JSON.parse(readFileSync((await d.path())!, 'utf8')) as { meta: { title: string }; assets: Record<string, { name: string }> };
    expect(file.meta.title).toBe('Réseau DA1: v2/final');
    expect(Object.values(file.assets).map((a) => a.name)).toEqual(['second.swc']);
  }
  // The open graph still holds both (undo may bring the first back).
  const held = JSON.parse(await nw(page, (h) => JSON.stringify((h as unknown as { app: { store: { graph: { assets: object } } } }).app.store.graph.assets))) as Record<string, unknown>;
  expect(Object.keys(held)).toHaveLength(2);
});

const DA1 = sharedPath('hemibrain-da1-pns');
const hasData = existsSync(resolve(DA1, 'swc/1734350788.swc'));

test(`a link of the DA1 graph names the files it leaves out; the recipient drops them and it runs${hasData ? '' : ' (skipped: ../shared/data/hemibrain-da1-pns is absent)'}`, async ({ page, browser }) => {
  test.skip(!hasData, '../shared/data/hemibrain-da1-pns is absent');
  test.setTimeout(180_000);
  const swc = readFileSync(resolve(DA1, 'swc/1734350788.swc'), 'utf8');
  const csv = readFileSync(resolve(DA1, 'synapses/1734350788.csv'), 'utf8');
  await openApp(page);
  await dropFile(page, '1734350788.swc', swc);
  await expect(page.getByTestId('toast').last()).toContainText('load.swc');
  await dropFile(page, '1734350788.csv', csv, 'text/csv');
  await expect(page.getByTestId('toast').last()).toContainText('load.synapses');
  await setParam(page, 'load', 'units', '8 nm voxels');
  await setParam(page, 'soma', 'node', [20]);
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
  const sent = await figureData(page, 'traces');
  // The sender is told which used files the link leaves out, by name.
  const url = await lib(page, (l) => l.copyLink());
  await expect(page.getByTestId('toast').last()).toContainText('1734350788.swc');
  await expect(page.getByTestId('toast').last()).toContainText('1734350788.csv');
  expect(url.length).toBeLessThan(20_000);

  // A stranger's browser: nothing stored, nothing shared but the link.
  const other = await browser.newContext();
  const recipient = await other.newPage();
  const errors = await openAppAt(recipient, new URL(url).hash);
  const load = await status(recipient, 'load');
  expect(load.state).toBe('error');
  expect(load.message).toContain('1734350788.swc is not in this link; drop it here');
  await screenshot(recipient, 'library-link-missing-file');
  // Dropped in any order, recognised by content; each completes part; the last one runs it.
  await dropFile(recipient, '1734350788.csv', csv, 'text/csv');
  await expect(recipient.getByTestId('toast').last()).toContainText('Still missing: 1734350788.swc');
  await dropFile(recipient, '1734350788.swc', swc);
  await expect(recipient.getByTestId('toast').last()).toContainText('The graph is complete');
  await settled(recipient);
  expect(await status(recipient, 'run')).toMatchObject({ state: 'done' });
  const got = await figureData(recipient, 'traces');
  expect(got.map((s) => s.name)).toEqual(sent.map((s) => s.name));
  let maxDv = 0;
  for (let k = 0; k < sent.length; k++) {
    expect(got[k].data.length).toBe(sent[k].data.length);
    for (let i = 0; i < sent[k].data.length; i++) maxDv = Math.max(maxDv, Math.abs(got[k].data[i][1] - sent[k].data[i][1]));
  }
  expect(maxDv).toBe(0);
  expect(errors).toEqual([]);
  await other.close();
});

/** Open the app at a URL fragment and wait until it settled. */
async function openAppAt(page: Page, hash: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined, null, { timeout: 30_000 });
  await nw(page, (h) => h.settled());
  return errors;
}

/** A raw-deflate stream of `mib` MiB of zeros (one compressed MiB repeated; see inflate.security.test.ts). */
function zeroBomb(mib: number): Uint8Array {
  const one = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const out = new Uint8Array(2 + one.length * mib + 2 + 4);
  out.set([0x78, 0xda], 0);
  for (let k = 0; k < mib; k++) out.set(one, 2 + k * one.length);
  out.set([0x03, 0x00], 2 + one.length * mib);
  // Adler-32 of mib MiB of zeros.
  new DataView(out.buffer).setUint32(out.length - 4, ((((mib << 20) % 65521) << 16) | 1) >>> 0);
  return out;
}

test('a PNG whose graph chunk inflates 1 MB → 1 GB is refused with a message, in bounded time and memory', async ({ page }) => {
  await openApp(page);
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 1);
  new DataView(ihdr.buffer).setUint32(4, 1);
  const kw = Uint8Array.from(GRAPH_KEYWORD, (c) => c.charCodeAt(0));
  const bomb = zeroBomb(1024);
  const data = new Uint8Array(kw.length + 5 + bomb.length);
  data.set(kw, 0);
  data.set([0, 1, 0, 0, 0], kw.length);
  data.set(bomb, kw.length + 5);
  const parts = [PNG_SIGNATURE, makeChunk('IHDR', ihdr), makeChunk('iTXt', data), makeChunk('IEND', new Uint8Array())];
  const png = Buffer.concat(parts.map((p) => Buffer.from(p)));
  expect(png.length).toBeLessThan(1.2e6);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
  const before = await heap();
  const graphBefore = JSON.stringify(await graph(page));
  const t0 = Date.now();
  const dt = await page.evaluateHandle((b64) => {
    const bin = atob(b64);
    const a = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) a[i] = bin.charCodeAt(i);
    const dt = new DataTransfer();
    dt.items.add(new File([a], 'bomb.png', { type: 'image/png' }));
    return dt;
  }, png.toString('base64'));
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await expect(page.getByTestId('toast').last()).toContainText('bomb.png: the NeuroWire graph in this image was not opened: it unpacks to more than 64 MB', { timeout: 20_000 });
  const ms = Date.now() - t0;
  const after = await heap();
  console.log(`PNG bomb (${(png.length / 1e6).toFixed(2)} MB → 1 GiB) refused in ${ms} ms; JS heap ${before.toFixed(0)} → ${after.toFixed(0)} MB`);
  expect(ms).toBeLessThan(15_000);
  expect(after - before).toBeLessThan(200);
  // The open graph is untouched.
  expect(JSON.stringify(await graph(page))).toBe(graphBefore);
});
