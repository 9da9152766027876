import { describe, expect, it } from 'vitest';
import { insertVia, wirePath } from './wire-path.ts';

describe('wire shape', () => {
  it('draws one horizontal-tangent Bézier per leg', () => {
    // Leg 1: 0,0 → 100,50, control points 30 px in (0.3 × 100); leg 2: 100,50 → 300,0, 60 px in.
    expect(wirePath([0, 0], [[100, 50]], [300, 0])).toBe('M 0 0 C 30 0 70 50 100 50 C 160 50 240 0 300 0');
    // A wire going backwards still bows outwards from both ends.
    expect(wirePath([200, 0], [], [0, 10])).toBe('M 200 0 C 260 0 -60 10 0 10');
  });

  it('inserts a reroute point on the leg nearest to it', () => {
    const via: Array<[number, number]> = [[100, 0], [200, 100]];
    expect(insertVia([0, 0], via, [300, 100], [50, 3])).toEqual([[50, 3], [100, 0], [200, 100]]);
    expect(insertVia([0, 0], via, [300, 100], [150, 52])).toEqual([[100, 0], [150, 52], [200, 100]]);
    expect(insertVia([0, 0], via, [300, 100], [260, 98])).toEqual([[100, 0], [200, 100], [260, 98]]);
    expect(insertVia([0, 0], [], [300, 100], [10, 10])).toEqual([[10, 10]]);
  });
});
