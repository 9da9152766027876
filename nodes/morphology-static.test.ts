/** The static morphology figure stays bounded on skeletons of a million nodes and keeps every branch. */
import { describe, expect, it } from 'vitest';
import { STATIC_SEGMENT_BUDGET, keptForStatic } from './morphology-view.ts';

/** A chain of n nodes with a side branch of 10 nodes every 50,000 rows (rows in file order). */
function skeleton(n: number): { parent: Int32Array; soma: number; branchPoints: number[]; leaves: number[] } {
  const parent = new Int32Array(n);
  const branchPoints: number[] = [];
  const leaves: number[] = [];
  let main = 0;
  parent[0] = -1;
  for (let i = 1; i < n; i++) {
    if (i % 50_000 === 0 && i + 10 < n) {
      // A side branch of 10 nodes off the current main-chain node.
      branchPoints.push(main);
      for (let k = 0; k < 10; k++) parent[i + k] = k === 0 ? main : i + k - 1;
      leaves.push(i + 9);
      i += 9;
      continue;
    }
    parent[i] = main;
    main = i;
  }
  leaves.push(main);
  return { parent, soma: 0, branchPoints, leaves };
}

describe('static morphology figure', () => {
  it('draws every node up to the budget', () => {
    const s = skeleton(STATIC_SEGMENT_BUDGET);
    const k = keptForStatic(s);
    expect(k.stride).toBe(1);
    expect(k.keep.every((x) => x === 1)).toBe(true);
  });

  it('a million nodes: about the budget drawn, every root, branch point, leaf and the soma kept', () => {
    const s = skeleton(1_000_000);
    const k = keptForStatic(s);
    expect(k.stride).toBe(10);
    const kept = k.keep.reduce((a, b) => a + b, 0);
    expect(kept).toBeGreaterThan(STATIC_SEGMENT_BUDGET * 0.99);
    expect(kept).toBeLessThan(STATIC_SEGMENT_BUDGET * 1.01);
    for (const b of s.branchPoints) expect(k.keep[b]).toBe(1);
    for (const l of s.leaves) expect(k.keep[l]).toBe(1);
    expect(k.keep[0]).toBe(1);
    // No run of dropped nodes along the main chain longer than the stride.
    let run = 0;
    let longest = 0;
    for (let i = 0; i < s.parent.length; i++) {
      run = k.keep[i] ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeLessThan(k.stride);
  });
});
