import { CoreError } from './errors.ts';

/** Default most fixed steps one run may take (1e9: about 50 s per segment-free step loop, and below 2^31 for the integrator's step counter). */
export const MAX_STEPS = 1e9;

/** "1,000,000,000" for counts in messages; huge or odd values in exponent form. */
export function countWords(n: number): string {
  return Number.isFinite(n) && Math.abs(n) < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(2);
}

/**
 * NEURON's fixed-step clock: t advances by dt/2 twice per step, in doubles, and
 * `continuerun(tstop)` steps while t < tstop − dt/2 (tools/neuron/EVENTS.md §1). Returns the
 * number of steps and the final t (ms), e.g. 40000 and 1000.0000000014466 for tstop 1000 at
 * dt 0.025 — the very numbers the step-by-step accumulation gives, found in O(log(tstop/dt))
 * operations instead of one per step.
 *
 * Refuses (CoreError 'input', in words) a dt that is not a positive finite number of ms, a
 * tstop that is not a finite number ≥ 0 ms, and runs of more than `maxSteps` steps (default
 * MAX_STEPS), before doing any work: a dt of 1e-300 ms is refused at once instead of counting.
 */
export function neuronTime(tstop: number, dt: number, maxSteps: number = MAX_STEPS): { steps: number; tFinal: number } {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new CoreError('input', `the time step dt must be a positive number of ms, got ${dt}`);
  if (!(tstop >= 0) || !Number.isFinite(tstop)) throw new CoreError('input', `the duration tstop must be a number of ms ≥ 0, got ${tstop}`);
  const estimate = tstop / dt;
  if (!Number.isFinite(estimate) || estimate > maxSteps + 2) {
    throw new CoreError(
      'input',
      `tstop = ${tstop} ms at dt = ${dt} ms needs ${countWords(estimate)} time steps; at most ${countWords(maxSteps)} are allowed: raise dt or shorten tstop`,
    );
  }
  const r = accumulate(tstop - dt / 2, 0.5 * dt);
  if (r.steps > maxSteps) {
    throw new CoreError('input', `tstop = ${tstop} ms at dt = ${dt} ms needs ${countWords(r.steps)} time steps; at most ${countWords(maxSteps)} are allowed: raise dt or shorten tstop`);
  }
  return r;
}

/**
 * The result of `t = 0; n = 0; while (t < ts) { t += h; t += h; n++ }` without the loop.
 * Within one binade [2^e, 2^(e+1)) every double is a multiple of the same ulp u, so
 * fl(t + h) − t is the same multiple of u at every add (after at most one add that settles a
 * round-half-to-even tie), and a run of adds is one exact multiplication. Near binade edges
 * and near ts the adds are done one by one, as the loop does them.
 */
function accumulate(ts: number, h: number): { steps: number; tFinal: number } {
  let t = 0;
  let adds = 0; // half-steps taken
  // Last increment seen and whether the one before it was the same (then it is the binade's steady one).
  let prevDelta = NaN;
  let steady = false;
  for (let guard = 0; t < ts; guard++) {
    if (guard > 100_000) throw new CoreError('numeric', `internal: the time accumulation did not converge (t = ${t} ms, dt = ${2 * h} ms)`);
    if (steady && t > 0) {
      // Jump k adds of `delta`, staying two adds below the binade's end and below ts, so that
      // every skipped add is an ordinary, exactly predicted one.
      const delta = prevDelta;
      const top = binadeTop(t);
      const limit = Math.min(top - 2 * delta, ts) - t;
      const k = Math.floor(limit / delta) - 1;
      if (k > 0) {
        t += k * delta; // exact: a multiple of u that stays inside the binade
        adds += k;
      }
    }
    const next = t + h;
    const delta = next - t;
    if (delta <= 0) throw new CoreError('input', `dt = ${2 * h} ms is too small for t to advance past ${t} ms in double precision; raise dt`);
    steady = delta === prevDelta && binadeTop(next) === binadeTop(t);
    prevDelta = delta;
    t = next;
    adds++;
    // The loop tests t < ts only after whole steps (two adds).
    if (adds % 2 === 1) {
      t += h;
      adds++;
      const d2 = t - next;
      steady = steady && d2 === delta && binadeTop(t) === binadeTop(next);
      prevDelta = d2;
    }
  }
  return { steps: adds / 2, tFinal: t };
}

/** 2^(e+1) for t in [2^e, 2^(e+1)): where the spacing of doubles next doubles. */
function binadeTop(t: number): number {
  let p = 2 ** Math.floor(Math.log2(t));
  // log2 may round across a power of two; correct it.
  if (p > t) p /= 2;
  else if (2 * p <= t) p *= 2;
  return 2 * p;
}
