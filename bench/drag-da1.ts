/**
 * drag-da1: a 2 s slider drag on Ra in the app, on the tutorial's DA1 neuron (1000 ms run,
 * 1249 segments), in a real browser (Debian's Chromium driven by Playwright, the built app
 * served by `vite preview`). The set-properties block is selected, then real pointer events
 * (CDP Input events, not waiting for each) move over its Ra slider at ~60 moves/s while a PerformanceObserver records the
 * main thread's long tasks (> 50 ms). Counts, during the drag and up to 3 s after it: the
 * parameter edits that reached the store, the traces plot's redraws (`nw-plot-drawn`) and the
 * complete ones (a figure that is not a streaming run's partial result), then checks that one
 * Undo takes the whole drag back. Prints a table and one JSON line
 * `{"bench":"drag-da1","longest_task_ms":…,"redraws":…,"long_tasks":…}` (targets: longest
 * task ≤ 50 ms, ≥ 4 complete redraws).
 *
 * `BENCH_TRACE=file` writes a DevTools performance trace of the drag. `BENCH_PROFILE=1` also samples the main thread with the DevTools profiler during the drag
 * and prints the functions that took the most time (self and total), to attribute long tasks;
 * `BENCH_URL` points the page at another build (e.g. `vite build --minify false --outDir …`
 * served by `vite preview --outDir …`), so that the names are readable.
 *
 * Needs a built app (dist/, `npx vite build`).
 */
import { writeFileSync } from 'node:fs';
import { appBrowser } from './app-browser.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4185);
const DRAG_MS = 2000;
const MOVES_PER_S = 60;
const AFTER_MS = 3000;

interface PageResult {
  longTasks: Array<{ start: number; ms: number }>;
  drawn: Array<{ at: number; partial: boolean; ms: number }>;
  edits: Array<{ at: number; value: unknown }>;
  /** Pointer moves and slider input events the page received (Chromium coalesces moves while the main thread is busy). */
  pointerMoves: number;
  inputs: number;
  dragStart: number;
  dragEnd: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

async function main(): Promise<void> {
  const { browser, url: served, close } = await appBrowser(PORT);
  // BENCH_URL: another build of the app (an unminified one, for readable profiles).
  const url = process.env.BENCH_URL ?? served;
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx keeps function names with a `__name` helper that page functions do not have.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(`${url}?example=tutorial-da1`);
    await page.waitForFunction(() => (window as unknown as { __nw?: unknown }).__nw !== undefined);
    const t0 = Date.now();
    await page.evaluate(async () => {
      const h = (window as unknown as { __nw: { ready: Promise<void>; settled(): Promise<void>; select(ids: string[]): void } }).__nw;
      await h.ready;
      await h.settled();
      h.select(['props']);
    });
    const settleS = (Date.now() - t0) / 1000;
    const slider = page.getByTestId('param-Ra-slider');
    await slider.waitFor();
    await page.waitForTimeout(500);
    const before = await page.evaluate(() => (window as unknown as { __nw: { graph(): { nodes: Array<{ id: string; params: Record<string, unknown> }> } } }).__nw.graph().nodes.find((n) => n.id === 'props')?.params.Ra);

    // Recorders in the page: long tasks, plot draws, edits reaching the store.
    await page.evaluate(() => {
      type Store = { changes$: { subscribe(f: (c: { kind: string; graph: { nodes: Array<{ id: string; params: Record<string, unknown> }> } }) => void): unknown } };
      const w = window as unknown as { __drag: PageResult; __nw: { app: { store: Store } } };
      const rec: PageResult = { longTasks: [], drawn: [], edits: [], pointerMoves: 0, inputs: 0, dragStart: Infinity, dragEnd: Infinity };
      w.__drag = rec;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) rec.longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // A streaming run's partial result carries `partial` (on the traces value, or whatever the figure copies of it).
      const isPartial = (f: unknown): boolean => {
        if (!f || typeof f !== 'object') return false;
        const o = f as Record<string, unknown>;
        if (o.partial) return true;
        return Array.isArray(o.series) && o.series.some((s) => Boolean(s && typeof s === 'object' && (s as Record<string, unknown>).partial));
      };
      document.addEventListener('pointermove', () => rec.pointerMoves++, { capture: true });
      document.addEventListener('input', () => rec.inputs++, { capture: true });
      document.addEventListener('nw-plot-drawn', (ev) => {
        const el = ev.target as HTMLElement & { figure?: unknown; nodeId?: string };
        if (el.nodeId !== 'traces') return;
        rec.drawn.push({ at: performance.now(), partial: isPartial(el.figure), ms: (ev as CustomEvent<{ ms: number }>).detail.ms });
      });
      w.__nw.app.store.changes$.subscribe((c) => {
        if (c.kind === 'params') rec.edits.push({ at: performance.now(), value: c.graph.nodes.find((n) => n.id === 'props')?.params.Ra });
      });
    });

