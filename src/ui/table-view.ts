/**
 * `<nw-table-view>`: a table sink's output (node table, spike table): the first rows, the row
 * count, and CSV export of the whole table.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { TableValue } from '../../nodes/values.ts';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import { statusLine } from '../dataflow/session.ts';
import { tableCsv } from '../dataflow/csv.ts';
import { tableCellText } from './table-cell.ts';

const SHOWN_ROWS = 200;

export class TableView extends LitElement {
  static override properties = { nodeId: { attribute: false }, table: { attribute: false }, status: { attribute: false } };
  declare nodeId: string;
  declare table: TableValue | null;
  declare status: NodeStatus;

  constructor() {
    super();
    this.nodeId = '';
    this.table = null;
    this.status = { state: 'idle' };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult {
    const t = this.table;
    const cols = t ? Object.keys(t.columns) : [];
    const rows = t && cols.length ? t.columns[cols[0]].length : 0;
    const st = this.status;
    return html`<div class="result-panel table-panel" data-testid=${`table-${this.nodeId}`}>
      <div class="result-head">
        <strong>${t?.title ?? this.nodeId}</strong>
        <span class="muted">${rows} rows</span>
        <span class="status-text ${st.state}">${st.state === 'done' ? '' : statusLine(st)}</span>
        <span class="spacer"></span>
        <button ?disabled=${!t} data-testid=${`table-${this.nodeId}-export-csv`} @click=${() => t && download(`${this.nodeId}.csv`, tableCsv(t), 'text/csv')}>CSV</button>
      </div>
      ${t
        ? html`<div class="table-scroll"><table>
            <thead><tr>${cols.map((c) => html`<th>${c}</th>`)}</tr></thead>
            <tbody>${Array.from({ length: Math.min(rows, SHOWN_ROWS) }, (_, r) => html`<tr>${cols.map((c) => html`<td>${tableCellText(t.columns[c][r])}</td>`)}</tr>`)}</tbody>
          </table>${rows > SHOWN_ROWS ? html`<div class="muted">… ${rows - SHOWN_ROWS} more rows in the CSV</div>` : nothing}</div>`
        : html`<div class="muted">no table yet</div>`}
    </div>`;
  }
}


/** Offer a file to the user (the browser's download). */
export function download(name: string, content: string | Blob, mime = 'application/octet-stream'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: mime }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

if (!customElements.get('nw-table-view')) customElements.define('nw-table-view', TableView);
