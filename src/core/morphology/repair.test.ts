import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import {
  findPinchPoints,
  healFragments,
  radiusProfile,
  replacePinchRadii,
  resample,
  setMinRadius,
  smoothRadii,
  type Pinch,
} from './repair.ts';
import type { Skeleton } from './skeleton.ts';
import { readSwc } from './swc.ts';
import { syntheticProjectionNeuron } from './synthetic.ts';
import { scaleSkeleton, setSoma } from './transform.ts';
import { SHARED_DATA } from '../../../tools/shared-data.ts';

/** The shared test data lives next to the checkout: `<repo>/../shared/data`. */
const DATA = SHARED_DATA;
const H881 = resolve(DATA, 'hemibrain-da1-pns/swc/754538881.swc');

type Row = [id: number, type: number, x: number, y: number, z: number, r: number, parent: number];
const swc = (rows: Row[]): Skeleton => readSwc(rows.map((r) => r.join(' ')).join('\n')).skeleton;

/** A straight cable along x, nodes 1 µm apart with ids 1..n (x = id − 1), radius r(id). */
const cable = (n: number, r: (id: number) => number): Skeleton =>
  swc(Array.from({ length: n }, (_, k): Row => [k + 1, 3, k, 0, 0, r(k + 1), k === 0 ? -1 : k]));

/** 21 nodes, radius 1 except ids 10, 11, 12 (x = 9, 10, 11) at 0.2: one pinch. */
const dip = () => cable(21, (id) => (id >= 10 && id <= 12 ? 0.2 : 1));

const coreError = (f: () => unknown, message: string): CoreError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    expect((e as CoreError).message).toContain(message);
    return e as CoreError;
  }
  throw new Error(`expected a CoreError containing "${message}"`);
};

const ids = (sk: Skeleton) => Array.from(sk.id);
const radiiById = (sk: Skeleton) => Object.fromEntries(Array.from(sk.id, (id, i) => [id, sk.radius[i]]));

/**
 * A small tree for smoothing (coordinates do not matter to it):
 *
 *     1 ── 2 ── 3 ── 4 ── 5 ── 6 ── 7
 *                    └─── 8 ── 9
 *
 * radii  1:3 2:6 3:3 4:6 5:3 6:6 7:3 8:12 9:3
 */
const SMOOTH_TREE = (): Skeleton =>
  swc([
    [1, 1, 0, 0, 0, 3, -1],
    [2, 3, 1, 0, 0, 6, 1],
    [3, 3, 2, 0, 0, 3, 2],
    [4, 3, 3, 0, 0, 6, 3],
    [5, 3, 4, 0, 0, 3, 4],
    [6, 3, 5, 0, 0, 6, 5],
    [7, 3, 6, 0, 0, 3, 6],
    [8, 3, 3, 1, 0, 12, 4],
    [9, 3, 3, 2, 0, 3, 8],
  ]);

