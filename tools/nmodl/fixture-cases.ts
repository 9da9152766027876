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

// ---- The mechanisms of the example "active dendrites" (examples/mod/*.mod) ----

/** The example's own .mod files. */
export const EXAMPLE_MODS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'mod');
const exMod = (name: string): string => join(EXAMPLE_MODS, `${name}.mod`);
/** Mammalian temperature (the rates' q10 scale them from 23 °C) and a rest near −70 mV. */
const warm = { tstop: 60, dt: 0.025, celsius: 34, v_init: -70 };
const leak = { mechanism: 'pas', params: { g: 0.0001, e: -70 } };
const vAt = (label: string, section: string, x: number) => ({ label, at: { section, x }, variable: 'v' });
const mAt = (label: string, mechanism: string, variable: string, section = 'soma', x = 0.5) => ({ label, at: { section, x }, mechanism, variable });
const ionAt = (label: string, variable: string, section = 'soma', x = 0.5) => ({ label, at: { section, x }, variable });
const CABLE = { type: 'cable' as const, sections: 5, L: 200, diam: 2, nseg: 5, Ra: 100, cm: 1 };
/** Ih density at the middle of cable section k, growing with path distance d (µm) as Kole et al. 2006: 0.0002·exp(d/323) S/cm². */
const ihAt = (k: number) => ({ mechanism: 'ih', sections: [`cable${k}`], params: { gbar: 0.0002 * Math.exp((200 * k + 100) / 323) } });

/**
 * One case per example mechanism on the soma (pas + the channel + an IClamp; the Ca-dependent ones
 * with cahva + cad so that Ca flows), and all six on the 5-section cable: an AP started at cable0's
 * sealed end travels to cable4, with Ca entry and Ih graded along the cable.
 */
