/**
 * Kernels as data: a mechanism's INITIAL, current and state code as a small tree over f64
 * (its own fields, locals, v and ion values at its node, dt, celsius, t), compiled to
 * WebAssembly that runs over all instances in the engine's memory. The NMODL compiler lowers a
 * checked .mod file to this; hand-written mechanisms may use it directly. Every instruction
 * comes from the tree's node kinds and numbers: names only select addresses and locals.
 */
import { Code, F64, I32, ModuleBuilder, OP, VOID, type FuncDef, type ValType } from '../wasm/encoder.ts';

export type KExpr =
  | { k: 'num'; v: number }
  | { k: 'field'; name: string }
  | { k: 'local'; name: string }
  /** Membrane potential at the instance's node (mV). */
  | { k: 'v' }
  /** 1e2/area of the instance's node (µm²): a point process's nA to the node's mA/cm². */
  | { k: 'toDensity' }
  /** The segment's diameter (µm) and membrane area (µm²): NMODL's diam and area. */
  | { k: 'diam' }
  | { k: 'area' }
  /** An ion's value at the instance's node (e mV, ci/co mM, i the current summed so far, mA/cm²). */
  | { k: 'ion'; ion: string; array: 'e' | 'ci' | 'co' | 'i' }
  | { k: 'dt' }
  | { k: 'celsius' }
  | { k: 't' }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: KExpr; b: KExpr }
  | { k: 'neg'; a: KExpr }
  | { k: 'call'; fn: MathFn; args: KExpr[] }
  | { k: 'cmp'; op: '<' | '>' | '<=' | '>=' | '==' | '!='; a: KExpr; b: KExpr }
  | { k: 'cond'; c: KExpr; a: KExpr; b: KExpr }
  /** Entry `index` (a whole number as f64) of one of the mechanism's tables. */
  | { k: 'tableAt'; table: string; index: KExpr }
  /**
   * Argument `j` of NET_RECEIVE: entry j of the delivering NetCon's weight vector (weight, then
   * per-NetCon state); with `fnc`, of the NetCon a FOR_NETCONS loop is at.
   */
  | { k: 'arg'; j: number; fnc?: boolean };

export type KStmt =
  | { k: 'let'; name: string; e: KExpr }
  | { k: 'store'; field: string; e: KExpr }
  /** Add to the step's system at the instance's node: rhs (mA/cm²) or d (S/cm²). */
  | { k: 'addNode'; array: 'rhs' | 'd'; e: KExpr }
  /** Add to an ion's summed current (mA/cm²) or its slope (S/cm²) at the node. */
  | { k: 'addIon'; ion: string; array: 'i' | 'didv'; e: KExpr }
  /** Set an ion's value at the node (a concentration a mechanism writes, or e). */
  | { k: 'setIon'; ion: string; array: 'e' | 'ci' | 'co' | 'i' | 'didv'; e: KExpr }
  | { k: 'if'; c: KExpr; then: KStmt[]; else?: KStmt[] }
  /** Run `body` `count` times with the f64 local `counter` = 0, 1, …, count − 1. */
  | { k: 'for'; counter: string; count: number; body: KStmt[] }
  /** Run `body` while `c` is true (nonzero), `pre` run before each test of `c` (its inlined calls); more than WHILE_LIMIT rounds traps (a loop that never ends stops the run instead of the page). */
  | { k: 'while'; pre?: KStmt[]; c: KExpr; body: KStmt[] }
  /** Set entry `index` of one of the mechanism's tables. */
  | { k: 'storeTable'; table: string; index: KExpr; e: KExpr }
  /** NMODL's net_send(delay, flag): an event to this instance's NET_RECEIVE at t + delay (host import event.net_send). */
  | { k: 'netSend'; delay: KExpr; flag: KExpr }
  /** NMODL's net_event(time): the instance fires; its NetCons deliver after their delays (host import event.net_event). */
  | { k: 'netEvent'; time: KExpr }
  /** NMODL's net_move(time): re-time the instance's pending flag-1 self-event (host import event.net_move). */
  | { k: 'netMove'; time: KExpr }
  /** Set argument `j` of NET_RECEIVE (per-NetCon state, kept in the NetCon's weight vector); with `fnc`, of FOR_NETCONS's NetCon. */
  | { k: 'setArg'; j: number; e: KExpr; fnc?: boolean }
  /** FOR_NETCONS: `body` once per NetCon into this instance (creation order), its weight vector as the `fnc` arguments. */
  | { k: 'forNetCons'; counter: string; body: KStmt[] }
  /** A WATCH condition became true: an event with `flag` to this instance now (host import event.watch). */
  | { k: 'watchFire'; flag: KExpr }
  /** A draw from NEURON's scop_random stream (host import random.<fn>) into the f64 local `name`; statements keep the draws in order. */
  | { k: 'random'; name: string; fn: RandomFn; args: KExpr[] };