describe('radiusProfile: pinch points along a path', () => {
  it('a cable of radius 1 with three nodes at 0.2 has exactly one pinch: 10–12, min 0.2, median 1, 2 µm long', () => {
    const sk = dip();
    const p = radiusProfile(sk, 1, 21);
    expect(Array.from(p.ids)).toEqual(Array.from({ length: 21 }, (_, k) => k + 1));
    expect(Array.from(p.distance)).toEqual(Array.from({ length: 21 }, (_, k) => k));
    expect(p.radius[10]).toBe(0.2);
    expect(p.via).toBe(1);
    expect(p.pinches).toHaveLength(1);
    const q = p.pinches[0];
    // Node 11's neighbourhood (x 5..15 without itself) holds 8 radii of 1 and 2 of 0.2: median 1.
    expect({ ...q, ids: Array.from(q.ids), medians: Array.from(q.medians) }).toEqual({
      startId: 10,
      endId: 12,
      minId: 10,
      minRadius: 0.2,
      median: 1,
      length: 2,
      start: 9,
      ids: [10, 11, 12],
      medians: [1, 1, 1],
    });
  });

  it('walking the other way reports the same pinch from its other end', () => {
    const q = radiusProfile(dip(), 21, 1).pinches;
    expect(q).toHaveLength(1);
    expect([q[0].startId, q[0].endId, q[0].minId, q[0].length, q[0].start]).toEqual([12, 10, 12, 2, 9]);
  });

  it('a cable without a dip (a taper 2 → 0.5 µm, and a dip only to 0.6) has none', () => {
    expect(radiusProfile(cable(21, (id) => 2 - (1.5 * (id - 1)) / 20), 1, 21).pinches).toEqual([]);
    expect(radiusProfile(cable(21, (id) => (id === 11 ? 0.6 : 1)), 1, 21).pinches).toEqual([]);
  });

  it('thresholds are settable: a lower fraction misses it; a 1 µm window splits it (a pinch wider than the window hides its middle)', () => {
    const sk = dip();
    expect(radiusProfile(sk, 1, 21, { fraction: 0.1 }).pinches).toEqual([]);
    expect(radiusProfile(sk, 1, 21, { fraction: 0.21 }).pinches).toHaveLength(1);
    // Window 1 µm: node 11's neighbours are 10 and 12 (both 0.2, median 0.2); node 10's are
    // 9 (1) and 11 (0.2), median 0.6, and 0.2 < 0.3.
    const w1 = radiusProfile(sk, 1, 21, { window: 1 }).pinches;
    expect(w1.map((q) => [q.startId, q.endId, q.median, q.length])).toEqual([
      [10, 10, 0.6, 0],
      [12, 12, 0.6, 0],
    ]);
  });

  it('a node needs minNeighbours neighbours to be judged (a plain radius step is not a pinch)', () => {
    const step = cable(2, (id) => (id === 1 ? 1 : 0.2));
    expect(radiusProfile(step, 1, 2).pinches).toEqual([]);
    const q = radiusProfile(step, 1, 2, { minNeighbours: 1 }).pinches;
    expect(q.map((p) => [p.startId, p.minRadius, p.median])).toEqual([[2, 0.2, 1]]);
  });

  it('the path runs through the common ancestor, with cumulative distances', () => {
    // skeleton.test.ts's tree: 1 ─25─ 7 ─29─ 8 and 1 ─5─ 2 ─10─ 5 ─17─ 6, 2 ─12─ 3 ─15─ 4.
    const sk = swc([
      [1, 1, 0, 0, 0, 2, -1],
      [7, 2, 0, -7, -24, 1, 1],
      [2, 3, 3, 4, 0, 1, 1],
      [5, 3, 9, 12, 0, 0.5, 2],
      [3, 3, 3, 4, 12, 0.5, 2],
      [8, 2, 20, 14, -24, 0.5, 7],
      [4, 3, 3, 16, 21, 0.25, 3],
      [6, 3, 17, 27, 0, 0.25, 5],
    ]);
    const a = radiusProfile(sk, 8, 4);
    expect(Array.from(a.ids)).toEqual([8, 7, 1, 2, 3, 4]);
    expect(Array.from(a.distance)).toEqual([0, 29, 54, 59, 71, 86]);
    expect(Array.from(a.radius)).toEqual([0.5, 1, 2, 1, 0.5, 0.25]);
    expect(a.via).toBe(1);
    const b = radiusProfile(sk, 6, 4);
    expect([Array.from(b.ids), Array.from(b.distance), b.via]).toEqual([[6, 5, 2, 3, 4], [0, 17, 27, 39, 54], 2]);
    const c = radiusProfile(sk, 2, 6);
    expect([Array.from(c.ids), c.via]).toEqual([[2, 5, 6], 2]);
    const d = radiusProfile(sk, 6, 6);
    expect([Array.from(d.ids), Array.from(d.distance), d.via, d.pinches]).toEqual([[6], [0], 6, []]);
  });

  it('bad input is a CoreError with a clear message', () => {
    const sk = dip();
    for (const window of [0, -1, NaN, Infinity]) coreError(() => radiusProfile(sk, 1, 21, { window }), `pinch window must be a positive length in µm, got ${window}`);
    for (const fraction of [0, 1, 1.5, -0.2, NaN]) {
      coreError(() => radiusProfile(sk, 1, 21, { fraction }), `pinch fraction must be a number between 0 and 1 (exclusive), got ${fraction}`);
    }
    for (const minNeighbours of [0, 1.5, NaN]) coreError(() => radiusProfile(sk, 1, 21, { minNeighbours }), 'minimum number of neighbours must be a whole number ≥ 1');
    expect(coreError(() => radiusProfile(sk, 99, 21), 'path start node 99 does not exist').code).toBe('node-not-found');
    coreError(() => radiusProfile(sk, 1, 77), 'path end node 77 does not exist');
    const two = swc([
      [1, 3, 0, 0, 0, 1, -1],
      [2, 3, 1, 0, 0, 1, 1],
      [5, 3, 9, 0, 0, 1, -1],
    ]);
    coreError(() => radiusProfile(two, 2, 5), 'nodes 2 and 5 are in different trees (fragments) of the skeleton: no path joins them; heal the fragments first');
  });
});

