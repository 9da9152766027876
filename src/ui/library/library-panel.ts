/**
 * `<nw-library-panel>`: the saved graphs (title, last change) with open, rename, duplicate and
 * delete (asked twice); a new graph, an example, import and export of graph files, and the
 * last shared link. Toggled by the toolbar's library button (`toggle()`). Test ids in
 * src/ui/CONTRACT.md.
 */
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { EXAMPLES } from '../examples.ts';
import type { ListEntry } from './db.ts';
import type { Library } from './library.ts';
import { ObservableController } from '../observe-controller.ts';

const when = (ms: number): string => {
  const d = new Date(ms);
  const today = new Date();
  return d.toDateString() === today.toDateString() ? d.toLocaleTimeString(undefined, { hour12: false }) : d.toLocaleString(undefined, { hour12: false });
};

export class LibraryPanel extends LitElement {
  static override properties = {
    library: { attribute: false },
    open: { type: Boolean, reflect: true },
    entries: { state: true },
    renaming: { state: true },
    confirming: { state: true },
  };
  declare library: Library | null;
  declare open: boolean;
  private declare entries: ListEntry[];
  private declare renaming: string | null;
  private declare confirming: string | null;
  /** The last shared link; one not copied to the clipboard opens the panel to show it. */
  private link = new ObservableController(this, () => this.library?.link$, {
    next: (l) => {
      if (l && !l.copied) this.open = true;
    },
  });
  /** The stored list changed: read it again if it is on screen. */
  private changes = new ObservableController(this, () => this.library?.changed$, {
    next: () => {
      if (this.open) void this.reload();
    },
  });
  private listing = 0;

  constructor() {
    super();
    this.library = null;
    this.open = false;
    this.entries = [];
    this.renaming = null;
    this.confirming = null;
  }

