/**
 * `<nw-morphology-view>`: a morphology-view block's figure drawn on a 2-D canvas. Pan (drag),
 * zoom (wheel, around the cursor), fit; segments coloured by compartment or by a value with a
 * colour bar; for voltage a time bar (time-bar.ts: slider, play button, speed) and an animation
 * of the run on requestAnimationFrame; markers at recorders, clamps, synapses and detectors;
 * hover shows a node's id, compartment, distance from the soma and value, a click also
 * dispatches `nw-node-pick` ({nodeId, node}) for the app to feed a selection (see pick.ts).
 * The drawing is canvas-renderer.ts (colour indices cached per frame, one path per colour);
 * this element holds the view (transform, frame, hover) and wires the pointer to it.
 *
 * Test hooks: `valueAt(node)`, `colourAt(node)`, `colourOfValue(v)`, `frame`, `time`,
 * `drawnFrames`, `setFrame(k)`, `play()`/`pause()`; test ids `morph-<id>` (the element),
 * `morph-<id>-time` (slider), `morph-<id>-play`, `morph-<id>-fit`.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { FigureValue, MorphologyData } from '../../../nodes/values.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';
import type { Staleness } from '../block-results.ts';
import { download } from '../table-view.ts';
import { LIGHT_INK, MorphologyRenderer, type Ink } from './canvas-renderer.ts';
import { THEME_EVENT } from '../layout/theme.ts';
import { legend, statusOverlay, tooltip, type Hover } from './morphology-overlays.ts';
import { morphologyStyles } from './morphology-styles.ts';
import type { NodePickDetail } from './pick.ts';
import { bounds, fitTransform, frameCount, initialFrame, panBy, zoomAt, type ViewTransform } from './render-model.ts';
import { advancePlay } from './time-bar.ts';
import './time-bar.ts';

/** Pick radius around the cursor (CSS px). */
const PICK_PX = 6;
/** Pointer travel (CSS px) below which a press is a click, not a drag. */
const CLICK_PX = 4;

export class MorphologyView extends LitElement {
  static override properties = {
    nodeId: { type: String },
    figure: { attribute: false },
    status: { attribute: false },
    stale: { attribute: false },
    playing: { state: true },
    frame: { state: true },
    hover: { state: true },
    speed: { state: true },
  };

  declare nodeId: string;
  declare figure: FigureValue | null;
  declare status: NodeStatus;
  /** Whether the figure shown is not the current result (block-results.ts); null when it is, or it is a run still going. */
  declare stale: Staleness;
  declare playing: boolean;
  /** Current frame (index into the voltage times; 0 without voltage). */
  declare frame: number;
  private declare hover: Hover | null;
  private declare speed: number;

  /** Canvas draws so far (each pan, zoom, resize or animation frame). */
  drawnFrames = 0;
  /** Fixed line width (CSS px), else from the zoom. */
  lineWidth: number | null = null;
  /** Time (ms) of the last draw call, for the bench. */
  lastDrawMs = 0;

  private readonly renderer = new MorphologyRenderer();
  private transform: ViewTransform | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private resizer: ResizeObserver | null = null;
  private raf = 0;
  private drawQueued = 0;
  private playClock = 0;
  private playTime = 0;
  private drag: { x: number; y: number; moved: boolean; id: number } | null = null;

  constructor() {
    super();
    this.nodeId = '';
    this.figure = null;
    this.status = { state: 'idle' };
    this.playing = false;
    this.frame = 0;
    this.hover = null;
    this.speed = 1;
  }

  static override styles = morphologyStyles;

  private get data(): MorphologyData | null {
    return this.renderer.data;
  }

  // -------------------------------------------------------------------------------------------
  // Test hooks

  /** The value node `node` (skeleton id) is coloured by now, or null (no value, or unknown node). */
  valueAt(node: number): number | null {
    return this.renderer.valueAt(node, this.frame);
  }

  /** The colour node `node` is drawn in now ('#rrggbb'). */
  colourAt(node: number): string {
    return this.renderer.colourAt(node, this.frame);
  }

