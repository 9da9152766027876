import { describe, expect, it } from 'vitest';
import { readSwc } from '../morphology/swc.ts';
import { discretize, segmentCount } from './discretize.ts';
import { CoreError } from '../errors.ts';

const sk = (text: string) => readSwc(text).skeleton;

// A Y: root 1 with one child, a chain to branch point 3, two leaves (5 and 7).
//   1(0,0,0) - 2(3,4,0) - 3(6,8,0) < 4(6,18,0) - 5(6,28,0)
//                                  < 6(16,8,0) - 7(26,8,0)
const Y = `
1 1 0 0 0 1 -1
2 3 3 4 0 1 1
3 3 6 8 0 1 2
4 3 6 18 0 1 3
5 3 6 28 0 1 4
6 3 16 8 0 1 3
7 3 26 8 0 1 6
`;

describe('discretize', () => {
  it('cuts sections at the root, branch points and leaves, in depth-first pre-order', () => {
    const d = discretize(sk(Y), { res: 10 });
    const ids = d.sections.map((s) => Array.from(s.rows, (r) => r + 1));
    expect(ids).toEqual([
      [1, 2, 3],
      [3, 4, 5],
      [3, 6, 7],
    ]);
    expect(d.sections.map((s) => [s.parent, s.parentX])).toEqual([
      [-1, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(d.sections.map((s) => s.L)).toEqual([10, 20, 20]);
    expect(d.trees).toBe(1);
    expect(d.warnings).toEqual([]);
  });

  it('nseg = 1 + 2·floor(L / (2·res)), or a fixed nseg', () => {
    const d = discretize(sk(Y), { res: 4 });
    // L 10 → 1 + 2·1 = 3; L 20 → 1 + 2·2 = 5
    expect(d.sections.map((s) => s.nseg)).toEqual([3, 5, 5]);
    expect(segmentCount(d)).toBe(13);
    expect(discretize(sk(Y), { res: 10 }).sections.map((s) => s.nseg)).toEqual([1, 3, 3]);
    expect(discretize(sk(Y), { res: 100 }).sections.map((s) => s.nseg)).toEqual([1, 1, 1]);
    expect(discretize(sk(Y), { nseg: 7 }).sections.map((s) => s.nseg)).toEqual([7, 7, 7]);
  });

  it('maps nodes to (section, x): root at 0 of the root section, branch point at 1 of the section it ends', () => {
    const d = discretize(sk(Y), { res: 10 });
    const at = (id: number) => [d.nodeSection[id - 1], d.nodeX[id - 1]];
    expect(at(1)).toEqual([0, 0]);
    expect(at(2)).toEqual([0, 0.5]);
    expect(at(3)).toEqual([0, 1]);
    expect(at(4)).toEqual([1, 0.5]);
    expect(at(5)).toEqual([1, 1]);
    expect(at(6)).toEqual([2, 0.5]);
    expect(at(7)).toEqual([2, 1]);
  });

  it('a root with several children starts several sections; the first is the root section, the others join its 0 end', () => {
    const d = discretize(sk('1 1 0 0 0 2 -1\n2 3 10 0 0 1 1\n3 3 -10 0 0 1 1\n4 3 0 10 0 1 1\n'), { res: 10 });
    expect(d.sections.map((s) => [s.parent, s.parentX])).toEqual([
      [-1, 1],
      [0, 0],
      [0, 0],
    ]);
    expect([d.nodeSection[0], d.nodeX[0]]).toEqual([0, 0]);
    expect(d.trees).toBe(1);
  });

  it('stores 3-D points in float32 and accumulates arcs as NEURON does', () => {
    // NEURON 8.2: pt3dadd(0.1,0.2,0.3,1.1); pt3dadd(1.7,0.2,0.3,1.3) gives x3d(0) 0.10000000149011612,
    // diam3d(0) 1.100000023841858 and arc3d(1) 1.600000023841858 (measured with Debian's python3-neuron).
    const d = discretize(sk('1 1 0.1 0.2 0.3 0.55 -1\n2 3 1.7 0.2 0.3 0.65 1\n'), { nseg: 1 });
    const s = d.sections[0];
    expect(s.x[0]).toBe(0.10000000149011612);
    expect(s.d[0]).toBe(1.100000023841858);
    expect(s.arc[1]).toBe(1.600000023841858);
    expect(s.L).toBe(1.600000023841858);
  });

  it('warns when the skeleton has several trees', () => {
    const d = discretize(sk('1 1 0 0 0 1 -1\n2 3 10 0 0 1 1\n3 1 50 0 0 1 -1\n4 3 60 0 0 1 3\n'), { res: 10 });
    expect(d.trees).toBe(2);
    expect(d.sections.map((s) => s.tree)).toEqual([0, 1]);
    expect(d.warnings[0]).toMatch(/2 separate trees/);
  });

  it('rejects zero radius, zero-length sections and lone roots with messages naming the node', () => {
    const zero = () => discretize(sk('1 1 0 0 0 1 -1\n2 3 10 0 0 0 1\n3 3 20 0 0 1 2\n'), { res: 10 });
    expect(zero).toThrow(CoreError);
    expect(zero).toThrow(/node 2 \(section 0\) has radius 0.*minRadius/);
    const flat = () => discretize(sk('1 1 5 5 5 1 -1\n2 3 5 5 5 1 1\n'), { res: 10 });
    expect(flat).toThrow(/section 0 \(nodes 1 → 2\) has zero length/);
    expect(() => discretize(sk('1 1 0 0 0 1 -1\n'), { res: 10 })).toThrow(/node 1 is a lone root/);
    expect(() => discretize(sk(Y), { res: 0 })).toThrow(/res must be a positive length/);
    // The documented repair: a minimum radius, with a warning naming the nodes raised.
    const fixed = discretize(sk('1 1 0 0 0 1 -1\n2 3 10 0 0 0 1\n3 3 20 0 0 1 2\n'), { res: 10, minRadius: 0.05 });
    expect(fixed.sections[0].d[1]).toBe(Math.fround(0.1));
    expect(fixed.warnings[0]).toMatch(/1 node\(s\) had a radius below minRadius 0.05 µm .*e\.g\. 2\)/);
    expect(() => discretize(sk(Y), { nseg: 2.5 })).toThrow(/nseg must be a positive integer/);
  });
});
