/** `neurowire mod check` on hostile .mod text: escaped output, bounded nesting, no crash (exit 2 with a message, never 3). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { REPO } from '../../tools/neuron/case.ts';
import { checkModText } from '../core/nmodl/check.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function check(name: string, text: string): { code: number | null; err: string; out: string } {
  const p = resolve(mkdtempSync(resolve(tmpdir(), 'nw-mod-sec-')), name);
  writeFileSync(p, text);
  const r = spawnSync(process.execPath, [BIN, 'mod', 'check', p], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

describe('mod check on hostile text', () => {
  it('escapes terminal control characters in errors', () => {
    const r = check('evil.mod', 'NEURON { SUFFIX e }\nBREAKPOINT { \u001b]0;owned\u0007 }\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain("evil.mod:2:14: unexpected character '\\u001b'");
    expect(r.err).not.toMatch(RAW_CONTROL);
  });

  it('escapes control and bidi characters of the TITLE in the description', () => {
    const r = check('title.mod', 'TITLE a\u001b[2Jb\u202ec\u0085\nNEURON { SUFFIX t }\n');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('density mechanism t: a\\u001b[2Jb\\u202ec\\u0085');
    expect(r.out + r.err).not.toMatch(RAW_CONTROL);
  });

  it('a file name with a newline cannot fake a line of output', () => {
    const r = check('a\nb.mod', 'NEURON { SUFFIX x }\nPARAMETER { g = }\n');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe("a\\u000ab.mod:2:17: expected a number, got '}'");
  });

  it('deep nesting and long chains are syntax errors, not stack overflows', () => {
    const deep = `NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = ${'('.repeat(100000)}1${')'.repeat(100000)} }\n`;
    expect(checkModText(deep, 'deep.mod')).toMatchObject({ ok: false, errors: [{ line: 3, message: 'blocks or expressions nested more than 200 deep' }] });
    const blocks = `NEURON { SUFFIX x }\nINITIAL ${'{ '.repeat(50000)}${'} '.repeat(50000)}\n`;
    expect(checkModText(blocks, 'blocks.mod')).toMatchObject({ ok: false, errors: [{ message: 'blocks or expressions nested more than 200 deep' }] });
    const minus = `NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = ${'-'.repeat(100000)}1 }\n`;
    expect(checkModText(minus, 'minus.mod').ok).toBe(false);
    const power = `NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = 1${'^1'.repeat(100000)} }\n`;
    expect(checkModText(power, 'power.mod').ok).toBe(false);
    const chain = `NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = 1${'+1'.repeat(100000)} }\n`;
    expect(checkModText(chain, 'chain.mod')).toMatchObject({ ok: false, errors: [{ message: 'more than 2000 operators in a row in one expression' }] });
    // A real-sized expression is fine.
    expect(checkModText(`NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = 1${'+1'.repeat(1000)} }\n`, 'ok.mod').ok).toBe(true);
  });

  it('a huge nested file through the CLI exits 2 with a message, not 3', () => {
    const r = check('deep.mod', `NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = ${'('.repeat(100000)}1${')'.repeat(100000)} }\n`);
    expect(r.code).toBe(2);
    expect(r.err).toContain('deep.mod:3:');
    expect(r.err).toContain('nested more than 200 deep');
  });

  it('names such as __proto__ and constructor are ordinary variables', () => {
    const r = checkModText('NEURON { SUFFIX x RANGE __proto__ }\nPARAMETER { constructor = 1 }\nASSIGNED { toString }\nINITIAL { toString = constructor }\n', 'proto.mod');
    // `__proto__` cannot start an NMODL name (a letter must), so it is a syntax error at its place.
    expect(r).toMatchObject({ ok: false, errors: [{ line: 1, col: 25, message: "unexpected character '_'" }] });
    const ok = checkModText('NEURON { SUFFIX x RANGE constructor }\nPARAMETER { constructor = 1 }\nASSIGNED { toString hasOwnProperty }\nINITIAL { toString = constructor }\n', 'proto.mod');
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.model.vars.get('constructor')).toMatchObject({ kind: 'parameter', value: 1, range: true });
  });
});
