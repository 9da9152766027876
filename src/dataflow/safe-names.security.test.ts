/**
 * Safe file names for graph text: plain ids stay as they are (outputs and goldens are
 * `<run id>.csv`), anything else becomes a name that cannot leave the output folder, hide, be
 * empty, be too long or be a Windows device, and distinct ids never share a name.
 */
import { describe, expect, it } from 'vitest';
import { SAFE_NAME_MAX, safeFileName, safeFileNames } from './safe-names.ts';

const SAFE = /^[A-Za-z0-9_-]{1,100}$/;

const HOSTILE = [
  '',
  '.',
  '..',
  '...',
  '../../x',
  '/etc/passwd',
  'C:\\Windows\\x',
  '.hidden',
  'a\u0000b',
  'a\nb',
  'run{__import__("os").system("id")}',
  'é',
  '😀',
  '\ud800',
  'x'.repeat(101),
  'x'.repeat(5000),
  'a b',
  'a.b',
  'CON',
  'con',
  'Lpt9',
  'NUL',
  'COM1',
];

describe('safeFileName', () => {
  it('keeps every plain id of 1 to 100 characters that is not a device name', () => {
    for (const id of ['run', 'run2', 'a-b', 'a_b', 'R', '0', '-x', 'x'.repeat(100), 'CONSOLE', 'COM10', 'COM0', 'LPT', 'nul_']) expect(safeFileName(id)).toBe(id);
  });

  it('gives every other id a safe name: [A-Za-z0-9_-], 1–100 characters, no device name', () => {
    for (const id of HOSTILE) {
      const name = safeFileName(id);
      expect(name, JSON.stringify(id)).toMatch(SAFE);
      expect(name.length).toBeLessThanOrEqual(SAFE_NAME_MAX);
      expect(name).not.toMatch(/^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i);
      expect(name).not.toBe(id);
      // The same id always gets the same name (the CLI and the export must agree).
      expect(safeFileName(id)).toBe(name);
    }
    expect(safeFileName('CON')).toBe('CON_');
    expect(safeFileName('lpt1')).toBe('lpt1_');
    // Readable: the cleaned id (leading dots dropped), then the hash.
    expect(safeFileName('../../x')).toMatch(/^____x_[0-9a-z]{11}$/);
    expect(safeFileName('x'.repeat(5000))).toMatch(/^x{88}_[0-9a-z]{11}$/);
  });

  it('gives ids that clean up to the same text different names', () => {
    const ids = ['a b', 'a.b', 'a/b', 'a\nb', 'a\u0000b', 'a\u00e9b', 'x'.repeat(101), 'x'.repeat(102), `${'x'.repeat(100)}y`];
    expect(new Set(ids.map(safeFileName)).size).toBe(ids.length);
  });
});

describe('safeFileNames', () => {
  it('resolves collisions, case-insensitive ones included, independently of the order', () => {
    const crafted = safeFileName('a b'); // an id that is literally another id's safe name
    const ids = ['a b', crafted, 'Run', 'run', 'CON', 'CON_', 'x', '../x'];
    const m = safeFileNames(ids);
    expect([...m.keys()]).toEqual(ids);
    const names = [...m.values()];
    for (const n of names) expect(n).toMatch(SAFE);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(ids.length);
    // A plain id keeps its name against a changed one; of two plain ids the smaller keeps it.
    expect(m.get(crafted)).toBe(crafted);
    expect(m.get('a b')).not.toBe(crafted);
    expect(m.get('Run')).toBe('Run');
    expect(m.get('run')).not.toBe('run');
    expect(m.get('CON_')).toBe('CON_');
    expect(m.get('x')).toBe('x');
    const reversed = safeFileNames([...ids].reverse());
    for (const id of ids) expect(reversed.get(id)).toBe(m.get(id));
  });

  it('takes any iterable once and keeps plain ids as they are', () => {
    function* gen() {
      yield 'run';
      yield 'run2';
      yield 'run';
    }
    expect([...safeFileNames(gen())]).toEqual([
      ['run', 'run'],
      ['run2', 'run2'],
    ]);
  });
});
