import { describe, expect, it } from 'vitest';
import { blockDef } from '../../../nodes/index.ts';
import { BUCKETS, bucketColour, NO_VALUE_COLOUR, valueColour } from '../../../nodes/morphology-colours.ts';
import { morphologyData, type MorphologyParams } from '../../../nodes/morphology-view.ts';
import { NEURON, PN } from '../../../nodes/model-test-kit.ts';
import type { TracesValue } from '../../../nodes/values.ts';
import * as ramp from './ramp-fixture.ts';
import { GraphStore } from '../../dataflow/store.ts';
import { emptyGraph } from '../../dataflow/graph.ts';
import { applyNodePick } from './pick.ts';
import { FrameCache, GridIndex, fitTransform, frameBuckets, groupSegments, initialFrame, paletteOf, panBy, toData, toScreen, valueAtFrame, zoomAt } from './render-model.ts';

describe('view transform', () => {
  it('fits the bounds centred, y up unless flipped', () => {
    const t = fitTransform([0, 0, 100, 50], 220, 220, false, 10);
    expect(t.scale).toBe(2);
    expect(toScreen(t, 50, 25)).toEqual([110, 110]);
    expect(toScreen(t, 0, 50)).toEqual([10, 60]); // top left
    const f = fitTransform([0, 0, 100, 50], 220, 220, true, 10);
    expect(toScreen(f, 0, 50)).toEqual([10, 160]); // y down: the top of the data is at the bottom
  });

  it('zooms around the cursor and pans; toData inverts toScreen', () => {
    const t = fitTransform([0, 0, 100, 100], 200, 200, false, 0);
    const at = toData(t, 30, 40);
    const z = zoomAt(t, 3, 30, 40);
    expect(z.scale).toBe(6);
    const back = toScreen(z, at[0], at[1]);
    expect(back[0]).toBeCloseTo(30, 9);
    expect(back[1]).toBeCloseTo(40, 9);
    const p = panBy(z, 5, -7);
    const q = toScreen(p, at[0], at[1]);
    expect(q[0]).toBeCloseTo(35, 9);
    expect(q[1]).toBeCloseTo(33, 9);
    const [x, y] = toData(p, 35, 33);
    expect(x).toBeCloseTo(at[0], 9);
    expect(y).toBeCloseTo(at[1], 9);
  });
});

describe('grid index', () => {
  it('finds the nearest node within the radius, the same as a scan', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 3000;
    const x = Float32Array.from({ length: n }, () => rnd() * 500);
    const y = Float32Array.from({ length: n }, () => rnd() * 200);
    const g = new GridIndex(x, y);
    for (let q = 0; q < 300; q++) {
      const px = rnd() * 520 - 10;
      const py = rnd() * 220 - 10;
      const r = rnd() * 8;
      let best = -1;
      let bd = r * r;
      for (let i = 0; i < n; i++) {
        const d = (x[i] - px) ** 2 + (y[i] - py) ** 2;
        if (d < bd || (d === bd && (best < 0 || i < best))) {
          bd = d;
          best = i;
        }
      }
      expect(g.nearest(px, py, r)).toBe(best);
    }
  });

  it('handles a single node and all nodes at one point', () => {
    const g = new GridIndex(Float32Array.of(5), Float32Array.of(5));
    expect(g.nearest(5.5, 5, 1)).toBe(0);
    expect(g.nearest(7, 5, 1)).toBe(-1);
    const h = new GridIndex(new Float32Array(4).fill(1), new Float32Array(4).fill(1));
    expect(h.nearest(1, 1, 0.1)).toBe(0);
  });
});

describe('segments grouped by colour', () => {
  it('puts each segment (child row) in its colour group, grey last', () => {
    const parent = Int32Array.of(-1, 0, 1, 1, 3);
    const buckets = Int16Array.of(0, 2, -1, 2, 0);
    const g = groupSegments(parent, buckets, 3);
    expect(Array.from(g.start)).toEqual([0, 1, 1, 3, 4]);
    expect(Array.from(g.order)).toEqual([4, 1, 3, 2]);
  });

  it('keeps frames while they fit the budget', () => {
    const c = new FrameCache(100);
    let made = 0;
    const make = () => (made++, { order: new Int32Array(10), start: new Int32Array(2) }); // 48 bytes
    c.get(0, make);
    c.get(1, make);
    c.get(0, make);
    expect(made).toBe(2);
    c.get(2, make); // 144 bytes > 100: frame 0 dropped
    expect(c.size).toBe(2);
    c.get(0, make);
    expect(made).toBe(4);
  });
});

describe('frames of the block data', () => {
  // The ramp fixture: node soma ramps from -70 (t = 0) by 10 mV per 0.25 ms; the last node is constant 20 mV.
  const { sk, p, last, t, traces, d } = ramp;

  it('starts at the block time, and a node shows its trace sample at each frame', () => {
    expect(initialFrame(d)).toBe(2);
    const soma = sk.rowOf(PN.soma);
    for (let k = 0; k < 5; k++) expect(valueAtFrame(d, k, soma)).toBe(-70 + 10 * k);
    expect(valueAtFrame(d, 3, sk.rowOf(last))).toBe(20);
  });

  it('colours each node by its bucket at the frame', () => {
    const pal = paletteOf(d);
    expect(pal).toHaveLength(BUCKETS);
    const soma = sk.rowOf(PN.soma);
    for (let k = 0; k < 5; k++) {
      const b = frameBuckets(d, k);
      expect(pal[b[soma]]).toBe(valueColour(-70 + 10 * k, -70, 30));
    }
    expect(pal[frameBuckets(d, 0)[sk.rowOf(last)]]).toBe(bucketColour(Math.floor(0.9 * BUCKETS)));
  });

  it('greys unrecorded nodes when asked', () => {
    const g = morphologyData(NEURON, traces, null, { ...p, fill: 'grey' });
    const b = frameBuckets(g, 1);
    const mid = sk.size >> 1;
    expect(b[mid]).toBe(-1);
    expect(valueAtFrame(g, 1, mid)).toBeNull();
    expect(NO_VALUE_COLOUR).toBe('#c4c4c4');
  });
});

describe('applyNodePick', () => {
  it('switches a select block to node ids and appends the picked node once, as one undo step', () => {
    const g = emptyGraph();
    g.nodes.push({ id: 'sel', type: 'select', params: { mode: 'compartment', labels: 'axon' }, position: [0, 0] });
    g.nodes.push({ id: 'view', type: 'morphology-view', params: {}, position: [0, 0] });
    const store = new GraphStore(g, { blockDef });
    expect(applyNodePick(store, 'sel', 42)).toEqual([42]);
    expect(store.node('sel')!.params).toMatchObject({ mode: 'node ids', ids: [42] });
    expect(applyNodePick(store, 'sel', 7)).toEqual([42, 7]);
    expect(applyNodePick(store, 'sel', 42)).toEqual([42, 7]);
    expect(store.node('sel')!.params.ids).toEqual([42, 7]);
    store.undo();
    expect(store.node('sel')!.params.ids).toEqual([42]);
    store.undo();
    expect(store.node('sel')!.params.mode).toBe('compartment');
    expect(() => applyNodePick(store, 'view', 1)).toThrow(/takes no picked nodes/);
    expect(() => applyNodePick(store, 'nope', 1)).toThrow(/no block/);
  });
});
