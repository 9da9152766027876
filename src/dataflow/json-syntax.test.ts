import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumn } from './json-syntax.ts';

/** The error as "line:column message". */
function err(text: string): string | null {
  expect(() => JSON.parse(text)).toThrow();
  const e = findJsonSyntaxError(text);
  return e && `${e.line}:${e.column} ${e.message}`;
}

describe('JSON syntax errors', () => {
  it('accept what JSON.parse accepts', () => {
    for (const t of ['{}', '[]', ' 1 ', '"a\\u00b5\\n"', '{"a": [1, -2.5e-3, true, false, null, {"b": "µ"}]}', '\r\n{ "x" :\t0 }\n']) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(findJsonSyntaxError(t)).toBeNull();
    }
  });

  it('a missing comma, at the start of what follows', () => {
    expect(err('{\n  "format": "neurowire-graph",\n  "version": 1\n  "nodes": []\n}')).toBe(
      `4:3 expected ',' or '}' after the value of 'version', found "nodes" (a missing comma?)`,
    );
    expect(err('[1, 2 3]')).toBe("1:7 expected ',' or ']' after item 2 of the list, found '3' (a missing comma?)");
  });

  it('trailing commas', () => {
    expect(err('{\n  "a": 1,\n}')).toBe("3:1 comma before '}': JSON allows no comma after the last property");
    expect(err('[1, 2,]')).toBe("1:7 comma before ']': JSON allows no comma after the last item");
  });

  it('single quotes, comments, Python words', () => {
    expect(err("{'a': 1}")).toBe('1:2 property names must be in double quotes, not single quotes');
    expect(err('{"a": \'x\'}')).toBe('1:7 text must be in double quotes, not single quotes');
    expect(err('{\n  // note\n  "a": 1\n}')).toBe('2:3 comments are not allowed in JSON');
    expect(err('{"bypass": True}')).toBe("1:12 expected the value of 'bypass', found 'True' (JSON writes true, false and null in lower case and has no NaN or Infinity)");
  });

  it('unclosed objects, lists and text say where they were opened', () => {
    expect(err('{\n  "nodes": [\n    {"id": "a"}\n')).toBe('4:1 the list opened at line 2, column 12 is never closed');
    expect(err('{"a": "abc')).toBe(`1:11 the text opened with '"' at line 1, column 7 is never closed`);
    expect(err('{"a": ')).toBe("1:7 the file ends where the value of 'a' was expected");
  });

  it('bad numbers, escapes and line breaks in text', () => {
    expect(err('{"a": 01}')).toBe("1:7 '01' is not a valid JSON number (no leading zeros, no leading '+' or '.', no trailing '.', no hex, no NaN/Infinity)");
    expect(err('{"a": .5}')).toMatch(/^1:7 '\.5' is not a valid JSON number/);
    expect(err('{"a": -Infinity}')).toMatch(/^1:7 '-Infinity' is not a valid JSON number/);
    expect(err('{"a": 1.}')).toMatch(/^1:7 '1\.' is not a valid JSON number/);
    expect(err('{"a": "x\\q"}')).toBe("1:9 invalid escape '\\q' in text (write '\\\\' for a backslash)");
    expect(err('{"a": "x\ny"}')).toBe('1:9 line break inside text (write \\n, or close the quote)');
  });

  it('something after the document', () => {
    expect(err('{} {}')).toBe("1:4 unexpected '{' after the end of the document");
  });

  it('count columns in characters', () => {
    expect(lineColumn('"µµ" x', 5)).toEqual({ line: 1, column: 6 });
    expect(lineColumn('a\r\nbc', 4)).toEqual({ line: 2, column: 2 });
  });
});
