/**
 * The morphology view's drawing, apart from the element: it indexes a figure's morphology
 * (rows in cable order, a pick grid, colour indices per frame, segments grouped by colour) and
 * draws it on a canvas 2-D context it is handed, at a view transform and a frame of the run.
 * No Lit and no DOM beyond that context, so the element around it only wires events to it.
 *
 * Segments are drawn as one path per colour (grey, no value, first), then the soma, the
 * markers of recorders, clamps, synapses and detectors, and a ring around the hovered node.
 */
import { bucketOf, NO_VALUE_COLOUR } from '../../../nodes/morphology-colours.ts';
import { MARKER_STYLE, MAX_RECORDER_MARKERS } from '../../../nodes/morphology-view.ts';
import type { MorphologyData, MorphologyMarker } from '../../../nodes/values.ts';
import { FrameCache, GridIndex, colourOfIndex, frameBuckets, groupSegments, paletteOf, preOrder, toData, valueAtFrame, type SegmentGroups, type ViewTransform } from './render-model.ts';

/** Where and when to draw. */
export interface DrawView {
  /** µm → CSS px. */
  transform: ViewTransform;
  /** Canvas size (CSS px). */
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
  /** Frame of the run (index into the voltage times; ignored without voltage). */
  frame: number;
  /** Row ringed as hovered, or -1. */
  hoverRow: number;
  /** Fixed line width (CSS px), else from the zoom. */
  lineWidth: number | null;
  /** Colours of the canvas itself (the theme's: morphology-view.ts reads them), else LIGHT_INK. */
  ink?: Ink;
}

/** The canvas's own colours: its background, the soma's outline, the hover ring (CSS colours). */
export interface Ink {
  background: string;
  outline: string;
  hover: string;
}

/** The light theme's ink (and the default). */
export const LIGHT_INK: Ink = { background: '#fff', outline: '#222', hover: '#000' };

export class MorphologyRenderer {
  /** The morphology drawn (null: nothing, the canvas is cleared). */
  data: MorphologyData | null = null;
  /** Colour per colour index (paletteOf the data). */
  palette: string[] = [];
  /** Row of each skeleton node id. */
  rowOf = new Map<number, number>();
  private grid: GridIndex | null = null;
  /** Rows in depth-first pre-order (segments drawn as polylines along the cable). */
  private rows: Int32Array = new Int32Array(0);
  private frames = new FrameCache();
  private buckets: Int16Array<ArrayBufferLike> = new Int16Array(0);
  private groups: SegmentGroups | null = null;
  private groupsFrame = -1;
  /** Screen positions (CSS px) of the nodes for `screenOf` (recomputed on pan/zoom/resize only). */
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  private screenOf: ViewTransform | null = null;

  /**
   * Take a figure's morphology (null: none). Returns true when it is the same neuron in the same
   * projection as before, so the caller may keep its view; false when it must fit it again.
   */
  setData(d: MorphologyData | null): boolean {
    const prev = this.data;
    this.data = d;
    this.frames = new FrameCache();
    this.groups = null;
    this.groupsFrame = -1;
    this.screenOf = null;
    if (!d) return false;
    this.palette = paletteOf(d);
    const same = !!prev && prev.ids.length === d.ids.length && prev.axes[0] === d.axes[0] && prev.axes[1] === d.axes[1] && prev.flipVertical === d.flipVertical && prev.x[0] === d.x[0];
    if (same && this.grid) return true;
    this.grid = new GridIndex(d.x, d.y);
    this.rows = preOrder(d.parent);
    this.rowOf = new Map();
    for (let i = 0; i < d.ids.length; i++) this.rowOf.set(d.ids[i], i);
    return false;
  }

  /** The value node `node` (skeleton id) is coloured by at `frame`, or null (no value, or unknown node). */
  valueAt(node: number, frame: number): number | null {
    const d = this.data;
    const row = this.rowOf.get(node);
    if (!d || row === undefined) return null;
    return d.colourBy === 'compartment' ? d.compartment[row] : valueAtFrame(d, frame, row);
  }

