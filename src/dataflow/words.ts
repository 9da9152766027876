/**
 * Small helpers for messages: "did you mean", numbers and values in words. Messages are what
 * a scientist reads when a graph file is wrong, so they show values as they were written.
 */
import type { JsonValue } from './graph.ts';

/** Lowercase without spaces, '_' and '-': "Load_Skeleton" and "load-skeleton" are the same name. */
export function squash(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Edit distance (insertions, deletions, substitutions), one row at a time. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: equal up to
 * case and separators, or within a third of the word's length in edits (at least 1), so that
 * "set-som" suggests "set-soma" but "x" does not suggest "in".
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = squash(word);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = distance(w, squash(c));
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
}

/** " (did you mean 'x'?)" or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}

/** A number as a person writes it: whole numbers exactly, others to 10 significant digits. */
export function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(10)));
}

/** A number with its unit, if any: "0.008 µm", "3". */
export function withUnit(v: number, unit: string): string {
  return unit ? `${num(v)} ${unit}` : num(v);
}

/** 'a', 'b' and 'c' */
export function quotedList(items: readonly string[], conjunction = 'and'): string {
  const q = items.map((s) => `'${s}'`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}

/** JSON on one line with a space after ',' and ':' (commas inside text left alone). */
function compact(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`)
    .join(', ')}}`;
}

/** A JSON value as it reads in a message: the text "8 nm", 20.5, true, a list [1, 2], {…}. */
export function describeValue(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (empty)';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 60 ? v.slice(0, 57) + '…' : v)}`;
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return String(v);
  const s = compact(v);
  const short = s.length > 100 ? s.slice(0, 97) + '…' : s;
  return Array.isArray(v) ? `the list ${short}` : short;
}

/** "a" or "an" before a word. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
