/**
 * Nelder–Mead minimisation (Nelder & Mead 1965, with the standard coefficients: reflection 1,
 * expansion 2, contraction ½, shrink ½, as in Lagarias et al. 1998) for fitting a few model
 * parameters, where each cost is a simulation. Written here rather than taken from npm: the
 * packages there are unmaintained, and this one evaluates in parallel batches — the initial
 * simplex at once, and per iteration the reflected, expanded and both contracted points at
 * once (the choice among them is the classic algorithm's, so the path is the sequential one).
 */

export interface NelderMeadOptions {
  /** Initial step per coordinate (the simplex's size). */
  step: number[];
  /** Stop after this many cost evaluations. */
  maxEvaluations: number;
  /** Stop when the costs of the simplex differ by less than this (absolute), and its points by less than `xTolerance`. */
  fTolerance: number;
  xTolerance: number;
  /** Called after each iteration with the best point so far. */
  onIteration?: (best: { x: number[]; f: number; evaluations: number }) => void;
  signal?: AbortSignal;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evaluations: number;
  iterations: number;
  /** Why it stopped. */
  reason: 'converged' | 'budget';
}

/** Minimise `cost` from `x0`; `cost` evaluates a batch of points (in parallel if it can). */
export async function nelderMead(cost: (xs: number[][]) => Promise<number[]>, x0: number[], o: NelderMeadOptions): Promise<NelderMeadResult> {
  const n = x0.length;
  let evaluations = 0;
  const evaluate = async (xs: number[][]): Promise<number[]> => {
    if (o.signal?.aborted) throw new Error('aborted');
    evaluations += xs.length;
    // A failed or NaN cost is the worst possible: the simplex moves away from it.
    return (await cost(xs)).map((f) => (Number.isFinite(f) ? f : Infinity));
  };
  const start = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + o.step[i] : v)))];
  const fs = await evaluate(start);
  let simplex = start.map((x, k) => ({ x, f: fs[k] }));
  let iterations = 0;
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i] - v));
  for (;;) {
    simplex.sort((a, b) => a.f - b.f);
    o.onIteration?.({ x: simplex[0].x, f: simplex[0].f, evaluations });
    const fSpread = simplex[n].f - simplex[0].f;
    const xSpread = Math.max(...simplex.slice(1).map((p) => Math.max(...p.x.map((v, i) => Math.abs(v - simplex[0].x[i])))));
    if (fSpread <= o.fTolerance && xSpread <= o.xTolerance) return { x: simplex[0].x, f: simplex[0].f, evaluations, iterations, reason: 'converged' };
    if (evaluations + 4 > o.maxEvaluations) return { x: simplex[0].x, f: simplex[0].f, evaluations, iterations, reason: 'budget' };
    iterations++;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, p) => s + p.x[i], 0) / n);
    const worst = simplex[n];
    // Reflection (t = −1 from the worst through the centroid is centroid + (centroid − worst)).
    const xr = combine(centroid, worst.x, -1);
    const xe = combine(centroid, worst.x, -2);
    const xoc = combine(centroid, worst.x, -0.5);
    const xic = combine(centroid, worst.x, 0.5);
    const [fr, fe, foc, fic] = await evaluate([xr, xe, xoc, xic]);
    let replace: { x: number[]; f: number } | null = null;
    if (fr < simplex[0].f) replace = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    else if (fr < simplex[n - 1].f) replace = { x: xr, f: fr };
    else if (fr < worst.f) {
      if (foc <= fr) replace = { x: xoc, f: foc };
    } else if (fic < worst.f) replace = { x: xic, f: fic };
    if (replace) simplex[n] = replace;
    else {
      // Shrink towards the best point.
      const shrunk = simplex.slice(1).map((p) => combine(simplex[0].x, p.x, 0.5));
      const fsh = await evaluate(shrunk);
      simplex = [simplex[0], ...shrunk.map((x, k) => ({ x, f: fsh[k] }))];
    }
  }
}
