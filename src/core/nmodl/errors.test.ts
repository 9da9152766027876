/** The NMODL front end's messages: exact file:line:col for syntax errors, checker errors and refusals. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModText } from './check.ts';
import { formatDiagnostic } from './ast.ts';

/** The error lines for a source text (empty when it checks). */
function errors(src: string, allowBuiltinNames = false): string[] {
  const r = checkModText(src, 'bad.mod', { allowBuiltinNames });
  return r.ok ? [] : r.errors.map(formatDiagnostic);
}

/**
 * [what, source, our message, what NEURON 8.2's nocmodl does with it (measured)]. Where nocmodl
 * accepts, the C compiler or NEURON at run time fails later (undeclared names, arity), the name is
 * taken when the built-ins are loaded, or it is a construct NeuroWire refuses.
 */
const CASES: [string, string, string, 'accepts' | 'rejects'][] = [
  ['a NEURON block left open', 'NEURON { SUFFIX x\nPARAMETER { g = 1 }\n', "bad.mod:2:1: expected a NEURON statement (SUFFIX, USEION, RANGE, …) or '}', got keyword PARAMETER", 'rejects'],
  ['a PARAMETER without its value', 'NEURON { SUFFIX x }\nPARAMETER {\n  g = (S/cm2)\n}\n', "bad.mod:3:7: expected a number, got '('", 'rejects'],
  ['an undeclared variable', 'NEURON { SUFFIX x }\nASSIGNED { a }\nBREAKPOINT {\n  a = b + 1\n}\n', "bad.mod:4:7: 'b' is not declared (declare it in PARAMETER, ASSIGNED, STATE or LOCAL)", 'accepts'],
  ['a FUNCTION called with too few arguments', 'NEURON { SUFFIX x }\nASSIGNED { a }\nFUNCTION f(x, y) { f = x + y }\nBREAKPOINT { a = f(1) }\n', "bad.mod:4:18: 'f' takes 2 arguments, got 1", 'accepts'],
  ['exp with two arguments', 'NEURON { SUFFIX x }\nASSIGNED { a }\nBREAKPOINT { a = exp(1, 2) }\n', "bad.mod:3:18: 'exp' takes 1 argument, got 2", 'accepts'],
  ['an undefined function', 'NEURON { SUFFIX x }\nASSIGNED { a }\nBREAKPOINT { a = foo(1) }\n', "bad.mod:3:18: 'foo' is not a FUNCTION or PROCEDURE of this file nor a built-in function", 'accepts'],
  ['celsius assigned', 'NEURON { SUFFIX x }\nPARAMETER { celsius = 6.3 (degC) }\nINITIAL { celsius = 1 }\n', "bad.mod:3:11: 'celsius' is a variable of NEURON and cannot be assigned in a mechanism", 'rejects'],
  ['a SOLVE after its block', "NEURON { SUFFIX x }\nSTATE { s }\nDERIVATIVE d { s' = -s }\nBREAKPOINT { SOLVE d METHOD cnexp }\n", 'bad.mod:4:14: SOLVE d must come before the DERIVATIVE block d (line 3), as NEURON requires', 'rejects'],
  ['the name of a built-in mechanism', 'NEURON { SUFFIX hh }\n', "bad.mod:1:17: 'hh' is the name of a built-in mechanism; rename the SUFFIX", 'accepts'],
  ['VERBATIM', 'NEURON { SUFFIX x }\nINITIAL {\nVERBATIM\n  return 0;\nENDVERBATIM\n}\n', 'bad.mod:3:1: VERBATIM is not supported', 'accepts'],
  ['POINTER', 'NEURON {\n  SUFFIX x\n  POINTER p\n}\n', 'bad.mod:3:3: POINTER is not supported', 'rejects'],
  ['LONGITUDINAL_DIFFUSION', 'NEURON { SUFFIX x }\nSTATE { c }\nBREAKPOINT { SOLVE k METHOD sparse }\nKINETIC k {\n  LONGITUDINAL_DIFFUSION 1 {c}\n  ~ c << (1)\n}\n', 'bad.mod:5:3: LONGITUDINAL_DIFFUSION is not supported', 'rejects'],
  ["a derivative of a variable that is not a STATE", "NEURON { SUFFIX x }\nASSIGNED { a }\nBREAKPOINT { SOLVE d METHOD cnexp }\nDERIVATIVE d { a' = 1 }\n", "bad.mod:4:16: 'a' must be declared as a STATE to have a derivative", 'rejects'],
  ['cnexp for a KINETIC block', 'NEURON { SUFFIX x }\nSTATE { a b }\nBREAKPOINT { SOLVE k METHOD cnexp }\nKINETIC k { ~ a <-> b (1, 1) }\n', "bad.mod:3:29: METHOD cnexp cannot solve the KINETIC block 'k'", 'rejects'],
  ['a COMMENT never closed', 'COMMENT\nnever closed\n', 'bad.mod:1:1: COMMENT block goes to the end of the file (no ENDCOMMENT)', 'rejects'],
  ['a stray character', 'NEURON { SUFFIX x }\nPARAMETER { g = 1 $ }\n', "bad.mod:2:19: unexpected character '$'", 'rejects'],
  ['a unit without its )', 'NEURON { SUFFIX x }\nPARAMETER { g = 1 (mV\n}\n', "bad.mod:2:19: unit has no closing ')' on its line", 'rejects'],
  ['net_send in a density mechanism', 'NEURON { SUFFIX x }\nINITIAL { net_send(0, 1) }\n', 'bad.mod:2:11: net_send() needs a POINT_PROCESS or ARTIFICIAL_CELL', 'rejects'],
  ['diam assigned', 'NEURON { SUFFIX x }\nINITIAL { diam = 2 }\n', "bad.mod:2:11: 'diam' is a variable of NEURON and cannot be assigned in a mechanism", 'rejects'],
  ['a variable of another ion', 'NEURON { SUFFIX x\n USEION na READ ek }\n', "bad.mod:2:17: 'ek' is not a variable of ion na (ena, nai, nao, ina)", 'rejects'],
  ['a variable declared twice', 'NEURON { SUFFIX x }\nPARAMETER { g = 1 }\nASSIGNED { g }\n', "bad.mod:3:12: 'g' is declared twice (first at line 2)", 'rejects'],
  ['SOLVE of a block that does not exist', 'NEURON { SUFFIX x }\nBREAKPOINT { SOLVE nothing METHOD cnexp }\n', "bad.mod:2:14: SOLVE 'nothing': there is no DERIVATIVE, KINETIC or PROCEDURE block of that name", 'rejects'],
  ['LOCAL after a statement', 'NEURON { SUFFIX x }\nINITIAL {\n  v = 1\n  LOCAL a\n}\n', 'bad.mod:4:3: LOCAL must come first in its { } block, before any statement', 'rejects'],
  ['net_event outside NET_RECEIVE', 'NEURON { POINT_PROCESS p }\nINITIAL { net_event(t) }\nNET_RECEIVE (w) { }\n', 'bad.mod:2:11: net_event() belongs in NET_RECEIVE', 'rejects'],
  ['net_send without NET_RECEIVE', 'NEURON { POINT_PROCESS p }\nINITIAL { net_send(1, 1) }\n', 'bad.mod:2:11: net_send() needs a NET_RECEIVE block to receive the event', 'rejects'],
  ['a KINETIC SOLVE without METHOD', 'NEURON { SUFFIX x }\nSTATE { a b }\nBREAKPOINT { SOLVE k }\nKINETIC k { ~ a <-> b (1, 1) }\n', "bad.mod:3:14: SOLVE of a KINETIC block without METHOD (NEURON's _advance; write METHOD sparse) is not supported", 'accepts'],
  // nocmodl drops after_cvode and solves the DERIVATIVE with adrunge (NEURON's own SEClamp SOLVEs a PROCEDURE so, which runs).
  ['METHOD after_cvode of a DERIVATIVE block', "NEURON { SUFFIX x }\nSTATE { s }\nBREAKPOINT { SOLVE d METHOD after_cvode }\nDERIVATIVE d { s' = -s }\n", 'bad.mod:3:29: METHOD after_cvode is not supported', 'accepts'],
  ['METHOD runge', "NEURON { SUFFIX x }\nSTATE { s }\nBREAKPOINT { SOLVE d METHOD runge }\nDERIVATIVE d { s' = -s }\n", 'bad.mod:3:29: METHOD runge is not supported', 'accepts'],
];

