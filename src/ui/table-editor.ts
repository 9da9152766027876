/**
 * A parameter that is a table (an edge list's rows: source, target, weight, delay) edited as a
 * grid: cells typed into, rows added and removed, rows pasted from a spreadsheet (tab- or
 * comma-separated, from the cell pasted into onwards). The parameter's value stays CSV text with a
 * header, so graph files, the CLI and `--set` read it as they read a CSV file. Every change is
 * one edit (`table-change` with the new text): a cell when it loses focus, a row added or
 * removed, a paste.
 */
import { LitElement, css, html } from 'lit';
import Papa from 'papaparse';

/** The rows of CSV text under its header, with the header's columns first and then `columns` not in it. */
export function tableRows(text: string, columns: readonly string[]): { header: string[]; rows: string[][] } {
  // Rows of empty cells stay (a row just added, not filled in yet); the block's reader skips them.
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n').replace(/\n+$/, ''), { newline: '\n', skipEmptyLines: true });
  const data = parsed.data;
  const header = data.length ? data[0].map((h) => h.trim()) : [];
  for (const c of columns) if (!header.some((h) => h.toLowerCase() === c.toLowerCase())) header.push(c);
  const rows = data.slice(1).map((r) => header.map((_, i) => (r[i] ?? '').trim()));
  return { header, rows };
}

/** CSV text of a header and rows (quoted where a cell needs it). */
export function tableText(header: readonly string[], rows: readonly string[][]): string {
  return `${Papa.unparse([header as string[], ...(rows as string[][])], { newline: '\n' })}\n`;
}

/**
 * Rows pasted at (row, col): the clipboard's cells (tabs from a spreadsheet, else commas) written
 * over the table from there, adding rows as needed. A header row pasted along is recognised by its
 * column names and dropped.
 */
export function pasteInto(header: readonly string[], rows: readonly string[][], row: number, col: number, clip: string): string[][] {
  const delimiter = clip.includes('\t') ? '\t' : ',';
  let cells = Papa.parse<string[]>(clip.replace(/\r\n?/g, '\n').replace(/\n$/, ''), { delimiter, newline: '\n' }).data.map((r) => r.map((c) => c.trim()));
  if (cells.length && cells[0].every((c, i) => header[col + i]?.toLowerCase() === c.toLowerCase())) cells = cells.slice(1);
  const out = rows.map((r) => [...r]);
  cells.forEach((cellRow, i) => {
    const r = row + i;
    while (out.length <= r) out.push(header.map(() => ''));
    cellRow.forEach((c, j) => {
      if (col + j < header.length) out[r][col + j] = c;
    });
  });
  return out;
}

export class TableEditor extends LitElement {
  static override properties = { columns: { attribute: false }, value: { attribute: false }, name: {} };
  declare columns: readonly string[];
  declare value: string;
  declare name: string;

  static override styles = css`
    :host { display: block; }
    .wrap { max-height: 260px; overflow: auto; border: 1px solid var(--nw-border, #ccc); border-radius: 3px; }
    table { border-collapse: collapse; width: 100%; font-size: 12px; }
    th { position: sticky; top: 0; background: var(--nw-panel-head, #f3f3f3); font-weight: 600; text-align: left; padding: 2px 4px; }
    td { padding: 0; border-top: 1px solid var(--nw-border-light, #eee); }
    input { width: 100%; box-sizing: border-box; border: none; padding: 2px 4px; font: inherit; background: transparent; color: inherit; }
    input:focus { outline: 1px solid #4a90d9; background: var(--nw-input-focus, #fff); }
    td.num { width: 2.2em; color: #888; text-align: right; padding-right: 4px; }
    button { font-size: 11px; }
    .bar { display: flex; gap: 6px; align-items: center; margin-top: 4px; color: #777; font-size: 11px; }
  `;

  constructor() {
    super();
    this.columns = [];
    this.value = '';
    this.name = 'table';
  }

  private commit(header: readonly string[], rows: readonly string[][]): void {
    const text = tableText(header, rows);
    if (text === this.value) return;
    this.value = text;
    this.dispatchEvent(new CustomEvent('table-change', { detail: text, bubbles: true, composed: true }));
  }

  override render() {
    const { header, rows } = tableRows(this.value, this.columns);
    const id = this.name;
    const cell = (r: number, c: number) =>
      html`<input data-testid=${`table-${id}-r${r}-c${c}`} aria-label=${`${header[c]} of row ${r + 1}`} .value=${rows[r][c]}
        @change=${(e: Event) => {
          const next = rows.map((x) => [...x]);
          next[r][c] = (e.target as HTMLInputElement).value.trim();
          this.commit(header, next);
        }}
        @paste=${(e: ClipboardEvent) => {
          const clip = e.clipboardData?.getData('text/plain') ?? '';
          // One value: the browser's own paste into the cell; rows or columns: the table's.
          if (!/[\t\n]/.test(clip.replace(/\n$/, ''))) return;
          e.preventDefault();
          this.commit(header, pasteInto(header, rows, r, c, clip));
        }}
        @keydown=${(e: KeyboardEvent) => {
          // Enter on the last row's last cell adds a row, as spreadsheets do.
          if (e.key === 'Enter' && r === rows.length - 1) {
            (e.target as HTMLInputElement).blur();
            this.commit(header, [...rows, header.map(() => '')]);
          }
        }} />`;
    return html`<div class="wrap" data-testid=${`table-${id}`}>
        <table>
          <thead><tr><th></th>${header.map((h) => html`<th>${h}</th>`)}<th></th></tr></thead>
          <tbody>
            ${rows.map(
              (_, r) => html`<tr>
                <td class="num">${r + 1}</td>
                ${header.map((__, c) => html`<td>${cell(r, c)}</td>`)}
                <td><button title="Remove this row" data-testid=${`table-${id}-remove-${r}`} @click=${() => this.commit(header, rows.filter((___, k) => k !== r))}>×</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="bar">
        <button data-testid=${`table-${id}-add`} @click=${() => this.commit(header, [...rows, header.map(() => '')])}>+ row</button>
        <span>${rows.length} row${rows.length === 1 ? '' : 's'} · paste rows from a spreadsheet into any cell</span>
      </div>`;
  }
}

if (!customElements.get('nw-table-editor')) customElements.define('nw-table-editor', TableEditor);