/** Rounds after which a `while` loop traps: far beyond any real iteration (NMODL files use while for short searches). */
export const WHILE_LIMIT = 1e8;

/** Math functions a kernel may call (imported from the host). */
export const MATH_FNS = { exp: 1, log: 1, log10: 1, pow: 2, sin: 1, cos: 1, tanh: 1, fabs: 1, sqrt: 1, floor: 1 } as const;
export type MathFn = keyof typeof MATH_FNS;

/**
 * scopmath's functions of NEURON's process-wide scop_random stream, by their argument counts:
 * scop_random(), normrand(mean, sd), exprand(mean), set_seed(seed) (its value 0). The host owns
 * the stream (src/core/events/random.ts LegacyStream).
 */
export const RANDOM_FNS = { scop_random: 0, normrand: 2, exprand: 1, set_seed: 1 } as const;
export type RandomFn = keyof typeof RANDOM_FNS;

/**
 * Where NEURON's fixed step runs NMODL's BEFORE/AFTER blocks (nrn_ba, fadvance.cpp and
 * treeset.cpp of 8.2.2), each over every instance of every mechanism that has one, at v of the
 * node: BEFORE INITIAL before any INITIAL and AFTER INITIAL after them all (t = 0); BEFORE
 * BREAKPOINT before any current (t at the step's midpoint); AFTER SOLVE after every state update
 * and BEFORE STEP after it, just before the step's values are recorded (t at the step's end; also
 * once in finitialize, after the t = 0 currents).
 */
export type BAPoint = 'beforeInitial' | 'afterInitial' | 'beforeBreakpoint' | 'afterSolve' | 'beforeStep';
export const BA_POINTS: readonly BAPoint[] = ['beforeInitial', 'afterInitial', 'beforeBreakpoint', 'afterSolve', 'beforeStep'];

export interface KernelIR {
  /** Run once (over the first instance) before `initialize`: fills the tables (NMODL's TABLE). */
  tables?: KStmt[];
  initialize: KStmt[];
  current: KStmt[];
  state: KStmt[];
  /**
   * NET_RECEIVE: `nargs` arguments (read and written with arg/setArg: the delivering NetCon's
   * weight vector, in the layout's `args` scratch), `flag` the name of the local holding the
   * event's flag; `init` is its INITIAL block (run for each NetCon at finitialize).
   */
  netReceive?: { nargs: number; flag: string; body: KStmt[]; init?: KStmt[] };
  /** WATCH: checked over every instance after each step where NEURON checks thresholds (it fires watchFire on a rising condition). */
  watch?: KStmt[];
  /** BEFORE/AFTER blocks (see BAPoint), each mechanism's in source order. */
  ba?: Partial<Record<BAPoint, KStmt[]>>;
}

