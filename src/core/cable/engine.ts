import { checkRunBudget } from '../budget.ts';
import { CoreError } from '../errors.ts';
import { dict } from '../dict.ts';
import { neuronTime } from '../time.ts';
import type { CableMatrix } from './matrix.ts';
import { hhFieldByte, hhLookup, hhQ10, hhRatesExact, hhTable, HH_PAIR_BYTES, HH_ROW_BYTES, hhRowsWithSlopes } from './mechanisms/hh.ts';
import type { RunOptions, RunResult } from './model.ts';
import { cableWasmModule, EXP_TABLE_OFFSET, H, HEADER_END } from './wasm/load.ts';
import { EventSystem, netConsOf } from '../events/system.ts';
import { NetStim, type NetStimParams } from '../events/netstim.ts';
import { LegacyStream, Random123Stream } from '../events/random.ts';
import type { KernelEnv, MechanismDef, MechanismInstances, MechanismKernels } from './kernels.ts';
import { compileKernelModule, compileKernels, KERNEL_MATH, type KernelLayout, type RandomFn } from './kernel-ir.ts';
import { Code, F64, ModuleBuilder } from '../wasm/encoder.ts';
import { initIon, ionCurrentStart, STYLE_EADVANCE, STYLE_EINIT, wroteConcentration, type IonState } from '../ions/ions.ts';
import { yieldToEvents } from '../yield.ts';

/** Per-instance parameters of the hh channels on a cell (arrays aligned with `nodes`). */
export interface HhInstances {
  nodes: Int32Array;
  gnabar: Float64Array;
  gkbar: Float64Array;
  gl: Float64Array;
  el: Float64Array;
  ena: Float64Array;
  ek: Float64Array;
}

export interface IClampInstances {
  nodes: Int32Array;
  del: Float64Array;
  dur: Float64Array;
  amp: Float64Array;
}

/** IClamp and AlphaSynapse parameters in placement order (see CableEngine.setPointValues). */
export interface PointValues {
  iclamp: { del: number[]; dur: number[]; amp: number[] };
  alpha: { onset: number[]; tau: number[]; gmax: number[]; e: number[] };
}

export interface AlphaSynapseInstances {
  nodes: Int32Array;
  onset: Float64Array;
  tau: Float64Array;
  gmax: Float64Array;
  e: Float64Array;
}

export interface ExpSynInstances {
  nodes: Int32Array;
  tau: Float64Array;
  e: Float64Array;
}

export interface Exp2SynInstances {
  nodes: Int32Array;
  tau1: Float64Array;
  tau2: Float64Array;
  e: Float64Array;
}

/** What a recorder reads: the voltage of a node, or a point process's current i (nA) or conductance g (µS). */
export type ProbeSource =
  | { kind: 'v'; node: number }
  /** A field of a catalogue mechanism's instance (`generic[mechanism]`). */
  | { kind: 'field'; mechanism: number; field: string; index: number }
  /** An ion's value at a node (`ions[ion]`). */
  | { kind: 'ion'; ion: string; array: 'e' | 'ci' | 'co' | 'i'; node: number }
  | { kind: 'IClamp'; index: number; field: 'i' }
  /** The built-in hh at instance `index`: a state or parameter of its row. */
  | { kind: 'hh'; index: number; field: 'm' | 'h' | 'n' | 'gnabar' | 'gkbar' | 'gl' | 'el' }
  | { kind: 'AlphaSynapse' | 'ExpSyn' | 'Exp2Syn'; index: number; field: 'i' | 'g' };

/** A synapse that receives events: an ExpSyn or Exp2Syn by index. */
/** A synapse that receives events: an ExpSyn or Exp2Syn by index, or instance `index` of catalogue mechanism `mechanism` (its NET_RECEIVE). */
export type SynapseRef = { kind: 'ExpSyn' | 'Exp2Syn'; index: number } | { kind: 'generic'; mechanism: number; index: number };

/** Events on a cell: NetStims, voltage threshold detectors and the NetCons between them and synapses. */
export interface CellEvents {
  netStims: Array<{ params: NetStimParams; seed?: number }>;
  /** Threshold detectors: matrix node and threshold (mV). */
  watchers: Array<{ node: number; threshold: number }>;
  /** Sources: a NetStim, a threshold detector, or instance `index` of catalogue mechanism `mechanism` (its net_event). */
  netCons: Array<{ source: { netStim: number } | { watcher: number } | { generic: { mechanism: number; index: number } }; target: SynapseRef | null; weight: number; delay: number; label?: string }>;
}

/** A compiled cell: the matrix and everything placed on it, in matrix node numbers. */
export interface CompiledCell {
  matrix: CableMatrix;
  /** Specific capacitance per node (µF/cm²); 0 on zero-area nodes. */
  cm: Float64Array;
  /** pas per node: g (S/cm², 0 where absent) and e (mV). Linear, so it is folded into the matrix. */
  leak: { g: Float64Array; e: Float64Array };
  hh: HhInstances;
  iclamp: IClampInstances;
  alpha: AlphaSynapseInstances;
  expSyn: ExpSynInstances;
  exp2Syn: Exp2SynInstances;
  events: CellEvents;
  /** Catalogue mechanisms (kernels.ts) with their instances; they make the engine step from JavaScript. */
  generic?: Array<{ def: MechanismDef; inst: MechanismInstances }>;
  /** Ions of the catalogue mechanisms, per matrix node. */
  ions?: Record<string, IonState>;
  probes: Array<{ label: string; source: ProbeSource }>;
  warnings: string[];
  /** Words for a node in messages ("in section 12 (nodes 40 → 57)"). */
  describeNode: (i: number) => string;
}

/**
 * Least steps between scans of every v for values beyond ±V_LIMIT: a scan follows each call
 * into WebAssembly (up to 1024 recorded rows) once this many steps have passed since the last
 * one (with threshold detectors a call is one step). The wasm loop itself checks Δv at every
 * step, for free. Measured cost on DA1: 7.7 µs per scan, < 0.3 % of a run.
 */
const SCAN_EVERY = 64;
/** |v| (mV) beyond which the integration has left any physiological range: 10 V. */
const V_LIMIT = 1e4;

/** Rows of the record buffer (samples copied out after each call into WebAssembly): at most 1024, and at most ~8 MB. */
const recRows = (probes: number) => Math.max(1, Math.min(1024, Math.floor(1e6 / Math.max(1, probes))));

/**
 * NEURON's fixed-step backward Euler (secondorder = 0) on a compiled cell, run in
 * WebAssembly (wasm/cable.wat). One step: point-process currents at t + dt/2, then a sweep
 * from the leaves that adds the axial currents and eliminates (Hines), a sweep from the roots
 * that back-substitutes, updates v and resets the system for the next step, then the hh
 * states at the new v. This is NEURON's nrn_rhs + nrn_lhs + triang + bksub + update +
 * nrn_state, reordered so that each node is visited three times per step.
 */
