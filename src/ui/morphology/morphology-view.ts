/**
 * `<nw-morphology-view>`: a morphology-view block's figure drawn on a 2-D canvas. Pan (drag),
 * zoom (wheel, around the cursor), fit; segments coloured by compartment or by a value with a
 * colour bar; for voltage a time slider and a play button that animates the run with
 * requestAnimationFrame (each frame: colour indices computed once and cached, segments drawn
 * as one path per colour); markers at recorders, clamps, synapses and detectors; hover shows a
 * node's id, compartment, distance from the soma and value, a click also dispatches
 * `nw-node-pick` ({nodeId, node}) for the app to feed a selection (see pick.ts).
 *
 * Test hooks: `valueAt(node)`, `colourAt(node)`, `colourOfValue(v)`, `frame`, `time`,
 * `drawnFrames`, `setFrame(k)`, `play()`/`pause()`; test ids `morph-<id>` (the element),
 * `morph-<id>-time` (slider), `morph-<id>-play`, `morph-<id>-fit`.
 */
import { panelStyles } from '../panel-styles.ts';
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { VIRIDIS_STOPS, bucketOf, NO_VALUE_COLOUR } from '../../../nodes/morphology-colours.ts';
import { MARKER_STYLE, MAX_RECORDER_MARKERS } from '../../../nodes/morphology-view.ts';
import type { FigureValue, MorphologyData, MorphologyMarker } from '../../../nodes/values.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';
import { download } from '../table-view.ts';
import type { NodePickDetail } from './pick.ts';
import {
  FrameCache,
  GridIndex,
  bounds,
  colourOfIndex,
  fitTransform,
  frameBuckets,
  frameCount,
  groupSegments,
  initialFrame,
  paletteOf,
  panBy,
  preOrder,
  toData,
  zoomAt,
  type SegmentGroups,
  type ViewTransform,
} from './render-model.ts';

/** Pick radius around the cursor (CSS px). */
const PICK_PX = 6;
/** Pointer travel (CSS px) below which a press is a click, not a drag. */
const CLICK_PX = 4;
/** At 1× a run plays in this many seconds. */
const RUN_SECONDS = 5;
const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4] as const;

const fmt = (v: number, digits = 3) => (Math.abs(v) >= 1000 || v === Math.round(v) ? String(Math.round(v * 1000) / 1000) : v.toPrecision(digits));

export class MorphologyView extends LitElement {
  static override properties = {
    nodeId: { type: String },
    figure: { attribute: false },
    status: { attribute: false },
    playing: { state: true },
    frame: { state: true },
    hover: { state: true },
    speed: { state: true },
  };

  declare nodeId: string;
  declare figure: FigureValue | null;
  declare status: NodeStatus;
  declare playing: boolean;
  /** Current frame (index into the voltage times; 0 without voltage). */
  declare frame: number;
  private declare hover: { row: number; x: number; y: number } | null;
  private declare speed: number;

  /** Canvas draws so far (each pan, zoom, resize or animation frame). */
  drawnFrames = 0;
  /** Fixed line width (CSS px), else from the zoom. */
  lineWidth: number | null = null;
  /** Time (ms) of the last draw call, for the bench. */
  lastDrawMs = 0;

  private data: MorphologyData | null = null;
  private palette: string[] = [];
  private grid: GridIndex | null = null;
  private rowOf = new Map<number, number>();
  /** Rows in depth-first pre-order (segments drawn as polylines along the cable). */
  private rows: Int32Array = new Int32Array(0);
  private transform: ViewTransform | null = null;
  private frames = new FrameCache();
  private buckets: Int16Array<ArrayBufferLike> = new Int16Array(0);
  private groups: SegmentGroups | null = null;
  private groupsFrame = -1;
  /** Screen positions of the nodes for the current transform (recomputed on pan/zoom/resize only). */
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  private screenOf: ViewTransform | null = null;
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