/** Where things are in the engine's memory (byte addresses). */
export interface KernelLayout {
  count: number;
  /** Node index per instance (i32). */
  nodes: number;
  fields: Readonly<Record<string, number>>;
  v: number;
  rhs: number;
  d: number;
  ions: Readonly<Record<string, Readonly<Record<'e' | 'ci' | 'co' | 'i' | 'didv', number>>>>;
  /** The mechanism's tables (f64 arrays shared by its instances). */
  tables?: Readonly<Record<string, number>>;
  /** 1e2/area per node (point processes). */
  toDensity?: number;
  /** Segment diameter and area per node. */
  diam?: number;
  area?: number;
  /** NET_RECEIVE's arguments (f64 each): the engine copies a NetCon's weight vector here around each event. */
  args?: number;
  /** FOR_NETCONS's arguments (f64 each): the engine copies each NetCon's weight vector here in turn. */
  fncArgs?: number;
}

/** The kernels of one mechanism as WebAssembly exports `initialize`, `current`, `state`, `beforeStep`, each (t, dt, celsius). */
export function compileKernels(ir: KernelIR, layout: KernelLayout, index?: number): Uint8Array<ArrayBuffer> {
  return compileKernelModule([{ ir, layout, index }], []);
}

/**
 * An ion on the nodes where mechanisms use it, for NEURON's ion_cur at the start of each
 * current evaluation: its summed current and slope reset, and e from Nernst where `eadvance`
 * (one f64 flag per listed node, 1 or 0) says the concentrations are states.
 */
export interface IonLayout {
  ion: string;
  charge: number;
  count: number;
  /** Node index per entry (i32). */
  nodes: number;
  /** f64 per entry: 1 where e follows Nernst at every step. */
  eadvance: number;
  e: number;
  ci: number;
  co: number;
  i: number;
  didv: number;
}

/** ion_cur as IR over the ion's nodes: i = didv = 0, and e = Nernst(ci, co) where eadvance (NEURON's nrn_nernst with its edge cases). */
function ionCurIR(ion: IonLayout): KStmt[] {
  const I = (array: 'e' | 'ci' | 'co'): KExpr => ({ k: 'ion', ion: ion.ion, array });
  // ktf = 1000·R·(celsius + 273.15)/F, with the CODATA 2018 constants NEURON 8.2 uses (ions.ts).
  const R = 1.380649e-23 * 6.02214076e23;
  const F = 1.602176634e-19 * 6.02214076e23;
  const ktf: KExpr = { k: 'bin', op: '/', a: { k: 'bin', op: '*', a: { k: 'bin', op: '*', a: { k: 'num', v: 1000 }, b: { k: 'num', v: R } }, b: { k: 'bin', op: '+', a: { k: 'celsius' }, b: { k: 'num', v: 273.15 } } }, b: { k: 'num', v: F } };
  const nernst: KExpr =
    ion.charge === 0
      ? { k: 'num', v: 0 }
      : {
          k: 'cond',
          c: { k: 'cmp', op: '<=', a: I('ci'), b: { k: 'num', v: 0 } },
          a: { k: 'num', v: 1e6 },
          b: {
            k: 'cond',
            c: { k: 'cmp', op: '<=', a: I('co'), b: { k: 'num', v: 0 } },
            a: { k: 'num', v: -1e6 },
            b: { k: 'bin', op: '*', a: { k: 'bin', op: '/', a: ktf, b: { k: 'num', v: ion.charge } }, b: { k: 'call', fn: 'log', args: [{ k: 'bin', op: '/', a: I('co'), b: I('ci') }] } },
          },
        };
  return [
    { k: 'setIon', ion: ion.ion, array: 'i', e: { k: 'num', v: 0 } },
    { k: 'setIon', ion: ion.ion, array: 'didv', e: { k: 'num', v: 0 } },
    { k: 'if', c: { k: 'field', name: 'eadvance' }, then: [{ k: 'setIon', ion: ion.ion, array: 'e', e: nernst }] },
  ];
}

