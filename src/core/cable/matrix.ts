import { CoreError } from '../errors.ts';
import type { Discretization } from './discretize.ts';
import { segmentGeometry } from './geometry.ts';
import type { Location, Where } from './model.ts';

/**
 * The compartment matrix of a discretized cell, laid out as NEURON lays it out: one
 * zero-area root node per tree, then per section (pre-order) its nseg segment nodes and its
 * zero-area 1-end node. Parents always precede children, so the Hines elimination is one
 * backward and one forward sweep.
 */
export interface CableMatrix {
  /** Number of matrix nodes. */
  n: number;
  /** Number of trees; nodes 0 … trees−1 are their root nodes. */
  trees: number;
  /** Parent node of each node (−1 for roots). */
  parent: Int32Array;
  /** Membrane area (µm²); 100 on zero-area nodes (NEURON's convention, so 1e2/area = 1). */
  area: Float64Array;
  /** Segment diameter (µm) of each segment node; 0 on zero-area nodes. */
  diam: Float64Array;
  /** True where the node has membrane (a segment centre). */
  hasMembrane: Uint8Array;
  /** Axial conductance to the parent node (µS). */
  rinv: Float64Array;
  /** First segment node, 0-end node and 1-end node of each section. */
  secFirst: Int32Array;
  sec0: Int32Array;
  sec1: Int32Array;
  /** Section of each node (−1 for tree roots). */
  nodeSection: Int32Array;
}

/** Build the matrix layout and geometry (areas, axial conductances) for per-section Ra (Ω·cm). */
export function buildMatrix(disc: Discretization, Ra: Float64Array): CableMatrix {
  const secs = disc.sections;
  let n = disc.trees;
  for (const s of secs) n += s.nseg + 1;
  const parent = new Int32Array(n).fill(-1);
  const area = new Float64Array(n).fill(100);
  const diam = new Float64Array(n);
  const hasMembrane = new Uint8Array(n);
  const rinv = new Float64Array(n);
  const nodeSection = new Int32Array(n).fill(-1);
  const secFirst = new Int32Array(secs.length);
  const sec0 = new Int32Array(secs.length);
  const sec1 = new Int32Array(secs.length);
  let k = disc.trees;
  for (const s of secs) {
    // An attachment inside the parent (Import3d's 0.5) joins the node of the segment holding it, as in NEURON.
    const p0 = s.parent < 0 ? s.tree : s.parentX === 1 ? sec1[s.parent] : s.parentX === 0 ? sec0[s.parent] : secFirst[s.parent] + Math.min(Math.floor(secs[s.parent].nseg * s.parentX), secs[s.parent].nseg - 1);
    const g = segmentGeometry(s, Ra[s.index]);
    secFirst[s.index] = k;
    sec0[s.index] = p0;
    for (let j = 0; j < s.nseg; j++) {
      parent[k] = j === 0 ? p0 : k - 1;
      area[k] = g.area[j];
      diam[k] = g.diam[j];
      hasMembrane[k] = 1;
      rinv[k] = 1 / (j === 0 ? g.rLeft[0] : g.rRight[j - 1] + g.rLeft[j]);
      nodeSection[k] = s.index;
      k++;
    }
    parent[k] = k - 1;
    rinv[k] = 1 / g.rRight[s.nseg - 1];
    nodeSection[k] = s.index;
    sec1[s.index] = k;
    k++;
  }
  return { n, trees: disc.trees, parent, area, diam, hasMembrane, rinv, secFirst, sec0, sec1, nodeSection };
}

