/**
 * BEFORE/AFTER blocks run where NEURON 8.2's fixed step runs them (nrn_ba): a .mod written for
 * this test counts each block, keeps the t and v it saw, shows the order around INITIAL (x) and
 * at the end of a step (y), and sets from t a conductance that the BREAKPOINT's current uses.
 * The expected numbers are NEURON 8.2.2's (Debian python3-neuron; this file compiled with
 * nrnivmodl, the same soma and IClamp, h.finitialize(-65), h.continuerun(5), dt 0.025 ms).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../cable/compile.ts';
import { discretize } from '../cable/discretize.ts';
import { readSwc } from '../morphology/swc.ts';
import { compileMechanism } from './compile.ts';
import { checkModText } from './check.ts';
import { formatDiagnostic } from './ast.ts';
import { describeMechanism, descriptionLines } from './describe.ts';

const BA_MOD = `NEURON {
  SUFFIX ba
  NONSPECIFIC_CURRENT i
  RANGE g0, e, g, nbb, nas, nbs, nbi, nai, tbb, vbb, tas, vas, tbs, vbs, vbi, vai, x, y
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { g0 = 0.001 (S/cm2) e = -80 (mV) }
ASSIGNED { v (mV) i (mA/cm2) g (S/cm2) nbb nas nbs nbi nai tbb vbb tas vas tbs vbs vbi vai x y }
BEFORE INITIAL { nbi = nbi + 1  vbi = v  x = 1 }
INITIAL { x = x*10 + 2  g = g0 }
AFTER INITIAL { nai = nai + 1  vai = v  x = x*10 + 3 }
BEFORE BREAKPOINT { nbb = nbb + 1  tbb = t  vbb = v  g = g0*(1 + 0.5*sin(t)) }
BREAKPOINT { i = g*(v - e) }
AFTER SOLVE { nas = nas + 1  tas = t  vas = v  y = 1 }
BEFORE STEP { nbs = nbs + 1  tbs = t  vbs = v  y = y*10 + 2 }
`;

/** NEURON's values at samples 0, 1, 100 and 200 (t = 0, 0.025, 2.5, 5 ms). */
const NEURON: Record<string, [number, number, number, number]> = {
  v: [-65.0, -65.36808407544021, -74.53188590956985, -75.14959517442746],
  g: [0.001, 0.0010062498372408548, 0.001304219711741964, 0.0005188024776696529],
  tbb: [0.0, 0.0125, 2.4875000000000016, 4.987500000000037],
  vbb: [-65.0, -65.0, -74.55253903386489, -75.08668512339727],
  tas: [0.0, 0.025, 2.5000000000000018, 5.000000000000037],
  vas: [0.0, -65.36808407544021, -74.53188590956985, -75.14959517442746],
  tbs: [0.0, 0.025, 2.5000000000000018, 5.000000000000037],
  vbs: [-65.0, -65.36808407544021, -74.53188590956985, -75.14959517442746],
  // finitialize runs BEFORE BREAKPOINT (its currents) and BEFORE STEP (its record) once; each step once more.
  nbb: [1, 2, 101, 201],
  nas: [0, 1, 100, 200],
  nbs: [1, 2, 101, 201],
  nbi: [1, 1, 1, 1],
  nai: [1, 1, 1, 1],
  vbi: [-65, -65, -65, -65],
  vai: [-65, -65, -65, -65],
  // BEFORE INITIAL, INITIAL, AFTER INITIAL in that order; BEFORE STEP after AFTER SOLVE (2 in finitialize, before any AFTER SOLVE).
  x: [123, 123, 123, 123],
  y: [2, 12, 12, 12],
};

describe('BEFORE/AFTER blocks', () => {
  it('run where NEURON runs them, with its t and v, and give its numbers', () => {
    const r = compileMechanism(BA_MOD, 'ba.mod');
    if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
    const skeleton = readSwc('1 1 0 0 0 10 -1\n2 1 20 0 0 10 1').skeleton; // soma L = diam = 20 µm
    const at = { section: 0, x: 0.5 };
    const names = Object.keys(NEURON).filter((k) => k !== 'v');
    const res = compileModel({
      skeleton,
      discretization: discretize(skeleton, { nseg: 1 }),
      Ra: 100,
      cm: 1,
      catalogue: { ba: r.def },
      mechanisms: [{ name: 'ba', where: 'all', params: {} }],
      pointProcesses: [{ type: 'IClamp', at, params: { del: 1, dur: 3, amp: 0.1 } }],
      recorders: [{ label: 'v', at }, ...names.map((n) => ({ label: n, mechanism: 'ba', variable: n, at }))],
    }).run({ tstop: 5, dt: 0.025, v_init: -65 });
    expect(res.t.length).toBe(201);
    for (const [k, want] of Object.entries(NEURON)) {
      const got = [0, 1, 100, 200].map((i) => res.traces[k][i]);
      const tol = k === 'g' ? 1e-15 : 1e-9;
      got.forEach((x, j) => expect(Math.abs(x - want[j]), `${k}[${[0, 1, 100, 200][j]}] = ${x}, NEURON ${want[j]}`).toBeLessThanOrEqual(tol));
    }
  });

  it('are listed by mod check', () => {
    const c = checkModText(BA_MOD, 'ba.mod');
    if (!c.ok) throw new Error(c.errors.map(formatDiagnostic).join('\n'));
    expect(descriptionLines(describeMechanism(c.model))).toContain('before/after blocks: BEFORE INITIAL, AFTER INITIAL, BEFORE BREAKPOINT, AFTER SOLVE, BEFORE STEP');
  });

  it('refuses the pairs NEURON 8.2 does not run, and ion values read in them', () => {
    const errs = (src: string): string[] => {
      const c = checkModText(src, 'x.mod');
      if (!c.ok) return c.errors.map(formatDiagnostic);
      const r = compileMechanism(src, 'x.mod');
      return r.ok ? [] : r.errors.map(formatDiagnostic);
    };
    expect(errs('NEURON { SUFFIX x }\nASSIGNED { a }\nAFTER BREAKPOINT { a = 1 }\n')[0]).toMatch(/^x\.mod:3:1: AFTER BREAKPOINT is not run by NEURON/);
    expect(errs('NEURON { SUFFIX x }\nASSIGNED { a }\nBEFORE SOLVE { a = 1 }\n')[0]).toMatch(/^x\.mod:3:1: BEFORE SOLVE is not run by NEURON/);
    expect(errs('NEURON { SUFFIX x\nUSEION na READ ena }\nASSIGNED { a ena (mV) }\nBEFORE STEP { a = ena }\n')).toEqual([
      "x.mod:4:19: reading the ion variable ena in a BEFORE/AFTER block is not yet supported by NeuroWire's code generator",
    ]);
  });
});
