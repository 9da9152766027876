/** The palette's list: blocks grouped by category, filtered by a search. */
import type { BlockCategory, BlockDef } from '../../nodes/types.ts';
import { CATEGORY_ORDER } from './sockets.ts';

export interface PaletteGroup<B> {
  category: BlockCategory;
  blocks: B[];
}

type Searchable = Pick<BlockDef, 'type' | 'title' | 'description' | 'category'>;

/** Every word of the query must appear in the block's title, type, category or description. */
export function matches(block: Searchable, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = `${block.title} ${block.type} ${block.category} ${block.description}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** A rank for sorting matches: title hits before description hits. */
function rank(block: Searchable, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const title = block.title.toLowerCase();
  if (title.startsWith(q) || block.type.startsWith(q)) return 0;
  if (title.includes(q) || block.type.includes(q)) return 1;
  return 2;
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

/** The block that Enter in the search box adds: the best-ranked match (catalogue order breaks ties). */
export function firstMatch<B extends Searchable>(blocks: readonly B[], query: string): B | undefined {
  const groups = groupBlocks(blocks, query);
  let best: B | undefined;
  let bestRank = Infinity;
  for (const g of groups) {
    for (const b of g.blocks) {
      const r = rank(b, query);
      if (r < bestRank) {
        best = b;
        bestRank = r;
      }
    }
  }
  return best;
}
