/**
 * `<nw-help-panel>`: the help, opened by `?` / F1 or the toolbar's `?` button. At the left a
 * search box and the list (Shortcuts, then every block by category); at the right the page
 * chosen: the shortcuts, or a block's page generated from its definition (help-model.ts) with
 * **Insert example**, which asks the app (event `nw-help-insert`, detail `{ type }`) to add the
 * block and what it needs. Escape closes it. Test ids: `help-panel`, `help-search`,
 * `help-item-shortcuts`, `help-item-<type>`, `help-page-<shortcuts|type>`, `help-param-<name>`,
 * `help-insert`, `help-close`.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { BLOCKS, blockDef } from '../../../nodes/index.ts';
import { CATEGORY_LABELS, CATEGORY_ORDER, categoryColor, socketColor } from '../../editor/sockets.ts';
import { blockPage, searchBlocks, SHORTCUTS, type SocketRow } from './help-model.ts';

const SHORTCUTS_PAGE = 'shortcuts';

export class HelpPanel extends LitElement {
  static override properties = {
    open: { type: Boolean, reflect: true },
    page: { state: true },
    query: { state: true },
    selected: { attribute: false },
  };
  declare open: boolean;
  /** 'shortcuts' or a block type. */
  declare page: string;
  declare query: string;
  /** The editor's selected block, if any (Insert example wires to it). */
  declare selected: string | null;

  constructor() {
    super();
    this.open = false;
    this.page = SHORTCUTS_PAGE;
    this.query = '';
    this.selected = null;
    // A click on the dimmed page around the panel closes it (clicks inside stop at the panel).
    this.addEventListener('click', () => this.close());
  }

  /** Open on a page (the one shown last by default) with the search box focused. */
  async show(page?: string): Promise<void> {
    if (page && (page === SHORTCUTS_PAGE || blockDef(page))) this.page = page;
    this.open = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[type=search]')?.focus();
  }

  close(): void {
    this.open = false;
  }

  toggle(): void {
    if (this.open) this.close();
    else void this.show();
  }

  static override styles = css`
    :host { position: fixed; inset: 0; z-index: 950; display: none; font: 13px/1.45 system-ui, sans-serif; color: var(--nw-fg, #1d2330); }
    :host([open]) { display: flex; align-items: center; justify-content: center; background: #0003; }
    .panel { width: min(1040px, 94vw); height: min(760px, 88vh); display: flex; flex-direction: column; background: var(--nw-surface, #fff); border: 1px solid var(--border, #dde1e8); border-radius: 10px; box-shadow: 0 14px 40px var(--nw-shadow, #0004); overflow: hidden; }
    header { display: flex; align-items: center; gap: 10px; padding: 8px 12px; border-bottom: 1px solid var(--border, #dde1e8); }
    header h2 { font-size: 15px; margin: 0; flex: 1; }
    .body { flex: 1; min-height: 0; display: flex; }
    nav { width: 250px; flex: none; border-right: 1px solid var(--border, #dde1e8); display: flex; flex-direction: column; min-height: 0; }
    nav input { margin: 8px; padding: 5px 8px; border: 1px solid var(--nw-control-border, #c9cfd9); border-radius: 6px; font: inherit; background: var(--nw-control, #fff); color: inherit; }
    nav ul { list-style: none; margin: 0; padding: 0 0 8px; overflow: auto; flex: 1; }
    nav li.cat { padding: 8px 12px 2px; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--nw-muted-fg, #6b7385); }
    nav button { display: flex; gap: 6px; align-items: center; width: 100%; text-align: left; border: 0; background: none; padding: 3px 12px; font: inherit; color: inherit; cursor: pointer; }
    nav button:hover { background: var(--nw-hover, #f1f4f9); }
    nav button[aria-current='page'] { background: var(--nw-current, #e3ebfb); font-weight: 600; }
    .dot { width: 8px; height: 8px; border-radius: 50%; flex: none; }
    .none { padding: 8px 12px; color: var(--nw-muted-fg, #6b7385); }
    article { flex: 1; min-width: 0; overflow: auto; padding: 14px 20px 24px; }
    article h3 { margin: 0 0 2px; font-size: 18px; }
    article h4 { margin: 16px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--nw-heading-fg, #4c566a); }
    .type { color: var(--nw-muted-fg, #6b7385); font-size: 12px; }
    .equiv { font: 12px/1.5 ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; background: var(--nw-surface-2, #f5f7fa); border: 1px solid var(--nw-line, #e3e7ee); border-radius: 6px; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--nw-line, #eceff4); }
    th { font-size: 11px; color: var(--nw-muted-fg, #6b7385); font-weight: 600; }
    td.name { white-space: nowrap; }
    td.name code, .sock code { font-size: 11px; color: var(--nw-heading-fg, #4c566a); }
    td.unit { white-space: nowrap; }
    .sock { display: flex; gap: 6px; align-items: center; margin: 2px 0; }
    .actions { display: flex; gap: 10px; align-items: center; margin: 12px 0 4px; }
    .actions .muted { color: var(--nw-muted-fg, #6b7385); font-size: 12px; }
    button.primary { background: #3d6fd8; color: #fff; border: 1px solid #2f5cc0; border-radius: 6px; padding: 5px 12px; font: inherit; cursor: pointer; }
    button.close { border: 1px solid var(--nw-control-border, #c9cfd9); background: var(--nw-control, #fff); color: inherit; border-radius: 6px; padding: 3px 10px; font: inherit; cursor: pointer; }
    kbd { font: 12px ui-monospace, monospace; background: var(--nw-surface-2, #f5f7fa); border: 1px solid var(--nw-control-border, #d5dae3); border-bottom-width: 2px; border-radius: 4px; padding: 0 5px; white-space: nowrap; }
  `;

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === 'Enter' && (e.composedPath()[0] as Element | undefined)?.localName === 'input') {
      // Enter in the search box opens the first match.
      const first = searchBlocks(BLOCKS, this.query)[0];
      if (first) this.page = first.type;
    }
  };

  protected override render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const found = searchBlocks(BLOCKS, this.query);
    const showShortcuts = !this.query.trim() || /short|key|keyboard/i.test(this.query);
    return html`<div class="panel" data-testid="help-panel" role="dialog" aria-label="Help" @keydown=${this.onKey}
        @click=${(e: Event) => e.stopPropagation()}>
      <header>
        <h2>Help</h2>
        <span class="type">press <kbd>?</kbd> or <kbd>F1</kbd> to open, <kbd>Esc</kbd> to close</span>
        <button class="close" data-testid="help-close" @click=${() => this.close()}>Close</button>
      </header>
      <div class="body">
        <nav>
          <input type="search" data-testid="help-search" placeholder="search blocks, NEURON or navis names…" .value=${this.query}
            @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
          <ul>
            ${showShortcuts ? html`<li>${this.item(SHORTCUTS_PAGE, 'Keyboard and mouse', '#4c566a')}</li>` : nothing}
            ${CATEGORY_ORDER.map((cat) => {
              const defs = found.filter((d) => d.category === cat);
              return defs.length
                ? html`<li class="cat">${CATEGORY_LABELS[cat]}</li>${defs.map((d) => html`<li>${this.item(d.type, d.title, categoryColor(cat))}</li>`)}`
                : nothing;
            })}
            ${found.length === 0 && !showShortcuts ? html`<li class="none">no block matches “${this.query}”</li>` : nothing}
          </ul>
        </nav>
        <article>${this.page === SHORTCUTS_PAGE ? this.shortcutsPage() : this.blockPageView(this.page)}</article>
      </div>
    </div>`;
  }

  private item(page: string, label: string, colour: string): TemplateResult {
    return html`<button data-testid=${`help-item-${page}`} aria-current=${this.page === page ? 'page' : 'false'} @click=${() => (this.page = page)}>
      <span class="dot" style=${`background: ${colour}`}></span>${label}
    </button>`;
  }

  private shortcutsPage(): TemplateResult {
    return html`<section data-testid="help-page-shortcuts">
      <h3>Keyboard and mouse</h3>
      <div class="type">Keys act on the graph when no text field has the focus. ⌘ works where Ctrl is written.</div>
      <table>
        <thead><tr><th>keys</th><th>what they do</th></tr></thead>
        <tbody>${SHORTCUTS.map((s) => html`<tr><td class="name"><kbd>${s.keys}</kbd></td><td>${s.what}</td></tr>`)}</tbody>
      </table>
      <h4>Parameters</h4>
      <p>Select a block to edit its parameters in the inspector at the right: each field shows its unit; numbers have a slider over their
        typical values (the field takes any allowed value). Every edit re-runs what depends on it; Undo takes it back.</p>
      <h4>Results</h4>
      <p>Plot and table blocks show their results at the bottom: PNG, SVG and CSV buttons download them; <b>Pin</b> and <b>History</b>
        keep earlier runs to compare. <b>Export to NEURON</b> in the toolbar downloads a Python script that builds and runs the same model in NEURON.</p>
    </section>`;
  }

  private sockets(rows: SocketRow[]): TemplateResult {
    if (!rows.length) return html`<div class="type">none</div>`;
    return html`${rows.map((s) => html`<div class="sock"><span class="dot" style=${`background: ${socketColor(s.type)}`}></span>${s.label} <code>(${s.type}${s.optional ? ', optional' : ''})</code></div>`)}`;
  }

  private blockPageView(type: string): TemplateResult {
    const def = blockDef(type);
    if (!def) return html`<div class="none">no block “${type}”</div>`;
    const p = blockPage(def);
    return html`<section data-testid=${`help-page-${p.type}`}>
      <h3>${p.title}</h3>
      <div class="type">${CATEGORY_LABELS[def.category]} block · type <code>${p.type}</code></div>
      <p>${p.description}</p>
      <div class="actions">
        <button class="primary" data-testid="help-insert" @click=${() => this.dispatchEvent(new CustomEvent('nw-help-insert', { detail: { type: p.type }, bubbles: true, composed: true }))}>Insert example</button>
        <span class="muted">${this.selected
          ? `adds ${p.title} wired after the selected block “${this.selected}” where it fits, with the blocks it still needs`
          : `adds ${p.title} with the blocks it needs upstream (select a block first to wire it there)`}</span>
      </div>
      ${p.equivalents ? html`<h4>In NEURON and navis</h4><div class="equiv" data-testid="help-equivalents">${p.equivalents}</div>` : nothing}
      <h4>Inputs</h4>${this.sockets(p.inputs)}
      <h4>Outputs</h4>${this.sockets(p.outputs)}
      <h4>Parameters</h4>
      ${p.params.length
        ? html`<table>
            <thead><tr><th>parameter</th><th>unit</th><th>default</th><th>allowed</th><th>what it does</th></tr></thead>
            <tbody>${p.params.map(
              (r) => html`<tr data-testid=${`help-param-${r.name}`}>
                <td class="name">${r.label}<br /><code>${r.name}</code></td>
                <td class="unit">${r.unit || (r.kind === 'number' ? '—' : r.kind)}</td>
                <td>${r.default}</td>
                <td>${r.range}</td>
                <td>${r.help}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : html`<div class="type">none</div>`}
    </section>`;
  }
}

if (!customElements.get('nw-help-panel')) customElements.define('nw-help-panel', HelpPanel);
