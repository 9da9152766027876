/**
 * Python literals for generated scripts. Numbers are written in JavaScript's shortest
 * round-trip form, which Python reads back to the same double (both parse decimal strings
 * correctly rounded); non-finite numbers are refused because they have no literal.
 */
import { CoreError } from '../core/errors.ts';

export function pyNum(v: number): string {
  if (!Number.isFinite(v)) throw new CoreError('model', `cannot write ${v} into a NEURON script`);
  return String(v);
}

/** A Python string literal (JSON's escapes are valid Python escapes). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

export function pyOpt(v: number | null): string {
  return v === null ? 'None' : pyNum(v);
}

/** `{"a": 1, "b": 2}` in insertion order. */
export function pyDict(o: Record<string, number>): string {
  return `{${Object.entries(o)
    .map(([k, v]) => `${pyStr(k)}: ${pyNum(v)}`)
    .join(', ')}}`;
}

/** A list of numbers, wrapped to lines of at most `width` characters after `indent`. */
export function pyList(values: ArrayLike<number>, indent: string, width = 100): string {
  const items = Array.from(values, pyNum);
  const one = `[${items.join(', ')}]`;
  if (one.length + indent.length <= width) return one;
  const lines: string[] = [];
  let line = '';
  for (const it of items) {
    if (line && indent.length + 4 + line.length + it.length + 2 > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += `${it}, `;
  }
  if (line) lines.push(line.trimEnd());
  return `[\n${lines.map((l) => `${indent}    ${l}`).join('\n')}\n${indent}]`;
}
