/**
 * `<nw-palette>`: every block of the catalogue, grouped by category, with a search box.
 * Clicking an entry (or Enter in the search box, for the best match) dispatches
 * `nw-add-block` with `{ type }`; entries can also be dragged onto the editor
 * (dataTransfer `application/x-neurowire-block` = type).
 */
import { css, html, LitElement, nothing } from 'lit';
import { searchInputStyles } from '../ui/panel-styles.ts';
import { BLOCKS } from '../../nodes/index.ts';
import type { BlockCategory, BlockDef } from '../../nodes/types.ts';
import { firstMatch, groupBlocks, matches } from './palette-model.ts';
import { matchedAlias } from './block-search.ts';
import { CATEGORY_LABELS, categoryColor, socketColor } from './sockets.ts';

export const BLOCK_MIME = 'application/x-neurowire-block';

export interface AddBlockDetail {
  type: string;
}

export class Palette extends LitElement {
  static override properties = {
    query: { state: true },
    collapsed: { state: true },
    blocks: { attribute: false },
    mine: { attribute: false },
  };
  declare query: string;
  declare collapsed: Set<string>;
  /** The blocks listed (the whole catalogue unless set). */
  declare blocks: readonly BlockDef[];
  /** "My blocks": the open graph's subgraphs (and their Repeat forms), listed first. */
  declare mine: readonly BlockDef[];

  static override styles = [searchInputStyles, css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      height: 100%;
      font: 12px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif;
      color: var(--nw-fg, #1d2330);
    }
    .search {
      position: sticky;
      top: 0;
      z-index: 1;
      background: var(--nw-surface, #fff);
      padding: 8px;
      border-bottom: 1px solid var(--nw-line, #eceff4);
    }
    input {
      width: 100%;
    }
    .list {
      overflow: auto;
      padding: 4px 0 12px;
    }
    .cat {
      display: flex;
      align-items: center;
      gap: 6px;
      width: 100%;
      border: none;
      background: none;
      padding: 8px 10px 3px;
      font: inherit;
      font-size: 11px;
      font-weight: 600;
      letter-spacing: 0.05em;
      text-transform: uppercase;
      color: #6b7385;
      cursor: pointer;
      text-align: left;
    }
    .cat .swatch {
      width: 8px;
      height: 8px;
      border-radius: 2px;
    }
    .cat .count {
      margin-left: auto;
      font-weight: 400;
    }
    .item {
      display: flex;
      flex-direction: column;
      gap: 1px;
      margin: 1px 6px;
      padding: 4px 8px 5px;
      border-radius: 6px;
      border-left: 3px solid var(--cat);
      cursor: grab;
      background: var(--nw-surface, #fff);
      outline: none;
    }
    .item:hover,
    .item:focus-visible,
    .item.first {
      background: var(--nw-hover, #eef3fc);
    }
    .item:active {
      cursor: grabbing;
    }
    .title {
      font-weight: 600;
    }
    .alias {
      font-weight: 400;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 11px;
      color: #3d6fd8;
    }
    .desc {
      color: #6b7385;
      font-size: 11px;
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .ports {
      display: flex;
      gap: 3px;
      align-items: center;
      font-size: 10px;
      color: #8a93a3;
    }
    .dot {
      width: 7px;
      height: 7px;
      border-radius: 50%;
      display: inline-block;
    }
    .empty {
      padding: 16px 12px;
      color: #6b7385;
    }
  `];

  constructor() {
    super();
    this.query = '';
    this.collapsed = new Set();
    this.blocks = BLOCKS;
    this.mine = [];
  }

  private add(type: string): void {
    this.dispatchEvent(new CustomEvent<AddBlockDetail>('nw-add-block', { detail: { type }, bubbles: true, composed: true }));
  }

  private onSearchKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      const b = firstMatch([...this.mine, ...this.blocks], this.query);
      if (b) this.add(b.type);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      this.query = '';
      (e.target as HTMLInputElement).value = '';
    }
  }

  private onItemKey(e: KeyboardEvent, type: string): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.add(type);
    }
  }

  private onDragStart(e: DragEvent, type: string): void {
    if (!e.dataTransfer) return;
    e.dataTransfer.setData(BLOCK_MIME, type);
    e.dataTransfer.setData('text/plain', type);
    e.dataTransfer.effectAllowed = 'copy';
  }

  private toggle(category: string): void {
    const next = new Set(this.collapsed);
    if (next.has(category)) next.delete(category);
    else next.add(category);
    this.collapsed = next;
  }

  override render() {
    const all = [...this.mine, ...this.blocks];
    const mine = this.mine.filter((b) => matches(b, this.query));
    const groups = groupBlocks(this.blocks, this.query);
    const first = this.query.trim() ? firstMatch(all, this.query)?.type : undefined;
    const searching = Boolean(this.query.trim());
    return html`<div class="search">
        <input
          type="search"
          placeholder="Search blocks…"
          data-testid="palette-search"
          aria-label="search blocks"
          .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => this.onSearchKey(e)}
        />
      </div>
      <div class="list" role="list">
        ${groups.length || mine.length ? nothing : html`<div class="empty">No block matches “${this.query}”.</div>`}
        ${[...(mine.length ? [{ category: 'mine', blocks: mine }] : []), ...groups].map((g) => {
          const open = searching || !this.collapsed.has(g.category);
          return html`<section data-category=${g.category}>
            <button class="cat" @click=${() => this.toggle(g.category)} aria-expanded=${open ? 'true' : 'false'}>
              <span class="swatch" style="background: ${categoryColor(g.category)}"></span>${g.category === 'mine' ? 'My blocks' : (CATEGORY_LABELS[g.category as BlockCategory] ?? g.category)}
              <span class="count">${g.blocks.length}</span>
            </button>
            ${open
              ? g.blocks.map(
                  (b) => html`<div
                    class="item ${b.type === first ? 'first' : ''}"
                    role="listitem"
                    tabindex="0"
                    draggable="true"
                    data-testid="palette-item-${b.type}"
                    title=${b.aliases?.length ? `${b.description}\nNEURON / navis: ${b.aliases.join(', ')}` : b.description}
                    style="--cat: ${categoryColor(b.category)}"
                    @click=${() => this.add(b.type)}
                    @keydown=${(e: KeyboardEvent) => this.onItemKey(e, b.type)}
                    @dragstart=${(e: DragEvent) => this.onDragStart(e, b.type)}
                  >
                    <span class="title">${b.title}${searching && matchedAlias(b, this.query) ? html` <span class="alias">= ${matchedAlias(b, this.query)}</span>` : nothing}</span>
                    <span class="desc">${b.description}</span>
                    ${portsLine(b)}
                  </div>`,
                )
              : nothing}
          </section>`;
        })}
      </div>`;
  }
}

function portsLine(b: BlockDef) {
  const ins = Object.values(b.inputs);
  const outs = Object.values(b.outputs);
  if (!ins.length && !outs.length) return nothing;
  const dots = (list: typeof ins) => list.map((s) => html`<span class="dot" title=${`${s.label} (${s.type})`} style="background: ${socketColor(s.type)}"></span>`);
  return html`<span class="ports">${dots(ins)}${ins.length ? html`<span>→</span>` : nothing}${dots(outs)}</span>`;
}

if (!customElements.get('nw-palette')) customElements.define('nw-palette', Palette);

declare global {
  interface HTMLElementTagNameMap {
    'nw-palette': Palette;
  }
}
