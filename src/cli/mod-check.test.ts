/** `neurowire mod check`, run as a user runs it (bin/neurowire.mjs): the description, or errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { REPO } from '../../tools/neuron/case.ts';
import { hasShared, sharedPath, skipNote } from '../../tools/shared-data.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');
const CAGK = 'nmodl-zoo/nrn-8.2.2/share/examples/nrniv/nmodl/cagk.mod';

function nw(args: string[]): { code: number | null; err: string; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

function tmp(name: string, text: string): string {
  const p = resolve(mkdtempSync(resolve(tmpdir(), 'nw-mod-')), name);
  writeFileSync(p, text);
  return p;
}

describe('neurowire mod check', () => {
  it.skipIf(!hasShared(CAGK))(`prints cagk.mod's mechanism and exits 0${skipNote(CAGK)}`, () => {
    const r = nw(['mod', 'check', sharedPath(CAGK)]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('density mechanism cagk');
    expect(lines).toContain('  gkbar = 0.01 (mho/cm2) RANGE');
    expect(lines).toContain('  k1 = 0.18 (mM) GLOBAL');
    expect(lines).toContain('states: o');
    expect(lines).toContain('ion ca (valence 2): read cai; write -');
    expect(lines).toContain('ion k (valence 1): read ek; write ik');
    expect(lines).toContain('methods: state cnexp');
    expect(r.err).toMatch(/^cagk\.mod: checked in \d+\.\d ms, compiled in \d+\.\d ms\n$/);
  });

  it('gives the errors with file:line:col and exits 2', () => {
    const f = tmp('broken.mod', 'NEURON { SUFFIX broken }\nASSIGNED { a }\nBREAKPOINT {\n  a = undeclared_thing\n}\nINITIAL {\nVERBATIM\nENDVERBATIM\n}\n');
    const r = nw(['mod', 'check', f]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      "broken.mod:4:7: 'undeclared_thing' is not declared (declare it in PARAMETER, ASSIGNED, STATE or LOCAL)",
      'broken.mod:7:1: VERBATIM is not supported',
      'broken.mod: 2 errors',
      '',
    ]);
  });

  it('prints a unit mismatch as a warning with file:line:col and exits 0; --strict-units makes it an error', () => {
    const f = tmp(
      'ionmv.mod',
      'NEURON { SUFFIX ionmv NONSPECIFIC_CURRENT i }\nUNITS { (mA) = (milliamp) (mV) = (millivolt) }\nPARAMETER { e = -70 (mV) }\nASSIGNED { i (mA/cm2) v (mV) }\nBREAKPOINT { i = v - e }\n',
    );
    const r = nw(['mod', 'check', f]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('density mechanism ionmv');
    expect(r.err.split('\n')[0]).toBe("warning: ionmv.mod:5:14: units: 'i' is in (mA/cm2) but is assigned (mV): the dimensions differ (10 coul/m2-sec vs 0.001 m2-kg/sec2-coul)");
    const s = nw(['mod', 'check', '--strict-units', f]);
    expect(s.code).toBe(2);
    expect(s.out).toBe('');
    expect(s.err.split('\n')).toEqual([
      "ionmv.mod:5:14: units: 'i' is in (mA/cm2) but is assigned (mV): the dimensions differ (10 coul/m2-sec vs 0.001 m2-kg/sec2-coul)",
      'ionmv.mod: 1 error',
      '',
    ]);
  });

  it('reports a syntax error at its place and exits 2', () => {
    const r = nw(['mod', 'check', tmp('syntax.mod', 'NEURON { SUFFIX s }\nPARAMETER { g = }\n')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("syntax.mod:2:17: expected a number, got '}'");
  });

  it('refuses a built-in name unless --builtin', () => {
    const f = tmp('myhh.mod', 'NEURON { SUFFIX hh }\n');
    expect(nw(['mod', 'check', f]).err).toContain("myhh.mod:1:17: 'hh' is the name of a built-in mechanism; rename the SUFFIX");
    const r = nw(['mod', 'check', '--builtin', f]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('density mechanism hh');
  });


  it('exits 2 for a missing file or a bad command', () => {
    expect(nw(['mod', 'check', '/nonexistent/x.mod'])).toMatchObject({ code: 2, err: 'no such .mod file: /nonexistent/x.mod\n' });
    expect(nw(['mod', 'lint']).code).toBe(2);
    expect(nw(['mod', 'check']).code).toBe(2);
  });

  it('a file that checks but uses what the code generator cannot produce yet exits 2 naming it at its line:col', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-mod-'));
    const f = resolve(dir, 'electrode.mod');
    writeFileSync(f, 'NEURON {\n  POINT_PROCESS W\n  ELECTRODE_CURRENT i\n  NONSPECIFIC_CURRENT j\n}\nASSIGNED { i (nA) j (nA) }\nBREAKPOINT { i = 0 j = 0 }\n');
    const r = nw(['mod', 'check', f]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/electrode\.mod:1:1: an ELECTRODE_CURRENT beside membrane currents is not yet supported by NeuroWire's code generator/);
    expect(r.err).toMatch(/but NeuroWire cannot compile it yet/);
  });
});
