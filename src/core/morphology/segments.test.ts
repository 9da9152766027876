import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unbranchedSegments, type Segment } from './segments.ts';
import type { Skeleton } from './skeleton.ts';
import { readSwc } from './swc.ts';
import { syntheticProjectionNeuron } from './synthetic.ts';
import { reroot } from './transform.ts';
import { SHARED_DATA } from '../../../tools/shared-data.ts';

/** The shared test data lives next to the checkout: `<repo>/../shared/data`. */
const DATA = SHARED_DATA;
/** Suite title that says why it is skipped when the shared data is missing. */
const suiteTitle = (what: string, path: string) => (existsSync(path) ? what : `${what}: skipped, ../shared/data is absent (no ${path})`);
const DA1 = resolve(DATA, 'hemibrain-da1-pns/swc');

/**
 * The small tree of skeleton.test.ts:
 *
 *     1 ── 7 ── 8
 *     └─── 2 ── 5 ── 6
 *          └─── 3 ── 4
 *
 * Rows (file order): 1 7 2 5 3 8 4 6.
 */
const TREE = `1 1 0 0 0 2 -1
7 2 0 -7 -24 1 1
2 3 3 4 0 1 1
5 3 9 12 0 0.5 2
3 3 3 4 12 0.5 2
8 2 20 14 -24 0.5 7
4 3 3 16 21 0.25 3
6 3 17 27 0 0.25 5
`;

const rows = (segs: Segment[]) => segs.map((s) => Array.from(s.rows));
const idRuns = (sk: Skeleton, segs: Segment[]) => segs.map((s) => Array.from(s.rows, (r) => sk.id[r]));

/** Every non-root node ends exactly one segment edge; each segment starts where its parent segment ends. */
function checkPartition(sk: Skeleton, segs: Segment[]): void {
  const seen = new Uint8Array(sk.size);
  let edges = 0;
  segs.forEach((s, k) => {
    if (s.rows.length > 1) {
      for (let j = 1; j < s.rows.length; j++) {
        expect(sk.parent[s.rows[j]]).toBe(s.rows[j - 1]);
        expect(seen[s.rows[j]]++).toBe(0);
      }
      edges += s.rows.length - 1;
      // Interior nodes have one child; the end is a leaf or a branch point.
      for (let j = 1; j < s.rows.length - 1; j++) expect(sk.childCount(s.rows[j])).toBe(1);
      expect(sk.childCount(s.rows[s.rows.length - 1])).not.toBe(1);
    }
    if (s.parent < 0) expect(sk.parent[s.rows[0]]).toBe(-1);
    else {
      expect(s.parent).toBeLessThan(k); // pre-order: parent segments come first
      const p = segs[s.parent].rows;
      expect(p[p.length - 1]).toBe(s.rows[0]);
      expect(segs[s.parent].tree).toBe(s.tree);
    }
  });
  expect(edges).toBe(sk.size - sk.roots().length);
}

