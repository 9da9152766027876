/**
 * One test-cell case per .mod file of ../shared/data/nmodl-zoo (71 files), as data: the NEURON
 * side (run_mod_case.py via reference.ts) and NeuroWire's NMODL compiler read the same table.
 *
 * Conventions (both sides follow them):
 * - Names are the files' own (hh, ExpSyn, …). Where a name is built into NEURON, the compiled
 *   copy is renamed (hh → hh_zoo, see compile.ts) and the runner maps names through `renames`.
 * - `file` and `helpers` are paths under nmodl-zoo/; the file and its helpers are compiled into
 *   one library. Mechanisms not in that set (pas, hh as a helper, IClamp and NetStim stimuli)
 *   are NEURON's built-ins.
 * - Cell: `soma` is one section "soma" (L = diam = 20 µm, nseg 1); `cable` is sections
 *   "cable0".."cable4" in a chain (each cable(0) on the previous one's (1) end), L 200 µm,
 *   diam 2 µm, nseg 5. Ra 100 Ω·cm, cm 1 µF/cm² in both.
 * - Run: fixed step, `h.finitialize(v_init); h.continuerun(tstop)`; defaults tstop 50 ms,
 *   dt 0.025 ms, celsius 6.3 °C, v_init −65 mV.
 * - Units are NEURON's: nA for point currents, mA/cm² for densities, µS for synaptic weights,
 *   mM for concentrations.
 */

/** What a .mod file declares. */
export type MechKind = 'density' | 'point' | 'artificial';

/** A place on the cell: a section and a position 0..1 along it (default 0.5). */
export interface At {
  section: string;
  x?: number;
}

/** The test cell. */
export interface CellSpec {
  type: 'soma' | 'cable';
  sections?: number;
  L?: number;
  diam?: number;
  nseg?: number;
  Ra?: number;
  cm?: number;
}

/** A density mechanism inserted in every segment of `sections` (default all). */
export interface InsertSpec {
  mechanism: string;
  sections?: string[];
  /** RANGE values set in every segment (a list fills an array variable). */
  params?: Record<string, number | number[]>;
  /** GLOBAL values: NEURON's `<name>_<mechanism>`. */
  globals?: Record<string, number>;
}

/** An ion's set-up, applied after every mechanism is in place. */
export interface IonSpec {
  ion: string;
  /** NEURON's initial concentrations, e.g. {cai0: 1e-4} sets cai0_ca_ion (mM). */
  init?: Record<string, number>;
  /** `ion_style(c_style, e_style, einit, eadvance, cinit)` in every section that has the ion. */
  style?: [number, number, number, number, number];
  /** Values set in every segment that has the ion, e.g. {ek: -90} (mV). */
  values?: Record<string, number>;
}

/** A point process (with `at`) or an artificial cell (no `at`). */
export interface PointSpec {
  label: string;
  mechanism: string;
  at?: At;
  params?: Record<string, number | number[]>;
  globals?: Record<string, number>;
}

/** A current clamp (NEURON's built-in IClamp): del, dur (ms), amp (nA). */
export interface IClampSpec {
  type: 'IClamp';
  at: At;
  del: number;
  dur: number;
  amp: number;
}

/** A built-in NetStim (noise 0) → NetCon → `target` (a point label); weight(s), delay (ms). */
export interface NetStimSpec {
  type: 'NetStim';
  /** Label under which the NetStim itself may be named in `spikes`. */
  label?: string;
  start: number;
  interval: number;
  number: number;
  target: string;
  weight: number | number[];
  delay?: number;
}

export type StimulusSpec = IClampSpec | NetStimSpec;

/**
 * A recorded series: `variable` of a point (label), or at a place: membrane/ion variables
 * (v, cai, ica, ena…) without `mechanism`, a density mechanism's RANGE variable with it.
 * `name[i]` records an element of an array variable.
 */
export interface RecordSpec {
  label: string;
  variable: string;
  at?: At;
  mechanism?: string;
  point?: string;
}

/** Spike times: a NetCon on v at a place (threshold, mV), or from a point / artificial cell. */
export interface SpikeSpec {
  label: string;
  at?: At;
  threshold?: number;
  point?: string;
}

export interface RunSpec {
  tstop: number;
  dt?: number;
  celsius?: number;
  v_init?: number;
}

