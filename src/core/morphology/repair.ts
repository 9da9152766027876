/**
 * Skeleton quality checks and repairs: radius profiles and pinch points, radius smoothing, a
 * minimum radius, pinch replacement, joining fragments, and resampling. Connectome skeletons
 * come with bad radii, pinch points and disconnected fragments, and a model built from them
 * inherits every one (a pinch is a near-infinite axial resistance).
 *
 * Every function is pure: it never mutates its input and returns a new skeleton (or the same
 * one when nothing changed) with a report whose `message` can be shown to the user as it is.
 * Lengths (windows, distances, spacings, radii) are in the skeleton's unit — µm once the
 * skeleton has been converted (see `scaleSkeleton`).
 */
import { CoreError } from '../errors.ts';
import { Skeleton, copyNode, emptyColumns } from './skeleton.ts';
import { unbranchedSegments } from './segments.ts';
import { clampRadius } from './transform.ts';
import { significant } from '../format.ts';

// ---------------------------------------------------------------------------------------------
// Reports

/** The largest single change a repair made. */
export interface Change {
  /** Node the change is at; null for a whole-skeleton quantity (total cable length). */
  nodeId: number | null;
  /** The change in words, for a UI message: "radius of node 12: 0.2 → 1 µm". */
  what: string;
  /** Size of the change (absolute value), in `unit`. */
  amount: number;
  unit: string;
}

/** What a repair did. */
export interface RepairReport {
  /** Number of nodes changed (for resampling: nodes added plus nodes removed). */
  changed: number;
  /** The largest change, or null if nothing changed. */
  largest: Change | null;
  /** One or two sentences for the UI. */
  message: string;
}

export interface RepairResult<R extends RepairReport = RepairReport> {
  skeleton: Skeleton;
  report: R;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Four significant digits: enough to tell values apart in a message, short enough to read. */
const fmt = (v: number): string => significant(v, 4);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function requirePositiveLength(v: unknown, what: string, units: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new CoreError('input', `${what} must be a positive length in ${units}, got ${String(v)}`);
  }
  return v;
}

function requireFraction(v: unknown): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) {
    throw new CoreError('input', `pinch fraction must be a number between 0 and 1 (exclusive), got ${String(v)}`);
  }
  return v;
}

function requireCount(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new CoreError('input', `${what} must be a whole number ≥ 1, got ${String(v)}`);
  }
  return v;
}

/**
 * Per-node radius changes: count them and find the largest. Differences at rounding level
 * (a mean of equal values need not reproduce them bit for bit) are snapped back to the old
 * value so that "unchanged" nodes stay bit-identical and are not counted.
 */
function radiusChanges(sk: Skeleton, radius: Float64Array): { changed: number; largest: Change | null } {
  let changed = 0;
  let best = -1;
  let bestAmount = 0;
  for (let i = 0; i < radius.length; i++) {
    const before = sk.radius[i];
    const d = Math.abs(radius[i] - before);
    if (d <= 1e-12 * Math.max(Math.abs(before), Math.abs(radius[i]))) {
      radius[i] = before;
      continue;
    }
    changed++;
    if (d > bestAmount) {
      bestAmount = d;
      best = i;
    }
  }
  if (best < 0) return { changed, largest: null };
  const id = sk.id[best];
  return {
    changed,
    largest: {
      nodeId: id,
      what: `radius of node ${id}: ${fmt(sk.radius[best])} → ${fmt(radius[best])} ${sk.units}`,
      amount: bestAmount,
      unit: sk.units,
    },
  };
}

function radiusMessage(action: string, sk: Skeleton, changed: number, largest: Change | null): string {
  if (!changed) return `${action}: no radius changed.`;
  return `${action}: ${changed} of ${plural(sk.size, 'node')} changed; largest change: ${largest!.what}.`;
}

// ---------------------------------------------------------------------------------------------
// Pinch points

/** Thresholds for pinch detection. */
export interface PinchOptions {
  /**
   * Neighbourhood of a node: the other nodes within `window` along the path on either side
   * (skeleton units, µm; default 5).
   */
  window?: number;
  /** A node is pinched if its radius < `fraction` × its neighbourhood median; 0 < fraction < 1 (default 0.5). */
  fraction?: number;
  /**
   * Fewest neighbours a node needs to be judged at all (default 2). With a single neighbour the
   * "median" is that one radius, and a plain step in radius would be reported as a pinch.
   */
  minNeighbours?: number;
}

