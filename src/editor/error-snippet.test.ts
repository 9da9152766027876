import { describe, expect, it } from 'vitest';
import { errorParts } from './error-snippet.ts';

describe('errorParts', () => {
  it('splits a compile error into its place and the quoted line with its caret', () => {
    const text = "kdr.mod:48:1: expected ')', got '}'\n  }\n  ^";
    expect(errorParts(text)).toEqual([{ head: "kdr.mod:48:1: expected ')', got '}'", code: { line: '}', caret: '^' } }]);
  });

  it('cuts a long line to a window that keeps the caret under its column', () => {
    const line = '\tntau = 1 / (a + b) / q10^((celsius - temp) / 10 (degC) +)';
    const col = line.indexOf('+)') + 2; // 1-based column of ')'
    const text = `kdr.mod:63:${col}: unexpected ')'\n  ${line}\n  ${' '.repeat(col - 1)}^`;
    const [p] = errorParts(text, 30);
    expect(p.code!.line.length).toBeLessThanOrEqual(32);
    expect(p.code!.line.startsWith('…')).toBe(true);
    // The character above the caret is the one the column names.
    expect(p.code!.line[p.code!.caret.length - 1]).toBe(')');
  });

  it('keeps several errors and plain messages apart', () => {
    const text = "a.mod:1:1: x\n  ab\n  ^\na.mod:2:2: y\n  cd\n   ^\n(and 3 more)";
    const parts = errorParts(text);
    expect(parts.map((p) => p.head)).toEqual(['a.mod:1:1: x', 'a.mod:2:2: y', '(and 3 more)']);
    expect(parts[1].code).toEqual({ line: 'cd', caret: ' ^' });
    expect(errorParts('no snippet here')).toEqual([{ head: 'no snippet here' }]);
  });
});

describe('withAssetNames', () => {
  it('names embedded files by their names in messages', async () => {
    const { withAssetNames } = await import('./error-snippet.ts');
    const h = 'ab'.repeat(32);
    expect(withAssetNames(`asset:${h}:3:29: expected ')'`, { [h]: { name: 'kdr.mod' } })).toBe("kdr.mod:3:29: expected ')'");
    expect(withAssetNames(`asset:${'cd'.repeat(32)}:1:1: x`, { [h]: { name: 'kdr.mod' } })).toBe('embedded file:1:1: x');
  });
});
