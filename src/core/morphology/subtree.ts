import type { Skeleton } from './skeleton.ts';

/**
 * Rows of the smallest connected subtree containing all the given nodes: the union of the
 * paths from each node up to their lowest common ancestor (inclusive). All nodes must be in
 * one tree; an empty list gives an empty result. O(n + Σ path lengths).
 */
export function spanningSubtree(sk: Skeleton, nodeIds: ArrayLike<number>): Int32Array {
  const rows = [...new Set(Array.from(nodeIds, (id) => sk.requireRow(id)))];
  if (rows.length === 0) return new Int32Array(0);
  // count[i] = how many of the nodes have i on their path to the root; the LCA is the
  // deepest node all paths share, and the subtree is every node counted by some but not all.
  const count = new Int32Array(sk.size);
  for (const r of rows) for (let i = r; i >= 0; i = sk.parent[i]) count[i]++;
  const out = new Set<number>();
  for (const r of rows) for (let i = r; i >= 0 && count[i] < rows.length; i = sk.parent[i]) out.add(i);
  for (let i = rows[0]; i >= 0; i = sk.parent[i]) {
    if (count[i] === rows.length) {
      out.add(i);
      break;
    }
  }
  return Int32Array.from([...out].sort((a, b) => a - b));
}
