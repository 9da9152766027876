/**
 * A block's error message that quotes source text (a .mod compile error: "kdr.mod:3:29: expected
 * ')', got '}'" then the line and a caret under the column, as nodes/mod-mechanism.ts writes
 * it) split into its parts, so a narrow block can show each place in monospace with the caret
 * still under its column: a long line is cut to a window around the caret.
 */

/** One error: its place and words, and the quoted line with its caret line (if quoted). */
export interface ErrorPart {
  head: string;
  code?: { line: string; caret: string };
}

/**
 * Split a multi-line error (lines indented by two spaces are the quoted source and its caret)
 * into parts; `width` is the most characters of a quoted line to keep (a window around the caret,
 * marked with … where cut). A message without quoted lines is one part.
 */
export function errorParts(text: string, width = 34): ErrorPart[] {
  const parts: ErrorPart[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const next = lines[i + 1];
    const after = lines[i + 2];
    if (next?.startsWith('  ') && after !== undefined && /^ {2}\s*\^$/.test(after)) {
      parts.push({ head: l, code: windowed(next.slice(2), after.slice(2).length - 1, width) });
      i += 2;
    } else if (l.startsWith('  ') && parts.length) {
      parts[parts.length - 1].head += `\n${l.trim()}`;
    } else {
      parts.push({ head: l });
    }
  }
  return parts;
}

/** The part of a line around column `at` (0-based) that fits `width`, and the caret under it. */
function windowed(line: string, at: number, width: number): { line: string; caret: string } {
  const text = line.replace(/\s+$/, '');
  if (text.length <= width) return { line: text, caret: `${' '.repeat(Math.max(0, at))}^` };
  // Keep about two thirds of the window before the caret (what led up to the mistake).
  let start = Math.max(0, Math.min(at - Math.floor((width * 2) / 3), text.length - width));
  // Leading spaces carry nothing: start at the line's first character when the window allows.
  const indent = text.length - text.trimStart().length;
  if (start < indent && at >= indent) start = Math.min(indent, at);
  const end = Math.min(text.length, start + width);
  const pre = start > 0 ? '…' : '';
  const post = end < text.length ? '…' : '';
  return { line: `${pre}${text.slice(start, end)}${post}`, caret: `${' '.repeat(Math.max(0, at - start + pre.length))}^` };
}

/**
 * A message with each embedded file's reference (`asset:<sha-256>`) replaced by the file's name,
 * as the user knows it; an unknown hash reads "embedded file".
 */
export function withAssetNames(text: string, assets: Readonly<Record<string, { name: string }>>): string {
  return text.replace(/asset:([0-9a-f]{16,64})/gi, (_, h: string) => (Object.hasOwn(assets, h) ? assets[h].name : 'embedded file'));
}
