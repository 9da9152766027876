/**
 * A plot of a run still going (a streaming run's partial traces, the figure marked `partial`):
 * the trace grows left to right on a time axis fixed to the whole run, the panel says how far
 * the run has got instead of dimming the chart, a zoom window survives the next partial result
 * and the final one, and each redraw of the DA1 tutorial's size (3 traces × up to 40,001
 * samples) takes well under a frame budget's worth of main-thread time.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './kit.ts';

type Panel = HTMLElement & {
  nodeId: string;
  figure: unknown;
  drawnData(): { series: Array<{ name: string; data: Array<[number, number]> }> };
  chart: { dispatchAction(a: unknown): void; getOption(): { xAxis: Array<{ min: number; max: number }>; dataZoom: Array<{ start: number; end: number }> } };
};

test('a partial traces figure grows on a fixed axis, says how far the run got, keeps the zoom', async ({ page }) => {
  await openApp(page);
  // Figures of a 1000 ms run at dt 0.025 ms cut at t (the samples so far), 3 traces.
  await page.evaluate(() => {
    const w = window as unknown as { __figAt: (t: number | null) => unknown };
    w.__figAt = (t) => {
      const n = t === null ? 40_001 : Math.round(t / 0.025) + 1;
      const series = ['soma', 'dend', 'axon'].map((name, i) => {
        const xy = new Float64Array(2 * n);
        for (let k = 0; k < n; k++) {
          xy[2 * k] = k * 0.025;
          xy[2 * k + 1] = k % 4000 === 2000 ? 20 + i : -65 + 2 * Math.sin(k / 300 + i);
        }
        return { name, type: 'line', data: xy };
      });
      const option = { xAxis: { type: 'value', min: 0, max: 1000, name: 'time (ms)' }, yAxis: { type: 'value', scale: true, name: 'V (mV)' }, series };
      return { kind: 'figure', figure: 'traces', title: 'run', csv: t === null ? 't,soma,dend,axon\n' : '', option, ...(t === null ? {} : { partial: { fraction: t / 1000, t } }) };
    };
    const el = document.createElement('nw-plot-panel') as unknown as Panel;
    el.nodeId = 'grow';
    el.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:420px;z-index:99;background:#fff';
    document.body.appendChild(el);
  });
  const set = (t: number | null) =>
    page.evaluate(
      (t) =>
        new Promise<number>((resolve) => {
          const el = document.querySelector('nw-plot-panel[data-testid="plot-grow"]') as Panel;
          const fig = (window as unknown as { __figAt: (t: number | null) => unknown }).__figAt(t);
          const t0 = performance.now();
          el.addEventListener('nw-plot-drawn', () => resolve(performance.now() - t0), { once: true });
          el.figure = fig;
        }),
      t,
    );
  const state = () =>
    page.evaluate(() => {
      const el = document.querySelector('nw-plot-panel[data-testid="plot-grow"]') as Panel;
      const o = el.chart.getOption();
      const d = el.drawnData().series;
      return { axis: [o.xAxis[0].min, o.xAxis[0].max], zoom: [o.dataZoom[0].start, o.dataZoom[0].end], lastX: d.map((s) => s.data[s.data.length - 1][0]), faded: el.shadowRoot!.querySelector('.chart')!.className.trim() };
    });

  const first = await set(340);
  const panel = page.getByTestId('plot-grow');
  await expect(page.getByTestId('plot-grow-partial')).toHaveText('running… t = 340 of 1000 ms');
  await expect(panel).toHaveAttribute('data-partial', '340');
  await expect(page.getByTestId('plot-grow-export-csv')).toBeDisabled();
  let s = await state();
  // The axis is the whole run; the traces end where the run has got; nothing dimmed.
  expect(s.axis).toEqual([0, 1000]);
  expect(s.lastX).toEqual([340, 340, 340]);
  expect(s.faded).toBe('chart');

  // Zoomed by the user to 20–40 %: the next partial result keeps that window.
  await page.evaluate(() => (document.querySelector('nw-plot-panel[data-testid="plot-grow"]') as Panel).chart.dispatchAction({ type: 'dataZoom', start: 20, end: 40 }));
  const times = [first];
  for (const t of [450, 620.5, 800]) times.push(await set(t));
  await expect(page.getByTestId('plot-grow-partial')).toHaveText('running… t = 800 of 1000 ms');
  s = await state();
  expect(s.axis).toEqual([0, 1000]);
  expect(s.zoom).toEqual([20, 40]);
  // 200–400 ms in view: the drawn data ends at the window's right neighbour sample.
  expect(s.lastX.every((x) => x > 400 && x < 400.1)).toBe(true);

  // The final result: the note goes, the CSV comes back, the zoom stays.
  times.push(await set(null));
  await expect(page.getByTestId('plot-grow-partial')).toHaveCount(0);
  await expect(panel).not.toHaveAttribute('data-partial', /.*/);
  await expect(page.getByTestId('plot-grow-export-csv')).toBeEnabled();
  s = await state();
  expect(s.zoom).toEqual([20, 40]);
  console.log(`partial redraws (3 traces, up to 40,001 samples): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  // Each redraw is one main-thread task; on a quiet machine ~10 ms, far below the 50 ms long-task bound.
  for (const t of times) expect(t).toBeLessThan(250);
});

test('a partial figure whose run was stopped is dimmed and says where it stopped', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const n = 4001;
    const xy = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) (xy[2 * k] = k * 0.025), (xy[2 * k + 1] = -65);
    const el = document.createElement('nw-plot-panel') as unknown as Panel & { stale: unknown };
    el.nodeId = 'halt';
    el.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:420px;z-index:99;background:#fff';
    document.body.appendChild(el);
    el.figure = { kind: 'figure', figure: 'traces', title: 'run', csv: '', option: { xAxis: { type: 'value', min: 0, max: 250 }, yAxis: { type: 'value' }, series: [{ name: 'soma', type: 'line', data: xy }] }, partial: { fraction: 0.4, t: 100 } };
    el.stale = 'stopped';
  });
  await expect(page.getByTestId('plot-halt-stale')).toHaveText('stopped at t = 100 of 250 ms — showing the run that far');
  await expect(page.getByTestId('plot-halt-partial')).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelector('nw-plot-panel[data-testid="plot-halt"]')!.shadowRoot!.querySelector('.chart')!.className)).toContain('stale');
});
