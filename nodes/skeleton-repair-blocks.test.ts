/** The repair blocks: each does what its core function does, reports it, and keeps connectors valid. */
import { describe, expect, it } from 'vitest';
import { findPinchPoints, healFragments as healCore, replacePinchRadii, smoothRadii as smoothCore } from '../src/core/morphology/repair.ts';
import { fixPinchPoints } from './fix-pinch-points.ts';
import { healFragments } from './heal-fragments.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { minRadius } from './min-radius.ts';
import { resample } from './resample.ts';
import { smoothRadii } from './smooth-radii.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { coreError, runBlock, snapshot, testContext } from './test-context.ts';
import type { BlockDef, Params } from './types.ts';
import type { NeuronValue } from './values.ts';

async function fromSwc(swc: string, csv?: string): Promise<NeuronValue> {
  const files: Record<string, string> = { 'r.swc': swc };
  if (csv) files['r.csv'] = csv;
  return runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'r.swc', synapses: csv ? 'r.csv' : '' }, testContext(undefined, { files }));
}

/** Run a neuron → neuron block and check that its input did not change. */
async function pure(block: BlockDef, neuron: NeuronValue, params: Params = {}): Promise<NeuronValue> {
  const before = snapshot(neuron);
  const out = await runBlock<NeuronValue>(block, { neuron }, params);
  expect(snapshot(neuron)).toEqual(before);
  return out;
}

/** A straight cable along x, nodes 0.5 µm apart, radius 1 µm except at `pinch` (0.1 µm). */
function cable(nodes: number, pinch: number[] = []): string {
  let s = '';
  for (let i = 1; i <= nodes; i++) s += `${i} ${i === 1 ? 1 : 0} ${(i - 1) * 0.5} 0 0 ${pinch.includes(i) ? 0.1 : 1} ${i === 1 ? -1 : i - 1}\n`;
  return s;
}

describe('smooth-radii', () => {
  it("is navis smooth_skeleton (the core's smoothRadii) and reports what it changed", async () => {
    const n = await runBlock<NeuronValue>(loadSkeleton, {}, {});
    const out = await pure(smoothRadii, n, { window: 5 });
    const core = smoothCore(n.skeleton, { window: 5 });
    expect(Array.from(out.skeleton.radius)).toEqual(Array.from(core.skeleton.radius));
    expect(out.warnings).toEqual([core.report.message]);
    expect(out.warnings[0]).toMatch(/^Smoothed radii \(rolling mean over 5 nodes, as navis smooth_skeleton\): \d+ of 608 nodes changed; largest change: radius of node \d+/);
    expect(out.connectors).toBe(n.connectors);
  });

  it("'centred' needs an odd window; the window is a whole number of nodes", async () => {
    const n = await fromSwc(cable(9));
    expect((await coreError(runBlock(smoothRadii, { neuron: n }, { method: 'centred', window: 4 }))).message).toBe(
      'a centred smoothing window needs an odd number of nodes, got 4',
    );
    expect((await coreError(runBlock(smoothRadii, { neuron: n }, { window: 2.5 }))).message).toBe("block 'test' (smooth-radii): parameter 'window' must be a whole number, got 2.5 nodes");
  });
});

describe('min-radius', () => {
  it('raises the radii below the minimum and says how many', async () => {
    const n = await fromSwc(cable(5, [3]).replace(/^2 0 0.5 0 0 1 1$/m, '2 0 0.5 0 0 0 1'));
    const out = await pure(minRadius, n, { minRadius: 0.2 });
    expect(Array.from(out.skeleton.radius)).toEqual([1, 0.2, 0.2, 1, 1]);
    expect(out.warnings).toEqual(['Set a minimum radius of 0.2 µm: 2 of 5 nodes changed; largest change: radius of node 2: 0 → 0.2 µm.']);
    // The default (0.05 µm) leaves these radii alone but mends the zero.
    expect(Array.from((await pure(minRadius, n)).skeleton.radius)).toEqual([1, 0.05, 0.1, 1, 1]);
    expect((await coreError(runBlock(minRadius, { neuron: n }, { minRadius: -1 }))).message).toBe("block 'test' (min-radius): parameter 'minRadius' must be between 0 and 10 µm, got -1 µm");
  });
});

describe('fix-pinch-points', () => {
  it('gives a pinched node the median radius around it and reports the pinch and the change', async () => {
    const n = await fromSwc(cable(21, [11]));
    const out = await pure(fixPinchPoints, n);
    expect(out.skeleton.radius[n.skeleton.rowOf(11)]).toBe(1);
    expect(Array.from(out.skeleton.radius).every((r) => r === 1)).toBe(true);
    const found = findPinchPoints(n.skeleton, { fraction: 0.5, window: 5 });
    expect(out.warnings).toEqual([found.message, replacePinchRadii(n.skeleton, found.pinches).report.message]);
    expect(out.warnings[0]).toMatch(/^1 pinch point \(1 node, radius below 50% of the median within 5 µm\); narrowest: node 11/);
  });

  it('without pinches keeps the skeleton and says so', async () => {
    const n = await fromSwc(cable(21));
    const out = await pure(fixPinchPoints, n);
    expect(out.skeleton).toBe(n.skeleton);
    expect(out.warnings).toEqual(['No pinch points (radius below 50% of the median within 5 µm) in 21 nodes.']);
    expect((await coreError(runBlock(fixPinchPoints, { neuron: n }, { fraction: 1 }))).message).toBe("block 'test' (fix-pinch-points): parameter 'fraction' must be strictly between 0 and 1, got 1");
  });
});