describe('findPinchPoints: every unbranched segment', () => {
  /** Main cable 1..21 along x, a branch 31..40 along y from node 11 (x = 10); radius 1 unless given. */
  const branched = (r: Record<number, number> = {}) =>
    swc([
      ...Array.from({ length: 21 }, (_, k): Row => [k + 1, 3, k, 0, 0, r[k + 1] ?? 1, k === 0 ? -1 : k]),
      ...Array.from({ length: 10 }, (_, k): Row => [31 + k, 3, 10, k + 1, 0, r[31 + k] ?? 1, k === 0 ? 11 : 30 + k]),
    ]);

  it('finds a pinch in each segment, each once', () => {
    const rep = findPinchPoints(branched({ 5: 0.2, 35: 0.3, 36: 0.25 }));
    expect(rep.pinches.map((q) => [q.startId, q.endId, q.minId, q.minRadius, q.median, q.length])).toEqual([
      [5, 5, 5, 0.2, 1, 0],
      [35, 36, 36, 0.25, 1, 1],
    ]);
    expect(rep.flaggedNodes).toBe(3);
    expect(rep.message).toBe(
      '2 pinch points (3 nodes, radius below 50% of the median within 5 µm); narrowest: node 5, radius 0.2 µm where the median is 1 µm.',
    );
  });

  it('a pinched branch point is reported once (judged on the segment it ends)', () => {
    const rep = findPinchPoints(branched({ 11: 0.2 }));
    expect(rep.pinches.map((q) => [q.startId, q.endId, q.median])).toEqual([[11, 11, 1]]);
    expect(rep.flaggedNodes).toBe(1);
  });

  it('a pinched root with two arms is reported once', () => {
    const sk = swc([
      [1, 1, 0, 0, 0, 0.2, -1],
      ...Array.from({ length: 10 }, (_, k): Row => [2 + k, 3, k + 1, 0, 0, 1, k === 0 ? 1 : 1 + k]),
      ...Array.from({ length: 10 }, (_, k): Row => [20 + k, 3, -(k + 1), 0, 0, 1, k === 0 ? 1 : 19 + k]),
    ]);
    const rep = findPinchPoints(sk);
    expect(rep.pinches.map((q) => [q.startId, q.endId, q.median])).toEqual([[1, 1, 1]]);
  });

  it('none on a clean skeleton (the synthetic neuron), with a message saying so', () => {
    const rep = findPinchPoints(syntheticProjectionNeuron().skeleton);
    expect(rep.pinches).toEqual([]);
    expect(rep.message).toBe('No pinch points (radius below 50% of the median within 5 µm) in 608 nodes.');
  });
});

