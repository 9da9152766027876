/**
 * Per-segment parameter expressions, as NEURON's CellBuilder writes them: a value of each
 * segment computed once from its centre — `0.0002 * exp(d / 323)`, `d < 100 ? 0.01 : 0.001`,
 * `label == "dendrite" ? 2e-4 : 0`. The language is src/core/expr/expression.ts (text from a graph
 * file is parsed and evaluated there, never by JavaScript's own evaluator).
 *
 * Names: d (path distance from the root along the tree, µm: NEURON's distance() with its origin
 * at the root's 0 end), x, y, z (the segment centre, µm), diam (the segment's diameter, µm),
 * label (the compartment label of the segment's nodes, a string), pi. Functions: exp, log, log10,
 * sqrt, abs, pow, min, max, sin, cos, tan, floor, ceil, round.
 */
import { MATH_FUNCTIONS, parseExpr, type Expr, type ExprNode, type Grammar } from '../expr/expression.ts';

/** What an expression may read at a segment. */
export interface SegmentEnv {
  /** Path distance from the root (µm). */
  d: number;
  x: number;
  y: number;
  z: number;
  /** Diameter (µm). */
  diam: number;
  /** Compartment label ('' when unlabelled). */
  label: string;
}

/** A node of a parsed expression (for code generators such as the NEURON export). */
export type SegmentNode = ExprNode<keyof SegmentEnv>;

/** A compiled expression: its value at a segment. */
export interface SegmentExpr extends Expr<SegmentEnv> {
  readonly tree: SegmentNode;
}

const SEGMENT_GRAMMAR: Grammar<SegmentEnv> = {
  vars: { d: 'num', x: 'num', y: 'num', z: 'num', diam: 'num', label: 'str' },
  constants: { pi: Math.PI },
  fns: MATH_FUNCTIONS,
  read: (env, name) => env[name as keyof SegmentEnv],
  stringHint: 'compare it: label == "dendrite"',
};

/** Parse a segment expression; a mistake is a CoreError naming the column ("… at column 7"). */
export function parseSegmentExpr(text: string): SegmentExpr {
  return parseExpr(text, SEGMENT_GRAMMAR) as SegmentExpr;
}
