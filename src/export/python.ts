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

const hex = (c: number, digits: number) => c.toString(16).padStart(digits, '0');

/** One code point as it appears inside a double-quoted Python literal: printable ASCII only. */
function pyChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  // A lone surrogate cannot be encoded to UTF-8 (Python would fail writing it to a file);
  // U+FFFD is also what Node writes for it, so the CSV files stay those of `neurowire run`.
  if (c >= 0xd800 && c <= 0xdfff) return '\\ufffd';
  if (ch === '\\') return '\\\\';
  if (ch === '"') return '\\"';
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (c < 0x20 || c === 0x7f) return `\\x${hex(c, 2)}`;
  if (c < 0x7f) return ch;
  return c <= 0xffff ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
}

/**
 * A Python string literal for any text, in printable ASCII only: backslash, double quote,
 * control characters, NUL, DEL and every non-ASCII character (U+2028/2029 included) are
 * escaped, lone surrogates become U+FFFD. It can sit in code, in a comment (no line break can
 * end it) or in a docstring (it never holds three quotes in a row; but not right before the
 * docstring's closing quotes, where its own closing quote would join them); never inside an
 * f-string.
 */
export function pyStr(s: string): string {
  let out = '"';
  for (const ch of s) out += pyChar(ch);
  return `${out}"`;
}

/** Lone surrogates replaced by U+FFFD (what Node writes for them in UTF-8). */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * JSON text in printable ASCII: every non-ASCII character and `'` written as a \uXXXX escape,
 * so that it can sit in a raw triple-quoted Python string and `json.loads` gives back the value.
 * Strings that Python must write to files should be well-formed first (see wellFormed).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x26\x28-\x7e]/g, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
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
