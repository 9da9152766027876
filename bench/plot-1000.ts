/**
 * plot-1000: the plot panel given 1,000 traces × 40,001 samples (a 1000 ms run at dt 0.025 ms,
 * each trace with a one-sample spike) in a real browser (Debian's Chromium driven by
 * Playwright, the built app served by `vite preview`). A `<nw-plot-panel>` 1200 px wide is
 * added to the app's page and handed the figure (series data packed as Float64Array pairs,
 * 610 MB in all: as [t, v] arrays the same data would not fit in V8's heap). Times from
 * handing the figure to the panel's `nw-plot-drawn` event (ECharts draws synchronously) and to
 * the next painted frame; the JS heap (performance.memory, precise) after drawing: used and
 * total (the heap V8 had grown to, a bound on the peak).
 *
 * Parts, each repeated (the machine is shared: medians and the best of the runs):
 * - the default view: a new panel draws the first 50 traces (BENCH_REPEAT times, 5);
 * - "all": the same panel shows all 1,000 (twice, from the first 50 each time);
 * - a DA1-tutorial-sized plot redrawn as a streaming run grows (3 traces, 20 partial figures
 *   up to 40,001 samples, then the final one): ms per redraw and the longest main-thread task
 *   (PerformanceObserver 'longtask', tasks over 50 ms) while it goes.
 * One JSON line each: `{"bench":"plot-1000",…,"traces_drawn":50|1000}`,
 * `{"bench":"plot-redraw-da1","redraw_ms","max_redraw_ms","longest_task_ms",…}`.
 *
 * Needs a built app (dist/, `npm run build`).
 */
