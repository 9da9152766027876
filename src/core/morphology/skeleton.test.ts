import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { Skeleton, emptyColumns } from './skeleton.ts';
import { readSwc } from './swc.ts';
import { clampRadius, reroot, scaleSkeleton, setSoma } from './transform.ts';

/**
 * A small hand-made tree. Every edge is a Pythagorean triple, so lengths are exact integers:
 *
 *     1 (soma) ─25─ 7 ─29─ 8
 *       └──5── 2 ─10─ 5 ─17─ 6
 *              └─12─ 3 ─15─ 4
 *
 * Rows (file order) are ids 1, 7, 2, 5, 3, 8, 4, 6: children of 1 are 7 then 2 (file order,
 * not id order). Cable length 25 + 5 + 10 + 12 + 29 + 15 + 17 = 113.
 */
const TREE = `# id type x y z radius parent
1 1 0 0 0 2 -1
7 2 0 -7 -24 1 1
2 3 3 4 0 1 1
5 3 9 12 0 0.5 2
3 3 3 4 12 0.5 2
8 2 20 14 -24 0.5 7
4 3 3 16 21 0.25 3
6 3 17 27 0 0.25 5
`;
/** TREE plus a second tree 10 ─5─ 11 ─13─ 12 and a lone root 20. Cable 113 + 18 = 131. */
const FOREST = `${TREE}10 0 100 0 0 1 -1
11 0 100 3 4 1 10
12 0 100 8 16 1 11
20 1 -50 0 0 1 -1
`;

const tree = () => readSwc(TREE, { name: 'tree.swc' }).skeleton;
const forest = () => readSwc(FOREST).skeleton;
const ids = (sk: Skeleton, rows: ArrayLike<number>) => Array.from(rows, (r) => sk.id[r]);
const parentIds = (sk: Skeleton) => Array.from(sk.parent, (p) => (p < 0 ? -1 : sk.id[p]));

function coreError(f: () => unknown, ...parts: string[]): CoreError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a CoreError').toBeInstanceOf(CoreError);
  for (const p of parts) expect((caught as Error).message).toContain(p);
  return caught as CoreError;
}