export class CableEngine {
  readonly cell: CompiledCell;
  readonly warnings: string[];
  private readonly mem: WebAssembly.Memory;
  private readonly wasm: {
    run: (count: number, dt: number, every: number, stepIndex: number) => number;
    begin: () => void;
    currentsAt: (t: number) => void;
    synStates: () => void;
    eliminate: () => void;
    substitute: () => number;
    hhAdvance: (dt: number) => void;
  };
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  /** Byte offsets of arrays in the wasm memory. */
  private readonly at: Record<string, number>;
  /** Diagonal of the axial terms: −b[i] − Σ_children a[c] (mA/cm²/mV). */
  private readonly dAxial: Float64Array;
  private tableCelsius = NaN;
  private readonly probeAddr: Int32Array;
  /** 1 for the nodes whose subtree has only constant conductances (their eliminated diagonal is precomputed per run). */
  private readonly isStatic: Uint8Array;
  /** How many nodes the solver treats as static (eliminated once per run), for tests and benchmarks. */
  readonly staticNodes: number;
  /** Segments (matrix nodes with membrane), for run estimates. */
  readonly segments: number;
  /** Range of v (mV) at the last scan that found every value finite and within ±V_LIMIT, for blow-up reports. */
  private lastGood = { t: 0, min: 0, max: 0 };
  private scannedAt = 0;
  /** Catalogue mechanisms: with any, each step is driven from JavaScript (see advanceStepwise). */
  private readonly generic: Array<{ def: MechanismDef; inst: MechanismInstances }>;
  private readonly ions: Record<string, IonState>;
  /** NET_RECEIVE of each catalogue mechanism that has one: (instance, t ms, NetCon index or −1, flag). */
  private netReceive: Array<((k: number, t: number, netcon: number, flag: number) => void) | null> = [];
  /** NET_RECEIVE's INITIAL of each catalogue mechanism that has one: (instance, NetCon index). */
  private netInit: Array<((k: number, netcon: number) => void) | null> = [];
  /** The weight vector of each NetCon into a catalogue NET_RECEIVE (by creation index; null for others). */
  private ncArgs: Array<Float64Array | null> = [];
  /** Per catalogue mechanism and instance: the NetCons into it in creation order (FOR_NETCONS). */
  private ncInto: number[][][] = [];
  /** WATCH checks of the catalogue mechanisms (t ms), run where NEURON checks thresholds. */
  private watchChecks: Array<(t: number) => void> = [];
  /** All catalogue mechanisms are compiled IR, called from inside the solver's step. */
  private readonly inWasm: boolean;
  /** Their module's exports (when inWasm). */
  private readonly compiled: Record<'initialize' | 'current' | 'state' | 'beforeStep', (t: number, dt: number, celsius: number) => void> | null;
  /** The kernels of each catalogue mechanism: its own, or compiled from its IR over this memory. */
  private readonly kernels: MechanismKernels[];
  /** What the kernels see (views of the wasm memory; t set before each call). */
  private readonly env: KernelEnv;
  /**
   * NEURON's process-wide scop_random stream (state 1 at every run's start, as a freshly started
   * NEURON): NetStims without a Random123 seed and the kernels' normrand, exprand, scop_random and
   * set_seed all draw from it, in the order they run.
   */
  private readonly scop = new LegacyStream(1);
  /** The event system (null when the cell has no NetStims or NetCons). */
  private readonly events: { system: EventSystem; streams: Random123Stream[]; legacy: LegacyStream; armed: Uint8Array; labels: Array<[string, number]> } | null;

  constructor(cell: CompiledCell) {
    this.cell = cell;
    this.warnings = cell.warnings;
    const m = cell.matrix;
    const n = m.n;
    const nhh = cell.hh.nodes.length;
    const nic = cell.iclamp.nodes.length;
    const nal = cell.alpha.nodes.length;
    const np = cell.probes.length;
    checkCellNumbers(cell);
    let segments = 0;
    for (let i = 0; i < n; i++) segments += m.hasMembrane[i];
    this.segments = segments;
    // Lay out the memory: header and exp table first, then 8-byte aligned arrays.
    let top = HEADER_END;
    const at: Record<string, number> = {};
    const alloc = (name: string, bytes: number) => {
      at[name] = top;
      top += Math.ceil(bytes / 8) * 8;
    };
    // The node arrays start at 8 mod 16: the forward sweep takes nodes in pairs from index 1
    // (node 0 is the root), so its two-lane loads and stores are 16-byte aligned until a single
    // node shifts them (measured: back-substitution ~5 % faster on the DA1 tutorial).
    const nodeArray = (name: string) => {
      top = Math.ceil((top - 8) / 16) * 16 + 8;
      alloc(name, 8 * n);
    };
    for (const k of ['v', 'rhs', 'd', 'dv', 'd0', 'ge', 'g', 'a', 'b', 'toDensity']) nodeArray(k);
    alloc('parent', 4 * n);
    for (const k of ['fStatic', 'fbStatic']) nodeArray(k);
    top = Math.ceil(top / 16) * 16;
    alloc('hh', HH_PAIR_BYTES * Math.ceil(nhh / 2));
    alloc('hhNodes', 4 * nhh);
    top = Math.ceil(top / 16) * 16;
    alloc('hhScratch', 48 * nhh + 16);
    alloc('hhTable', HH_ROW_BYTES * 200);
    alloc('alpha', 48 * nal);
    alloc('alphaNodes', 4 * nal);
    alloc('iclamp', 32 * nic);
    alloc('iclampNodes', 4 * nic);
    const nex = cell.expSyn.nodes.length;
    const nex2 = cell.exp2Syn.nodes.length;
    alloc('expSyn', 48 * nex);
    alloc('expSynNodes', 4 * nex);
    alloc('exp2Syn', 80 * nex2);
    alloc('exp2SynNodes', 4 * nex2);
    alloc('probes', 4 * np);
    alloc('rec', 8 * np * recRows(np));
    // Catalogue mechanisms and their ions live in the same memory, laid out from their
    // declarations (one array per field, node indices, five arrays per ion), so that kernels
    // compiled to WebAssembly can share it with the solver.
    const generic = cell.generic ?? [];
    const ions = cell.ions ?? {};
    if (generic.length) {
      alloc('diam', 8 * n);
      alloc('area', 8 * n);
    }
    generic.forEach((g, gi) => {
      alloc(`g${gi}:node`, 4 * g.inst.node.length);
      for (const f of g.def.fields) alloc(`g${gi}.${f.name}`, 8 * g.inst.node.length);
      for (const t of g.def.tables ?? []) alloc(`g${gi}#${t.name}`, 8 * t.size);
      if (g.def.ir?.netReceive) {
        alloc(`g${gi}:args`, 8 * Math.max(1, g.def.ir.netReceive.nargs));
        alloc(`g${gi}:fnc`, 8 * Math.max(1, g.def.ir.netReceive.nargs));
      }
    });
    for (const name of Object.keys(ions)) for (const a of ION_ARRAYS) alloc(`ion.${name}.${a}`, 8 * n);
    // The nodes of each ion (where mechanisms use it) and whether e follows Nernst every step there.
    const ionNodes = ionNodesOf(generic, ions);
    for (const [name, nodes] of Object.entries(ionNodes)) {
      alloc(`ion.${name}:nodes`, 4 * nodes.length);
      alloc(`ion.${name}:eadvance`, 8 * nodes.length);
    }
    this.at = at;
    this.mem = new WebAssembly.Memory({ initial: Math.ceil(top / 65536) + 1 });
    // Mechanisms that all come as kernel IR run inside the solver's step (cable.wat calls them);
    // any with JavaScript kernels makes the engine step from JavaScript (advanceStepwise).
    this.inWasm = generic.length > 0 && generic.every((g) => g.def.ir !== undefined);
    const kx = this.inWasm ? this.kernelModule(generic, ions, ionNodes) : null;
    const none = noMechanisms();
    const inst = new WebAssembly.Instance(cableWasmModule(), { env: { memory: this.mem, exp: Math.exp, mechCurrent: kx?.current ?? none, mechState: kx?.state ?? none } });
    this.compiled = kx;
    this.wasm = inst.exports as unknown as CableEngine['wasm'];
    this.f64 = new Float64Array(this.mem.buffer);
    this.i32 = new Int32Array(this.mem.buffer);
    const { f64, i32 } = this;
    for (let j = 0; j < 64; j++) f64[EXP_TABLE_OFFSET / 8 + j] = Math.pow(2, j / 64);
    const hdr = (slot: number, value: number) => (i32[slot / 4] = value);
    hdr(H.n, n);
    hdr(H.trees, m.trees);
    for (const [slot, name] of [
      [H.v, 'v'], [H.rhs, 'rhs'], [H.d, 'd'], [H.dv, 'dv'], [H.d0, 'd0'], [H.ge, 'ge'], [H.g, 'g'], [H.a, 'a'], [H.b, 'b'],
      [H.parent, 'parent'], [H.hh, 'hh'], [H.hhNodes, 'hhNodes'], [H.hhTable, 'hhTable'], [H.alpha, 'alpha'], [H.alphaNodes, 'alphaNodes'],
      [H.iclamp, 'iclamp'], [H.iclampNodes, 'iclampNodes'], [H.toDensity, 'toDensity'], [H.probes, 'probes'], [H.rec, 'rec'],
      [H.expSyn, 'expSyn'], [H.expSynNodes, 'expSynNodes'], [H.exp2Syn, 'exp2Syn'], [H.exp2SynNodes, 'exp2SynNodes'],
    ] as const) hdr(slot, at[name]);
    hdr(H.nexpSyn, nex);
    hdr(H.nexp2Syn, nex2);
    hdr(H.nhh, nhh);
    hdr(H.nalpha, nal);
    hdr(H.niclamp, nic);
    hdr(H.nprobes, np);
    hdr(H.fStatic, at.fStatic);
    hdr(H.fbStatic, at.fbStatic);
    hdr(H.hhScratch, at.hhScratch);

    // Matrix coefficients as NEURON's NODEA / NODEB (mA/cm²/mV).
    const a = this.view('a', n);
    const b = this.view('b', n);
    this.dAxial = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = m.parent[i];
      i32[at.parent / 4 + i] = p;
      if (p < 0) continue;
      a[i] = (-1e2 * m.rinv[i]) / m.area[p];
      b[i] = (-1e2 * m.rinv[i]) / m.area[i];
      this.dAxial[i] -= b[i];
      this.dAxial[p] -= a[i];
    }
    // The solver's node ranges (cable.wat $eliminate): dynamic nodes, then static ones under a
    // dynamic parent, then static ones under a static parent, when the cell is numbered so
    // (compile.ts staticLast); otherwise every node counts as dynamic.
    this.isStatic = staticNodes(cell, ionNodes);
    const ends = staticRanges(this.isStatic, m.parent);
    if (!ends) this.isStatic.fill(0);
    this.staticNodes = ends ? n - ends[0] : 0;
    hdr(H.dynamicEnd, ends ? ends[0] : n);
    hdr(H.staticRootEnd, ends ? ends[1] : n);
    const tod = this.view('toDensity', n);
    for (let i = 0; i < n; i++) tod[i] = 1e2 / m.area[i];
    this.view('g', n).set(cell.leak.g);
    const ge = this.view('ge', n);
    for (let i = 0; i < n; i++) ge[i] = cell.leak.g[i] * cell.leak.e[i];

