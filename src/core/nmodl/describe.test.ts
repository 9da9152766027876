/** Exact mechanism descriptions of NEURON's own hh.mod, expsyn.mod and cagk.mod (../shared/data/nmodl-zoo). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasShared, sharedPath, skipNote } from '../../../tools/shared-data.ts';
import { checkModText } from './check.ts';
import { describeMechanism, descriptionLines, type MechanismDescription } from './describe.ts';

const NRN = 'nmodl-zoo/nrn-8.2.2';

function describeFile(rel: string): MechanismDescription {
  const r = checkModText(readFileSync(sharedPath(NRN, rel), 'utf8'), rel, { allowBuiltinNames: true });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  expect(r.warnings).toEqual([]);
  return describeMechanism(r.model);
}

describe.skipIf(!hasShared(NRN))(`mechanism descriptions${skipNote(NRN)}`, () => {
  it('hh.mod', () => {
    const d = describeFile('src/nrnoc/hh.mod');
    expect({ ...d, help: undefined }).toEqual({
      name: 'hh',
      kind: 'density',
      threadsafe: true,
      parameters: [
        { name: 'gnabar', unit: 'S/cm2', default: 0.12, range: [0, 1e9], scope: 'RANGE', size: undefined },
        { name: 'gkbar', unit: 'S/cm2', default: 0.036, range: [0, 1e9], scope: 'RANGE', size: undefined },
        { name: 'gl', unit: 'S/cm2', default: 0.0003, range: [0, 1e9], scope: 'RANGE', size: undefined },
        { name: 'el', unit: 'mV', default: -54.3, range: undefined, scope: 'RANGE', size: undefined },
      ],
      states: ['m', 'h', 'n'].map((name) => ({ name, unit: '', size: undefined, scope: 'RANGE' })),
      assigned: [
        { name: 'gna', unit: 'S/cm2', size: undefined, scope: 'RANGE' },
        { name: 'gk', unit: 'S/cm2', size: undefined, scope: 'RANGE' },
        { name: 'il', unit: 'mA/cm2', size: undefined, scope: 'RANGE' },
        ...['minf', 'hinf', 'ninf'].map((name) => ({ name, unit: '', size: undefined, scope: 'GLOBAL' })),
        ...['mtau', 'htau', 'ntau'].map((name) => ({ name, unit: 'ms', size: undefined, scope: 'GLOBAL' })),
      ],
      ions: [
        { name: 'na', read: ['ena'], write: ['ina'], valence: 1 },
        { name: 'k', read: ['ek'], write: ['ik'], valence: 1 },
      ],
      nonspecificCurrents: ['il'],
      electrodeCurrents: [],
      solves: [{ block: 'states', method: 'cnexp', steadystate: false }],
      methods: ['cnexp'],
      netReceiveArgs: undefined,
      tables: [{ in: 'rates', names: ['minf', 'mtau', 'hinf', 'htau', 'ninf', 'ntau'], depend: ['celsius'], intervals: 200 }],
      title: 'hh.mod   squid sodium, potassium, and leak channels',
      help: undefined,
    });
    expect(d.help).toMatch(/^This is the original Hodgkin-Huxley treatment/);
    expect(descriptionLines(d)).toContain('  gnabar = 0.12 (S/cm2) <0, 1e9> RANGE');
  });

  it('expsyn.mod', () => {
    expect(describeFile('src/nrnoc/expsyn.mod')).toEqual({
      name: 'ExpSyn',
      kind: 'point',
      threadsafe: false,
      parameters: [
        { name: 'tau', unit: 'ms', default: 0.1, range: [1e-9, 1e9], scope: 'RANGE', size: undefined },
        { name: 'e', unit: 'mV', default: 0, range: undefined, scope: 'RANGE', size: undefined },
      ],
      states: [{ name: 'g', unit: 'uS', size: undefined, scope: 'RANGE' }],
      assigned: [{ name: 'i', unit: 'nA', size: undefined, scope: 'RANGE' }],
      ions: [],
      nonspecificCurrents: ['i'],
      electrodeCurrents: [],
      solves: [{ block: 'state', method: 'cnexp', steadystate: false }],
      methods: ['cnexp'],
      netReceiveArgs: [{ name: 'weight', unit: 'uS' }],
      tables: [],
      title: undefined,
      help: '',
    });
  });

  it('cagk.mod', () => {
    const d = describeFile('share/examples/nrniv/nmodl/cagk.mod');
    expect(d).toEqual({
      name: 'cagk',
      kind: 'density',
      threadsafe: true,
      parameters: [
        { name: 'gkbar', unit: 'mho/cm2', default: 0.01, range: undefined, scope: 'RANGE', size: undefined },
        { name: 'd1', unit: '', default: 0.84, range: undefined, scope: 'GLOBAL', size: undefined },
        { name: 'd2', unit: '', default: 1, range: undefined, scope: 'GLOBAL', size: undefined },
        { name: 'k1', unit: 'mM', default: 0.18, range: undefined, scope: 'GLOBAL', size: undefined },
        { name: 'k2', unit: 'mM', default: 0.011, range: undefined, scope: 'GLOBAL', size: undefined },
        { name: 'bbar', unit: '/ms', default: 0.28, range: undefined, scope: 'GLOBAL', size: undefined },
        { name: 'abar', unit: '/ms', default: 0.48, range: undefined, scope: 'GLOBAL', size: undefined },
      ],
      states: [{ name: 'o', unit: '', size: undefined, scope: 'RANGE' }],
      assigned: [
        { name: 'oinf', unit: '', size: undefined, scope: 'GLOBAL' },
        { name: 'tau', unit: 'ms', size: undefined, scope: 'GLOBAL' },
      ],
      ions: [
        { name: 'ca', read: ['cai'], write: [], valence: 2 },
        { name: 'k', read: ['ek'], write: ['ik'], valence: 1 },
      ],
      nonspecificCurrents: [],
      electrodeCurrents: [],
      solves: [{ block: 'state', method: 'cnexp', steadystate: false }],
      methods: ['cnexp'],
      netReceiveArgs: undefined,
      tables: [],
      title: undefined,
      help: '',
    });
  });
});

describe('help text', () => {
  it("is the file's COMMENT blocks, not those inside code", () => {
    const r = checkModText(
      'TITLE leak\nCOMMENT\n  A leak current.\nENDCOMMENT\nNEURON { SUFFIX lk NONSPECIFIC_CURRENT i }\nASSIGNED { i (mA/cm2) v (mV) }\nBREAKPOINT {\nCOMMENT\n  code note\nENDCOMMENT\n  i = 1e-4*(v + 70)\n}\nCOMMENT\nReference: none.\nENDCOMMENT\n',
      'lk.mod',
    );
    if (!r.ok) throw new Error(r.errors[0].message);
    const d = describeMechanism(r.model);
    expect(d.help).toBe('A leak current.\n\nReference: none.');
    expect(d.title).toBe('leak');
    expect(descriptionLines(d)).toEqual(['density mechanism lk: leak', 'parameters: none', 'states: none', 'assigned: i (mA/cm2)', 'nonspecific current: i', 'methods: none']);
  });
});
