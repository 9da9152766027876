/** The palette's list: blocks grouped by category, filtered by the block search (block-search.ts). */
import type { BlockCategory } from '../../nodes/types.ts';
import { matches, searchBlocks, type Searchable } from './block-search.ts';
import { CATEGORY_ORDER } from './sockets.ts';

export { matches };

export interface PaletteGroup<B> {
  category: BlockCategory;
  blocks: B[];
}

/** Groups in category order (empty groups left out); blocks keep catalogue order within a group. */
export function groupBlocks<B extends Searchable>(blocks: readonly B[], query = ''): PaletteGroup<B>[] {
  const out: PaletteGroup<B>[] = [];
  const order = [...CATEGORY_ORDER, ...new Set(blocks.map((b) => b.category).filter((c) => !CATEGORY_ORDER.includes(c)))];
  for (const category of order) {
    const list = blocks.filter((b) => b.category === category && matches(b, query));
    if (list.length) out.push({ category, blocks: list });
  }
  return out;
}

/** The block that Enter in the search box adds: the best match (catalogue order breaks ties). */
export function firstMatch<B extends Searchable>(blocks: readonly B[], query: string): B | undefined {
  return searchBlocks(blocks, query)[0];
}