const POINT_PROCESS_SRC = `TITLE test
DEFINE N 3
NEURON { POINT_PROCESS P RANGE g, tot NONSPECIFIC_CURRENT i }
UNITS { (nA) = (nanoamp) (mV) = (millivolt) FARADAY = (faraday) (coulomb) R = (k-mole) (joule/degC) }
PARAMETER { tau = .5 (ms) <1e-9, 1e9> e = -70 (mV) w[N] }
ASSIGNED { v (mV) i (nA) tot }
STATE { g (uS) }
INITIAL { LOCAL k  g = 0  tot = 0  FROM k = 0 TO N - 1 { tot = tot + w[k] }  net_send(1, 1) }
BREAKPOINT { SOLVE s METHOD cnexp  i = g*(v - e) }
DERIVATIVE s { g' = -g/tau }
FUNCTION fact(n) { if (n <= 1) { fact = 1 } else if (n > 100) { fact = 0 } else { fact = n*fact(n - 1) } }
NET_RECEIVE (weight (uS), count) {
  LOCAL j
  INITIAL { count = 0 }
  j = 0
  while (j < 2 && !(flag == 1)) { j = j + 1 }
  if (flag == 0) { g = g + weight  net_event(t) }
  else { WATCH (v > -20 (mV)) 2  net_send(1e-3, 1) }
  FOR_NETCONS (w1, c1) { c1 = c1 + 1 }
}
`;

