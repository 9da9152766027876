/**
 * What NEURON's Import3d does with SWC layouts that have no cable to build, done on the
 * skeleton so that such a file loads (with a warning) instead of being refused when the model
 * is built:
 *
 * - a file that is a single point is a sphere: Import3d builds it as a cylinder along x as long
 *   as it is wide (the sphere's area, 4πr²); here two nodes are added at ±r along x;
 * - a lone point (no parent, no children) beside a tree is joined to the first root by a
 *   straight cable, as Import3d joins it to the root section; one that sits exactly on that
 *   root is dropped (Import3d removes the zero-length section);
 * - an unbranched run whose points all coincide (a zero-length section, e.g. a stub left where
 *   points were deleted) is merged into its first point, so its children hang from there
 *   (Import3d removes two-point zero-length sections and keeps longer ones at length 0).
 *
 * A skeleton without any of these comes back unchanged (the same object). Positions are
 * compared in float32, as the cable geometry stores them.
 */
import { Skeleton, copyNode, emptyColumns } from './skeleton.ts';
import { unbranchedSegments } from './segments.ts';
import { significant } from '../format.ts';

export interface CableFixResult {
  skeleton: Skeleton;
  /** One sentence per kind of change, with counts and example node ids. */
  warnings: string[];
  /** Node id → the node id it was merged into (dropped nodes), for connectors on them. */
  mergedInto: Map<number, number>;
  /** Ids of nodes added (the ends of a single-point sphere). */
  added: number[];
}

const f32 = Math.fround;

/** Same position in float32 (the precision of NEURON's 3-D points). */
function samePlace(sk: Skeleton, a: number, b: number): boolean {
  return f32(sk.x[a]) === f32(sk.x[b]) && f32(sk.y[a]) === f32(sk.y[b]) && f32(sk.z[a]) === f32(sk.z[b]);
}

const fmt = (v: number): string => significant(v, 3);

function examples(ids: number[], k = 5): string {
  return ids.slice(0, k).join(', ') + (ids.length > k ? ', …' : '');
}

/**
 * Copy of `sk` without the rows where `keep` is 0; `parent` gives each kept row's parent as an
 * old row (or -1). The soma follows its row, or the row it was merged into (`somaRow`).
 */
function rebuild(sk: Skeleton, keep: Uint8Array, parent: Int32Array, somaRow: number): Skeleton {
  const newRow = new Int32Array(sk.size).fill(-1);
  let m = 0;
  for (let i = 0; i < sk.size; i++) if (keep[i]) newRow[i] = m++;
  const cols = emptyColumns(m);
  for (let i = 0; i < sk.size; i++) {
    const r = newRow[i];
    if (r < 0) continue;
    copyNode(cols, r, sk, i);
    cols.parent[r] = parent[i] < 0 ? -1 : newRow[parent[i]];
  }
  return new Skeleton(cols, { units: sk.units, soma: somaRow < 0 ? -1 : newRow[somaRow], labelNames: sk.labelNames, name: sk.name });
}

/** A single-point skeleton as Import3d's sphere: a cylinder along x, length = diameter. */
function sphere(sk: Skeleton): CableFixResult {
  const r = sk.radius[0];
  const a = sk.id[0] + 1;
  const b = sk.id[0] + 2;
  const cols = emptyColumns(3);
  // Row order: the original point first (it stays the root and the soma), then its two ends.
  cols.id.set([sk.id[0], a, b]);
  cols.parent.set([-1, 0, 0]);
  cols.x.set([sk.x[0], sk.x[0] - r, sk.x[0] + r]);
  cols.y.fill(sk.y[0]);
  cols.z.fill(sk.z[0]);
  cols.radius.fill(r);
  cols.type.fill(sk.type[0]);
  cols.label.fill(sk.label[0]);
  const skeleton = new Skeleton(cols, { units: sk.units, soma: 0, labelNames: sk.labelNames, name: sk.name });
  const warning =
    `the file is a single point (node ${sk.id[0]}, radius ${fmt(r)} ${sk.units}): as NEURON's Import3d does, it is taken as a sphere and built as a cylinder ` +
    `as long as it is wide (nodes ${a} and ${b} added at ±${fmt(r)} ${sk.units} along x), which has the sphere's membrane area (${fmt(4 * Math.PI * r * r)} ${sk.units}²)`;
  return { skeleton, warnings: [warning], mergedInto: new Map(), added: [a, b] };
}