describe('Skeleton topology', () => {
  it('rows keep file order; rowOf maps ids to rows', () => {
    const sk = tree();
    expect(sk.size).toBe(8);
    expect(Array.from(sk.id)).toEqual([1, 7, 2, 5, 3, 8, 4, 6]);
    expect([1, 7, 2, 5, 3, 8, 4, 6].map((id) => sk.rowOf(id))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sk.rowOf(9)).toBe(-1);
    expect(sk.requireRow(8)).toBe(5);
  });

  it('requireRow names the missing node and the skeleton', () => {
    const e = coreError(() => tree().requireRow(99), 'node 99 does not exist in skeleton tree.swc');
    expect(e.code).toBe('node-not-found');
    expect(e.where.node).toBe(99);
    coreError(() => forest().requireRow(99, 'soma node'), 'soma node 99 does not exist in skeleton');
  });

  it('roots, leaves and branch points in file order', () => {
    const sk = tree();
    expect(Array.from(sk.roots())).toEqual([0]);
    expect(ids(sk, sk.leaves())).toEqual([8, 4, 6]);
    expect(ids(sk, sk.branchPoints())).toEqual([1, 2]);
    const f = forest();
    expect(ids(f, f.roots())).toEqual([1, 10, 20]);
    // A lone root is a leaf.
    expect(ids(f, f.leaves())).toEqual([8, 4, 6, 12, 20]);
    expect(ids(f, f.branchPoints())).toEqual([1, 2]);
  });

  it('children in file order', () => {
    const sk = tree();
    const kids = (id: number) => ids(sk, sk.children(sk.rowOf(id)));
    expect(kids(1)).toEqual([7, 2]);
    expect(kids(2)).toEqual([5, 3]);
    expect(kids(7)).toEqual([8]);
    expect(kids(5)).toEqual([6]);
    expect(kids(3)).toEqual([4]);
    expect(kids(8)).toEqual([]);
    expect([1, 7, 2, 5, 3, 8, 4, 6].map((id) => sk.childCount(sk.rowOf(id)))).toEqual([2, 1, 2, 1, 1, 0, 0, 0]);
    expect(Array.from(sk.childStart)).toEqual([0, 2, 3, 5, 6, 7, 7, 7, 7]);
  });

  it('children keep file order when parents come after children', () => {
    const sk = readSwc('3 3 0 0 1 1 9\n9 1 0 0 0 1 -1\n2 3 0 0 2 1 9\n5 3 0 0 3 1 9\n').skeleton;
    expect(ids(sk, sk.children(sk.rowOf(9)))).toEqual([3, 2, 5]);
    expect(ids(sk, sk.order)).toEqual([9, 3, 2, 5]);
  });

  it('order is depth-first pre-order, children in file order, parents before children', () => {
    const sk = tree();
    expect(ids(sk, sk.order)).toEqual([1, 7, 8, 2, 5, 6, 3, 4]);
    const f = forest();
    expect(ids(f, f.order)).toEqual([1, 7, 8, 2, 5, 6, 3, 4, 10, 11, 12, 20]);
    const pos = new Int32Array(f.size);
    f.order.forEach((r, k) => (pos[r] = k));
    for (let i = 0; i < f.size; i++) if (f.parent[i] >= 0) expect(pos[f.parent[i]]).toBeLessThan(pos[i]);
  });

  it('edge lengths and cable length (Pythagorean triples)', () => {
    const sk = tree();
    expect(Array.from({ length: sk.size }, (_, i) => sk.edgeLength(i))).toEqual([0, 25, 5, 10, 12, 29, 15, 17]);
    expect(sk.cableLength()).toBe(113);
    expect(forest().cableLength()).toBe(131);
  });

  it('rejects columns of different lengths', () => {
    const cols = { ...emptyColumns(3), x: new Float64Array(2) };
    const e = coreError(() => new Skeleton(cols), 'skeleton column x has 2 rows, expected 3');
    expect(e.code).toBe('input');
  });

  it('order reports a cycle in a skeleton built directly', () => {
    const cols = emptyColumns(3);
    cols.id.set([1, 2, 3]);
    cols.parent.set([-1, 2, 1]);
    coreError(() => new Skeleton(cols).order, 'skeleton has a cycle: 2 nodes are not reachable from a root');
  });

  it('with() replaces columns and metadata and shares the rest', () => {
    const sk = tree();
    const label = new Uint8Array(sk.size).fill(1);
    const w = sk.with({ label }, { labelNames: ['', 'dendrite'], name: 'relabelled' });
    expect(w.x).toBe(sk.x);
    expect(w.id).toBe(sk.id);
    expect(w.labelOf(3)).toBe('dendrite');
    expect(sk.labelOf(3)).toBe('');
    expect([w.name, w.units, w.soma]).toEqual(['relabelled', 'µm', 0]);
  });
});

describe('reroot', () => {
  it('in the middle of a chain (node 5 on 2 ─ 5 ─ 6): reverses the path to the root only', () => {
    const sk = tree();
    const r = reroot(sk, 5);
    // rows:               1  7  2   5  3  8  4  6
    expect(parentIds(r)).toEqual([2, 1, 5, -1, 2, 7, 3, 5]);
    expect(Array.from(r.id)).toEqual(Array.from(sk.id)); // row order kept
    expect(r.x).toBe(sk.x);
    expect(ids(r, r.roots())).toEqual([5]);
    expect(ids(r, r.order)).toEqual([5, 2, 1, 7, 8, 3, 4, 6]);
    expect(ids(r, r.children(r.rowOf(5)))).toEqual([2, 6]); // file order: 2 (row 2) before 6 (row 7)
    expect(ids(r, r.branchPoints())).toEqual([2, 5]);
    expect(ids(r, r.leaves())).toEqual([8, 4, 6]);
    expect(r.cableLength()).toBe(113);
    expect(r.soma).toBe(0); // the soma stays where it was
    // The input is untouched.
    expect(parentIds(sk)).toEqual([-1, 1, 1, 2, 2, 7, 3, 5]);
  });

  it('at a leaf (node 8)', () => {
    const r = reroot(tree(), 8);
    expect(parentIds(r)).toEqual([7, 8, 1, 2, 2, -1, 3, 5]);
    expect(ids(r, r.order)).toEqual([8, 7, 1, 2, 5, 6, 3, 4]);
    expect(ids(r, r.leaves())).toEqual([4, 6]);
    expect(ids(r, r.branchPoints())).toEqual([2]);
  });

  it('at the root changes nothing; rerooting back restores the parents', () => {
    const sk = tree();
    expect(parentIds(reroot(sk, 1))).toEqual(parentIds(sk));
    expect(Array.from(reroot(reroot(reroot(sk, 4), 6), 1).parent)).toEqual(Array.from(sk.parent));
  });

  it('touches only the tree that holds the node', () => {
    const r = reroot(forest(), 12);
    expect(parentIds(r)).toEqual([-1, 1, 1, 2, 2, 7, 3, 5, 11, 12, -1, -1]);
    expect(ids(r, r.roots())).toEqual([1, 12, 20]);
  });

  it('an unknown node is a CoreError', () => {
    coreError(() => reroot(tree(), 99), 'node 99 does not exist');
  });
});

