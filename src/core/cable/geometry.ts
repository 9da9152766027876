import type { Section } from './discretize.ts';

/** Membrane area and axial resistances of the segments of one section. */
export interface SegmentGeometry {
  /** Lateral membrane area of each segment (µm²). */
  area: Float64Array;
  /** Axial resistance of the left (0-side) half of each segment (MΩ). */
  rLeft: Float64Array;
  /** Axial resistance of the right (1-side) half of each segment (MΩ). */
  rRight: Float64Array;
  /** Diameter of each segment (µm): NEURON's length-weighted average of the 3-D diameters over it (what `diam` reads in a .mod). */
  diam: Float64Array;
}

/**
 * Segment areas and half-segment axial resistances from a section's 3-D points, as NEURON
 * computes them: the diameter varies linearly with arc length between points; each segment
 * is split at its centre and each half integrates the frusta that fall in it. A frustum of
 * length h and end diameters d1, d2 has lateral area π/2·(d1+d2)·√(h² + ((d2−d1)/2)²) and
 * axial resistance 4·Ra·h / (π·d1·d2) (×1e-2 to get MΩ from Ω·cm and µm).
 *
 * @param sec section with float32 3-D points and NEURON arc lengths (µm)
 * @param Ra axial resistivity (Ω·cm)
 */
export function segmentGeometry(sec: Section, Ra: number): SegmentGeometry {
  const { arc, d, nseg } = sec;
  const npt = arc.length;
  const area = new Float64Array(nseg);
  const rLeft = new Float64Array(nseg);
  const rRight = new Float64Array(nseg);
  const diam = new Float64Array(nseg);
  const ds = sec.L / nseg;
  const rfac = (4e-2 * Ra) / Math.PI;
  // One pass over the points: j is the last point at or before the position x1 (µm), whose
  // interpolated diameter is y1. Half boundaries are computed as NEURON does (si += ds/2).
  let j = 0;
  let x1 = arc[0];
  let y1 = d[0];
  let si = 0;
  for (let seg = 0; seg < nseg; seg++) {
    let a = 0;
    // NEURON's diam_from_list: Σ (y2 + y1)·Δx over the segment, × 0.5/ds.
    let dsum = 0;
    for (let half = 0; half < 2; half++) {
      const hi = si + ds / 2;
      const last = seg === nseg - 1 && half === 1;
      let ri = 0;
      for (;;) {
        let x2: number;
        let y2: number;
        let end = false;
        if (j + 1 < npt && (last || arc[j + 1] <= hi)) {
          j++;
          x2 = arc[j];
          y2 = d[j];
        } else if (last || j + 1 >= npt) {
          break;
        } else {
          // The half ends between points j and j+1: interpolate the diameter there.
          const xa = arc[j];
          const xb = arc[j + 1];
          y2 = xb > xa ? d[j] + ((hi - xa) * (d[j + 1] - d[j])) / (xb - xa) : d[j + 1];
          x2 = hi;
          end = true;
        }
        const dx = x2 - x1;
        const dy = y2 - y1;
        a += (y1 + y2) * Math.sqrt(dx * dx + 0.25 * dy * dy);
        dsum += (y2 + y1) * dx;
        ri += dx / (y1 * y2);
        x1 = x2;
        y1 = y2;
        if (end) break;
      }
      if (half === 0) rLeft[seg] = ri * rfac;
      else rRight[seg] = ri * rfac;
      si = hi;
    }
    area[seg] = (a * Math.PI) / 2;
    diam[seg] = dsum * (0.5 / ds);
  }
  return { area, rLeft, rRight, diam };
}