  /** The colour node `node` is drawn in at `frame` ('#rrggbb'). */
  colourAt(node: number, frame: number): string {
    const row = this.rowOf.get(node);
    if (!this.data || row === undefined) return NO_VALUE_COLOUR;
    this.ensureGroups(frame);
    return colourOfIndex(this.palette, this.buckets[row]);
  }

  /** The colour a value is drawn in (a compartment index when coloured by compartment). */
  colourOfValue(v: number): string {
    const d = this.data;
    if (!d) return NO_VALUE_COLOUR;
    return colourOfIndex(this.palette, d.colourBy === 'compartment' ? v : bucketOf(v, d.range[0], d.range[1]));
  }

  /** Screen position (CSS px) of a node under a transform, or null for an unknown node. */
  screenPosition(node: number, t: ViewTransform): [number, number] | null {
    const row = this.rowOf.get(node);
    if (row === undefined || !this.data) return null;
    this.ensureScreen(t);
    return [this.sx[row], this.sy[row]];
  }

  /** The row nearest to screen point (x, y) (CSS px) within `radius` CSS px, or -1. */
  rowAt(t: ViewTransform, x: number, y: number, radius: number): number {
    if (!this.grid) return -1;
    const [dx, dy] = toData(t, x, y);
    return this.grid.nearest(dx, dy, radius / t.scale);
  }

  /**
   * Clear the canvas to its background (white unless `view.ink` says) and draw the morphology: segments by colour (one path each), the
   * soma, the markers, the hover ring. Returns false when there was nothing to draw.
   */
  draw(ctx: CanvasRenderingContext2D, view: DrawView): boolean {
    const d = this.data;
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    const ink = view.ink ?? LIGHT_INK;
    ctx.fillStyle = ink.background;
    ctx.fillRect(0, 0, view.width, view.height);
    if (!d || !view.width) return false;
    const t = view.transform;
    this.ensureScreen(t);
    this.ensureGroups(view.frame);
    const { order, start } = this.groups!;
    const sx = this.sx;
    const sy = this.sy;
    const par = d.parent;
    // 1 px lines (Skia's fast path for thin strokes: 3-4× faster to raster than 1.2 px) until
    // the zoom makes the cable wider.
    const w = 0.15 * t.scale;
    ctx.lineWidth = view.lineWidth ?? (w <= 1.5 ? 1 : Math.min(4, w));
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
      const r = Math.max(4, Math.min(40, d.radius[d.soma] * t.scale));
      ctx.beginPath();
      ctx.arc(sx[d.soma], sy[d.soma], r, 0, 2 * Math.PI);
      ctx.fillStyle = colourOfIndex(this.palette, this.buckets[d.soma]);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = ink.outline;
      ctx.stroke();
    }
    this.drawMarkers(ctx, d);
    if (view.hoverRow >= 0) {
      const r = view.hoverRow;
      ctx.beginPath();
      ctx.arc(sx[r], sy[r], 5, 0, 2 * Math.PI);
      ctx.lineWidth = 2;
      ctx.strokeStyle = ink.hover;
      ctx.stroke();
    }
    return true;
  }

  /** Colour indices of a frame and its segments grouped by colour (groups cached per frame). */
  private ensureGroups(frame: number): void {
    const d = this.data!;
    const k = d.voltage ? frame : 0;
    if (this.groups && this.groupsFrame === k) return;
    const n = d.ids.length;
    this.buckets = frameBuckets(d, k, this.buckets.length === n ? this.buckets : new Int16Array(n));
    const colours = this.palette.length;
    this.groups = this.frames.get(k, () => groupSegments(d.parent, this.buckets, colours, this.rows));
    this.groupsFrame = k;
  }

  private ensureScreen(t: ViewTransform): void {
    const d = this.data!;
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
}