const KINETIC_SRC = `NEURON { SUFFIX cad USEION ca READ ica WRITE cai }
STATE { ca (mM) B CaB }
ASSIGNED { ica (mA/cm2) cai (mM) diam (um) flux }
INITIAL { SOLVE kin STEADYSTATE sparse }
BREAKPOINT { SOLVE kin METHOD sparse }
KINETIC kin {
  COMPARTMENT diam*diam { ca B CaB }
  ~ ca << (-ica*2)
  ~ ca + B <-> CaB (1, 0.1)
  flux = f_flux - b_flux
  CONSERVE B + CaB = 1
  cai = ca
}
`;

const DEFAULT_METHOD_SRC = "NEURON { SUFFIX x }\nSTATE { s }\nBREAKPOINT { SOLVE d }\nDERIVATIVE d { s' = -s }\n";

const PRECEDENCE_SRC = 'NEURON { SUFFIX x }\nASSIGNED { a b c }\nINITIAL { a = -b^2^c - b - c }\n';

/** Sources that must check (and that nocmodl accepts, tested below). */
const VALID = [POINT_PROCESS_SRC, KINETIC_SRC, DEFAULT_METHOD_SRC, PRECEDENCE_SRC];

describe('NMODL errors', () => {
  for (const [what, src, message] of CASES) {
    it(what, () => {
      expect(errors(src)).toEqual([message]);
    });
  }

  it('escapes control characters of the file in messages', () => {
    const [m] = errors('NEURON { SUFFIX x }\nASSIGNED { a }\nBREAKPOINT { a = b\u001b[31m }\n');
    expect(m).toBe("bad.mod:3:19: unexpected character '\\u001b'");
    expect(m).not.toMatch(/[\u0000-\u001f]/);
  });

  it('lists every checker error, in source order', () => {
    const src = 'NEURON { SUFFIX x }\nCONSTANT { c = 1 }\nASSIGNED { a }\nBREAKPOINT {\n  a = q\n  a = r(1)\n}\nINITIAL { diam = 1  c = 2 }\n';
    expect(errors(src)).toEqual([
      "bad.mod:5:7: 'q' is not declared (declare it in PARAMETER, ASSIGNED, STATE or LOCAL)",
      "bad.mod:6:7: 'r' is not a FUNCTION or PROCEDURE of this file nor a built-in function",
      "bad.mod:8:11: 'diam' is a variable of NEURON and cannot be assigned in a mechanism",
    ]);
    const r = checkModText(src, 'bad.mod');
    // NEURON compiles an assignment to a CONSTANT: a warning, not an error. The undeclared diam has
    // no unit, which modlunit flags at the NEURON block (units.ts; a warning too).
    expect(r.warnings.map(formatDiagnostic)).toEqual([
      "bad.mod:8:21: 'c' is a CONSTANT and is assigned here",
      "bad.mod:1:1: units: diam must have NEURON's unit (micron), not () (declare it, e.g. in ASSIGNED: diam (um))",
    ]);
  });
});

