/**
 * The custom element the Rete lit renderer mounts for a block, `<nw-block>` (title, id, comment,
 * sockets, status line). It renders into light DOM so the editor's stylesheet and the test ids
 * reach it. A socket's dot is a plain span (extensions/render.ts).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { BlockNode } from './block-node.ts';
import { categoryColor, socketColor } from './sockets.ts';
import { paramSummary, statusView } from './view-model.ts';
import { errorParts } from './error-snippet.ts';

type Emit = (signal: unknown) => void;

/** The block element of each watched block box. */
const blockOfBox = new WeakMap<Element, BlockElement>();
let observer: ResizeObserver | null = null;

/**
 * One ResizeObserver for every block, not one each (300 observers for a 300-block graph, each
 * delivering its own callback). It reports sizes after layout: reading offsetWidth on first
 * render instead forced a layout of the whole editor per block, ~1.8 s for 300 blocks.
 */
function sizeObserver(): ResizeObserver | null {
  if (typeof ResizeObserver === 'undefined') return null;
  observer ??= new ResizeObserver((entries) => {
    for (const entry of entries) blockOfBox.get(entry.target)?.resized(entry);
  });
  return observer;
}

export class BlockElement extends LitElement {
  static override properties = {
    data: { attribute: false },
    emit: { attribute: false },
  };
  declare data: BlockNode | undefined;
  declare emit: Emit | undefined;
  /** The block's box, watched for size changes by the shared observer. */
  private watched: Element | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the document after a move: watch again (first connection: firstUpdated does).
    if (this.hasUpdated) this.watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.watched) sizeObserver()?.unobserve(this.watched);
    this.watched = null;
  }

  protected override firstUpdated(_changed: PropertyValues): void {
    if (!sizeObserver()) this.measure();
  }

  protected override updated(_changed: PropertyValues): void {
    // Normally the first drawing; later if the first had no block to draw yet.
    if (!this.watched && this.isConnected) this.watch();
  }

  private watch(): void {
    const root = this.querySelector('.nw-node');
    const sizes = sizeObserver();
    if (!root || !sizes) return;
    blockOfBox.set(root, this);
    this.watched = root;
    sizes.observe(root);
  }

  /** The shared observer's report for this block (border box, px). */
  resized(entry: ResizeObserverEntry): void {
    const box = entry.borderBoxSize?.[0];
    if (box) this.sized(box.inlineSize, box.blockSize);
    else this.measure();
  }

  private sized(w: number, h: number): void {
    const node = this.data;
    if (!node || !w) return;
    if (w !== node.width || h !== node.height) {
      node.width = w;
      node.height = h;
      node.onResize?.(node);
    }
  }

  private measure(): void {
    const node = this.data;
    const root = this.querySelector<HTMLElement>('.nw-node');
    if (!node || !root || !root.offsetWidth) return;
    const w = root.offsetWidth;
    const h = root.offsetHeight;
    if (w !== node.width || h !== node.height) {
      node.width = w;
      node.height = h;
      node.onResize?.(node);
    }
  }

  override render() {
    const node = this.data;
    if (!node) return nothing;
    const { gnode, def } = node;
    const id = gnode.id;
    const emit = this.emit;
    const status = statusView(node.status);
    const summary = node.known ? paramSummary(gnode, def) : '';
    const inputs = Object.entries(def.inputs);
    const outputs = Object.entries(def.outputs);
    const rows = Math.max(inputs.length, outputs.length);
    const folded = Boolean(gnode.collapsed);
    const classes = ['nw-node', node.selected ? 'nw-selected' : '', gnode.bypass ? 'nw-bypass' : '', folded ? 'nw-folded' : ''].filter(Boolean).join(' ');
    const socket = (side: 'input' | 'output', key: string, type: string, label: string, optional: boolean) => {
      const dir = side === 'input' ? 'in' : 'out';
      const port = side === 'input' ? node.inputs[key] : node.outputs[key];
      return html`<div class="nw-port nw-port-${dir} ${optional ? 'nw-port-optional' : ''}" title="${label} (${type}${optional ? ', optional' : ''})">
        <rete-ref
          class="nw-socket"
          data-testid="socket-${id}-${dir}-${key}"
          data-type=${type}
          data-side=${side}
          data-node=${id}
          data-port=${key}
          style="--c: ${socketColor(type)}"
          .data=${{ type: 'socket', side, key, nodeId: id, payload: port?.socket }}
          .emit=${emit}
        ></rete-ref>
        <span class="nw-port-label">${label}</span>
      </div>`;
    };
    return html`<div
      class=${classes}
      data-testid="node-${id}"
      data-status=${status.state}
      data-type=${gnode.type}
      style="--cat: ${categoryColor(def.category)}"
      title=${def.description}
    >
      <div class="nw-head">
        <div class="nw-head-text">
          <div class="nw-title">${node.title}</div><div class="nw-id">${id}</div>
        </div>
        ${gnode.bypass ? html`<span class="nw-badge" data-testid="node-muted-${id}">muted</span>` : nothing}
        <button
          class="nw-fold-btn"
          data-testid="node-fold-${id}"
          title=${folded ? 'unfold: show the parameter summary and status' : 'fold: title and sockets only'}
          @pointerdown=${(e: Event) => e.stopPropagation()}
          @click=${(e: Event) => {
            e.stopPropagation();
            // The editor's fold extension listens for this on its container (extensions/fold-lod.ts).
            this.dispatchEvent(new CustomEvent('nw-fold', { detail: { id, collapsed: !folded }, bubbles: true, composed: true }));
          }}
        >${folded ? '▸' : '▾'}</button>
        ${outputs.length
          ? html`<button
              class="nw-probe-btn"
              data-testid="node-probe-${id}"
              title="probe: show this block's output"
              @pointerdown=${(e: Event) => e.stopPropagation()}
              @click=${(e: Event) => {
                e.stopPropagation();
                node.onProbe?.(node);
              }}
            >◉</button>`
          : nothing}
      </div>
      <div class="nw-lod" data-testid="node-lod-${id}" aria-hidden="true"><div class="nw-lod-text">${node.title}</div></div>
      ${gnode.comment && !folded ? html`<div class="nw-comment" data-testid="node-comment-${id}" title=${gnode.comment}>${gnode.comment}</div>` : nothing}
      ${summary && !folded ? html`<div class="nw-summary">${summary}</div>` : nothing}
      <div class="nw-ports">
        ${Array.from({ length: rows }, (_, r) => {
          const i = inputs[r];
          const o = outputs[r];
          return html`<div class="nw-row">
            ${i ? socket('input', i[0], i[1].type, i[1].label, Boolean(i[1].optional)) : html`<span></span>`}
            ${o ? socket('output', o[0], o[1].type, o[1].label, false) : nothing}
          </div>`;
        })}
      </div>
      <div ?hidden=${folded} class="nw-status nw-st-${status.state}${status.warnings ? ' nw-warn' : ''}" data-testid="node-status-${id}" data-warnings=${status.warnings?.length ?? 0} title=${status.warnings?.length ? status.warnings.join('\n') : status.text}>${status.progress !== null
          ? html`<div class="nw-bar"><div style="width: ${(status.progress * 100).toFixed(1)}%"></div></div>`
          : nothing}${status.state === 'error' && status.text.includes('\n') ? codeError(status.text) : html`<span class="nw-status-text">${status.text}</span>`}</div>
    </div>`;
  }
}

/** An error quoting source lines (a .mod compile error): each place, then its line and caret in monospace (the first two; the tooltip has all). */
function codeError(text: string) {
  const parts = errorParts(text, 30);
  return html`<div class="nw-status-text nw-status-code" data-testid="node-error-code">
    ${parts.slice(0, 2).map((p) => html`<div class="nw-err-head">${p.head}</div>${p.code ? html`<pre class="nw-err-code">${p.code.line}\n${p.code.caret}</pre>` : nothing}`)}
    ${parts.length > 2 ? html`<div class="nw-err-more">(${parts.length - 2} more: select the block)</div>` : nothing}
  </div>`;
}

/** Define the elements once (the module may be loaded twice in tests or hot reload). */
export function defineElements(): void {
  if (!customElements.get('nw-block')) customElements.define('nw-block', BlockElement);
}
