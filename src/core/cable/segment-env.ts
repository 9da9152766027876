/**
 * Where a segment is, for per-segment parameter expressions (segment-expr.ts): its path distance
 * from the root, its centre in space, its diameter and its compartment label, computed from the
 * discretization as NEURON computes them (distance() with its origin at the root section's 0 end:
 * a section's 0 end is at its parent's distance at the attachment point).
 */
import type { Skeleton } from '../morphology/skeleton.ts';
import { CoreError } from '../errors.ts';
import type { Discretization } from './discretize.ts';
import { parseSegmentExpr, type SegmentEnv, type SegmentExpr } from './segment-expr.ts';

/** A per-segment value: a number, or an expression of the segment (segment-expr.ts). */
export type SegmentValue = number | { expr: string };

/** Path distance (µm) of every section's 0 end from its tree's root (0 at the root section's 0 end). */
export function sectionStartDistances(disc: Discretization): Float64Array {
  const n = disc.sections.length;
  const out = new Float64Array(n).fill(NaN);
  const at = (s: number): number => {
    // Iterative walk up to a known ancestor (trees can be thousands of sections deep).
    const chain: number[] = [];
    let k = s;
    while (Number.isNaN(out[k])) {
      chain.push(k);
      const p = disc.sections[k].parent;
      if (p < 0) {
        out[k] = 0;
        chain.pop();
        break;
      }
      k = p;
    }
    for (let c = chain.length - 1; c >= 0; c--) {
      const sec = disc.sections[chain[c]];
      const parent = disc.sections[sec.parent];
      out[chain[c]] = out[sec.parent] + sec.parentX * parent.L;
    }
    return out[s];
  };
  for (let s = 0; s < n; s++) at(s);
  return out;
}

/** The environment of section `s` at relative position `x` (0–1), with the given diameter (µm; NaN: the 3-D diameter there). */
export function envAt(disc: Discretization, sk: Skeleton, start: Float64Array, s: number, x: number, diam: number): SegmentEnv {
  const sec = disc.sections[s];
  const a = x * sec.L;
  // The 3-D point interval holding arc length a, interpolated linearly.
  let k = 0;
  while (k < sec.arc.length - 2 && sec.arc[k + 1] < a) k++;
  const span = sec.arc.length > 1 ? sec.arc[k + 1] - sec.arc[k] : 0;
  const f = span > 0 ? Math.min(1, Math.max(0, (a - sec.arc[k]) / span)) : 0;
  const lerp = (v: Float64Array) => (v.length > 1 ? v[k] + f * (v[k + 1] - v[k]) : v[0]);
  const row = sec.rows[f < 0.5 || sec.rows.length === 1 ? k : k + 1];
  return { d: start[s] + a, x: lerp(sec.x), y: lerp(sec.y), z: lerp(sec.z), diam: Number.isNaN(diam) ? lerp(sec.d) : diam, label: sk.labelOf(row) };
}

/** Parsed expressions by text (a model may use one expression for thousands of segments). */
export class SegmentValues {
  private readonly parsed = new Map<string, SegmentExpr>();
  private start: Float64Array | null = null;

  constructor(
    private readonly disc: Discretization,
    private readonly sk: Skeleton,
  ) {}

  /** Check a value (an expression's syntax) before any segment needs it; `what` names it in the message. */
  check(v: SegmentValue | undefined, what: string): void {
    if (v === undefined || typeof v === 'number') return;
    this.expr(v.expr, what);
  }

  /** A value at section s, relative position x, with the segment's diameter (µm; NaN for the 3-D diameter at x). */
  at(v: SegmentValue, what: string, s: number, x: number, diam: number): number {
    if (typeof v === 'number') return v;
    const e = this.expr(v.expr, what);
    if (!e.varies) return e.evaluate({ d: 0, x: 0, y: 0, z: 0, diam: 0, label: '' });
    this.start ??= sectionStartDistances(this.disc);
    const value = e.evaluate(envAt(this.disc, this.sk, this.start, s, x, diam));
    if (!Number.isFinite(value)) throw new CoreError('model', `${what}: "${v.expr}" is ${value} at section ${s}, x = ${x.toFixed(3)} (d = ${envAt(this.disc, this.sk, this.start, s, x, diam).d.toFixed(1)} µm)`);
    return value;
  }

  private expr(text: string, what: string): SegmentExpr {
    let e = this.parsed.get(text);
    if (!e) {
      try {
        e = parseSegmentExpr(text);
      } catch (err) {
        if (err instanceof CoreError) throw new CoreError('input', `${what}: ${err.message}`);
        throw err;
      }
      this.parsed.set(text, e);
    }
    return e;
  }
}
