/**
 * Live tweak on the real tutorial neuron (issue 16): the "Tutorial on the DA1 neuron
 * (hemibrain)" example in Chromium (1000 ms, 1,249 segments, 50 synapses), 20 edits of
 * syn_1.gmax as the inspector makes them. For each: the time from the edit to the first
 * redrawn samples of the new run (the run streams its traces while it goes) and to the complete
 * trace; and the bare core time of the same run (NeuroWire's engine in Node on the same model,
 * tools/neuron/cases/tutorial-da1.json, no app, no worker, no plot) measured in this bench.
 * Prints a table and `{"bench":"live-tweak-da1","first_ms","complete_ms","core_ms","ratio"}`
 * (ratio = complete / core; targets: first ≤ 150 ms, ratio ≤ 1.3).
 *
 * Needs a built app (dist/) and ../shared/data (the case file's morphology) for the core time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildCase, runCase, resolveCasePath, REPO, type CaseFile } from '../tools/neuron/case.ts';
import { appBrowser } from './app-browser.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4183);
const N = Number(process.env.BENCH_TWEAKS ?? 20);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

/** The bare core: the same model run by the engine in this process (median of 3 after a warm-up), or null without ../shared/data. */
function coreMs(): number | null {
  const path = resolve(REPO, 'tools/neuron/cases/tutorial-da1.json');
  const file = JSON.parse(readFileSync(path, 'utf8')) as CaseFile;
  if (!existsSync(resolveCasePath(file.morphology.swc, dirname(path)))) return null;
  const built = buildCase(file, dirname(path));
  runCase(file, built);
  return median([0, 1, 2].map(() => runCase(file, built).wallMs));
}

async function main(): Promise<void> {
  const { browser, url, close } = await appBrowser(PORT);
  let rows: Array<{ first: number; complete: number; partials: number; runMs: number }> = [];
  let midRun: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx names the functions it compiles with a helper that the page does not have.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`${url}?example=tutorial-da1`);
    await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
    rows = await page.evaluate(
      async ({ n }) => {
        type Status = { state: string; ms?: number };
        const h = (window as unknown as { __nw: { ready: Promise<void>; settled(): Promise<void>; setParam(a: string, b: string, c: unknown): void; status(id: string): Status } }).__nw;
        await h.ready;
        await h.settled();
        const el = document.querySelector('nw-plot-panel[data-node="traces"]')!;
        await new Promise((r) => setTimeout(r, 500));
        const out: Array<{ first: number; complete: number; partials: number; runMs: number }> = [];
        for (let i = 0; i < n; i++) {
          let first = NaN;
          let partials = 0;
          const t0 = performance.now();
          const complete = new Promise<number>((resolve) => {
            const on = () => {
              const at = performance.now() - t0;
              if (Number.isNaN(first)) first = at;
              // Complete: the run and the plot are done (the final figure is what was drawn).
              if (h.status('run').state === 'done' && h.status('traces').state === 'done') {
                el.removeEventListener('nw-plot-drawn', on);
                resolve(at);
              } else partials++;
            };
            el.addEventListener('nw-plot-drawn', on);
          });
          // A new value each time: nothing comes from the memo of earlier results.
          h.setParam('syn_1', 'gmax', 0.1 + 0.001 * (i + 1));
          const done = await complete;
          out.push({ first, complete: done, partials, runMs: h.status('run').ms ?? NaN });
          await new Promise((r) => setTimeout(r, 200));
        }
        return out;
      },
      { n: N },
    );
    // Edits while a run is in flight (≥ 40 % done): the old run must be cancelled before the new
    // one can start on the one worker, so the time to the new run's first samples includes it.
    midRun = await page.evaluate(
      async ({ n }) => {
        type Status = { state: string; progress?: number };
        type Fig = { figure?: { partial?: { fraction: number } } } | null;
        const h = (window as unknown as { __nw: { settled(): Promise<void>; setParam(a: string, b: string, c: unknown): void; status(id: string): Status; output(id: string): Fig } }).__nw;
        const el = document.querySelector('nw-plot-panel[data-node="traces"]')!;
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          await h.settled();
          h.setParam('syn_1', 'gmax', 0.2 + 0.001 * (i + 1));
          while (!((h.status('run').progress ?? 0) >= 0.4 && h.status('run').state === 'running')) await new Promise((r) => setTimeout(r, 5));
          const t0 = performance.now();
          const first = new Promise<number>((resolve) => {
            const on = () => {
              const f = h.output('traces')?.figure?.partial?.fraction;
              if (f !== undefined && f < 0.3) {
                el.removeEventListener('nw-plot-drawn', on);
                resolve(performance.now() - t0);
              }
            };
            el.addEventListener('nw-plot-drawn', on);
          });
          h.setParam('syn_1', 'gmax', 0.3 + 0.001 * (i + 1));
          out.push(await first);
        }
        await h.settled();
        return out;
      },
      { n: Math.max(3, Math.round(N / 2)) },
    );
  } finally {
    await close();
  }
  const core = coreMs();
  const first = median(rows.map((r) => r.first));
  const complete = median(rows.map((r) => r.complete));
  console.log(`\nlive tweak on the DA1 tutorial (1000 ms, ${N} edits of syn_1.gmax), Chromium:`);
  console.log('  edit   first samples ms   complete ms   partial redraws   run block ms');
  rows.forEach((r, i) => console.log(`  ${String(i + 1).padStart(4)}   ${r.first.toFixed(0).padStart(16)}   ${r.complete.toFixed(0).padStart(11)}   ${String(r.partials).padStart(15)}   ${r.runMs.toFixed(0).padStart(12)}`));
  const ratio = core ? complete / core : null;
  console.log(`  median: first samples ${first.toFixed(0)} ms (target ≤ 150), complete ${complete.toFixed(0)} ms; bare core ${core ? `${core.toFixed(0)} ms, ratio ${ratio!.toFixed(2)} (target ≤ 1.3)` : 'not measured (../shared/data absent)'}`);
  const firstMid = median(midRun);
  console.log(`  edits while a run is ≥ 40 % done (${midRun.length}): first samples of the new run after ${midRun.map((x) => x.toFixed(0)).join(', ')} ms; median ${firstMid.toFixed(0)} ms (the old run cancelled within a slice)`);
  console.log(JSON.stringify({ bench: 'live-tweak-da1', first_ms: +first.toFixed(1), complete_ms: +complete.toFixed(1), core_ms: core ? +core.toFixed(1) : null, ratio: ratio ? +ratio.toFixed(3) : null, first_mid_run_ms: +firstMid.toFixed(1), edits: N }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
