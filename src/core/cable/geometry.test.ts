import { describe, expect, it } from 'vitest';
import { readSwc } from '../morphology/swc.ts';
import { discretize } from './discretize.ts';
import { segmentGeometry } from './geometry.ts';

const section = (text: string, nseg: number) => discretize(readSwc(text).skeleton, { nseg }).sections[0];

/** Numerical reference: integrate area and resistance on a fine grid of the linear diameter profile. */
function integrate(arc: number[], d: number[], lo: number, hi: number, Ra: number, steps = 200000) {
  const diam = (s: number) => {
    for (let k = 1; k < arc.length; k++) if (s <= arc[k]) return d[k - 1] + ((s - arc[k - 1]) * (d[k] - d[k - 1])) / (arc[k] - arc[k - 1]);
    return d[d.length - 1];
  };
  let area = 0;
  let r = 0;
  const h = (hi - lo) / steps;
  for (let i = 0; i < steps; i++) {
    const a = diam(lo + i * h);
    const b = diam(lo + (i + 1) * h);
    area += (Math.PI / 2) * (a + b) * Math.hypot(h, (b - a) / 2);
    r += h / (a * b);
  }
  return { area, r: ((4e-2 * Ra) / Math.PI) * r };
}

describe('segment geometry (NEURON frusta)', () => {
  it('a cylinder: area π·d·L/nseg, half resistance 4·Ra·(L/2n)/(π·d²)·1e-2 MΩ', () => {
    const g = segmentGeometry(section('1 1 0 0 0 0.5 -1\n2 3 100 0 0 0.5 1\n', 5), 100);
    for (let j = 0; j < 5; j++) {
      expect(g.area[j]).toBeCloseTo(Math.PI * 1 * 20, 10);
      expect(g.rLeft[j]).toBeCloseTo((4 * 100 * 10) / (Math.PI * 1) * 1e-2, 10);
      expect(g.rRight[j]).toBeCloseTo(g.rLeft[j], 12);
    }
  });

  it('a frustum in one segment: lateral area and the two half resistances', () => {
    const g = segmentGeometry(section('1 1 0 0 0 2 -1\n2 3 30 0 0 1 1\n', 1), 200);
    const slant = Math.hypot(30, 1);
    expect(g.area[0]).toBeCloseTo(Math.PI * (2 + 1) * slant, 9);
    // diameter 4 → 2 linearly; at the midpoint 3
    expect(g.rLeft[0]).toBeCloseTo(((4 * 200 * 15) / (Math.PI * 4 * 3)) * 1e-2, 12);
    expect(g.rRight[0]).toBeCloseTo(((4 * 200 * 15) / (Math.PI * 3 * 2)) * 1e-2, 12);
  });

  it('kinked, tapering sections: every half segment matches a fine numerical integration', () => {
    const text = '1 1 0 0 0 3 -1\n2 3 7 0 0 1 1\n3 3 7 9 0 0.4 2\n4 3 7 9 4 0.9 3\n5 3 20 9 4 0.3 4\n';
    const sec = section(text, 7);
    const arc = Array.from(sec.arc);
    const d = Array.from(sec.d);
    const g = segmentGeometry(sec, 150);
    const ds = sec.L / 7;
    for (let j = 0; j < 7; j++) {
      const left = integrate(arc, d, j * ds, (j + 0.5) * ds, 150);
      const right = integrate(arc, d, (j + 0.5) * ds, (j + 1) * ds, 150);
      expect(g.area[j] / (left.area + right.area)).toBeCloseTo(1, 7);
      expect(g.rLeft[j] / left.r).toBeCloseTo(1, 7);
      expect(g.rRight[j] / right.r).toBeCloseTo(1, 7);
    }
  });
});
