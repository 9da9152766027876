import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSwc } from './swc.ts';
import { guessSoma } from './soma-guess.ts';
import { scaleSkeleton } from './transform.ts';
import { sharedPath } from '../../../tools/shared-data.ts';

const DA1 = sharedPath('hemibrain-da1-pns/swc');
const title = (what: string) => (existsSync(DA1) ? what : `${what}: skipped, ../shared/data is absent (no ${DA1})`);
const load = (body: string) => scaleSkeleton(readSwc(readFileSync(resolve(DA1, `${body}.swc`), 'utf8')).skeleton, 0.008);

describe('guessSoma: small skeletons', () => {
  it('a blob 3× thicker than 95 % of the nodes is the soma', () => {
    const lines = ['1 0 0 0 0 0.5 -1'];
    for (let i = 2; i <= 30; i++) lines.push(`${i} 0 ${i} 0 0 ${i === 12 ? 6 : 0.5} ${i - 1}`);
    const g = guessSoma(readSwc(lines.join('\n')).skeleton);
    expect(g.rule).toBe('blob');
    expect(g.row).toBe(11);
    expect(g.why).toBe('it is the thickest node (radius 6 µm), 12× thicker than 95 % of the nodes, as a cell body drawn as a blob would be');
  });

  it('otherwise the thickest node of the thickest terminal branch', () => {
    // Trunk 1–5 of radius 1 with branches: 6–8 (radius 0.9, a leaf run) and 9–11 (radius 0.3).
    const swc = '1 0 0 0 0 1 -1\n2 0 1 0 0 1 1\n3 0 2 0 0 1.2 2\n4 0 3 0 0 1 3\n5 0 4 0 0 1 4\n6 0 4 1 0 0.9 5\n7 0 4 2 0 0.95 6\n8 0 4 3 0 0.9 7\n9 0 5 0 0 0.3 5\n10 0 6 0 0 0.3 9\n11 0 7 0 0 0.3 10\n';
    const g = guessSoma(readSwc(swc).skeleton);
    expect(g.rule).toBe('terminal-branch');
    expect(g.row).toBe(6); // node 7
  });
});

describe.skipIf(!existsSync(DA1))(title('guessSoma on the hemibrain DA1 neurons'), () => {
  it('with the soma label and radius hidden, the guess lands within 1.3 µm of the real soma on all four that have one', () => {
    const dist: number[] = [];
    const rules: string[] = [];
    for (const body of ['1734350788', '1734350908', '754534424', '754538881']) {
      const sk0 = load(body);
      const s = sk0.soma;
      const radius = sk0.radius.slice();
      radius[s] = sk0.radius[sk0.parent[s]];
      const sk = sk0.with({ radius }, { soma: -1 });
      const g = guessSoma(sk);
      rules.push(g.rule);
      dist.push(Math.hypot(sk.x[g.row] - sk.x[s], sk.y[g.row] - sk.y[s], sk.z[g.row] - sk.z[s]));
    }
    // The thick nodes around a hidden soma (about 2 µm) still stand out as a blob.
    expect(rules).toEqual(['blob', 'blob', 'blob', 'blob']);
    expect(dist.map((d) => Number(d.toFixed(1)))).toEqual([1.2, 0.2, 0, 0.9]);
  });

  it('722817260 (no soma): node 1591 at the end of a thick terminal branch near the root, not 596 inside the axon', () => {
    const sk = load('722817260');
    const g = guessSoma(sk);
    expect(sk.id[g.row]).toBe(1591);
    expect(g.why).toContain('the thickest node overall, 596 (radius 1.14 µm), does not stand out from the cable (less than 3× the 95th percentile radius, 0.547 µm)');
    // The file's root (a cell body fibre tip in the other four files, 3.6–30 µm from their somata) is 20.7 µm away.
    const root = sk.roots()[0];
    expect(Math.hypot(sk.x[g.row] - sk.x[root], sk.y[g.row] - sk.y[root], sk.z[g.row] - sk.z[root])).toBeCloseTo(20.7, 1);
  });
});
