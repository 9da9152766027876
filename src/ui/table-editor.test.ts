/** The table parameter's text ↔ grid rules: header kept, declared columns added, pasted spreadsheet rows. */
import { describe, expect, it } from 'vitest';
import { pasteInto, tableRows, tableText } from './table-editor.ts';

const COLS = ['source', 'target', 'weight', 'delay'] as const;

describe('table parameter', () => {
  it('reads CSV under its header and adds the declared columns it lacks', () => {
    const { header, rows } = tableRows('source,target,weight\nA,C,0.5\nB,C,-1\n', COLS);
    expect(header).toEqual(['source', 'target', 'weight', 'delay']);
    expect(rows).toEqual([
      ['A', 'C', '0.5', ''],
      ['B', 'C', '-1', ''],
    ]);
    // Written back: the same rows, the delay column empty.
    expect(tableText(header, rows)).toBe('source,target,weight,delay\nA,C,0.5,\nB,C,-1,\n');
  });

  it('quotes a cell with a comma or a quote, and reads it back the same', () => {
    const text = tableText(['source', 'target'], [['a,b', 'say "hi"']]);
    expect(text).toBe('source,target\n"a,b","say ""hi"""\n');
    expect(tableRows(text, ['source', 'target']).rows).toEqual([['a,b', 'say "hi"']]);
  });

  it('pastes spreadsheet rows from the cell pasted into, adding rows, dropping a pasted header', () => {
    const header = [...COLS];
    const rows = [['A', 'C', '0.5', '5']];
    // Two rows of three cells copied from a spreadsheet (tabs), pasted into row 1, column 0.
    expect(pasteInto(header, rows, 1, 0, 'D\tE\t2\nE\tF\t3\n')).toEqual([
      ['A', 'C', '0.5', '5'],
      ['D', 'E', '2', ''],
      ['E', 'F', '3', ''],
    ]);
    // A column of weights pasted into the weight cell of row 0 (with its header).
    expect(pasteInto(header, rows, 0, 2, 'weight\n0.7\n0.9')).toEqual([
      ['A', 'C', '0.7', '5'],
      ['', '', '0.9', ''],
    ]);
    // Cells past the last column are left out.
    expect(pasteInto(header, rows, 0, 3, '1,2,3')).toEqual([['A', 'C', '0.5', '1']]);
  });
});
