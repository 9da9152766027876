/**
 * A guess at the soma of a skeleton that has none (no type-1 node), with the reason in words.
 * navis leaves such a soma unset; a model needs one to root at, so NeuroWire guesses and says
 * so. Two rules, tried in order:
 *
 * 1. a cell body drawn as a blob: a node at least 3× thicker than 95 % of the nodes is taken
 *    (light-microscopy cells, and EM skeletons whose soma node lost its label);
 * 2. otherwise the soma is taken to sit where a thick terminal branch ends, as the cell body
 *    fibre of a fly neuron ends in its soma: of the unbranched runs that end in a leaf (at
 *    least 3 nodes), the one with the largest length-weighted mean radius, at its thickest node.
 *
 * On the hemibrain DA1 neurons that do have a soma, with the soma's label and radius hidden,
 * rule 1 lands 0–1.2 µm from the real soma (the nodes around it are about 2 µm thick). The
 * thickest node alone is not used when nothing stands out: in 722817260 (no soma, no node
 * thicker than 1.14 µm) it is node 596, inside the axon; rule 2 gives node 1591, 20.7 µm from
 * the root (the root is a cell body fibre tip in the other four, 3.6–30 µm from the soma).
 */
import type { Skeleton } from './skeleton.ts';
import { unbranchedSegments } from './segments.ts';
import { significant } from '../format.ts';

export interface SomaGuess {
  /** Row of the guessed soma. */
  row: number;
  /** Which rule chose it. */
  rule: 'blob' | 'terminal-branch' | 'thickest';
  /** Why, in one sentence (skeleton units), for the warning. */
  why: string;
}

const fmt = (v: number): string => significant(v, 3);

/** Row of the thickest node (first in file order on a tie). */
function thickest(sk: Skeleton): number {
  let best = 0;
  for (let i = 1; i < sk.size; i++) if (sk.radius[i] > sk.radius[best]) best = i;
  return best;
}

/**
 * Guess the soma of a skeleton without one (see the file comment). Always returns a row for
 * a non-empty skeleton; the `why` says which rule and the numbers it used, in `sk.units`.
 */
export function guessSoma(sk: Skeleton): SomaGuess {
  const u = sk.units;
  const top = thickest(sk);
  const sorted = Float64Array.from(sk.radius).sort();
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];
  if (p95 > 0 && sk.radius[top] >= 3 * p95) {
    return {
      row: top,
      rule: 'blob',
      why: `it is the thickest node (radius ${fmt(sk.radius[top])} ${u}), ${fmt(sk.radius[top] / p95)}× thicker than 95 % of the nodes, as a cell body drawn as a blob would be`,
    };
  }
  let bestScore = -1;
  let bestRow = -1;
  let bestLength = 0;
  for (const seg of unbranchedSegments(sk)) {
    const rows = seg.rows;
    if (rows.length < 3 || sk.childCount(rows[rows.length - 1]) !== 0) continue;
    let length = 0;
    let area = 0;
    let thick = rows[1];
    for (let k = 1; k < rows.length; k++) {
      const l = sk.edgeLength(rows[k]);
      length += l;
      area += l * sk.radius[rows[k]];
      if (sk.radius[rows[k]] > sk.radius[thick]) thick = rows[k];
    }
    if (!(length > 0)) continue;
    const score = area / length;
    if (score > bestScore) {
      bestScore = score;
      bestRow = thick;
      bestLength = length;
    }
  }
  if (bestRow < 0) {
    return { row: top, rule: 'thickest', why: `it is the thickest node (radius ${fmt(sk.radius[top])} ${u}); the skeleton has no terminal branch of 3 nodes or more to go by` };
  }
  const alt = top === bestRow ? '' : `; the thickest node overall, ${sk.id[top]} (radius ${fmt(sk.radius[top])} ${u}), does not stand out from the cable (less than 3× the 95th percentile radius, ${fmt(p95)} ${u})`;
  return {
    row: bestRow,
    rule: 'terminal-branch',
    why:
      `it is the thickest node of the thickest terminal branch (mean radius ${fmt(bestScore)} ${u} over ${fmt(bestLength)} ${u} of cable), ` +
      `where a fly neuron's cell body fibre ends in its soma${alt}`,
  };
}