  /** The colour a value is drawn in (continuous colourings). */
  colourOfValue(v: number): string {
    return this.renderer.colourOfValue(v);
  }

  /** Time (ms) of the current frame, or null without voltage. */
  get time(): number | null {
    return this.data?.voltage ? this.data.voltage.times[this.frame] : (this.data?.time ?? null);
  }

  /** Go to a frame (clamped) and draw it. */
  setFrame(k: number): void {
    const n = this.data ? frameCount(this.data) : 1;
    this.frame = Math.max(0, Math.min(n - 1, Math.round(k)));
    this.playTime = this.time ?? 0;
    this.drawNow();
  }

  /** Screen (CSS px, relative to the canvas) of a node, for tests that click on it. */
  screenPosition(node: number): [number, number] | null {
    return this.transform ? this.renderer.screenPosition(node, this.transform) : null;
  }

  play(): void {
    const d = this.data;
    if (!d?.voltage || frameCount(d) < 2 || this.playing) return;
    this.playing = true;
    this.playClock = performance.now();
    this.playTime = this.time ?? 0;
    const tick = (now: number) => {
      if (!this.playing || !this.data?.voltage) return;
      const step = advancePlay(this.data.voltage.times, this.playTime, now - this.playClock, this.speed);
      this.playTime = step.time;
      this.playClock = now;
      if (step.frame !== this.frame) {
        this.frame = step.frame;
        this.draw();
      }
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.raf);
  }

  /** Fit the whole neuron in the view. */
  fit(): void {
    if (!this.data || !this.width) return;
    this.transform = fitTransform(bounds(this.data.x, this.data.y), this.width, this.height, this.data.flipVertical);
    this.drawNow();
  }

  /** Pan by CSS pixels and draw at once (the bench's pan). */
  panBy(dx: number, dy: number): void {
    if (!this.transform) return;
    this.transform = panBy(this.transform, dx, dy);
    this.drawNow();
  }

