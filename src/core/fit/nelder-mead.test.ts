import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.ts';

const batch = (f: (x: number[]) => number) => async (xs: number[][]) => xs.map(f);

describe('nelderMead', () => {
  it('finds the minimum of a quadratic bowl (known: (3, −2), 0)', async () => {
    const r = await nelderMead(batch(([x, y]) => (x - 3) ** 2 + 10 * (y + 2) ** 2), [0, 0], { step: [1, 1], maxEvaluations: 2000, fTolerance: 1e-14, xTolerance: 1e-8 });
    expect(r.reason).toBe('converged');
    expect(r.x[0]).toBeCloseTo(3, 6);
    expect(r.x[1]).toBeCloseTo(-2, 6);
    expect(r.f).toBeLessThan(1e-12);
  });

  it('finds Rosenbrock’s minimum (1, 1) from (−1.2, 1)', async () => {
    const r = await nelderMead(batch(([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2), [-1.2, 1], { step: [0.5, 0.5], maxEvaluations: 5000, fTolerance: 1e-16, xTolerance: 1e-9 });
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });

  it('stops at its budget, avoids failing points, and evaluates in batches', async () => {
    const sizes: number[] = [];
    const r = await nelderMead(
      async (xs) => {
        sizes.push(xs.length);
        return xs.map(([x]) => (x < 0 ? NaN : (x - 2) ** 2));
      },
      [1],
      { step: [1], maxEvaluations: 30, fTolerance: 0, xTolerance: 0 },
    );
    expect(r.reason).toBe('budget');
    expect(r.evaluations).toBeLessThanOrEqual(30);
    expect(r.x[0]).toBeCloseTo(2, 1);
    expect(sizes[0]).toBe(2);
    expect(sizes.slice(1).every((s) => s === 4 || s === 1)).toBe(true);
  });
});