/** A run of consecutive pinched nodes along a path. */
export interface Pinch {
  /** First and last pinched node along the path (ids). */
  startId: number;
  endId: number;
  /** Narrowest node of the run and its radius. */
  minId: number;
  minRadius: number;
  /** Median radius of the narrowest node's neighbourhood (what the radius "should" be there). */
  median: number;
  /** Path length from `startId` to `endId` (0 for a single-node pinch), skeleton units (µm). */
  length: number;
  /** Path distance of `startId` from the first node of the path, skeleton units (µm). */
  start: number;
  /** Every pinched node of the run, in path order, and each one's own neighbourhood median. */
  ids: Int32Array;
  medians: Float64Array;
}

interface PinchParams {
  window: number;
  fraction: number;
  minNeighbours: number;
}

function pinchParams(sk: Skeleton, opts: PinchOptions): PinchParams {
  return {
    window: requirePositiveLength(opts.window ?? 5, 'pinch window', sk.units),
    fraction: requireFraction(opts.fraction ?? 0.5),
    minNeighbours: requireCount(opts.minNeighbours ?? 2, 'minimum number of neighbours'),
  };
}

/**
 * Flag pinched nodes along one path (`rows`, with cumulative distances `dist`) and group runs
 * of consecutive flagged nodes. `firstEligible` is 1 when the path's first node is judged on
 * another path (a branch point shared by several segments), so that no node is reported twice.
 * `scratch` must hold at least `rows.length` values.
 */
function pinchesOnPath(
  sk: Skeleton,
  rows: ArrayLike<number>,
  dist: Float64Array,
  p: PinchParams,
  firstEligible: number,
  scratch: Float64Array,
  out: Pinch[],
): number {
  const n = rows.length;
  const r = sk.radius;
  // Cumulative sums of floating-point edge lengths are not exact; a neighbour exactly `window`
  // away must not fall out of the neighbourhood by an ulp.
  const w = p.window * (1 + 1e-12);
  let lo = 0;
  let hi = 0;
  let runStart = -1;
  let flagged = 0;
  let runMed: number[] = [];
  const close = (end: number) => {
    let minK = runStart;
    for (let k = runStart + 1; k <= end; k++) if (r[rows[k]] < r[rows[minK]]) minK = k;
    const ids = new Int32Array(end - runStart + 1);
    for (let k = runStart; k <= end; k++) ids[k - runStart] = sk.id[rows[k]];
    out.push({
      startId: sk.id[rows[runStart]],
      endId: sk.id[rows[end]],
      minId: sk.id[rows[minK]],
      minRadius: r[rows[minK]],
      median: runMed[minK - runStart],
      length: dist[end] - dist[runStart],
      start: dist[runStart],
      ids,
      medians: Float64Array.from(runMed),
    });
    runStart = -1;
    runMed = [];
  };
  for (let k = 0; k < n; k++) {
    // Distances increase along the path, so the neighbourhood [lo, hi] only slides forward.
    while (dist[k] - dist[lo] > w) lo++;
    if (hi < k) hi = k;
    while (hi + 1 < n && dist[hi + 1] - dist[k] <= w) hi++;
    let isPinch = false;
    let median = 0;
    if (k >= firstEligible && hi - lo >= p.minNeighbours) {
      // Insertion sort while collecting: neighbourhoods hold tens of nodes, where this beats
      // TypedArray.sort on a subarray (findPinchPoints on a 4465-node hemibrain skeleton:
      // 3.3 ms instead of 4.4 ms).
      let c = 0;
      for (let j = lo; j <= hi; j++) {
        if (j === k) continue;
        const v = r[rows[j]];
        let u = c++;
        while (u > 0 && scratch[u - 1] > v) {
          scratch[u] = scratch[u - 1];
          u--;
        }
        scratch[u] = v;
      }
      median = c & 1 ? scratch[(c - 1) >> 1] : 0.5 * (scratch[c / 2 - 1] + scratch[c / 2]);
      isPinch = r[rows[k]] < p.fraction * median;
    }
    if (isPinch) {
      flagged++;
      if (runStart < 0) runStart = k;
      runMed.push(median);
    } else if (runStart >= 0) {
      close(k - 1);
    }
  }
  if (runStart >= 0) close(n - 1);
  return flagged;
}

/** Cumulative path distance along consecutive rows (skeleton units). */
function pathDistances(sk: Skeleton, rows: ArrayLike<number>): Float64Array {
  const d = new Float64Array(rows.length);
  for (let k = 1; k < rows.length; k++) {
    const a = rows[k - 1];
    const b = rows[k];
    d[k] = d[k - 1] + Math.hypot(sk.x[b] - sk.x[a], sk.y[b] - sk.y[a], sk.z[b] - sk.z[a]);
  }
  return d;
}