/**
 * Make every part of the skeleton buildable as cable, as NEURON's Import3d would (see the file
 * comment): a single point becomes a sphere, lone points are joined to the first root or
 * dropped when they sit on it, and zero-length unbranched runs are merged into their first
 * point. Lengths in messages are in the skeleton's unit.
 */
export function fixForCable(sk: Skeleton): CableFixResult {
  if (sk.size === 0) return { skeleton: sk, warnings: [], mergedInto: new Map(), added: [] };
  if (sk.size === 1) return sphere(sk);
  const warnings: string[] = [];
  const mergedInto = new Map<number, number>();
  const keep = new Uint8Array(sk.size).fill(1);
  const parent = sk.parent.slice();
  let somaRow = sk.soma;
  let changed = false;

  // Lone points beside a tree: joined to the first root that has children.
  const roots = Array.from(sk.roots());
  // The first root with a tree, or the first root when every point is alone.
  const main = roots.find((r) => sk.childCount(r) > 0) ?? roots[0];
  if (main !== undefined) {
    const joined: number[] = [];
    const dropped: number[] = [];
    let longest = 0;
    for (const r of roots) {
      if (r === main || sk.childCount(r) > 0) continue;
      changed = true;
      if (samePlace(sk, r, main)) {
        keep[r] = 0;
        mergedInto.set(sk.id[r], sk.id[main]);
        if (somaRow === r) somaRow = main;
        dropped.push(sk.id[r]);
      } else {
        parent[r] = main;
        joined.push(sk.id[r]);
        longest = Math.max(longest, Math.hypot(sk.x[r] - sk.x[main], sk.y[r] - sk.y[main], sk.z[r] - sk.z[main]));
      }
    }
    if (joined.length) {
      warnings.push(
        `${joined.length} lone point(s) with neither parent nor children (node ${examples(joined)}): as NEURON's Import3d does, each is joined to the first root, ` +
          `node ${sk.id[main]}, by a straight cable (up to ${fmt(longest)} ${sk.units} long); remove them from the file if they are not part of the neuron`,
      );
    }
    if (dropped.length) {
      warnings.push(`${dropped.length} lone point(s) sit exactly on the first root, node ${sk.id[main]} (node ${examples(dropped)}): dropped, as NEURON's Import3d drops the zero-length section`);
    }
  }

  // Zero-length unbranched runs, merged into their first point. One pass suffices: merging a
  // run never makes another run shorter.
  const merged: number[] = [];
  const runs: string[] = [];
  for (const seg of unbranchedSegments(sk)) {
    const rows = seg.rows;
    if (rows.length < 2) continue;
    let flat = true;
    for (let k = 1; k < rows.length && flat; k++) flat = samePlace(sk, rows[k], rows[0]);
    if (!flat) continue;
    changed = true;
    // The run may start where an earlier flat run ended (merged away): start at its survivor.
    let first = rows[0];
    while (!keep[first]) first = sk.rowOf(mergedInto.get(sk.id[first])!);
    const last = rows[rows.length - 1];
    for (let k = 1; k < rows.length; k++) {
      keep[rows[k]] = 0;
      mergedInto.set(sk.id[rows[k]], sk.id[first]);
      merged.push(sk.id[rows[k]]);
      if (somaRow === rows[k]) somaRow = first;
    }
    for (const c of sk.children(last)) parent[c] = first;
    runs.push(`${sk.id[first]} → ${sk.id[last]}`);
  }
  if (runs.length) {
    warnings.push(
      `${runs.length} unbranched run(s) have zero length, all their points at one place (${runs.slice(0, 3).join(', ')}${runs.length > 3 ? ', …' : ''}): ` +
        `their ${merged.length} point(s) after the first are merged into it (ids ${examples(merged)}), as NEURON's Import3d removes such sections`,
    );
  }
  if (!changed) return { skeleton: sk, warnings: [], mergedInto, added: [] };
  // Chains of merges (a run merged into a point that was itself merged) resolve to the survivor.
  for (const [from, to] of mergedInto) {
    let t = to;
    for (let guard = 0; mergedInto.has(t) && guard < sk.size; guard++) t = mergedInto.get(t)!;
    mergedInto.set(from, t);
  }
  // A kept row whose parent was dropped hangs from the row that parent was merged into.
  for (let i = 0; i < sk.size; i++) {
    if (!keep[i] || parent[i] < 0 || keep[parent[i]]) continue;
    parent[i] = sk.rowOf(mergedInto.get(sk.id[parent[i]])!);
  }
  return { skeleton: rebuild(sk, keep, parent, somaRow), warnings, mergedInto, added: [] };
}
