/**
 * Helpers for the end-to-end tests: the app's test hooks (src/ui/CONTRACT.md) from the
 * Node side, screenshots, wires dragged and files dropped as a user does.
 */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Series = { name: string; data: Array<[number, number]> };
type Hooks = {
  ready: Promise<void>;
  settled(): Promise<void>;
  figureData(id: string): { series: Series[] };
  setParam(id: string, name: string, value: unknown): void;
  status(id: string): { state: string; message?: string; progress?: number; ms?: number };
  graph(): GraphDoc;
  stats(id: string): { computations: number; cancelled: number };
  output(id: string): Record<string, unknown> | null;
  openExample(name: string): Promise<void>;
  crashWorker(reason?: string): void;
  /** Keep the block worker busy in a loop for ms (nothing it is sent starts meanwhile). */
  hangWorker(ms: number): void;
  rerun(): void;
  select(ids: string[]): void;
};
export type GraphDoc = {
  nodes: Array<{ id: string; type: string; params: Record<string, unknown>; bypass?: boolean }>;
  connections: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
};
export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..');

/** Open the app (optionally on an example) and wait until every block has settled. */
export async function openApp(page: Page, example?: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(example ? `/?example=${example}` : '/');
  await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as { __nw: Hooks }).__nw.ready);
  return errors;
}

/** Run a function on the page's hooks. */
export function nw<T, A = undefined>(page: Page, fn: (hooks: Hooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(
    ([src, a]) => {
      const f = new Function(`return (${src})`)() as (h: unknown, a: unknown) => unknown;
      return f((window as unknown as { __nw: unknown }).__nw, a);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

/** Wait until every block has settled (after an edit). */
export const settled = (page: Page) => nw(page, (h) => h.settled());

/** What a plot block is drawing now (sent as JSON text: Playwright's own encoding of 10⁵ pairs takes seconds). */
export const figureData = async (page: Page, id: string): Promise<Series[]> => JSON.parse(await nw(page, (h, id: string) => JSON.stringify(h.figureData(id).series), id)) as Series[];

export async function series(page: Page, plot: string, name: string): Promise<Array<[number, number]>> {
  const s = (await figureData(page, plot)).find((x) => x.name === name);
  expect(s, `series ${name} in plot ${plot}`).toBeTruthy();
  return s!.data;
}

/** Largest value of a plotted series between two times (ms). */
export function peak(data: Array<[number, number]>, from = -Infinity, to = Infinity): number {
  let m = -Infinity;
  for (const [t, v] of data) if (t >= from && t <= to && v > m) m = v;
  return m;
}

export const setParam = (page: Page, id: string, name: string, value: unknown) => nw(page, (h, a: [string, string, unknown]) => h.setParam(a[0], a[1], a[2]), [id, name, value] as [string, string, unknown]);
export const status = (page: Page, id: string) => nw(page, (h, id: string) => h.status(id), id);
export const graph = async (page: Page): Promise<GraphDoc> => JSON.parse(await nw(page, (h) => JSON.stringify(h.graph()))) as GraphDoc;

/** Save a screenshot under e2e/screenshots/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = resolve(HERE, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: resolve(dir, `${name}.png`) });
}

/** Drag from one socket to another as a user does (pointer down, move, up). */
export async function dragWire(page: Page, fromTestId: string, toTestId: string): Promise<void> {
  const from = page.getByTestId(fromTestId);
  const to = page.getByTestId(toTestId);
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  expect(a && b, `sockets ${fromTestId} and ${toTestId} on screen`).toBeTruthy();
  await page.mouse.move(a!.x + a!.width / 2, a!.y + a!.height / 2);
  await page.mouse.down();
  await page.mouse.move((a!.x + b!.x) / 2, (a!.y + b!.y) / 2, { steps: 5 });
  await page.mouse.move(b!.x + b!.width / 2, b!.y + b!.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Drop a file on an element (the page body by default), as dragging it from the desktop does. */
export async function dropFile(page: Page, name: string, content: string, mime = 'text/plain', target = 'body'): Promise<void> {
  const dt = await page.evaluateHandle(
    ([name, content, mime]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name, { type: mime }));
      return dt;
    },
    [name, content, mime] as const,
  );
  await page.dispatchEvent(target, 'dragover', { dataTransfer: dt });
  await page.dispatchEvent(target, 'drop', { dataTransfer: dt });
}

/** A Morphology view block wired to split, run and the run's model (the tutorials' ids); its id. */
export async function addMorphologyView(page: Page, params: Record<string, unknown> = {}): Promise<string> {
  return page.evaluate((p) => {
    type Wire = { from: { node: string; port: string }; to: { node: string; port: string } };
    type Store = { graph: { connections: Wire[] }; addNode(type: string, position: [number, number], params?: Record<string, unknown>): string; connect(c: Wire): { ok: boolean; reason?: string } };
    const store = (window as unknown as { __nw: { app: { store: Store } } }).__nw.app.store;
    const model = store.graph.connections.find((c) => c.to.node === 'run' && c.to.port === 'model')!.from;
    const id = store.addNode('morphology-view', [1400, 200], p);
    for (const c of [
      { from: { node: 'split', port: 'neuron' }, to: { node: id, port: 'neuron' } },
      { from: { node: 'run', port: 'traces' }, to: { node: id, port: 'traces' } },
      { from: model, to: { node: id, port: 'model' } },
    ]) {
      const r = store.connect(c);
      if (!r.ok) throw new Error(r.reason);
    }
    return id;
  }, params);
}

/**
 * A PNG (base64) decoded in the page: its mean WCAG relative luminance (0 black … 1 white),
 * its mean luma (0–255, Rec. 709 weights on the sRGB values) and the RGBA pixel at `at`.
 */
export async function pngStats(page: Page, b64: string, at: [number, number] = [0, 0]): Promise<{ wcag: number; luma: number; pixel: number[] }> {
  return page.evaluate(
    async ([png, x, y]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      let wcag = 0;
      let luma = 0;
      for (let i = 0; i < d.length; i += 4) {
        wcag += 0.2126 * lin(d[i]) + 0.7152 * lin(d[i + 1]) + 0.0722 * lin(d[i + 2]);
        luma += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
      }
      const n = d.length / 4;
      return { wcag: wcag / n, luma: luma / n, pixel: [...ctx.getImageData(x, y, 1, 1).data] };
    },
    [b64, at[0], at[1]] as [string, number, number],
  );
}
