/**
 * plot-1000: the plot panel given 1,000 traces × 40,001 samples (a 1000 ms run at dt 0.025 ms,
 * each trace with a one-sample spike) in a real browser (Debian's Chromium driven by
 * Playwright, the built app served by `vite preview`). A `<nw-plot-panel>` 1200 px wide is
 * added to the app's page and handed the figure (series data packed as Float64Array pairs,
 * 640 MB in all: as [t, v] arrays the same data would not fit in V8's heap). Times from
 * handing the figure to the panel's `nw-plot-drawn` event (ECharts draws synchronously) and to
 * the next painted frame; the JS heap (performance.memory, precise) after drawing: used and
 * total (the heap V8 had grown to, a bound on the peak). Twice: as the panel opens (first 50
 * traces drawn) and after "all" (1,000 drawn). Prints one JSON line each
 * `{"bench":"plot-1000","ms":…,"heap_mb":…,"traces_drawn":…}`.
 *
 * Needs a built app (dist/, `npm run build`).
 */
import { appBrowser } from './app-browser.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4182);
const TRACES = Number(process.env.BENCH_TRACES ?? 1000);
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

async function main(): Promise<void> {
  const { browser, url, close } = await appBrowser(PORT, ['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
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

    // Hand the figure to a new panel (or show all on it), time to the drawn event and the next frame.
    const measure = (all: boolean) =>
      page.evaluate(async (all) => {
        const w = window as unknown as { __fig: unknown; gc?: () => void };
        type Panel = HTMLElement & { nodeId: string; figure: unknown; showMoreSeries(n: number): void; seriesCounts: { shown: number; total: number }; drawnData(): { series: Array<{ data: unknown[] }> } };
        w.gc?.();
        let el = document.querySelector('nw-plot-panel[data-node="plot-1000"]') as Panel | null;
        const t0 = performance.now();
        // (No named inner functions: tsx would wrap them in a helper the page does not have.)
        const drawn = new Promise<number>((r) => (el ?? document).addEventListener('nw-plot-drawn', () => r(performance.now() - t0), { once: true }));
        if (!el) {
          el = document.createElement('nw-plot-panel') as Panel;
          el.dataset.node = 'plot-1000';
          el.nodeId = 'plot-1000';
          el.style.cssText = 'position:fixed;left:0;top:0;width:1200px;height:420px;z-index:99;background:#fff';
          document.body.appendChild(el);
          el.figure = w.__fig;
        } else if (all) el.showMoreSeries(Infinity);
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
      }, all) as Promise<Drawn>;

    for (const all of [false, true]) {
      const r = await measure(all);
      console.log(
        `  ${String(r.drawn).padStart(4)} of ${r.traces} traces drawn (${r.points.toLocaleString('en-US')} points given to ECharts): ${r.eventMs.toFixed(0)} ms to drawn, ${r.frameMs.toFixed(0)} ms to the next frame; JS heap ${r.usedMb.toFixed(0)} MB used, ${r.totalMb.toFixed(0)} MB total`,
      );
      console.log(JSON.stringify({ bench: 'plot-1000', ms: Math.round(r.eventMs), frame_ms: Math.round(r.frameMs), heap_mb: Math.round(r.totalMb), heap_used_mb: Math.round(r.usedMb), traces_drawn: r.drawn, traces: r.traces, points_drawn: r.points }));
    }
  } finally {
    await close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