    const hh = cell.hh;
    i32.set(hh.nodes, at.hhNodes / 4);
    for (let k = 0; k < nhh; k++) for (const f of ['gnabar', 'gkbar', 'gl', 'el', 'ena', 'ek'] as const) f64[(at.hh + hhFieldByte(k, f)) / 8] = hh[f][k];
    i32.set(cell.iclamp.nodes, at.iclampNodes / 4);
    for (let k = 0; k < nic; k++) {
      const o = (at.iclamp + 32 * k) / 8;
      f64[o] = cell.iclamp.del[k];
      f64[o + 1] = cell.iclamp.dur[k];
      f64[o + 2] = cell.iclamp.amp[k];
    }
    i32.set(cell.alpha.nodes, at.alphaNodes / 4);
    for (let k = 0; k < nal; k++) {
      const o = (at.alpha + 48 * k) / 8;
      f64[o] = cell.alpha.onset[k];
      f64[o + 1] = cell.alpha.tau[k];
      f64[o + 2] = cell.alpha.gmax[k];
      f64[o + 3] = cell.alpha.e[k];
    }
    i32.set(cell.expSyn.nodes, at.expSynNodes / 4);
    for (let k = 0; k < nex; k++) {
      const o = (at.expSyn + 48 * k) / 8;
      f64[o] = cell.expSyn.tau[k];
      f64[o + 1] = cell.expSyn.e[k];
    }
    i32.set(cell.exp2Syn.nodes, at.exp2SynNodes / 4);
    for (let k = 0; k < nex2; k++) {
      const o = (at.exp2Syn + 80 * k) / 8;
      f64[o + 2] = cell.exp2Syn.e[k];
    }
    this.probeAddr = Int32Array.from(cell.probes, ({ source: s }) => {
      if (s.kind === 'v') return at.v + 8 * s.node;
      if (s.kind === 'field') return at[`g${s.mechanism}.${s.field}`] + 8 * s.index; // the field's array in this memory
      if (s.kind === 'ion') return at[`ion.${s.ion}.${s.array}`] + 8 * s.node;
      if (s.kind === 'IClamp') return at.iclamp + 32 * s.index + 24;
      // hh fields m h n gnabar gkbar gl el ena ek …, two instances' side by side (cable.wat).
      if (s.kind === 'hh') return at.hh + hhFieldByte(s.index, s.field);
      if (s.kind === 'AlphaSynapse') return at.alpha + 48 * s.index + (s.field === 'g' ? 32 : 40);
      if (s.kind === 'ExpSyn') return at.expSyn + 48 * s.index + (s.field === 'g' ? 16 : 24);
      return at.exp2Syn + 80 * s.index + (s.field === 'g' ? 48 : 56);
    });
    this.events = this.buildEvents(cell.events);
    i32.set(this.probeAddr, at.probes / 4);
    if (generic.length) {
      this.view('diam', n).set(m.diam);
      this.view('area', n).set(m.area);
    }
    // Move the catalogue mechanisms' arrays into the memory (their values copied, then the views used).
    generic.forEach((g, gi) => {
      const node = new Int32Array(this.mem.buffer, at[`g${gi}:node`], g.inst.node.length);
      node.set(g.inst.node);
      g.inst.node = node;
      for (const f of g.def.fields) {
        const view = this.view(`g${gi}.${f.name}`, g.inst.node.length);
        view.set(g.inst.f[f.name]);
        g.inst.f[f.name] = view;
      }
    });
    for (const [name, ion] of Object.entries(ions)) {
      for (const a of ION_ARRAYS) {
        const view = this.view(`ion.${name}.${a}`, n);
        view.set(ion[a]);
        ion[a] = view;
      }
    }
    this.generic = generic;
    this.ions = ions;
    this.kernels = this.inWasm ? [] : generic.map((g, gi) => (g.def.kernels ? g.def.kernels : this.wasmKernels(g.def, gi, g.inst.node.length)));
    if (this.inWasm) {
      const x = this.compiled as unknown as Record<string, (...a: number[]) => void>;
      generic.forEach((g, gi) => this.eventCalls(gi, g.def, x));
      const watch = x.watch;
      if (watch) this.watchChecks.push((t) => watch(t, this.env.dt, this.env.celsius));
    }
    this.env = { v: this.view('v', n), rhs: this.view('rhs', n), d: this.view('d', n), t: 0, dt: 0.025, celsius: 6.3, area: m.area, ions: this.ions };
  }

  private buildEvents(ev: CellEvents): CableEngine['events'] {
    // Mechanisms with NET_RECEIVE may send themselves events (net_send) without any NetCon.
    const selfEvents = (this.cell.generic ?? []).some((g) => g.def.ir?.netReceive || g.def.kind === 'artificial');
    if (ev.netStims.length === 0 && ev.netCons.length === 0 && !selfEvents) return null;
    const S = ev.netStims.length;
    const legacy = this.scop;
    const streams: Random123Stream[] = [];
    const stims = ev.netStims.map((ns, k) => {
      if (ns.seed === undefined) return new NetStim(ns.params, legacy);
      const r = new Random123Stream(ns.seed, k, 0);
      streams.push(r);
      return new NetStim(ns.params, r);
    });
    // Receivers: NetStims, then the ExpSyns, then the Exp2Syns, then the catalogue point
    // processes with NET_RECEIVE (each mechanism's instances in turn). Sources: NetStims, then
    // watchers, then the instances of every catalogue point process (net_event).
    const nex = this.cell.expSyn.nodes.length;
    const nex2 = this.cell.exp2Syn.nodes.length;
    const genericBase: number[] = [];
    const genericOf: Array<{ mechanism: number; index: number }> = [];
    const sourceBase: number[] = [];
    let genericSources = 0;
    (this.cell.generic ?? []).forEach((g, mi) => {
      genericBase[mi] = nex + nex2 + genericOf.length;
      if (g.def.ir?.netReceive) for (let k = 0; k < g.inst.node.length; k++) genericOf.push({ mechanism: mi, index: k });
      sourceBase[mi] = S + ev.watchers.length + genericSources;
      if (g.def.kind !== 'density') genericSources += g.inst.node.length;
    });
    this.genericReceiverBase = genericBase;
    this.genericSourceBase = sourceBase;
    const labels: Array<[string, number]> = [];
    const netcons = ev.netCons.map((nc, k) => {
      const src = nc.source;
      const source = 'netStim' in src ? src.netStim : 'watcher' in src ? S + src.watcher : sourceBase[src.generic.mechanism] + src.generic.index;
      const t = nc.target;
      const target = t === null ? -1 : S + (t.kind === 'generic' ? genericBase[t.mechanism] + t.index : t.kind === 'ExpSyn' ? t.index : nex + t.index);
      if (nc.label !== undefined) labels.push([nc.label, source]);
      if ('netStim' in nc.source && !(nc.source.netStim >= 0 && nc.source.netStim < S)) throw new CoreError('model', `NetCon ${k}: NetStim ${nc.source.netStim} does not exist`);
      return { source, target, weight: nc.weight, delay: nc.delay };
    });
    const system = new EventSystem(stims, nex + nex2 + genericOf.length, ev.watchers.length + genericSources, netConsOf(netcons));
    // NetCons into a NET_RECEIVE carry their index: its arguments are the NetCon's weight vector.
    system.carryNetCon(nex + nex2, nex + nex2 + genericOf.length);
    this.ncArgs = ev.netCons.map((nc) => {
      const t = nc.target;
      if (t?.kind !== 'generic') return null;
      const args = new Float64Array(Math.max(1, this.cell.generic![t.mechanism].def.ir?.netReceive?.nargs ?? 1));
      args[0] = nc.weight;
      return args;
    });
    this.ncInto = (this.cell.generic ?? []).map((g) => Array.from({ length: g.inst.node.length }, () => []));
    ev.netCons.forEach((nc, i) => {
      if (nc.target?.kind === 'generic') this.ncInto[nc.target.mechanism][nc.target.index].push(i);
    });
    const f64 = this.f64;
    const ex = this.at.expSyn / 8;
    const ex2 = this.at.exp2Syn / 8;
    system.onSynapse = (r, w, t, flag) => {
      if (r < nex) {
        f64[ex + 6 * r + 2] += w; // ExpSyn: g += w
      } else if (r >= nex + nex2) {
        // A catalogue point process: its NET_RECEIVE at the event's time.
        const gr = genericOf[r - nex - nex2];
        this.netReceive[gr.mechanism]!(gr.index, t, w, flag); // w: the NetCon's index (or −1)
      } else {
        const o = ex2 + 10 * (r - nex);
        const fw = w * f64[o + 3]; // Exp2Syn: A and B += w·factor
        f64[o + 4] += fw;
        f64[o + 5] += fw;
      }
    };
    return { system, streams, legacy, armed: new Uint8Array(ev.watchers.length), labels };
  }

  private view(name: string, n: number): Float64Array {
    return new Float64Array(this.mem.buffer, this.at[name], n);
  }

  /**
   * New IClamp (del, dur ms; amp nA) and AlphaSynapse (onset, tau ms; gmax µS; e mV) parameters
   * for the next run, in the order the model placed them (compile.ts pointValues): nothing
   * compiled depends on them, so a live tweak of a synapse or stimulus reuses the engine.
   * False (nothing changed) when the counts differ or a value is not finite: compile afresh,
   * which says what is wrong.
   */
  setPointValues(v: PointValues): boolean {
    const { cell, f64, at } = this;
    const ic = cell.iclamp;
    const al = cell.alpha;
    const lists = [v.iclamp.del, v.iclamp.dur, v.iclamp.amp, v.alpha.onset, v.alpha.tau, v.alpha.gmax, v.alpha.e];
    if (v.iclamp.del.length !== ic.nodes.length || v.alpha.onset.length !== al.nodes.length) return false;
    if (!lists.every((l) => l.every(Number.isFinite))) return false;
    for (let k = 0; k < ic.nodes.length; k++) {
      const o = (at.iclamp + 32 * k) / 8;
      f64[o] = ic.del[k] = v.iclamp.del[k];
      f64[o + 1] = ic.dur[k] = v.iclamp.dur[k];
      f64[o + 2] = ic.amp[k] = v.iclamp.amp[k];
    }
    for (let k = 0; k < al.nodes.length; k++) {
      const o = (at.alpha + 48 * k) / 8;
      f64[o] = al.onset[k] = v.alpha.onset[k];
      f64[o + 1] = al.tau[k] = v.alpha.tau[k];
      f64[o + 2] = al.gmax[k] = v.alpha.gmax[k];
      f64[o + 3] = al.e[k] = v.alpha.e[k];
    }
    return true;
  }

  /** Membrane potential of every matrix node (mV), live view. */
  get v(): Float64Array {
    return this.view('v', this.cell.matrix.n);
  }

  /** Number of fixed steps NEURON's `continuerun(tstop)` takes at this dt (same float accumulation of t); refuses more than `maxSteps`. */
  static stepCount(tstop: number, dt: number, maxSteps?: number): number {
    return neuronTime(tstop, dt, maxSteps).steps;
  }

  /**
   * Run from rest: `finitialize(v_init)` then `continuerun(tstop)`, recording every probe at
   * t = 0 and after every step (or every `recordEvery` steps). Throws a CoreError if the
   * signal aborts the run or the solution becomes NaN or blows up (naming time and section).
   */
  run(opts: RunOptions): RunResult {
    const it = this.start(opts);
    try {
      while (!it.done) this.advance(it, 1 << 30);
    } finally {
      it.release();
    }
    return this.finish(it);
  }

  /** Like `run`, but yields to the event loop every ~`sliceMs` of work so that an abort message can arrive. */
  async runAsync(opts: RunOptions, sliceMs = 20): Promise<RunResult> {
    const it = this.start(opts);
    let chunk = 200;
    try {
      while (!it.done) {
        const t0 = performance.now();
        this.advance(it, chunk);
        const el = performance.now() - t0;
        if (el > 0) chunk = Math.max(10, Math.min(1 << 20, Math.round((chunk * sliceMs) / el)));
        if (!it.done) opts.onSlice?.(() => this.finish(it), it.step / Math.max(1, it.steps));
        await yieldToEvents();
      }
    } finally {
      it.release();
    }
    return this.finish(it);
  }

  /** Set up a run (finitialize): v = v_init everywhere, hh at steady state, sample 0 recorded. */
  start(opts: RunOptions): RunIterator {
    const dt = opts.dt ?? 0.025;
    const celsius = opts.celsius ?? 6.3;
    const v_init = opts.v_init ?? -65;
    const every = opts.recordEvery ?? 1;
    if (!(dt > 0) || !Number.isFinite(dt)) throw new CoreError('input', `dt must be a positive number of ms, got ${dt}`);
    if (!(opts.tstop >= 0) || !Number.isFinite(opts.tstop)) throw new CoreError('input', `duration must be a non-negative number of ms, got ${opts.tstop}`);
    if (!Number.isFinite(v_init)) throw new CoreError('input', `v_init must be a number of mV, got ${v_init}`);
    if (!Number.isFinite(celsius)) throw new CoreError('input', `celsius must be a number of °C, got ${celsius}`);
    if (!Number.isInteger(every) || every < 1 || every > 1e9) throw new CoreError('input', `recordEvery must be a whole number from 1 to 1e9 (steps), got ${every}`);
    const n = this.cell.matrix.n;
    const steps = CableEngine.stepCount(opts.tstop, dt, opts.budget?.maxSteps);
    // Before any sample is allocated: a run that cannot fit in memory is refused in words.
    checkRunBudget({ segments: this.segments, steps, recorders: this.cell.probes.length, recordEvery: every, nodes: n, hhSegments: this.cell.hh.nodes.length }, opts.budget);
    const samples = Math.floor(steps / every) + 1;
    const t = new Float64Array(samples);
    const traces = dict<Float64Array>(); // labels are users' names: '__proto__' too
    for (const p of this.cell.probes) traces[p.label] = new Float64Array(samples);
    const cfac = 0.001 / dt;
    const d0 = this.view('d0', n);
    for (let i = 0; i < n; i++) d0[i] = cfac * this.cell.cm[i] + this.cell.leak.g[i] + this.dAxial[i];
    this.v.fill(v_init);
    this.view('dv', n).fill(0);
    this.initHh(v_init, celsius, opts.hhUseTable ?? true);
    this.initSynapses(dt);
    this.scop.restart();
    if (this.events) {
      // NetStims and detectors start afresh; events due at t ≤ 0 are delivered in finitialize.
      const ev = this.events;
      for (const r of ev.streams) r.restart();
      ev.armed.fill(1);
      ev.system.initialize();
    }
    this.f64[H.celsius / 8] = celsius;
    // NEURON's finitialize: the INITIAL blocks, then the NetCons' (init_events), then the events
    // due at t = 0 are delivered, then the currents are evaluated once.
    if (this.generic.length) this.initGeneric(dt, celsius);
    if (this.events) {
      this.initNetCons();
      this.events.system.deliver(0);
    }
    if (this.generic.length) this.genericCurrentsAt0(celsius);
    // finitialize evaluates the point-process currents once at t = 0 (for their recorded i),
    // then the system is reset for the first step.
    this.wasm.currentsAt(0);
    this.wasm.begin();
    this.precomputeStatic();
    this.f64[H.t / 8] = 0;
    this.lastGood = { t: 0, min: v_init, max: v_init };
    this.scannedAt = 0;
    // The step loops read a flag, not the signal: AbortSignals reach here with ever new hidden
    // classes, and a check of one in the optimised loop threw it back to the interpreter at every
    // run of a sweep (36 recompilations of advance in a 32-point sweep).
    const signal = opts.signal;
    const it: RunIterator = { opts, dt, celsius, steps, every, step: 0, time: 0, sample: 0, t, traces, done: steps === 0, wallMs: 0, aborted: signal?.aborted ?? false, onProgress: opts.onProgress, release: () => {} };
    if (signal && !it.aborted) {
      const onAbort = () => void (it.aborted = true);
      signal.addEventListener('abort', onAbort, { once: true });
      it.release = () => signal.removeEventListener('abort', onAbort);
    }
    this.recordSample(traces, 0);
    it.sample = 1;
    return it;
  }

  /**
   * Catalogue mechanism gi's compiled NET_RECEIVE (and its INITIAL) as calls on one instance:
   * the delivering NetCon's weight vector is copied into the arguments' scratch before and back
   * after (NET_RECEIVE may keep state in it); a self-event sent from INITIAL has no NetCon (−1),
   * its arguments 0.
   */
  private eventCalls(gi: number, def: MechanismDef, x: Record<string, ((...a: number[]) => void) | undefined>, name = `${gi}`): void {
    const nr = def.ir?.netReceive;
    const receive = x[`netReceive${name}`];
    if (!nr || !receive) return;
    const scratch = new Float64Array(this.mem.buffer, this.at[`g${gi}:args`], Math.max(1, nr.nargs));
    const around = (netcon: number, call: () => void): void => {
      const args = netcon >= 0 ? this.ncArgs[netcon] : null;
      if (args) scratch.set(args);
      else scratch.fill(0);
      call();
      if (args) args.set(scratch);
    };
    this.netReceive[gi] = (k, t, netcon, flag) => around(netcon, () => receive(t, this.env.dt, this.env.celsius, k, netcon, flag));
    const init = x[`netInit${name}`];
    this.netInit[gi] = init ? (k, netcon) => around(netcon, () => init(0, this.env.dt, this.env.celsius, k, netcon, 0)) : null;
  }

  /** First synapse receiver index of each catalogue mechanism with NET_RECEIVE (set with the event system). */
  private genericReceiverBase: number[] = [];
  /** First event source index of each catalogue point process and artificial cell (net_event). */
  private genericSourceBase: number[] = [];

  /** What compiled kernels import for events: net_send, net_event and net_move of (mechanism, instance). */
  private eventImports(): Record<'net_send' | 'net_event' | 'net_move' | 'watch' | 'fnc_load' | 'fnc_store', (...a: number[]) => void> & { fnc_count: (mi: number, k: number) => number } {
    const system = (): EventSystem => {
      if (!this.events) throw new CoreError('model', 'an event (net_send / net_event / net_move) without an event system');
      return this.events.system;
    };
    return {
      net_send: (mi, k, t, flag, netcon) => system().sendSelfToSynapse(this.genericReceiverBase[mi] + k, t, flag, netcon),
      net_event: (mi, k, t) => system().spike(this.genericSourceBase[mi] + k, t),
      net_move: (mi, k, t) => {
        if (!system().moveSelfOfSynapse(this.genericReceiverBase[mi] + k, t)) {
          const g = this.generic[mi];
          throw new CoreError('model', `${g.def.name} at ${this.cell.describeNode(g.inst.node[k])}: net_move at t = ${t} ms, but it has no pending self-event with flag 1 (as NEURON: net_move re-times the last net_send(…, 1))`);
        }
      },
      // A WATCH condition turned true: an event now, with no NetCon (NEURON calls NET_RECEIVE with no weight vector).
      watch: (mi, k, t, flag) => system().watchEventToSynapse(this.genericReceiverBase[mi] + k, t, flag),
      // FOR_NETCONS: the NetCons into instance k of mechanism mi, each weight vector in turn in the scratch.
      fnc_count: (mi, k) => this.ncInto[mi]?.[k]?.length ?? 0,
      fnc_load: (mi, k, i) => this.fncScratch(mi).set(this.ncArgs[this.ncInto[mi][k][i]]!),
      fnc_store: (mi, k, i) => this.ncArgs[this.ncInto[mi][k][i]]!.set(this.fncScratch(mi)),
    };
  }

  /** The FOR_NETCONS argument scratch of catalogue mechanism mi. */
  private fncScratch(mi: number): Float64Array {
    return new Float64Array(this.mem.buffer, this.at[`g${mi}:fnc`], Math.max(1, this.generic[mi].def.ir?.netReceive?.nargs ?? 1));
  }

  /** NET_RECEIVE's INITIAL for every NetCon into a catalogue mechanism, in creation order (NEURON's init_events); without one, the weight vector's state is zeroed. */
  private initNetCons(): void {
    const ev = this.cell.events;
    ev.netCons.forEach((nc, i) => {
      const args = this.ncArgs[i];
      const t = nc.target;
      if (!args || t?.kind !== 'generic') return;
      args.fill(0);
      args[0] = nc.weight;
      this.netInit[t.mechanism]?.(t.index, i);
    });
  }

  /** What compiled kernels import for scopmath's random functions (kernel-ir.ts RANDOM_FNS), over this engine's stream. */
  private randomImports(): Record<RandomFn, (...a: number[]) => number> {
    const r = this.scop;
    return {
      scop_random: () => r.uniform(),
      normrand: (mean, sd) => r.normrand(mean, sd),
      exprand: (mean) => r.exprand(mean),
      set_seed: (seed) => (r.setSeed(seed), 0),
    };
  }

  /**
   * All the cell's compiled mechanisms and their ions' ion_cur in one module over this memory
   * (node lists and eadvance flags written here; fields are written by the constructor later).
   */
  private kernelModule(
    generic: NonNullable<CompiledCell['generic']>,
    ions: Record<string, IonState>,
    ionNodes: Record<string, Int32Array>,
  ): Record<'initialize' | 'current' | 'state' | 'beforeStep', (t: number, dt: number, celsius: number) => void> {
    const at = this.at;
    const i32 = new Int32Array(this.mem.buffer);
    const f64 = new Float64Array(this.mem.buffer);
    const mechs = generic.map((g, gi) => ({ ir: g.def.ir!, layout: this.kernelLayout(g.def, gi, g.inst.node.length) }));
    const ionLayouts = Object.entries(ionNodes).map(([name, nodes]) => {
      i32.set(nodes, at[`ion.${name}:nodes`] / 4);
      const flags = at[`ion.${name}:eadvance`] / 8;
      for (let k = 0; k < nodes.length; k++) f64[flags + k] = ions[name].style[nodes[k]] & STYLE_EADVANCE ? 1 : 0;
      return { ion: name, charge: ions[name].species.charge ?? 0, count: nodes.length, nodes: at[`ion.${name}:nodes`], eadvance: at[`ion.${name}:eadvance`], ...this.ionAddresses(name) };
    });
    const bytes = compileKernelModule(mechs, ionLayouts);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: this.mem }, math: KERNEL_MATH, event: this.eventImports(), random: this.randomImports() });
    return inst.exports as unknown as Record<'initialize' | 'current' | 'state' | 'beforeStep', (t: number, dt: number, celsius: number) => void>;
  }

  /** Where an ion's per-node arrays are in this memory. */
  private ionAddresses(name: string): Record<(typeof ION_ARRAYS)[number], number> {
    const at = this.at;
    return { e: at[`ion.${name}.e`], ci: at[`ion.${name}.ci`], co: at[`ion.${name}.co`], i: at[`ion.${name}.i`], didv: at[`ion.${name}.didv`] };
  }

  /** Where catalogue mechanism `gi`'s fields, nodes, tables and ions are in this memory (as the constructor laid them out). */
  private kernelLayout(def: MechanismDef, gi: number, count: number): KernelLayout {
    const at = this.at;
    const fields: Record<string, number> = {};
    for (const f of def.fields) fields[f.name] = at[`g${gi}.${f.name}`];
    const ions: Record<string, Record<(typeof ION_ARRAYS)[number], number>> = {};
    for (const use of def.ions) ions[use.ion] = this.ionAddresses(use.ion);
    const tables: Record<string, number> = {};
    for (const t of def.tables ?? []) tables[t.name] = at[`g${gi}#${t.name}`];
    return { count, nodes: at[`g${gi}:node`], fields, v: at.v, rhs: at.rhs, d: at.d, ions, tables, toDensity: at.toDensity, diam: at.diam, area: at.area, args: at[`g${gi}:args`], fncArgs: at[`g${gi}:fnc`] };
  }

  /**
   * A catalogue mechanism's IR compiled to WebAssembly over this engine's memory (its fields,
   * nodes and ions where the constructor laid them out), wrapped as kernels.
   */
  private wasmKernels(def: MechanismDef, gi: number, count: number): MechanismKernels {
    const bytes = compileKernels(def.ir!, this.kernelLayout(def, gi, count), gi);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: this.mem }, math: KERNEL_MATH, event: this.eventImports(), random: this.randomImports() });
    const x = inst.exports as unknown as Record<'initialize' | 'current' | 'state' | 'beforeStep', (t: number, dt: number, celsius: number) => void>;
    this.eventCalls(gi, def, inst.exports as Record<string, (...a: number[]) => void>, '0');
    const watch = (inst.exports as Record<string, ((t: number, dt: number, celsius: number) => void) | undefined>).watch;
    if (watch) this.watchChecks.push((t) => watch(t, this.env.dt, this.env.celsius));
    return {
      initialize: (_m, env) => x.initialize(env.t, env.dt, env.celsius),
      current: (_m, env) => x.current(env.t, env.dt, env.celsius),
      state: (_m, env) => x.state(env.t, env.dt, env.celsius),
      beforeStep: (_m, env) => x.beforeStep(env.t, env.dt, env.celsius),
    };
  }

  /** Every probe's present value into sample `s` of the traces. */
  private recordSample(traces: Record<string, Float64Array>, s: number): void {
    // Every probe has an address in the memory (mechanism fields included).
    const probes = this.cell.probes;
    for (let j = 0; j < probes.length; j++) traces[probes[j].label][s] = this.f64[this.probeAddr[j] / 8];
  }

  /**
   * finitialize's part for the catalogue mechanisms: ions (concentrations and e as their styles
   * say), then INITIAL of each mechanism at v_init.
   */
  private initGeneric(dt: number, celsius: number): void {
    const env = this.env;
    env.t = 0;
    env.dt = dt;
    env.celsius = celsius;
    for (const ion of Object.values(this.ions)) initIon(ion, celsius);
    if (this.compiled) this.compiled.initialize(0, dt, celsius);
    else this.generic.forEach((g, gi) => this.kernels[gi].initialize(g.inst, env));
    this.wroteConcentrations(celsius);
  }

  /** The catalogue mechanisms' currents once at t = 0 on a scratch system, so that assigned values (currents) have their t = 0 values for recording (begin() resets the system after). */
  private genericCurrentsAt0(celsius: number): void {
    const env = this.env;
    if (this.compiled) {
      this.compiled.current(0, env.dt, celsius);
      this.compiled.beforeStep(0, env.dt, celsius); // fixed_record_continuous's BEFORE STEP blocks
      return;
    }
    const n = this.cell.matrix.n;
    const scratch: KernelEnv = { ...env, rhs: new Float64Array(n), d: new Float64Array(n) };
    for (const ion of Object.values(this.ions)) ionCurrentStart(ion, celsius);
    this.generic.forEach((g, gi) => this.kernels[gi].current(g.inst, scratch));
    this.generic.forEach((g, gi) => this.kernels[gi].beforeStep?.(g.inst, env));
  }

  /** NEURON's nrn_wrote_conc after INITIAL: e from Nernst where the ion's style initialises it from the concentrations. */
  private wroteConcentrations(celsius: number): void {
    for (const ion of Object.values(this.ions)) for (let k = 0; k < ion.style.length; k++) if (ion.style[k] & STYLE_EINIT) wroteConcentration(ion, k, celsius);
  }

  /**
   * Steps driven from JavaScript when catalogue mechanisms are present: the same phases as
   * cable.wat's \`run\`, with the mechanisms' kernels in NEURON's places (currents after ion_cur at
   * the midpoint, before the solve; states after it, at the new v).
   */
  private advanceStepwise(it: RunIterator, end: number): void {
    const { f64, env, wasm } = this;
    const dt = it.dt;
    const ions = Object.values(this.ions);
    env.dt = dt;
    env.celsius = it.celsius;
    let t = it.time;
    while (it.step < end) {
      if ((it.step & 63) === 0 && it.aborted) {
        it.done = true;
        throw new CoreError('aborted', `run cancelled at t = ${t.toFixed(3)} ms`, { time: t });
      }
      if (this.events) this.eventStep(it, 1);
      const tPrev = t;
      t += 0.5 * dt;
      env.t = t;
      for (const ion of ions) ionCurrentStart(ion, it.celsius);
      for (let gi = 0; gi < this.generic.length; gi++) this.kernels[gi].current(this.generic[gi].inst, env);
      wasm.currentsAt(t);
      wasm.eliminate();
      const change = wasm.substitute();
      t += 0.5 * dt;
      it.step++;
      it.time = t;
      f64[H.t / 8] = t;
      if (!(change < 1000)) {
        it.done = true;
        this.reportBlowUp(t, tPrev);
      }
      wasm.synStates();
      wasm.hhAdvance(dt);
      env.t = t;
      for (let gi = 0; gi < this.generic.length; gi++) this.kernels[gi].state(this.generic[gi].inst, env);
      if (it.step % it.every === 0) {
        it.t[it.sample] = t;
        this.recordSample(it.traces, it.sample++);
      }
      if (it.step - this.scannedAt >= SCAN_EVERY || it.step >= end) {
        this.scannedAt = it.step;
        this.checkBlowUp(t, it);
      }
    }
  }

  /** ExpSyn and Exp2Syn at rest, with this run's decay factors; Exp2Syn's INITIAL (tau1 clamp, peak factor). */
  private initSynapses(dt: number): void {
    const { f64, cell } = this;
    for (let k = 0; k < cell.expSyn.nodes.length; k++) {
      const o = (this.at.expSyn + 48 * k) / 8;
      f64[o + 2] = 0;
      f64[o + 3] = 0;
      f64[o + 4] = Math.exp(dt * (-1.0 / cell.expSyn.tau[k]));
    }
    for (let k = 0; k < cell.exp2Syn.nodes.length; k++) {
      const o = (this.at.exp2Syn + 80 * k) / 8;
      const tau2 = cell.exp2Syn.tau2[k];
      let tau1 = cell.exp2Syn.tau1[k];
      if (tau1 / tau2 > 0.9999) tau1 = 0.9999 * tau2;
      const tp = ((tau1 * tau2) / (tau2 - tau1)) * Math.log(tau2 / tau1);
      f64[o] = tau1;
      f64[o + 1] = tau2;
      f64[o + 3] = 1 / (-Math.exp(-tp / tau1) + Math.exp(-tp / tau2));
      f64[o + 4] = f64[o + 5] = f64[o + 6] = f64[o + 7] = 0;
      f64[o + 8] = Math.exp(dt * (-1.0 / tau1));
      f64[o + 9] = Math.exp(dt * (-1.0 / tau2));
    }
  }

  /**
   * The static nodes' part of the elimination, done once per run (it depends on dt through d0):
   * their eliminated diagonal, computed as $eliminate would (children in descending order, the
   * same IEEE operations), inverted into d; f = a/d; and f·b, what each step subtracts from a
   * dynamic parent's diagonal (0 under a static parent, whose 1/d already includes it).
   */
  private precomputeStatic(): void {
    const m = this.cell.matrix;
    const n = m.n;
    const st = this.isStatic;
    const dd = Float64Array.from(this.view('d0', n));
    const a = this.view('a', n);
    const b = this.view('b', n);
    const d = this.view('d', n);
    const f = this.view('fStatic', n);
    const fb = this.view('fbStatic', n);
    for (let i = n - 1; i >= m.trees; i--) {
      if (!st[i]) continue;
      const p = m.parent[i];
      const inv = 1 / dd[i];
      const fi = a[i] * inv;
      dd[p] -= fi * b[i];
      d[i] = inv;
      f[i] = fi;
      fb[i] = st[p] ? 0 : fi * b[i];
    }
  }

  private initHh(v_init: number, celsius: number, useTable: boolean): void {
    if (celsius !== this.tableCelsius) {
      this.f64.set(hhRowsWithSlopes(hhTable(celsius)), this.at.hhTable / 8);
      this.tableCelsius = celsius;
    }
    this.i32[H.usetable / 4] = useTable ? 1 : 0;
    this.f64[H.q10 / 8] = hhQ10(celsius);
    const r: Float64Array = useTable ? new Float64Array(6) : hhRatesExact(v_init, celsius);
    if (useTable) hhLookup(hhTable(celsius), v_init, r);
    for (let k = 0; k < this.cell.hh.nodes.length; k++) {
      this.f64[(this.at.hh + hhFieldByte(k, 'm')) / 8] = r[0];
      this.f64[(this.at.hh + hhFieldByte(k, 'h')) / 8] = r[2];
      this.f64[(this.at.hh + hhFieldByte(k, 'n')) / 8] = r[4];
    }
  }

  /** Advance up to `maxSteps` steps. */
  advance(it: RunIterator, maxSteps: number): void {
    const w0 = performance.now();
    const end = Math.min(it.steps, it.step + maxSteps);
    const { f64 } = this;
    const np = this.probeAddr.length;
    const rec = this.at.rec / 8;
    const out = this.cell.probes.map((p) => it.traces[p.label]);
    const rows = recRows(np);
    if (this.generic.length && !this.inWasm) {
      this.advanceStepwise(it, end);
      it.onProgress?.(it.step / it.steps, it.time);
    }
    while (it.step < end) {
      if (it.aborted) {
        it.done = true;
        throw new CoreError('aborted', `run cancelled at t = ${it.time.toFixed(3)} ms`, { time: it.time });
      }
      // Steps per call: the record buffer must hold the samples they produce, and with events
      // a call ends where the event system has work: thresholds are checked and events due by
      // t + dt/2 are delivered before each step (EVENTS.md §0).
      let count = Math.min(end - it.step, rows * it.every - (it.step % it.every));
      if (this.events) count = this.eventStep(it, count);
      const r = this.wasm.run(count, it.dt, it.every, it.step);
      const done = r < 0 ? -r : r;
      // Replay the time accumulation (the same IEEE operations as the wasm loop) for the sample times.
      let row = 0;
      let t = it.time;
      let tPrev = t;
      for (let k = 1; k <= done; k++) {
        tPrev = t;
        t += 0.5 * it.dt;
        t += 0.5 * it.dt;
        if (r < 0 && k === done) break;
        if ((it.step + k) % it.every === 0) {
          const s = it.sample++;
          it.t[s] = t;
          const base = rec + row * np;
          for (let j = 0; j < np; j++) out[j][s] = f64[base + j];
          row++;
        }
      }
      it.step += done;
      it.time = t;
      if (r < 0) {
        it.done = true;
        this.reportBlowUp(t, tPrev);
      }
      if (it.step - this.scannedAt >= SCAN_EVERY || it.step >= end) {
        this.scannedAt = it.step;
        this.checkBlowUp(t, it);
      }
      it.onProgress?.(it.step / it.steps, t);
    }
    if (it.step >= it.steps) {
      it.done = true;
      // The last delivery of continuerun: events up to the final t (artificial cells' spikes).
      this.events?.system.deliver(it.time);
    }
    it.wallMs += performance.now() - w0;
  }

  /**
   * Benchmark aid: time each phase of a step on its own, `steps` times over (ms per phase).
   * It integrates nonsense; call `start` again before a real run.
   */
  profilePhases(steps: number, dt = 0.025): Record<string, number> {
    this.start({ tstop: 0, dt, v_init: -60 });
    const time = (f: () => void) => {
      const t0 = performance.now();
      for (let k = 0; k < steps; k++) f();
      return performance.now() - t0;
    };
    const w = this.wasm;
    const ms: Record<string, number> = {};
    // Elimination alone would keep inverting d; pair it with the substitution (which resets
    // the system) and subtract.
    ms['point processes'] = time(() => w.currentsAt(50));
    const sub = time(() => void w.substitute());
    const pair = time(() => {
      w.eliminate();
      w.substitute();
    });
    ms['axial currents + elimination'] = Math.max(0, pair - sub);
    ms['back-substitution + v update + reset'] = sub;
    // The sweeps alone leave v far from any real state; hh at garbage v would take its slow paths.
    this.start({ tstop: 0, dt, v_init: -60 });
    ms['hh states + currents'] = time(() => w.hhAdvance(dt));
    this.start({ tstop: 0, dt, v_init: -60 });
    return ms;
  }

  finish(it: RunIterator): RunResult {
    const n = it.sample;
    const traces = dict<Float64Array>();
    for (const [k, v] of Object.entries(it.traces)) traces[k] = n === v.length ? v : v.subarray(0, n);
    const res: RunResult = { t: n === it.t.length ? it.t : it.t.subarray(0, n), traces, steps: it.step, wallMs: it.wallMs };
    if (this.events) {
      res.spikes = dict<Float64Array>();
      for (const [label, source] of this.events.labels) res.spikes[label] = Float64Array.from(this.events.system.spikes[source]);
    }
    return res;
  }

  /**
   * Before the next step (from t_n = it.time): check the thresholds on v(t_n) and deliver the
   * events due by t_n + dt/2; then return how many steps may run before the event system
   * needs to act again (1 with threshold detectors, else up to the step an event falls due).
   */
  private eventStep(it: RunIterator, max: number): number {
    const ev = this.events!;
    const cell = this.cell;
    const watchers = cell.events.watchers;
    const t = it.time;
    const dt = it.dt;
    if (watchers.length) {
      const f64 = this.f64;
      const v0 = this.at.v / 8;
      const S = cell.events.netStims.length;
      for (let w = 0; w < watchers.length; w++) {
        if (f64[v0 + watchers[w].node] > watchers[w].threshold) {
          if (ev.armed[w]) {
            ev.armed[w] = 0;
            ev.system.spike(S + w, t + 1e-10);
          }
        } else ev.armed[w] = 1;
      }
    }
    // Then the WATCH conditions (NEURON's check_thresh: PreSyns first, then the watch lists).
    for (const check of this.watchChecks) check(t);
    ev.system.deliver(t + 0.5 * dt);
    if (watchers.length || this.watchChecks.length) return 1;
    const next = ev.system.nextTime();
    let k = 1;
    let tt = t + 0.5 * dt + 0.5 * dt;
    while (k < max && !(next <= tt + 0.5 * dt)) {
      tt = tt + 0.5 * dt + 0.5 * dt;
      k++;
    }
    return k;
  }

  /**
   * The step that ended at t changed some v by NaN, ∞ or ≥ 1000 mV (the wasm loop's check):
   * say when, where it was worst, what is inserted there and the last good values.
   */
  private reportBlowUp(t: number, tPrev: number): never {
    const n = this.cell.matrix.n;
    const dv = this.view('dv', n);
    const v = this.v;
    const membrane = this.cell.matrix.hasMembrane;
    // The worst segment (zero-area nodes only follow their neighbours).
    let worst = -1;
    for (let i = 0; i < n; i++) {
      if (!membrane[i] && worst >= 0) continue;
      if (!Number.isFinite(dv[i])) {
        worst = i;
        if (membrane[i]) break;
      } else if (worst < 0 || !membrane[worst] || Math.abs(dv[i]) > Math.abs(dv[worst])) worst = i;
    }
    // v before the step is v − Δv wherever both are finite (NaN usually spreads through the
    // whole tree in one elimination; then the last scan's range is the best we have).
    let lo = Infinity;
    let hi = -Infinity;
    let all = true;
    for (let i = 0; i < n; i++) {
      const x = v[i] - dv[i];
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      } else all = false;
    }
    const good = all ? { t: tPrev, min: lo, max: hi } : this.lastGood;
    const what = Number.isFinite(dv[worst]) ? `v = ${mv(v[worst])} mV after a change of ${mv(dv[worst])} mV in one step` : `v = ${Number.isNaN(v[worst]) ? 'NaN' : mv(v[worst])}`;
    this.unstable(t, worst, what, good);
  }

  /** Scan every v: NaN, ∞ or beyond ±V_LIMIT stops the run; otherwise remember the range as the last good values. */
  private checkBlowUp(t: number, it: RunIterator): void {
    const v = this.v;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (!(x < V_LIMIT && x > -V_LIMIT)) {
        it.done = true;
        const w = this.worstSegment(v);
        this.unstable(t, w, `v = ${mv(v[w])} mV (beyond ±${V_LIMIT / 1000} V)`, this.lastGood);
      }
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    this.lastGood = { t, min: lo, max: hi };
  }

  /** The segment (membrane node) with a NaN v, else with the largest |v|. */
  private worstSegment(v: Float64Array): number {
    const membrane = this.cell.matrix.hasMembrane;
    let worst = -1;
    for (let i = 0; i < v.length; i++) {
      if (!membrane[i]) continue;
      if (Number.isNaN(v[i])) return i;
      if (worst < 0 || Math.abs(v[i]) > Math.abs(v[worst])) worst = i;
    }
    return worst < 0 ? 0 : worst;
  }

  private unstable(t: number, node: number, what: string, good: { t: number; min: number; max: number }): never {
    const mechs = this.mechanismsAt(node);
    throw new CoreError(
      'numeric',
      `the simulation became unstable at t = ${t.toFixed(3)} ms ${this.cell.describeNode(node)}${mechs ? ` (${mechs})` : ''}: ${what}; ` +
        `last good values at t = ${good.t.toFixed(3)} ms: v between ${mv(good.min)} and ${mv(good.max)} mV. Reduce dt or the conductances (or check radii and currents); no traces are returned`,
      { time: t, section: this.cell.matrix.nodeSection[node] },
    );
  }

  /** "mechanisms hh, pas; point processes IClamp" at a matrix node ('' when nothing is there). */
  private mechanismsAt(i: number): string {
    const c = this.cell;
    const m = c.matrix;
    // Point processes on the zero-area nodes next to a segment (a section's ends) act on it too.
    const near = new Set([i]);
    for (let k = 0; k < m.n; k++) {
      if (m.hasMembrane[k]) continue;
      if (m.parent[k] === i || (m.parent[i] === k && k >= 0)) near.add(k);
    }
    const has = (a: Int32Array) => a.includes(i);
    const hasNear = (a: Int32Array) => a.some((x) => near.has(x));
    const generic = c.generic ?? [];
    const mech = [...(has(c.hh.nodes) ? ['hh'] : []), ...(c.leak.g[i] !== 0 ? ['pas'] : []), ...generic.filter((g) => g.def.kind === 'density' && has(g.inst.node)).map((g) => g.def.name)];
    const pps = (
      [
        ['IClamp', c.iclamp.nodes],
        ['AlphaSynapse', c.alpha.nodes],
        ['ExpSyn', c.expSyn.nodes],
        ['Exp2Syn', c.exp2Syn.nodes],
      ] as const
    )
      .filter(([, nodes]) => hasNear(nodes))
      .map(([name]): string => name)
      .concat(generic.filter((g) => g.def.kind === 'point' && hasNear(g.inst.node)).map((g) => g.def.name));
    const parts = [];
    if (mech.length) parts.push(`mechanisms ${mech.join(', ')}`);
    if (pps.length) parts.push(`point processes ${pps.join(', ')}`);
    return parts.join('; ');
  }
}

