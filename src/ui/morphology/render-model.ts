/**
 * The DOM-free parts of the morphology view: the pan/zoom transform between µm and CSS pixels,
 * a uniform grid index for "which node is under the cursor", the colour bucket of every node at
 * a frame of the run, and segments grouped by colour (one canvas path per colour).
 */
import { BUCKETS, bucketColours, bucketOf, compartmentColours, NO_VALUE_COLOUR } from '../../../nodes/morphology-colours.ts';
import type { MorphologyData } from '../../../nodes/values.ts';

/** Screen = (x·scale + tx, ∓y·scale + ty): y up on screen unless the data's vertical axis points down. */
export interface ViewTransform {
  /** CSS pixels per µm. */
  scale: number;
  tx: number;
  ty: number;
  /** Vertical axis pointing down (screen y grows with data y). */
  flip: boolean;
}

export function toScreen(t: ViewTransform, x: number, y: number): [number, number] {
  return [x * t.scale + t.tx, (t.flip ? y : -y) * t.scale + t.ty];
}

export function toData(t: ViewTransform, sx: number, sy: number): [number, number] {
  const y = (sy - t.ty) / t.scale;
  return [(sx - t.tx) / t.scale, t.flip ? y : -y];
}

/** Bounds [x0, y0, x1, y1] of the points (µm). */
export function bounds(x: ArrayLike<number>, y: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < x0) x0 = x[i];
    if (x[i] > x1) x1 = x[i];
    if (y[i] < y0) y0 = y[i];
    if (y[i] > y1) y1 = y[i];
  }
  return x0 === Infinity ? [0, 0, 0, 0] : [x0, y0, x1, y1];
}

/** The transform that shows the bounds centred in a w×h box with `pad` CSS pixels around. */
export function fitTransform(b: [number, number, number, number], w: number, h: number, flip: boolean, pad = 16): ViewTransform {
  const dx = Math.max(b[2] - b[0], 1e-6);
  const dy = Math.max(b[3] - b[1], 1e-6);
  const scale = Math.max(1e-9, Math.min((w - 2 * pad) / dx, (h - 2 * pad) / dy));
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  return { scale, tx: w / 2 - cx * scale, ty: h / 2 - (flip ? cy : -cy) * scale, flip };
}

/** Zoom by `factor` keeping the data point under (sx, sy) where it is. */
export function zoomAt(t: ViewTransform, factor: number, sx: number, sy: number): ViewTransform {
  const scale = t.scale * factor;
  return { scale, tx: sx - (sx - t.tx) * factor, ty: sy - (sy - t.ty) * factor, flip: t.flip };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...t, tx: t.tx + dx, ty: t.ty + dy };
}

/**
 * A uniform grid over the nodes' 2-D positions (µm), about two nodes per cell, stored as CSR
 * lists: `nearest` looks only at the cells within the search radius.
 */
export class GridIndex {
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly cell: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;

  constructor(x: Float32Array, y: Float32Array) {
    this.x = x;
    this.y = y;
    const n = x.length;
    const [x0, y0, x1, y1] = bounds(x, y);
    const area = Math.max((x1 - x0) * (y1 - y0), 1e-12);
    this.cell = Math.max(Math.sqrt((2 * area) / Math.max(n, 1)), Math.max(x1 - x0, y1 - y0, 1) / 4096, 1e-6);
    this.x0 = x0;
    this.y0 = y0;
    this.nx = Math.floor((x1 - x0) / this.cell) + 1;
    this.ny = Math.floor((y1 - y0) / this.cell) + 1;
    const cells = this.nx * this.ny;
    const count = new Int32Array(cells + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = Math.floor((x[i] - x0) / this.cell) + Math.floor((y[i] - y0) / this.cell) * this.nx;
      cellOf[i] = c;
      count[c + 1]++;
    }
    for (let c = 0; c < cells; c++) count[c + 1] += count[c];
    const fill = count.slice(0, cells);
    const items = new Int32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i;
    this.start = count;
    this.items = items;
  }

