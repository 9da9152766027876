/**
 * Live-tweak latency in a real browser (Debian's Chromium driven by Playwright): the tutorial
 * on the synthetic neuron with a 100 ms run (the first synaptic round moved to 20 ms so the
 * edit shows in the window); from setting "max synaptic conductance" as the inspector does to
 * the updated trace drawn by the plot panel. Prints a table of where the time goes and one
 * JSON line `{"bench":"live-tweak","median_ms":…,"p90_ms":…}`.
 *
 * Needs a built app (dist/, `npm run build`); serves it with `vite preview`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 4179;
const N = Number(process.env.BENCH_TWEAKS ?? 40);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > ms) throw new Error(`vite preview did not start on ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const server: ChildProcess = spawn(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { cwd: REPO, stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${PORT}/?example=compartment-tutorial`);
    await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
    const result = await page.evaluate(async (n) => {
      type Status = { state: string; ms?: number };
      const h = (window as unknown as { __nw: { ready: Promise<void>; settled(): Promise<void>; setParam(a: string, b: string, c: unknown): void; status(id: string): Status } }).__nw;
      await h.ready;
      h.setParam('run', 'tstop', 100);
      h.setParam('syn_1', 'start', 20);
      await h.settled();
      const panel = document.querySelector('nw-plot-panel[data-node="traces"]')!;
      await new Promise((r) => setTimeout(r, 300));
      const rows: Array<{ total: number; run: number; plot: number; draw: number }> = [];
      for (let i = 0; i < n; i++) {
        const drawn = new Promise<CustomEvent<{ ms: number }>>((r) => panel.addEventListener('nw-plot-drawn', (e) => r(e as CustomEvent<{ ms: number }>), { once: true }));
        const t0 = performance.now();
        // A new value each time: nothing comes from the memo of earlier results.
        h.setParam('syn_1', 'gmax', 0.05 + 0.002 * i);
        const ev = await drawn;
        const total = performance.now() - t0;
        rows.push({ total, run: h.status('run').ms ?? NaN, plot: h.status('traces').ms ?? NaN, draw: ev.detail.ms });
        await new Promise((r) => setTimeout(r, 30));
      }
      return rows;
    }, N);
    const totals = result.map((r) => r.total);
    const med = (k: 'run' | 'plot' | 'draw') => quantile(result.map((r) => r[k]), 0.5);
    const median = quantile(totals, 0.5);
    const p90 = quantile(totals, 0.9);
    console.log(`live tweak (tutorial, synthetic neuron, 100 ms run, ${N} edits of syn_1.gmax): median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (target < 250 ms)`);
    console.log(`  where the time goes (medians): simulation in the worker incl. transfer ${med('run').toFixed(1)} ms · plot option ${med('plot').toFixed(1)} ms · chart draw ${med('draw').toFixed(1)} ms · rest (param → evaluator → upstream blocks, scheduling) ${(median - med('run') - med('plot') - med('draw')).toFixed(1)} ms`);
    console.log(JSON.stringify({ bench: 'live-tweak', median_ms: +median.toFixed(2), p90_ms: +p90.toFixed(2), run_ms: +med('run').toFixed(2), plot_ms: +med('plot').toFixed(2), draw_ms: +med('draw').toFixed(2), edits: N }));
  } finally {
    await browser.close();
    server.kill();
  }
}

await main();
