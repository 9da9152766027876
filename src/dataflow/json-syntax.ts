/**
 * Where a JSON text is broken, and how, in words for someone who edited a graph file by hand.
 *
 * `JSON.parse` stays the parser (it is fast on files with megabytes of embedded data); this
 * scanner runs only after it failed, because engines word and place their errors differently
 * (some give an offset, some not, none a line and column) and say "Unexpected token" where a
 * user needs "missing comma after the value of 'version'".
 */

export interface JsonSyntaxError {
  /** Offset in the text (UTF-16 code units). */
  offset: number;
  /** 1-based line and column (the column counts characters on that line). */
  line: number;
  column: number;
  /** What is wrong, without the location. */
  message: string;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  // Count characters, not UTF-16 units, so a "µ" earlier on the line does not shift the column.
  return { line, column: [...text.slice(start, offset)].length + 1 };
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    readonly what: string,
  ) {
    super(what);
  }
}

/** Deeper than this is not a graph file; stop before the scanner's own stack is at risk. */
const MAX_DEPTH = 512;

/**
 * The first syntax error of `text`, or null when it is valid JSON. (A document `JSON.parse`
 * rejected for another reason, such as nesting too deep for the engine, gives that reason.)
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;

  const found = (at: number): string => {
    if (at >= text.length) return 'the end of the file';
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 40));
    if (word) return `'${word[0]}'`;
    // A quoted name reads better whole: found "nodes" rather than found '"'.
    const quoted = /^"[^"\n\\]{0,40}"/.exec(text.slice(at, at + 44));
    if (quoted) return quoted[0];
    const c = String.fromCodePoint(text.codePointAt(at) ?? 0);
    return c === "'" ? 'a single quote' : `'${c}'`;
  };

  const skipSpace = (): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) throw new Fail(i, 'comments are not allowed in JSON');
      else return;
    }
  };

  const string = (): void => {
    const open = i;
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) {
        const at = lineColumn(text, open);
        throw new Fail(i, `the text opened with '"' at line ${at.line}, column ${at.column} is never closed`);
      }
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, "'\\u' must be followed by 4 hex digits");
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          throw new Fail(i, `invalid escape '\\${e ?? ''}' in text (write '\\\\' for a backslash)`);
        }
        continue;
      }
      if (c < 0x20) throw new Fail(i, c === 10 || c === 13 ? 'line break inside text (write \\n, or close the quote)' : 'control character inside text');
      i++;
    }
  };

  const number = (): void => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    const end = m ? i + m[0].length : i;
    // JSON.parse refuses these (.5, 1., 01, +1, 0x1F, -Infinity); say why instead of "unexpected token".
    if (!m || /[0-9.eE+\-A-Za-z]/.test(text[end] ?? '')) {
      const token = /^[0-9.eE+\-A-Za-z]+/.exec(text.slice(i, i + 60))?.[0] ?? text[i];
      throw new Fail(i, `'${token}' is not a valid JSON number (no leading zeros, no leading '+' or '.', no trailing '.', no hex, no NaN/Infinity)`);
    }
    i = end;
  };

  const value = (depth: number, context: string): void => {
    if (depth > MAX_DEPTH) throw new Fail(i, `lists and objects are nested more than ${MAX_DEPTH} deep`);
    skipSpace();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const w of ['true', 'false', 'null']) {
      if (text.startsWith(w, i)) {
        i += w.length;
        return;
      }
    }
    if (c === "'") throw new Fail(i, 'text must be in double quotes, not single quotes');
    if (c === '.' || c === '+') return number();
    if (i >= text.length) throw new Fail(i, `the file ends where ${context} was expected`);
    const w = found(i);
    const hint = /^'(True|False|None|NULL|Null|TRUE|FALSE|NaN|Infinity|undefined)'$/.test(w) ? ' (JSON writes true, false and null in lower case and has no NaN or Infinity)' : '';
    throw new Fail(i, `expected ${context}, found ${w}${hint}`);
  };

  const unclosed = (open: number, what: string): string => {
    const at = lineColumn(text, open);
    return `the ${what} opened at line ${at.line}, column ${at.column} is never closed`;
  };

  const object = (depth: number): void => {
    const open = i;
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (i >= text.length) throw new Fail(i, unclosed(open, 'object'));
      if (text[i] === '}') throw new Fail(i, "comma before '}': JSON allows no comma after the last property");
      if (text[i] === "'") throw new Fail(i, 'property names must be in double quotes, not single quotes');
      if (text[i] !== '"') throw new Fail(i, `expected a property name in double quotes, found ${found(i)}`);
      const keyStart = i;
      string();
      const key = text.slice(keyStart + 1, i - 1);
      skipSpace();
      if (text[i] !== ':') throw new Fail(i, `expected ':' after the property name '${key}', found ${found(i)}`);
      i++;
      value(depth + 1, `the value of '${key}'`);
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      if (i >= text.length) throw new Fail(i, unclosed(open, 'object'));
      throw new Fail(i, `expected ',' or '}' after the value of '${key}', found ${found(i)} (a missing comma?)`);
    }
  };

  const array = (depth: number): void => {
    const open = i;
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let n = 1; ; n++) {
      skipSpace();
      if (i >= text.length) throw new Fail(i, unclosed(open, 'list'));
      if (text[i] === ']') throw new Fail(i, "comma before ']': JSON allows no comma after the last item");
      value(depth + 1, 'a value');
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      if (i >= text.length) throw new Fail(i, unclosed(open, 'list'));
      throw new Fail(i, `expected ',' or ']' after item ${n} of the list, found ${found(i)} (a missing comma?)`);
    }
  };

  try {
    // A byte-order mark is not JSON, but editors on Windows write one; the caller strips it.
    value(0, 'a value');
    skipSpace();
    if (i < text.length) throw new Fail(i, `unexpected ${found(i)} after the end of the document`);
    return null;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return { offset: e.offset, ...lineColumn(text, e.offset), message: e.what };
  }
}