/** One zoo file: a case to run, or a skip with the reason. */
export interface ModCase {
  /** Unique id (the file's base name; `release-cabpump` for the second cabpump.mod). */
  id: string;
  /** Path under nmodl-zoo/. */
  file: string;
  /** The name the file declares (SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL). */
  mechanism: string;
  kind: MechKind;
  /** Why there is no case (the file still counts in the table). */
  skip?: string;
  /** Other zoo files compiled with it (a Ca accumulation for a Ca-dependent channel, …). */
  helpers?: string[];
  cell?: CellSpec;
  insert?: InsertSpec[];
  points?: PointSpec[];
  ions?: IonSpec[];
  stimuli?: StimulusSpec[];
  record?: RecordSpec[];
  spikes?: SpikeSpec[];
  run?: RunSpec;
}

const Z = 'nrn-8.2.2';
const EX = `${Z}/share/examples/nrniv/nmodl`;
const NC = `${Z}/share/examples/nrniv/netcon`;
const REL = `${Z}/share/demo/release`;
const OC = `${Z}/src/nrnoc`;
const DOC = `${Z}/docs`;

/** The soma's middle. */
const SOMA: At = { section: 'soma', x: 0.5 };
const SOMA_CELL: CellSpec = { type: 'soma', L: 20, diam: 20, nseg: 1, Ra: 100, cm: 1 };
const CABLE_CELL: CellSpec = { type: 'cable', sections: 5, L: 200, diam: 2, nseg: 5, Ra: 100, cm: 1 };
const RUN: RunSpec = { tstop: 50, dt: 0.025, celsius: 6.3, v_init: -65 };
const PAS: InsertSpec = { mechanism: 'pas', params: { g: 0.001, e: -65 } };
/** Built-in hh as a K + leak background (no Na) for Na-channel cases. */
const HH_K_ONLY: InsertSpec = { mechanism: 'hh', params: { gnabar: 0 } };
const V: RecordSpec = { label: 'v', at: SOMA, variable: 'v' };
const SPIKE: SpikeSpec = { label: 'soma', at: SOMA, threshold: 0 };

const iclamp = (del: number, dur: number, amp: number, at: At = SOMA): IClampSpec => ({ type: 'IClamp', at, del, dur, amp });
/** A density mechanism's variable at the soma. */
const mrec = (mechanism: string, variable: string, at: At = SOMA): RecordSpec => ({
  label: `${variable}_${mechanism}`.replace(/[[\]]/g, ''), at, mechanism, variable,
});
/** A membrane / ion variable at the soma (v, cai, ica, …). */
const vrec = (variable: string, at: At = SOMA): RecordSpec => ({ label: variable, at, variable });
const prec = (point: string, variable: string): RecordSpec => ({
  label: `${point}.${variable}`.replace(/[[\]]/g, ''), point, variable,
});
const skip = (id: string, file: string, mechanism: string, kind: MechKind, reason: string): ModCase => ({
  id, file, mechanism, kind, skip: reason,
});

/** Ca accumulation (cacum.mod) and a clamped Ca current (cacur.mod), for Ca-dependent cases. */
const CACUM = `${EX}/cacum.mod`;
const CACUR = `${EX}/cacur.mod`;
const NACUR = `${EX}/nacur.mod`;
/** 5 ms of inward Ca current from 5 ms (mA/cm²). */
const caInflux = (amp: number): InsertSpec => ({ mechanism: 'cacur', params: { del: 5, dur: 5, amp } });