describe('smoothRadii', () => {
  it("'navis' (default): trailing mean along longest paths leaf → root, shortest path first, as navis smooth_skeleton", () => {
    const sk = SMOOTH_TREE();
    const { skeleton, report } = smoothRadii(sk);
    // Paths: [7 6 5 4 3 2 1] (deepest leaf, through the branch point to the root) and [9 8 4].
    // The short one first: 9 = 3 (a leaf keeps its radius), 8 = (3+12)/2 = 7.5, 4 = (3+12+6)/3 = 7.
    // Then the long one reads 4 as 7: 7 = 3, 6 = (3+6)/2, 5 = (3+6+3)/3 = 4, 4 = (6+3+7)/3,
    // 3 = (3+7+3)/3, 2 = (7+3+6)/3, and the root 1 = (3+6+3)/3 = 4.
    const want = { 1: 4, 2: 16 / 3, 3: 13 / 3, 4: 16 / 3, 5: 4, 6: 4.5, 7: 3, 8: 7.5, 9: 3 };
    const got = radiiById(skeleton);
    for (const [id, v] of Object.entries(want)) expect(got[id]).toBeCloseTo(v, 14);
    expect(report.changed).toBe(7);
    expect(report.largest).toEqual({ nodeId: 8, what: 'radius of node 8: 12 → 7.5 µm', amount: 4.5, unit: 'µm' });
    expect(report.message).toBe(
      'Smoothed radii (rolling mean over 3 nodes, as navis smooth_skeleton): 7 of 9 nodes changed; largest change: radius of node 8: 12 → 7.5 µm.',
    );
    expect(Array.from(sk.radius)).toEqual([3, 6, 3, 6, 3, 6, 3, 12, 3]); // input untouched
  });

  it("'navis' on an unbranched cable: the window trails on the distal side, so a ramp shifts towards the root", () => {
    const { skeleton } = smoothRadii(cable(5, (id) => id));
    // Path 5 4 3 2 1: 5, (5+4)/2, (5+4+3)/3, (4+3+2)/3, (3+2+1)/3.
    expect(Array.from(skeleton.radius)).toEqual([2, 3, 4, 4.5, 5]);
    expect(Array.from(smoothRadii(cable(5, (id) => id), { window: 5 }).skeleton.radius)).toEqual([3, 3.5, 4, 4.5, 5]);
  });

  it("'centred': mean of ±(window−1)/2 nodes of the original radii along each unbranched segment; branch points kept", () => {
    const { skeleton, report } = smoothRadii(SMOOTH_TREE(), { mode: 'centred' });
    // Segments [1 2 3 4], [4 5 6 7], [4 8 9]; windows truncated at the ends (root 1, leaves 7 and 9).
    expect(radiiById(skeleton)).toEqual({ 1: 4.5, 2: 4, 3: 5, 4: 6, 5: 5, 6: 4, 7: 4.5, 8: 7, 9: 7.5 });
    expect(report.changed).toBe(8);
    expect(report.largest?.what).toBe('radius of node 8: 12 → 7 µm');
    expect(report.message).toContain('Smoothed radii (centred mean over 3 nodes)');
  });

  it('keepSoma leaves the soma radius alone (navis would shrink a 3 µm soma root)', () => {
    const { skeleton: syn } = syntheticProjectionNeuron();
    expect(syn.radius[syn.soma]).toBe(3);
    expect(smoothRadii(syn).skeleton.radius[syn.soma]).toBeLessThan(1.5);
    expect(smoothRadii(syn, { keepSoma: true }).skeleton.radius[syn.soma]).toBe(3);
    expect(smoothRadii(setSoma(SMOOTH_TREE(), 1), { keepSoma: true }).skeleton.radius[0]).toBe(3);
  });

  it('a window of 1 changes nothing and returns the same skeleton', () => {
    const sk = SMOOTH_TREE();
    const r = smoothRadii(sk, { window: 1 });
    expect(r.skeleton).toBe(sk);
    expect(r.report).toEqual({ changed: 0, largest: null, message: 'Smoothed radii (rolling mean over 1 node, as navis smooth_skeleton): no radius changed.' });
  });

  it('bad windows and modes are CoreErrors', () => {
    const sk = SMOOTH_TREE();
    for (const window of [0, -1, 1.5, NaN]) coreError(() => smoothRadii(sk, { window }), `smoothing window (nodes) must be a whole number ≥ 1, got ${window}`);
    coreError(() => smoothRadii(sk, { window: 2, mode: 'centred' }), 'a centred smoothing window needs an odd number of nodes, got 2');
    coreError(() => smoothRadii(sk, { mode: 'gaussian' as 'navis' }), "smoothing mode must be 'navis' or 'centred', got gaussian");
  });
});