  static override styles = [
    panelStyles,
    css`
    :host {
      min-height: 220px;
    }
    .bar,
    .timebar {
      display: flex;
      align-items: center;
      gap: 5px;
      padding: 3px 6px;
      min-height: 24px;
    }
    .bar {
      border-bottom: 1px solid #eee;
    }
    .timebar {
      border-top: 1px solid #eee;
    }
    .id,
    .t {
      color: #888;
      font-family: ui-monospace, monospace;
      font-size: 11px;
    }
    .t {
      min-width: 82px;
      color: #333;
    }
    button,
    select {
      font: inherit;
      font-size: 11px;
      padding: 1px 7px;
      border: 1px solid #ccc;
      border-radius: 3px;
      background: #f7f7f7;
      color: #222;
      cursor: pointer;
    }
    input[type='range'] {
      flex: 1;
      min-width: 80px;
    }
    .stage {
      position: relative;
      flex: 1 1 auto;
      min-height: 120px;
      overflow: hidden;
    }
    canvas {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      cursor: grab;
      touch-action: none;
    }
    canvas.dragging {
      cursor: grabbing;
    }
    canvas.dim {
      opacity: 0.55;
    }
    .legend {
      position: absolute;
      right: 6px;
      top: 6px;
      background: rgba(255, 255, 255, 0.85);
      border-radius: 3px;
      padding: 4px 6px;
      font-size: 11px;
      pointer-events: none;
      max-height: calc(100% - 12px);
      overflow: hidden;
    }
    .cbar {
      display: flex;
      gap: 4px;
      align-items: stretch;
      height: 120px;
    }
    .cbar .ramp {
      width: 12px;
      border: 1px solid #999;
    }
    .cbar .ticks {
      display: flex;
      flex-direction: column;
      justify-content: space-between;
    }
    .chip {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 4px;
      vertical-align: -1px;
    }
    .row {
      white-space: nowrap;
    }
    .note {
      position: absolute;
      left: 6px;
      bottom: 4px;
      right: 6px;
      font-size: 10px;
      color: #777;
      pointer-events: none;
    }
    .tip {
      position: absolute;
      pointer-events: none;
      background: rgba(30, 30, 30, 0.9);
      color: #fff;
      padding: 4px 7px;
      border-radius: 3px;
      font-size: 11px;
      white-space: nowrap;
      z-index: 3;
    }
    .progress {
      position: absolute;
      left: 0;
      right: 0;
      top: 0;
      height: 3px;
      background: #e8eef8;
      z-index: 2;
    }
    .progress > div {
      height: 100%;
      background: #3b73d1;
    }
  `,
  ];

  // -------------------------------------------------------------------------------------------
  // Test hooks

  /** The value node `node` (skeleton id) is coloured by now, or null (no value, or unknown node). */
  valueAt(node: number): number | null {
    const d = this.data;
    const row = this.rowOf.get(node);
    if (!d || row === undefined) return null;
    if (d.colourBy === 'compartment') return d.compartment[row];
    const v = d.voltage;
    if (v) {
      const s = v.source[row];
      return s < 0 ? null : v.frames[this.frame * v.recorded.length + s];
    }
    const x = d.values[row];
    return Number.isNaN(x) ? null : x;
  }

  /** The colour node `node` is drawn in now ('#rrggbb'). */
  colourAt(node: number): string {
    const row = this.rowOf.get(node);
    if (!this.data || row === undefined) return NO_VALUE_COLOUR;
    this.ensureGroups();
    return colourOfIndex(this.palette, this.buckets[row]);
  }

  /** The colour a value is drawn in (continuous colourings). */
  colourOfValue(v: number): string {
    const d = this.data;
    if (!d) return NO_VALUE_COLOUR;
    return colourOfIndex(this.palette, d.colourBy === 'compartment' ? v : bucketOf(v, d.range[0], d.range[1]));
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
    const row = this.rowOf.get(node);
    if (row === undefined || !this.transform || !this.data) return null;
    this.ensureScreen();
    return [this.sx[row], this.sy[row]];
  }