describe('NMODL syntax accepted', () => {
  const ok = (src: string) => {
    const r = checkModText(src, 'ok.mod');
    if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
    return r.model;
  };

  it('a point process with NET_RECEIVE, WATCH, FOR_NETCONS, INITIAL, if/else if/else, while, FROM loops, DEFINE and LOCAL', () => {
    const m = ok(POINT_PROCESS_SRC);
    expect(m.kind).toBe('point');
    expect(m.callables.get('fact')?.arity).toBe(1);
    expect(m.netReceive?.map((a) => a.name)).toEqual(['weight', 'count']);
    expect(m.vars.get('w')?.size).toBe(3);
    expect(m.vars.get('FARADAY')?.kind).toBe('unit_factor');
  });

  it('a KINETIC scheme with COMPARTMENT, CONSERVE, <<, f_flux, STEADYSTATE', () => {
    const m = ok(KINETIC_SRC);
    expect(m.solves.map((s) => [s.block, s.method, s.steadystate, s.in])).toEqual([
      ['kin', 'sparse', true, 'initial'],
      ['kin', 'sparse', false, 'breakpoint'],
    ]);
    expect(m.ions).toEqual([{ name: 'ca', read: ['ica'], write: ['cai'], valence: 2, pos: { line: 1, col: 21, offset: 20 } }]);
  });

  it('a DERIVATIVE solved without METHOD uses derivimplicit, as NEURON does', () => {
    const m = ok(DEFAULT_METHOD_SRC);
    expect(m.solves.map((s) => s.method)).toEqual(['derivimplicit']);
  });

  it('binds ^ tighter than unary minus, right to left, and - left to right', () => {
    const m = ok(PRECEDENCE_SRC);
    const init = m.ast.blocks.find((b) => b.kind === 'initial');
    if (init?.kind !== 'initial') throw new Error('no INITIAL');
    const s = init.body.body[0];
    if (s.kind !== 'assign') throw new Error('not an assignment');
    const show = (e: import('./ast.ts').Expr): string =>
      e.kind === 'binary' ? `(${show(e.left)} ${e.op} ${show(e.right)})` : e.kind === 'unary' ? `(${e.op}${show(e.arg)})` : e.kind === 'var' ? e.name : e.kind === 'number' ? e.text : e.kind === 'paren' ? show(e.expr) : '?';
    expect(show(s.value)).toBe('(((-(b ^ (2 ^ c))) - b) - c)');
  });
});

const NOCMODL = '/usr/bin/nocmodl';

/** Whether NEURON's own translator accepts a source (exit status 0). */
function nocmodlAccepts(src: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'nw-nocmodl-'));
  writeFileSync(join(dir, 'case.mod'), src);
  const r = spawnSync(NOCMODL, ['case'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  return r.status === 0;
}

describe.skipIf(!existsSync(NOCMODL))(`NEURON's nocmodl agrees${existsSync(NOCMODL) ? '' : ' (skipped: /usr/bin/nocmodl is absent; apt-get install neuron-dev)'}`, () => {
  it('rejects the error cases it is said to reject and accepts the rest', () => {
    const seen = CASES.map(([what, src]) => [what, nocmodlAccepts(src) ? 'accepts' : 'rejects']);
    expect(seen).toEqual(CASES.map(([what, , , neuron]) => [what, neuron]));
  });

  it('accepts every source this file says is valid NMODL', () => {
    for (const src of VALID) expect(nocmodlAccepts(src), src.slice(0, 60)).toBe(true);
  });
});