describe('setMinRadius', () => {
  it('raises radii below the minimum and reports the largest raise', () => {
    const sk = dip();
    const { skeleton, report } = setMinRadius(sk, 0.5);
    expect(Array.from(skeleton.radius.subarray(8, 13))).toEqual([1, 0.5, 0.5, 0.5, 1]);
    expect(report.changed).toBe(3);
    expect(report.largest?.nodeId).toBe(10);
    expect(report.largest?.amount).toBeCloseTo(0.3, 15);
    expect(report.message).toBe('Set a minimum radius of 0.5 µm: 3 of 21 nodes changed; largest change: radius of node 10: 0.2 → 0.5 µm.');
    expect(sk.radius[9]).toBe(0.2);
  });

  it('nothing below the minimum: the same skeleton', () => {
    const sk = dip();
    const r = setMinRadius(sk, 0.1);
    expect(r.skeleton).toBe(sk);
    expect(r.report.changed).toBe(0);
    expect(r.report.largest).toBeNull();
  });

  it.each([NaN, -1, Infinity])('minimum %s is a CoreError (from clampRadius)', (v) => {
    coreError(() => setMinRadius(dip(), v), `minimum radius must be a finite number ≥ 0 (µm), got ${v}`);
  });
});

describe('replacePinchRadii', () => {
  it('pinched radii become their neighbourhood median (1), and no pinch is left', () => {
    const sk = dip();
    const pinches = findPinchPoints(sk).pinches;
    const { skeleton, report } = replacePinchRadii(sk, pinches);
    expect(Array.from(skeleton.radius)).toEqual(new Array(21).fill(1));
    expect(report.changed).toBe(3);
    expect(report.largest?.amount).toBeCloseTo(0.8, 15);
    expect(report.largest?.what).toBe('radius of node 10: 0.2 → 1 µm');
    expect(findPinchPoints(skeleton).pinches).toEqual([]);
    expect(sk.radius[10]).toBe(0.2);
  });

  it('works on the pinches of a profile too, and an empty list changes nothing', () => {
    const sk = dip();
    expect(Array.from(replacePinchRadii(sk, radiusProfile(sk, 21, 1).pinches).skeleton.radius)).toEqual(new Array(21).fill(1));
    expect(replacePinchRadii(sk, []).skeleton).toBe(sk);
  });

  it('a pinch naming a node the skeleton does not have is a CoreError', () => {
    const bad: Pinch = { ...findPinchPoints(dip()).pinches[0], ids: Int32Array.of(99), medians: Float64Array.of(1) };
    expect(coreError(() => replacePinchRadii(dip(), [bad]), 'pinch node 99 does not exist').code).toBe('node-not-found');
    const nan: Pinch = { ...bad, ids: Int32Array.of(10), medians: Float64Array.of(NaN) };
    coreError(() => replacePinchRadii(dip(), [nan]), 'pinch node 10 has no usable median radius (NaN)');
  });
});

