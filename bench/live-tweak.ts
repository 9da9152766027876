/**
 * Live-tweak latency in a real browser (Debian's Chromium driven by Playwright): the tutorial
 * on the synthetic neuron with a 100 ms run (the first synaptic round moved to 20 ms so the
 * edit shows in the window); from setting "max synaptic conductance" as the inspector does to
 * the updated trace drawn by the plot panel. Prints a table of where the time goes and one
 * JSON line `{"bench":"live-tweak","median_ms":…,"p90_ms":…}`. Then the same on the active-dendrites
 * example, a .mod PARAMETER against a built-in one (`{"bench":"live-tweak-mod",…,"ratio":…}`).
 *
 * Needs a built app (dist/, `npm run build`); serves it with `vite preview`.
 */
import { appBrowser } from './app-browser.ts';

const PORT = 4179;
const N = Number(process.env.BENCH_TWEAKS ?? 40);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
}


async function main(): Promise<void> {
  const { browser, url, close } = await appBrowser(PORT);
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // One tweak series in the page: set `param` of `block` to values[i], time until the plot panel `panel` has drawn.
    const series = async (example: string, setup: Array<[string, string, unknown]>, panel: string, edits: Array<{ block: string; param: string; value: unknown }>) => {
      await page.goto(`${url}?example=${example}`);
      await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
      return await page.evaluate(
        async ({ setup, panel, edits }) => {
          type Status = { state: string; ms?: number };
          const h = (window as unknown as { __nw: { ready: Promise<void>; settled(): Promise<void>; setParam(a: string, b: string, c: unknown): void; status(id: string): Status } }).__nw;
          await h.ready;
          for (const [b, p, v] of setup) h.setParam(b, p, v);
          await h.settled();
          const el = document.querySelector(`nw-plot-panel[data-node="${panel}"]`)!;
          await new Promise((r) => setTimeout(r, 300));
          const rows: Array<{ total: number; run: number; plot: number; draw: number; which: string }> = [];
          for (const e of edits) {
            const drawn = new Promise<CustomEvent<{ ms: number }>>((r) => el.addEventListener('nw-plot-drawn', (ev) => r(ev as CustomEvent<{ ms: number }>), { once: true }));
            const t0 = performance.now();
            h.setParam(e.block, e.param, e.value);
            const ev = await drawn;
            rows.push({ total: performance.now() - t0, run: h.status('run').ms ?? NaN, plot: h.status(panel).ms ?? NaN, draw: ev.detail.ms, which: `${e.block}.${e.param}` });
            await new Promise((r) => setTimeout(r, 30));
          }
          return rows;
        },
        { setup, panel, edits },
      );
    };
    // A new value each time: nothing comes from the memo of earlier results.
    const result = await series('compartment-tutorial', [['run', 'tstop', 100], ['syn_1', 'start', 20]], 'traces', Array.from({ length: N }, (_, i) => ({ block: 'syn_1', param: 'gmax', value: 0.05 + 0.002 * i })));
    const totals = result.map((r) => r.total);
    const med = (k: 'run' | 'plot' | 'draw') => quantile(result.map((r) => r[k]), 0.5);
    const median = quantile(totals, 0.5);
    const p90 = quantile(totals, 0.9);
    console.log(`live tweak (tutorial, synthetic neuron, 100 ms run, ${N} edits of syn_1.gmax): median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (target < 250 ms)`);
    console.log(`  where the time goes (medians): simulation in the worker incl. transfer ${med('run').toFixed(1)} ms · plot option ${med('plot').toFixed(1)} ms · chart draw ${med('draw').toFixed(1)} ms · rest (param → evaluator → upstream blocks, scheduling) ${(median - med('run') - med('plot') - med('draw')).toFixed(1)} ms`);
    console.log(JSON.stringify({ bench: 'live-tweak', median_ms: +median.toFixed(2), p90_ms: +p90.toFixed(2), run_ms: +med('run').toFixed(2), plot_ms: +med('plot').toFixed(2), draw_ms: +med('draw').toFixed(2), edits: N }));

    // The active-dendrites example: a .mod PARAMETER (na.gbar) against a built-in one (pas.g) on
    // the same model, edits interleaved so that both see the same machine.
    // Every value new (never the example's own: an unchanged value recomputes nothing).
    const edits = Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? { block: 'pas', param: 'g', value: 3e-5 * (1 + 0.01 * (i + 1)) } : { block: 'na', param: 'gbar', value: `label == "axon" || label == "linker" ? ${1 + 0.01 * (i + 1)} : label == "dendrite" ? 0.004 : 0.08` }));
    const mod = await series('active-dendrites', [], 'traces', edits);
    const pick = (w: string) => mod.filter((r) => r.which === w).map((r) => r.total);
    const builtinMed = quantile(pick('pas.g'), 0.5);
    const modMed = quantile(pick('na.gbar'), 0.5);
    console.log(`live tweak (active-dendrites, six .mod mechanisms, 60 ms run, ${N} + ${N} interleaved edits): built-in pas.g median ${builtinMed.toFixed(1)} ms, .mod na.gbar (an expression of the segment) median ${modMed.toFixed(1)} ms: ratio ${(modMed / builtinMed).toFixed(2)} (target ≤ 1.2); vs the tutorial's live-tweak ${(modMed / median).toFixed(2)}`);
    // Editing the .mod text in the code pane: from the last keystroke to the redrawn traces (the
    // pane compiles 200 ms after typing stops, then the model runs and the plot draws).
    await page.evaluate(() => (window as unknown as { __nw: { select(ids: string[]): void } }).__nw.select(['na']));
    await page.getByTestId('edit-mod').click();
    await page.waitForFunction(() => /SUFFIX na\b/.test(document.querySelector('[data-testid="mod-pane-text"]')?.textContent ?? ''));
    const textEdits: number[] = [];
    for (let i = 0; i < Math.min(N, 8); i++) {
      const next = `vshift = ${(-5 - 0.1 * (i + 1)).toFixed(1)} (mV)`;
      // The vshift line selected (a DOM selection over the editor's line, which CodeMirror follows), then typed over.
      // The editor draws only the lines near its viewport: to the top first (vshift is near the top of na.mod).
      await page.evaluate(() => {
        (document.querySelector('[data-testid="mod-pane-text"] .cm-scroller') as HTMLElement | null)?.scrollTo(0, 0);
        (document.querySelector('[data-testid="mod-pane-text"] .cm-content') as HTMLElement | null)?.focus();
      });
      await page.waitForTimeout(100);
      await page.evaluate(() => {
        const lines = [...document.querySelectorAll('[data-testid="mod-pane-text"] .cm-line')];
        const line = lines.find((l) => /^\s*vshift\s*=/.test(l.textContent ?? ''));
        if (!line) throw new Error('no vshift line in the pane');
        const r = document.createRange();
        r.selectNodeContents(line);
        const sel = getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
      });
      await page.evaluate(() => {
        const w = window as unknown as { __drawn: Promise<number>; __lastKey: number };
        const el = document.querySelector('nw-plot-panel[data-node="traces"]')!;
        w.__drawn = new Promise((r) => el.addEventListener('nw-plot-drawn', () => r(performance.now()), { once: true }));
        document.addEventListener('keydown', () => (w.__lastKey = performance.now()), { capture: true });
      });
      await page.keyboard.type(next, { delay: 20 });
      textEdits.push(await page.evaluate(async () => {
        const w = window as unknown as { __drawn: Promise<number>; __lastKey: number };
        const t = await Promise.race([w.__drawn, new Promise<number>((r) => setTimeout(() => r(NaN), 10_000))]);
        return t - w.__lastKey;
      }));
    }
    const textMed = quantile(textEdits, 0.5);
    console.log(`.mod text edit in the code pane (active-dendrites, na.mod's vshift default, ${textEdits.length} edits): last keystroke → traces redrawn median ${textMed.toFixed(0)} ms (200 ms of it the pane's wait for typing to stop; target < 500 ms)`);
    console.log(JSON.stringify({ bench: 'live-tweak-mod', builtin_median_ms: +builtinMed.toFixed(2), mod_median_ms: +modMed.toFixed(2), ratio: +(modMed / builtinMed).toFixed(3), ratio_vs_tutorial: +(modMed / median).toFixed(3), edits: N, text_edit_median_ms: +textMed.toFixed(1) }));
  } finally {
    await close();
  }
}

await main();
