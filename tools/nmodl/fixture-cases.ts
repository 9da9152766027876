/**
 * Test cases for .mod files of NeuroWire's own (tools/nmodl/fixtures/), run by NEURON and by the
 * core like the zoo's cases: nonlinear derivimplicit and a nonlinear KINETIC scheme with arrays.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModCase } from './cases.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const SOMA = { section: 'soma', x: 0.5 };
const cell = { type: 'soma' as const, L: 20, diam: 20, nseg: 1, Ra: 100, cm: 1 };
const run = { tstop: 50, dt: 0.025, celsius: 6.3, v_init: -65 };
const stimuli = [{ type: 'IClamp' as const, at: SOMA, del: 5, dur: 20, amp: 0.3 }];
const rec = (mechanism: string, variable: string) => ({ label: `${variable}_${mechanism}`.replace(/[[\]]/g, ''), at: SOMA, mechanism, variable });

export const FIXTURE_CASES: ModCase[] = [
  {
    id: 'nlderiv', file: join(FIXTURES, 'nlderiv.mod'), mechanism: 'nlderiv', kind: 'density',
    cell, insert: [{ mechanism: 'pas', params: { g: 0.001, e: -65 } }, { mechanism: 'nlderiv' }], stimuli,
    record: [{ label: 'v', at: SOMA, variable: 'v' }, rec('nlderiv', 'u'), rec('nlderiv', 'q'), rec('nlderiv', 'z'), rec('nlderiv', 'w')],
    run,
  },
  {
    id: 'nlkinetic', file: join(FIXTURES, 'nlkinetic.mod'), mechanism: 'nlkin', kind: 'density',
    cell, insert: [{ mechanism: 'pas', params: { g: 0.001, e: -65 } }, { mechanism: 'nlkin' }], stimuli,
    record: [{ label: 'v', at: SOMA, variable: 'v' }, rec('nlkin', 'A'), rec('nlkin', 'B'), rec('nlkin', 'C[0]'), rec('nlkin', 'C[2]'), rec('nlkin', 'flux')],
    run,
  },
];
