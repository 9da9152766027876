import { describe, expect, it } from 'vitest';
import { readSwc } from '../morphology/swc.ts';
import { discretize } from './discretize.ts';
import { compileModel } from './compile.ts';
import { buildMatrix, levelOrder } from './matrix.ts';
import type { CableModelSpec, MechanismSpec } from './model.ts';

/**
 * A soma with three dendrites (sections 1–3 after the soma's), the third branching twice:
 * 4 µm soma, 1 µm dendrites of 200 µm in 10 µm points.
 */
function swc(): string {
  const lines = ['1 1 0 0 0 4 -1', '2 1 8 0 0 4 1'];
  let id = 2;
  const branch = (from: number, dx: number, dy: number, n: number): number => {
    let p = from;
    for (let k = 0; k < n; k++) {
      id++;
      const [x, y] = lines[p - 1].split(' ').slice(2, 4).map(Number);
      lines.push(`${id} 3 ${x + dx} ${y + dy} 0 0.5 ${p}`);
      p = id;
    }
    return p;
  };
  branch(2, 10, 0, 20);
  branch(1, -10, 0, 20);
  const tip = branch(2, 7, 7, 10);
  branch(tip, 10, 0, 10);
  branch(tip, 0, 10, 10);
  return lines.join('\n');
}

function spec(mechanisms: MechanismSpec[]): CableModelSpec {
  const skeleton = readSwc(swc()).skeleton;
  const discretization = discretize(skeleton, { res: 10 });
  return {
    skeleton,
    discretization,
    Ra: 100,
    cm: 1,
    mechanisms: [{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }, ...mechanisms],
    pointProcesses: [
      { type: 'IClamp', at: { node: 1 }, params: { del: 1, dur: 20, amp: 0.3 } },
      // On a branch without hh: a clamp keeps a subtree static (it only adds to rhs).
      { type: 'IClamp', at: { node: 40 }, params: { del: 5, dur: 10, amp: 0.05 } },
      { type: 'AlphaSynapse', at: { node: 60 }, params: { onset: 8, tau: 1, gmax: 0.01, e: 0 } },
    ],
    recorders: [20, 40, 50, 60, 70].map((node) => ({ label: `v${node}`, at: { node } })),
  };
}

describe('static subtrees (no conductance that changes in time below them)', () => {
  it('level order puts them last, parents still before children', () => {
    const sk = readSwc(swc()).skeleton;
    const disc = discretize(sk, { res: 10 });
    const m = buildMatrix(disc, new Float64Array(disc.sections.length).fill(100));
    const dynamic = new Uint8Array(m.n);
    dynamic[m.n - 1] = 1; // the last node: its path to the root becomes dynamic
    const plain = levelOrder(m);
    const split = levelOrder(m, dynamic);
    for (let i = 0; i < m.n; i++) if (split.m.parent[i] >= 0) expect(split.m.parent[i]).toBeLessThan(i);
    // Ranks: the path from the last node to the root (dynamic), static nodes hanging on it, the rest.
    const rank = new Int32Array(m.n).fill(2);
    for (let i = m.n - 1; i >= 0; i = m.parent[i]) rank[i] = 0;
    for (let i = 0; i < m.n; i++) if (rank[i] && rank[m.parent[i]] === 0) rank[i] = 1;
    const byLevel = Array.from({ length: m.n }, (_, i) => i).sort((a, b) => plain.map[a] - plain.map[b]);
    let next = 0;
    for (const r of [0, 1, 2]) {
      // Each rank takes the next block of numbers, in level order.
      for (const i of byLevel.filter((i) => rank[i] === r)) expect(split.map[i]).toBe(next++);
    }
    expect(next).toBe(m.n);
    expect(rank.filter((r) => r === 0).length).toBeGreaterThan(2);
    expect(rank.filter((r) => r === 2).length).toBeGreaterThan(m.n / 2);
  });

  it('give the voltages of a model where every node is stepped (hh everywhere with zero conductances)', () => {
    // hh only on the first dendrite: the others (one with a clamp) are static, but for the synapse's path.
    const hh: MechanismSpec = { name: 'hh', params: { gnabar: 0.12, gkbar: 0.036, gl: 0.0003 }, where: { sections: [1] } };
    const zeroHh: MechanismSpec = { name: 'hh', params: { gnabar: 0, gkbar: 0, gl: 0 }, where: 'all' };
    const fast = compileModel(spec([hh]));
    const every = compileModel(spec([zeroHh, hh]));
    expect(every.staticNodes).toBe(0);
    expect(fast.staticNodes).toBeGreaterThan(fast.cell.matrix.n / 3);
    const a = fast.run({ tstop: 30, v_init: -65 });
    const b = every.run({ tstop: 30, v_init: -65 });
    let worst = 0;
    let swing = 0;
    for (const k of Object.keys(a.traces)) {
      for (let j = 0; j < a.t.length; j++) {
        worst = Math.max(worst, Math.abs(a.traces[k][j] - b.traces[k][j]));
        swing = Math.max(swing, Math.abs(a.traces[k][j] + 65));
      }
    }
    expect(swing).toBeGreaterThan(10); // the clamp makes the hh branch spike
    expect(worst).toBeLessThan(1e-9); // only the order of the children's sums differs
  });
});