  play(): void {
    const d = this.data;
    if (!d?.voltage || frameCount(d) < 2 || this.playing) return;
    this.playing = true;
    this.playClock = performance.now();
    this.playTime = this.time ?? 0;
    const tick = (now: number) => {
      if (!this.playing || !this.data?.voltage) return;
      const v = this.data.voltage;
      const t0 = v.times[0];
      const t1 = v.times[v.times.length - 1];
      const rate = ((t1 - t0) / RUN_SECONDS) * this.speed; // ms of run per s
      this.playTime += ((now - this.playClock) / 1000) * rate;
      this.playClock = now;
      if (this.playTime > t1) this.playTime = t0 + ((this.playTime - t0) % Math.max(t1 - t0, 1e-9));
      const k = Math.min(v.times.length - 1, Math.max(0, Math.round(((this.playTime - t0) / Math.max(t1 - t0, 1e-9)) * (v.times.length - 1))));
      if (k !== this.frame) {
        this.frame = k;
        this.draw();
        this.syncTimebar();
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
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
    this.syncTimebar();
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
    const prev = this.data;
    this.data = d;
    this.frames = new FrameCache();
    this.groups = null;
    this.groupsFrame = -1;
    this.screenOf = null;
    if (!d) {
      this.pause();
      return;
    }
    this.palette = paletteOf(d);
    const same = prev && prev.ids.length === d.ids.length && prev.axes[0] === d.axes[0] && prev.axes[1] === d.axes[1] && prev.flipVertical === d.flipVertical && prev.x[0] === d.x[0];
    if (!same || !this.grid) {
      this.grid = new GridIndex(d.x, d.y);
      this.rows = preOrder(d.parent);
      this.rowOf = new Map();
      for (let i = 0; i < d.ids.length; i++) this.rowOf.set(d.ids[i], i);
      this.transform = null;
    }
    // A new run: start at the block's time (or keep the frame while playing).
    if (!this.playing || !d.voltage) this.frame = initialFrame(d);
    else this.frame = Math.min(this.frame, frameCount(d) - 1);
    if (!d.voltage) this.pause();
    this.hover = null;
  }

  // -------------------------------------------------------------------------------------------
  // Drawing

  /** Colour indices of the current frame and its segments grouped by colour (groups cached per frame). */
  private ensureGroups(): void {
    const d = this.data!;
    const k = d.voltage ? this.frame : 0;
    if (this.groups && this.groupsFrame === k) return;
    const n = d.ids.length;
    this.buckets = frameBuckets(d, k, this.buckets.length === n ? this.buckets : new Int16Array(n));
    const colours = this.palette.length;
    this.groups = this.frames.get(k, () => groupSegments(d.parent, this.buckets, colours, this.rows));
    this.groupsFrame = k;
  }

  private ensureScreen(): void {
    const d = this.data!;
    const t = this.transform!;
    if (this.screenOf === t && this.sx.length === d.ids.length) return;
    const n = d.ids.length;
    if (this.sx.length !== n) {
      this.sx = new Float32Array(n);
      this.sy = new Float32Array(n);
    }
    const s = t.scale;
    const sy = t.flip ? s : -s;
    for (let i = 0; i < n; i++) {
      this.sx[i] = d.x[i] * s + t.tx;
      this.sy[i] = d.y[i] * sy + t.ty;
    }
    this.screenOf = t;
  }

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
    this.syncTimebar();
  }

  /** Draw everything: segments by colour (one path each), the soma, the markers. */
  draw(): void {
    const ctx = this.ctx;
    const d = this.data;
    if (!ctx || !this.canvas) return;
    const t0 = performance.now();
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.width, this.height);
    if (!d || !this.width) return;
    if (!this.transform) this.transform = fitTransform(bounds(d.x, d.y), this.width, this.height, d.flipVertical);
    this.ensureScreen();
    this.ensureGroups();
    const { order, start } = this.groups!;
    const sx = this.sx;
    const sy = this.sy;
    const par = d.parent;
    // 1 px lines (Skia's fast path for thin strokes: 3-4× faster to raster than 1.2 px) until
    // the zoom makes the cable wider.
    const w = 0.15 * this.transform.scale;
    ctx.lineWidth = this.lineWidth ?? (w <= 1.5 ? 1 : Math.min(4, w));
    ctx.lineCap = 'butt';
    ctx.lineJoin = 'bevel';
    const colours = this.palette.length;
    // Grey (no value) first, under the coloured segments.
    for (const c of [colours, ...Array.from({ length: colours }, (_, k) => k)]) {
      const a = start[c];
      const b = start[c + 1];
      if (a === b) continue;
      ctx.strokeStyle = colourOfIndex(this.palette, c);
      ctx.beginPath();
      let last = -1;
      for (let k = a; k < b; k++) {
        const i = order[k];
        const p = par[i];
        // Continue the polyline when this segment starts where the last one ended.
        if (p !== last) ctx.moveTo(sx[p], sy[p]);
        ctx.lineTo(sx[i], sy[i]);
        last = i;
      }
      ctx.stroke();
    }
    if (d.soma >= 0) {
      const r = Math.max(4, Math.min(40, d.radius[d.soma] * this.transform.scale));
      ctx.beginPath();
      ctx.arc(sx[d.soma], sy[d.soma], r, 0, 2 * Math.PI);
      ctx.fillStyle = colourOfIndex(this.palette, this.buckets[d.soma]);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#222';
      ctx.stroke();
    }
    this.drawMarkers(ctx, d);
    if (this.hover) {
      const r = this.hover.row;
      ctx.beginPath();
      ctx.arc(sx[r], sy[r], 5, 0, 2 * Math.PI);
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#000';
      ctx.stroke();
    }
    this.drawnFrames++;
    this.lastDrawMs = performance.now() - t0;
  }

