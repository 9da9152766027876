import { checkSegmentBudget, DEFAULT_BUDGET } from '../budget.ts';
import { CoreError } from '../errors.ts';
import type { Skeleton } from '../morphology/skeleton.ts';
import { unbranchedSegments } from '../morphology/segments.ts';
import { import3dLayout } from '../morphology/import3d.ts';

/** One NEURON-style section: an unbranched run of skeleton nodes with its 3-D points. */
export interface Section {
  index: number;
  /** Skeleton rows of its 3-D points, from the 0 end (root or branch point) to the 1 end. */
  rows: Int32Array;
  /** Parent section index, or -1 for a tree's root section. */
  parent: number;
  /**
   * Where the 0 end attaches on the parent (0–1): 1 (its end) for branch sections, 0 for the
   * extra sections that leave a root; with the 'import3d' soma policy also 0.5 (the middle of
   * a soma section, as NEURON's Import3d connects them).
   */
  parentX: number;
  /** Tree (connected component) index. */
  tree: number;
  /** 3-D points as NEURON stores them (float32 precision), µm; d is the diameter (2 × radius). */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  d: Float64Array;
  /** Arc length at each 3-D point from the 0 end (µm), computed as NEURON does. */
  arc: Float64Array;
  /** Section length (µm) = arc of the last point. */
  L: number;
  /** Number of segments. */
  nseg: number;
}

export interface Discretization {
  sections: Section[];
  /** Per skeleton row: the section the node maps to (see `discretize`). */
  nodeSection: Int32Array;
  /** Per skeleton row: relative position 0–1 of the node along its section. */
  nodeX: Float64Array;
  /** Number of separate trees (more than one means parts of the model are not connected). */
  trees: number;
  warnings: string[];
}

export interface DiscretizeOptions {
  /** Target segment length (µm): nseg = 1 + 2·floor(L / (2·res)). Default 10 (navis's default). */
  res?: number;
  /** Fixed number of segments for every section (overrides res). */
  nseg?: number;
  /**
   * Minimum radius (µm). Radii below it (zero radii are common in EM skeletons) are raised to
   * it, with a warning; without it a zero radius is an error, since it makes the axial
   * resistance infinite.
   */
  minRadius?: number;
  /**
   * How the soma and the sections become cable: 'navis' (default: every node is a cable point,
   * sections are the unbranched runs) or 'import3d' (the sections NEURON's Import3d builds:
   * a one-point soma is a sphere, children of a soma attach at 0.5, see morphology/import3d.ts).
   */
  somaPolicy?: SomaPolicy;
  /** Most segments in all (default DEFAULT_BUDGET.maxSegments, 2,000,000); more is refused, naming res or nseg. */
  maxSegments?: number;
}

/** The soma and section policies: 'navis' (soma points are cable points) or NEURON's 'import3d'. */
export type SomaPolicy = 'navis' | 'import3d';

const f32 = Math.fround;

/**
 * Arc length (µm) at each 3-D point of a section, as NEURON computes it from pt3d data: the
 * float32 coordinates subtracted in float32, the distances accumulated in double.
 */