/** The radius along the path between two nodes, with the pinch points on it. */
export interface RadiusProfile {
  /** Node ids along the path, from `fromId` to `toId`. */
  ids: Int32Array;
  /** Cumulative path distance from `fromId`, skeleton units (µm). */
  distance: Float64Array;
  /** Radius of each node, skeleton units (µm). */
  radius: Float64Array;
  /** Id of the common ancestor where the path turns (equals `fromId` or `toId` on a straight path). */
  via: number;
  pinches: Pinch[];
}

/**
 * The radius profile along the path from node `fromId` to node `toId` (up to their common
 * ancestor, then down), with pinch points flagged: a node whose radius is below
 * `fraction` × the median radius of the other nodes within `window` µm of it along the path.
 * Consecutive flagged nodes form one `Pinch`. For the cell body fiber, profile from the soma to
 * the first branch point. Throws a `CoreError` for an unknown id, nodes in different trees
 * (heal the fragments first) and bad thresholds.
 */
export function radiusProfile(sk: Skeleton, fromId: number, toId: number, opts: PinchOptions = {}): RadiusProfile {
  const p = pinchParams(sk, opts);
  const a = sk.requireRow(fromId, 'path start node');
  const b = sk.requireRow(toId, 'path end node');
  void sk.order; // throws a clear error on a cycle, which would make the walks below endless
  const up: number[] = [];
  const at = new Map<number, number>();
  for (let i = a; i >= 0; i = sk.parent[i]) {
    at.set(i, up.length);
    up.push(i);
  }
  const down: number[] = [];
  let j = b;
  while (j >= 0 && !at.has(j)) {
    down.push(j);
    j = sk.parent[j];
  }
  if (j < 0) {
    throw new CoreError(
      'input',
      `nodes ${fromId} and ${toId} are in different trees (fragments) of the skeleton${sk.name ? ` ${sk.name}` : ''}: no path joins them; heal the fragments first`,
      { node: toId },
    );
  }
  const rows = Int32Array.from(up.slice(0, at.get(j)! + 1).concat(down.reverse()));
  const distance = pathDistances(sk, rows);
  const pinches: Pinch[] = [];
  pinchesOnPath(sk, rows, distance, p, 0, new Float64Array(rows.length), pinches);
  return {
    ids: Int32Array.from(rows, (r) => sk.id[r]),
    distance,
    radius: Float64Array.from(rows, (r) => sk.radius[r]),
    via: sk.id[j],
    pinches,
  };
}

/** Pinch points of a whole skeleton. */
export interface PinchReport {
  pinches: Pinch[];
  /** Number of pinched nodes (all runs together). */
  flaggedNodes: number;
  message: string;
}

/**
 * Pinch points over the whole skeleton for a quality report: each unbranched segment (root or
 * branch point to the next branch point or leaf, see `unbranchedSegments`) is checked as a path
 * with the rules of `radiusProfile`. A branch point is judged once, on the segment it ends (a
 * root on the first segment it starts), so no node is reported twice; neighbourhoods do not
 * reach across branch points, so a pinch on a branch point is judged from its parent side.
 */
export function findPinchPoints(sk: Skeleton, opts: PinchOptions = {}): PinchReport {
  const p = pinchParams(sk, opts);
  const segs = unbranchedSegments(sk);
  const scratch = new Float64Array(sk.size);
  const pinches: Pinch[] = [];
  const rootSeen = new Uint8Array(sk.size);
  let flaggedNodes = 0;
  for (const s of segs) {
    const first = s.rows[0];
    let firstEligible = 1;
    if (sk.parent[first] < 0 && !rootSeen[first]) {
      rootSeen[first] = 1;
      firstEligible = 0;
    }
    flaggedNodes += pinchesOnPath(sk, s.rows, pathDistances(sk, s.rows), p, firstEligible, scratch, pinches);
  }
  const rule = `radius below ${fmt(p.fraction * 100)}% of the median within ${fmt(p.window)} ${sk.units}`;
  let message: string;
  if (!pinches.length) message = `No pinch points (${rule}) in ${plural(sk.size, 'node')}.`;
  else {
    let worst = pinches[0];
    for (const q of pinches) if (q.minRadius / q.median < worst.minRadius / worst.median) worst = q;
    message =
      `${plural(pinches.length, 'pinch point')} (${plural(flaggedNodes, 'node')}, ${rule}); narrowest: node ${worst.minId}, ` +
      `radius ${fmt(worst.minRadius)} ${sk.units} where the median is ${fmt(worst.median)} ${sk.units}.`;
  }
  return { pinches, flaggedNodes, message };
}