let noop: ((t: number, dt: number, celsius: number) => void) | null = null;

/** An empty WebAssembly function (t, dt, celsius): what the solver calls when no compiled mechanism is there (cheaper than calling out to JavaScript every step). */
function noMechanisms(): (t: number, dt: number, celsius: number) => void {
  if (!noop) {
    const mb = new ModuleBuilder();
    mb.func({ params: [F64, F64, F64], results: [], locals: [], code: new Code(), export: 'none' });
    noop = (new WebAssembly.Instance(new WebAssembly.Module(mb.bytes()), { env: { memory: new WebAssembly.Memory({ initial: 0 }) } }).exports as { none: (t: number, dt: number, celsius: number) => void }).none;
  }
  return noop;
}

/**
 * Nodes whose diagonal never changes during a run, nor that of any node below them: no hh,
 * synapse, catalogue mechanism or ion there or in their subtree (IClamp only adds to rhs). Roots
 * are never static (cable.wat divides at them). Needs Hines order (parent < child).
 */
function staticNodes(cell: CompiledCell, ionNodes: Record<string, Int32Array>): Uint8Array {
  const m = cell.matrix;
  const n = m.n;
  const dynamic = new Uint8Array(n);
  const mark = (nodes: ArrayLike<number>) => {
    for (let k = 0; k < nodes.length; k++) if (nodes[k] >= 0 && nodes[k] < n) dynamic[nodes[k]] = 1;
  };
  for (const pp of [cell.hh, cell.alpha, cell.expSyn, cell.exp2Syn]) mark(pp.nodes);
  for (const g of cell.generic ?? []) mark(g.inst.node);
  for (const nodes of Object.values(ionNodes)) mark(nodes);
  for (let i = 0; i < m.trees; i++) dynamic[i] = 1;
  for (let i = n - 1; i >= m.trees; i--) if (dynamic[i]) dynamic[m.parent[i]] = 1;
  return dynamic.map((x) => 1 - x);
}

