import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../errors.ts';
import { createRng } from '../random.ts';
import { Skeleton, emptyColumns } from './skeleton.ts';
import { readSwc, writeSwc } from './swc.ts';
import { syntheticProjectionNeuron } from './synthetic.ts';
import { SHARED_DATA } from '../../../tools/shared-data.ts';

/** The shared test data lives next to the checkout: `<repo>/../shared/data`. */
const DATA = SHARED_DATA;
/** Suite title that says why it is skipped when the shared data is missing. */
const suiteTitle = (what: string, path: string) => (existsSync(path) ? what : `${what}: skipped, ../shared/data is absent (no ${path})`);
const ZOO = resolve(DATA, 'swc-zoo');

/** Run `f`, require a CoreError with this code whose message contains every `parts` string; return it. */
function coreError(f: () => unknown, code: CoreErrorCode, ...parts: string[]): CoreError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a CoreError').toBeInstanceOf(CoreError);
  const e = caught as CoreError;
  expect(e.code).toBe(code);
  for (const p of parts) expect(e.message).toContain(p);
  return e;
}

const rowsOfParents = (sk: Skeleton): number[] => Array.from(sk.parent);
const parentIds = (sk: Skeleton): number[] => Array.from(sk.parent, (p) => (p < 0 ? -1 : sk.id[p]));

describe('readSwc: syntax', () => {
  it('skips whole-line, indented and trailing # comments and blank lines; accepts tabs and runs of spaces', () => {
    const text = [
      '# header comment', //                                   line 1
      '', //                                                   line 2
      '   # indented comment', //                              line 3
      '1\t1  0 0 0   2 -1   # trailing comment', //            line 4
      '2 3\t\t1.5 0 0 0.5 1#comment without a space', //       line 5
      '   \t ', //                                             line 6
      '3 3 1e-3 2.5E+2 -4 0.25 2', //                          line 7
      '4 3 .5 +2 -0.125 1. 3', //                              line 8
    ].join('\n');
    const { skeleton: sk, warnings, lines } = readSwc(text);
    expect(sk.size).toBe(4);
    expect(Array.from(sk.id)).toEqual([1, 2, 3, 4]);
    expect(Array.from(sk.type)).toEqual([1, 3, 3, 3]);
    expect(Array.from(sk.x)).toEqual([0, 1.5, 0.001, 0.5]);
    expect(Array.from(sk.y)).toEqual([0, 0, 250, 2]);
    expect(Array.from(sk.z)).toEqual([0, 0, -4, -0.125]);
    expect(Array.from(sk.radius)).toEqual([2, 0.5, 0.25, 1]);
    expect(rowsOfParents(sk)).toEqual([-1, 0, 1, 2]);
    expect(Array.from(lines)).toEqual([4, 5, 7, 8]);
    expect(sk.soma).toBe(0);
    expect(sk.units).toBe('µm');
    expect(warnings).toEqual([]);
  });

  it('parses scientific notation to the exact double', () => {
    const { skeleton: sk } = readSwc('1 1 1e-3 2.5E+2 -7.25e1 3.0E-1 -1\n');
    expect(sk.x[0]).toBe(0.001);
    expect(sk.y[0]).toBe(250);
    expect(sk.z[0]).toBe(-72.5);
    expect(sk.radius[0]).toBe(0.3);
  });

  const body = ['# c', '1 1 0 0 0 1 -1', '', '2 3 1 0 0 1 1', '3 3 2 0 0 1 9'];
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('counts lines with %s line ends', (_name, eol) => {
    // Line 5 holds the bad parent.
    coreError(() => readSwc(body.join(eol), { missingParents: 'error' }), 'swc-structure', 'SWC line 5: parent 9 of node 3 does not exist');
    expect(readSwc(body.join(eol)).warnings[0]).toContain('e.g. node 3 on line 5: parent 9');
    const ok = readSwc(body.slice(0, 4).join(eol) + eol);
    expect(Array.from(ok.lines)).toEqual([2, 4]);
    expect(Array.from(ok.skeleton.x)).toEqual([0, 1]);
  });

  it('counts lines with mixed line ends (LF, CRLF, CR in one file)', () => {
    // lines: 1 "# a" LF, 2 node 1 CRLF, 3 "" CR, 4 node 2 LF, 5 node 3 CRLF
    const text = '# a\n1 1 0 0 0 1 -1\r\n\r2 3 1 0 0 1 1\n3 3 2 0 0 1 7\r\n';
    coreError(() => readSwc(text, { missingParents: 'error' }), 'swc-structure', 'SWC line 5: parent 7 of node 3 does not exist');
    const ok = readSwc('# a\n1 1 0 0 0 1 -1\r\n\r2 3 1 0 0 1 1\n3 3 2 0 0 1 2\r\n');
    expect(Array.from(ok.lines)).toEqual([2, 4, 5]);
  });

  it('ignores a byte-order mark', () => {
    const { skeleton: sk, lines } = readSwc('\ufeff1 1 0 0 0 1 -1\n2 3 1 0 0 1 1\n');
    expect(Array.from(sk.id)).toEqual([1, 2]);
    expect(Array.from(lines)).toEqual([1, 2]);
    expect(readSwc('\ufeff# comment\n5 1 0 0 0 1 -1').skeleton.id[0]).toBe(5);
  });

  it('accepts ids that are not contiguous or ordered and parents listed after their children, with a warning', () => {
    const text = [
      '40 3 4 0 0 1 7', //       line 1: parent 7 comes later
      '7 1 0 0 0 3 -1', //       line 2
      '1000 19 0 0 4 1 40', //   line 3
      '0 0 1 1 1 1 7', //        line 4: id 0
      '12 5 2 2 2 1 0', //       line 5
    ].join('\n');
    const { skeleton: sk, warnings } = readSwc(text);
    expect(Array.from(sk.id)).toEqual([40, 7, 1000, 0, 12]);
    expect(rowsOfParents(sk)).toEqual([1, -1, 0, 1, 3]);
    expect(parentIds(sk)).toEqual([7, -1, 40, 7, 0]);
    // Type codes are kept as read (custom 5–19 and 0 included).
    expect(Array.from(sk.type)).toEqual([3, 1, 19, 0, 5]);
    expect(sk.rowOf(1000)).toBe(2);
    expect(sk.rowOf(0)).toBe(3);
    expect(sk.rowOf(1)).toBe(-1);
    // The soma is the first type-1 node (row 1), not the first row.
    expect(sk.soma).toBe(1);
    expect(warnings).toEqual([
      '1 node(s) are listed before their parent (e.g. node 40 on line 1, parent 7 on line 2); this is allowed, but tools that read parents first will reject the file',
    ]);
  });

  it('takes the first type-1 node as the soma, or none', () => {
    expect(readSwc('1 3 0 0 0 1 -1\n2 1 1 0 0 1 1\n3 1 2 0 0 1 2').skeleton.soma).toBe(1);
    expect(readSwc('1 3 0 0 0 1 -1\n2 2 1 0 0 1 1').skeleton.soma).toBe(-1);
  });

  it('records name and units', () => {
    const sk = readSwc('1 1 0 0 0 1 -1', { name: 'cell.swc', units: '8 nm voxel' }).skeleton;
    expect(sk.name).toBe('cell.swc');
    expect(sk.units).toBe('8 nm voxel');
  });
});

