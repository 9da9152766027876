import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { POST, PRE, checkConnectors, connectorsOfType } from './connectors.ts';
import { geodesicFrom } from './geodesic.ts';
import { syntheticProjectionNeuron, type SyntheticNeuron } from './synthetic.ts';

const typesOf = (n: SyntheticNeuron, rows: Int32Array) => rows.reduce<Record<number, number>>((acc, k) => {
  const t = n.skeleton.type[n.skeleton.rowOf(n.connectors.nodeId[k])];
  acc[t] = (acc[t] ?? 0) + 1;
  return acc;
}, {});

describe('syntheticProjectionNeuron', () => {
  const a = syntheticProjectionNeuron({ seed: 1 });

  it('the same seed gives an identical skeleton and connector table', () => {
    const b = syntheticProjectionNeuron({ seed: 1 });
    expect(b.skeleton.size).toBe(a.skeleton.size);
    for (const k of ['id', 'parent', 'x', 'y', 'z', 'radius', 'type', 'label'] as const) expect(b.skeleton[k]).toEqual(a.skeleton[k]);
    expect([b.skeleton.soma, b.skeleton.units, b.skeleton.name]).toEqual([a.skeleton.soma, a.skeleton.units, a.skeleton.name]);
    expect(b.connectors).toEqual(a.connectors);
    expect([b.soma, b.junction]).toEqual([a.soma, a.junction]);
    // No seed means seed 1.
    expect(syntheticProjectionNeuron().skeleton.x).toEqual(a.skeleton.x);
  });

  it('different seeds give different neurons', () => {
    for (const seed of [2, 3, 99]) {
      const c = syntheticProjectionNeuron({ seed });
      const same = c.skeleton.size === a.skeleton.size && c.skeleton.x.every((v, i) => v === a.skeleton.x[i]);
      expect(same).toBe(false);
      expect(c.connectors.nodeId).not.toEqual(a.connectors.nodeId);
      expect(c.skeleton.name).toBe(`synthetic-pn-${seed}`);
    }
  });

  it('the soma (id 1, type 1, radius 3 µm) is the one root; no cycle', () => {
    const sk = a.skeleton;
    expect(a.soma).toBe(1);
    expect(sk.soma).toBe(0);
    expect([sk.id[0], sk.type[0], sk.radius[0], sk.parent[0]]).toEqual([1, 1, 3, -1]);
    expect([sk.x[0], sk.y[0], sk.z[0]]).toEqual([0, 0, 0]);
    expect(Array.from(sk.roots())).toEqual([0]);
    expect(sk.order.length).toBe(sk.size); // throws on a cycle
    expect(sk.units).toBe('µm');
    // Ids are 1..n in row order, parents before children.
    expect(Array.from(sk.id)).toEqual(Array.from({ length: sk.size }, (_, i) => i + 1));
    for (let i = 1; i < sk.size; i++) expect(sk.parent[i]).toBeLessThan(i);
  });

  it('types are soma 1, cell body fiber 0, dendrite 3, axon 2; the junction splits fiber into dendrite and axon', () => {
    const sk = a.skeleton;
    expect(new Set(sk.type)).toEqual(new Set([1, 0, 3, 2]));
    expect(sk.type.filter((t) => t === 1).length).toBe(1);
    const j = sk.rowOf(a.junction);
    expect(sk.type[j]).toBe(0);
    expect(Array.from(sk.children(j), (c) => sk.type[c])).toEqual([3, 2]);
    // The cell body fiber is an unbranched run of type 0 from the soma to the junction.
    for (let i = sk.parent[j]; i > 0; i = sk.parent[i]) {
      expect(sk.type[i]).toBe(0);
      expect(sk.childCount(i)).toBe(1);
    }
  });

  it('trunk lengths are the options (µm along the cable)', () => {
    for (const [opts, cbf, axon] of [
      [{ seed: 1 }, 35, 120],
      [{ seed: 4, cbfLength: 20, axonLength: 60 }, 20, 60],
    ] as const) {
      const n = syntheticProjectionNeuron(opts);
      const sk = n.skeleton;
      const j = sk.rowOf(n.junction);
      expect(geodesicFrom(sk, n.soma)[j]).toBeCloseTo(cbf, 9);
      // The axon trunk is grown in one go: consecutive ids from the junction's axon child.
      let end = sk.id[sk.children(j)[1]];
      while (sk.rowOf(end + 1) >= 0 && sk.parent[sk.rowOf(end + 1)] === sk.rowOf(end)) end++;
      expect(geodesicFrom(sk, n.junction)[sk.rowOf(end)]).toBeCloseTo(axon, 9);
    }
  });

  it('every connector sits on an existing node; post on dendrite or axon, pre on axon only; counts as the options', () => {
    const t = a.connectors;
    expect(() => checkConnectors(t, a.skeleton)).not.toThrow();
    const pre = connectorsOfType(t, PRE);
    const post = connectorsOfType(t, POST);
    // Defaults: 250 dendritic post, 90 axonal pre, 20 axonal post.
    expect([pre.length, post.length, t.nodeId.length]).toEqual([90, 270, 360]);
    expect(typesOf(a, pre)).toEqual({ 2: 90 });
    expect(typesOf(a, post)).toEqual({ 3: 250, 2: 20 });
    expect(Array.from(t.connectorId)).toEqual(Array.from({ length: 360 }, (_, k) => k));
    // Interleaved, not grouped by type.
    expect(pre[0]).toBeLessThan(post[post.length - 1]);
    expect(post[0]).toBeLessThan(pre[pre.length - 1]);
    // Within a few µm of their node (jitter 0.3 µm per axis), confidence in [0.5, 1), roi by region.
    const sk = a.skeleton;
    for (let k = 0; k < t.nodeId.length; k++) {
      const r = sk.rowOf(t.nodeId[k]);
      expect(Math.hypot(t.x[k] - sk.x[r], t.y[k] - sk.y[r], t.z[k] - sk.z[r])).toBeLessThan(3);
      expect(t.confidence[k]).toBeGreaterThanOrEqual(0.5);
      expect(t.confidence[k]).toBeLessThan(1);
      expect(t.roi[k]).toBe(sk.type[r] === 3 ? 'AL' : 'LH');
    }
  });

  it('counts follow the options', () => {
    const n = syntheticProjectionNeuron({ seed: 8, depth: 3, dendriticPost: 7, axonalPre: 3, axonalPost: 0 });
    expect(typesOf(n, connectorsOfType(n.connectors, PRE))).toEqual({ 2: 3 });
    expect(typesOf(n, connectorsOfType(n.connectors, POST))).toEqual({ 3: 7 });
    const none = syntheticProjectionNeuron({ seed: 8, dendriticPost: 0, axonalPre: 0, axonalPost: 0 });
    expect(none.connectors.nodeId.length).toBe(0);
    const deep = syntheticProjectionNeuron({ seed: 8, depth: 6 });
    const shallow = syntheticProjectionNeuron({ seed: 8, depth: 3 });
    expect(deep.skeleton.branchPoints().length).toBeGreaterThan(shallow.skeleton.branchPoints().length);
  });

  it('cable length of the defaults is positive and plausible for a fly PN model (here 638 µm)', () => {
    const L = a.skeleton.cableLength();
    // Fibre 35 + dendritic trunk 8 + axon trunk 120 = 163 µm before any arbor; the real DA1 PNs
    // have about 2100–2400 µm.
    expect(L).toBeGreaterThan(163);
    expect(L).toBeLessThan(2400);
    for (const seed of [2, 3, 4, 5, 6]) {
      const l = syntheticProjectionNeuron({ seed }).skeleton.cableLength();
      expect(l).toBeGreaterThan(400);
      expect(l).toBeLessThan(1000);
    }
    // Pinned: the NEURON goldens (tools/neuron) are built from seed 1.
    expect(a.skeleton.size).toBe(608);
    expect(L).toBeCloseTo(637.652, 3);
  });

  it.each([
    ['cbfLength 0', { cbfLength: 0 }, 'cbfLength must be a positive length in µm, got 0'],
    ['axonLength -5', { axonLength: -5 }, 'axonLength must be a positive length in µm, got -5'],
    ['axonLength NaN', { axonLength: NaN }, 'axonLength must be a positive length in µm, got NaN'],
  ])('rejects %s with a CoreError', (_name, opts, msg) => {
    expect(() => syntheticProjectionNeuron(opts)).toThrow(CoreError);
    expect(() => syntheticProjectionNeuron(opts)).toThrow(msg);
  });
});