/**
 * [nd, nr] when the nodes come as dynamic [0, nd), static under a dynamic parent [nd, nr),
 * static under a static parent [nr, n); null otherwise.
 */
function staticRanges(isStatic: Uint8Array, parent: Int32Array): [number, number] | null {
  const n = isStatic.length;
  let prev = 0;
  const ends = [n, n];
  for (let i = 0; i < n; i++) {
    const rank = isStatic[i] ? (isStatic[parent[i]] ? 2 : 1) : 0;
    if (rank < prev) return null;
    for (let r = prev; r < rank; r++) ends[r] = i;
    prev = rank;
  }
  return [ends[0], ends[1]];
}

/** Per ion, the nodes where mechanisms use it (sorted, each once). */
function ionNodesOf(generic: NonNullable<CompiledCell['generic']>, ions: Record<string, IonState>): Record<string, Int32Array> {
  const out: Record<string, Int32Array> = {};
  for (const name of Object.keys(ions)) {
    const set = new Set<number>();
    for (const g of generic) if (g.def.ions.some((u) => u.ion === name)) for (const node of g.inst.node) set.add(node);
    out[name] = Int32Array.from([...set].sort((a, b) => a - b));
  }
  return out;
}

/** The per-node arrays of an ion that live in the engine's memory. */
const ION_ARRAYS = ['e', 'ci', 'co', 'i', 'didv'] as const;

