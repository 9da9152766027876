/**
 * `<nw-example-gallery>`: the "Open example" modal. A card per example (src/ui/examples.ts):
 * a thumbnail of its graph drawn live from the graph itself (graph-thumbnail.ts), its title and
 * one line. Choosing one sends `nw-open-example` ({ name }); Escape, the × or a click beside the
 * dialog closes it; every close sends `nw-close-gallery` (the owner's `open` follows). Test ids: `example-gallery`, `example-gallery-close`, `gallery-open-<name>`.
 */
import { LitElement, css, html, nothing, svg, type TemplateResult } from 'lit';
import { blockDef } from '../../../nodes/index.ts';
import { parseGraph } from '../../dataflow/validate.ts';
import { categoryColor, UNKNOWN_SOCKET_COLOR } from '../../editor/sockets.ts';
import { estimateNodeSize, NODE_WIDTH } from '../../editor/view-model.ts';
import { EXAMPLES } from '../examples.ts';
import { graphThumbnail, type Thumbnail } from './graph-thumbnail.ts';

/** Thumbnails by example name, made on the gallery's first opening (parsing DA1's ~330 kB takes a few ms). */
const thumbs = new Map<string, Thumbnail | null>();

function thumbnailOf(name: string): Thumbnail | null {
  if (!thumbs.has(name)) {
    const g = parseGraph(EXAMPLES[name].text).graph;
    thumbs.set(
      name,
      g
        ? graphThumbnail(
            g,
            (n) => {
              const def = blockDef(n.type);
              return def ? estimateNodeSize(def, n) : { width: NODE_WIDTH, height: 80 };
            },
            (n) => {
              const def = blockDef(n.type);
              return def ? categoryColor(def.category) : UNKNOWN_SOCKET_COLOR;
            },
          )
        : null,
    );
  }
  return thumbs.get(name) ?? null;
}

export class ExampleGallery extends LitElement {
  static override properties = { open: { type: Boolean, reflect: true }, current: { type: String } };
  declare open: boolean;
  /** The example open now (marked). */
  declare current: string;

  constructor() {
    super();
    this.open = false;
    this.current = '';
  }

  static override styles = css`
    :host {
      display: none;
    }
    :host([open]) {
      display: block;
      position: fixed;
      inset: 0;
      z-index: 980;
      background: rgba(10, 14, 22, 0.45);
      font: 13px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif;
      color: var(--nw-fg, #1d2330);
    }
    .dialog {
      position: absolute;
      left: 50%;
      top: 50%;
      transform: translate(-50%, -50%);
      width: min(980px, calc(100vw - 40px));
      max-height: calc(100vh - 40px);
      display: flex;
      flex-direction: column;
      background: var(--nw-surface, #fff);
      border: 1px solid var(--border, #dde1e8);
      border-radius: 10px;
      box-shadow: 0 12px 48px var(--nw-shadow, rgba(20, 30, 50, 0.3));
      outline: none;
    }
    header {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 10px 14px;
      border-bottom: 1px solid var(--nw-line, #eceff4);
    }
    h2 {
      margin: 0;
      font-size: 15px;
      flex: 1;
    }
    button.close {
      border: 1px solid var(--nw-control-border, #cfd5df);
      background: var(--nw-control, #fff);
      color: inherit;
      border-radius: 6px;
      cursor: pointer;
      font: inherit;
      padding: 2px 10px;
    }
    .grid {
      overflow: auto;
      padding: 14px;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
      gap: 12px;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: 4px;
      text-align: left;
      font: inherit;
      color: inherit;
      padding: 8px;
      border: 1px solid var(--border, #dde1e8);
      border-radius: 8px;
      background: var(--nw-surface, #fff);
      cursor: pointer;
    }
    .card:hover,
    .card:focus-visible {
      border-color: var(--accent, #3d6fd8);
      background: var(--nw-hover, #eef3fc);
      outline: none;
    }
    .card.current {
      box-shadow: inset 0 0 0 2px var(--accent, #3d6fd8);
    }
    svg {
      width: 100%;
      height: 110px;
      background: var(--nw-editor-bg, #eef1f5);
      border-radius: 5px;
    }
    .wire {
      fill: none;
      stroke: var(--muted, #6b7385);
      stroke-opacity: 0.6;
    }
    .box {
      stroke: var(--nw-surface, #fff);
    }
    .title {
      font-weight: 600;
    }
    .blurb {
      color: var(--muted, #6b7385);
      font-size: 12px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // Keyboard users land in the dialog.
    if (changed.has('open') && this.open) this.renderRoot.querySelector<HTMLElement>('.card')?.focus();
  }

  private onKey = (e: KeyboardEvent): void => {
    if (this.open && e.key === 'Escape') {
      e.stopPropagation();
      this.close();
    }
  };

  private close(): void {
    this.open = false;
    this.dispatchEvent(new CustomEvent('nw-close-gallery', { bubbles: true, composed: true }));
  }

  private choose(name: string): void {
    this.close();
    this.dispatchEvent(new CustomEvent('nw-open-example', { detail: { name }, bubbles: true, composed: true }));
  }

  private thumb(name: string): TemplateResult {
    const t = thumbnailOf(name);
    if (!t) return html`<svg aria-hidden="true"></svg>`;
    // Scaled as a whole: strokes in screen px (vector-effect) stay visible at any scale.
    return html`<svg viewBox=${t.viewBox} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      ${t.wires.map((d) => svg`<path class="wire" d=${d} stroke-width="1.2" vector-effect="non-scaling-stroke"></path>`)}
      ${t.boxes.map((b) => svg`<rect class="box" x=${b.x} y=${b.y} width=${b.width} height=${b.height} rx="10" fill=${b.color} stroke-width="1" vector-effect="non-scaling-stroke"></rect>`)}
    </svg>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    return html`<div class="backdrop" @click=${(e: Event) => e.target === e.currentTarget && this.close()} style="position:absolute;inset:0">
      <div class="dialog" role="dialog" aria-modal="true" aria-label="Open an example" data-testid="example-gallery">
        <header>
          <h2>Open an example</h2>
          <button class="close" data-testid="example-gallery-close" title="close (Escape)" @click=${() => this.close()}>×</button>
        </header>
        <div class="grid">
          ${Object.entries(EXAMPLES).map(
            ([name, ex]) => html`<button class="card ${name === this.current ? 'current' : ''}" data-testid="gallery-open-${name}" title=${ex.title} @click=${() => this.choose(name)}>
              ${this.thumb(name)}
              <span class="title">${ex.title}</span>
              <span class="blurb">${ex.blurb}</span>
            </button>`,
          )}
        </div>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nw-example-gallery': ExampleGallery;
  }
}

if (!customElements.get('nw-example-gallery')) customElements.define('nw-example-gallery', ExampleGallery);