  static override styles = css`
    :host { position: fixed; top: 44px; right: 12px; z-index: 900; display: none; font: 13px system-ui, sans-serif; color: var(--nw-fg, #1d2330); }
    :host([open]) { display: block; }
    .panel { width: 500px; max-height: calc(100vh - 80px); display: flex; flex-direction: column; background: var(--nw-surface, #fff); border: 1px solid var(--border, #dde1e8); border-radius: 10px; box-shadow: 0 10px 30px #0003; }
    header { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-bottom: 1px solid #dde1e8; }
    header h2 { font-size: 14px; margin: 0; }
    .where { font-size: 11px; color: #6b7385; flex: 1; }
    .where.memory { color: #b00020; }
    .actions { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 12px; border-bottom: 1px solid #eef0f4; }
    button, select, input { font: inherit; }
    button { border: 1px solid var(--nw-control-border, #dde1e8); background: var(--nw-control, #fff); color: inherit; border-radius: 6px; padding: 2px 8px; cursor: pointer; }
    button:hover { border-color: #3d6fd8; }
    button.danger { color: #b00020; }
    select { border: 1px solid var(--nw-control-border, #dde1e8); background: var(--nw-control, #fff); color: inherit; border-radius: 6px; padding: 2px 4px; max-width: 180px; }
    ul { list-style: none; margin: 0; padding: 4px 0; overflow: auto; }
    li { display: flex; align-items: center; gap: 6px; padding: 5px 12px; border-bottom: 1px solid #f3f4f7; }
    li.current { background: var(--nw-hover, #eef3fd); }
    li.damaged { background: #fdecee; color: #b00020; }
    .title { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .title small { display: block; color: #6b7385; font-size: 11px; }
    li.damaged .title { white-space: normal; }
    .row-actions { display: flex; gap: 4px; }
    .empty { padding: 12px; color: #6b7385; }
    .link { padding: 8px 12px; border-bottom: 1px solid #eef0f4; display: flex; flex-direction: column; gap: 4px; }
    .link input { width: 100%; border: 1px solid #dde1e8; border-radius: 5px; padding: 3px 6px; }
    .link .omitted { color: #a86400; font-size: 12px; }
    input.rename { flex: 1; border: 1px solid #3d6fd8; border-radius: 5px; padding: 2px 6px; }
  `;

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open') && this.open) void this.reload();
  }

  toggle(force?: boolean): void {
    this.open = force ?? !this.open;
  }

  /** Read the list again (the latest read wins). */
  async reload(): Promise<void> {
    if (!this.library) return;
    const n = ++this.listing;
    const entries = await this.library.list();
    if (n === this.listing) this.entries = entries;
  }

  private pick(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.library?.importFile(file);
    input.value = '';
  }

  private async commitRename(id: string, input: HTMLInputElement): Promise<void> {
    this.renaming = null;
    await this.library?.rename(id, input.value);
  }

  private row(e: ListEntry): TemplateResult {
    const lib = this.library!;
    if (!e.ok) {
      return html`<li class="damaged" data-testid="library-item-${e.id}" data-damaged="true">
        <span class="title">${e.message}</span>
        <span class="row-actions">${this.deleteButtons(e.id)}</span>
      </li>`;
    }
    const s = e.summary;
    const current = s.id === lib.currentId;
    return html`<li class=${current ? 'current' : ''} data-testid="library-item-${s.id}" title=${current ? 'open now (saved automatically)' : ''}>
      ${this.renaming === s.id
        ? html`<input
            class="rename"
            data-testid="library-rename-input-${s.id}"
            .value=${s.title}
            @keydown=${(ev: KeyboardEvent) => {
              if (ev.key === 'Enter') void this.commitRename(s.id, ev.target as HTMLInputElement);
              if (ev.key === 'Escape') this.renaming = null;
            }}
            @blur=${(ev: Event) => this.renaming === s.id && void this.commitRename(s.id, ev.target as HTMLInputElement)}
          />`
        : html`<span class="title" data-testid="library-title-${s.id}">${s.title}<small>${current ? 'open · ' : ''}changed ${when(s.modified)}</small></span>`}
      <span class="row-actions">
        <button data-testid="library-open-${s.id}" ?disabled=${current} @click=${() => void lib.open(s.id)}>Open</button>
        <button data-testid="library-rename-${s.id}" @click=${() => (this.renaming = s.id)}>Rename</button>
        <button data-testid="library-duplicate-${s.id}" @click=${() => void lib.duplicate(s.id)}>Duplicate</button>
        ${this.deleteButtons(s.id)}
      </span>
    </li>`;
  }

  private deleteButtons(id: string): TemplateResult {
    if (this.confirming !== id) return html`<button class="danger" data-testid="library-delete-${id}" @click=${() => (this.confirming = id)}>Delete</button>`;
    return html`<button class="danger" data-testid="library-delete-confirm-${id}" @click=${() => ((this.confirming = null), void this.library?.remove(id))}>Delete for good</button>
      <button data-testid="library-delete-cancel-${id}" @click=${() => (this.confirming = null)}>Keep</button>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    const lib = this.library;
    if (!this.open || !lib) return nothing;
    const link = this.link.value;
    return html`<div class="panel" data-testid="library" role="dialog" aria-label="Graph library">
      <header>
        <h2>Library</h2>
        <span class="where ${lib.memoryReason ? 'memory' : ''}" data-testid="library-where">${lib.memoryReason ? 'in memory only: not kept after this visit' : 'saved in this browser as you edit'}</span>
        <button data-testid="library-close" title="close" @click=${() => this.toggle(false)}>×</button>
      </header>
      <div class="actions">
        <button data-testid="library-new" @click=${() => void lib.newGraph()}>New graph</button>
        <button data-testid="library-import" title="open a graph file, or an image exported by NeuroWire" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>Import…</button>
        <input type="file" hidden data-testid="library-import-input" accept=".json,.png,.svg" @change=${(e: Event) => this.pick(e)} />
        <button data-testid="library-export" title="download the open graph as a file" @click=${() => lib.exportFile()}>Export file</button>
        <select data-testid="library-example" title="open an example" @change=${(e: Event) => {
          const sel = e.target as HTMLSelectElement;
          if (sel.value) void lib.openExample(sel.value);
          sel.value = '';
        }}>
          <option value="">Open an example…</option>
          ${Object.entries(EXAMPLES).map(([k, v]) => html`<option value=${k}>${v.title}</option>`)}
        </select>
      </div>
      ${link
        ? html`<div class="link">
            <label>Link to the open graph${link.copied ? ' (copied)' : ': copy it from here'}</label>
            <input readonly data-testid="share-link-text" .value=${link.url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
            ${link.omitted.length ? html`<span class="omitted">Left out (too large for a link): ${link.omitted.join(', ')}</span>` : nothing}
          </div>`
        : nothing}
      ${this.entries.length ? html`<ul>${this.entries.map((e) => this.row(e))}</ul>` : html`<div class="empty">No saved graphs yet: edit a graph and it is saved here.</div>`}
    </div>`;
  }
}

if (!customElements.get('nw-library-panel')) customElements.define('nw-library-panel', LibraryPanel);
