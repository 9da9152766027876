/** Copied blocks on the system clipboard: JSON marked as a NeuroWire fragment. */
import type { GraphFragment } from '../dataflow/store.ts';

export const FRAGMENT_FORMAT = 'neurowire-fragment';

export function fragmentText(f: GraphFragment): string {
  return JSON.stringify({ format: FRAGMENT_FORMAT, ...f });
}

/** A fragment copied by another NeuroWire tab (system clipboard), or null. */
export function parseFragment(text: string): GraphFragment | null {
  try {
    const v = JSON.parse(text) as Partial<GraphFragment> & { format?: string };
    if (v.format !== FRAGMENT_FORMAT || !Array.isArray(v.nodes) || !Array.isArray(v.connections)) return null;
    return { nodes: v.nodes, connections: v.connections, assets: v.assets ?? {} };
  } catch {
    return null;
  }
}