  private drawMarkers(ctx: CanvasRenderingContext2D, d: MorphologyData): void {
    const byKind = new Map<MorphologyMarker['kind'], number[]>();
    for (const m of d.markers) {
      const row = this.rowOf.get(m.node);
      if (row === undefined) continue;
      const list = byKind.get(m.kind) ?? [];
      list.push(row);
      byKind.set(m.kind, list);
    }
    ctx.lineWidth = 1.5;
    for (const [kind, rows] of byKind) {
      if (kind === 'recorder' && rows.length > MAX_RECORDER_MARKERS) continue;
      const st = MARKER_STYLE[kind];
      ctx.strokeStyle = st.colour;
      ctx.fillStyle = st.colour;
      ctx.beginPath();
      for (const r of rows) {
        const x = this.sx[r];
        const y = this.sy[r];
        if (kind === 'recorder') {
          ctx.moveTo(x + 4, y);
          ctx.arc(x, y, 4, 0, 2 * Math.PI);
        } else if (kind === 'clamp') {
          ctx.moveTo(x, y - 7);
          ctx.lineTo(x + 6, y + 4);
          ctx.lineTo(x - 6, y + 4);
          ctx.closePath();
        } else if (kind === 'synapse') {
          ctx.moveTo(x, y - 3.5);
          ctx.lineTo(x + 3.5, y);
          ctx.lineTo(x, y + 3.5);
          ctx.lineTo(x - 3.5, y);
          ctx.closePath();
        } else if (kind === 'netstim') {
          ctx.moveTo(x + 4, y - 8);
          ctx.arc(x, y - 8, 4, 0, 2 * Math.PI);
          ctx.moveTo(x, y - 4);
          ctx.lineTo(x, y);
        } else {
          ctx.rect(x - 4, y - 4, 8, 8);
        }
      }
      if (kind === 'recorder' || kind === 'netstim') ctx.stroke();
      else {
        ctx.globalAlpha = 0.85;
        ctx.fill();
        ctx.globalAlpha = 1;
      }
    }
  }

