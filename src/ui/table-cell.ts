/**
 * How a table cell reads on screen. A NaN is a value that does not exist (the first spike of a
 * neuron that never fired): shown as "—", as the CSV leaves that cell empty (nodes/csv.ts).
 */
export const MISSING_CELL = '—';

/** The text of one cell: whole numbers as they are, others to 6 significant digits. */
export function tableCellText(v: number | string | undefined): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return MISSING_CELL;
    return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  }
  return v ?? '';
}