describe('readSwc: bad input gives a CoreError naming line and node', () => {
  it('missing parent: refused when strict; by default the node starts a piece of its own, with a warning (as Import3d and navis read it)', () => {
    const text = '1 1 0 0 0 1 -1\n2 3 0 0 1 1 1\n3 3 0 0 2 1 44\n4 3 0 0 3 1 3\n';
    const e = coreError(() => readSwc(text, { missingParents: 'error' }), 'swc-structure', 'SWC line 3: parent 44 of node 3 does not exist');
    expect(e.where).toEqual({ line: 3, node: 3 });
    const { skeleton: sk, warnings } = readSwc(text);
    expect(Array.from(sk.roots(), (r) => sk.id[r])).toEqual([1, 3]);
    expect(sk.id[sk.parent[sk.rowOf(4)]]).toBe(3);
    expect(warnings[0]).toBe(
      "1 node(s) name a parent that is not in the file (1 missing id(s); e.g. node 3 on line 3: parent 44): as NEURON's Import3d and navis read them, each starts a separate piece (a root of its own); join the pieces with Heal fragments, or fix the file",
    );
    expect(warnings[1]).toBe('2 roots: 1 (line 1), 3 (line 3); the skeleton has 2 disconnected parts');
  });

  it('duplicate id names both lines', () => {
    const e = coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3 0 0 1 1 1\n# c\n2 3 0 0 2 1 1\n'), 'swc-structure', 'SWC line 4: node id 2 is already used on line 2');
    expect(e.where).toEqual({ line: 4, node: 2 });
  });

  it('two-node cycle beside a valid root', () => {
    const e = coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3 1 0 0 1 3\n3 3 2 0 0 1 2\n'), 'swc-structure', 'SWC line 2: the parent links form a cycle through node(s) 2 → 3');
    expect(e.message).not.toContain('no root');
    expect(e.where.node).toBe(2);
  });

  it('longer cycle reached through a tail names only the cycle', () => {
    // 4 → 5 → 6 → 7 → 5: node 4 hangs off the cycle.
    const text = '1 1 0 0 0 1 -1\n4 3 0 0 0 1 5\n5 3 0 0 0 1 6\n6 3 0 0 0 1 7\n7 3 0 0 0 1 5\n';
    const e = coreError(() => readSwc(text), 'swc-structure', 'SWC line 3: the parent links form a cycle through node(s) 5 → 6 → 7');
    expect(e.message).not.toContain('4 →');
  });

  it('self-parent', () => {
    coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3 0 0 1 1 2\n'), 'swc-structure', 'SWC line 2: node 2 is its own parent');
    coreError(() => readSwc('1 1 0 0 0 1 1\n'), 'swc-structure', 'SWC line 1: node 1 is its own parent');
  });

  it('a file with no root names the cycle and says there is no root', () => {
    coreError(
      () => readSwc('5 1 0 0 0 1 6\n6 3 0 0 1 1 5\n'),
      'swc-structure',
      'SWC line 1: the parent links form a cycle through node(s) 5 → 6 (no node has parent -1, so the file has no root)',
    );
  });

  it.each([
    ['1 1 0 abc 0 1 -1', 'SWC line 1: y "abc" is not a number'],
    ['1 1 0 0 0 NaN -1', 'SWC line 1: radius "NaN" is not a number'],
    ['1 1 Infinity 0 0 1 -1', 'SWC line 1: x "Infinity" is not a number'],
    ['1 1 0x10 0 0 1 -1', 'SWC line 1: x "0x10" is not a number'],
    ['1 1 0 0 1e400 1 -1', 'SWC line 1: z 1e400 is too large (not a finite number)'],
    ['1 soma 0 0 0 1 -1', 'SWC line 1: type "soma" is not a number'],
    ['1 1 0 0 0 1 root', 'SWC line 1: parent "root" is not a number'],
    ['# c\n1 1 0 0 0 1 -1\n2 3 0 0 1- 1 1', 'SWC line 3: z "1-" is not a number'],
  ])('non-numeric field: %j', (text, msg) => {
    coreError(() => readSwc(text), 'swc-syntax', msg);
  });

  it('wrong field count', () => {
    coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3 0 0 1 1'), 'swc-syntax', 'SWC line 2: expected 7 fields (id type x y z radius parent), found 6');
    coreError(() => readSwc('1 1 0 0 0 1 -1 7'), 'swc-syntax', 'SWC line 1: expected 7 fields (id type x y z radius parent), found 8: "1 1 0 0 0 1 -1 7"');
    coreError(() => readSwc('\n\n1'), 'swc-syntax', 'SWC line 3: expected 7 fields', 'found 1');
  });

  it('negative radius', () => {
    const e = coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3 0 0 1 -0.5 1'), 'swc-structure', 'SWC line 2: node 2 has a negative radius (-0.5)');
    expect(e.where).toEqual({ line: 2, node: 2 });
  });

  it('non-integer or out-of-range id, type and parent', () => {
    coreError(() => readSwc('1.5 1 0 0 0 1 -1'), 'swc-syntax', 'SWC line 1: id "1.5" is not an integer');
    coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3.5 0 0 0 1 1'), 'swc-syntax', 'SWC line 2: type "3.5" is not an integer');
    coreError(() => readSwc('1 1 0 0 0 1 -1\n2 3 0 0 0 1 1.25'), 'swc-syntax', 'SWC line 2: parent "1.25" is not an integer');
    coreError(() => readSwc('3000000000 1 0 0 0 1 -1'), 'swc-syntax', 'SWC line 1: id 3000000000 is outside the supported id range');
    // An integer written as a float is an integer.
    expect(readSwc('1.0 1 0 0 0 1 -1.0\n2e0 3 0 0 1 1 1').skeleton.id[1]).toBe(2);
  });

  it('several roots: a warning naming the roots, not an error', () => {
    const { skeleton: sk, warnings } = readSwc('1 1 0 0 0 1 -1\n2 3 0 0 1 1 1\n# c\n5 3 9 0 0 1 -1\n');
    expect(Array.from(sk.roots())).toEqual([0, 2]);
    expect(warnings).toEqual(['2 roots: 1 (line 1), 5 (line 4); the skeleton has 2 disconnected parts']);
    const seven = Array.from({ length: 7 }, (_, k) => `${k + 1} 3 ${k} 0 0 1 -1`).join('\n');
    expect(readSwc(seven).warnings).toEqual([
      '7 roots: 1 (line 1), 2 (line 2), 3 (line 3), 4 (line 4), 5 (line 5), …; the skeleton has 7 disconnected parts',
    ]);
  });

  it('zero radius: a warning naming the nodes', () => {
    const { warnings } = readSwc('1 1 0 0 0 1 -1\n2 3 0 0 1 0 1\n3 3 0 0 2 0.0 2\n4 3 0 0 3 1e-9 3');
    expect(warnings).toEqual([
      '2 node(s) have radius 0 (e.g. 2, 3); a compartment model needs a minimum radius (option minRadius)',
    ]);
  });

  it.each([
    ['empty string', ''],
    ['whitespace only', '  \n\t\r\n '],
    ['only comments', '# one\n   # two\r\n#'],
    ['only a BOM', '\ufeff'],
  ])('%s: no nodes', (_name, text) => {
    coreError(() => readSwc(text), 'swc-syntax', 'no nodes found');
  });

  it('names the file in file-level messages', () => {
    coreError(() => readSwc('# nothing', { name: 'x.swc' }), 'swc-syntax', 'SWC x.swc: no nodes found');
  });

  it('binary-ish and random text throws nothing but CoreError', () => {
    const rng = createRng(20240611);
    const alphabet = '0123456789 -+.eE#\n\r\t,1111  ';
    let parsed = 0;
    for (let k = 0; k < 3000; k++) {
      const len = rng.int(0, 120);
      let s = '';
      for (let j = 0; j < len; j++) {
        s += k % 3 === 0 ? String.fromCharCode(rng.int(0, 255)) : k % 3 === 1 ? String.fromCharCode(rng.int(0, 0xffff)) : alphabet[rng.int(0, alphabet.length - 1)];
      }
      try {
        const r = readSwc(s);
        parsed++;
        expect(r.skeleton.size).toBeGreaterThan(0);
      } catch (e) {
        if (!(e instanceof CoreError)) throw new Error(`non-CoreError ${String(e)} for input ${JSON.stringify(s)}`);
      }
    }
    // Random text essentially never forms a valid SWC file.
    expect(parsed).toBeLessThan(30);
    for (const s of ['\u0000\u0001\u0002\u0003', '\u0000 1 1 0 0 0 1 -1', 'PK\u0003\u0004\u0014\u0000\u0006\u0000', '\uFFFD\uFFFD\uFFFD', '1 1 0 0 0 1 -1\u0000']) {
      expect(() => readSwc(s)).toThrow(CoreError);
    }
  });

  it('rejects a very long digit run quickly (no regex backtracking blow-up)', () => {
    const t0 = performance.now();
    coreError(() => readSwc('1'.repeat(100_000) + 'x 1 0 0 0 1 -1'), 'swc-syntax', 'SWC line 1: id');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('writeSwc', () => {
  const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length));

  it('write → read keeps every column bit for bit (synthetic neuron)', () => {
    const { skeleton: sk } = syntheticProjectionNeuron({ seed: 3, depth: 3 });
    const back = readSwc(writeSwc(sk)).skeleton;
    expect(back.size).toBe(sk.size);
    expect(Array.from(back.id)).toEqual(Array.from(sk.id));
    expect(Array.from(back.parent)).toEqual(Array.from(sk.parent));
    expect(Array.from(back.type)).toEqual(Array.from(sk.type));
    for (const k of ['x', 'y', 'z', 'radius'] as const) expect(bits(back[k])).toEqual(bits(sk[k]));
  });

  it('write → read keeps awkward numbers, ids, type codes and forward references exactly', () => {
    // Magnitudes up to the reader's bound (±1e100, MAX_MAGNITUDE), beyond which lengths could overflow.
    const cols = emptyColumns(6);
    cols.id.set([40, 7, 1000, 0, 12, -5]);
    cols.parent.set([1, -1, 0, 1, 3, 4]);
    cols.type.set([3, 1, 19, 0, 5, 2147483647]);
    cols.x.set([0.1 + 0.2, 1 / 3, 5e-324, 1e100, -123456789.12345679, 1e21]);
    cols.y.set([-1e-7, 2 ** -1074 * 3, 6.02214076e23, -0.000001, 42, Math.PI]);
    cols.z.set([Math.E, -Math.SQRT2, 1e-300, 9007199254740992, 0.5, -2.5e-8]);
    cols.radius.set([0, 1 / 7, 1e-12, 3, 375.25, 9.999999999999999e99]);
    const sk = new Skeleton(cols, { soma: 1 });
    const text = writeSwc(sk, ['made by a test', 'second header line']);
    expect(text.split('\n').slice(0, 3)).toEqual(['# made by a test', '# second header line', '40 3 0.30000000000000004 -1e-7 2.718281828459045 0 7']);
    const { skeleton: back, lines, warnings } = readSwc(text);
    expect(Array.from(back.id)).toEqual([40, 7, 1000, 0, 12, -5]);
    expect(Array.from(back.parent)).toEqual([1, -1, 0, 1, 3, 4]);
    expect(Array.from(back.type)).toEqual([3, 1, 19, 0, 5, 2147483647]);
    for (const k of ['x', 'y', 'z', 'radius'] as const) expect(bits(back[k])).toEqual(bits(sk[k]));
    expect(Array.from(lines)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(back.soma).toBe(1);
    expect(warnings).toHaveLength(2); // radius 0 on node 40; node 40 listed before its parent 7
  });

  it('writes -0 as 0 and ends with a newline', () => {
    const cols = emptyColumns(1);
    cols.id[0] = 1;
    cols.x[0] = -0;
    cols.radius[0] = 1;
    expect(writeSwc(new Skeleton(cols))).toBe('1 0 0 0 0 1 -1\n');
  });
});

/**
 * Per file: points, roots, soma (type-1) points, zero-radius points, points listed before their
 * parent. Points agree with the README's tables; roots and soma points with its text where it
 * states them; the rest were counted from the files independently of this reader.
 */
const ZOO_FILES: Array<[string, number, number, number, number, number]> = [
  ['arbor/720575940661139073.swc', 8798, 1, 1, 150, 4247],
  ['arbor/720575940661214849.swc', 2559, 1, 1, 45, 1405],
  ['arbor/ball_and_stick.swc', 3, 1, 1, 0, 0],
  ['arbor/bluepyopt_simplecell.swc', 3, 1, 3, 0, 0],
  ['arbor/fileformat_example.swc', 4, 1, 2, 0, 0],
  ['arbor/pyramidal.swc', 5799, 1, 3, 0, 0],
  ['arbor/single_cell_allen.swc', 4852, 1, 1, 0, 0],
  ['arbor/single_cell_detailed.swc', 14, 1, 2, 0, 0],
  ['morphio/10-2012-02-09-001.CNG.swc', 3187, 1, 17, 0, 0],
  ['morphio/complexe.swc', 30, 1, 21, 0, 0],
  ['morphio/disconnected_neurite.swc', 10, 2, 1, 0, 0],
  ['morphio/multiple_soma.swc', 10, 2, 2, 0, 0],
  ['morphio/neurite_wrong_root_point.swc', 7, 1, 3, 0, 0],
  ['morphio/no_soma.swc', 3, 1, 0, 0, 0],
  ['morphio/nrn_ordering.swc', 3783, 1, 1, 0, 0],
  ['morphio/reversed_NRN_neurite_order.swc', 7, 1, 1, 0, 0],
  ['morphio/simple-all-types.swc', 31, 1, 1, 0, 0],
  ['morphio/simple-heterogeneous-neurite.swc', 9, 1, 1, 0, 0],
  ['morphio/simple-trailing-space.swc', 3, 1, 0, 0, 0],
  ['morphio/simple-windows-eol.swc', 9, 1, 1, 0, 0],
  ['morphio/simple.swc', 9, 1, 1, 0, 0],
  ['morphio/soma_cylinders.swc', 6, 1, 4, 0, 0],
  ['morphio/soma_multiple_frustums.swc', 4, 1, 4, 0, 0],
  ['morphio/soma_single_frustum.swc', 2, 1, 2, 0, 0],
  ['morphio/soma_three_points_cylinder.swc', 3, 1, 3, 0, 0],
  ['morphio/three_point_soma.swc', 23, 1, 3, 0, 0],
  ['neurom/Neuron.swc', 847, 1, 3, 0, 0],
  ['neurom/Neuron_disconnected_components.swc', 843, 5, 3, 0, 0],
  ['neurom/Neuron_missing_ids.swc', 8, 3, 1, 4, 0],
  ['neurom/Neuron_missing_parents.swc', 843, 5, 3, 0, 0],
  ['neurom/Neuron_zero_length_sections.swc', 847, 1, 3, 0, 0],
  ['neurom/Neuron_zero_length_segments.swc', 847, 1, 3, 0, 0],
  ['neurom/Neuron_zero_radius.swc', 9, 1, 3, 0, 0],
  ['neurom/Single_apical_no_soma.swc', 211, 1, 0, 0, 0],
  ['neurom/bifurcating_soma.swc', 15, 1, 9, 9, 0],
  ['neurom/custom_type.swc', 9, 1, 1, 4, 0],
  ['neurom/dangling_axon.swc', 9, 1, 1, 4, 0],
  ['neurom/empty_segments.swc', 4, 1, 1, 0, 0],
  ['neurom/fat_end.swc', 10, 1, 1, 0, 0],
  ['neurom/multiple_somata.swc', 10, 2, 2, 4, 0],
  ['neurom/narrow_start.swc', 4, 1, 1, 0, 0],
  ['neurom/non_increasing_trunk_off_1_16pt.swc', 16, 1, 16, 1, 2],
  ['neurom/point_soma.swc', 1, 1, 1, 0, 0],
  ['neurom/point_soma_single_neurite.swc', 5, 1, 1, 0, 0],
  ['neurom/random_trunk_off_0_16pt.swc', 16, 1, 0, 0, 0],
  ['neurom/root_node_jump.swc', 9, 1, 1, 4, 0],
  ['neurom/sequential_trunk_off_42_16pt.swc', 16, 1, 16, 1, 0],
  ['neurom/simple_reversed.swc', 9, 1, 1, 4, 4],
  ['neurom/soma_with_neurite_parent.swc', 6, 1, 1, 0, 0],
  ['neurom/soma_zero_radius.swc', 9, 1, 1, 7, 0],
  ['neurom/split_soma_two_neurites.swc', 11, 1, 3, 0, 0],
  ['neurom/three_pt_soma.swc', 23, 1, 3, 5, 0],
  ['neurom/undefined_type.swc', 9, 1, 1, 4, 0],
  ['neurom/z_jump.swc', 11, 1, 1, 0, 0],
];
/** Files a plain read must reject, with the line and message the README's defect leads to. */
const ZOO_ERRORS: Array<[string, string]> = [['neurom/repeated_id.swc', 'SWC line 6: node id 4 is already used on line 5']];
/** Files a strict read (missingParents: 'error') rejects and the default read loads with a warning. */
const ZOO_MISSING_PARENTS: Array<[string, string]> = [
  ['neurom/Neuron_missing_parents.swc', 'SWC line 40: parent 5 of node 6 does not exist'],
  ['neurom/Neuron_missing_ids.swc', 'SWC line 42: parent 7 of node 8 does not exist'],
];

describe.skipIf(!existsSync(ZOO))(suiteTitle('swc-zoo', ZOO), () => {
  const read = (f: string) => readSwc(readFileSync(resolve(ZOO, f), 'utf8'), { name: f });
  const typeCount = (sk: Skeleton, t: number) => sk.type.filter((v) => v === t).length;

  it('lists every file in the folder (55)', () => {
    const files = ['arbor', 'morphio', 'neurom'].flatMap((d) => readdirSync(resolve(ZOO, d)).map((f) => `${d}/${f}`));
    expect(files).toHaveLength(55);
    expect([...ZOO_FILES.map((r) => r[0]), ...ZOO_ERRORS.map((r) => r[0])].sort()).toEqual(files.sort());
  });

  it.each(ZOO_FILES)('%s: %i points, %i root(s), %i soma point(s)', (f, n, roots, soma, zero, early) => {
    const { skeleton: sk, warnings } = read(f);
    expect(sk.size).toBe(n);
    expect(sk.roots().length).toBe(roots);
    expect(typeCount(sk, 1)).toBe(soma);
    expect(sk.soma).toBe(sk.type.indexOf(1));
    expect(sk.order.length).toBe(n); // every node reachable from a root
    // The structural warnings in order; soma and missing-parent warnings are checked below.
    const expected: string[] = [];
    if (roots > 1) expected.push(`${roots} roots: `);
    if (zero > 0) expected.push(`${zero} node(s) have radius 0 `);
    if (early > 0) expected.push(`${early} node(s) are listed before their parent `);
    const structural = warnings.filter((w) => /^\d+ (roots|node\(s\) have radius 0|node\(s\) are listed before)/.test(w));
    expect(structural.map((w, k) => w.slice(0, expected[k]?.length ?? 0))).toEqual(expected);
  });

  it.each(ZOO_ERRORS)('%s is rejected: %s', (f, msg) => {
    coreError(() => read(f), 'swc-structure', msg);
  });

  it.each(ZOO_MISSING_PARENTS)('%s: strict read rejects it (%s), the default read warns', (f, msg) => {
    coreError(() => readSwc(readFileSync(resolve(ZOO, f), 'utf8'), { name: f, missingParents: 'error' }), 'swc-structure', msg);
    expect(read(f).warnings[0]).toMatch(/^\d+ node\(s\) name a parent that is not in the file/);
  });

  it('soma oddities are reported at load with counts: several somata, a branching soma, zero radii, a soma below a neurite', () => {
    expect(read('morphio/multiple_soma.swc').warnings).toContain(
      '2 separate somata (groups of type-1 points): node 1 (line 2), node 10 (line 11); the first is taken as the soma, set another with Set soma',
    );
    expect(read('neurom/multiple_somata.swc').warnings).toContain(
      '2 separate somata (groups of type-1 points): node 1 (line 3), node 10 (line 12); the first is taken as the soma, set another with Set soma',
    );
    const bif = read('neurom/bifurcating_soma.swc').warnings;
    expect(bif).toContain(
      'the soma branches: 1 soma point(s) have several soma children that go on (e.g. node 1 on line 5); a soma is a single point, a 3-point sphere or an unbranched chain, so its shape is a guess',
    );
    expect(bif).toContain('9 of 9 soma point(s) have radius 0: the soma has no membrane there');
    expect(read('neurom/soma_zero_radius.swc').warnings).toContain('1 of 1 soma point(s) have radius 0: the soma has no membrane there');
    expect(read('neurom/soma_with_neurite_parent.swc').warnings).toEqual([
      "1 soma point(s) hang below a neurite point (e.g. node 6 on line 8, whose parent 5 has type 3): the file's root is not the soma; Reroot at the soma before building a model",
    ]);
    // NeuroMorpho 3-point somata (centre and two end points) and single-point somata are legal: no soma warning.
    for (const f of ['arbor/pyramidal.swc', 'morphio/three_point_soma.swc', 'neurom/three_pt_soma.swc', 'morphio/simple.swc', 'morphio/10-2012-02-09-001.CNG.swc']) {
      expect(read(f).warnings.filter((w) => w.includes('soma')), f).toEqual([]);
    }
  });

  it('several roots (multiple somata, orphan neurite, deleted points) load with a warning naming the roots', () => {
    expect(read('morphio/multiple_soma.swc').warnings[0]).toBe('2 roots: 1 (line 2), 10 (line 11); the skeleton has 2 disconnected parts');
    expect(read('neurom/multiple_somata.swc').warnings[0]).toBe('2 roots: 1 (line 3), 10 (line 12); the skeleton has 2 disconnected parts');
    expect(read('morphio/disconnected_neurite.swc').warnings).toEqual(['2 roots: 1 (line 1), 10 (line 10); the skeleton has 2 disconnected parts']);
    expect(read('neurom/Neuron_disconnected_components.swc').warnings).toEqual([
      '5 roots: 1 (line 36), 6 (line 40), 217 (line 250), 428 (line 460), 639 (line 670); the skeleton has 5 disconnected parts',
    ]);
  });

  it('forward references load with a warning naming nodes and lines', () => {
    const rev = read('neurom/simple_reversed.swc');
    expect(rev.warnings[1]).toBe(
      '4 node(s) are listed before their parent (e.g. node 2 on line 26, parent 7 on line 31; node 3 on line 27, parent 7 on line 31; node 4 on line 28, parent 9 on line 33; …); this is allowed, but tools that read parents first will reject the file',
    );
    // Same tree as simple.swc once ids are matched by position: 9 nodes, leaves 2, 3, 4, 5.
    expect(Array.from(rev.skeleton.leaves(), (r) => rev.skeleton.id[r])).toEqual([2, 3, 4, 5]);
    const ni = read('neurom/non_increasing_trunk_off_1_16pt.swc');
    expect(ni.warnings[1]).toContain('2 node(s) are listed before their parent (e.g. node 7 on line 36, parent 6 on line 37; node 13 on line 42, parent 12 on line 43)');
    // A 16-point chain: ids 1–4 and 6–17 (there is no id 5).
    expect(Array.from(ni.skeleton.order, (r) => ni.skeleton.id[r])).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    const fly = read('arbor/720575940661214849.swc');
    expect(fly.warnings[1]).toContain('node 2 on line 9, parent 1197 on line 1204');
  });

  it('real morphologies: type counts, soma and units as documented', () => {
    const pyr = read('arbor/pyramidal.swc').skeleton; // CRLF throughout
    expect([1, 2, 3, 4].map((t) => typeCount(pyr, t))).toEqual([3, 74, 2309, 3413]);
    expect(Array.from(pyr.radius.subarray(0, 3))).toEqual([4.46694, 4.46694, 4.46694]);
    expect([pyr.y[1], pyr.y[2]]).toEqual([-4.41, 4.41]);
    const allen = read('arbor/single_cell_allen.swc').skeleton;
    expect([1, 2, 3, 4].map((t) => typeCount(allen, t))).toEqual([1, 51, 1659, 3141]);
    expect([allen.x[allen.soma], allen.y[allen.soma], allen.z[allen.soma], allen.radius[allen.soma]]).toEqual([357.4977, 705.5311, 27.0085, 6.9553]);
    const cng = read('morphio/10-2012-02-09-001.CNG.swc').skeleton;
    expect([typeCount(cng, 1), typeCount(cng, 3)]).toEqual([17, 3170]);
    const somaR = Array.from(cng.radius.filter((_, i) => cng.type[i] === 1));
    expect([Math.min(...somaR), Math.max(...somaR)]).toEqual([8.36282, 11.7606]);
    const fly = read('arbor/720575940661214849.swc').skeleton; // nm, LF header + CRLF data
    expect(fly.radius[fly.soma]).toBe(1856);
    expect(fly.id[fly.parent[fly.rowOf(2)]]).toBe(1197);
    expect([0, 1, 5, 6].map((t) => typeCount(fly, t))).toEqual([2272, 1, 131, 155]);
  });

  it('quirk files: custom types, odd ids, soma layouts, geometry', () => {
    const all = read('morphio/simple-all-types.swc').skeleton;
    for (let t = 5; t <= 19; t++) expect(typeCount(all, t)).toBe(2);
    expect(read('neurom/sequential_trunk_off_42_16pt.swc').skeleton.id[0]).toBe(42);
    const rnd = read('neurom/random_trunk_off_0_16pt.swc').skeleton;
    expect(rnd.id[0]).toBe(0);
    expect(new Set(rnd.type)).toEqual(new Set([0, 8]));
    expect(typeCount(read('neurom/custom_type.swc').skeleton, 5)).toBe(4);
    expect(typeCount(read('neurom/undefined_type.swc').skeleton, 0)).toBe(4);
    expect(read('neurom/Single_apical_no_soma.swc').skeleton.id[0]).toBe(4);
    // Ball and stick: 6.30785 µm to the soma surface, then a 200 µm dendrite.
    expect(read('arbor/ball_and_stick.swc').skeleton.cableLength()).toBeCloseTo(206.30785, 10);
    // soma_cylinders: the axon hangs off soma point 2.
    const cyl = read('morphio/soma_cylinders.swc').skeleton;
    expect(cyl.id[cyl.parent[cyl.rowOf(5)]]).toBe(2);
    // bifurcating_soma: soma point 1 has two soma children (2 and 3); ids start at 0.
    const bif = read('neurom/bifurcating_soma.swc').skeleton;
    expect(bif.id[0]).toBe(0);
    expect(Array.from(bif.children(bif.rowOf(1)), (r) => [bif.id[r], bif.type[r]])).toEqual([[2, 1], [3, 1]]);
    // soma_with_neurite_parent: the root is a dendrite point and the soma (node 6) a leaf.
    const swn = read('neurom/soma_with_neurite_parent.swc').skeleton;
    expect(swn.type[swn.roots()[0]]).toBe(3);
    expect(Array.from(swn.leaves())).toEqual([swn.soma]);
    expect(swn.id[swn.soma]).toBe(6);
    // Same data as simple.swc with CRLF line ends.
    const a = read('morphio/simple.swc').skeleton;
    const b = read('morphio/simple-windows-eol.swc').skeleton;
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(b.parent)).toEqual(Array.from(a.parent));
  });
});

const DA1 = resolve(DATA, 'hemibrain-da1-pns/swc');
describe.skipIf(!existsSync(DA1))(suiteTitle('hemibrain DA1 SWC', DA1), () => {
  // [body id, nodes, root ids, soma id or -1]
  const cases: Array<[string, number, number[], number]> = [
    ['1734350788', 4465, [1], 4177],
    ['1734350908', 4847, [1], 6],
    ['722817260', 4332, [1], -1],
    ['754534424', 4696, [1], 4],
    ['754538881', 4881, [1, 1945], 701],
  ];
  it.each(cases)('%s: %i nodes, roots %j, soma %i', (body, n, roots, soma) => {
    const { skeleton: sk, warnings } = readSwc(readFileSync(resolve(DA1, `${body}.swc`), 'utf8'));
    expect(sk.size).toBe(n);
    expect(Array.from(sk.roots(), (r) => sk.id[r])).toEqual(roots);
    expect(soma < 0 ? -1 : sk.id[sk.soma]).toBe(soma);
    if (soma >= 0) expect(sk.radius[sk.soma]).toBe(375);
    // Parents always come before children in these files; only the two-root file warns.
    expect(warnings).toEqual(roots.length > 1 ? ['2 roots: 1 (line 7), 1945 (line 1951); the skeleton has 2 disconnected parts'] : []);
  });
});