/** A voltage for messages: one decimal in the physiological range, else 3 significant digits. */
function mv(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+∞' : '−∞';
  return Math.abs(x) < 1e4 ? x.toFixed(1) : x.toExponential(2);
}

/**
 * Every number of a compiled cell that reaches the integrator must be finite (and areas
 * positive): a NaN parameter would otherwise show up only as NaN voltages steps later.
 */
function checkCellNumbers(cell: CompiledCell): void {
  const m = cell.matrix;
  const where = (i: number) => cell.describeNode(i);
  for (let i = 0; i < m.n; i++) {
    if (!(m.area[i] > 0) || !Number.isFinite(m.area[i])) throw new CoreError('model', `the membrane area ${where(i)} is ${m.area[i]} µm²; check the radii there`, { section: m.nodeSection[i] });
    if (m.parent[i] >= 0 && !(Number.isFinite(m.rinv[i]) && m.rinv[i] > 0)) {
      throw new CoreError('model', `the axial conductance ${where(i)} is ${m.rinv[i]} µS; check the radii and Ra there`, { section: m.nodeSection[i] });
    }
    for (const [name, a] of [['cm', cell.cm], ['pas g', cell.leak.g], ['pas e', cell.leak.e]] as const) {
      if (!Number.isFinite(a[i])) throw new CoreError('model', `${name} ${where(i)} is ${a[i]}; it must be a number`, { section: m.nodeSection[i] });
    }
  }
  const groups: Array<[string, { nodes: Int32Array }, string[]]> = [
    ['hh', cell.hh, ['gnabar', 'gkbar', 'gl', 'el', 'ena', 'ek']],
    ['IClamp', cell.iclamp, ['del', 'dur', 'amp']],
    ['AlphaSynapse', cell.alpha, ['onset', 'tau', 'gmax', 'e']],
    ['ExpSyn', cell.expSyn, ['tau', 'e']],
    ['Exp2Syn', cell.exp2Syn, ['tau1', 'tau2', 'e']],
  ];
  for (const [kind, inst, fields] of groups) {
    const cols = inst as unknown as Record<string, Float64Array>;
    for (const f of fields) {
      const a = cols[f];
      for (let k = 0; k < a.length; k++) {
        if (!Number.isFinite(a[k])) throw new CoreError('model', `${kind} ${f} ${where(inst.nodes[k])} is ${a[k]}; it must be a number`, { section: m.nodeSection[inst.nodes[k]] });
      }
    }
  }
}

/** The state of a run in progress (see CableEngine.start / advance / finish). */
export interface RunIterator {
  opts: RunOptions;
  dt: number;
  celsius: number;
  steps: number;
  every: number;
  step: number;
  time: number;
  sample: number;
  t: Float64Array;
  traces: Record<string, Float64Array>;
  done: boolean;
  wallMs: number;
  /** The run's signal has fired (set by its listener; see start). */
  aborted: boolean;
  onProgress: RunOptions['onProgress'];
  /** Remove the abort listener (when the run ends, however it ends). */
  release: () => void;
}
