/**
 * The one block search of the editor: the palette, the add-block popup and the canvas menu all
 * rank blocks with `searchBlocks`. A query's words must each be found in the block's title,
 * type, category, description or aliases (its NEURON and navis names); a word that is in none of
 * them as text may still match a title, type or alias made of prefixes of its words ("vrec" for
 * Voltage recorder, "asyn" for AlphaSynapse). Names compare without case and punctuation, so `read_swc`, `readswc` and
 * `navis.read_swc` all find Load skeleton.
 */
import type { BlockDef } from '../../nodes/types.ts';

export type Searchable = Pick<BlockDef, 'type' | 'title' | 'description' | 'category'> & Partial<Pick<BlockDef, 'aliases' | 'equivalents'>> & { params?: unknown };

/** How well a word matched (lower is better); a block's rank is its worst word's. */
const EXACT = 0;
const PREFIX = 1;
const INSIDE = 2;
const CATEGORY = 3;
const DESCRIPTION = 4;
const FUZZY = 5;

/** Lower case, letters and digits only: "navis.read_swc" → "navisreadswc". */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of a name: split at spaces, punctuation and lower→upper case ("AlphaSynapse" → alpha, synapse). */
function words(name: string): string[] {
  return name
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .map(squash)
    .filter(Boolean);
}

/**
 * The query is made of prefixes of the name's words, in order (words may be skipped): "vrec" is
 * v·oltage rec·order, "asyn" is a·lpha syn·apse.
 */
function wordPrefixes(q: string, ws: readonly string[], i = 0, j = 0): boolean {
  if (i === q.length) return true;
  for (let k = j; k < ws.length; k++) {
    const w = ws[k];
    let l = 0;
    while (l < w.length && i + l < q.length && w[l] === q[i + l]) l++;
    for (; l > 0; l--) if (wordPrefixes(q, ws, i + l, k + 1)) return true;
  }
  return false;
}

interface Names {
  /** Title, type and aliases squashed, whole and each of their words. */
  flat: string[];
  /** The words of each of them. */
  split: string[][];
}

function names(block: Searchable): Names {
  const whole = [block.title, block.type, ...(block.aliases ?? [])];
  const split = whole.map(words);
  const flat = new Set<string>();
  for (const n of whole) flat.add(squash(n));
  for (const ws of split) for (const w of ws) flat.add(w);
  flat.delete('');
  return { flat: [...flat], split };
}

/** The score of one query word against a block, or null when it matches nothing. */
function wordScore(word: string, block: Searchable, blockNames: Names): number | null {
  const w = squash(word);
  if (!w) return EXACT;
  let best: number | null = null;
  const take = (s: number) => (best = best === null ? s : Math.min(best, s));
  for (const n of blockNames.flat) {
    if (n === w) return EXACT;
    if (n.startsWith(w)) take(PREFIX);
    else if (n.includes(w)) take(INSIDE);
  }
  if (best !== null) return best;
  if (squash(block.category).includes(w)) return CATEGORY;
  const lowered = word.toLowerCase();
  // The description, the help's NEURON/navis lines and the parameters' names count as text about the block.
  const specs = Array.isArray(block.params) ? (block.params as BlockDef['params']) : [];
  const about = [block.description, block.equivalents ?? '', ...specs.flatMap((p) => [p.name, p.label])];
  if (about.some((t) => t.toLowerCase().includes(lowered) || squash(t).includes(w))) return DESCRIPTION;
  if (blockNames.split.some((ws) => wordPrefixes(w, ws))) return FUZZY;
  return null;
}

/**
 * How well a block matches a query: 0 (a name exactly) … 5 (fuzzy), or null for no match. An
 * empty query matches every block with 0.
 */
export function matchScore(block: Searchable, query: string): number | null {
  const words = query.split(/\s+/).filter(Boolean);
  if (!words.length) return EXACT;
  const blockNames = names(block);
  let worst = EXACT;
  for (const word of words) {
    const s = wordScore(word, block, blockNames);
    if (s === null) return null;
    worst = Math.max(worst, s);
  }
  return worst;
}

/** Whether a block matches a query at all. */
export function matches(block: Searchable, query: string): boolean {
  return matchScore(block, query) !== null;
}

/**
 * The blocks that match a query, best first; the catalogue's order breaks ties (an empty query
 * gives the catalogue as it is).
 */
export function searchBlocks<B extends Searchable>(blocks: readonly B[], query: string): B[] {
  const scored: Array<{ b: B; s: number; i: number }> = [];
  blocks.forEach((b, i) => {
    const s = matchScore(b, query);
    if (s !== null) scored.push({ b, s, i });
  });
  scored.sort((x, y) => x.s - y.s || x.i - y.i);
  return scored.map((x) => x.b);
}

/**
 * The NEURON or navis name a query found a block by, when its title and type do not show the
 * query ("IntFire4" for Point network), so that lists can say why the block is there; else null.
 */
export function matchedAlias(block: Searchable, query: string): string | null {
  const own = [block.title, block.type].flatMap((n) => [squash(n), ...words(n)]);
  for (const word of query.split(/\s+/)) {
    const w = squash(word);
    if (!w || own.some((n) => n.includes(w))) continue;
    const alias = (block.aliases ?? []).find((a) => squash(a).includes(w) || words(a).some((p) => p.startsWith(w)));
    if (alias) return alias;
  }
  return null;
}
