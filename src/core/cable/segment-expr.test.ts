/**
 * Per-segment parameter expressions: the language (precedence, strings, errors with the column)
 * and the values a model gets from them — path distance from the root at each segment's centre,
 * as NEURON's distance() gives it, checked by hand on the branched test cell.
 */
import { describe, expect, it } from 'vitest';
import { compileMechanism } from '../nmodl/compile.ts';
import { branchedCell } from './branched-cell.ts';
import { compileModel } from './compile.ts';
import { parseSegmentExpr, type SegmentEnv } from './segment-expr.ts';
import { sectionStartDistances } from './segment-env.ts';

const env = (e: Partial<SegmentEnv> = {}): SegmentEnv => ({ d: 0, x: 0, y: 0, z: 0, diam: 1, label: '', ...e });
const at = (text: string, e: Partial<SegmentEnv> = {}) => parseSegmentExpr(text).evaluate(env(e));

describe('segment expressions', () => {
  it('evaluates with the usual precedence, right-associative ^, ternaries and functions', () => {
    expect(at('1 + 2 * 3 ^ 2')).toBe(19);
    expect(at('2 ^ 3 ^ 2')).toBe(512);
    expect(at('-2 ^ 2')).toBe(-4); // as in mathematics: −(2²)
    expect(at('(-2) ^ 2')).toBe(4);
    expect(at('0.0002 * exp(d / 323)', { d: 323 })).toBeCloseTo(0.0002 * Math.E, 15);
    expect(at('d < 100 ? 0.01 : 0.001', { d: 50 })).toBe(0.01);
    expect(at('d < 100 ? 0.01 : 0.001', { d: 150 })).toBe(0.001);
    expect(at('d < 100 ? 1 : d < 200 ? 2 : 3', { d: 150 })).toBe(2);
    expect(at('max(1, 5, 3) + min(2, 4) + abs(-1) + pow(2, 10) + sqrt(16)')).toBe(5 + 2 + 1 + 1024 + 4);
    expect(at('diam > 2 && z >= 0 || x == 7', { diam: 3 })).toBe(1);
    expect(at('!(d > 5)', { d: 3 })).toBe(1);
    expect(at('7 % 4 + pi')).toBeCloseTo(3 + Math.PI, 15);
    expect(at('1e-3 * 2.5E2 + .5')).toBe(0.75);
  });

  it('compares the compartment label with strings', () => {
    expect(at('label == "dendrite" ? 2e-4 : 0', { label: 'dendrite' })).toBe(2e-4);
    expect(at("label != 'axon'", { label: 'soma' })).toBe(1);
    expect(parseSegmentExpr('0.1').varies).toBe(false);
    expect(parseSegmentExpr('0.1 * d').varies).toBe(true);
  });

  it('names the column of a mistake', () => {
    expect(() => parseSegmentExpr('0.1 * (d + 3')).toThrow(/'\)' expected before the end at column 13/);
    expect(() => parseSegmentExpr('0.1 * dist')).toThrow(/unknown name 'dist' .* at column 7/);
    expect(() => parseSegmentExpr('exq(d)')).toThrow(/unknown function 'exq' .* at column 1/);
    expect(() => parseSegmentExpr('d $ 2')).toThrow(/unexpected character '\$' at column 3/);
    expect(() => parseSegmentExpr('d < 1 ? 2')).toThrow(/':' expected before the end at column 10/);
    expect(() => parseSegmentExpr('label + 1')).toThrow(/'\+' between a string and a number .* at column 7/);
    expect(() => parseSegmentExpr('pow(d)')).toThrow(/pow\(\) takes 2 arguments, got 1 at column 1/);
    expect(() => parseSegmentExpr('"unclosed')).toThrow(/a string that is not closed at column 1/);
    // Data, never code: JavaScript's own syntax is just an unknown name here.
    expect(() => parseSegmentExpr('constructor(1)')).toThrow(/unknown function 'constructor'/);
    expect(() => parseSegmentExpr('__proto__ + 1')).toThrow(/unknown name '__proto__'/);
    expect(() => parseSegmentExpr('d.constructor')).toThrow(/unexpected character '\.' at column 2/);
    expect(() => parseSegmentExpr('toString(d)')).toThrow(/unknown function 'toString'/);
  });
});

