/**
 * `<nw-split-handle>`: the bar between two panes that resizes the pane after it (right of a
 * vertical bar, below a horizontal one). Drag it, or focus it and use the arrow keys (Shift:
 * bigger steps; Home / End: smallest / largest); a double-click resets the pane to its default.
 * It says nothing of storage: it sends `nw-pane-size` ({ size, commit, reset }) and the owner
 * sets and keeps the size (commit: the gesture ended, keep it; reset: back to the default). The
 * pane's size and largest size are asked for when a gesture starts (`measure`, `limit`): the
 * page lays out nothing for the handle meanwhile.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { clampSize, draggedSize } from './pane-sizes.ts';

export interface PaneSizeDetail {
  /** The pane's new size, px. */
  size: number;
  /** The gesture ended (pointer up, a key, a reset): the owner keeps the size. */
  commit: boolean;
  /** A double-click asked for the default size. */
  reset?: boolean;
}

/** Arrow-key steps, px. */
const STEP = 16;
const BIG_STEP = 80;

export class SplitHandle extends LitElement {
  static override properties = {
    axis: { type: String, reflect: true },
    min: { type: Number },
    label: { type: String },
    dragging: { type: Boolean, reflect: true },
  };
  /** 'x': a vertical bar (the pane's width changes); 'y': a horizontal bar (its height). */
  declare axis: 'x' | 'y';
  /** The pane's size now (px). */
  measure: () => number = () => 300;
  /** The largest size the pane may have now (px; the window may have changed). */
  limit: () => number = () => 10_000;
  /** The smallest size (px). */
  declare min: number;
  /** What the pane is, for screen readers ("inspector width"). */
  declare label: string;
  declare dragging: boolean;
  private start: { at: number; size: number; max: number } | null = null;

  constructor() {
    super();
    this.axis = 'x';
    this.min = 100;
    this.label = 'pane size';
    this.dragging = false;
  }

  static override styles = css`
    :host {
      display: block;
      position: relative;
      z-index: 5;
      background: var(--border, #dde1e8);
      touch-action: none;
      outline: none;
    }
    :host([axis='x']) {
      cursor: col-resize;
      width: 5px;
    }
    :host([axis='y']) {
      cursor: row-resize;
      height: 5px;
    }
    :host(:hover),
    :host(:focus-visible),
    :host([dragging]) {
      background: var(--accent, #3d6fd8);
    }
    /* A wider grip than the bar (easier to catch), never past the window's edges. */
    .grip {
      position: absolute;
    }
    :host([axis='x']) .grip {
      inset: 0 -4px;
    }
    :host([axis='y']) .grip {
      inset: -4px 0;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.tabIndex = 0;
    this.setAttribute('role', 'separator');
    this.addEventListener('pointerdown', this.onDown);
    this.addEventListener('keydown', this.onKey);
    this.addEventListener('dblclick', this.onReset);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('pointerdown', this.onDown);
    this.removeEventListener('keydown', this.onKey);
    this.removeEventListener('dblclick', this.onReset);
  }

  protected override updated(): void {
    this.setAttribute('aria-orientation', this.axis === 'x' ? 'vertical' : 'horizontal');
    this.setAttribute('aria-label', this.label);
    this.setAttribute('aria-valuemin', String(this.min));
  }

  private send(size: number, commit: boolean, reset = false): void {
    this.setAttribute('aria-valuenow', String(Math.round(size)));
    this.dispatchEvent(new CustomEvent<PaneSizeDetail>('nw-pane-size', { detail: { size, commit, reset }, bubbles: true, composed: true }));
  }

  private coord(e: PointerEvent): number {
    return this.axis === 'x' ? e.clientX : e.clientY;
  }

  private onDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    this.setPointerCapture(e.pointerId);
    this.start = { at: this.coord(e), size: this.measure(), max: this.limit() };
    this.dragging = true;
    this.addEventListener('pointermove', this.onMove);
    this.addEventListener('pointerup', this.onUp);
    this.addEventListener('pointercancel', this.onUp);
  };

  private onMove = (e: PointerEvent): void => {
    if (!this.start) return;
    this.send(draggedSize(this.start.size, this.coord(e) - this.start.at, this.min, this.start.max), false);
  };

  private onUp = (e: PointerEvent): void => {
    if (this.start) this.send(draggedSize(this.start.size, this.coord(e) - this.start.at, this.min, this.start.max), true);
    this.start = null;
    this.dragging = false;
    this.removeEventListener('pointermove', this.onMove);
    this.removeEventListener('pointerup', this.onUp);
    this.removeEventListener('pointercancel', this.onUp);
  };

  private onKey = (e: KeyboardEvent): void => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    // The pane is after the bar: ← / ↑ move the bar towards the start and make the pane bigger.
    const grow: Record<string, number> = this.axis === 'x' ? { ArrowLeft: step, ArrowRight: -step } : { ArrowUp: step, ArrowDown: -step };
    const d = grow[e.key];
    let size: number | null = null;
    const max = this.limit();
    if (d !== undefined) size = clampSize(this.measure() + d, this.min, max);
    else if (e.key === 'Home') size = clampSize(this.min, this.min, max);
    else if (e.key === 'End') size = clampSize(max, this.min, max);
    else if (e.key === 'Enter') return this.onReset();
    if (size === null) return;
    e.preventDefault();
    e.stopPropagation();
    this.send(size, true);
  };

  private onReset = (): void => this.send(this.measure(), true, true);

  protected override render(): TemplateResult {
    return html`<div class="grip"></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nw-split-handle': SplitHandle;
  }
}

if (!customElements.get('nw-split-handle')) customElements.define('nw-split-handle', SplitHandle);
