import { describe, expect, it } from 'vitest';
import { sweepPoints, SweepSyntaxError } from './sweep-points.ts';

describe('sweepPoints', () => {
  it('reads lists and ranges, by hand', () => {
    expect(sweepPoints('syn_1.gmax = 0.01, 0.05, 0.1', 'grid').points).toEqual([[0.01], [0.05], [0.1]]);
    expect(sweepPoints('a.x = linspace(0, 1, 5)', 'grid').points.map((p) => p[0])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const log = sweepPoints('a.x = logspace(0.01, 1, 3)', 'grid').points.map((p) => p[0]);
    expect(log[0]).toBe(0.01);
    expect(log[1]).toBeCloseTo(0.1, 14);
    expect(log[2]).toBe(1);
  });

  it('random draws are reproducible from their seed and inside their range', () => {
    const a = sweepPoints('a.x = uniform(2, 3, 6, 7)', 'grid').points.map((p) => p[0]);
    const b = sweepPoints('a.x = uniform(2, 3, 6, 7)', 'grid').points.map((p) => p[0]);
    const c = sweepPoints('a.x = uniform(2, 3, 6, 8)', 'grid').points.map((p) => p[0]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of a) expect(x >= 2 && x < 3).toBe(true);
    for (const x of sweepPoints('a.x = loguniform(0.001, 1, 50)', 'grid').points.map((p) => p[0])) expect(x >= 0.001 && x < 1).toBe(true);
  });

  it('grid is the product, paired the zip; block ids may contain dots', () => {
    const g = sweepPoints('run.tstop = 100, 200\n# a comment\nmy.block.k = 1, 2, 3', 'grid');
    expect(g.params.map((p) => [p.node, p.param])).toEqual([['run', 'tstop'], ['my.block', 'k']]);
    expect(g.points).toEqual([[100, 1], [100, 2], [100, 3], [200, 1], [200, 2], [200, 3]]);
    expect(sweepPoints('a.x = 1, 2\nb.y = 3, 4', 'paired').points).toEqual([[1, 3], [2, 4]]);
  });

  it('refuses what it cannot sweep, saying where', () => {
    const msg = (text: string, mode: 'grid' | 'paired' = 'grid') => {
      try {
        sweepPoints(text, mode);
      } catch (e) {
        expect(e).toBeInstanceOf(SweepSyntaxError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(msg('')).toMatch(/nothing to sweep/);
    expect(msg('a.x = ')).toMatch(/line 1: no values/);
    expect(msg('a.x = 1, two')).toMatch(/line 1: .*"two" is not a number/);
    expect(msg('ax = 1')).toMatch(/not "block.parameter"/);
    expect(msg('a.x = linspace(0, 1, 1e6)')).toMatch(/1000000 points is more than a sweep may have \(10000\)/);
    expect(msg('a.x = linspace(0, 1, 200)\nb.y = linspace(0, 1, 200)')).toMatch(/the grid has 40,000 points/);
    expect(msg('a.x = logspace(0, 1, 3)')).toMatch(/positive ends/);
    expect(msg('a.x = spline(1, 2, 3)')).toMatch(/unknown range "spline"/);
    expect(msg('a.x = 1, 2\nb.y = 1', 'paired')).toMatch(/equal counts/);
    expect(msg('a.x = 1\na.x = 2')).toMatch(/swept twice/);
  });
});
