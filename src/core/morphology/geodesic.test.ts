import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { geodesicFrom, sortByDistance } from './geodesic.ts';
import type { Skeleton } from './skeleton.ts';
import { readSwc } from './swc.ts';
import { reroot, scaleSkeleton } from './transform.ts';
import { SHARED_DATA } from '../../../tools/shared-data.ts';

/** The shared test data lives next to the checkout: `<repo>/../shared/data`. */
const DATA = SHARED_DATA;
/** Suite title that says why it is skipped when the shared data is missing. */
const suiteTitle = (what: string, path: string) => (existsSync(path) ? what : `${what}: skipped, ../shared/data is absent (no ${path})`);
const DA1_SWC = resolve(DATA, 'hemibrain-da1-pns/swc/1734350788.swc');

/**
 * The small tree of skeleton.test.ts (edges are Pythagorean triples):
 *
 *     1 ─25─ 7 ─29─ 8
 *     └──5── 2 ─10─ 5 ─17─ 6
 *            └─12─ 3 ─15─ 4
 *
 * plus a second tree 10 ─5─ 11 ─13─ 12 and a lone root 20. Rows: 1 7 2 5 3 8 4 6 10 11 12 20.
 */
const FOREST = `1 1 0 0 0 2 -1
7 2 0 -7 -24 1 1
2 3 3 4 0 1 1
5 3 9 12 0 0.5 2
3 3 3 4 12 0.5 2
8 2 20 14 -24 0.5 7
4 3 3 16 21 0.25 3
6 3 17 27 0 0.25 5
10 0 100 0 0 1 -1
11 0 100 3 4 1 10
12 0 100 8 16 1 11
20 1 -50 0 0 1 -1
`;
const I = Infinity;
const sk = readSwc(FOREST).skeleton;
const byRow = (s: Skeleton, id: number) => Array.from(geodesicFrom(s, id));

describe('geodesicFrom (hand-computed)', () => {
  // Distances by row (ids 1 7 2 5 3 8 4 6 | 10 11 12 | 20).
  const table: Array<[number, number[]]> = [
    [1, [0, 25, 5, 15, 17, 54, 32, 32, I, I, I, I]],
    [4, [32, 57, 27, 37, 15, 86, 0, 54, I, I, I, I]],
    [8, [54, 29, 59, 69, 71, 0, 86, 86, I, I, I, I]],
    [5, [15, 40, 10, 0, 22, 69, 37, 17, I, I, I, I]],
    [11, [I, I, I, I, I, I, I, I, 5, 0, 13, I]],
    [20, [I, I, I, I, I, I, I, I, I, I, I, 0]],
  ];
  it.each(table)('from node %i', (id, expected) => {
    expect(byRow(sk, id)).toEqual(expected);
  });

  it('is symmetric: d(a, b) = d(b, a) for every pair in a tree', () => {
    for (let a = 0; a < sk.size; a++) {
      const da = geodesicFrom(sk, sk.id[a]);
      for (let b = 0; b < sk.size; b++) expect(geodesicFrom(sk, sk.id[b])[a]).toBe(da[b]);
    }
  });

  it('does not depend on where the tree is rooted', () => {
    for (const at of [5, 8, 4, 12]) {
      const r = reroot(sk, at);
      for (const from of [1, 4, 6, 11]) expect(byRow(r, from)).toEqual(byRow(sk, from));
    }
  });

  it('an unknown node is a CoreError', () => {
    expect(() => geodesicFrom(sk, 99)).toThrow(CoreError);
    expect(() => geodesicFrom(sk, 99)).toThrow('node 99 does not exist');
  });
});

describe('sortByDistance', () => {
  it('nearest first, ties in row order, other trees left out', () => {
    const a = sortByDistance(sk, 1);
    // 4 (row 6) and 6 (row 7) are both 32 away: row order decides.
    expect(Array.from(a.ids)).toEqual([1, 2, 5, 3, 7, 4, 6, 8]);
    expect(Array.from(a.dist)).toEqual([0, 5, 15, 17, 25, 32, 32, 54]);
    const b = sortByDistance(sk, 8);
    expect(Array.from(b.ids)).toEqual([8, 7, 1, 2, 5, 3, 4, 6]);
    expect(Array.from(b.dist)).toEqual([0, 29, 54, 59, 69, 71, 86, 86]);
    const c = sortByDistance(sk, 10);
    expect(Array.from(c.ids)).toEqual([10, 11, 12]);
    expect(Array.from(c.dist)).toEqual([0, 5, 18]);
    expect(Array.from(sortByDistance(sk, 20).ids)).toEqual([20]);
  });
});