  /** Zoom by a factor around a point (CSS px) and draw at once (the bench's zoom). */
  zoomAt(factor: number, x: number, y: number): void {
    if (!this.transform) return;
    this.transform = zoomAt(this.transform, factor, x, y);
    this.drawNow();
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.canvas) this.observe();
    window.addEventListener(THEME_EVENT, this.onTheme);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(THEME_EVENT, this.onTheme);
    this.pause();
    this.resizer?.disconnect();
    this.resizer = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('figure')) this.takeFigure();
  }

  protected override firstUpdated(): void {
    this.canvas = this.renderRoot.querySelector('canvas');
    this.ctx = this.canvas?.getContext('2d', { alpha: false }) ?? null;
    this.canvas?.addEventListener('wheel', this.onWheel, { passive: false });
    this.observe();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('nodeId')) this.setAttribute('data-testid', `morph-${this.nodeId}`);
    if (changed.has('status')) this.setAttribute('data-status', this.status?.state ?? 'idle');
    if (changed.has('figure')) this.drawSoon();
  }

  private observe(): void {
    const stage = this.renderRoot.querySelector('.stage');
    if (!stage || this.resizer) return;
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(stage);
    this.resize();
  }

  private resize(): void {
    const c = this.canvas;
    if (!c) return;
    const w = c.clientWidth;
    const h = c.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    if (w === this.width && h === this.height && dpr === this.dpr) return;
    const first = !this.width || !this.transform;
    const old = { w: this.width, h: this.height };
    this.width = w;
    this.height = h;
    this.dpr = dpr;
    c.width = Math.max(1, Math.round(w * dpr));
    c.height = Math.max(1, Math.round(h * dpr));
    if (first) this.fit();
    else if (this.transform) {
      // Keep the centre where it was.
      this.transform = panBy(this.transform, (w - old.w) / 2, (h - old.h) / 2);
      this.drawNow();
    }
  }

  /** A new figure: index it; keep the view unless the neuron or projection changed. */
  private takeFigure(): void {
    const d = this.figure?.morphology ?? null;
    const same = this.renderer.setData(d);
    if (!d) {
      this.pause();
      return;
    }
    if (!same) this.transform = null;
    // A new run: start at the block's time (or keep the frame while playing).
    if (!this.playing || !d.voltage) this.frame = initialFrame(d);
    else this.frame = Math.min(this.frame, frameCount(d) - 1);
    if (!d.voltage) this.pause();
    this.hover = null;
  }

  // -------------------------------------------------------------------------------------------
  // Drawing

  private drawSoon(): void {
    if (this.drawQueued) return;
    this.drawQueued = requestAnimationFrame(() => {
      this.drawQueued = 0;
      this.draw();
    });
  }

  private drawNow(): void {
    if (this.drawQueued) {
      cancelAnimationFrame(this.drawQueued);
      this.drawQueued = 0;
    }
    this.draw();
  }

  /** The canvas's colours from the theme (theme.css's properties reach here through the shadow root); null: read at the next draw. */
  private ink: Ink | null = null;

  private onTheme = (): void => {
    this.ink = null;
    this.draw();
  };

  private themeInk(): Ink {
    if (this.ink) return this.ink;
    const style = getComputedStyle(this);
    const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    // Only once connected: a detached element has no computed properties yet (and keeps the light ink until it has).
    const ink = { background: v('--nw-surface', LIGHT_INK.background), outline: v('--nw-fg-2', LIGHT_INK.outline), hover: v('--nw-fg', LIGHT_INK.hover) };
    if (this.isConnected) this.ink = ink;
    return ink;
  }

  /** Draw the view now (renderer: segments by colour, the soma, the markers, the hover ring). */
  draw(ink: Ink = this.themeInk()): void {
    const ctx = this.ctx;
    const d = this.data;
    if (!ctx || !this.canvas) return;
    const t0 = performance.now();
    if (d && this.width && !this.transform) this.transform = fitTransform(bounds(d.x, d.y), this.width, this.height, d.flipVertical);
    const view = { transform: this.transform!, width: this.width, height: this.height, dpr: this.dpr, frame: this.frame, hoverRow: this.hover?.row ?? -1, lineWidth: this.lineWidth, ink };
    if (!this.renderer.draw(ctx, view)) return;
    this.drawnFrames++;
    this.lastDrawMs = performance.now() - t0;
  }

  // -------------------------------------------------------------------------------------------
  // Interaction

  private onWheel = (e: WheelEvent): void => {
    if (!this.transform) return;
    e.preventDefault();
    const r = this.canvas!.getBoundingClientRect();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    this.zoomAt(Math.exp(-e.deltaY * unit * 0.0015), e.clientX - r.left, e.clientY - r.top);
  };

  private onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    this.drag = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
    this.canvas?.setPointerCapture(e.pointerId);
  };

  private onPointerMove = (e: PointerEvent): void => {
    const dr = this.drag;
    if (dr) {
      const dx = e.clientX - dr.x;
      const dy = e.clientY - dr.y;
      if (!dr.moved && Math.hypot(dx, dy) < CLICK_PX) return;
      dr.moved = true;
      this.canvas?.classList.add('dragging');
      dr.x = e.clientX;
      dr.y = e.clientY;
      this.hover = null;
      this.panBy(dx, dy);
      return;
    }
    this.hoverAt(e);
  };

  private onPointerUp = (e: PointerEvent): void => {
    const dr = this.drag;
    this.drag = null;
    this.canvas?.classList.remove('dragging');
    if (!dr || dr.moved) return;
    const row = this.hoverAt(e);
    if (row < 0 || !this.data) return;
    const detail: NodePickDetail = { nodeId: this.nodeId, node: this.data.ids[row] };
    this.dispatchEvent(new CustomEvent<NodePickDetail>('nw-node-pick', { detail, bubbles: true, composed: true }));
  };

  private onLeave = (): void => {
    if (this.hover) {
      this.hover = null;
      this.drawNow();
    }
  };

  /** The node under the pointer (or -1); shows its tooltip. */
  private hoverAt(e: PointerEvent | MouseEvent): number {
    if (!this.data || !this.transform || !this.canvas) return -1;
    const r = this.canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const row = this.renderer.rowAt(this.transform, x, y, PICK_PX);
    const prev = this.hover?.row ?? -1;
    this.hover = row >= 0 ? { row, x, y } : null;
    if (row !== prev) this.drawNow();
    return row;
  }

  private togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  // -------------------------------------------------------------------------------------------
  // Template (legend, tooltip and status: morphology-overlays.ts)

  protected override render(): TemplateResult {
    const d = this.figure?.morphology ?? null;
    const id = this.nodeId;
    // Dimmed when what is shown is not the current result; a figure of a run still going is current as far as it got.
    const partial = this.figure?.partial;
    const stale = this.stale != null || this.status?.state === 'error' || (this.status?.state === 'waiting' && !partial);
    return html`<div class="panel">
      <div class="bar">
        <span class="title">${this.figure?.title ?? 'Morphology'}</span>
        <span class="id">${id}</span>
        <span class="spacer"></span>
        ${d ? html`<span class="id">${d.axes[0]}${d.axes[1]} · ${d.ids.length} nodes</span>` : nothing}
        <button data-testid="morph-${id}-fit" title="fit the neuron in the view" ?disabled=${!d} @click=${() => this.fit()}>Fit</button>
        <button data-testid="morph-${id}-export-png" title="save the view as PNG" ?disabled=${!d} @click=${() => this.exportPng()}>PNG</button>
        ${partial ? html`<span class="id" data-testid="morph-${id}-partial">running… t = ${Math.round(partial.t)} ms (${Math.round(partial.fraction * 100)} %)</span>` : nothing}
        <button data-testid="morph-${id}-export-csv" title="save the nodes and values as CSV" ?disabled=${!this.figure || partial !== undefined} @click=${() => this.figure && download(`${this.fileBase()}.csv`, this.figure.csv, 'text/csv')}>CSV</button>
      </div>
      <div class="stage">
        <canvas class=${stale ? 'dim' : ''} @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp} @pointerleave=${this.onLeave}></canvas>
        ${d ? legend(d, this.renderer.palette) : nothing} ${d && this.hover ? tooltip(d, this.hover, { nodeId: id, value: this.valueAt(d.ids[this.hover.row]), time: this.time, width: this.width, height: this.height }) : nothing}
        ${d ? html`<div class="note">${d.note}</div>` : nothing} ${statusOverlay(this.status, this.figure)}
      </div>
      ${d?.voltage
        ? html`<nw-morph-time-bar
            .nodeId=${id}
            .times=${d.voltage.times}
            .frame=${this.frame}
            .playing=${this.playing}
            .speed=${this.speed}
            @nw-time-play=${() => this.togglePlay()}
            @nw-time-frame=${(e: CustomEvent<{ frame: number }>) => this.setFrame(e.detail.frame)}
            @nw-time-speed=${(e: CustomEvent<{ speed: number }>) => (this.speed = e.detail.speed)}
          ></nw-morph-time-bar>`
        : nothing}
    </div>`;
  }

  private fileBase(): string {
    return (this.figure?.title || this.nodeId || 'morphology').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'morphology';
  }

  /** Set by the owner (the app): turns the exported PNG into the file downloaded (it embeds the graph). */
  decorateExport?: (format: 'png', blob: Blob) => Promise<Blob>;

  private exportPng(): void {
    // The image on white whatever the theme (a figure for a page); the canvas's bitmap is copied
    // when toBlob is called, so the view is drawn back in its colours right after.
    this.draw(LIGHT_INK);
    this.canvas?.toBlob((b) => {
      if (!b) return;
      const name = `${this.fileBase()}.png`;
      if (this.decorateExport) void this.decorateExport('png', b).then((out) => download(name, out, 'image/png'));
      else download(name, b, 'image/png');
    }, 'image/png');
    this.draw();
  }
}

if (!customElements.get('nw-morphology-view')) customElements.define('nw-morphology-view', MorphologyView);

declare global {
  interface HTMLElementTagNameMap {
    'nw-morphology-view': MorphologyView;
  }
}