describe('heal-fragments', () => {
  // Fragment 8 has two nodes: a lone point is joined to the root at load, as NEURON's Import3d does.
  const twoFragments = cable(5) + '6 0 2 3 0 1 -1\n7 0 2 4 0 1 6\n8 0 40 0 0 1 -1\n9 0 41 0 0 1 8\n';

  it('joins every fragment by default (no distance limit) and reports each join', async () => {
    const n = await fromSwc(twoFragments);
    for (const params of [{}, { maxDistance: null }] as Params[]) {
      const out = await pure(healFragments, n, params);
      expect(out.skeleton.roots().length).toBe(1);
      expect(out.warnings).toEqual([healCore(n.skeleton).report.message]);
    }
    expect((await pure(healFragments, n)).warnings[0]).toMatch(/Joined 2 fragments: root 6 \(2 nodes\) → node 5 at 3 µm; root 8 \(2 nodes\) → node 5 at 38 µm\./);
  });

  it('leaves fragments beyond the maximum distance, and lists them', async () => {
    const out = await pure(healFragments, await fromSwc(twoFragments), { maxDistance: 10 });
    expect(out.skeleton.roots().length).toBe(2);
    expect(out.warnings[0]).toMatch(/Left out 1 fragment farther than 10 µm: root 8/);
  });
});

describe('resample', () => {
  // A cable along x (nodes 1–21, 0.5 µm apart) with a side branch up y from node 11 (x = 5).
  let swc = cable(21);
  for (let k = 1; k <= 10; k++) swc += `${21 + k} 3 5 ${k * 0.5} 0 0.5 ${k === 1 ? 11 : 20 + k}\n`;
  const csv = 'connector_id,node_id,type,x,y,z\n0,10,post,4.5,0,0\n1,24,post,5,1.5,0\n2,31,pre,5,5,0\n3,10,post,4.5,0,0\n';

  it('moves connectors from replaced nodes to the nearest new node of the same stretch, and says so', async () => {
    const n = await fromSwc(swc, csv);
    const out = await pure(resample, n, { spacing: 2 });
    const sk = out.skeleton;
    // Kept: root 1 (the soma), branch point 11, leaves 21 and 31; the rest replaced.
    for (const id of [1, 11, 21, 31]) expect(sk.rowOf(id)).toBeGreaterThanOrEqual(0);
    for (const id of [10, 24]) expect(sk.rowOf(id)).toBe(-1);
    const at = (id: number) => [sk.x[sk.rowOf(id)], sk.y[sk.rowOf(id)]];
    const moved = Array.from(out.connectors!.nodeId);
    // Node 10 (x = 4.5) on the stretch 1 → 11 (5 µm long; new nodes at x = 5/3 and 10/3 µm):
    // the kept branch point 11 at x = 5 is nearest.
    expect(moved[0]).toBe(11);
    expect(moved[3]).toBe(11);
    // Node 24 (x = 5, y = 1.5) on the side branch 11 → 31 (new nodes at y = 5/3 and 10/3 µm).
    expect(at(moved[1])[0]).toBe(5);
    expect(at(moved[1])[1]).toBeCloseTo(5 / 3, 12);
    expect(moved[2]).toBe(31);
    expect(out.warnings[1]).toBe('3 connector(s) sat on replaced nodes and moved to the nearest node of the resampled stretch (at most 0.5 µm away)');
    expect(out.skeleton.id[out.skeleton.soma]).toBe(1);
  });

  it('recomputes the compartments of moved connectors on a split neuron', async () => {
    const split = await runBlock<NeuronValue>(splitAxonDendrite, { neuron: await runBlock<NeuronValue>(loadSkeleton, {}, {}) }, {});
    const out = await pure(resample, split, { spacing: 1.5 });
    const sk = out.skeleton;
    const con = out.connectors!;
    expect(con.nodeId.length).toBe(split.connectors!.nodeId.length);
    for (let k = 0; k < con.nodeId.length; k++) {
      const row = sk.rowOf(con.nodeId[k]);
      expect(row).toBeGreaterThanOrEqual(0);
      expect(out.connectorCompartment![k]).toBe(sk.label[row]);
    }
    expect((await coreError(runBlock(resample, { neuron: split }, { spacing: 0 }))).message).toBe("block 'test' (resample): parameter 'spacing' must be strictly between 0 and 1000 µm, got 0 µm");
  });
});
