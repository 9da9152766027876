/**
 * A point network run in the Node block worker gives the very spikes of a run in this thread
 * (a random network with per-edge delays and background noise), its spike trains crossing
 * packed in one buffer; and the blocks and files made from spikes (spike table, raster, rates,
 * spikes CSV) are the same whether the trains are views of one buffer or arrays of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdgeList } from '../core/network/edges.ts';
import { createRng } from '../core/random.ts';
import { backgroundNoiseBlock } from '../../nodes/background-noise.ts';
import { pointNetworkBlock } from '../../nodes/point-network.ts';
import { runNetworkBlock } from '../../nodes/run-network.ts';
import { spikeTableBlock } from '../../nodes/spike-table.ts';
import { rasterPlotBlock } from '../../nodes/raster-plot.ts';
import { ratePlotBlock } from '../../nodes/rate-plot.ts';
import { spikesCsv, tableCsv } from '../../nodes/csv.ts';
import { runBlock, testContext } from '../../nodes/test-context.ts';
import type { EdgesValue, FigureValue, NetworkValue, SpikesValue, TableValue } from '../../nodes/values.ts';
import { figureSvg, loadEcharts } from '../cli/outputs.ts';
import { nodeWorkerRunner } from './node-runner.ts';

const runner = nodeWorkerRunner();
afterAll(() => runner.close());
beforeAll(async () => {
  await loadEcharts();
});

/** 400 neurons × 25 random targets, weights in [−0.3, 0.5), delays 0.5–8 ms (per edge), labels in 4 groups. */
function randomEdges(): EdgesValue {
  const rng = createRng(7);
  const src: string[] = [];
  const tgt: string[] = [];
  const w: number[] = [];
  const d: number[] = [];
  for (let s = 0; s < 400; s++) {
    const seen = new Set<number>();
    while (seen.size < 25) {
      const t = rng.int(0, 399);
      if (t === s || seen.has(t)) continue;
      seen.add(t);
      src.push(`n${s}`);
      tgt.push(`n${t}`);
      w.push(-0.3 + 0.8 * rng.uniform());
      d.push(0.5 + 7.5 * rng.uniform());
    }
  }
  return { kind: 'edges', edges: buildEdgeList(src, tgt, w, { delays: d }) };
}

async function network(): Promise<NetworkValue> {
  const edges = randomEdges();
  const net = await runBlock<NetworkValue>(pointNetworkBlock, { edges }, { model: 'IntFire1', if1_tau: 10, if1_refrac: 2, delay: 5, noise: 'random123', seed: 3 });
  return await runBlock<NetworkValue>(backgroundNoiseBlock, { network: net }, { neurons: '', frequency: 40, randomness: 1, independent: true });
}

/** The same spikes with each train in an array of its own. */
const ownArrays = (s: SpikesValue): SpikesValue => ({ ...s, spikes: s.spikes.map((x) => Float64Array.from(x)) });

describe('run-network in the worker', () => {
  it('gives the same spikes as in this thread (random network with per-edge delays), the trains packed in one buffer', async () => {
    const net = await network();
    expect(net.edges.delay).toBeInstanceOf(Float64Array);
    const params = { duration: 500, dt: 0.025 };
    const there = (await runner(runNetworkBlock, { network: net }, params, testContext())).spikes as SpikesValue;
    const here = await runBlock<SpikesValue>(runNetworkBlock, { network: net }, params);
    expect(there.names).toEqual(here.names);
    expect(there.spikes).toHaveLength(400);
    const total = here.spikes.reduce((a, s) => a + s.length, 0);
    // The network is active (recurrent spikes on top of 40 Hz noise), so equality means something.
    expect(total).toBeGreaterThan(400 * 20 * 0.5);
    expect(there.spikes.reduce((a, s) => a + s.length, 0)).toBe(total);
    for (let i = 0; i < 400; i++) expect(Array.from(there.spikes[i])).toEqual(Array.from(here.spikes[i]));
    expect(there.events).toBe(here.events);
    expect(there.tFinal).toBe(here.tFinal);
    // One buffer for all the trains (one transfer), each train a view of its part.
    const buf = there.spikes[0].buffer;
    expect(there.spikes.every((s) => s.buffer === buf)).toBe(true);
    expect(buf.byteLength).toBe(8 * total);
  }, 60_000);

  it('spike table, raster, rates and the spikes CSV are the same from packed trains as from trains of their own', async () => {
    const net = await network();
    const packed = await runBlock<SpikesValue>(runNetworkBlock, { network: net }, { duration: 300, dt: 0.025 });
    const own = ownArrays(packed);
    expect(own.spikes[0].buffer).not.toBe(packed.spikes[1].buffer);
    const table = async (s: SpikesValue) => tableCsv(await runBlock<TableValue>(spikeTableBlock, { spikes: s }, {}));
    expect(await table(packed)).toBe(await table(own));
    const counts = (await runBlock<TableValue>(spikeTableBlock, { spikes: packed }, {})).columns.spikes as Float64Array;
    expect(Array.from(counts)).toEqual(own.spikes.map((s) => s.length));
    for (const def of [rasterPlotBlock, ratePlotBlock]) {
      const a = await runBlock<FigureValue>(def, { spikes: packed }, {});
      const b = await runBlock<FigureValue>(def, { spikes: own }, {});
      expect(a.csv).toBe(b.csv);
      // zrender numbers its instances' CSS classes and clip paths (zr0-cls-0, zr7-c0, …): the drawing is what must agree.
      const svg = (f: FigureValue) => figureSvg(f).replace(/zr\d+-cls-\d+/g, 'zr-cls').replace(/zr\d+-c(\d+)/g, 'zr-c$1');
      expect(svg(a) === svg(b)).toBe(true);
      expect(svg(a).length).toBeGreaterThan(10_000);
    }
    const csv = (s: SpikesValue) => spikesCsv(s.names.map((n, i) => [n, s.spikes[i]]));
    expect(csv(packed)).toBe(csv(own));
    expect(csv(packed).split('\n').length).toBeGreaterThan(1000);
  }, 60_000);
});
