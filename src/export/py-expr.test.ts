/**
 * Per-segment expressions as generated Python give NeuroWire's values (bit for bit; exp, log,
 * pow and the trigonometric functions of V8 and of the C library may differ in the last bit,
 * measured 1 ulp here, far below anything a trace shows), also where
 * Python's own operators differ from JavaScript's or raise: division by 0, log(0), exp overflow,
 * fmod's sign, Math.round's halves, NaN in min/max, negative bases, literals beyond the double
 * range, and 400 nested parentheses (deeper than Python's parser accepts in one expression).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseSegmentExpr, type SegmentEnv } from '../core/cable/segment-expr.ts';
import { JS_MATH_HELPERS, pyFloat, pythonFunction } from './py-expr.ts';
import { pyStr } from './python.ts';

const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON);

const EXPRS = [
  '0.01 * exp(-d / 200) + (x > 0 ? 1e-4 : 0)',
  'round(2.5) + round(-2.5) * 10 + round(0.49999999999999994) * 100',
  '7 % -3 + (-7 % 3) * 10 + 5.5 % 2',
  '1 / 0',
  '-1 / 0',
  '0 / 0',
  '1 / (0 * -1)',
  'log(0)',
  'log(-1)',
  'log10(d)',
  'exp(1000)',
  '1 / exp(1000)',
  '(-8) ^ (1 / 3)',
  '2 ^ 1024',
  '(-2) ^ 1025',
  '0 ^ -1',
  '1 ^ (1 / 0)',
  'pow(2, 0.5)',
  'min(1, 0 / 0)',
  'max(d, x, y) - min(z, diam)',
  'floor(-0.5) + ceil(0.5) * 10',
  'sqrt(-1)',
  'sin(1 / 0)',
  'cos(d) + tan(x)',
  'abs(-3) + -2 ^ 2',
  'label == "dendrite" ? 1 : 2',
  'label != \'soma\' && d > 10 || !x',
  '!0 + !2 * 10',
  '1e999 - 1e999',
  '1e999',
  `${'('.repeat(400)}d${')'.repeat(400)} + 1`,
  '2 ^ 3 ^ 2',
  'd < 100 ? (d < 50 ? 1 : 2) : 3',
  'pi * diam',
];

const ENVS: SegmentEnv[] = [
  { d: 0, x: 0, y: 0, z: 0, diam: 1, label: 'soma' },
  { d: 123.456, x: -5.5, y: 2, z: 1e-3, diam: 0.35, label: 'dendrite' },
  { d: 75, x: 1, y: -1, z: 3, diam: 2, label: 'q"\n\'' },
];

describe.skipIf(!hasPython)(`generated Python of segment expressions${hasPython ? '' : ' (skipped: /usr/bin/python3 not found)'}`, () => {
  it('gives the values NeuroWire computes: bit for bit, or within 2 ulp where a transcendental function is involved', () => {
    const lines = ['import math, json, struct', JS_MATH_HELPERS];
    EXPRS.forEach((e, k) => lines.push(...pythonFunction(`expr_${k}`, e, '')));
    lines.push(`ENVS = [${ENVS.map((v) => `(${pyFloat(v.d)}, ${pyFloat(v.x)}, ${pyFloat(v.y)}, ${pyFloat(v.z)}, ${pyFloat(v.diam)}, ${pyStr(v.label)})`).join(', ')}]`);
    lines.push(`print(json.dumps([[struct.pack(">d", f(*e)).hex() for e in ENVS] for f in [${EXPRS.map((_, k) => `expr_${k}`).join(', ')}]]))`);
    const r = spawnSync(PYTHON, ['-'], { input: lines.join('\n'), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as string[][];
    const hex = (v: number) => {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(Number.isNaN(v) ? NaN : v);
      return b.toString('hex');
    };
    const nanHex = hex(NaN);
    EXPRS.forEach((e, k) => {
      const ex = parseSegmentExpr(e);
      ENVS.forEach((env, j) => {
        const want = ex.evaluate(env);
        // Any NaN is NaN (its payload bits may differ between the languages).
        const gotHex = got[k][j];
        const isNaN = /^(7ff|fff)[8-9a-f]/.test(gotHex);
        const what = `${e} at ${JSON.stringify(env)}`;
        if (isNaN || !Number.isFinite(want) || want === 0 || !/exp|log|pow|sin|cos|tan|\^/.test(e)) expect(isNaN ? nanHex : gotHex, what).toBe(hex(want));
        else expect(Math.abs(Buffer.from(gotHex, 'hex').readDoubleBE() - want), what).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(want));
      });
    });
  });
});

describe('pyFloat', () => {
  it('writes floats that Python reads as floats, infinity without a literal', () => {
    expect(pyFloat(3)).toBe('3.0');
    expect(pyFloat(1e21)).toBe('1e+21');
    expect(pyFloat(5e-7)).toBe('5e-7');
    expect(pyFloat(Infinity)).toBe('float("inf")');
  });
});