/**
 * One module for all the compiled mechanisms of a cell and their ions, exporting
 * `initialize` (BEFORE INITIAL blocks, each mechanism's tables and INITIAL, AFTER INITIAL
 * blocks), `current` (BEFORE BREAKPOINT blocks, ion_cur of every ion, then each mechanism's
 * currents), `state` (each mechanism's SOLVEs, then AFTER SOLVE and BEFORE STEP blocks) and
 * `beforeStep` (BEFORE STEP blocks alone, for finitialize), each (t, dt, celsius): what the
 * solver's step calls (cable.wat imports mechCurrent/mechState).
 */
export function compileKernelModule(mechs: ReadonlyArray<{ ir: KernelIR; layout: KernelLayout; index?: number }>, ions: readonly IonLayout[]): Uint8Array<ArrayBuffer> {
  const mb = new ModuleBuilder();
  const fnIndex = new Map<MathFn | RandomFn, number>();
  const used = new Set<MathFn>(ions.length ? ['log'] : []);
  const usedRandom = new Set<RandomFn>();
  let usesEvents = false;
  const scan = (e: KExpr): void => {
    if (e.k === 'call') {
      used.add(e.fn);
      e.args.forEach(scan);
    } else if (e.k === 'bin' || e.k === 'cmp') {
      scan(e.a);
      scan(e.b);
    } else if (e.k === 'neg') scan(e.a);
    else if (e.k === 'cond') {
      scan(e.c);
      scan(e.a);
      scan(e.b);
    } else if (e.k === 'tableAt') scan(e.index);
  };
  const scanS = (ss: KStmt[]): void => {
    for (const s of ss) {
      if (s.k === 'if') {
        scan(s.c);
        scanS(s.then);
        scanS(s.else ?? []);
      } else if (s.k === 'for') scanS(s.body);
      else if (s.k === 'while') {
        scanS(s.pre ?? []);
        scan(s.c);
        scanS(s.body);
      } else if (s.k === 'forNetCons') {
        usesEvents = true;
        scanS(s.body);
      } else if (s.k === 'watchFire') {
        usesEvents = true;
        scan(s.flag);
      }
      else if (s.k === 'storeTable') {
        scan(s.index);
        scan(s.e);
      } else if (s.k === 'netSend') {
        usesEvents = true;
        scan(s.delay);
        scan(s.flag);
      } else if (s.k === 'netEvent' || s.k === 'netMove') {
        usesEvents = true;
        scan(s.time);
      } else if (s.k === 'random') {
        usedRandom.add(s.fn);
        s.args.forEach(scan);
      } else scan(s.e);
    }
  };
  for (const m of mechs) for (const body of [m.ir.tables ?? [], m.ir.initialize, m.ir.current, m.ir.state, m.ir.netReceive?.body ?? [], m.ir.netReceive?.init ?? [], m.ir.watch ?? [], ...Object.values(m.ir.ba ?? {})]) scanS(body);
  for (const fn of [...used].sort()) fnIndex.set(fn, mb.importFunc('math', fn, MATH_FNS[fn] === 2 ? [F64, F64] : [F64], [F64]));
  for (const fn of [...usedRandom].sort()) fnIndex.set(fn, mb.importFunc('random', fn, Array.from({ length: RANDOM_FNS[fn] }, () => F64), [F64]));
  // The host's event system: net_send(mechanism, instance, time, flag, netcon), net_event(mechanism, instance, time), net_move(mechanism, instance, time).
  const events: EventImports | undefined = usesEvents
    ? {
        send: mb.importFunc('event', 'net_send', [F64, F64, F64, F64, F64], []),
        event: mb.importFunc('event', 'net_event', [F64, F64, F64], []),
        move: mb.importFunc('event', 'net_move', [F64, F64, F64], []),
        watch: mb.importFunc('event', 'watch', [F64, F64, F64, F64], []),
        fncCount: mb.importFunc('event', 'fnc_count', [F64, F64], [F64]),
        fncLoad: mb.importFunc('event', 'fnc_load', [F64, F64, F64], []),
        fncStore: mb.importFunc('event', 'fnc_store', [F64, F64, F64], []),
        mechanism: 0,
      }
    : undefined;
  const calls: Record<'initialize' | 'current' | 'state' | 'beforeStep' | 'watch', number[]> = { initialize: [], current: [], state: [], beforeStep: [], watch: [] };
  // The BEFORE/AFTER blocks of every mechanism at one point, in mechanism order (nrn_ba's list).
  const ba = (point: BAPoint): number[] =>
    mechs.flatMap((m, mi) => {
      const body = m.ir.ba?.[point];
      return body?.length ? [mb.func(kernelFunc(`${point} ${mi}`, body, m.layout, fnIndex, undefined, events && { ...events, mechanism: m.index ?? mi }))] : [];
    });
  calls.initialize.push(...ba('beforeInitial'));
  calls.current.push(...ba('beforeBreakpoint'));
  for (const ion of ions) {
    const layout: KernelLayout = { count: ion.count, nodes: ion.nodes, fields: { eadvance: ion.eadvance }, v: 0, rhs: 0, d: 0, ions: { [ion.ion]: { e: ion.e, ci: ion.ci, co: ion.co, i: ion.i, didv: ion.didv } } };
    calls.current.push(mb.func(kernelFunc(`ion_cur ${ion.ion}`, ionCurIR(ion), layout, fnIndex)));
  }
  mechs.forEach((m, mi) => {
    const send = events && { ...events, mechanism: m.index ?? mi };
    // Tables first: over the first instance only (NMODL tables are shared by all instances).
    if (m.ir.tables?.length) calls.initialize.push(mb.func(kernelFunc('tables', m.ir.tables, { ...m.layout, count: Math.min(1, m.layout.count) }, fnIndex)));
    for (const name of ['initialize', 'current', 'state'] as const) calls[name].push(mb.func(kernelFunc(name, m.ir[name], m.layout, fnIndex, undefined, send)));
    if (m.ir.watch?.length) calls.watch.push(mb.func(kernelFunc('watch', m.ir.watch, m.layout, fnIndex, undefined, send)));
  });
  calls.initialize.push(...ba('afterInitial'));
  calls.state.push(...ba('afterSolve'));
  calls.beforeStep.push(...ba('beforeStep'));
  calls.state.push(...calls.beforeStep);
  // `watch` only where some mechanism WATCHes (the engine then checks after every step).
  for (const name of ['initialize', 'current', 'state', 'beforeStep', 'watch'] as const) {
    if (name === 'watch' && !calls.watch.length) continue;
    const c = new Code();
    for (const f of calls[name]) c.get(P_T).get(P_DT).get(P_CELSIUS).call(f);
    mb.func({ params: [F64, F64, F64], results: [], locals: [], code: c, export: name });
  }
  // NET_RECEIVE of mechanism i as export netReceive<i>(t, dt, celsius, instance, netcon, flag),
  // its arguments in the layout's args scratch; its INITIAL as netInit<i>(t, dt, celsius, instance, netcon, 0).
  mechs.forEach((m, i) => {
    const nr = m.ir.netReceive;
    if (!nr) return;
    const send = events && { ...events, mechanism: m.index ?? i };
    mb.func({ ...kernelFunc(`NET_RECEIVE ${i}`, nr.body, m.layout, fnIndex, nr.flag, send), export: `netReceive${i}` });
    if (nr.init) mb.func({ ...kernelFunc(`NET_RECEIVE INITIAL ${i}`, nr.init, m.layout, fnIndex, nr.flag, send), export: `netInit${i}` });
  });
  return mb.bytes();
}