function pt3dArc(x: Float64Array, y: Float64Array, z: Float64Array): Float64Array {
  const arc = new Float64Array(x.length);
  for (let k = 1; k < x.length; k++) {
    const dx = f32(x[k] - x[k - 1]);
    const dy = f32(y[k] - y[k - 1]);
    const dz = f32(z[k] - z[k - 1]);
    arc[k] = arc[k - 1] + Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return arc;
}

/**
 * Turn a skeleton (µm) into NEURON-style sections: unbranched runs between the root, branch
 * points and leaves, in depth-first pre-order (children in file order). Branch sections attach
 * their 0 end to the 1 end of the section ending at their branch point; when several sections
 * leave a root, the first is the root section and the others attach to its 0 end, so each
 * tree is one connected cable (navis leaves those unattached). The 3-D points are kept in
 * float32 precision and arc lengths accumulated as NEURON does, so geometry matches NEURON's
 * to the last bit. Node → location: the root is (root section, 0); any other node is in the
 * one section where it is not the first point, at x = arc / L.
 */
export function discretize(sk: Skeleton, opts: DiscretizeOptions = {}): Discretization {
  const res = opts.res ?? 10;
  if (opts.nseg === undefined && !(res > 0)) throw new CoreError('model', `res must be a positive length in µm, got ${res}`);
  if (opts.nseg !== undefined && !(Number.isInteger(opts.nseg) && opts.nseg >= 1)) {
    throw new CoreError('model', `nseg must be a positive integer, got ${opts.nseg}`);
  }
  if (opts.somaPolicy !== undefined && opts.somaPolicy !== 'navis' && opts.somaPolicy !== 'import3d') {
    throw new CoreError('model', `soma policy must be 'navis' or 'import3d', got ${String(opts.somaPolicy)}`);
  }
  if (opts.somaPolicy === 'import3d') return discretizeImport3d(sk, opts, res);
  const segs = unbranchedSegments(sk);
  const nodeSection = new Int32Array(sk.size).fill(-1);
  const nodeX = new Float64Array(sk.size);
  const sections: Section[] = [];
  const warnings: string[] = [];
  const firstRootSection = new Map<number, number>();
  const minR = opts.minRadius ?? 0;
  if (!(minR >= 0) || !Number.isFinite(minR)) throw new CoreError('model', `minRadius must be a non-negative length in µm, got ${opts.minRadius}`);
  const raised = new Set<number>();
  let trees = 0;
  for (let s = 0; s < segs.length; s++) {
    const seg = segs[s];
    trees = Math.max(trees, seg.tree + 1);
    const rows = seg.rows;
    const n = rows.length;
    if (n < 2) {
      throw new CoreError('geometry', `node ${sk.id[rows[0]]} is a lone root with no neurite; a section needs at least two points`, { node: sk.id[rows[0]] });
    }
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const z = new Float64Array(n);
    const d = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      x[k] = f32(sk.x[r]);
      y[k] = f32(sk.y[r]);
      z[k] = f32(sk.z[r]);
      let radius = sk.radius[r];
      if (radius < minR) {
        radius = minR;
        raised.add(r);
      }
      d[k] = f32(2 * radius);
    }
    const arc = pt3dArc(x, y, z);
    const L = arc[n - 1];
    if (!(L > 0)) {
      throw new CoreError('geometry', `section ${s} (nodes ${sk.id[rows[0]]} → ${sk.id[rows[n - 1]]}) has zero length: all its points coincide`, { section: s, node: sk.id[rows[n - 1]] });
    }
    for (let k = 0; k < n; k++) {
      if (!(d[k] > 0)) {
        throw new CoreError(
          'geometry',
          `node ${sk.id[rows[k]]} (section ${s}) has radius 0, which makes the axial resistance infinite; set a minimum radius (minRadius) or repair the skeleton`,
          { section: s, node: sk.id[rows[k]] },
        );
      }
    }
    const nseg = opts.nseg ?? 1 + 2 * Math.floor(L / (2 * res));
    let parent = seg.parent;
    let parentX = 1;
    if (parent < 0) {
      const first = firstRootSection.get(seg.tree);
      if (first === undefined) firstRootSection.set(seg.tree, s);
      else {
        parent = first;
        parentX = 0;
      }
    }
    sections.push({ index: s, rows, parent, parentX, tree: seg.tree, x, y, z, d, arc, L, nseg });
    for (let k = 1; k < n; k++) {
      nodeSection[rows[k]] = s;
      nodeX[rows[k]] = k === n - 1 ? 1 : arc[k] / L;
    }
    if (seg.parent < 0 && nodeSection[rows[0]] < 0) {
      nodeSection[rows[0]] = s;
      nodeX[rows[0]] = 0;
    }
  }
  // Before anything is sized by the segment count (the matrix, the engine): a tiny res gives
  // more segments than memory holds ("Invalid typed array length" later, far from the cause).
  let total = 0;
  for (const sec of sections) total += sec.nseg;
  checkSegmentBudget(total, opts.nseg !== undefined ? `nseg = ${opts.nseg}` : `res = ${res} µm`, opts.maxSegments ?? DEFAULT_BUDGET.maxSegments);
  if (raised.size) {
    const ids = [...raised].sort((a, b) => a - b).map((r) => sk.id[r]);
    warnings.push(`${ids.length} node(s) had a radius below minRadius ${minR} µm and were raised to it (e.g. ${ids.slice(0, 5).join(', ')})`);
  }
  if (trees > 1) {
    warnings.push(`the model has ${trees} separate trees (the skeleton is not connected); current does not flow between them`);
  }
  return { sections, nodeSection, nodeX, trees, warnings };
}