describe('per-segment values in a model', () => {
  const leak = compileMechanism(
    'NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g, e }\nUNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }\nPARAMETER { g = 0.001 (S/cm2) e = -65 (mV) }\nASSIGNED { i (mA/cm2) v (mV) }\nBREAKPOINT { i = g*(v - e) }\n',
    'leak.mod',
  );
  if (!leak.ok) throw new Error(leak.errors[0].message);

  it('path distance: each section starts at its parent\'s attachment point (the soma\'s 20 µm, then 200 µm dendrites)', () => {
    const spec = branchedCell({});
    const start = sectionStartDistances(spec.discretization);
    expect(Array.from(start)).toEqual([0, 20, 20]);
  });

  it('an expression of d gives each segment its value at the segment centre, as NEURON\'s distance()', () => {
    // Dendrites: 200 µm from d = 20 in nseg segments (11 at res 20 µm: NEURON's odd count).
    // Node 12 (x = 0.5 on dendrite 1) is in segment 5, node 41 (x = 0.95 on dendrite 2) in segment 10.
    const spec = branchedCell({
      mechanisms: [{ name: 'leak', params: { g: { expr: '1e-4 * (1 + d / 100)' }, e: -65 }, where: 'all' }],
      catalogue: { leak: leak.def },
      recorders: [
        { label: 'g_soma', mechanism: 'leak', variable: 'g', at: { section: 0, x: 0.5 } },
        { label: 'g_mid', mechanism: 'leak', variable: 'g', at: { node: 12 } },
        { label: 'g_tip', mechanism: 'leak', variable: 'g', at: { node: 41 } },
      ],
    });
    const nseg = spec.discretization.sections[1].nseg;
    expect(nseg).toBe(11);
    expect(spec.discretization.sections[0].nseg).toBe(1);
    const centre = (j: number) => 20 + ((j + 0.5) / nseg) * 200;
    const r = compileModel(spec).run({ tstop: 0.1 });
    expect(r.traces.g_soma[0]).toBeCloseTo(1e-4 * (1 + 10 / 100), 18);
    expect(r.traces.g_mid[0]).toBeCloseTo(1e-4 * (1 + centre(5) / 100), 18);
    expect(r.traces.g_tip[0]).toBeCloseTo(1e-4 * (1 + centre(10) / 100), 18);
  });

  it('a constant expression equals the number; Ra and cm take expressions too; a bad one names the parameter and column', () => {
    const base = branchedCell({ mechanisms: [{ name: 'hh', where: 'all' }] });
    const number = compileModel({ ...base, properties: [{ where: 'all', cm: 1.5, Ra: 150 }] }).run({ tstop: 20 });
    const expr = compileModel({ ...base, properties: [{ where: 'all', cm: { expr: '3 / 2' }, Ra: { expr: 'd >= 0 ? 150 : 1' } }], mechanisms: [{ name: 'hh', params: { gnabar: { expr: '0.12' } }, where: 'all' }] }).run({ tstop: 20 });
    expect(Array.from(expr.traces.tip)).toEqual(Array.from(number.traces.tip));
    // A distance-dependent cm changes the traces.
    const graded = compileModel({ ...base, properties: [{ where: 'all', cm: { expr: '1 + d / 100' } }] }).run({ tstop: 20 });
    expect(Math.max(...graded.traces.tip.map((v, i) => Math.abs(v - number.traces.tip[i])))).toBeGreaterThan(1);
    expect(() => compileModel({ ...base, mechanisms: [{ name: 'hh', params: { gnabar: { expr: '0.12 * exp(-dd)' } }, where: 'all' }] })).toThrow(/hh gnabar: expression "0.12 \* exp\(-dd\)": unknown name 'dd' .* at column 13/);
    expect(() => compileModel({ ...base, properties: [{ where: 'all', cm: { expr: 'd - 50' } }] })).toThrow(/cm must be a positive number, got -40 at section 0/);
  });
});
