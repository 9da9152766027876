/**
 * Arrays and FROM loops in the code generator: x[n] is n fields x[0] … x[n-1], FROM loops are
 * unrolled so that every index is a constant, and an index out of range or not constant is
 * refused at the index's line:col. (Their numbers against NEURON: cabpump, release-cabpump in the
 * zoo comparison and tools/nmodl/fixtures.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { compileMechanism } from './compile.ts';

const head = `NEURON { SUFFIX arr RANGE s }
PARAMETER { k = 2 (/ms) }
ASSIGNED { s w[3] }
STATE { c[4] }
`;

describe('arrays', () => {
  it('gives each element its own field (STATE, ASSIGNED, file LOCAL), named x[i]', () => {
    const r = compileMechanism(`${head}LOCAL f[2]
INITIAL { LOCAL t[2]
  FROM i = 0 TO 3 { c[i] = i }
  t[1] = 4
  f[0] = t[1]
  w[2] = f[0] + c[3]
  s = w[2]
}
BREAKPOINT { SOLVE kin METHOD sparse }
KINETIC kin { FROM i = 0 TO 2 { ~ c[i] <-> c[i+1] (k, k) } }
`, 'arr.mod');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    const names = r.def.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['c[0]', 'c[1]', 'c[2]', 'c[3]', 'w[0]', 'w[1]', 'w[2]', 'f[0]', 'f[1]', 's']));
    expect(r.def.fields.filter((f) => f.role === 'state').map((f) => f.name)).toEqual(['c[0]', 'c[1]', 'c[2]', 'c[3]']);
  });

  it('refuses an index out of range at its line:col', () => {
    const r = compileMechanism(`${head}INITIAL {
  FROM i = 0 TO 4 { c[i] = 1 }
}
`, 'arr.mod');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 6, col: 23, unsupported: 'array index' });
    expect(r.errors[0]!.message).toContain('index 4 is out of range for c[4]');
  });

  it('refuses an index that is not a compile-time constant at its line:col', () => {
    const r = compileMechanism(`${head}INITIAL {
  s = 1
  w[s] = 2
}
`, 'arr.mod');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 7, col: 5, unsupported: 'array index' });
  });
});