import { appBrowser } from './app-browser.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4182);
const TRACES = Number(process.env.BENCH_TRACES ?? 1000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const SAMPLES = 40_001;

interface Drawn {
  traces: number;
  drawn: number;
  points: number;
  eventMs: number;
  frameMs: number;
  usedMb: number;
  totalMb: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const { browser, url, close } = await appBrowser(PORT, ['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx names inner functions with a helper the page does not have.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
    await page.evaluate(async () => {
      const h = (window as unknown as { __nw: { ready: Promise<void>; settled(): Promise<void> } }).__nw;
      await h.ready;
      await h.settled();
    });
    // The data, made in the page before anything is timed.
    const made = await page.evaluate(
      ({ traces, samples }) => {
        const t0 = performance.now();
        const series = Array.from({ length: traces }, (_, i) => {
          const xy = new Float64Array(2 * samples);
          const spike = (1000 + 37 * i) % samples;
          for (let k = 0; k < samples; k++) {
            xy[2 * k] = k * 0.025;
            xy[2 * k + 1] = k === spike ? 30 : -65 + 3 * Math.sin(k / 400 + i);
          }
          return { name: `node ${i}`, type: 'line', data: xy };
        });
        const w = window as unknown as { __fig: unknown };
        w.__fig = { kind: 'figure', figure: 'traces', title: 'plot-1000', csv: '', option: { xAxis: { type: 'value', min: 0, max: (samples - 1) * 0.025, name: 'time (ms)' }, yAxis: { type: 'value', scale: true, name: 'V (mV)' }, series } };
        return performance.now() - t0;
      },
      { traces: TRACES, samples: SAMPLES },
    );
    console.log(`plot-1000: ${TRACES} traces × ${SAMPLES} samples made in the page in ${made.toFixed(0)} ms (${((TRACES * SAMPLES * 16) / 2 ** 20).toFixed(0)} MB of Float64Array pairs)`);

    // A new panel given the figure (fresh: true), or the panel showing all; time to the drawn event and the next frame.
    const measure = (fresh: boolean) =>
      page.evaluate(async (fresh) => {
        const w = window as unknown as { __fig: unknown; gc?: () => void };
        type Panel = HTMLElement & { nodeId: string; figure: unknown; showMoreSeries(n: number): void; showFewerSeries(): void; seriesCounts: { shown: number; total: number }; drawnData(): { series: Array<{ data: unknown[] }> } };
        let el = document.querySelector('nw-plot-panel[data-node="plot-1000"]') as Panel | null;
        if (fresh && el) {
          el.remove();
          el = null;
        }
        if (el && !fresh && el.seriesCounts.shown > 50) {
          // Back to the first 50 first (not timed).
          const back = new Promise((r) => el!.addEventListener('nw-plot-drawn', r, { once: true }));
          el.showFewerSeries();
          await back;
        }
        w.gc?.();
        await new Promise((r) => setTimeout(r, 50));
        const t0 = performance.now();
        const drawn = new Promise<number>((r) => (el ?? document).addEventListener('nw-plot-drawn', () => r(performance.now() - t0), { once: true }));
        if (!el) {
          el = document.createElement('nw-plot-panel') as Panel;
          el.dataset.node = 'plot-1000';
          el.nodeId = 'plot-1000';
          el.style.cssText = 'position:fixed;left:0;top:0;width:1200px;height:420px;z-index:99;background:#fff';
          document.body.appendChild(el);
          el.figure = w.__fig;
        } else el.showMoreSeries(Infinity);
        const eventMs = await drawn;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const frameMs = performance.now() - t0;
        const mem = (performance as unknown as { memory: { usedJSHeapSize: number; totalJSHeapSize: number } }).memory;
        const series = el.drawnData().series;
        return {
          traces: el.seriesCounts.total,
          drawn: el.seriesCounts.shown,
          points: series.reduce((a, s) => a + s.data.length, 0),
          eventMs,
          frameMs,
          usedMb: mem.usedJSHeapSize / 2 ** 20,
          totalMb: mem.totalJSHeapSize / 2 ** 20,
        };
      }, fresh) as Promise<Drawn>;

    for (const [fresh, times] of [
      [true, REPEAT],
      [false, 2],
    ] as const) {
      const runs: Drawn[] = [];
      for (let i = 0; i < times; i++) runs.push(await measure(fresh));
      const r = runs[runs.length - 1];
      const ev = runs.map((x) => x.eventMs);
      const fr = runs.map((x) => x.frameMs);
      const heap = Math.max(...runs.map((x) => x.totalMb));
      console.log(
        `  ${String(r.drawn).padStart(4)} of ${r.traces} traces drawn (${r.points.toLocaleString('en-US')} points given to ECharts), ${runs.length} times: ${ev.map((x) => x.toFixed(0)).join(', ')} ms to drawn (median ${median(ev).toFixed(0)}), ${median(fr).toFixed(0)} ms to the next frame (median); JS heap ${r.usedMb.toFixed(0)} MB used, ${heap.toFixed(0)} MB total at most`,
      );
      console.log(JSON.stringify({ bench: 'plot-1000', ms: Math.round(median(ev)), ms_min: Math.round(Math.min(...ev)), frame_ms: Math.round(median(fr)), heap_mb: Math.round(heap), heap_used_mb: Math.round(r.usedMb), traces_drawn: r.drawn, traces: r.traces, points_drawn: r.points, runs: runs.length }));
    }

    // A run of the DA1 tutorial's size streaming into a plot: 3 traces growing to 40,001 samples.
    const redraw = await page.evaluate(async (samples) => {
      type Panel = HTMLElement & { nodeId: string; figure: unknown };
      (window as unknown as { __fig: unknown }).__fig = null;
      document.querySelector('nw-plot-panel[data-node="plot-1000"]')?.remove();
      const full = ['soma', 'dend', 'axon'].map((name, i) => {
        const xy = new Float64Array(2 * samples);
        for (let k = 0; k < samples; k++) {
          xy[2 * k] = k * 0.025;
          xy[2 * k + 1] = k % 4000 === 2000 ? 20 + i : -65 + 2 * Math.sin(k / 300 + i);
        }
        return { name, xy };
      });
      const el = document.createElement('nw-plot-panel') as Panel;
      el.nodeId = 'redraw';
      el.style.cssText = 'position:fixed;left:0;top:0;width:1200px;height:420px;z-index:99;background:#fff';
      document.body.appendChild(el);
      let longest = 0;
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
      });
      obs.observe({ type: 'longtask' });
      const times: number[] = [];
      const steps = 20;
      for (let s = 1; s <= steps + 1; s++) {
        // As the run block hands them on: views of the samples so far (the final one whole).
        const n = s > steps ? samples : Math.round((s / steps) * (samples - 1)) + 1;
        const t = (n - 1) * 0.025;
        const series = full.map((f) => ({ name: f.name, type: 'line', data: f.xy.subarray(0, 2 * n) }));
        const fig = { kind: 'figure', figure: 'traces', title: 'run', csv: '', option: { xAxis: { type: 'value', min: 0, max: 1000 }, yAxis: { type: 'value', scale: true }, series }, ...(s > steps ? {} : { partial: { fraction: t / 1000, t } }) };
        const t0 = performance.now();
        const drawn = new Promise<void>((r) => el.addEventListener('nw-plot-drawn', () => r(), { once: true }));
        el.figure = fig;
        await drawn;
        times.push(performance.now() - t0);
        // The cadence of a streaming run: ~10 results a second.
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 100));
      obs.disconnect();
      el.remove();
      return { times, longest };
    }, SAMPLES);
    console.log(
      `  DA1-sized plot (3 traces growing to ${SAMPLES} samples), ${redraw.times.length} redraws: median ${median(redraw.times).toFixed(0)} ms, max ${Math.max(...redraw.times).toFixed(0)} ms; longest main-thread task ${redraw.longest ? `${redraw.longest.toFixed(0)} ms` : 'none over 50 ms'}`,
    );
    console.log(JSON.stringify({ bench: 'plot-redraw-da1', redraws: redraw.times.length, redraw_ms: Math.round(median(redraw.times)), max_redraw_ms: Math.round(Math.max(...redraw.times)), longest_task_ms: Math.round(redraw.longest) }));
  } finally {
    await close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
