/**
 * `<nw-add-popup>`: the searchable list of blocks that opens on the canvas (double-click, Space,
 * Tab, a wire dropped on nothing): blocks and their presets (popup-entries.ts). Typing filters
 * with the block search; ↑/↓ (or Tab) move, Enter or a click picks (`nw-popup-pick` with the
 * entry), Escape closes (`nw-popup-close`). Where it opens
 * and what happens on a pick is the add-popup extension's (extensions/add-popup.ts).
 */
import { css, html, LitElement, nothing } from 'lit';
import { searchInputStyles } from '../ui/panel-styles.ts';
import { matchedAlias, searchBlocks } from './block-search.ts';
import type { PopupEntry } from './popup-entries.ts';
import { CATEGORY_LABELS, categoryColor } from './sockets.ts';

/** At most this many entries are drawn (the search narrows the rest). */
const MAX_SHOWN = 60;

export class AddPopup extends LitElement {
  static override properties = {
    entries: { attribute: false },
    heading: { attribute: false },
    query: { state: true },
    active: { state: true },
  };
  /** What is offered (the whole catalogue, or the blocks a dragged wire can reach), with presets. */
  declare entries: readonly PopupEntry[];
  /** A line above the list ("Blocks that take a model"), or ''. */
  declare heading: string;
  declare query: string;
  /** Index of the highlighted entry in the filtered list. */
  declare active: number;

  static override styles = [searchInputStyles, css`
    :host {
      position: absolute;
      z-index: 30;
      width: 300px;
      display: flex;
      flex-direction: column;
      background: #fff;
      border: 1px solid #cfd5df;
      border-radius: 8px;
      box-shadow: 0 8px 24px rgba(20, 30, 50, 0.18);
      font: 12px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif;
      color: #1d2330;
      overflow: hidden;
    }
    .heading {
      padding: 6px 10px 0;
      color: #6b7385;
      font-size: 11px;
    }
    input {
      margin: 6px 8px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0 0 6px;
      max-height: 320px;
      overflow: auto;
    }
    li {
      display: flex;
      flex-direction: column;
      margin: 1px 6px;
      padding: 3px 8px 4px;
      border-radius: 6px;
      border-left: 3px solid var(--cat);
      cursor: pointer;
    }
    li[aria-selected='true'] {
      background: #e3ecfb;
    }
    .title {
      font-weight: 600;
    }
    .cat {
      font-weight: 400;
      color: #8a93a3;
      font-size: 10px;
      margin-left: 6px;
    }
    .alias {
      margin-left: 6px;
      font-weight: 400;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 11px;
      color: #3d6fd8;
    }
    .desc {
      color: #6b7385;
      font-size: 11px;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .empty {
      padding: 8px 12px 10px;
      color: #6b7385;
    }
  `];

  constructor() {
    super();
    this.entries = [];
    this.heading = '';
    this.query = '';
    this.active = 0;
  }

  /** The entries shown now, best match first. */
  get shown(): PopupEntry[] {
    return searchBlocks(this.entries, this.query).slice(0, MAX_SHOWN);
  }

  override focus(): void {
    this.renderRoot.querySelector('input')?.focus({ preventScroll: true });
  }

  private pick(entry: PopupEntry): void {
    this.dispatchEvent(new CustomEvent<PopupEntry>('nw-popup-pick', { detail: entry, bubbles: true, composed: true }));
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('nw-popup-close', { bubbles: true, composed: true }));
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.shown.length;
    // Keys typed here are the popup's: the editor's shortcuts (Delete, Ctrl+Z, Space…) must not see them.
    e.stopPropagation();
    if (e.key === 'ArrowDown' || (e.key === 'Tab' && !e.shiftKey)) {
      e.preventDefault();
      if (n) this.active = (this.active + 1) % n;
    } else if (e.key === 'ArrowUp' || (e.key === 'Tab' && e.shiftKey)) {
      e.preventDefault();
      if (n) this.active = (this.active - 1 + n) % n;
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const b = this.shown[this.active];
      if (b) this.pick(b);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    }
  }

  protected override updated(): void {
    this.renderRoot.querySelector('li[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  override render() {
    const shown = this.shown;
    const active = Math.min(this.active, Math.max(0, shown.length - 1));
    return html`${this.heading ? html`<div class="heading" data-testid="add-popup-heading">${this.heading}</div>` : nothing}
      <input
        type="search"
        placeholder="Block, NEURON or navis name…"
        aria-label="search blocks to add"
        data-testid="add-popup-search"
        .value=${this.query}
        @input=${(e: Event) => {
          this.query = (e.target as HTMLInputElement).value;
          this.active = 0;
        }}
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}
      />
      <ul role="listbox" aria-label="blocks">
        ${shown.map(
          (b, i) => html`<li
            role="option"
            aria-selected=${i === active ? 'true' : 'false'}
            data-testid="add-popup-item-${b.key}"
            style="--cat: ${categoryColor(b.category)}"
            title=${b.aliases?.length ? `${b.description}\nAlso: ${b.aliases.join(', ')}` : b.description}
            @pointerenter=${() => (this.active = i)}
            @pointerdown=${(e: PointerEvent) => e.preventDefault()}
            @click=${() => this.pick(b)}
          >
            <span class="title">${b.title}<span class="cat">${CATEGORY_LABELS[b.category] ?? b.category}</span>${aliasNote(b, this.query)}</span>
            <span class="desc">${b.description}</span>
          </li>`,
        )}
      </ul>
      ${shown.length ? nothing : html`<div class="empty">No block matches “${this.query}”.</div>`}`;
  }
}

/** "= IntFire4" after the title when the query found the block by that name. */
function aliasNote(b: PopupEntry, query: string) {
  const a = query.trim() ? matchedAlias(b, query) : null;
  return a ? html`<span class="alias" data-testid="add-popup-alias-${b.key}">= ${a}</span>` : nothing;
}

if (!customElements.get('nw-add-popup')) customElements.define('nw-add-popup', AddPopup);

declare global {
  interface HTMLElementTagNameMap {
    'nw-add-popup': AddPopup;
  }
}