export const MOD_CASES: ModCase[] = [
  // ---- src/nrnoc: NEURON's built-ins from their own .mod (compiled renamed: hh → hh_zoo) ----
  {
    id: 'hh', file: `${OC}/hh.mod`, mechanism: 'hh', kind: 'density',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }], stimuli: [iclamp(5, 1, 0.5), iclamp(25, 20, 0.1)],
    record: [V, mrec('hh', 'm'), mrec('hh', 'h'), mrec('hh', 'n'), vrec('ina'), vrec('ik'), mrec('hh', 'il')],
    spikes: [SPIKE], run: RUN,
  },
  {
    id: 'passive', file: `${OC}/passive.mod`, mechanism: 'pas', kind: 'density',
    cell: CABLE_CELL, insert: [{ mechanism: 'pas', params: { g: 0.0005, e: -70 } }],
    stimuli: [iclamp(5, 20, 0.05, { section: 'cable0', x: 0 })],
    record: [vrec('v', { section: 'cable0', x: 0.1 }), { label: 'v_cable4', at: { section: 'cable4', x: 0.9 }, variable: 'v' },
      mrec('pas', 'i', { section: 'cable0', x: 0.1 })],
    run: { ...RUN, v_init: -70 },
  },
  {
    id: 'stim', file: `${OC}/stim.mod`, mechanism: 'IClamp', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'stim', mechanism: 'IClamp', at: SOMA, params: { del: 5, dur: 20, amp: 0.1 } }],
    record: [V, prec('stim', 'i')], run: RUN,
  },
  {
    id: 'syn', file: `${OC}/syn.mod`, mechanism: 'AlphaSynapse', kind: 'point',
    cell: SOMA_CELL, insert: [PAS],
    points: [{ label: 'syn', mechanism: 'AlphaSynapse', at: SOMA, params: { onset: 5, tau: 2, gmax: 0.005, e: 0 } }],
    record: [V, prec('syn', 'i')], run: RUN,
  },
  {
    id: 'expsyn', file: `${OC}/expsyn.mod`, mechanism: 'ExpSyn', kind: 'point',
    cell: SOMA_CELL, insert: [PAS],
    points: [{ label: 'syn', mechanism: 'ExpSyn', at: SOMA, params: { tau: 2, e: 0 } }],
    stimuli: [{ type: 'NetStim', label: 'input', start: 5, interval: 10, number: 3, target: 'syn', weight: 0.005, delay: 1 }],
    record: [V, prec('syn', 'g'), prec('syn', 'i')], spikes: [{ label: 'input', point: 'input' }], run: RUN,
  },
  {
    id: 'exp2syn', file: `${OC}/exp2syn.mod`, mechanism: 'Exp2Syn', kind: 'point',
    cell: SOMA_CELL, insert: [PAS],
    points: [{ label: 'syn', mechanism: 'Exp2Syn', at: SOMA, params: { tau1: 0.5, tau2: 5, e: 0 } }],
    stimuli: [{ type: 'NetStim', start: 5, interval: 10, number: 3, target: 'syn', weight: 0.005, delay: 1 }],
    record: [V, prec('syn', 'g'), prec('syn', 'i'), prec('syn', 'A'), prec('syn', 'B')], run: RUN,
  },
  {
    id: 'apcount', file: `${OC}/apcount.mod`, mechanism: 'APCount', kind: 'point',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }],
    points: [{ label: 'apc', mechanism: 'APCount', at: SOMA, params: { thresh: -20 } }],
    stimuli: [iclamp(5, 40, 0.2)], record: [V, prec('apc', 'n'), prec('apc', 'time')], spikes: [SPIKE], run: RUN,
  },
  {
    id: 'svclmp', file: `${OC}/svclmp.mod`, mechanism: 'SEClamp', kind: 'point',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }],
    points: [{ label: 'clamp', mechanism: 'SEClamp', at: SOMA, params: { dur1: 5, amp1: -65, dur2: 10, amp2: -20, dur3: 20, amp3: -80, rs: 1 } }],
    record: [V, prec('clamp', 'i'), prec('clamp', 'vc'), vrec('ina'), vrec('ik')], run: RUN,
  },
  {
    id: 'vclmp', file: `${OC}/vclmp.mod`, mechanism: 'VClamp', kind: 'point',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }],
    points: [{ label: 'clamp', mechanism: 'VClamp', at: SOMA, params: { dur: [5, 10, 20], amp: [-65, -20, -80] } }],
    record: [V, prec('clamp', 'i'), prec('clamp', 'vo'), prec('clamp', 'e')], run: RUN,
  },
  {
    id: 'oclmp', file: `${OC}/oclmp.mod`, mechanism: 'OClamp', kind: 'point',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }],
    points: [{ label: 'clamp', mechanism: 'OClamp', at: SOMA, params: { on: 5, off: 20, vc: -20, rs: 1, switched_on: 1 } }],
    record: [V, prec('clamp', 'i'), prec('clamp', 'switched_on')], run: RUN,
  },
  {
    id: 'netstim', file: `${OC}/netstim.mod`, mechanism: 'NetStim', kind: 'artificial',
    cell: SOMA_CELL, points: [{ label: 'cell', mechanism: 'NetStim', params: { start: 5, interval: 7, number: 5, noise: 0 } }],
    spikes: [{ label: 'cell', point: 'cell' }], run: RUN,
  },
  {
    id: 'intfire1', file: `${OC}/intfire1.mod`, mechanism: 'IntFire1', kind: 'artificial',
    cell: SOMA_CELL, points: [{ label: 'cell', mechanism: 'IntFire1', params: { tau: 10, refrac: 2 } }],
    stimuli: [{ type: 'NetStim', start: 2, interval: 3, number: 15, target: 'cell', weight: 0.4, delay: 1 }],
    record: [prec('cell', 'm')], spikes: [{ label: 'cell', point: 'cell' }], run: RUN,
  },
  {
    id: 'intfire2', file: `${OC}/intfire2.mod`, mechanism: 'IntFire2', kind: 'artificial',
    cell: SOMA_CELL, points: [{ label: 'cell', mechanism: 'IntFire2', params: { taus: 20, taum: 10, ib: 0.5 } }],
    stimuli: [{ type: 'NetStim', start: 2, interval: 4, number: 12, target: 'cell', weight: 0.3, delay: 1 }],
    record: [prec('cell', 'm'), prec('cell', 'i')], spikes: [{ label: 'cell', point: 'cell' }], run: RUN,
  },
  {
    id: 'intfire4', file: `${OC}/intfire4.mod`, mechanism: 'IntFire4', kind: 'artificial',
    cell: SOMA_CELL, points: [{ label: 'cell', mechanism: 'IntFire4', params: { taue: 5, taui1: 10, taui2: 20, taum: 50 } }],
    stimuli: [{ type: 'NetStim', start: 2, interval: 3, number: 15, target: 'cell', weight: 0.5, delay: 1 }],
    record: [prec('cell', 'm'), prec('cell', 'e')], spikes: [{ label: 'cell', point: 'cell' }], run: RUN,
  },
  skip('pattern', `${OC}/pattern.mod`, 'PatternStim', 'artificial', 'needs a vector input (PatternStim.play) held through a BBCOREPOINTER and VERBATIM C'),
  skip('ppmark', `${OC}/ppmark.mod`, 'PointProcessMark', 'point', 'an empty point process (no variables, no code): nothing to compare'),
  skip('feature', `${OC}/feature.mod`, 'nothing', 'density', 'SUFFIX nothing: VERBATIM C functions only, no mechanism to insert'),
  skip('xmech', `${OC}/xmech.mod`, 'Xmech', 'density', 'an empty registration stub (no variables, no code)'),

  // ---- share/examples/nrniv/nmodl: the NMODL teaching examples ----
  {
    id: 'cagk', file: `${EX}/cagk.mod`, mechanism: 'cagk', kind: 'density', helpers: [CACUM, CACUR],
    cell: SOMA_CELL,
    insert: [PAS, { mechanism: 'cacum', params: { depth: 1, tau: 10, cai0: 5e-5 } }, caInflux(-0.002), { mechanism: 'cagk', params: { gkbar: 0.01 } }],
    ions: [{ ion: 'ca', init: { cai0: 5e-5, cao0: 2 } }],
    stimuli: [iclamp(20, 10, 0.2)],
    record: [V, vrec('cai'), mrec('cagk', 'o'), vrec('ik'), vrec('ica')], run: { ...RUN, celsius: 20 },
  },
  {
    id: 'cacum', file: `${EX}/cacum.mod`, mechanism: 'cacum', kind: 'density', helpers: [CACUR],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacum', params: { depth: 1, tau: 10, cai0: 5e-5 } }, caInflux(-0.002)],
    record: [V, vrec('cai'), vrec('eca'), vrec('ica')], run: RUN,
  },
  {
    id: 'cacur', file: `${EX}/cacur.mod`, mechanism: 'cacur', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacur', params: { del: 5, dur: 10, amp: -0.01 } }],
    record: [V, vrec('ica')], run: RUN,
  },
  {
    id: 'cachan', file: `${EX}/cachan.mod`, mechanism: 'cachan', kind: 'density', helpers: [CACUM],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacum', params: { depth: 100, tau: 20 } }, { mechanism: 'cachan', params: { pcabar: 2e-5 } }],
    stimuli: [iclamp(5, 20, 0.3)],
    record: [V, vrec('cai'), vrec('ica'), mrec('cachan', 'oca')], run: RUN,
  },
  {
    id: 'cabpump', file: `${EX}/cabpump.mod`, mechanism: 'cadifpmp', kind: 'density', helpers: [CACUR],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cadifpmp' }, caInflux(-0.01)],
    record: [V, vrec('cai'), vrec('ica'), mrec('cadifpmp', 'ca[1]'), mrec('cadifpmp', 'ca[3]'), mrec('cadifpmp', 'pump'), mrec('cadifpmp', 'ica_pmp')],
    run: RUN,
  },
  {
    // capr reads no ica, so nothing perturbs it after its STEADYSTATE initialisation: the case
    // checks that steady state (KINETIC with COMPARTMENT and CONSERVE) at a raised reservoir Ca.
    id: 'capmp', file: `${EX}/capmp.mod`, mechanism: 'capr', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'capr', globals: { car: 1e-3, tau: 100 } }],
    record: [V, vrec('cai'), vrec('ica'), mrec('capr', 'pump'), mrec('capr', 'pumpca')], run: { ...RUN, tstop: 100 },
  },
  {
    id: 'cadif', file: `${EX}/cadif.mod`, mechanism: 'cadifus', kind: 'density', helpers: [CACUR],
    cell: CABLE_CELL,
    insert: [PAS, { mechanism: 'cadifus' }, { mechanism: 'cacur', sections: ['cable0'], params: { del: 5, dur: 5, amp: -0.01 } }],
    record: [vrec('v', { section: 'cable0', x: 0.5 }), vrec('cai', { section: 'cable0', x: 0.5 }),
      { label: 'cai_cable1', at: { section: 'cable1', x: 0.1 }, variable: 'cai' },
      mrec('cadifus', 'ca[2]', { section: 'cable0', x: 0.5 }), mrec('cadifus', 'CaBuffer[0]', { section: 'cable0', x: 0.5 })],
    run: RUN,
  },
  {
    id: 'cadifusl', file: `${EX}/cadifusl.mod`, mechanism: 'cadifus', kind: 'density',
    cell: CABLE_CELL,
    insert: [PAS, { mechanism: 'cadifus', sections: ['cable0', 'cable1', 'cable2', 'cable3', 'cable4'] },
      { mechanism: 'cadifus', sections: ['cable0'], params: { icabar: -0.005 } }],
    record: [vrec('v', { section: 'cable0', x: 0.5 }), vrec('cai', { section: 'cable0', x: 0.5 }),
      { label: 'cai_cable1', at: { section: 'cable1', x: 0.1 }, variable: 'cai' }, mrec('cadifus', 'ca[3]', { section: 'cable0', x: 0.5 })],
    run: RUN,
  },
  {
    id: 'hh1', file: `${EX}/hh1.mod`, mechanism: 'hh1', kind: 'density',
    cell: CABLE_CELL, insert: [{ mechanism: 'hh1' }], stimuli: [iclamp(5, 1, 0.5, { section: 'cable0', x: 0 })],
    record: [vrec('v', { section: 'cable0', x: 0.1 }), { label: 'v_cable4', at: { section: 'cable4', x: 0.9 }, variable: 'v' },
      mrec('hh1', 'm', { section: 'cable0', x: 0.1 }), mrec('hh1', 'h', { section: 'cable0', x: 0.1 }), mrec('hh1', 'n', { section: 'cable0', x: 0.1 })],
    spikes: [{ label: 'cable0', at: { section: 'cable0', x: 0.1 }, threshold: 0 }, { label: 'cable4', at: { section: 'cable4', x: 0.9 }, threshold: 0 }],
    run: RUN,
  },
  {
    id: 'hhvect', file: `${EX}/hhvect.mod`, mechanism: 'hh2', kind: 'density',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh2' }], stimuli: [iclamp(5, 1, 0.5), iclamp(25, 20, 0.1)],
    record: [V, mrec('hh2', 'm'), mrec('hh2', 'h'), mrec('hh2', 'n'), vrec('ina'), vrec('ik')], spikes: [SPIKE], run: { ...RUN, celsius: 16.3 },
  },
  {
    id: 'inatest', file: `${EX}/inatest.mod`, mechanism: 'inatest', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'inatest', params: { inabar: -0.005 } }],
    record: [V, vrec('ina')], run: RUN,
  },
  {
    id: 'ionleak', file: `${EX}/ionleak.mod`, mechanism: 'ionleak', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'ionleak', params: { gna: 2e-4, gk: 5e-4, gca: 1e-5 } }],
    stimuli: [iclamp(10, 20, 0.1)],
    record: [V, vrec('ina'), vrec('ik'), vrec('ica'), vrec('eca')], run: RUN,
  },
  {
    id: 'nacum', file: `${EX}/nacum.mod`, mechanism: 'na', kind: 'density',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }, { mechanism: 'na', params: { k: 0.1 } }],
    stimuli: [iclamp(5, 40, 0.3)],
    record: [V, vrec('nai'), vrec('nao'), vrec('ena'), vrec('ina')], spikes: [SPIKE], run: RUN,
  },
  {
    id: 'nacur', file: `${EX}/nacur.mod`, mechanism: 'nacur', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'nacur', params: { del: 5, dur: 10, amp: -0.01 } }],
    record: [V, vrec('ina')], run: RUN,
  },
  {
    id: 'nadifl', file: `${EX}/nadifl.mod`, mechanism: 'nadifl', kind: 'density', helpers: [NACUR],
    cell: CABLE_CELL,
    insert: [PAS, { mechanism: 'nadifl', params: { D: 0.6 } }, { mechanism: 'nacur', sections: ['cable0'], params: { del: 5, dur: 10, amp: -0.05 } }],
    record: [vrec('v', { section: 'cable0', x: 0.5 }), vrec('nai', { section: 'cable0', x: 0.9 }),
      { label: 'nai_cable1', at: { section: 'cable1', x: 0.1 }, variable: 'nai' }, vrec('ena', { section: 'cable0', x: 0.9 })],
    run: RUN,
  },
  {
    id: 'passiv', file: `${EX}/passiv.mod`, mechanism: 'Passive', kind: 'density',
    cell: SOMA_CELL, insert: [{ mechanism: 'Passive', params: { g: 0.001, erev: -70 } }],
    stimuli: [iclamp(5, 20, 0.1)], record: [V, mrec('Passive', 'i')], run: { ...RUN, v_init: -70 },
  },
  {
    id: 'rchan', file: `${EX}/rchan.mod`, mechanism: 'rchan', kind: 'density',
    // normrand draws from NEURON's scop_random stream, which a fresh NEURON process starts at 1:
    // every step's current is a new draw, and NeuroWire must draw the same numbers.
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'rchan', globals: { mean: 0.002, stdev: 0.005 } }],
    record: [V, mrec('rchan', 'i')], run: RUN,
  },
  {
    id: 'stim1', file: `${EX}/stim1.mod`, mechanism: 'stim1', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'stim', mechanism: 'stim1', at: SOMA, params: { del: 5, dur: 20, amp: 0.1 } }],
    record: [V, prec('stim', 'i')], run: RUN,
  },
  {
    id: 'syn1', file: `${EX}/syn1.mod`, mechanism: 'syn1', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'syn', mechanism: 'syn1', at: SOMA, params: { onset: 5, tau: 2, gmax: 0.005, e: 0 } }],
    record: [V, prec('syn', 'i')], run: RUN,
  },
  {
    id: 'vclmp1', file: `${EX}/vclmp1.mod`, mechanism: 'vc1', kind: 'point',
    cell: SOMA_CELL, insert: [{ mechanism: 'hh' }],
    points: [{ label: 'clamp', mechanism: 'vc1', at: SOMA, params: { dur: [5, 10, 20], amp: [-65, -20, -80] } }],
    record: [V, prec('clamp', 'I'), prec('clamp', 'vo')], run: RUN,
  },
  skip('argpass', `${EX}/argpass.mod`, 'nothing', 'density', 'SUFFIX nothing: a VERBATIM function only, no mechanism to insert'),
  skip('str', `${EX}/str.mod`, 'nothing', 'density', 'SUFFIX nothing: VERBATIM string functions only, no mechanism to insert'),
  skip('trivial', `${EX}/trivial.mod`, 'nothing', 'density', 'SUFFIX nothing and no code: nothing to run'),
  skip('tstvec', `${EX}/tstvec.mod`, 'nothing', 'density', 'SUFFIX nothing: VERBATIM Vector functions only, no mechanism to insert'),
  skip('tstextrn', `${EX}/tstextrn.mod`, 'tstextrn', 'density', 'EXTERNAL functions only (clamp_resist, minf_hh): no membrane behaviour'),
  skip('fit1', `${EX}/fit1.mod`, 'fit1', 'density', 'VERBATIM-only behaviour (a hoc-callable fitting function)'),
  skip('obj_ex', `${EX}/obj_ex.mod`, 'ObjectExample', 'point', 'no current or dynamics (a FUNCTION and a printf PROCEDURE only)'),
  skip('order', `${EX}/order.mod`, 'order', 'density', 'only printf calls showing the call order; its current is 0 (BEFORE/AFTER blocks are checked against NEURON in src/core/nmodl/ba.test.ts)'),
  skip('gap', `${EX}/gap.mod`, 'gap', 'point', 'needs a POINTER (vgap) set with setpointer'),
  skip('synpre', `${EX}/synpre.mod`, 'synp', 'point', 'needs a POINTER (vpre) and VERBATIM'),
  skip('tstpnt1', `${EX}/tstpnt1.mod`, 't1', 'point', 'needs POINTERs (p1, p2)'),
  skip('tstpnt2', `${EX}/tstpnt2.mod`, 't2', 'density', 'needs a POINTER (p)'),
  skip('fh', `${EX}/fh.mod`, 'fh', 'density', 'NEURON does not compile it: nocmodl cannot open standard.inc (INCLUDE of a file not shipped)'),
  skip('tstdarray', `${EX}/tstdarray.mod`, 'nothing', 'density', 'NEURON does not compile it: the generated C dereferences a double (POINTER y used as an array)'),

  // ---- share/examples/nrniv/netcon: NET_RECEIVE examples ----
  // Measured: NEURON 8.2.2 segfaults at the first event with this file as shipped; the same file
  // without its THREADSAFE line runs (THREADSAFE makes the assigned GLOBALs Rinf/Rtau per-thread).
  skip('ampa', `${NC}/ampa.mod`, 'AMPA_S', 'point', 'NEURON 8.2.2 crashes (segmentation fault) at the first NetCon event into AMPA_S as shipped (runs without its THREADSAFE line)'),
  {
    id: 'gsyn', file: `${NC}/gsyn.mod`, mechanism: 'GSyn', kind: 'point',
    // Two NetCons into one GSyn: each keeps its own facilitation state (w, G1, G2, t0) in its weight vector.
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'syn', mechanism: 'GSyn', at: SOMA, params: { tau1: 0.5, tau2: 3, Ginc: 1.5 } }],
    stimuli: [{ type: 'NetStim', start: 5, interval: 5, number: 6, target: 'syn', weight: 0.002, delay: 1 },
      { type: 'NetStim', start: 7.3, interval: 11, number: 4, target: 'syn', weight: 0.004, delay: 0.5 }],
    record: [V, prec('syn', 'g'), prec('syn', 'i')], run: RUN,
  },
  {
    id: 'k2syn', file: `${NC}/k2syn.mod`, mechanism: 'K2Syn', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'syn', mechanism: 'K2Syn', at: SOMA, params: { tau1: 0.5, tau2: 5, e: 0 } }],
    stimuli: [{ type: 'NetStim', start: 5, interval: 10, number: 3, target: 'syn', weight: 0.005, delay: 1 }],
    record: [V, prec('syn', 'g'), prec('syn', 'i')], run: RUN,
  },
  {
    id: 'pregen', file: `${NC}/pregen.mod`, mechanism: 'SpikeGenerator', kind: 'point',
    cell: SOMA_CELL, insert: [PAS],
    points: [{ label: 'gen', mechanism: 'SpikeGenerator', at: SOMA, params: { start: 5, fast_invl: 2, slow_invl: 15, burst_len: 3, end: 80, noise: 0 } }],
    record: [prec('gen', 'y')], spikes: [{ label: 'gen', point: 'gen' }], run: { ...RUN, tstop: 100 },
  },
  skip('vecevent', `${NC}/vecevent.mod`, 'VecStim', 'artificial', 'needs a vector input (VecStim.play) held through a BBCOREPOINTER and VERBATIM C'),

  // ---- share/demo/release: the transmitter-release demo ----
  {
    id: 'khhchan', file: `${REL}/khhchan.mod`, mechanism: 'HHk', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'HHk', params: { gkbar: 0.036 } }], stimuli: [iclamp(5, 20, 0.3)],
    record: [V, mrec('HHk', 'n'), vrec('ik')], run: RUN,
  },
  {
    id: 'nachan', file: `${REL}/nachan.mod`, mechanism: 'HHna', kind: 'density',
    cell: SOMA_CELL, insert: [HH_K_ONLY, { mechanism: 'HHna', params: { gnabar: 0.12 } }], stimuli: [iclamp(5, 1, 0.5), iclamp(25, 20, 0.1)],
    record: [V, mrec('HHna', 'm'), mrec('HHna', 'h'), vrec('ina')], spikes: [SPIKE], run: RUN,
  },
  {
    id: 'mcna', file: `${REL}/mcna.mod`, mechanism: 'MCna', kind: 'density',
    cell: SOMA_CELL, insert: [HH_K_ONLY, { mechanism: 'MCna', params: { gnabar: 0.12 } }], stimuli: [iclamp(5, 1, 0.5)],
    record: [V, mrec('MCna', 'N'), mrec('MCna', 'O'), vrec('ina')], spikes: [SPIKE], run: RUN,
  },
  {
    id: 'cachan1', file: `${REL}/cachan1.mod`, mechanism: 'cachan1', kind: 'density', helpers: [CACUM],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacum', params: { depth: 100, tau: 20 } }, { mechanism: 'cachan1', params: { imax: 0.01 } }],
    stimuli: [iclamp(5, 20, 0.3)], record: [V, vrec('cai'), vrec('ica'), mrec('cachan1', 'S')], run: { ...RUN, celsius: 22 },
  },
  {
    id: 'camchan', file: `${REL}/camchan.mod`, mechanism: 'cachan', kind: 'density', helpers: [CACUM],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacum', params: { depth: 100, tau: 20 } }, { mechanism: 'cachan', params: { pcabar: 2e-5 } }],
    stimuli: [iclamp(5, 20, 0.3)], record: [V, vrec('cai'), vrec('ica'), mrec('cachan', 'oca')], run: RUN,
  },
  {
    id: 'capump', file: `${REL}/capump.mod`, mechanism: 'capump', kind: 'density', helpers: [CACUM],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacum', params: { depth: 100, tau: 1e9, cai0: 1e-3 } }, { mechanism: 'capump', params: { vmax: 0.0667, kmp: 0.2 } }],
    record: [V, vrec('cai'), vrec('ica')], run: RUN,
  },
  {
    id: 'release-cabpump', file: `${REL}/cabpump.mod`, mechanism: 'cadifpmp', kind: 'density', helpers: [CACUR],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cadifpmp' }, caInflux(-0.01)],
    record: [V, vrec('cai'), vrec('ica'), mrec('cadifpmp', 'ca[1]'), mrec('cadifpmp', 'pump'), mrec('cadifpmp', 'ica_pmp')], run: RUN,
  },
  {
    id: 'nacaex', file: `${REL}/nacaex.mod`, mechanism: 'nacax', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'nacax', params: { k: 0.002 } }], stimuli: [iclamp(10, 20, 0.2)],
    record: [V, vrec('ica'), vrec('ina')], run: RUN,
  },
  {
    id: 'release', file: `${REL}/release.mod`, mechanism: 'trel', kind: 'density', helpers: [CACUM, CACUR],
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'cacum', params: { depth: 1, tau: 5 } }, caInflux(-0.002), { mechanism: 'trel' }],
    record: [V, vrec('cai'), mrec('trel', 'Ach'), mrec('trel', 'Ves'), mrec('trel', 'X'), mrec('trel', 'B')], run: RUN,
  },
  {
    id: 'invlfire', file: `${REL}/invlfire.mod`, mechanism: 'IntervalFire', kind: 'artificial',
    cell: SOMA_CELL, points: [{ label: 'cell', mechanism: 'IntervalFire', params: { tau: 5, invl: 10 } }],
    stimuli: [{ type: 'NetStim', start: 3, interval: 7, number: 5, target: 'cell', weight: 0.3, delay: 1 }],
    record: [prec('cell', 'm')], spikes: [{ label: 'cell', point: 'cell' }], run: RUN,
  },

  // ---- docs: the documentation's examples ----
  {
    id: 'hhkchan', file: `${DOC}/courses/code/hhkchan.mod`, mechanism: 'HHk', kind: 'density',
    cell: SOMA_CELL, insert: [PAS, { mechanism: 'HHk', params: { gkbar: 0.036 } }], stimuli: [iclamp(5, 20, 0.3)],
    record: [V, mrec('HHk', 'n'), vrec('ik')], run: { ...RUN, celsius: 16.3 },
  },
  {
    id: 'ipulse1', file: `${DOC}/guide/data/ipulse1.mod`, mechanism: 'Ipulse1', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'stim', mechanism: 'Ipulse1', at: SOMA, params: { del: 5, ton: 2, toff: 3, num: 4, amp: 0.1 } }],
    record: [V, prec('stim', 'i')], run: RUN,
  },
  {
    id: 'ipulse2', file: `${DOC}/guide/data/ipulse2.mod`, mechanism: 'Ipulse2', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'stim', mechanism: 'Ipulse2', at: SOMA, params: { del: 5, dur: 2, per: 5, num: 4, amp: 0.1 } }],
    record: [V, prec('stim', 'i')], run: RUN,
  },
  {
    id: 'ipulse3', file: `${DOC}/guide/data/ipulse3.mod`, mechanism: 'Ipulse3', kind: 'point',
    cell: SOMA_CELL, insert: [PAS], points: [{ label: 'stim', mechanism: 'Ipulse3', at: SOMA, params: { dur: 2, amp: 0.1 } }],
    stimuli: [{ type: 'NetStim', start: 5, interval: 10, number: 3, target: 'stim', weight: 1, delay: 1 }],
    record: [V, prec('stim', 'i')], run: RUN,
  },
];

/** The case of a zoo file id, or undefined. */
export function modCase(id: string): ModCase | undefined {
  return MOD_CASES.find((c) => c.id === id);
}
