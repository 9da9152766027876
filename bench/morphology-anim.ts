/**
 * The morphology view in a real browser (Debian's Chromium driven by Playwright), on a small
 * harness page (bench/morphology-page.html, served by Vite's dev server) that computes the
 * blocks in-page and mounts `<nw-morphology-view>`:
 *
 * - morphology-anim: the DA1 neuron 1734350788 (hemibrain, 8 nm voxels, soma 20, split into
 *   axon/dendrite) with every node recorded, a clamp at the soma, run for 100 ms; the voltage
 *   animation plays for 3 s and the draws it made per second are counted (target ≥ 30 fps).
 * - morphology-draw: ms per pan/zoom redraw (flushed to pixels) of the largest SWC of
 *   ../shared/data/swc-zoo/ and of the five DA1 neurons.
 *
 * Prints a line per measurement and JSON lines `{"bench":"morphology-anim",…}` and
 * `{"bench":"morphology-draw",…}`. BENCH_SHOTS=1 also saves screenshots to e2e/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { createServer } from 'vite';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(REPO, '../shared/data');
const DA1 = resolve(DATA, 'hemibrain-da1-pns');
const ZOO = resolve(DATA, 'swc-zoo');
const PORT = Number(process.env.BENCH_PORT ?? 4181);
const PLAY_MS = Number(process.env.BENCH_PLAY_MS ?? 3000);
const REDRAWS = Number(process.env.BENCH_REDRAWS ?? 60);
const SHOTS = process.env.BENCH_SHOTS ? resolve(REPO, 'e2e/screenshots') : null;

type Api = {
  everyNodeRecorded(swc: string, csv: string, tstop: number): Promise<{ nodes: number; frames: number; stride: number; runMs: number; blockMs: number }>;
  show(swc: string, csv: string | null, units: string, soma: number | null, split: boolean, colourBy: string): Promise<{ nodes: number; blockMs: number }>;
  playFor(ms: number): Promise<{ draws: number; ticks: number; seconds: number; drawMs: number[] }>;
  redraws(n: number): { msPerRedraw: number; median: number };
};

/** Run a function of the page's `__morph` api with JSON arguments. */
function call<R>(page: Page, name: keyof Api, ...args: unknown[]): Promise<R> {
  return page.evaluate(
    async ([n, a]) => {
      const api = (window as unknown as { __morph: Record<string, (...x: unknown[]) => unknown> }).__morph;
      return await api[n as string](...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<R>;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, name) });
}

/** The largest .swc file under a folder (bytes). */
function largestSwc(dir: string): string {
  let best = '';
  let size = -1;
  for (const sub of readdirSync(dir)) {
    const d = resolve(dir, sub);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) {
      if (!f.endsWith('.swc')) continue;
      const s = statSync(resolve(d, f)).size;
      if (s > size) {
        size = s;
        best = resolve(d, f);
      }
    }
  }
  return best;
}

async function main(): Promise<void> {
  if (!existsSync(DA1)) {
    console.log('\nmorphology-anim: skipped (../shared/data is absent)');
    return;
  }
  const server = await createServer({ root: REPO, logLevel: 'warn', server: { port: PORT, strictPort: true, host: '127.0.0.1' } });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${PORT}/bench/morphology-page.html`);
    await page.waitForFunction(() => (window as unknown as { __morph?: unknown }).__morph !== undefined, null, { timeout: 60_000 });

    // --- the animation: every node of DA1 recorded.
    const swc = readFileSync(resolve(DA1, 'swc/1734350788.swc'), 'utf8');
    const csv = readFileSync(resolve(DA1, 'synapses/1734350788.csv'), 'utf8');
    const tstop = 100;
    const built = await call<{ nodes: number; frames: number; stride: number; runMs: number; blockMs: number }>(page, 'everyNodeRecorded', swc, csv, tstop);
    await shot(page, 'morphology-da1-voltage.png');
    await call(page, 'playFor', 500); // warm-up (JIT, first frames into the cache)
    const play = await call<{ draws: number; ticks: number; seconds: number; drawMs: number[] }>(page, 'playFor', PLAY_MS);
    await shot(page, 'morphology-da1-playing.png');
    const fps = play.draws / play.seconds;
    const drawMs = [...play.drawMs].sort((a, b) => a - b);
    const medDraw = drawMs[drawMs.length >> 1] ?? NaN;
    console.log(`\nmorphology-anim: DA1 1734350788, ${built.nodes} nodes all recorded, ${tstop} ms run (${built.runMs.toFixed(0)} ms in the page), block ${built.blockMs.toFixed(0)} ms, ${built.frames} frames (every ${built.stride}th sample)`);
    console.log(`  played ${play.seconds.toFixed(2)} s: ${play.draws} frames drawn, ${fps.toFixed(1)} frames/s (rAF ticks ${play.ticks}, ${(play.ticks / play.seconds).toFixed(1)}/s); median draw call ${medDraw.toFixed(2)} ms (target ≥ 30 fps)`);
    console.log(JSON.stringify({ bench: 'morphology-anim', fps: +fps.toFixed(1), nodes: built.nodes, frames: play.draws, seconds: +play.seconds.toFixed(3), raf_per_s: +(play.ticks / play.seconds).toFixed(1), draw_ms_median: +medDraw.toFixed(3), run_frames: built.frames }));

    // --- pan/zoom redraws.
    const cases: Array<{ name: string; swc: string; csv: string | null; units: string; soma: number | null; split: boolean }> = [];
    const zoo = largestSwc(ZOO);
    cases.push({ name: `swc-zoo/${basename(dirname(zoo))}/${basename(zoo)}`, swc: zoo, csv: null, units: 'µm', soma: null, split: false });
    for (const f of readdirSync(resolve(DA1, 'swc')).filter((x) => x.endsWith('.swc')).sort()) {
      const id = f.replace('.swc', '');
      cases.push({ name: `DA1 ${id}`, swc: resolve(DA1, 'swc', f), csv: null, units: '8 nm voxels', soma: null, split: false });
    }
    const rows: Array<{ name: string; nodes: number; ms: number; median: number }> = [];
    for (const c of cases) {
      const r = await call<{ nodes: number; blockMs: number }>(page, 'show', readFileSync(c.swc, 'utf8'), null, c.units, c.soma, c.split, 'column');
      await call(page, 'redraws', 10); // warm-up
      const m = await call<{ msPerRedraw: number; median: number }>(page, 'redraws', REDRAWS);
      rows.push({ name: c.name, nodes: r.nodes, ms: m.msPerRedraw, median: m.median });
      console.log(`  ${c.name.padEnd(44)} ${String(r.nodes).padStart(6)} nodes: ${m.msPerRedraw.toFixed(2)} ms per pan/zoom redraw (median ${m.median.toFixed(2)} ms)`);
      if (c === cases[0]) await shot(page, 'morphology-zoo-largest.png');
    }
    const worst = Math.max(...rows.map((r) => r.ms));
    console.log(`morphology-draw: worst ${worst.toFixed(2)} ms per redraw (interactive: < 16 ms)`);
    console.log(JSON.stringify({ bench: 'morphology-draw', worst_ms: +worst.toFixed(3), cases: rows.map((r) => ({ name: r.name, nodes: r.nodes, ms: +r.ms.toFixed(3), median_ms: +r.median.toFixed(3) })) }));
    if (errors.length) console.log(`page errors (${errors.length}): ${[...new Set(errors)].slice(0, 3).join(' | ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
