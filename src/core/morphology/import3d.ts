/**
 * The sections NEURON 8.2's Import3d (Import3d_SWC_read + Import3d_GUI.instantiate) builds
 * from an SWC tree, re-derived from its rules (read from import3d/read_swc.hoc and
 * import3d_gui.hoc and checked point by point against NEURON on the swc-zoo):
 *
 * - Points are taken in id order (Import3d sorts by id and needs every parent id below its
 *   child's). A section is a run of consecutive points in that order: a point ends a section
 *   when it does not have exactly one child, when its one child is not the next point, or when
 *   the child's type differs (types never mix in a section). Consecutive soma points stay in
 *   one section unless a soma point other than the first has several soma children.
 * - The NeuroMorpho 3-point soma (two soma points hanging from the first, same diameter, total
 *   length = diameter, no children of their own) is reduced to its first point.
 * - A soma of one point is a sphere, built as a 3-point cylinder along x, as long as it is wide
 *   (x − d/2, x, x + d/2; area 4πr²). Every section leaving it attaches at 0.5; a section of
 *   more than one point drops its first point (a "wire", pt3dstyle), so its cable starts at
 *   its own second point.
 * - A non-root section starts with a copy of its parent point; when the parent is a soma and
 *   the section is not, that copy takes the diameter of the section's own first point.
 * - Attachment: 1 (the parent's end) in general; 0 for a section leaving the first point of
 *   the root section; 0.5 for a section leaving an interior point of a soma section (a wire
 *   too when it is not soma and has more than one point); a section leaving the proximal
 *   point of a section wired to the soma attaches at that section's 0 end.
 * - Sections that keep one point, or two coinciding points, are removed; their children take
 *   their parent and attachment.
 * - Import3d reads coordinates and radii as float32 (hoc's sscanf "%f") and computes in
 *   double from there (diameter 2r, the sphere's ends x ± d/2); instantiate() passes the
 *   points to pt3dadd as "%.8g" text, and pt3dadd stores float32.
 *
 * Multiple roots (and missing parents) are not handled: Import3d's result then depends on
 * reading before the start of an array; such skeletons are refused with a message.
 */
import { CoreError } from '../errors.ts';
import type { Skeleton } from './skeleton.ts';

const f32 = Math.fround;
/** instantiate() passes the points to pt3dadd as "%.8g" text. */
const g8 = (v: number): number => Number(v.toPrecision(8));

/** One Import3d section: its 3-D points (µm, diameter d) and where it attaches. */
export interface Import3dSection {
  /** Skeleton row of each 3-D point (a sphere's three points all name the soma row). */
  rows: Int32Array;
  /** 3-D points exactly as Import3d passes them to pt3dadd (after "%.8g"), µm; not yet float32. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  d: Float64Array;
  /** Parent section index (−1 for the root section); parents precede children. */
  parent: number;
  /** Position on the parent where the 0 end attaches: 0, 0.5 or 1. */
  parentX: number;
  /** SWC type of the section's points. */
  type: number;
  /** Index of the first point that is the section's own (the points before it copy the parent point): 0 or 1. */
  ownFrom: number;
  /** True for the 1-point soma built as a sphere: its own row sits at x = 0.5. */
  sphere: boolean;
}

export interface Import3dLayout {
  sections: Import3dSection[];
  /** Rows of sections Import3d removed (one point, or two coinciding): row → section and x it maps to. */
  removed: Map<number, { section: number; x: number }>;
}


interface Raw {
  pts: number[]; // point indices (−1 never occurs: single tree)
  first: number; // index of the section's first own point
  parentSec: number;
  parentX: number;
  wire: boolean;
  type: number;
  c2p: boolean;
  sphere: boolean;
  d0: number | null; // replaced diameter of the parent copy
}

/**
 * Import3d's sections of a skeleton with one root (µm). Throws a CoreError (code 'geometry')
 * when the skeleton has several roots, which Import3d cannot build reproducibly.
 */
