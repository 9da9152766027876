/**
 * The browser side of parallel network runs: the page is cross-origin isolated (vite.config.ts
 * sends COOP/COEP), and the built partition workers (module Web Workers) run a network's
 * partitions side by side over SharedArrayBuffer + Atomics.wait, giving one queue's spikes.
 */
import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PointNetwork, type PointNetworkSpec } from '../src/core/network/network.ts';
import { mergeParts, partitionNetwork, type PartResult } from '../src/core/network/partition.ts';
import { preparePartitioned } from '../src/core/network/partition-run.ts';
import { generatedSpec } from '../src/core/network/partition-test-kit.ts';

test('the page is cross-origin isolated; partition workers in Chromium (2 and 3) give one queue’s spikes', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');

  // A 500-neuron IntFire4 network with Poisson noise, partitioned here and run there.
  const spec = generatedSpec('IntFire4', 500, 50);
  const { tFinal, stims, maxSpikes } = preparePartitioned(spec, 1000, 0.025, {});
  const runInPage = async (P: number) => {
    const cut = partitionNetwork(spec, P);
    if (!('plans' in cut)) throw new Error(cut.reason);
    const asArrays = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? { type: v.constructor.name, data: Array.from(v as Float64Array) } : v]));
    const worker = readdirSync(resolve('dist/assets')).find((f) => /^network-part\.browser-.*\.js$/.test(f));
    expect(worker).toBeTruthy();
    const results = await page.evaluate(
      async ({ plans, url, tFinal, maxSpikes, stims }) => {
        const typed = (o: Record<string, unknown>) =>
          Object.fromEntries(
            Object.entries(o).map(([k, v]) => {
              const a = v as { type?: string; data?: number[] };
              return [k, a && a.type ? new (globalThis as unknown as Record<string, new (x: number[]) => unknown>)[a.type](a.data!) : v];
            }),
          );
        const P = plans.length;
        const C = 4096;
        const control = new SharedArrayBuffer(4 * (4 + 4 * P));
        const ids = [new SharedArrayBuffer(4 * P * C), new SharedArrayBuffer(4 * P * C)];
        const times = [new SharedArrayBuffer(8 * P * C), new SharedArrayBuffer(8 * P * C)];
        return Promise.all(
          plans.map(
            (plan) =>
              new Promise((done, fail) => {
                const w = new Worker(url, { type: 'module' });
                w.onmessage = (ev) => {
                  if (ev.data.kind === 'done') done(ev.data.result);
                  else if (ev.data.kind !== 'progress') fail(new Error(JSON.stringify(ev.data)));
                };
                w.onerror = (ev) => fail(new Error(ev.message));
                w.postMessage({
                  kind: 'part',
                  plan: typed(plan),
                  tFinal,
                  maxSpikes,
                  stimStart: Float64Array.from(stims.map((s) => s.start)),
                  stimInterval: Float64Array.from(stims.map((s) => s.interval)),
                  stimNumber: Float64Array.from(stims.map((s) => s.number)),
                  control,
                  ids,
                  times,
                  capacity: C,
                });
              }),
          ),
        ).then((rs) => (rs as Array<Record<string, unknown>>).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v]))));
      },
      { plans: cut.plans.map(asArrays), url: `./assets/${worker}`, tFinal, maxSpikes, stims },
    );
    const parts = results.map((r) => ({ ...r, spikes: Float64Array.from(r.spikes as number[]), offsets: Int32Array.from(r.offsets as number[]), stimSpikes: Float64Array.from(r.stimSpikes as number[]), stimOffsets: Int32Array.from(r.stimOffsets as number[]) }) as PartResult);
    return mergeParts(cut.plans, parts, stims.length);
  };
  const two = await runInPage(2);
  const three = await runInPage(3);
  // Chromium's Math.exp/log may differ from Node's in the last bit: the partitions agree with
  // each other bit for bit, and with Node's one queue to 1e-9 ms, spike for spike.
  expect(three.spikes).toEqual(two.spikes);
  expect(three.events).toBe(two.events);
  const one = new PointNetwork(spec).run(1000);
  expect(two.spikes.map((s) => s.length)).toEqual(one.spikes.map((s) => s.length));
  two.spikes.forEach((s, i) => s.forEach((t, k) => expect(Math.abs(t - one.spikes[i][k])).toBeLessThan(1e-9)));
  expect(two.events).toBe(one.events);
  expect(one.spikes.reduce((a, s) => a + s.length, 0)).toBeGreaterThan(100);
});
