/**
 * Custom elements the Rete lit renderer mounts: `<nw-block>` (a block: title, id, comment,
 * sockets, status line) and `<nw-socket>` (a socket's dot). Both render into light DOM so the
 * editor's stylesheet and the test ids reach them.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { BlockNode } from './block-node.ts';
import { categoryColor, socketColor } from './sockets.ts';
import { paramSummary, statusView } from './view-model.ts';
import { errorParts } from './error-snippet.ts';

type Emit = (signal: unknown) => void;

export class BlockElement extends LitElement {
  static override properties = {
    data: { attribute: false },
    emit: { attribute: false },
  };
  declare data: BlockNode | undefined;
  declare emit: Emit | undefined;
  private observer: ResizeObserver | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver !== 'undefined') {
      // The observer reports the size after layout: reading offsetWidth here instead (or on
      // first render) forced a layout of the whole editor per block, ~1.8 s for 300 blocks.
      this.observer = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.borderBoxSize?.[0];
        if (box) this.sized(box.inlineSize, box.blockSize);
        else this.measure();
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = null;
  }

  protected override firstUpdated(_changed: PropertyValues): void {
    const root = this.querySelector('.nw-node');
    if (root && this.observer) this.observer.observe(root);
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

export class SocketElement extends LitElement {
  static override properties = { data: { attribute: false } };
  declare data: { name: string } | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`<span class="nw-dot" style=${this.data ? `--c: ${socketColor(this.data.name)}` : ''}></span>`;
  }
}

/** Define the elements once (the module may be loaded twice in tests or hot reload). */
export function defineElements(): void {
  if (!customElements.get('nw-block')) customElements.define('nw-block', BlockElement);
  if (!customElements.get('nw-socket')) customElements.define('nw-socket', SocketElement);
}