/**
 * The 'import3d' policy: sections, points and attachments as NEURON's Import3d builds them
 * (import3dLayout), then float32 points, NEURON's arc lengths and nseg from res as for navis.
 * Node → location: a node is in the section holding its own point, at x = arc / L; a
 * one-point soma (a sphere) is at 0.5; a node of a section Import3d removed is where that
 * section was attached.
 */
function discretizeImport3d(sk: Skeleton, opts: DiscretizeOptions, res: number): Discretization {
  const layout = import3dLayout(sk);
  const minD = 2 * (opts.minRadius ?? 0);
  if (!(minD >= 0) || !Number.isFinite(minD)) throw new CoreError('model', `minRadius must be a non-negative length in µm, got ${opts.minRadius}`);
  const nodeSection = new Int32Array(sk.size).fill(-1);
  const nodeX = new Float64Array(sk.size);
  const raised = new Set<number>();
  const sections: Section[] = layout.sections.map((sec, s) => {
    const n = sec.x.length;
    const x = Float64Array.from(sec.x, f32);
    const y = Float64Array.from(sec.y, f32);
    const z = Float64Array.from(sec.z, f32);
    const d = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let dk = sec.d[k];
      if (dk < minD) {
        dk = minD;
        raised.add(sec.rows[k]);
      }
      d[k] = f32(dk);
      if (!(d[k] > 0)) {
        throw new CoreError(
          'geometry',
          `node ${sk.id[sec.rows[k]]} (section ${s}) has radius 0, which makes the axial resistance infinite; set a minimum radius (minRadius) or repair the skeleton`,
          { section: s, node: sk.id[sec.rows[k]] },
        );
      }
    }
    const arc = pt3dArc(x, y, z);
    const L = arc[n - 1];
    if (!(L > 0)) {
      throw new CoreError('geometry', `section ${s} (nodes ${sk.id[sec.rows[0]]} → ${sk.id[sec.rows[n - 1]]}) has zero length: all its points coincide`, { section: s, node: sk.id[sec.rows[n - 1]] });
    }
    if (sec.sphere) {
      nodeSection[sec.rows[1]] = s;
      nodeX[sec.rows[1]] = 0.5;
    } else {
      for (let k = sec.ownFrom; k < n; k++) {
        nodeSection[sec.rows[k]] = s;
        nodeX[sec.rows[k]] = k === n - 1 ? 1 : arc[k] / L;
      }
    }
    const nseg = opts.nseg ?? 1 + 2 * Math.floor(L / (2 * res));
    return { index: s, rows: sec.rows, parent: sec.parent, parentX: sec.parentX, tree: 0, x, y, z, d, arc, L, nseg };
  });
  for (const [r, at] of layout.removed) {
    nodeSection[r] = at.section;
    nodeX[r] = at.x;
  }
  let total = 0;
  for (const sec of sections) total += sec.nseg;
  checkSegmentBudget(total, opts.nseg !== undefined ? `nseg = ${opts.nseg}` : `res = ${res} µm`, opts.maxSegments ?? DEFAULT_BUDGET.maxSegments);
  const warnings: string[] = [];
  if (raised.size) {
    const ids = [...raised].sort((a, b) => a - b).map((r) => sk.id[r]);
    warnings.push(`${ids.length} node(s) had a radius below minRadius ${opts.minRadius} µm and were raised to it (e.g. ${ids.slice(0, 5).join(', ')})`);
  }
  return { sections, nodeSection, nodeX, trees: 1, warnings };
}

/** Total number of segments (compartments with membrane) of a discretization. */
export function segmentCount(disc: Discretization): number {
  let n = 0;
  for (const s of disc.sections) n += s.nseg;
  return n;
}