    const profile = process.env.BENCH_PROFILE === '1';
    // BENCH_TRACE=file: a DevTools performance trace of the drag (load it in DevTools' Performance panel).
    const tracePath = process.env.BENCH_TRACE;
    if (tracePath) await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
    const cdp = await page.context().newCDPSession(page);
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }

    // The drag: press on the thumb, sweep right and back over 2 s at ~60 moves/s, release.
    const box = (await slider.boundingBox())!;
    const [lo, hi] = await slider.evaluate((el: HTMLInputElement) => [Number(el.min), Number(el.max)]);
    const x0 = box.x + ((Number(before ?? 266.1) - lo) / (hi - lo)) * box.width;
    const y = box.y + box.height / 2;
    await page.mouse.move(x0, y);
    await page.evaluate(() => ((window as unknown as { __drag: PageResult }).__drag.dragStart = performance.now()));
    await page.mouse.down();
    const moves = Math.round((DRAG_MS / 1000) * MOVES_PER_S);
    const span = Math.min(box.width * 0.4, box.x + box.width - x0 - 2);
    const tStart = Date.now();
    let sent = 0;
    const acks: Array<Promise<unknown>> = [];
    let x = x0;
    for (let i = 1; i <= moves; i++) {
      // Paced by the wall clock, a move every 1/60 s, and not waiting for the page to take each
      // (as a real mouse does not): a busy main thread gets them coalesced, as Chromium does.
      const due = tStart + (i * 1000) / MOVES_PER_S;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const phase = i / moves;
      x = x0 + span * (phase < 0.5 ? 2 * phase : 2 - 2 * phase) + 3;
      acks.push(cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'left', buttons: 1 }));
      sent++;
    }
    await Promise.all(acks);
    // Playwright's mouse (pressed at x0) releases where the drag ended.
    await page.mouse.move(x, y);
    await page.mouse.up();
    const dragWall = Date.now() - tStart;
    await page.evaluate(() => ((window as unknown as { __drag: PageResult }).__drag.dragEnd = performance.now()));
    await page.waitForTimeout(AFTER_MS);
    const r = await page.evaluate(() => (window as unknown as { __drag: PageResult }).__drag);
    if (tracePath) await browser.stopTracing();
    let top: string[] = [];
    if (profile) {
      const { profile: p } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
      top = summarize(p);
    }
    // Settle, then one Undo must take the whole drag back.
    const undo = await page.evaluate(async () => {
      const h = (window as unknown as { __nw: { settled(): Promise<void>; undo(): boolean; graph(): { nodes: Array<{ id: string; params: Record<string, unknown> }> } } }).__nw;
      const t = performance.now();
      await h.settled();
      const settleMs = performance.now() - t;
      const after = h.graph().nodes.find((n) => n.id === 'props')?.params.Ra;
      h.undo();
      return { after, undone: h.graph().nodes.find((n) => n.id === 'props')?.params.Ra, settleMs };
    });

    const inWindow = (t: number) => t >= r.dragStart && t <= r.dragEnd + AFTER_MS;
    const tasks = r.longTasks.filter((t) => inWindow(t.start) || inWindow(t.start + t.ms));
    const longest = tasks.reduce((m, t) => Math.max(m, t.ms), 0);
    const drawn = r.drawn.filter((d) => inWindow(d.at));
    const complete = drawn.filter((d) => !d.partial);
    const edits = r.edits.filter((e) => e.at >= r.dragStart && e.at <= r.dragEnd + 100);
    const dragS = (r.dragEnd - r.dragStart) / 1000;
    const rows: Array<[string, string]> = [
      ['example opened and settled', `${settleS.toFixed(1)} s`],
      ['pointer moves sent', `${sent} in ${(dragWall / 1000).toFixed(2)} s (${(sent / (dragWall / 1000)).toFixed(0)}/s)`],
      ['pointer moves / input events in the page', `${r.pointerMoves} / ${r.inputs}`],
      ['edits reaching the store', `${edits.length} (${(edits.length / dragS).toFixed(1)}/s)`],
      ['long tasks (drag + 3 s)', `${tasks.length}, longest ${longest.toFixed(0)} ms, sum ${tasks.reduce((s, t) => s + t.ms, 0).toFixed(0)} ms`],
      ['long tasks (ms, in order)', tasks.map((t) => `${((t.start - r.dragStart) / 1000).toFixed(2)}s:${t.ms.toFixed(0)}`).join(' ') || '—'],
      ['traces plot redraws', `${drawn.length} (${complete.length} complete), at ${drawn.map((d) => `${((d.at - r.dragStart) / 1000).toFixed(2)}s`).join(' ') || '—'}`],
      ['plot draw ms (each)', drawn.map((d) => d.ms.toFixed(0)).join(' ') || '—'],
      ['settled after the 3 s', `${undo.settleMs.toFixed(0)} ms more`],
      ['Ra before / after / after one Undo', `${String(before)} / ${String(undo.after)} / ${String(undo.undone)}${undo.undone === before ? ' (one undo step)' : ' (NOT one undo step)'}`],
    ];
    const w = Math.max(...rows.map((x) => x[0].length));
    console.log('drag-da1: 2 s drag of the Ra slider on the DA1 tutorial (1000 ms run), targets: longest task ≤ 50 ms, ≥ 4 complete redraws');
    for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
    if (top.length) {
      console.log('  main thread during the drag + 3 s (DevTools profiler, ms):');
      for (const line of top) console.log(`    ${line}`);
    }
    console.log(JSON.stringify({ bench: 'drag-da1', longest_task_ms: +longest.toFixed(1), redraws: complete.length, long_tasks: tasks.length, redraws_all: drawn.length, edits: edits.length, moves: sent, page_moves: r.pointerMoves, one_undo_step: undo.undone === before }));
  } finally {
    await close();
  }
}

/** The profile's heaviest functions: self time and total (inclusive) time, by name and place. */
function summarize(p: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = p.samples[i];
    const leaf = byId.get(id)!;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    while (id !== undefined) {
      const n = byId.get(id)!;
      const k = name(n);
      if (!seen.has(k)) {
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + dt);
      }
      id = parent.get(id);
    }
  }
  const skip = /^\((root|program|idle)\)/;
  const busy = [...self].filter(([k]) => !/^\((idle|program)\)/.test(k)).reduce((a, [, v]) => a + v, 0);
  // The whole profile, for DevTools (Performance → load profile) or a script.
  if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(p));
  const sorted = (m: Map<string, number>) => [...m].filter(([k]) => !skip.test(k)).sort((a, b) => b[1] - a[1]);
  return [
    `busy (not idle): ${busy.toFixed(0)} ms`,
    'self: ' + sorted(self).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' · '),
    'total: ' + sorted(total).slice(0, 30).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' · '),
  ];
}

await main();