/**
 * Replace the radius of every node of the given pinches by its own neighbourhood median (the
 * `medians` the detection computed), so a pinch takes the radius of the cable around it. A
 * node listed twice keeps the first median. Throws a `CoreError` if a pinch names a node the
 * skeleton does not have (pinches found on another skeleton).
 */
export function replacePinchRadii(sk: Skeleton, pinches: readonly Pinch[]): RepairResult {
  const radius = sk.radius.slice();
  const done = new Uint8Array(sk.size);
  for (const q of pinches) {
    if (q.ids.length !== q.medians.length) {
      throw new CoreError('input', `pinch ${q.startId}–${q.endId} lists ${q.ids.length} nodes but ${q.medians.length} medians`);
    }
    for (let k = 0; k < q.ids.length; k++) {
      const row = sk.requireRow(q.ids[k], 'pinch node');
      const m = q.medians[k];
      if (!(m > 0) || !Number.isFinite(m)) {
        throw new CoreError('input', `pinch node ${q.ids[k]} has no usable median radius (${String(m)})`, { node: q.ids[k] });
      }
      if (done[row]) continue;
      done[row] = 1;
      radius[row] = m;
    }
  }
  const { changed, largest } = radiusChanges(sk, radius);
  const message = radiusMessage(`Replaced the radii of ${plural(pinches.length, 'pinch point')} by their neighbourhood median`, sk, changed, largest);
  return { skeleton: changed ? sk.with({ radius }) : sk, report: { changed, largest, message } };
}

// ---------------------------------------------------------------------------------------------
// Radius smoothing

export interface SmoothOptions {
  /** Number of nodes in the rolling window (default 3). `'centred'` needs an odd number. */
  window?: number;
  /**
   * `'navis'` (default): navis `smooth_skeleton(to_smooth='radius')` exactly — a trailing mean
   * along navis's longest-path segments, see `smoothRadii`. `'centred'`: a centred mean along
   * each unbranched segment, branch points unchanged.
   */
  mode?: 'navis' | 'centred';
  /**
   * Keep the soma's radius (default false, as navis). The soma radius is a sphere's, not a
   * cable's, and navis averages it with the nodes after it on its path (hemibrain 1734350788:
   * 3 → 1.16 µm), which shrinks the model's biggest compartment. The soma's own radius still
   * enters the means of the nodes whose window covers it.
   */
  keepSoma?: boolean;
}

/**
 * Smooth radii with a rolling mean over `window` nodes (default 3).
 *
 * `mode: 'navis'` (default) reproduces navis `smooth_skeleton(x, window, to_smooth='radius')`
 * (navis/morpho/manipulation.py; segments from `_generate_segments` in
 * navis/graph/graph_utils.py). Facts matched:
 * - Its "segments" are not the unbranched segments: they are longest paths. Leaves (non-root
 *   nodes without children) are sorted by edge count to their root, deepest first (ties in
 *   file order); from each, a path walks towards the root and stops at the root or at the
 *   first node an earlier path already covered, which it includes. So the deepest path runs
 *   leaf → root straight through branch points, and every other path ends on a branch point.
 * - The window is trailing, not centred (pandas `rolling(window, min_periods=1).mean()` over
 *   the leaf → root node list): a node becomes the mean of itself and the `window − 1` nodes
 *   before it on the path, i.e. on its distal side; near the leaf fewer nodes are averaged
 *   (the leaf keeps its radius). Features therefore shift by about (window − 1)/2 nodes towards
 *   the root.
 * - Paths are smoothed one after another, shortest first (the list sorted longest first, then
 *   reversed; equal lengths in reverse order), each reading the radii as the paths before it
 *   left them. A branch point is smoothed first as the end of its shorter side paths and then
 *   again, as an interior node, by the path through it, which reads the already-smoothed value.
 * - Lone roots are untouched.
 * (Newer navis may compute the same segments with navis-fastcore; ties between equally long
 * paths could then be ordered differently.)
 *
 * `mode: 'centred'`: every node except branch points (≥ 2 children) becomes the mean of the
 * original radii within (window − 1)/2 nodes either side along its unbranched segment
 * (`unbranchedSegments`; the segment's end nodes count as inputs), the window truncated at the
 * segment's ends (min_periods = 1). Order-independent and without the proximal shift.
 *
 * `keepSoma: true` puts the soma's original radius back afterwards (see `SmoothOptions`).
 *
 * Throws a `CoreError` for a window that is not a whole number ≥ 1 (or even, when centred).
 */