describe('healFragments', () => {
  /**
   * Main tree 1 (0,0,0) ─ 2 (10,0,0) ─ 3 (20,0,0) ─ 4 (20,10,0); fragment 10 (12,3,4) ─ 11 (19,9,0);
   * lone root 20 (0,0,30). Rows interleaved: 1 10 2 11 3 20 4. No soma (no type-1 node).
   */
  const forest = () =>
    swc([
      [1, 3, 0, 0, 0, 1, -1],
      [10, 3, 12, 3, 4, 1, -1],
      [2, 3, 10, 0, 0, 1, 1],
      [11, 3, 19, 9, 0, 1, 10],
      [3, 3, 20, 0, 0, 1, 2],
      [20, 3, 0, 0, 30, 1, -1],
      [4, 3, 20, 10, 0, 1, 3],
    ]);

  it('joins every fragment root to the nearest node of the largest tree: one tree, rows in order', () => {
    const sk = forest();
    const { skeleton, report } = healFragments(sk);
    expect(ids(skeleton)).toEqual([1, 10, 2, 11, 3, 20, 4]);
    // Root 10 → node 2 (√29; node 4 is nearer to 11, but only roots are joined); root 20 → node 1 (30).
    expect(Array.from(skeleton.parent)).toEqual([-1, 2, 0, 1, 2, 0, 4]);
    expect(skeleton.roots().length).toBe(1);
    expect(skeleton.order.length).toBe(7);
    expect(skeleton.cableLength()).toBeCloseTo(sk.cableLength() + Math.sqrt(29) + 30, 12);
    expect(report.joined).toEqual([
      { rootId: 10, nodes: 2, toId: 2, distance: Math.sqrt(29) },
      { rootId: 20, nodes: 1, toId: 1, distance: 30 },
    ]);
    expect(report.leftOut).toEqual([]);
    expect([report.changed, report.mainRootId, report.mainNodes]).toEqual([2, 1, 4]);
    expect(report.largest).toEqual({ nodeId: 20, what: 'fragment root 20 (1 node) joined to node 1 across 30 µm', amount: 30, unit: 'µm' });
    expect(report.message).toBe(
      'Main tree: root 1 (4 nodes). Joined 2 fragments: root 10 (2 nodes) → node 2 at 5.385 µm; root 20 (1 node) → node 1 at 30 µm.',
    );
    expect(Array.from(sk.parent)).toEqual([-1, -1, 0, 1, 2, -1, 4]); // input untouched
  });

  it('leaves out fragments beyond maxDistance and says how far they are', () => {
    const { skeleton, report } = healFragments(forest(), { maxDistance: 10 });
    expect(Array.from(skeleton.parent)).toEqual([-1, 2, 0, 1, 2, -1, 4]);
    expect(report.joined.map((j) => j.rootId)).toEqual([10]);
    expect(report.leftOut).toEqual([{ rootId: 20, nodes: 1, toId: 1, distance: 30 }]);
    expect(report.message).toContain('Left out 1 fragment farther than 10 µm: root 20 (1 node) → node 1 at 30 µm.');
  });

  it("the soma's tree is the main tree even when smaller", () => {
    const { skeleton, report } = healFragments(setSoma(forest(), 11));
    // Root 1 (0,0,0) → node 10 at 13 (node 11 is √442 away); root 20 (0,0,30) → node 10 at √829.
    expect(Array.from(skeleton.parent)).toEqual([1, -1, 0, 1, 2, 1, 4]);
    expect(report.joined).toEqual([
      { rootId: 1, nodes: 4, toId: 10, distance: 13 },
      { rootId: 20, nodes: 1, toId: 10, distance: Math.sqrt(829) },
    ]);
    expect([report.mainRootId, report.mainNodes]).toEqual([10, 2]);
    expect(report.message).toContain('Main tree: root 10 (2 nodes, holds the soma).');
    expect(skeleton.soma).toBe(3);
  });

  it('a single tree is returned as is', () => {
    const sk = dip();
    const r = healFragments(sk);
    expect(r.skeleton).toBe(sk);
    expect(r.report.message).toBe('The skeleton is a single tree: nothing to heal.');
  });

  it.each([NaN, -1])('maxDistance %s is a CoreError', (v) => {
    coreError(() => healFragments(forest(), { maxDistance: v }), `maximum joining distance must be a length ≥ 0 in µm (or Infinity), got ${v}`);
  });
});

