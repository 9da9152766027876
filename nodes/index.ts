/** The block catalogue: every block type by its id. */
import type { BlockDef } from './types.ts';
import { SKELETON_BLOCKS } from './catalogue-skeleton.ts';
import { MODEL_BLOCKS } from './catalogue-model.ts';
import { NETWORK_BLOCKS } from './catalogue-network.ts';

export const BLOCKS: readonly BlockDef[] = [...SKELETON_BLOCKS, ...MODEL_BLOCKS, ...NETWORK_BLOCKS];

const byType = new Map(BLOCKS.map((b) => [b.type, b]));

/** Block types the open document defines itself (the app's subgraphs); null: none. */
let documentBlocks: ((type: string) => BlockDef | undefined) | null = null;

/**
 * The app has one open graph, whose subgraph types (`subgraph:<id>`, src/dataflow/subgraph.ts)
 * are blocks for its editor, inspector and palette as much as the catalogue's: it registers
 * their lookup here. The CLI, the export and the validator pass graph-aware lookups explicitly
 * instead (graphLookup), so this stays unset outside the app.
 */
export function setDocumentBlocks(lookup: ((type: string) => BlockDef | undefined) | null): void {
  documentBlocks = lookup;
}

/** The catalogue's block of a type alone (never a document's own type), or undefined. */
export function catalogueBlock(type: string): BlockDef | undefined {
  return byType.get(type);
}

/** The block definition of a type, or undefined. */
export function blockDef(type: string): BlockDef | undefined {
  return byType.get(type) ?? documentBlocks?.(type);
}