export function smoothRadii(sk: Skeleton, opts: SmoothOptions = {}): RepairResult {
  const window = requireCount(opts.window ?? 3, 'smoothing window (nodes)');
  const mode = opts.mode ?? 'navis';
  if (mode !== 'navis' && mode !== 'centred') {
    throw new CoreError('input', `smoothing mode must be 'navis' or 'centred', got ${String(mode)}`);
  }
  if (mode === 'centred' && window % 2 === 0) {
    throw new CoreError('input', `a centred smoothing window needs an odd number of nodes, got ${window}`);
  }
  const radius = mode === 'navis' ? smoothNavis(sk, window) : smoothCentred(sk, window);
  if (opts.keepSoma && sk.soma >= 0) radius[sk.soma] = sk.radius[sk.soma];
  const { changed, largest } = radiusChanges(sk, radius);
  const how = mode === 'navis' ? `rolling mean over ${plural(window, 'node')}, as navis smooth_skeleton` : `centred mean over ${plural(window, 'node')}`;
  const message = radiusMessage(`Smoothed radii (${how})`, sk, changed, largest);
  return { skeleton: changed ? sk.with({ radius }) : sk, report: { changed, largest, message } };
}

function smoothNavis(sk: Skeleton, window: number): Float64Array {
  const n = sk.size;
  const par = sk.parent;
  const depth = new Int32Array(n);
  for (const i of sk.order) depth[i] = par[i] < 0 ? 0 : depth[par[i]] + 1;
  const leaves: number[] = [];
  for (let i = 0; i < n; i++) if (par[i] >= 0 && sk.childCount(i) === 0) leaves.push(i);
  leaves.sort((p, q) => depth[q] - depth[p] || p - q);
  // Paths, flat: rows of path k are flat[start[k] .. start[k + 1]).
  const flat = new Int32Array(n + leaves.length);
  const start = new Int32Array(leaves.length + 1);
  const seen = new Uint8Array(n);
  let f = 0;
  for (let k = 0; k < leaves.length; k++) {
    start[k] = f;
    flat[f++] = leaves[k];
    for (let i = par[leaves[k]]; i >= 0; i = par[i]) {
      flat[f++] = i;
      if (seen[i]) break;
      seen[i] = 1;
    }
  }
  start[leaves.length] = f;
  const pathOrder = Array.from(leaves, (_, k) => k);
  const len = (k: number) => start[k + 1] - start[k];
  pathOrder.sort((p, q) => len(q) - len(p) || p - q);
  const r = sk.radius.slice();
  let vals = new Float64Array(64);
  for (let o = pathOrder.length - 1; o >= 0; o--) {
    const k = pathOrder[o];
    const s = start[k];
    const m = len(k);
    if (vals.length < m) vals = new Float64Array(2 * m);
    // The whole path is read before any of it is written, as pandas does.
    for (let t = 0; t < m; t++) vals[t] = r[flat[s + t]];
    for (let t = 0; t < m; t++) {
      const from = Math.max(0, t - window + 1);
      let sum = 0;
      for (let u = from; u <= t; u++) sum += vals[u];
      r[flat[s + t]] = sum / (t - from + 1);
    }
  }
  return r;
}