describe.skipIf(!existsSync(H881))(
  existsSync(H881) ? 'healFragments on hemibrain 754538881' : `healFragments on hemibrain 754538881: skipped, ../shared/data is absent (no ${H881})`,
  () => {
    it('joins the 48-node fragment (root 1945) to node 3063 of the 4833-node main tree, 1.551 µm away', () => {
      const sk = scaleSkeleton(readSwc(readFileSync(H881, 'utf8'), { name: '754538881' }).skeleton, 0.008);
      expect(Array.from(sk.roots(), (r) => sk.id[r])).toEqual([1, 1945]);
      const { skeleton, report } = healFragments(sk);
      expect([report.mainRootId, report.mainNodes]).toEqual([1, 4833]);
      expect(report.joined).toHaveLength(1);
      expect(report.joined[0]).toMatchObject({ rootId: 1945, nodes: 48, toId: 3063 });
      expect(report.joined[0].distance).toBeCloseTo(1.5512575543732334, 12);
      expect(skeleton.roots().length).toBe(1);
      expect(skeleton.parent[skeleton.rowOf(1945)]).toBe(skeleton.rowOf(3063));
      expect(skeleton.order.length).toBe(4881);
    });
  },
);

describe('resample', () => {
  /** 1 (x 0, r 1, type 1) ─ 2 (x 4, r 3, type 3) ─ 3 (x 10, r 1, type 2): 10 µm of straight cable. */
  const line = () =>
    swc([
      [1, 1, 0, 0, 0, 1, -1],
      [2, 3, 4, 0, 0, 3, 1],
      [3, 2, 10, 0, 0, 1, 2],
    ]);

  it('10 µm at 2.5 µm: ends kept, the middle node replaced by 3 new ones, radius interpolated along the path', () => {
    const sk = line();
    const { skeleton: s, report } = resample(sk, 2.5);
    expect(ids(s)).toEqual([1, 4, 5, 6, 3]);
    expect(Array.from(s.parent)).toEqual([-1, 0, 1, 2, 3]);
    expect(Array.from(s.x)).toEqual([0, 2.5, 5, 7.5, 10]);
    // x 2.5 is 5/8 of the way from node 1 (r 1) to node 2 (r 3); x 5 is 1/6 from 2 (r 3) to 3 (r 1).
    expect(s.radius[1]).toBeCloseTo(2.25, 14);
    expect(s.radius[2]).toBeCloseTo(3 - 2 / 6, 14);
    expect(s.radius[3]).toBeCloseTo(3 - (2 * 3.5) / 6, 14);
    expect([s.radius[0], s.radius[4]]).toEqual([1, 1]);
    expect(Array.from(s.type)).toEqual([1, 3, 3, 2, 2]); // from the nearer original node
    expect(s.cableLength()).toBe(10);
    expect(report).toMatchObject({ nodesBefore: 3, nodesAfter: 5, added: 3, removed: 1, changed: 4, cableBefore: 10, cableAfter: 10 });
    expect(report.message).toBe('Resampled at ≤ 2.5 µm: 3 nodes → 5 (3 added, 1 removed); cable length 10 → 10 µm.');
    expect(Array.from(sk.x)).toEqual([0, 4, 10]);
  });

  it('node counts: intervals of at most the spacing, evenly spread', () => {
    const count = (spacing: number) => resample(line(), spacing).skeleton.size;
    expect([count(1), count(3), count(10), count(20), count(0.1)]).toEqual([11, 5, 2, 2, 101]);
    expect(Array.from(resample(line(), 3).skeleton.x)).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  it('a branched tree: roots, branch points, leaves and the soma kept; a known node count', () => {
    // skeleton.test.ts's tree (cable 113): stretches 1→7→8 (54), 1→2 (5), 2→5→6 (27), 2→3→4 (27).
    const rows: Row[] = [
      [1, 1, 0, 0, 0, 2, -1],
      [7, 2, 0, -7, -24, 1, 1],
      [2, 3, 3, 4, 0, 1, 1],
      [5, 3, 9, 12, 0, 0.5, 2],
      [3, 3, 3, 4, 12, 0.5, 2],
      [8, 2, 20, 14, -24, 0.5, 7],
      [4, 3, 3, 16, 21, 0.25, 3],
      [6, 3, 17, 27, 0, 0.25, 5],
    ];
    const sk = swc(rows);
    const a = resample(sk, 2);
    // 5 kept (1, 2, 8, 4, 6) + 26 + 2 + 13 + 13 new.
    expect(a.skeleton.size).toBe(59);
    expect(Array.from(a.skeleton.id).filter((id) => id <= 8)).toEqual([1, 2, 8, 4, 6]);
    expect(a.report.removed).toBe(3);
    expect(Math.min(...Array.from(a.skeleton.id).filter((id) => id > 8))).toBe(9);
    expect(a.skeleton.branchPoints().length).toBe(2);
    expect(a.skeleton.leaves().length).toBe(3);
    // With node 7 as soma it is kept too and splits 1→8 into 25 + 29: 6 + 12 + 14 + 2 + 13 + 13.
    const b = resample(setSoma(sk, 7), 2);
    expect(b.skeleton.size).toBe(60);
    expect(b.skeleton.id[b.skeleton.soma]).toBe(7);
    for (const id of [1, 7, 2, 8, 4, 6]) {
      const i = sk.rowOf(id);
      const j = b.skeleton.rowOf(id);
      expect([b.skeleton.x[j], b.skeleton.y[j], b.skeleton.z[j], b.skeleton.radius[j]]).toEqual([sk.x[i], sk.y[i], sk.z[i], sk.radius[i]]);
    }
    // 1→7→8 is straight now that 7 is kept; 2→5→6 and 2→3→4 bend at 5 and 3, where the new
    // nodes cut the corner: shorter than 113, longer than the chords between kept nodes.
    const chords = 25 + 29 + 5 + Math.hypot(14, 23) + Math.hypot(12, 21);
    expect(b.skeleton.cableLength()).toBeLessThan(113);
    expect(b.skeleton.cableLength()).toBeGreaterThan(chords);
    expect(b.skeleton.cableLength()).toBeCloseTo(112.858, 3);
  });

  it('the synthetic neuron at 1 µm: cable length kept to within the chord error, every edge ≤ 1 µm, labels carried', () => {
    const { skeleton: sk } = syntheticProjectionNeuron();
    const { skeleton: s, report } = resample(sk, 1);
    const before = sk.cableLength();
    // New nodes lie on the old polyline, so corners can only be cut: never longer, here < 0.5 % shorter.
    expect(s.cableLength()).toBeLessThanOrEqual(before + 1e-9);
    expect((before - s.cableLength()) / before).toBeLessThan(0.005);
    expect(report.cableBefore).toBe(before);
    for (let i = 0; i < s.size; i++) expect(s.edgeLength(i)).toBeLessThanOrEqual(1 + 1e-9);
    expect(s.leaves().length).toBe(sk.leaves().length);
    expect(s.branchPoints().length).toBe(sk.branchPoints().length);
    expect(s.roots().length).toBe(1);
    expect(s.id[s.soma]).toBe(sk.id[sk.soma]);
    expect(new Set(Array.from(s.type))).toEqual(new Set(Array.from(sk.type)));
    expect(new Set(s.id).size).toBe(s.size);
  });

  it.each([0, -1, NaN, Infinity])('spacing %s is a CoreError', (v) => {
    coreError(() => resample(line(), v), `resampling spacing must be a positive length in µm, got ${v}`);
  });
});