/** Function indices of the event imports, and the mechanism number the kernels pass to them. */
interface EventImports {
  send: number;
  event: number;
  move: number;
  watch: number;
  fncCount: number;
  fncLoad: number;
  fncStore: number;
  mechanism: number;
}

// Locals of a kernel function: params t, dt, celsius (0–2) [an event kernel: then the instance,
// the delivering NetCon (−1 for none) and the flag], then k, k8, node8 (i32), then named f64s.
const P_T = 0;
const P_DT = 1;
const P_CELSIUS = 2;
const P_NETCON = 4;

/**
 * One kernel: over every instance (a loop), or, for an event (`flag`: the name of the local
 * holding its flag), over the one instance given as its fourth parameter.
 */
function kernelFunc(name: string, body: KStmt[], L: KernelLayout, fns: Map<MathFn | RandomFn, number>, flag?: string, send?: EventImports): FuncDef {
  const c = new Code();
  const named = new Map<string, number>();
  const nParams = flag !== undefined ? 6 : 3;
  const L_K = nParams;
  const L_K8 = nParams + 1;
  const L_NODE8 = nParams + 2;
  if (flag !== undefined) named.set(flag, 5);
  const argAt = (j: number, fnc?: boolean): number => {
    const base = fnc ? L.fncArgs : L.args;
    if (base === undefined || flag === undefined) throw new Error(`kernel ${name}: NET_RECEIVE arguments outside NET_RECEIVE`);
    return base + 8 * j;
  };
  const instance = (): void => {
    if (!send) throw new Error(`kernel ${name}: an event statement without the event imports`);
    c.f64(send.mechanism).get(L_K).op(OP.f64_convert_i32_s);
  };
  const locals: ValType[] = [I32, I32, I32];
  const localOf = (n: string, create: boolean): number => {
    let i = named.get(n);
    if (i === undefined) {
      if (!create) throw new Error(`kernel ${name}: local "${n}" is read before it is set`);
      i = nParams + locals.length;
      locals.push(F64);
      named.set(n, i);
    }
    return i;
  };
  const field = (n: string): number => {
    const a = L.fields[n];
    if (a === undefined) throw new Error(`kernel ${name}: no field "${n}"`);
    return a;
  };
  const table = (n: string): number => {
    const a = L.tables?.[n];
    if (a === undefined) throw new Error(`kernel ${name}: no table "${n}"`);
    return a;
  };
  /** Leave 8·(i32)index on the stack (the table's base goes in the memarg offset). */
  const tableIndex = (index: KExpr): void => {
    expr(index);
    c.op(OP.i32_trunc_f64_s).i32(3).op(OP.i32_shl);
  };
  const ion = (n: string, a: 'e' | 'ci' | 'co' | 'i' | 'didv'): number => {
    const x = L.ions[n];
    if (!x) throw new Error(`kernel ${name}: no ion "${n}"`);
    return x[a];
  };
  const expr = (e: KExpr): void => {
    switch (e.k) {
      case 'num':
        c.f64(e.v);
        return;
      case 'field':
        c.get(L_K8).loadF64(field(e.name));
        return;
      case 'local':
        c.get(localOf(e.name, false));
        return;
      case 'v':
        c.get(L_NODE8).loadF64(L.v);
        return;
      case 'toDensity':
      case 'diam':
      case 'area': {
        const a = L[e.k];
        if (a === undefined) throw new Error(`kernel ${name}: no ${e.k} array`);
        c.get(L_NODE8).loadF64(a);
        return;
      }
      case 'ion':
        c.get(L_NODE8).loadF64(ion(e.ion, e.array));
        return;
      case 'dt':
        c.get(P_DT);
        return;
      case 'celsius':
        c.get(P_CELSIUS);
        return;
      case 't':
        c.get(P_T);
        return;
      case 'bin':
        expr(e.a);
        expr(e.b);
        c.op({ '+': OP.f64_add, '-': OP.f64_sub, '*': OP.f64_mul, '/': OP.f64_div }[e.op]);
        return;
      case 'neg':
        expr(e.a);
        c.op(OP.f64_neg);
        return;
      case 'call':
        if (e.args.length !== MATH_FNS[e.fn]) throw new Error(`kernel ${name}: ${e.fn} takes ${MATH_FNS[e.fn]} argument(s)`);
        for (const a of e.args) expr(a);
        {
          const f = fns.get(e.fn);
          if (f === undefined) throw new Error(`kernel ${name}: ${e.fn} was not imported`);
          c.call(f);
        }
        return;
      case 'cmp':
        expr(e.a);
        expr(e.b);
        c.op({ '<': OP.f64_lt, '>': OP.f64_gt, '<=': OP.f64_le, '>=': OP.f64_ge, '==': OP.f64_eq, '!=': OP.f64_ne }[e.op]);
        return;
      case 'tableAt':
        tableIndex(e.index);
        c.loadF64(table(e.table));
        return;
      case 'arg':
        c.i32(0).loadF64(argAt(e.j, e.fnc));
        return;
      case 'cond':
        // Both arms are evaluated only when taken (NMODL's if in expressions has side-effect-free arms; an if keeps NaN-producing arms unevaluated).
        cond(e.c);
        c.op(OP.if, F64);
        expr(e.a);
        c.op(OP.else);
        expr(e.b);
        c.op(OP.end);
        return;
    }
  };
  /** A condition as i32: a comparison, or any value ≠ 0. */
  const cond = (e: KExpr): void => {
    if (e.k === 'cmp') {
      expr(e);
      return;
    }
    expr(e);
    c.f64(0).op(OP.f64_ne);
  };
  const stmts = (ss: KStmt[]): void => {
    for (const s of ss) {
      switch (s.k) {
        case 'let': {
          expr(s.e);
          c.set(localOf(s.name, true));
          break;
        }
        case 'store':
          c.get(L_K8);
          expr(s.e);
          c.storeF64(field(s.field));
          break;
        case 'addNode': {
          const base = s.array === 'rhs' ? L.rhs : L.d;
          c.get(L_NODE8).get(L_NODE8).loadF64(base);
          expr(s.e);
          c.op(OP.f64_add).storeF64(base);
          break;
        }
        case 'addIon': {
          const base = ion(s.ion, s.array);
          c.get(L_NODE8).get(L_NODE8).loadF64(base);
          expr(s.e);
          c.op(OP.f64_add).storeF64(base);
          break;
        }
        case 'setIon':
          c.get(L_NODE8);
          expr(s.e);
          c.storeF64(ion(s.ion, s.array));
          break;
        case 'if':
          cond(s.c);
          c.op(OP.if, VOID);
          stmts(s.then);
          if (s.else?.length) {
            c.op(OP.else);
            stmts(s.else);
          }
          c.op(OP.end);
          break;
        case 'for': {
          const i = localOf(s.counter, true);
          c.f64(0).set(i);
          c.op(OP.block, VOID).op(OP.loop, VOID);
          c.get(i).f64(s.count).op(OP.f64_ge).op(OP.br_if).u32(1);
          stmts(s.body);
          c.get(i).f64(1).op(OP.f64_add).set(i);
          c.op(OP.br).u32(0);
          c.op(OP.end).op(OP.end);
          break;
        }
        case 'while': {
          // An i32 round counter in a fresh f64 local (no i32 locals are named): trap past the limit.
          const n = localOf(`_while${c.bytes.length}`, true);
          c.f64(0).set(n);
          c.op(OP.block, VOID).op(OP.loop, VOID);
          stmts(s.pre ?? []);
          cond(s.c);
          c.op(OP.i32_eqz).op(OP.br_if).u32(1);
          c.get(n).f64(1).op(OP.f64_add).set(n);
          c.get(n).f64(WHILE_LIMIT).op(OP.f64_gt).op(OP.if, VOID).op(OP.unreachable).op(OP.end);
          stmts(s.body);
          c.op(OP.br).u32(0);
          c.op(OP.end).op(OP.end);
          break;
        }
        case 'storeTable':
          tableIndex(s.index);
          expr(s.e);
          c.storeF64(table(s.table));
          break;
        case 'random': {
          if (s.args.length !== RANDOM_FNS[s.fn]) throw new Error(`kernel ${name}: ${s.fn} takes ${RANDOM_FNS[s.fn]} argument(s)`);
          const f = fns.get(s.fn);
          if (f === undefined) throw new Error(`kernel ${name}: ${s.fn} was not imported`);
          for (const a of s.args) expr(a);
          c.call(f).set(localOf(s.name, true));
          break;
        }
        case 'netSend':
          if (!send) throw new Error(`kernel ${name}: net_send without an event import`);
          c.f64(send.mechanism).get(L_K).op(OP.f64_convert_i32_s);
          c.get(P_T);
          expr(s.delay);
          c.op(OP.f64_add);
          expr(s.flag);
          // The NetCon whose event runs this NET_RECEIVE travels with the self-event (its weight vector is the arguments again).
          if (flag !== undefined) c.get(P_NETCON);
          else c.f64(-1);
          c.call(send.send);
          break;
        case 'netEvent':
        case 'netMove':
          if (!send) throw new Error(`kernel ${name}: ${s.k === 'netEvent' ? 'net_event' : 'net_move'} without an event import`);
          c.f64(send.mechanism).get(L_K).op(OP.f64_convert_i32_s);
          expr(s.time);
          c.call(s.k === 'netEvent' ? send.event : send.move);
          break;
        case 'setArg':
          c.i32(0);
          expr(s.e);
          c.storeF64(argAt(s.j, s.fnc));
          break;
        case 'watchFire':
          instance();
          c.get(P_T);
          expr(s.flag);
          c.call(send!.watch);
          break;
        case 'forNetCons': {
          // for (i = 0; i < count; i++) { load NetCon i's vector; body; store it back }
          const i = localOf(s.counter, true);
          const count = localOf(`${s.counter}_n`, true);
          instance();
          c.call(send!.fncCount).set(count);
          c.f64(0).set(i);
          c.op(OP.block, VOID).op(OP.loop, VOID);
          c.get(i).get(count).op(OP.f64_ge).op(OP.br_if).u32(1);
          instance();
          c.get(i).call(send!.fncLoad);
          stmts(s.body);
          instance();
          c.get(i).call(send!.fncStore);
          c.get(i).f64(1).op(OP.f64_add).set(i);
          c.op(OP.br).u32(0);
          c.op(OP.end).op(OP.end);
          break;
        }
      }
    }
  };
  if (flag !== undefined) {
    // The instance given: k = param 3; k8 = 8k; node8 = 8·nodes[k]; body.
    c.get(3).op(OP.i32_trunc_f64_s).set(L_K);
    c.get(L_K).i32(3).op(OP.i32_shl).set(L_K8);
    c.get(L_K).i32(2).op(OP.i32_shl).loadI32(L.nodes).i32(3).op(OP.i32_shl).set(L_NODE8);
    stmts(body);
    return { params: Array.from({ length: nParams }, () => F64), results: [], locals, code: c };
  }
  // for (k = 0; k < count; k++) { k8 = 8k; node8 = 8·nodes[k]; body }
  c.op(OP.block, VOID).op(OP.loop, VOID);
  c.get(L_K).i32(L.count).op(OP.i32_ge_s).op(OP.br_if).u32(1);
  c.get(L_K).i32(3).op(OP.i32_shl).set(L_K8);
  c.get(L_K).i32(2).op(OP.i32_shl).loadI32(L.nodes).i32(3).op(OP.i32_shl).set(L_NODE8);
  stmts(body);
  c.get(L_K).i32(1).op(OP.i32_add).set(L_K);
  c.op(OP.br).u32(0);
  c.op(OP.end).op(OP.end);
  return { params: [F64, F64, F64], results: [], locals, code: c };
}

/** The host functions the kernels import (NEURON's libm semantics where JavaScript has them). */
export const KERNEL_MATH: Readonly<Record<MathFn, (...x: number[]) => number>> = {
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  pow: Math.pow,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  fabs: Math.abs,
  sqrt: Math.sqrt,
  floor: Math.floor,
};
