import type { Skeleton } from './skeleton.ts';

/**
 * Geodesic (along-the-cable) distance from node `nodeId` to every node, in skeleton units,
 * indexed by row. Nodes in other trees get Infinity. O(n).
 */
export function geodesicFrom(sk: Skeleton, nodeId: number): Float64Array {
  const n = sk.size;
  const dist = new Float64Array(n).fill(Infinity);
  // Visited flags, not `dist === Infinity`: an edge of infinite length (coordinates near the
  // double range) would otherwise send the walk round forever.
  const seen = new Uint8Array(n);
  const src = sk.requireRow(nodeId);
  dist[src] = 0;
  seen[src] = 1;
  const stack = [src];
  const start = sk.childStart;
  const list = sk.childList;
  while (stack.length) {
    const i = stack.pop()!;
    const d = dist[i];
    const p = sk.parent[i];
    if (p >= 0 && !seen[p]) {
      seen[p] = 1;
      dist[p] = d + sk.edgeLength(i);
      stack.push(p);
    }
    for (let c = start[i]; c < start[i + 1]; c++) {
      const k = list[c];
      if (!seen[k]) {
        seen[k] = 1;
        dist[k] = d + sk.edgeLength(k);
        stack.push(k);
      }
    }
  }
  return dist;
}

/**
 * Node ids sorted by geodesic distance from `nodeId` (nearest first), as the tutorial sorts
 * them; ties keep row order. Unreachable nodes are left out.
 */
export function sortByDistance(sk: Skeleton, nodeId: number): { ids: Int32Array; dist: Float64Array } {
  const d = geodesicFrom(sk, nodeId);
  const rows: number[] = [];
  for (let i = 0; i < sk.size; i++) if (d[i] !== Infinity) rows.push(i);
  rows.sort((a, b) => d[a] - d[b] || a - b);
  return { ids: Int32Array.from(rows, (r) => sk.id[r]), dist: Float64Array.from(rows, (r) => d[r]) };
}