describe('setSoma, scaleSkeleton, clampRadius', () => {
  it('setSoma marks the row and does not reroot', () => {
    const s = setSoma(tree(), 5);
    expect(s.soma).toBe(3);
    expect(ids(s, s.roots())).toEqual([1]);
    coreError(() => setSoma(tree(), 99), 'soma node 99 does not exist');
  });

  it('scaleSkeleton (×0.008) scales x, y, z and radius, not ids, parents or types', () => {
    const sk = tree();
    const s = scaleSkeleton(sk, 0.008);
    for (let i = 0; i < sk.size; i++) {
      expect(s.x[i]).toBe(sk.x[i] * 0.008);
      expect(s.y[i]).toBe(sk.y[i] * 0.008);
      expect(s.z[i]).toBe(sk.z[i] * 0.008);
      expect(s.radius[i]).toBe(sk.radius[i] * 0.008);
    }
    expect([s.x[5], s.y[5], s.z[5], s.radius[5]]).toEqual([0.16, 0.112, -0.192, 0.004]);
    expect(Array.from(s.id)).toEqual([1, 7, 2, 5, 3, 8, 4, 6]);
    expect(Array.from(s.parent)).toEqual(Array.from(sk.parent));
    expect(Array.from(s.type)).toEqual(Array.from(sk.type));
    expect(s.units).toBe('µm');
    expect(scaleSkeleton(sk, 8, '8 nm voxel').units).toBe('8 nm voxel');
    expect(s.cableLength()).toBeCloseTo(113 * 0.008, 12);
    expect(sk.x[5]).toBe(20); // input untouched
  });

  it.each([0, -1, NaN, Infinity])('scaleSkeleton rejects factor %s', (f) => {
    const e = coreError(() => scaleSkeleton(tree(), f), `unit conversion factor must be a positive number, got ${f}`);
    expect(e.code).toBe('input');
  });

  it('clampRadius raises radii below the minimum and lists the nodes', () => {
    const sk = tree(); // radii by row: 2 1 1 0.5 0.5 0.5 0.25 0.25
    const a = clampRadius(sk, 0.5);
    expect(a.changed).toEqual([4, 6]);
    expect(Array.from(a.skeleton.radius)).toEqual([2, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const b = clampRadius(sk, 1);
    expect(b.changed).toEqual([5, 3, 8, 4, 6]);
    expect(Array.from(b.skeleton.radius)).toEqual([2, 1, 1, 1, 1, 1, 1, 1]);
    const c = clampRadius(sk, 0.25);
    expect(c.changed).toEqual([]);
    expect(c.skeleton).toBe(sk);
    expect(Array.from(sk.radius)).toEqual([2, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it.each([NaN, -0.5, Infinity])('clampRadius rejects minimum %s (NaN would silently change nothing)', (v) => {
    const e = coreError(() => clampRadius(tree(), v), `minimum radius must be a finite number ≥ 0 (µm), got ${v}`);
    expect(e.code).toBe('input');
  });
});