/** Section indices selected by a `Where` (sorted, unique). */
export function sectionsOf(disc: Discretization, where: Where, nodeRow: (id: number) => number): Int32Array {
  const ns = disc.sections.length;
  if (where === 'all') return Int32Array.from({ length: ns }, (_, i) => i);
  const set = new Set<number>();
  if ('sections' in where) {
    for (const s of Array.from(where.sections)) {
      if (!Number.isInteger(s) || s < 0 || s >= ns) throw new CoreError('model', `section ${s} does not exist (the model has ${ns} sections)`, { section: s });
      set.add(s);
    }
  } else {
    for (const id of Array.from(where.nodes)) set.add(disc.nodeSection[nodeRow(id)]);
  }
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** Index of NEURON's node for section `sec` at relative position x (0 and 1 are the end nodes). */
export function nodeAt(m: CableMatrix, disc: Discretization, sec: number, x: number): number {
  if (!(x >= 0 && x <= 1)) throw new CoreError('model', `position ${x} on section ${sec} is outside 0–1`, { section: sec });
  if (x === 0) return m.sec0[sec];
  if (x === 1) return m.sec1[sec];
  const nseg = disc.sections[sec].nseg;
  return m.secFirst[sec] + Math.min(Math.floor(nseg * x), nseg - 1);
}

/**
 * The segment node of a location for a mechanism's range variable: as NEURON reads `sec(x).var`
 * of a density mechanism, x = 0 is the first segment and x = 1 the last (the section's end nodes
 * carry no mechanisms).
 */
export function locateSegment(m: CableMatrix, disc: Discretization, loc: Location, nodeRow: (id: number) => number): number {
  const r = 'node' in loc ? nodeRow(loc.node) : -1;
  const sec = r >= 0 ? disc.nodeSection[r] : (loc as { section: number }).section;
  const x = r >= 0 ? disc.nodeX[r] : (loc as { x: number }).x;
  if (!Number.isInteger(sec) || sec < 0 || sec >= disc.sections.length) throw new CoreError('model', `section ${sec} does not exist (the model has ${disc.sections.length} sections)`, { section: sec });
  if (!(x >= 0 && x <= 1)) throw new CoreError('model', `position ${x} on section ${sec} is outside 0–1`, { section: sec });
  const nseg = disc.sections[sec].nseg;
  return m.secFirst[sec] + Math.min(Math.floor(nseg * x), nseg - 1);
}

/** Per-section value of a property: default, overridden in order by the entries that set it. */
export function perSection(
  disc: Discretization,
  base: number,
  entries: Array<{ where: Where; value: number | undefined }>,
  nodeRow: (id: number) => number,
): Float64Array {
  const out = new Float64Array(disc.sections.length).fill(base);
  for (const e of entries) {
    if (e.value === undefined) continue;
    for (const s of sectionsOf(disc, e.where, nodeRow)) out[s] = e.value;
  }
  return out;
}

/** A location's matrix node. */
export function locate(m: CableMatrix, disc: Discretization, loc: Location, nodeRow: (id: number) => number): number {
  if ('node' in loc) {
    const r = nodeRow(loc.node);
    return nodeAt(m, disc, disc.nodeSection[r], disc.nodeX[r]);
  }
  if (!Number.isInteger(loc.section) || loc.section < 0 || loc.section >= disc.sections.length) {
    throw new CoreError('model', `section ${loc.section} does not exist (the model has ${disc.sections.length} sections)`, { section: loc.section });
  }
  return nodeAt(m, disc, loc.section, loc.x);
}


/**
 * Drop the zero-area 1-end nodes of leaf sections that carry nothing (no point process, no
 * recorder). Such a node has no membrane and one neighbour, so after finitialize its voltage
 * equals its neighbour's at every step and its terms in the neighbour's equation cancel
 * exactly; removing it changes nothing but the work per step. Returns the smaller matrix and
 * `map[old] = new` (a dropped node maps to its neighbour, whose voltage it shares).
 */
export function pruneIdleLeafEnds(m: CableMatrix, needed: Uint8Array): { m: CableMatrix; map: Int32Array } {
  const childCount = new Int32Array(m.n);
  for (let i = 0; i < m.n; i++) if (m.parent[i] >= 0) childCount[m.parent[i]]++;
  const keep = new Uint8Array(m.n);
  let n = 0;
  for (let i = 0; i < m.n; i++) {
    keep[i] = m.hasMembrane[i] || childCount[i] > 0 || needed[i] || m.parent[i] < 0 ? 1 : 0;
    if (keep[i]) n++;
  }
  const map = new Int32Array(m.n);
  let k = 0;
  for (let i = 0; i < m.n; i++) map[i] = keep[i] ? k++ : -1;
  for (let i = 0; i < m.n; i++) if (!keep[i]) map[i] = map[m.parent[i]];
  const parent = new Int32Array(n);
  const area = new Float64Array(n);
  const diam = new Float64Array(n);
  const hasMembrane = new Uint8Array(n);
  const rinv = new Float64Array(n);
  const nodeSection = new Int32Array(n);
  for (let i = 0; i < m.n; i++) {
    if (!keep[i]) continue;
    const j = map[i];
    parent[j] = m.parent[i] < 0 ? -1 : map[m.parent[i]];
    area[j] = m.area[i];
    diam[j] = m.diam[i];
    hasMembrane[j] = m.hasMembrane[i];
    rinv[j] = m.rinv[i];
    nodeSection[j] = m.nodeSection[i];
  }
  const re = (a: Int32Array) => a.map((i) => map[i]);
  return {
    m: { n, trees: m.trees, parent, area, diam, hasMembrane, rinv, secFirst: re(m.secFirst), sec0: re(m.sec0), sec1: re(m.sec1), nodeSection },
    map,
  };
}

/**
 * Renumber the nodes level by level (all roots, then their children, then theirs …; a
 * breadth-first order). Parents still precede children, so the Hines sweeps stay valid, but
 * consecutive nodes now mostly belong to different branches: the elimination of one no longer
 * waits for the division of the one before, and the CPU overlaps them. (In depth-first order,
 * each node's parent is usually the node just before it, a chain of dependent divisions.)
 *
 * With `dynamic` (per node: 1 where a conductance changes in time, hh, a synapse or a catalogue
 * mechanism), the level order is split, each part keeping it: first the nodes with something
 * dynamic in their subtree (and the roots), then the other ("static") nodes whose parent is
 * dynamic, then the rest. The engine eliminates static subtrees once per run instead of every
 * step (cable.wat $eliminate), and needs them in contiguous ranges to sweep memory in order.
 * Returns the renumbered matrix and `map[old] = new`.
 */
export function levelOrder(m: CableMatrix, dynamic?: Uint8Array): { m: CableMatrix; map: Int32Array } {
  const n = m.n;
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (m.parent[i] >= 0) childStart[m.parent[i] + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const fill = childStart.slice(0, n);
  const kids = new Int32Array(Math.max(0, childStart[n]));
  for (let i = 0; i < n; i++) if (m.parent[i] >= 0) kids[fill[m.parent[i]]++] = i;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < m.trees; i++) order[tail++] = i;
  while (head < tail) {
    const i = order[head++];
    for (let c = childStart[i]; c < childStart[i + 1]; c++) order[tail++] = kids[c];
  }
  if (dynamic) staticLast(m, dynamic, order);
  const map = new Int32Array(n);
  for (let k = 0; k < n; k++) map[order[k]] = k;
  const parent = new Int32Array(n);
  const area = new Float64Array(n);
  const diam = new Float64Array(n);
  const hasMembrane = new Uint8Array(n);
  const rinv = new Float64Array(n);
  const nodeSection = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    parent[k] = m.parent[i] < 0 ? -1 : map[m.parent[i]];
    area[k] = m.area[i];
    diam[k] = m.diam[i];
    hasMembrane[k] = m.hasMembrane[i];
    rinv[k] = m.rinv[i];
    nodeSection[k] = m.nodeSection[i];
  }
  const re = (a: Int32Array) => a.map((i) => map[i]);
  return {
    m: { n, trees: m.trees, parent, area, diam, hasMembrane, rinv, secFirst: re(m.secFirst), sec0: re(m.sec0), sec1: re(m.sec1), nodeSection },
    map,
  };
}

/** Stable partition of `order` (a level order of m) into dynamic nodes, static under a dynamic parent, static under a static parent (see levelOrder). */
function staticLast(m: CableMatrix, dynamic: Uint8Array, order: Int32Array): void {
  const n = m.n;
  const dyn = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (dynamic[i] || m.parent[i] < 0) dyn[i] = 1;
  // A subtree with anything dynamic makes its whole path to the root dynamic (in level order children follow parents).
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    if (dyn[i] && m.parent[i] >= 0) dyn[m.parent[i]] = 1;
  }
  const rank = (i: number) => (dyn[i] ? 0 : dyn[m.parent[i]] ? 1 : 2);
  const parts: number[][] = [[], [], []];
  for (const i of order) parts[rank(i)].push(i);
  order.set([...parts[0], ...parts[1], ...parts[2]]);
}