describe.skipIf(!existsSync(DA1_SWC))(suiteTitle('tutorial numbers on hemibrain 1734350788', DA1_SWC), () => {
  // navis tutorial: example_neurons(1).convert_units('um'), soma = 20, reroot at 20,
  // geodesic_matrix from 20 sorted; the first ten as printed.
  const TUT_IDS = [20, 21, 19, 2409, 22, 18, 23, 2410, 24, 17];
  const TUT_DIST = [0.0, 0.455753, 0.633259, 0.836538, 1.095767, 1.113258, 1.415775, 1.47403, 1.692905, 2.032377];
  // Read in beforeAll: a skipped describe still runs its body, and the file may be absent.
  let raw: Skeleton;
  beforeAll(() => {
    raw = readSwc(readFileSync(DA1_SWC, 'utf8')).skeleton;
  });

  it('float32 coordinates as navis keeps them: ids exact, distances to 1e-5 (in fact within print rounding)', () => {
    // navis stores x, y, z as float32 and converts units in float32 (8 nm → µm is ×float32(0.008)).
    const f32 = (a: Float64Array) => a.map(Math.fround);
    const inF32 = raw.with({ x: f32(raw.x), y: f32(raw.y), z: f32(raw.z) });
    const um = scaleSkeleton(inF32, Math.fround(0.008));
    const navisLike = reroot(um.with({ x: f32(um.x), y: f32(um.y), z: f32(um.z) }), 20);
    const s = sortByDistance(navisLike, 20);
    expect(Array.from(s.ids.subarray(0, 10))).toEqual(TUT_IDS);
    for (let k = 0; k < 10; k++) {
      expect(Math.abs(s.dist[k] - TUT_DIST[k])).toBeLessThan(1e-5);
      expect(Math.abs(s.dist[k] - TUT_DIST[k])).toBeLessThanOrEqual(5e-7 + 1e-12); // printed with 6 decimals
    }
  });

  it('double precision (×0.008 on the file values): same ids; distances differ from the float32 printout by < 3e-5', () => {
    const sk64 = reroot(scaleSkeleton(raw, 0.008), 20);
    const s = sortByDistance(sk64, 20);
    expect(Array.from(s.ids.subarray(0, 10))).toEqual(TUT_IDS);
    // Coordinates near 120 µm carry float32 rounding of up to 3.8e-6 each in navis.
    for (let k = 0; k < 10; k++) expect(Math.abs(s.dist[k] - TUT_DIST[k])).toBeLessThan(3e-5);
    // Node 21 by hand: file positions (15088.4, 36618.9, 27310.9) → (15084, 36570, 27282) voxels.
    const d21 = Math.hypot(15088.4 - 15084, 36618.9 - 36570, 27310.9 - 27282) * 0.008;
    expect(s.dist[1]).toBeCloseTo(d21, 12);
    expect(s.ids.length).toBe(4465); // one tree: every node reachable
  });

  it('total cable length: 2.13 mm, within the README range 2.1–2.4 mm', () => {
    const um = scaleSkeleton(raw, 0.008);
    const L = um.cableLength();
    expect(L).toBeGreaterThan(2100);
    expect(L).toBeLessThan(2400);
    expect(L).toBeCloseTo(2131.815000612604, 6);
    expect(reroot(um, 20).cableLength()).toBeCloseTo(L, 9);
  });
});

describe('numbers at the edge of the double range', () => {
  it('path lengths that overflow to Infinity (coordinates ~1e307) still end the walk, each node visited once', () => {
    const huge = scaleSkeleton(readSwc(FOREST).skeleton, 1e307);
    const d = geodesicFrom(huge, 1);
    expect(d[huge.requireRow(1)]).toBe(0);
    expect(d[huge.requireRow(2)]).toBe(5e307);
    // 5e307 + 10e307 + 17e307 > 1.8e308: the path to node 6 overflows.
    expect(d[huge.requireRow(6)]).toBe(Infinity);
    expect(Array.from(d).some((x) => Number.isNaN(x))).toBe(false);
  });

  it('an SWC coordinate of 1e308 is refused at its line, not carried into lengths', () => {
    const text = FOREST.replace('5 3 9 12 0 0.5 2', '5 3 9 1e308 0 0.5 2');
    expect(() => readSwc(text)).toThrow(/SWC line 4: y 1e308 is too large for a neuron \(at most ±1e100/);
  });
});
