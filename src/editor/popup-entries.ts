/**
 * The entries of the add-block popup: every block, each followed by its presets (BlockDef.presets,
 * "Select nodes · soma"), searchable by the block search like blocks (a preset has its block's
 * names and its own title).
 */
import type { BlockDef, Params } from '../../nodes/types.ts';
import type { Searchable } from './block-search.ts';

export interface PopupEntry extends Searchable {
  /** Unique among the entries: the block type, or `<type>.<preset name>` (test ids). */
  key: string;
  /** The block added with these parameters (a preset's), or its defaults. */
  params?: Params;
  /** A preset's name ("axon tip"). */
  preset?: string;
}

export function popupEntries(blocks: readonly BlockDef[]): PopupEntry[] {
  const out: PopupEntry[] = [];
  for (const b of blocks) {
    out.push({ key: b.type, type: b.type, title: b.title, category: b.category, description: b.description, aliases: b.aliases });
    for (const p of b.presets ?? []) {
      out.push({ key: `${b.type}.${p.name.replace(/\s+/g, '-')}`, type: b.type, title: `${b.title} · ${p.name}`, category: b.category, description: p.description, aliases: b.aliases, params: { ...p.params }, preset: p.name });
    }
  }
  return out;
}