function smoothCentred(sk: Skeleton, window: number): Float64Array {
  const h = (window - 1) >> 1;
  const r = sk.radius.slice();
  const src = sk.radius;
  for (const seg of unbranchedSegments(sk)) {
    const rows = seg.rows;
    const m = rows.length;
    for (let t = 0; t < m; t++) {
      const row = rows[t];
      // Branch points are shared by several segments; each would pull them its own way.
      if (sk.childCount(row) >= 2) continue;
      const a = Math.max(0, t - h);
      const b = Math.min(m - 1, t + h);
      let sum = 0;
      for (let u = a; u <= b; u++) sum += src[rows[u]];
      r[row] = sum / (b - a + 1);
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Minimum radius

/**
 * Raise every radius below `minRadius` (skeleton units, µm) to it, with a report. Uses
 * `clampRadius` (transform.ts), which throws a `CoreError` for NaN, negative or infinite values.
 */
export function setMinRadius(sk: Skeleton, minRadius: number): RepairResult {
  const { skeleton, changed: ids } = clampRadius(sk, minRadius);
  let largest: Change | null = null;
  for (const id of ids) {
    const before = sk.radius[sk.rowOf(id)];
    const amount = minRadius - before;
    if (!largest || amount > largest.amount) {
      largest = { nodeId: id, what: `radius of node ${id}: ${fmt(before)} → ${fmt(minRadius)} ${sk.units}`, amount, unit: sk.units };
    }
  }
  const message = radiusMessage(`Set a minimum radius of ${fmt(minRadius)} ${sk.units}`, sk, ids.length, largest);
  return { skeleton, report: { changed: ids.length, largest, message } };
}

// ---------------------------------------------------------------------------------------------
// Fragments

export interface HealOptions {
  /** Join a fragment only if its root is within this distance of the main tree (skeleton units, µm; default Infinity). */
  maxDistance?: number;
}

/** One fragment (a tree other than the main one) and where it was, or would have been, joined. */
export interface FragmentJoin {
  /** Root of the fragment. */
  rootId: number;
  /** Number of nodes in the fragment. */
  nodes: number;
  /** Nearest node of the main tree to the fragment's root. */
  toId: number;
  /** Euclidean distance from the fragment's root to `toId`, skeleton units (µm). */
  distance: number;
}

export interface HealReport extends RepairReport {
  /** Root and size of the main tree (the soma's tree, or the one with most nodes). */
  mainRootId: number;
  mainNodes: number;
  /** Fragments joined: their root's parent is now `toId`. */
  joined: FragmentJoin[];
  /** Fragments farther than `maxDistance`, left as separate trees. */
  leftOut: FragmentJoin[];
}

/**
 * Join fragments to the main tree. The main tree is the one holding the soma if `sk.soma ≥ 0`,
 * otherwise the one with the most nodes (the first in file order on a tie). The root of every
 * other tree gets as parent the nearest node of the main tree (Euclidean distance; the first
 * row on a tie), if that is within `maxDistance`. Only roots are joined, so nothing is rerooted
 * and rows keep their order; fragments join the main tree as it was, never each other. (navis
 * `heal_skeleton` differs: it joins the closest pair of nodes of any two fragments along a
 * minimum spanning tree, rerooting fragments.) When every fragment is joined the result is a
 * single tree. Cost: fragments × main-tree nodes distance evaluations.
 */
export function healFragments(sk: Skeleton, opts: HealOptions = {}): RepairResult<HealReport> {
  const maxDistance = opts.maxDistance ?? Infinity;
  if (typeof maxDistance !== 'number' || !(maxDistance >= 0)) {
    throw new CoreError('input', `maximum joining distance must be a length ≥ 0 in ${sk.units} (or Infinity), got ${String(maxDistance)}`);
  }
  const n = sk.size;
  const par = sk.parent;
  const tree = new Int32Array(n);
  const sizes: number[] = [];
  const rootRow: number[] = [];
  // `order` visits each tree whole, roots in file order, parents before children.
  for (const i of sk.order) {
    if (par[i] < 0) {
      tree[i] = sizes.length;
      sizes.push(0);
      rootRow.push(i);
    } else tree[i] = tree[par[i]];
    sizes[tree[i]]++;
  }
  let main = 0;
  if (sk.soma >= 0 && sk.soma < n) main = tree[sk.soma];
  else for (let t = 1; t < sizes.length; t++) if (sizes[t] > sizes[main]) main = t;
  const mainRows: number[] = [];
  for (let i = 0; i < n; i++) if (tree[i] === main) mainRows.push(i);
  const mr = Int32Array.from(mainRows);
  const mx = Float64Array.from(mr, (i) => sk.x[i]);
  const my = Float64Array.from(mr, (i) => sk.y[i]);
  const mz = Float64Array.from(mr, (i) => sk.z[i]);
  const parent = par.slice();
  const joined: FragmentJoin[] = [];
  const leftOut: FragmentJoin[] = [];
  for (let t = 0; t < sizes.length; t++) {
    if (t === main) continue;
    const r = rootRow[t];
    const x = sk.x[r];
    const y = sk.y[r];
    const z = sk.z[r];
    let best = 0;
    let bestD2 = Infinity;
    for (let k = 0; k < mr.length; k++) {
      const dx = mx[k] - x;
      const dy = my[k] - y;
      const dz = mz[k] - z;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < bestD2) {
        bestD2 = d2;
        best = k;
      }
    }
    const j: FragmentJoin = { rootId: sk.id[r], nodes: sizes[t], toId: sk.id[mr[best]], distance: Math.sqrt(bestD2) };
    if (j.distance <= maxDistance) {
      parent[r] = mr[best];
      joined.push(j);
    } else leftOut.push(j);
  }
  let largest: Change | null = null;
  for (const j of joined) {
    if (!largest || j.distance > largest.amount) {
      largest = {
        nodeId: j.rootId,
        what: `fragment root ${j.rootId} (${plural(j.nodes, 'node')}) joined to node ${j.toId} across ${fmt(j.distance)} ${sk.units}`,
        amount: j.distance,
        unit: sk.units,
      };
    }
  }
  const mainRootId = sizes.length ? sk.id[rootRow[main]] : -1;
  const mainNodes = sizes.length ? sizes[main] : 0;
  const describe = (j: FragmentJoin) => `root ${j.rootId} (${plural(j.nodes, 'node')}) → node ${j.toId} at ${fmt(j.distance)} ${sk.units}`;
  let message: string;
  if (sizes.length <= 1) message = sizes.length ? 'The skeleton is a single tree: nothing to heal.' : 'The skeleton is empty: nothing to heal.';
  else {
    message = `Main tree: root ${mainRootId} (${plural(mainNodes, 'node')}${sk.soma >= 0 ? ', holds the soma' : ''}). `;
    message += joined.length ? `Joined ${plural(joined.length, 'fragment')}: ${joined.map(describe).join('; ')}.` : 'Joined no fragment.';
    if (leftOut.length) {
      message += ` Left out ${plural(leftOut.length, 'fragment')} farther than ${fmt(maxDistance)} ${sk.units}: ${leftOut.map(describe).join('; ')}.`;
    }
  }
  return {
    skeleton: joined.length ? sk.with({ parent }) : sk,
    report: { changed: joined.length, largest, message, mainRootId, mainNodes, joined, leftOut },
  };
}

// ---------------------------------------------------------------------------------------------
// Resampling

export interface ResampleReport extends RepairReport {
  nodesBefore: number;
  nodesAfter: number;
  /** New interpolated nodes. */
  added: number;
  /** Original interior nodes dropped. */
  removed: number;
  /** Total cable length before and after, skeleton units (µm). */
  cableBefore: number;
  cableAfter: number;
}

/** Resampling beyond this many nodes is almost certainly a unit mistake (a spacing in µm on nm data). */
const MAX_RESAMPLED_NODES = 10_000_000;

/**
 * Resample every unbranched stretch of cable with nodes at most `spacing` apart along the
 * cable (skeleton units, µm). Roots, branch points, leaves and the soma are kept, with their
 * ids and values; the original nodes between them are replaced by ceil(L / spacing) − 1
 * evenly spaced new nodes on the original polyline (L the stretch's path length), x, y, z and
 * radius interpolated linearly along the path, type and label taken from the nearer of the two
 * original nodes around each new one (the proximal one on a tie). New ids count up from the
 * largest id. Rows: kept nodes in file order, each stretch's new nodes (proximal first) just
 * before the kept node that ends it. New nodes lie on the old polyline, so cable length can
 * only shrink, by the chord error where corners are cut. Throws a `CoreError` for a spacing
 * that is not a positive length.
 */
export function resample(sk: Skeleton, spacing: number): RepairResult<ResampleReport> {
  requirePositiveLength(spacing, 'resampling spacing', sk.units);
  const n = sk.size;
  const par = sk.parent;
  void sk.order; // a cycle would make the walks below endless
  const kept = new Uint8Array(n);
  let keptCount = 0;
  for (let i = 0; i < n; i++) {
    if (par[i] < 0 || sk.childCount(i) !== 1 || i === sk.soma) {
      kept[i] = 1;
      keptCount++;
    }
  }
  // Stretches, flat and proximal first: stretch k ends at kept row endRow[k].
  const flat = new Int32Array(n + keptCount);
  const sStart: number[] = [];
  const sEnd: number[] = [];
  const interior = new Int32Array(n); // new nodes placed before kept row i
  const stretchOf = new Int32Array(n).fill(-1);
  const lengthOf: number[] = [];
  let f = 0;
  let added = 0;
  const back: number[] = [];
  for (let e = 0; e < n; e++) {
    if (!kept[e] || par[e] < 0) continue;
    back.length = 0;
    back.push(e);
    let p = par[e];
    while (!kept[p]) {
      back.push(p);
      p = par[p];
    }
    back.push(p);
    const s0 = f;
    let L = 0;
    for (let t = back.length - 1; t >= 0; t--) {
      const row = back[t];
      if (f > s0) L += sk.edgeLength(row); // its parent is the previous row of the stretch
      flat[f++] = row;
    }
    const k = sStart.length;
    sStart.push(s0);
    sEnd.push(f);
    lengthOf.push(L);
    stretchOf[e] = k;
    // ceil with a relative tolerance, so 10 µm at 1 µm is 10 intervals, not 11.
    const intervals = L > 0 ? Math.max(1, Math.ceil(L / spacing - 1e-9)) : 1;
    interior[e] = intervals - 1;
    added += intervals - 1;
    if (keptCount + added > MAX_RESAMPLED_NODES) {
      throw new CoreError(
        'input',
        `resampling at ${fmt(spacing)} ${sk.units} would create more than ${MAX_RESAMPLED_NODES.toLocaleString('en')} nodes; is the spacing in the skeleton's unit (${sk.units})?`,
      );
    }
  }
  const total = keptCount + added;
  let maxId = -Infinity;
  for (let i = 0; i < n; i++) if (sk.id[i] > maxId) maxId = sk.id[i];
  if (n && maxId + added > 2147483647) {
    throw new CoreError('input', `resampling needs ${added} new node ids above ${maxId}, beyond the supported id range (2^31 − 1)`);
  }
  // New rows of kept nodes, known up front because a stretch's first node may come later in file order.
  const newRow = new Int32Array(n).fill(-1);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (!kept[i]) continue;
    o += interior[i];
    newRow[i] = o++;
  }
  const out = emptyColumns(total);
  let nextId = maxId + 1;
  o = 0;
  const copyRow = (from: number, to: number) => copyNode(out, to, sk, from);
  for (let e = 0; e < n; e++) {
    if (!kept[e]) continue;
    const k = stretchOf[e];
    if (k >= 0) {
      const s0 = sStart[k];
      const s1 = sEnd[k];
      const m = interior[e];
      const L = lengthOf[k];
      let prev = newRow[flat[s0]];
      // Walk the original edges once: edge (flat[j], flat[j+1]) spans [dj, dj + len].
      let j = s0;
      let dj = 0;
      let len = j + 1 < s1 ? sk.edgeLength(flat[j + 1]) : 0;
      for (let q = 1; q <= m; q++) {
        const s = (q * L) / (m + 1);
        while (j + 2 < s1 && dj + len < s) {
          dj += len;
          j++;
          len = sk.edgeLength(flat[j + 1]);
        }
        const a = flat[j];
        const b = flat[j + 1];
        const t = len > 0 ? Math.min(1, Math.max(0, (s - dj) / len)) : 0;
        out.id[o] = nextId++;
        out.parent[o] = prev;
        out.x[o] = sk.x[a] + t * (sk.x[b] - sk.x[a]);
        out.y[o] = sk.y[a] + t * (sk.y[b] - sk.y[a]);
        out.z[o] = sk.z[a] + t * (sk.z[b] - sk.z[a]);
        out.radius[o] = sk.radius[a] + t * (sk.radius[b] - sk.radius[a]);
        const near = t <= 0.5 ? a : b;
        out.type[o] = sk.type[near];
        out.label[o] = sk.label[near];
        prev = o++;
      }
      copyRow(e, o);
      out.parent[o] = prev;
    } else {
      copyRow(e, o);
      out.parent[o] = -1;
    }
    o++;
  }
  const removed = n - keptCount;
  const skeleton = new Skeleton(out, {
    units: sk.units,
    soma: sk.soma >= 0 ? newRow[sk.soma] : -1,
    labelNames: sk.labelNames,
    name: sk.name,
  });
  const cableBefore = sk.cableLength();
  const cableAfter = skeleton.cableLength();
  const largest: Change | null =
    added + removed
      ? {
          nodeId: null,
          what: `total cable length ${fmt(cableBefore)} → ${fmt(cableAfter)} ${sk.units}`,
          amount: Math.abs(cableBefore - cableAfter),
          unit: sk.units,
        }
      : null;
  const message =
    `Resampled at ≤ ${fmt(spacing)} ${sk.units}: ${plural(n, 'node')} → ${total} (${added} added, ${removed} removed); ` +
    `cable length ${fmt(cableBefore)} → ${fmt(cableAfter)} ${sk.units}.`;
  return {
    skeleton,
    report: { changed: added + removed, largest, message, nodesBefore: n, nodesAfter: total, added, removed, cableBefore, cableAfter },
  };
}
