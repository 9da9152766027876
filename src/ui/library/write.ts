/**
 * What the library writes (records, graph files, images, links): only the embedded files the
 * graph uses, titled as in the library, under a file name made from that title.
 */
import { withUsedAssets } from '../../dataflow/assets.ts';
import type { Graph } from '../../dataflow/graph.ts';

/** Names Windows keeps for devices: never a file name, whatever the extension. */
const RESERVED_FILE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name (without extension) from a title: ASCII letters, digits, '-' and '_', accents
 * dropped (“Réseau” → “Reseau”), at most 80 characters, never a reserved device name.
 */
export function fileBase(title: string): string {
  const ascii = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const base = ascii.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '') || 'graph';
  return RESERVED_FILE.test(base) ? `${base}-graph` : base;
}

/** The graph as written out: only the embedded files it uses, titled as in the library. */
export function graphToWrite(graph: Graph, title: string | null): Graph {
  const out = withUsedAssets(graph);
  if (title) out.meta = { ...graph.meta, title };
  return out;
}
