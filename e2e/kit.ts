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