  /** Move the slider and time label without a Lit update (every animation frame). */
  private syncTimebar(): void {
    const slider = this.renderRoot.querySelector<HTMLInputElement>('input[type=range]');
    if (slider && Number(slider.value) !== this.frame) slider.value = String(this.frame);
    const label = this.renderRoot.querySelector('.t');
    const t = this.time;
    if (label) label.textContent = t !== null ? `t = ${t.toFixed(3)} ms` : '';
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
    if (!this.grid || !this.transform || !this.canvas) return -1;
    const r = this.canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const [dx, dy] = toData(this.transform, x, y);
    const row = this.grid.nearest(dx, dy, PICK_PX / this.transform.scale);
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
  // Template

  private legend(d: MorphologyData): TemplateResult {
    const markerKinds = [...new Set(d.markers.map((m) => m.kind))];
    const counts = (k: MorphologyMarker['kind']) => d.markers.filter((m) => m.kind === k).length;
    const markers = markerKinds.map((k) => {
      const st = MARKER_STYLE[k];
      const n = counts(k);
      const hidden = k === 'recorder' && n > MAX_RECORDER_MARKERS;
      return html`<div class="row"><span class="chip" style="background:${hidden ? 'transparent' : st.colour};border:1px solid ${st.colour}"></span>${st.name} (${n}${hidden ? ', not drawn' : ''})</div>`;
    });
    if (d.colourBy === 'compartment') {
      const present = new Set(d.compartment);
      return html`<div class="legend">
        ${d.compartmentNames.map((n, k) => (present.has(k) ? html`<div class="row"><span class="chip" style="background:${this.palette[k]}"></span>${n}</div>` : nothing))}
        ${markers}
      </div>`;
    }
    const ramp = `linear-gradient(to top, ${VIRIDIS_STOPS.join(', ')})`;
    const [lo, hi] = d.range;
    return html`<div class="legend">
      <div class="row">${d.valueName}${d.unit ? ` (${d.unit})` : ''}</div>
      <div class="cbar">
        <div class="ramp" style="background:${ramp}"></div>
        <div class="ticks"><span>${fmt(hi)}</span><span>${fmt((lo + hi) / 2)}</span><span>${fmt(lo)}</span></div>
      </div>
      ${d.voltage?.fill === 'grey' || d.values.some(Number.isNaN) ? html`<div class="row"><span class="chip" style="background:${NO_VALUE_COLOUR}"></span>no value</div>` : nothing}
      ${markers}
    </div>`;
  }

  private tooltip(d: MorphologyData): TemplateResult | typeof nothing {
    const h = this.hover;
    if (!h) return nothing;
    const id = d.ids[h.row];
    const dist = d.distance[h.row];
    const v = this.valueAt(id);
    const value = d.colourBy === 'compartment' ? null : v === null ? 'no value' : `${fmt(v, 4)}${d.unit ? ` ${d.unit}` : ''}`;
    const src = d.voltage && d.voltage.source[h.row] >= 0 && d.voltage.recorded[d.voltage.source[h.row]] !== h.row ? ` (from node ${d.ids[d.voltage.recorded[d.voltage.source[h.row]]]})` : '';
    const left = Math.min(h.x + 12, Math.max(0, this.width - 190));
    const top = h.y + 14 > this.height - 70 ? h.y - 74 : h.y + 14;
    return html`<div class="tip" style="left:${left}px;top:${top}px" data-testid="morph-${this.nodeId}-tip">
      <div><b>node ${id}</b> · ${d.compartmentNames[d.compartment[h.row]]}</div>
      <div>${Number.isNaN(dist) ? 'no soma: distance unknown' : `${fmt(dist, 4)} µm from the soma`}</div>
      ${value !== null ? html`<div>${d.valueName} = ${value}${src}${d.voltage ? ` at ${(this.time ?? 0).toFixed(3)} ms` : ''}</div>` : nothing}
    </div>`;
  }

  private overlay(): TemplateResult | typeof nothing {
    const s = this.status ?? { state: 'idle' };
    if (s.state === 'running') return html`<div class="progress"><div style="width:${Math.round(s.progress * 100)}%"></div></div>`;
    if (s.state === 'error') return html`<div class="msg error" role="alert">${s.message}</div>`;
    if (s.state === 'waiting') return html`<div class="msg waiting">${s.message}</div>`;
    if (!this.figure?.morphology) return html`<div class="msg empty">${this.figure ? 'this figure has no morphology to draw' : 'no result yet'}</div>`;
    return nothing;
  }

  protected override render(): TemplateResult {
    const d = this.figure?.morphology ?? null;
    const id = this.nodeId;
    const n = d ? frameCount(d) : 0;
    const stale = this.status?.state === 'running' || this.status?.state === 'error' || this.status?.state === 'waiting';
    return html`<div class="panel">
      <div class="bar">
        <span class="title">${this.figure?.title ?? 'Morphology'}</span>
        <span class="id">${id}</span>
        <span class="spacer"></span>
        ${d ? html`<span class="id">${d.axes[0]}${d.axes[1]} · ${d.ids.length} nodes</span>` : nothing}
        <button data-testid="morph-${id}-fit" title="fit the neuron in the view" ?disabled=${!d} @click=${() => this.fit()}>Fit</button>
        <button data-testid="morph-${id}-export-png" title="save the view as PNG" ?disabled=${!d} @click=${() => this.exportPng()}>PNG</button>
        <button data-testid="morph-${id}-export-csv" title="save the nodes and values as CSV" ?disabled=${!this.figure} @click=${() => this.figure && download(`${this.fileBase()}.csv`, this.figure.csv, 'text/csv')}>CSV</button>
      </div>
      <div class="stage">
        <canvas class=${stale ? 'dim' : ''} @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp} @pointerleave=${this.onLeave}></canvas>
        ${d ? this.legend(d) : nothing} ${d ? this.tooltip(d) : nothing}
        ${d ? html`<div class="note">${d.note}</div>` : nothing} ${this.overlay()}
      </div>
      ${d?.voltage
        ? html`<div class="timebar">
            <button data-testid="morph-${id}-play" aria-pressed=${this.playing ? 'true' : 'false'} title=${this.playing ? 'pause' : 'play the run'} @click=${() => this.togglePlay()}>${this.playing ? '❚❚ Pause' : '▶ Play'}</button>
            <input
              type="range"
              data-testid="morph-${id}-time"
              min="0"
              max=${n - 1}
              step="1"
              .value=${String(this.frame)}
              @input=${(e: Event) => this.setFrame(Number((e.target as HTMLInputElement).value))}
            />
            <span class="t"></span>
            <select title="playback speed (1×: the whole run in ${RUN_SECONDS} s)" @change=${(e: Event) => (this.speed = Number((e.target as HTMLSelectElement).value))}>
              ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === this.speed}>${s}×</option>`)}
            </select>
          </div>`
        : nothing}
    </div>`;
  }

  private fileBase(): string {
    return (this.figure?.title || this.nodeId || 'morphology').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'morphology';
  }

  /** Set by the owner (the app): turns the exported PNG into the file downloaded (it embeds the graph). */
  decorateExport?: (format: 'png', blob: Blob) => Promise<Blob>;

  private exportPng(): void {
    this.canvas?.toBlob((b) => {
      if (!b) return;
      const name = `${this.fileBase()}.png`;
      if (this.decorateExport) void this.decorateExport('png', b).then((out) => download(name, out, 'image/png'));
      else download(name, b, 'image/png');
    }, 'image/png');
  }
}

if (!customElements.get('nw-morphology-view')) customElements.define('nw-morphology-view', MorphologyView);

declare global {
  interface HTMLElementTagNameMap {
    'nw-morphology-view': MorphologyView;
  }
}
