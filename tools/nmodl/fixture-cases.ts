/**
 * Test cases for .mod files of NeuroWire's own (tools/nmodl/fixtures/), run by NEURON and by the
 * core like the zoo's cases: nonlinear derivimplicit, a nonlinear KINETIC scheme with arrays, and a
 * synapse with WATCH, net_event, FOR_NETCONS and per-NetCon state (wstdp).
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
  {
    // hh spikes (three brief pulses) seen by WATCH (v > th) → flag 2: net_event and FOR_NETCONS
    // over the two NetCons, each with its own scale and last time (their weight vectors); a second
    // WATCH (v < th − 30) re-activates both (the first WATCH of a call removes the active ones).
    id: 'wstdp', file: join(FIXTURES, 'wstdp.mod'), mechanism: 'wstdp', kind: 'point',
    cell, insert: [{ mechanism: 'hh' }],
    points: [{ label: 'syn', mechanism: 'wstdp', at: SOMA, params: { tau: 2, A: 0.5, taup: 10 } }],
    stimuli: [
      { type: 'IClamp', at: SOMA, del: 12, dur: 1, amp: 0.4 },
      { type: 'IClamp', at: SOMA, del: 40, dur: 1, amp: 0.4 },
      { type: 'IClamp', at: SOMA, del: 70, dur: 1, amp: 0.4 },
      { type: 'NetStim', start: 3, interval: 9, number: 10, target: 'syn', weight: 0.004, delay: 1 },
      { type: 'NetStim', start: 6.5, interval: 13, number: 7, target: 'syn', weight: 0.006, delay: 2 },
    ],
    record: [{ label: 'v', at: SOMA, variable: 'v' }, ...['g', 'i', 'npost', 'tpost', 'wsum'].map((variable) => ({ label: `syn.${variable}`, point: 'syn', variable }))],
    spikes: [{ label: 'soma', at: SOMA, threshold: 0 }, { label: 'syn', point: 'syn' }],
    run: { ...run, tstop: 100 },
  },
];