  /** The row nearest to (px, py) within `radius` (µm), or -1; the lower row on a tie. */
  nearest(px: number, py: number, radius: number): number {
    const c0 = Math.max(0, Math.floor((px - radius - this.x0) / this.cell));
    const c1 = Math.min(this.nx - 1, Math.floor((px + radius - this.x0) / this.cell));
    const r0 = Math.max(0, Math.floor((py - radius - this.y0) / this.cell));
    const r1 = Math.min(this.ny - 1, Math.floor((py + radius - this.y0) / this.cell));
    let best = -1;
    let bestD = radius * radius;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = c + r * this.nx;
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
          const i = this.items[k];
          const dx = this.x[i] - px;
          const dy = this.y[i] - py;
          const d = dx * dx + dy * dy;
          if (d < bestD || (d === bestD && (best < 0 || i < best))) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

/** The colours a view draws with: one per bucket (colour map) or per compartment; -1 is grey. */
export function paletteOf(d: MorphologyData): string[] {
  return d.colourBy === 'compartment' ? compartmentColours(d.compartmentNames) : bucketColours(BUCKETS);
}

/** Number of frames the data can show (1 when it has no voltage over time). */
export function frameCount(d: MorphologyData): number {
  return d.voltage ? d.voltage.times.length : 1;
}

/** The frame of the data's own time (where the view starts). */
export function initialFrame(d: MorphologyData): number {
  const v = d.voltage;
  if (!v || d.time === null) return 0;
  const k = v.times.indexOf(d.time);
  return k >= 0 ? k : 0;
}

/**
 * The value of row `row` at frame `frame`: from the voltage frames (float32) when the data has
 * them, else the static value; null when the node has none (drawn grey).
 */
export function valueAtFrame(d: MorphologyData, frame: number, row: number): number | null {
  const v = d.voltage;
  if (v) {
    const s = v.source[row];
    return s < 0 ? null : v.frames[frame * v.recorded.length + s];
  }
  const x = d.values[row];
  return Number.isNaN(x) ? null : x;
}

/** Colour index of every row at a frame (into paletteOf), -1 for no value. */
export function frameBuckets(d: MorphologyData, frame: number, out: Int16Array<ArrayBufferLike> = new Int16Array(d.ids.length)): Int16Array<ArrayBufferLike> {
  const n = d.ids.length;
  if (d.colourBy === 'compartment') {
    for (let i = 0; i < n; i++) out[i] = d.compartment[i];
    return out;
  }
  const [lo, hi] = d.range;
  const v = d.voltage;
  if (!v) {
    for (let i = 0; i < n; i++) out[i] = bucketOf(d.values[i], lo, hi);
    return out;
  }
  // Bucket each recorded node once, then every row from its source.
  const m = v.recorded.length;
  const base = frame * m;
  const rec = new Int16Array(m);
  for (let j = 0; j < m; j++) rec[j] = bucketOf(v.frames[base + j], lo, hi);
  for (let i = 0; i < n; i++) {
    const s = v.source[i];
    out[i] = s < 0 ? -1 : rec[s];
  }
  return out;
}

/**
 * Segments (child rows; each joins its parent) grouped by colour: `order[start[c] .. start[c+1])`
 * are the segments drawn in colour c, and colour `colours` (the last group) is no value (grey).
 */
export interface SegmentGroups {
  order: Int32Array;
  start: Int32Array;
}

export function groupSegments(parent: Int32Array, buckets: Int16Array<ArrayBufferLike>, colours: number, rows: Int32Array | null = null): SegmentGroups {
  const n = parent.length;
  const grey = colours;
  const start = new Int32Array(colours + 2);
  for (let i = 0; i < n; i++) {
    if (parent[i] < 0) continue;
    const b = buckets[i] < 0 || buckets[i] >= colours ? grey : buckets[i];
    start[b + 1]++;
  }
  for (let c = 0; c <= colours; c++) start[c + 1] += start[c];
  const fill = start.slice(0, colours + 1);
  const order = new Int32Array(start[colours + 1]);
  // In `rows` order (depth-first pre-order: a node's first child right after it), so that runs
  // of one colour along the cable come out as continuous polylines.
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k] : k;
    if (parent[i] < 0) continue;
    const b = buckets[i] < 0 || buckets[i] >= colours ? grey : buckets[i];
    order[fill[b]++] = i;
  }
  return { order, start };
}

/** Rows in depth-first pre-order from each root (roots in row order), from a parent array. */
export function preOrder(parent: Int32Array): Int32Array {
  const n = parent.length;
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) count[parent[i] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const fill = count.slice(0, n);
  const kids = new Int32Array(count[n]);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) kids[fill[parent[i]]++] = i;
  const out = new Int32Array(n);
  let k = 0;
  const stack: number[] = [];
  for (let r = 0; r < n; r++) {
    if (parent[r] >= 0) continue;
    stack.push(r);
    while (stack.length) {
      const i = stack.pop()!;
      out[k++] = i;
      for (let c = count[i + 1] - 1; c >= count[i]; c--) stack.push(kids[c]);
    }
  }
  // Rows on a cycle (not reachable from a root) go last, so every segment is still drawn.
  if (k < n) {
    const seen = new Uint8Array(n);
    for (let j = 0; j < k; j++) seen[out[j]] = 1;
    for (let i = 0; i < n; i++) if (!seen[i]) out[k++] = i;
  }
  return out;
}

/** The colour of a colour index (-1 or out of range: grey). */
export function colourOfIndex(palette: readonly string[], index: number): string {
  return index >= 0 && index < palette.length ? palette[index] : NO_VALUE_COLOUR;
}

/**
 * Frames' segment groups computed on demand and kept while they fit a byte budget (oldest
 * dropped first), so a second pass of the animation only draws.
 */
export class FrameCache {
  private readonly map = new Map<number, SegmentGroups>();
  private bytes = 0;
  private readonly budget: number;
  constructor(budget = 48 * 2 ** 20) {
    this.budget = budget;
  }
  get(frame: number, make: () => SegmentGroups): SegmentGroups {
    const hit = this.map.get(frame);
    if (hit) return hit;
    const g = make();
    const size = g.order.byteLength + g.start.byteLength;
    this.map.set(frame, g);
    this.bytes += size;
    while (this.bytes > this.budget && this.map.size > 1) {
      const [k, v] = this.map.entries().next().value as [number, SegmentGroups];
      this.map.delete(k);
      this.bytes -= v.order.byteLength + v.start.byteLength;
    }
    return g;
  }
  get size(): number {
    return this.map.size;
  }
}
