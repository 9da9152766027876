import type { Skeleton } from './skeleton.ts';

/** An unbranched run of nodes (rows) from a root or branch point to the next branch point or leaf. */
export interface Segment {
  /** Rows from the start (root or branch point) to the end (branch point or leaf), inclusive. */
  rows: Int32Array;
  /** Index of the segment that ends at this segment's first node, or -1 if it starts at a root. */
  parent: number;
  /** Index of the tree (root in file order) the segment belongs to. */
  tree: number;
}

/**
 * Decompose the skeleton into unbranched segments. A segment starts at a root or a branch
 * point (≥ 2 children), follows single-child nodes and ends at a leaf or branch point, which
 * it includes; a root with k children starts k segments. Order: depth-first pre-order
 * (children in file order), trees in the file order of their roots. A lone root node gives a
 * one-node segment.
 */
export function unbranchedSegments(sk: Skeleton): Segment[] {
  const out: Segment[] = [];
  const start = sk.childStart;
  const list = sk.childList;
  const roots = sk.roots();
  // stack of [first child row, start row, parent segment]
  const stack: Array<[number, number, number]> = [];
  const run: number[] = [];
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t];
    if (start[root + 1] === start[root]) {
      out.push({ rows: Int32Array.of(root), parent: -1, tree: t });
      continue;
    }
    for (let c = start[root + 1] - 1; c >= start[root]; c--) stack.push([list[c], root, -1]);
    while (stack.length) {
      const [first, from, parentSeg] = stack.pop()!;
      run.length = 0;
      run.push(from);
      let i = first;
      for (;;) {
        run.push(i);
        const nc = start[i + 1] - start[i];
        if (nc !== 1) break;
        i = list[start[i]];
      }
      const idx = out.length;
      out.push({ rows: Int32Array.from(run), parent: parentSeg, tree: t });
      for (let c = start[i + 1] - 1; c >= start[i]; c--) stack.push([list[c], i, idx]);
    }
  }
  return out;
}
