/**
 * The shape of a wire: a smooth curve from an output to an input through its reroute points,
 * each leg a cubic Bézier leaving and arriving horizontally (as Rete's classic wires do), and
 * where a new reroute point goes in the list. Pure geometry in editor px, so it is testable.
 */

export type Point = readonly [number, number];

/** How far a leg's control points reach, as a share of its horizontal span (Rete's classic value). */
const CURVATURE = 0.3;

/** The SVG path `d` of a wire from `start` through `via` to `end`. */
export function wirePath(start: Point, via: readonly Point[], end: Point): string {
  const pts = [start, ...via, end];
  let d = `M ${r(start[0])} ${r(start[1])}`;
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1];
    const [x1, y1] = pts[i];
    const h = Math.abs(x1 - x0) * CURVATURE;
    d += ` C ${r(x0 + h)} ${r(y0)} ${r(x1 - h)} ${r(y1)} ${r(x1)} ${r(y1)}`;
  }
  return d;
}

function r(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Squared distance from p to the segment a–b. */
function segmentDistance2(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const qx = a[0] + t * dx - p[0];
  const qy = a[1] + t * dy - p[1];
  return qx * qx + qy * qy;
}

/**
 * The reroute points with `p` inserted on the leg it is nearest to (legs taken as straight
 * lines between start, the points and end), so that a point added on a wire keeps the order.
 */
export function insertVia(start: Point, via: readonly Point[], end: Point, p: Point): Array<[number, number]> {
  const pts = [start, ...via, end];
  let best = 0;
  let bestD = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const d = segmentDistance2(p, pts[i - 1], pts[i]);
    if (d < bestD) {
      bestD = d;
      best = i - 1;
    }
  }
  const out = via.map((q) => [q[0], q[1]] as [number, number]);
  out.splice(best, 0, [p[0], p[1]]);
  return out;
}