export const EXAMPLE_MOD_CASES: ModCase[] = [
  {
    // Na alone with a leak: a regenerative upstroke towards ena, then inactivation.
    id: 'ex-na', file: exMod('na'), mechanism: 'na', kind: 'density',
    cell, insert: [leak, { mechanism: 'na', params: { gbar: 0.02 } }],
    stimuli: [{ type: 'IClamp', at: SOMA, del: 5, dur: 1, amp: 0.5 }],
    record: [vAt('v', 'soma', 0.5), mAt('m', 'na', 'm'), mAt('h', 'na', 'h'), mAt('g', 'na', 'g'), ionAt('ina', 'ina')],
    run: warm,
  },
  {
    id: 'ex-kdr', file: exMod('kdr'), mechanism: 'kdr', kind: 'density',
    cell, insert: [leak, { mechanism: 'kdr', params: { gbar: 0.002 } }],
    stimuli: [{ type: 'IClamp', at: SOMA, del: 5, dur: 30, amp: 0.2 }],
    record: [vAt('v', 'soma', 0.5), mAt('n', 'kdr', 'n'), ionAt('ik', 'ik')],
    run: warm,
  },
  {
    id: 'ex-cahva', file: exMod('cahva'), mechanism: 'cahva', kind: 'density', helpers: [exMod('cad')],
    cell, insert: [leak, { mechanism: 'cahva', params: { gbar: 0.001 } }, { mechanism: 'cad' }],
    stimuli: [{ type: 'IClamp', at: SOMA, del: 5, dur: 30, amp: 0.08 }],
    record: [vAt('v', 'soma', 0.5), mAt('m', 'cahva', 'm'), mAt('h', 'cahva', 'h'), ionAt('ica', 'ica'), ionAt('cai', 'cai'), ionAt('eca', 'eca')],
    run: warm,
  },
  {
    // Three depolarizing pulses: Ca enters at each, then decays with taur between them.
    id: 'ex-cad', file: exMod('cad'), mechanism: 'cad', kind: 'density', helpers: [exMod('cahva')],
    cell, insert: [{ mechanism: 'pas', params: { g: 0.001, e: -70 } }, { mechanism: 'cahva', params: { gbar: 0.0003 } }, { mechanism: 'cad', params: { depth: 0.2, taur: 20, cainf: 0.00005 } }],
    stimuli: [5, 25, 45].map((del) => ({ type: 'IClamp' as const, at: SOMA, del, dur: 5, amp: 0.6 })),
    record: [vAt('v', 'soma', 0.5), ionAt('cai', 'cai'), mAt('influx', 'cad', 'influx'), ionAt('ica', 'ica')],
    run: { ...warm, tstop: 80 },
  },
  {
    // Ca through cahva into cad opens SK, whose K current pulls v back during the step.
    id: 'ex-sk', file: exMod('sk'), mechanism: 'sk', kind: 'density', helpers: [exMod('cahva'), exMod('cad')],
    cell, insert: [leak, { mechanism: 'cahva', params: { gbar: 0.001 } }, { mechanism: 'cad' }, { mechanism: 'sk', params: { gbar: 0.002 } }],
    stimuli: [{ type: 'IClamp', at: SOMA, del: 5, dur: 30, amp: 0.08 }],
    record: [vAt('v', 'soma', 0.5), mAt('z', 'sk', 'z'), mAt('g', 'sk', 'g'), ionAt('cai', 'cai'), ionAt('ik', 'ik')],
    run: warm,
  },
  {
    // A hyperpolarizing step: Ih opens slowly (the sag) and closes after it (the rebound).
    id: 'ex-ih', file: exMod('ih'), mechanism: 'ih', kind: 'density',
    cell, insert: [{ mechanism: 'pas', params: { g: 0.00005, e: -70 } }, { mechanism: 'ih', params: { gbar: 0.001 } }],
    stimuli: [{ type: 'IClamp', at: SOMA, del: 5, dur: 40, amp: -0.05 }],
    record: [vAt('v', 'soma', 0.5), mAt('m', 'ih', 'm'), mAt('i', 'ih', 'i'), mAt('g', 'ih', 'g')],
    run: { ...warm, tstop: 100 },
  },
  {
    // All six on the cable, three brief pulses at cable0's sealed end: APs start there and travel to
    // cable4; every section takes up Ca; Ih grows with distance (one density per section).
    id: 'ex-active-cable', file: exMod('na'), mechanism: 'na', kind: 'density',
    helpers: ['kdr', 'cahva', 'cad', 'sk', 'ih'].map(exMod),
    cell: CABLE,
    insert: [
      { mechanism: 'pas', params: { g: 0.00003, e: -70 } },
      { mechanism: 'na', params: { gbar: 0.05 } },
      { mechanism: 'kdr', params: { gbar: 0.02 } },
      { mechanism: 'cahva', params: { gbar: 0.0001 } },
      { mechanism: 'cad', params: { depth: 0.5 } },
      { mechanism: 'sk', params: { gbar: 0.0002 } },
      ...[0, 1, 2, 3, 4].map(ihAt),
    ],
    stimuli: [10, 30, 50].map((del) => ({ type: 'IClamp' as const, at: { section: 'cable0', x: 0 }, del, dur: 1, amp: 0.5 })),
    record: [
      vAt('v0', 'cable0', 0.1), vAt('v2', 'cable2', 0.5), vAt('v4', 'cable4', 0.9),
      ionAt('cai0', 'cai', 'cable0', 0.1), ionAt('cai4', 'cai', 'cable4', 0.9),
      mAt('m_na0', 'na', 'm', 'cable0', 0.1), mAt('n_kdr0', 'kdr', 'n', 'cable0', 0.1),
      mAt('h_cahva4', 'cahva', 'h', 'cable4', 0.9), mAt('z_sk4', 'sk', 'z', 'cable4', 0.9),
      mAt('m_ih4', 'ih', 'm', 'cable4', 0.9), mAt('i_ih4', 'ih', 'i', 'cable4', 0.9),
    ],
    spikes: [{ label: 'cable0', at: { section: 'cable0', x: 0.1 }, threshold: 0 }, { label: 'cable4', at: { section: 'cable4', x: 0.9 }, threshold: 0 }],
    run: { ...warm, tstop: 100 },
  },
];