describe('unbranchedSegments', () => {
  it('the small tree: exact rows in depth-first pre-order, parents and tree', () => {
    const sk = readSwc(TREE).skeleton;
    const segs = unbranchedSegments(sk);
    // The root has two children (7, then 2 in file order): it starts two segments.
    expect(rows(segs)).toEqual([
      [0, 1, 5],
      [0, 2],
      [2, 3, 7],
      [2, 4, 6],
    ]);
    expect(idRuns(sk, segs)).toEqual([
      [1, 7, 8],
      [1, 2],
      [2, 5, 6],
      [2, 3, 4],
    ]);
    expect(segs.map((s) => s.parent)).toEqual([-1, -1, 1, 1]);
    expect(segs.map((s) => s.tree)).toEqual([0, 0, 0, 0]);
    checkPartition(sk, segs);
  });

  it('after rerooting at node 5 (middle of a chain)', () => {
    const sk = reroot(readSwc(TREE).skeleton, 5);
    const segs = unbranchedSegments(sk);
    expect(idRuns(sk, segs)).toEqual([
      [5, 2],
      [2, 1, 7, 8],
      [2, 3, 4],
      [5, 6],
    ]);
    expect(segs.map((s) => s.parent)).toEqual([-1, 0, 0, -1]);
    checkPartition(sk, segs);
  });

  it('a root with one child starts one segment; a branch point with three children ends one and starts three', () => {
    const sk = readSwc('1 1 0 0 0 1 -1\n2 3 1 0 0 1 1\n3 3 2 0 0 1 2\n4 3 3 0 0 1 3\n5 3 3 1 0 1 3\n6 3 3 2 0 1 3\n7 3 4 0 0 1 4\n').skeleton;
    const segs = unbranchedSegments(sk);
    expect(idRuns(sk, segs)).toEqual([
      [1, 2, 3],
      [3, 4, 7],
      [3, 5],
      [3, 6],
    ]);
    expect(segs.map((s) => s.parent)).toEqual([-1, 0, 0, 0]);
    checkPartition(sk, segs);
  });

  it('tree index for a file with two trees and a lone root; a lone root is a one-node segment', () => {
    const text = `${TREE}10 0 100 0 0 1 -1\n11 0 100 3 4 1 10\n12 0 100 8 16 1 11\n20 1 -50 0 0 1 -1\n`;
    const sk = readSwc(text).skeleton;
    const segs = unbranchedSegments(sk);
    expect(idRuns(sk, segs)).toEqual([
      [1, 7, 8],
      [1, 2],
      [2, 5, 6],
      [2, 3, 4],
      [10, 11, 12],
      [20],
    ]);
    expect(segs.map((s) => s.tree)).toEqual([0, 0, 0, 0, 1, 2]);
    expect(segs.map((s) => s.parent)).toEqual([-1, -1, 1, 1, -1, -1]);
    checkPartition(sk, segs);
  });

  it('a single-node skeleton is one one-node segment', () => {
    const segs = unbranchedSegments(readSwc('5 1 0 0 0 3 -1').skeleton);
    expect(rows(segs)).toEqual([[0]]);
    expect([segs[0].parent, segs[0].tree]).toEqual([-1, 0]);
  });

  it('the synthetic neuron partitions into segments, one per branch of each branch point', () => {
    const sk = syntheticProjectionNeuron({ seed: 5 }).skeleton;
    const segs = unbranchedSegments(sk);
    let expected = 0;
    for (let i = 0; i < sk.size; i++) if (sk.parent[i] < 0 || sk.childCount(i) >= 2) expected += sk.childCount(i);
    expect(segs.length).toBe(expected);
    checkPartition(sk, segs);
  });
});

describe.skipIf(!existsSync(DA1))(suiteTitle('hemibrain 754538881, two trees', DA1), () => {
  it('the detached 48-node fragment (root 1945) is tree 1', () => {
    const sk = readSwc(readFileSync(resolve(DA1, '754538881.swc'), 'utf8')).skeleton;
    const segs = unbranchedSegments(sk);
    checkPartition(sk, segs);
    const nodesOf = (t: number) => {
      const s = new Set<number>();
      for (const g of segs) if (g.tree === t) for (const r of g.rows) s.add(r);
      return s;
    };
    // README: main tree (root 1) 4833 nodes, fragment (root 1945) 48 nodes.
    expect(nodesOf(0).size).toBe(4833);
    expect(nodesOf(1).size).toBe(48);
    expect(nodesOf(1).has(sk.rowOf(1945))).toBe(true);
    expect(segs.find((g) => g.tree === 1)!.rows[0]).toBe(sk.rowOf(1945));
    // Trees come one after the other.
    const trees = segs.map((g) => g.tree);
    expect(trees.indexOf(1)).toBe(trees.lastIndexOf(0) + 1);
  });
});