export function import3dLayout(sk: Skeleton): Import3dLayout {
  const n = sk.size;
  const roots = sk.roots();
  if (roots.length !== 1) {
    throw new CoreError(
      'geometry',
      `the NEURON Import3d soma policy needs one connected tree, but the skeleton has ${roots.length} roots; heal the fragments first or use the navis policy`,
    );
  }
  // Points in Import3d's order: by id when every parent id is below its child's (as Import3d
  // requires), else depth-first pre-order (the order of a file renumbered from the root).
  let byId = true;
  for (let r = 0; r < n; r++) if (sk.parent[r] >= 0 && !(sk.id[sk.parent[r]] < sk.id[r])) byId = false;
  const row = byId ? Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => sk.id[a] - sk.id[b]) : Int32Array.from(sk.order);
  const ix = new Int32Array(n);
  for (let i = 0; i < n; i++) ix[row[i]] = i;
  const pid = new Int32Array(n);
  const type = new Int32Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = row[i];
    pid[i] = sk.parent[r] < 0 ? -1 : ix[sk.parent[r]];
    type[i] = sk.type[r];
    // Import3d reads the numbers as float32 (hoc's sscanf "%f"), then works in double.
    x[i] = f32(sk.x[r]);
    y[i] = f32(sk.y[r]);
    z[i] = f32(sk.z[r]);
    d[i] = 2 * f32(sk.radius[r]);
  }

  // Children counts in hundredths: +100 per child, +1 when the child is not the next point or
  // has another type, so that exactly 100 means "the section goes on".
  const nchild = new Int32Array(n);
  const c2p = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = pid[i];
    if (p < 0) continue;
    nchild[p] += 100;
    if (p !== i - 1) {
      nchild[p] += 1;
      // A branch from the proximal point of a section wired to the soma joins that section's 0 end.
      if (p > 1 ? type[p] !== 1 && pid[p] >= 0 && type[pid[p]] === 1 : p === 0 && type[p] !== 1) {
        c2p[i] = 1;
        nchild[p] = 100;
      }
    }
    if (type[p] !== type[i]) nchild[p] += 1;
  }
  const nchildSoma = new Int32Array(n);
  let nsoma = 0;
  for (let i = 0; i < n; i++) {
    if (type[i] !== 1) continue;
    nsoma++;
    if (i > 0 && pid[i] >= 0 && type[pid[i]] === 1) nchildSoma[pid[i]]++;
  }
  let soma3 = false;
  if (nsoma === 3 && n >= 3 && pid[1] === 0 && pid[2] === 0 && nchild[1] === 0 && nchild[2] === 0 && d[1] === d[0] && d[2] === d[0]) {
    let len = 0;
    for (const i of [1, 2]) len += Math.sqrt((x[i] - x[0]) ** 2 + (y[i] - y[0]) ** 2 + (z[i] - z[0]) ** 2);
    if (Math.abs(len / d[0] - 1) < 0.01) {
      soma3 = true;
      pid[2] = 1; // one soma section, of which only the first point is kept
    }
  }
  for (let i = 0; i + 1 < n; i++) {
    if (type[i] === 1 && type[i + 1] === 1 && pid[i + 1] === i && !(i !== 0 && nchildSoma[i] > 1)) nchild[i] = 100;
  }
  // Sections: runs of consecutive points ending where nchild ≠ 100.
  const secOf = new Int32Array(n);
  const firsts: number[] = [0];
  for (let i = 0; i < n; i++) {
    secOf[i] = firsts.length - 1;
    if (nchild[i] !== 100 && i + 1 < n) firsts.push(i + 1);
  }
  const raws: Raw[] = [];
  for (let s = 0; s < firsts.length; s++) {
    const first = firsts[s];
    const end = s + 1 < firsts.length ? firsts[s + 1] : n;
    const own: number[] = [];
    for (let i = first; i < end; i++) own.push(i);
    if (s === 0) {
      const pts = soma3 ? [0] : own;
      raws.push({ pts, first, parentSec: -1, parentX: 1, wire: false, type: type[first], c2p: false, sphere: false, d0: null });
      continue;
    }
    const pp = pid[first];
    const ps = secOf[pp];
    const psec = raws[ps];
    const count = own.length;
    const denConSoma = psec.type === 1 && type[first] !== 1;
    const conSoma = psec.type === 1;
    let parentX = 1;
    let wire = false;
    let handled = false;
    if (ps === 0) {
      handled = true;
      if (denConSoma && psec.pts.length === 1) {
        parentX = 0.5;
        if (count > 1) wire = true;
      } else if (pp === psec.first) {
        parentX = 0;
        if (type[first] !== 1 && nchildSoma[pp] > 1) wire = true;
      } else handled = false;
    }
    if (!handled && conSoma) {
      // The parent's last point: the root section holds no parent copy.
      const last = psec.first + psec.pts.length + (ps === 0 ? -1 : -2);
      if (pp < last) {
        parentX = 0.5;
        if (denConSoma && count > 1) wire = true;
      } else if (count > 1 && nchildSoma[pp] > 1 && type[first] !== 1) wire = true;
    }
    const d0 = psec.type === 1 && type[first] !== 1 ? d[first] : null;
    const sec: Raw = { pts: [pp, ...own], first, parentSec: ps, parentX, wire, type: type[first], c2p: c2p[first] === 1, sphere: false, d0 };
    if (sec.c2p) sec.parentX = 0;
    raws.push(sec);
  }

  // instantiate(): drop the wire point, remove one-point and zero-length two-point sections
  // (last first, children taking the removed section's parent and attachment).
  const alive = raws.map(() => true);
  const removedRows: Array<[number, number]> = []; // [point index, removed raw section]
  for (let s = raws.length - 1; s >= 1; s--) {
    const sec = raws[s];
    const k = sec.wire ? 1 : 0;
    const m = sec.pts.length - k;
    let drop = m <= 1;
    if (m === 2) {
      const a = sec.pts[k];
      const b = sec.pts[k + 1];
      drop = x[a] === x[b] && y[a] === y[b] && z[a] === z[b];
    }
    if (!drop) continue;
    alive[s] = false;
    for (let c = s + 1; c < raws.length; c++) {
      if (alive[c] && raws[c].parentSec === s) {
        raws[c].parentSec = sec.parentSec;
        raws[c].parentX = sec.parentX;
      }
    }
    for (let j = 1; j < sec.pts.length; j++) removedRows.push([sec.pts[j], s]);
  }
  const newIndex = new Int32Array(raws.length).fill(-1);
  let m = 0;
  for (let s = 0; s < raws.length; s++) if (alive[s]) newIndex[s] = m++;

  const sections: Import3dSection[] = [];
  for (let s = 0; s < raws.length; s++) {
    if (!alive[s]) continue;
    const sec = raws[s];
    const pts = sec.pts;
    const xs: number[] = [];
    const ys: number[] = [];
    const zs: number[] = [];
    const ds: number[] = [];
    const rs: number[] = [];
    const dOf = (j: number) => (j === 0 && s > 0 && sec.d0 !== null ? sec.d0 : d[pts[j]]);
    const start = sec.wire ? 1 : 0;
    let sphere = false;
    if (pts.length - start === 1) {
      // A single point is a sphere: a cylinder along x as long as its diameter.
      sphere = true;
      const i = pts[start];
      const di = dOf(start);
      for (const dx of [-di / 2, 0, di / 2]) {
        xs.push(g8(x[i] + dx));
        ys.push(g8(y[i]));
        zs.push(g8(z[i]));
        ds.push(g8(di));
        rs.push(row[i]);
      }
    } else {
      for (let j = start; j < pts.length; j++) {
        const i = pts[j];
        xs.push(g8(x[i]));
        ys.push(g8(y[i]));
        zs.push(g8(z[i]));
        ds.push(g8(dOf(j)));
        rs.push(row[i]);
      }
    }
    sections.push({
      rows: Int32Array.from(rs),
      x: Float64Array.from(xs),
      y: Float64Array.from(ys),
      z: Float64Array.from(zs),
      d: Float64Array.from(ds),
      parent: sec.parentSec < 0 ? -1 : newIndex[sec.parentSec],
      parentX: sec.parentX,
      type: sec.type,
      ownFrom: s === 0 || sec.wire || sphere ? 0 : 1,
      sphere,
    });
  }
  // A removed section's points map to where it was attached (its parent may be removed too).
  const removed = new Map<number, { section: number; x: number }>();
  for (const [i, s] of removedRows) {
    let p = raws[s].parentSec;
    let px = raws[s].parentX;
    while (!alive[p]) {
      px = raws[p].parentX;
      p = raws[p].parentSec;
    }
    removed.set(row[i], { section: newIndex[p], x: px });
  }
  // The two outer points of a NeuroMorpho 3-point soma belong to the sphere.
  if (soma3) for (const i of [1, 2]) removed.set(row[i], { section: 0, x: 0.5 });
  return { sections, removed };
}
