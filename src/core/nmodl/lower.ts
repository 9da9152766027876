/**
 * The code generator's first stage: a checked .mod file (check.ts) to a catalogue mechanism
 * whose kernels are IR (src/core/cable/kernel-ir.ts), following what nocmodl 8.2 generates:
 *
 * - nrn_init: states from their START values (0 by default), then INITIAL;
 * - nrn_cur: BREAKPOINT (without its SOLVE) at v + 0.001 and at v; the membrane current is the
 *   sum of the ion currents it writes and its NONSPECIFIC_CURRENTs, its slope the difference
 *   quotient; each ion gets its current and slope (nocmodl's _ion_di…dv);
 * - nrn_state: the SOLVEd DERIVATIVE block, `cnexp` as the exact update of an equation linear in
 *   its state, x ← x + (1 − exp(dt·b))·(−a/b − x) for x' = a + b·x (b = ∂f/∂x symbolically;
 *   x ← x + dt·a when f does not contain x), `euler` as x ← x + dt·f, `derivimplicit` for
 *   equations linear in their state as the backward Euler x ← (x + dt·a)/(1 − dt·b);
 * - PROCEDUREs and FUNCTIONs inlined at their calls (recursion is refused);
 * - BEFORE/AFTER blocks as kernels the engine runs where NEURON's nrn_ba does (kernel-ir.ts BAPoint).
 *
 * What is not handled yet is refused with file:line:col and the construct.
 */
import type { FieldDecl, IonUse as KernelIonUse, MechanismDef } from '../cable/kernels.ts';
import { RANDOM_FNS, type BAPoint, type KExpr, type KernelIR, type KStmt, type MathFn, type RandomFn } from '../cable/kernel-ir.ts';
import type { Block, Diagnostic, Expr, Pos, Stmt, TopBlock } from './ast.ts';
import type { CheckedModel, TableUse, VarSymbol } from './check.ts';
import { lowerDerivimplicit } from './lower-derivimplicit.ts';
import { elementName, lowerKinetic, type Binding, type KineticHost } from './lower-kinetic.ts';

export type LowerResult = { ok: true; def: MechanismDef } | { ok: false; errors: Diagnostic[] };

class Refusal extends Error {
  constructor(
    readonly pos: Pos | undefined,
    readonly construct: string,
    message: string,
  ) {
    super(message);
  }
}

/** A double from C's hex-float notation (nocmodl writes its unit constants so). */
function hexFloat(mantissa: string, exp: number): number {
  const [i, f] = mantissa.split('.');
  return (parseInt(i + f, 16) / 16 ** f.length) * 2 ** exp;
}

/**
 * UNITS factors nocmodl 8.2 computes from NEURON's modern (CODATA 2018) unit table, as it writes
 * them into the generated C (exact doubles), by (from unit, to unit).
 */
const UNIT_FACTORS: ReadonlyMap<string, number> = new Map([
  ['faraday|coulomb', hexFloat('1.78e555060882c', 16)],
  ['faraday|coulombs', hexFloat('1.78e555060882c', 16)],
  ['pi|1', hexFloat('1.921fb54442d18', 1)],
  ['e|coulombs', hexFloat('1.7a4da290c1653', -63)],
  ['e|coulomb', hexFloat('1.7a4da290c1653', -63)],
  ['k|joule/degC', hexFloat('1.0b0e6d55e647c', -76)],
  ['faraday|kilocoulombs', hexFloat('1.81f0fae775425', 6)],
  ['faraday|10000 coulomb', hexFloat('1.34c0c8b92a9b7', 3)],
  ['k-mole|joule/degC', hexFloat('1.0a1013e8990be', 3)],
]);

const MATH: ReadonlySet<string> = new Set<MathFn>(['exp', 'log', 'log10', 'pow', 'sin', 'cos', 'tanh', 'fabs', 'sqrt', 'floor']);

const num = (v: number): KExpr => ({ k: 'num', v });
const bin = (op: '+' | '-' | '*' | '/', a: KExpr, b: KExpr): KExpr => ({ k: 'bin', op, a, b });
/** A condition as an f64 0/1 value (NMODL's booleans are numbers). */
const truth = (c: KExpr): KExpr => ({ k: 'cond', c, a: num(1), b: num(0) });

/** Lower a checked model to a mechanism with IR kernels, or the reasons it cannot be yet. */
export function lowerMechanism(m: CheckedModel): LowerResult {
  try {
    return { ok: true, def: new Lowering(m).def() };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    const pos = e.pos ?? { line: 1, col: 1 };
    return { ok: false, errors: [{ file: m.file, line: pos.line, col: pos.col, message: e.message, unsupported: e.construct }] };
  }
}

/** FUNCTION, PROCEDURE, DERIVATIVE, KINETIC, … blocks (by name). */
type NamedBlock = Extract<TopBlock, { kind: 'function' | 'procedure' }> | Extract<TopBlock, { kind: 'derivative' | 'kinetic' | 'linear' | 'nonlinear' | 'discrete' }>;
type BodyBlock = Extract<TopBlock, { kind: 'initial' | 'breakpoint' | 'constructor' | 'destructor' }>;

/** FROM loops are unrolled at compile time up to this many iterations (every index becomes a constant). */
const MAX_UNROLL = 1000;

class Lowering {
  private readonly blocks = new Map<string, NamedBlock>();
  private fresh = 0;
  /** The membrane potential as the code being generated sees it (v, or v + 0.001 in nrn_cur). */
  private vExpr: KExpr = { k: 'v' };
  /** Calls being inlined (recursion guard). */
  private readonly inlining: string[] = [];
  /** Ion variables read: name → ion and which array. */
  private readonly ionReads = new Map<string, { ion: string; array: 'e' | 'ci' | 'co' | 'i' }>();
  /** Concentrations written (fields copied in from the ion before each kernel, out after): name → ion and array. */
  private readonly concWrites = new Map<string, { ion: string; array: 'ci' | 'co' }>();
  /** Ion currents written: variable → ion. */
  private readonly ionCurrents = new Map<string, string>();
  /** TABLEs by the FUNCTION or PROCEDURE that holds them. */
  private readonly tableOf = new Map<string, TableUse>();
  /** Tables being filled (their function is computed, not looked up, meanwhile). */
  private readonly building = new Set<string>();
  private readonly tableDecls: Array<{ name: string; size: number }> = [];
  /** File-level LOCAL names (fields of the mechanism): name → array size (undefined for a scalar). */
  private readonly fileLocals = new Map<string, number | undefined>();
  /** Ion currents the mechanism both READs and WRITEs: a field, copied in from the ion (nocmodl: ica = _ion_ica) before each kernel. */
  private readonly currentReads = new Map<string, string>();
  /** What `dt` reads as (1e9 inside a STEADYSTATE solve, as scopmath's _modl_set_dt makes it). */
  private dtExpr: KExpr = { k: 'dt' };
  /** The WATCH items of NET_RECEIVE in file order (nocmodl's _watch1, _watch2, …): their conditions. */
  private readonly watches: Array<{ left: Expr; dir: '<' | '>'; right: Expr; pos: Pos }> = [];
  /** NET_RECEIVE's local counting the WATCH items run in this call (nocmodl's _watch_rm). */
  private watchRm = '';
  /** Lowering a BEFORE/AFTER block (nocmodl copies no ion values into those). */
  private inBA = false;

  constructor(private readonly m: CheckedModel) {
    for (const t of m.tables) this.tableOf.set(t.in, t);
    for (const b of m.ast.blocks) if (b.kind === 'function' || b.kind === 'procedure' || b.kind === 'derivative' || b.kind === 'kinetic' || b.kind === 'linear' || b.kind === 'nonlinear' || b.kind === 'discrete') this.blocks.set(b.name, b);
  }

  private refuse(pos: Pos | undefined, construct: string, what = `${construct} is not yet supported by NeuroWire's code generator`): never {
    throw new Refusal(pos, construct, what);
  }

  def(): MechanismDef {
    const m = this.m;
    const neuronBlock = m.ast.blocks.find((b) => b.kind === 'neuron');
    if (m.electrode.length && (m.nonspecific.length || m.ions.some((u) => u.write.includes(`i${u.name}`)))) this.refuse(neuronBlock?.pos, 'ELECTRODE_CURRENT', 'an ELECTRODE_CURRENT beside membrane currents is not yet supported by NeuroWire\'s code generator');
    const ions: KernelIonUse[] = [];
    for (const use of m.ions) {
      for (const w of use.write) {
        if (w === `i${use.name}`) this.ionCurrents.set(w, use.name);
        else if (w === `${use.name}i`) this.concWrites.set(w, { ion: use.name, array: 'ci' });
        else if (w === `${use.name}o`) this.concWrites.set(w, { ion: use.name, array: 'co' });
        else this.refuse(use.pos, `WRITE ${w}`, `writing ${w} (a reversal potential) is not yet supported by NeuroWire's code generator`);
      }
      for (const r of use.read) {
        if (this.concWrites.has(r)) continue; // read and written: the field, copied in
        if (r === `e${use.name}`) this.ionReads.set(r, { ion: use.name, array: 'e' });
        else if (r === `${use.name}i`) this.ionReads.set(r, { ion: use.name, array: 'ci' });
        else if (r === `${use.name}o`) this.ionReads.set(r, { ion: use.name, array: 'co' });
        // The current of the other mechanisms, summed during this step's nrn_cur (what nocmodl copies in: ica = _ion_ica).
        else if (r === `i${use.name}` && this.ionCurrents.has(r)) this.currentReads.set(r, use.name);
        else if (r === `i${use.name}`) this.ionReads.set(r, { ion: use.name, array: 'i' });
        else this.refuse(use.pos, `READ ${r}`, `reading ${r} is not yet supported by NeuroWire's code generator`);
      }
      ions.push({ ion: use.name, read: use.read, write: use.write, valence: use.valence });
    }
    const fields: FieldDecl[] = [];
    this.collectWatches();
    // Per WATCH item: active, above (its condition's last state) and the flag it sends.
    for (let j = 0; j < this.watches.length; j++) for (const f of ['on', 'above', 'flag']) fields.push({ name: `_watch${j + 1}_${f}`, role: 'assigned', unit: '', default: 0 });
    // An array x[n] is n fields x[0] … x[n-1] (every index is a compile-time constant).
    const names = (v: { name: string; size?: number }): string[] => (v.size === undefined ? [v.name] : Array.from({ length: v.size }, (_, i) => elementName(v.name, i)));
    for (const v of m.vars.values()) {
      if (v.kind === 'parameter' && v.name !== 'v' && !this.ionReads.has(v.name)) for (const n of names(v)) fields.push({ name: n, role: 'parameter', unit: v.unit ?? '', default: v.value ?? 0 });
      else if (v.kind === 'state') for (const n of names(v)) fields.push({ name: n, role: 'state', unit: v.unit ?? '', default: 0 });
      else if (v.kind === 'assigned' && v.name !== 'v' && !this.ionReads.has(v.name)) for (const n of names(v)) fields.push({ name: n, role: 'assigned', unit: v.unit ?? '', default: 0 });
    }
    // File-level LOCALs: variables of the mechanism that NEURON keeps per file (here per instance, which reads the same).
    for (const b of m.ast.blocks) {
      if (b.kind !== 'local') continue;
      for (const l of b.names) {
        this.fileLocals.set(l.name, l.size);
        for (const n of names(l)) fields.push({ name: n, role: 'assigned', unit: '', default: 0 });
      }
    }
    const breakpoint = m.ast.blocks.find((b): b is BodyBlock => b.kind === 'breakpoint');
    const initial = m.ast.blocks.find((b): b is BodyBlock => b.kind === 'initial');
    const netReceive = this.netReceive();
    const ba = this.baBlocks();
    return {
      name: m.name,
      kind: m.kind,
      fields,
      ions,
      tables: this.tableDecls,
      ir: {
        tables: this.tables(),
        initialize: this.initialize(initial?.body),
        current: breakpoint ? this.current(breakpoint.body) : [],
        state: breakpoint ? this.state(breakpoint.body) : [],
        ...(netReceive ? { netReceive } : {}),
        ...(this.watches.length ? { watch: this.watchKernel() } : {}),
        ...(ba ? { ba } : {}),
      },
    };
  }

  // ----------------------------------------------------------------------------- tables

  /** The table arrays of a FUNCTION/PROCEDURE's TABLE: its value (FUNCTION) or each name (PROCEDURE). */
  private tableNames(fn: string, t: TableUse, kind: string): Array<{ table: string; target: string }> {
    return kind === 'function' ? [{ table: `${fn}:value`, target: fn }] : t.names.map((n) => ({ table: `${fn}:${n}`, target: n }));
  }

  /** tmin, dx and mfac of a table as nocmodl computes them: dx = (tmax − tmin)/N, mfac = 1/dx. */
  private tableRange(t: TableUse, scope: Map<string, Binding>, out: KStmt[], tag: string): { tmin: KExpr; dx: KExpr; mfac: KExpr } {
    const from = this.expr(t.from, scope);
    const to = this.expr(t.to, scope);
    out.push(...from.pre, ...to.pre);
    const tmin = this.localName(`${tag}_tmin`);
    const dx = this.localName(`${tag}_dx`);
    const mfac = this.localName(`${tag}_mfac`);
    out.push({ k: 'let', name: tmin, e: from.e }, { k: 'let', name: dx, e: bin('/', bin('-', to.e, { k: 'local', name: tmin }), num(t.with)) }, { k: 'let', name: mfac, e: bin('/', num(1), { k: 'local', name: dx }) });
    return { tmin: { k: 'local', name: tmin }, dx: { k: 'local', name: dx }, mfac: { k: 'local', name: mfac } };
  }

  /** Fill every table: its function at x = tmin, tmin + dx, … (x accumulated as nocmodl does), N + 1 entries. */
  private tables(): KStmt[] {
    const out: KStmt[] = [];
    for (const t of this.m.tables) {
      const target = this.blocks.get(t.in);
      if (!target || (target.kind !== 'function' && target.kind !== 'procedure')) this.refuse(t.pos, 'TABLE');
      if (target.args.length !== 1) this.refuse(t.pos, 'TABLE', `TABLE in ${t.in}: only tables of one argument are supported so far`);
      const names = this.tableNames(t.in, t, target.kind);
      for (const n of names) this.tableDecls.push({ name: n.table, size: t.with + 1 });
      this.vExpr = { k: 'v' };
      const { tmin, dx } = this.tableRange(t, new Map(), out, t.in);
      const x = this.localName(`${t.in}_x`);
      out.push({ k: 'let', name: x, e: tmin });
      const counter = this.localName(`${t.in}_i`);
      const body: KStmt[] = [];
      this.building.add(t.in);
      const r = this.call(t.in, [], new Map(), t.pos, target.kind === 'function', [{ k: 'local', name: x }]);
      this.building.delete(t.in);
      body.push(...r.pre);
      for (const n of names) body.push({ k: 'storeTable', table: n.table, index: { k: 'local', name: counter }, e: target.kind === 'function' ? r.e : { k: 'field', name: n.target } });
      body.push({ k: 'let', name: x, e: bin('+', { k: 'local', name: x }, dx) });
      out.push({ k: 'for', counter, count: t.with + 1, body });
    }
    return out;
  }

  /** A call of a tabulated FUNCTION/PROCEDURE: nocmodl's lookup with linear interpolation (usetable = 1). */
  private tableLookup(fn: string, target: NamedBlock, t: TableUse, vals: KExpr[], scope: Map<string, Binding>, pre: KStmt[], pos: Pos, asValue: boolean): { pre: KStmt[]; e: KExpr } {
    if (target.kind !== 'function' && target.kind !== 'procedure') return this.refuse(pos, 'TABLE');
    const names = this.tableNames(fn, t, target.kind);
    const { tmin, mfac } = this.tableRange(t, scope, pre, fn);
    const xi = this.localName(`${fn}_xi`);
    pre.push({ k: 'let', name: xi, e: bin('*', mfac, bin('-', vals[0] ?? num(0), tmin)) });
    const XI: KExpr = { k: 'local', name: xi };
    const result = target.kind === 'function' ? this.localName(fn) : '';
    const set = (n: { table: string; target: string }, e: KExpr): KStmt => (target.kind === 'function' ? { k: 'let', name: result, e } : { k: 'store', field: n.target, e });
    const ii = this.localName(`${fn}_i`);
    const I: KExpr = { k: 'local', name: ii };
    const theta: KExpr = bin('-', XI, I);
    const interp = names.map((n) => set(n, bin('+', { k: 'tableAt', table: n.table, index: I }, bin('*', theta, bin('-', { k: 'tableAt', table: n.table, index: bin('+', I, num(1)) }, { k: 'tableAt', table: n.table, index: I })))));
    if (target.kind === 'function') pre.push({ k: 'let', name: result, e: num(0) });
    pre.push({
      k: 'if',
      c: { k: 'cmp', op: '!=', a: XI, b: XI }, // NaN in, NaN out
      then: names.map((n) => set(n, XI)),
      else: [
        {
          k: 'if',
          c: { k: 'cmp', op: '<=', a: XI, b: num(0) },
          then: names.map((n) => set(n, { k: 'tableAt', table: n.table, index: num(0) })),
          else: [
            {
              k: 'if',
              c: { k: 'cmp', op: '>=', a: XI, b: num(t.with) },
              then: names.map((n) => set(n, { k: 'tableAt', table: n.table, index: num(t.with) })),
              else: [{ k: 'let', name: ii, e: { k: 'call', fn: 'floor', args: [XI] } }, ...interp],
            },
          ],
        },
      ],
    });
    if (asValue && target.kind !== 'function') this.refuse(pos, `${fn}()`, `${fn} is a PROCEDURE and has no value`);
    return { pre, e: target.kind === 'function' ? { k: 'local', name: result } : num(0) };
  }

  // ----------------------------------------------------------------------------- kernels

  /**
   * NET_RECEIVE(weight, …): run at each event for the instance it reaches, at the event's time;
   * the arguments are the delivering NetCon's weight vector (its weight, then per-NetCon state
   * that NET_RECEIVE may assign: NEURON keeps it in the NetCon) and `flag` (0 for NetCon events).
   * Its INITIAL block runs for each NetCon at finitialize, after the mechanisms' INITIALs.
   */
  private netReceive(): { nargs: number; flag: string; body: KStmt[]; init?: KStmt[] } | null {
    const nr = this.m.ast.blocks.find((b): b is Extract<TopBlock, { kind: 'net_receive' }> => b.kind === 'net_receive');
    if (!nr) return null;
    if (this.m.kind === 'density') this.refuse(nr.pos, 'NET_RECEIVE', 'NET_RECEIVE in a density mechanism (SUFFIX) is not supported: NEURON delivers events to point processes and artificial cells');
    const scope = new Map<string, Binding>();
    nr.args.forEach((a, j) => scope.set(a.name, { k: 'arg', j }));
    const flag = `_nr${this.fresh++}_flag`;
    scope.set('flag', { k: 'local', name: flag });
    this.vExpr = { k: 'v' };
    this.watchRm = this.localName('watch_rm');
    // Its INITIAL is a statement of its body in the AST; it runs at finitialize, not at events.
    const inits = nr.body.body.filter((s) => s.kind === 'initial');
    if (inits.length > 1) this.refuse(inits[1].pos, 'INITIAL', 'NET_RECEIVE has more than one INITIAL block');
    const init = inits.length ? this.block((inits[0] as Extract<Stmt, { kind: 'initial' }>).body, scope, 'net_receive') : undefined;
    const body = [{ k: 'let', name: this.watchRm, e: num(0) } as KStmt, ...this.block({ ...nr.body, body: nr.body.body.filter((s) => s.kind !== 'initial') }, scope, 'net_receive')];
    return { nargs: nr.args.length, flag, body, ...(init ? { init } : {}) };
  }

  /** Every WATCH item of NET_RECEIVE, in file order. */
  private collectWatches(): void {
    const walk = (ss: readonly Stmt[]): void => {
      for (const s of ss) {
        if (s.kind === 'watch') for (const w of s.items) this.watches.push(w);
        else if (s.kind === 'block') walk(s.body);
        else if (s.kind === 'if') {
          walk(s.then.body);
          if (s.else) walk(s.else.kind === 'if' ? [s.else] : s.else.body);
        } else if (s.kind === 'while' || s.kind === 'from' || s.kind === 'fornetcons') walk(s.body.body);
      }
    };
    for (const b of this.m.ast.blocks) if (b.kind === 'net_receive') walk(b.body.body);
  }

  /** WATCH item j's condition as a value that is > 0 when it holds (nocmodl: a − b for a > b, −(a − b) for a < b). */
  private watchValue(j: number, pre: KStmt[]): KExpr {
    const w = this.watches[j];
    const a = this.expr(w.left, new Map());
    const b = this.expr(w.right, new Map());
    pre.push(...a.pre, ...b.pre);
    const d = bin('-', a.e, b.e);
    return w.dir === '>' ? d : { k: 'neg', a: d };
  }

  /**
   * After each step, every active WATCH of every instance: a condition that turns true sends its
   * flag to NET_RECEIVE at once (NEURON's WatchCondition::check, no time offset); false re-arms.
   */
  private watchKernel(): KStmt[] {
    this.vExpr = { k: 'v' };
    const out: KStmt[] = [];
    this.watches.forEach((_, j) => {
      const f = (x: string) => `_watch${j + 1}_${x}`;
      const pre: KStmt[] = [];
      const value = this.watchValue(j, pre);
      const val = this.localName('watch_value');
      out.push({
        k: 'if',
        c: nonzero({ k: 'field', name: f('on') }),
        then: [
          ...pre,
          { k: 'let', name: val, e: value },
          {
            k: 'if',
            c: { k: 'cmp', op: '>', a: { k: 'local', name: val }, b: num(0) },
            then: [{ k: 'if', c: { k: 'cmp', op: '==', a: { k: 'field', name: f('above') }, b: num(0) }, then: [{ k: 'store', field: f('above'), e: num(1) }, { k: 'watchFire', flag: { k: 'field', name: f('flag') } }] }],
            else: [{ k: 'store', field: f('above'), e: num(0) }],
          },
        ],
      });
    });
    return out;
  }

  /**
   * BEFORE/AFTER blocks (nocmodl's _ba functions: v of the node, the mechanism's own values, no
   * ion copied in), by where the engine runs them; several of one kind run in source order.
   */
  private baBlocks(): KernelIR['ba'] | undefined {
    const points: Readonly<Record<string, BAPoint>> = {
      'before BREAKPOINT': 'beforeBreakpoint',
      'after SOLVE': 'afterSolve',
      'before INITIAL': 'beforeInitial',
      'after INITIAL': 'afterInitial',
      'before STEP': 'beforeStep',
    };
    const out: Partial<Record<BAPoint, KStmt[]>> = {};
    for (const b of this.m.ast.blocks) {
      if (b.kind !== 'before' && b.kind !== 'after') continue;
      const point = points[`${b.kind} ${b.when}`];
      if (!point) this.refuse(b.pos, `${b.kind.toUpperCase()} ${b.when}`);
      this.vExpr = { k: 'v' };
      this.inBA = true;
      try {
        (out[point] ??= []).push(...this.block(b.body, new Map(), 'ba'));
      } finally {
        this.inBA = false;
      }
    }
    return Object.keys(out).length ? out : undefined;
  }

  /** nrn_init: states to their START values, then INITIAL. */
  private initialize(body: Block | undefined): KStmt[] {
    // nocmodl's nrn_init: written concentrations copied in from the ion, the other states to
    // their START values, INITIAL, the concentrations copied out (the engine then recomputes e
    // where the ion's style says so: nrn_wrote_conc).
    const out: KStmt[] = [...this.copyIn()];
    // finitialize removes every WATCH (NEURON's init_events empties the watch lists).
    for (let j = 1; j <= this.watches.length; j++) out.push({ k: 'store', field: `_watch${j}_on`, e: num(0) });
    for (const v of this.m.vars.values()) {
      if (v.kind !== 'state' || this.concWrites.has(v.name)) continue;
      // nocmodl: x = x0, where x0 is the file's own variable of that name when it declares one (pump0 in cabpump.mod), else the START value.
      const own = this.m.vars.get(`${v.name}0`);
      const start: KExpr = own && own.size === undefined && (own.kind === 'parameter' || own.kind === 'assigned' || own.kind === 'constant') ? this.varRef(own.name, v.pos ?? { line: 1, col: 1, offset: 0 }, new Map()) : num(v.value ?? 0);
      if (v.size === undefined) out.push({ k: 'store', field: v.name, e: start });
      else for (let i = 0; i < v.size; i++) out.push({ k: 'store', field: elementName(v.name, i), e: start });
    }
    this.vExpr = { k: 'v' };
    if (body) out.push(...this.block(body, new Map(), 'initial'));
    return [...out, ...this.copyOut()];
  }

  /** Written concentrations: field = the ion's value (before a kernel). */
  private copyIn(): KStmt[] {
    return [
      ...[...this.concWrites].map(([name, w]): KStmt => ({ k: 'store', field: name, e: { k: 'ion', ion: w.ion, array: w.array } })),
      ...[...this.currentReads].map(([name, ion]): KStmt => ({ k: 'store', field: name, e: { k: 'ion', ion, array: 'i' } })),
    ];
  }

  /** Written concentrations: the ion's value = field (after a kernel). */
  private copyOut(): KStmt[] {
    return [...this.concWrites].map(([name, w]): KStmt => ({ k: 'setIon', ion: w.ion, array: w.array, e: { k: 'field', name } }));
  }

  /** nrn_cur: the currents at v + 0.001, then at v; rhs, d and the ions' currents and slopes. */
  private current(body: Block): KStmt[] {
    const out: KStmt[] = this.copyIn();
    const currents = [...this.ionCurrents.keys(), ...this.m.nonspecific, ...this.m.electrode];
    if (!currents.length) return out;
    const point = this.m.kind === 'point';
    const electrode = this.m.electrode.length > 0;
    // A point process's currents (nA) act on its node as densities: × 1e2/area (nocmodl's _g *= 1.e2/(_nd_area)).
    const scale = (e: KExpr): KExpr => (point ? bin('*', e, { k: 'toDensity' }) : e);
    const evalAt = (v: KExpr, suffix: string): void => {
      this.vExpr = v;
      out.push(...this.block(body, new Map(), 'breakpoint'));
      for (const c of currents) out.push({ k: 'let', name: `${c}${suffix}`, e: { k: 'field', name: c } });
    };
    out.push({ k: 'let', name: '_v1', e: bin('+', { k: 'v' }, num(0.001)) });
    evalAt({ k: 'local', name: '_v1' }, '_hi');
    evalAt({ k: 'v' }, '_lo');
    this.vExpr = { k: 'v' };
    const sum = (suffix: string) => currents.map((c): KExpr => ({ k: 'local', name: `${c}${suffix}` })).reduce((a, b) => bin('+', a, b));
    for (const [c, ion] of this.ionCurrents) {
      out.push({ k: 'addIon', ion, array: 'didv', e: scale(bin('/', bin('-', { k: 'local', name: `${c}_hi` }, { k: 'local', name: `${c}_lo` }), num(0.001))) });
      out.push({ k: 'addIon', ion, array: 'i', e: scale({ k: 'local', name: `${c}_lo` }) });
    }
    out.push({ k: 'let', name: '_rhs', e: sum('_lo') });
    out.push({ k: 'let', name: '_g', e: scale(bin('/', bin('-', sum('_hi'), { k: 'local', name: '_rhs' }), num(0.001))) });
    if (point) out.push({ k: 'let', name: '_rhs', e: scale({ k: 'local', name: '_rhs' }) });
    // An electrode current is positive inward (IClamp): it adds to rhs and subtracts its slope.
    out.push({ k: 'addNode', array: 'rhs', e: electrode ? { k: 'local', name: '_rhs' } : { k: 'neg', a: { k: 'local', name: '_rhs' } } });
    out.push({ k: 'addNode', array: 'd', e: electrode ? { k: 'neg', a: { k: 'local', name: '_g' } } : { k: 'local', name: '_g' } });
    return out;
  }

  /** nrn_state: each SOLVE of BREAKPOINT, in order. */
  private state(body: Block): KStmt[] {
    const out: KStmt[] = this.copyIn();
    this.vExpr = { k: 'v' };
    for (const s of body.body) {
      if (s.kind !== 'solve') continue;
      const target = this.blocks.get(s.block);
      if (!target) this.refuse(s.pos, 'SOLVE', `SOLVE ${s.block}: no such block`);
      if (s.steadystate) this.refuse(s.pos, 'STEADYSTATE');
      if (target.kind === 'procedure') {
        out.push(...this.block(target.body, new Map(), 'procedure'));
        continue;
      }
      if (target.kind === 'kinetic') {
        const method = s.method ?? 'sparse';
        if (method !== 'sparse') this.refuse(s.methodPos ?? s.pos, `METHOD ${method}`, `KINETIC with METHOD ${method} is not yet supported by NeuroWire's code generator (sparse is)`);
        out.push(...lowerKinetic(this.host(), target, 'step'));
        continue;
      }
      const method = s.method ?? 'derivimplicit';
      if (target.kind !== 'derivative') this.refuse(s.pos, `SOLVE ${s.block}`);
      if (method !== 'cnexp' && method !== 'euler' && method !== 'derivimplicit') this.refuse(s.methodPos ?? s.pos, `METHOD ${method}`);
      out.push(...(method === 'derivimplicit' ? this.derivimplicit(target.body) : this.derivative(target.body, method)));
    }
    return [...out, ...this.copyOut()];
  }

  /**
   * METHOD derivimplicit: the exact backward-Euler update of each equation when every x' = f is
   * linear in x and reads no state updated after it (what NEURON's Newton converges to, to
   * round-off), otherwise NEURON's Newton iteration itself (lower-derivimplicit.ts).
   */
  private derivimplicit(body: Block): KStmt[] {
    const states = new Set<string>();
    let direct: KStmt[] | null = null;
    try {
      direct = this.derivative(body, 'derivimplicit', states);
    } catch (e) {
      if (!(e instanceof Refusal) || e.construct !== 'METHOD derivimplicit') throw e;
    }
    if (direct) return direct;
    return lowerDerivimplicit(
      {
        expr: (e, scope) => this.expr(e, scope),
        stmt: (s, scope) => this.stmt(s, scope, 'derivative'),
        blockLocals: (b, scope) => this.blockLocals(b, scope),
        fieldName: (ref, scope) => this.fieldName(ref.name, ref.index, ref.pos, scope),
        localName: (n) => this.localName(n),
        refuse: (pos, construct, what) => this.refuse(pos, construct, what),
      },
      body,
    );
  }

  /**
   * A DERIVATIVE block: its statements in order, each x' = f becoming its update. With
   * `coupled` (derivimplicit), a statement that reads a state of a later equation, or any state
   * from outside an equation, is refused as METHOD derivimplicit (the caller then uses Newton).
   */
  private derivative(body: Block, method: 'cnexp' | 'euler' | 'derivimplicit', coupled?: Set<string>): KStmt[] {
    const { scope, init } = this.blockLocals(body, new Map());
    const out: KStmt[] = [...init];
    // The states of the block's equations, in order (for the coupling test).
    const eqStates = body.body.flatMap((s) => (s.kind === 'assign' && s.target.order === 1 ? [this.fieldName(s.target.name, s.target.index, s.target.pos, scope)] : []));
    let done = 0;
    const later = (e: KStmt[] | KExpr, self?: string): string | undefined => eqStates.slice(done).find((x) => x !== self && readsField(e, x));
    for (const s of body.body) {
      // x' = f: the parser gives an assignment to x of order 1 (or an equation ~ form).
      const eq = s.kind === 'assign' && s.target.order === 1 ? { x: s.target, rhs: s.value } : s.kind === 'equation' && s.left.kind === 'var' && s.left.order === 1 ? { x: s.left, rhs: s.right } : null;
      if (!eq) {
        if (s.kind === 'equation' || (s.kind === 'assign' && s.target.order > 1)) this.refuse(s.pos, 'equation', 'only first derivatives x\' = … are supported');
        const ir = this.stmt(s, scope, 'derivative');
        if (coupled && eqStates.some((x) => readsField(ir, x))) this.refuse(s.pos, `METHOD ${method}`, 'a statement of the DERIVATIVE block reads a state');
        out.push(...ir);
        continue;
      }
      const x = this.fieldName(eq.x.name, eq.x.index, eq.x.pos, scope);
      const { pre, e: f } = this.expr(eq.rhs, scope);
      done++;
      if (coupled && (later(pre) || later(f, x))) this.refuse(s.pos, `METHOD ${method}`, `${x}' reads a state updated after it`);
      out.push(...pre);
      const X: KExpr = { k: 'field', name: x };
      if (method === 'euler') {
        out.push({ k: 'store', field: x, e: bin('+', X, bin('*', { k: 'dt' }, f)) });
        continue;
      }
      const b = simplify(derive(f, x));
      if (b === null) this.refuse(s.pos, `METHOD ${method}`, `METHOD ${method}: ${x}' is not linear in ${x} (NeuroWire's code generator solves linear equations only, so far)`);
      if (isZero(b)) {
        out.push({ k: 'store', field: x, e: bin('+', X, bin('*', { k: 'dt' }, f)) });
        continue;
      }
      if (!isConstantIn(b, x)) this.refuse(s.pos, `METHOD ${method}`, `METHOD ${method}: ${x}' is not linear in ${x}`);
      const a = simplify(substitute(f, x, num(0)));
      const bn = this.localName(`b_${x}`);
      const an = this.localName(`a_${x}`);
      out.push({ k: 'let', name: bn, e: b! }, { k: 'let', name: an, e: a ?? f });
      const B: KExpr = { k: 'local', name: bn };
      const A: KExpr = { k: 'local', name: an };
      if (method === 'cnexp') {
        // nocmodl: x = x + (1. - exp(dt*(b)))*(- (a) / (b) - x)
        out.push({ k: 'store', field: x, e: bin('+', X, bin('*', bin('-', num(1), { k: 'call', fn: 'exp', args: [bin('*', { k: 'dt' }, B)] }), bin('-', bin('/', { k: 'neg', a: A }, B), X))) });
      } else {
        // Backward Euler of a linear equation: x = (x + dt·a)/(1 − dt·b), what derivimplicit's Newton step gives exactly.
        out.push({ k: 'store', field: x, e: bin('/', bin('+', X, bin('*', { k: 'dt' }, A)), bin('-', num(1), bin('*', { k: 'dt' }, B))) });
      }
    }
    return out;
  }

  // ----------------------------------------------------------------------------- statements

  private localName(name: string): string {
    return `_${this.fresh++}_${name}`;
  }

  private block(b: Block, outer: Map<string, Binding>, where: string): KStmt[] {
    const { scope, init } = this.blockLocals(b, outer);
    const out: KStmt[] = [...init];
    for (const s of b.body) out.push(...this.stmt(s, scope, where));
    return out;
  }

  /** A block's LOCALs (arrays: one IR local per element) in a new scope, and their initialisation to 0. */
  private blockLocals(b: Block, outer: Map<string, Binding>): { scope: Map<string, Binding>; init: KStmt[] } {
    const scope = new Map(outer);
    const init: KStmt[] = [];
    // Locals start at 0 (nocmodl declares them as C doubles; a read before assignment is 0 in practice only by chance, so define it).
    for (const l of b.locals) {
      if (l.size === undefined) {
        const name = this.localName(l.name);
        scope.set(l.name, { k: 'local', name });
        init.push({ k: 'let', name, e: num(0) });
      } else {
        const names = Array.from({ length: l.size }, (_, i) => this.localName(`${l.name}_${i}`));
        scope.set(l.name, { k: 'array', names });
        for (const name of names) init.push({ k: 'let', name, e: num(0) });
      }
    }
    return { scope, init };
  }

  /**
   * The value of an integer expression known at compile time (numbers, DEFINEs, FROM loop
   * variables, + − × and C's integer division), or null.
   */
  private constValue(e: Expr, scope: Map<string, Binding>): number | null {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'paren':
        return this.constValue(e.expr, scope);
      case 'unary': {
        const a = this.constValue(e.arg, scope);
        return a === null || e.op !== '-' ? null : -a;
      }
      case 'binary': {
        const a = this.constValue(e.left, scope);
        const b = this.constValue(e.right, scope);
        if (a === null || b === null) return null;
        if (e.op === '+') return a + b;
        if (e.op === '-') return a - b;
        if (e.op === '*') return a * b;
        if (e.op === '/') return b === 0 ? null : Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
        return null;
      }
      case 'var': {
        const b = e.index ? undefined : scope.get(e.name);
        return b?.k === 'const' ? b.v : null;
      }
      default:
        return null;
    }
  }

  /** The element an index selects in an array of `size`, or a refusal naming the place (not a constant, or out of range). */
  private elementIndex(name: string, index: Expr, size: number, scope: Map<string, Binding>): number {
    const i = this.constValue(index, scope);
    if (i === null) return this.refuse(index.pos, 'array index', `the index of ${name}[…] is not a compile-time constant (NeuroWire's code generator needs constant indices: numbers, DEFINEs and FROM loop variables)`);
    if (!Number.isInteger(i) || i < 0 || i >= size) return this.refuse(index.pos, 'array index', `index ${i} is out of range for ${name}[${size}]`);
    return i;
  }

  /** The field a (possibly indexed) mechanism variable names: x, or x[i] for an element. */
  private fieldName(name: string, index: Expr | undefined, pos: Pos, scope: Map<string, Binding>): string {
    const size = this.fileLocals.has(name) ? this.fileLocals.get(name) : this.m.vars.get(name)?.size;
    if (size === undefined) {
      if (index) this.refuse(pos, 'array index', `${name} is not an array`);
      return name;
    }
    if (!index) return this.refuse(pos, 'arrays', `${name} is an array: give an index`);
    return elementName(name, this.elementIndex(name, index, size, scope));
  }

  /** FROM i = a TO b [BY c]: unrolled (a compile-time loop, so that i is a constant in every index). */
  private fromLoop(s: Extract<Stmt, { kind: 'from' }>, scope: Map<string, Binding>, each: (scope: Map<string, Binding>) => KStmt[]): KStmt[] {
    const from = this.constValue(s.from, scope);
    const to = this.constValue(s.to, scope);
    const by = s.by ? this.constValue(s.by, scope) : 1;
    if (from === null || to === null || by === null) return this.refuse(s.pos, 'FROM loops', 'FROM loops whose bounds are not compile-time constants are not yet supported by NeuroWire\'s code generator');
    if (!(by > 0)) return this.refuse(s.pos, 'FROM loops', 'FROM loops with a step BY that is not positive are not yet supported by NeuroWire\'s code generator');
    // C: for (i = from; i <= to; i += by) with an int i.
    const start = Math.trunc(from);
    if ((to - start) / by + 1 > MAX_UNROLL) return this.refuse(s.pos, 'FROM loops', `FROM loops of more than ${MAX_UNROLL} iterations are not yet supported by NeuroWire's code generator`);
    const out: KStmt[] = [];
    for (let i = start; i <= to; i += Math.trunc(by)) out.push(...each(new Map(scope).set(s.index, { k: 'const', v: i })));
    return out;
  }

  /** What the KINETIC solver (lower-kinetic.ts) needs of this generator. */
  private host(): KineticHost {
    return {
      m: this.m,
      expr: (e, scope) => this.expr(e, scope),
      stmt: (s, scope) => this.stmt(s, scope, 'kinetic'),
      blockLocals: (b, scope) => this.blockLocals(b, scope),
      fromLoop: (s, scope, each) => this.fromLoop(s, scope, each),
      elementIndex: (name, index, size, scope) => this.elementIndex(name, index, size, scope),
      localName: (n) => this.localName(n),
      refuse: (pos, construct, what) => this.refuse(pos, construct, what),
      withDt: <T>(dt: KExpr, f: () => T): T => {
        const saved = this.dtExpr;
        this.dtExpr = dt;
        try {
          return f();
        } finally {
          this.dtExpr = saved;
        }
      },
    };
  }

  private stmt(s: Stmt, scope: Map<string, Binding>, where: string): KStmt[] {
    switch (s.kind) {
      case 'assign': {
        if (s.target.order > 0) this.refuse(s.pos, 'equation', `${s.target.name}' = … outside a DERIVATIVE block`);
        const { pre, e } = this.expr(s.value, scope);
        const name = s.target.name;
        const local = scope.get(name);
        if (local?.k === 'arg') return [...pre, { k: 'setArg', j: local.j, e, ...(local.fnc ? { fnc: true } : {}) }];
        if (local?.k === 'const') this.refuse(s.pos, `assignment to ${name}`, `${name} is a FROM loop variable and cannot be assigned`);
        if (local?.k === 'array') {
          if (!s.target.index) this.refuse(s.pos, 'arrays', `${name} is an array: give an index`);
          return [...pre, { k: 'let', name: local.names[this.elementIndex(name, s.target.index, local.names.length, scope)], e }];
        }
        if (local) return [...pre, { k: 'let', name: local.name, e }];
        if (this.fileLocals.has(name)) return [...pre, { k: 'store', field: this.fieldName(name, s.target.index, s.target.pos, scope), e }];
        const v = this.m.vars.get(name);
        if (!v) this.refuse(s.pos, 'assignment', `'${name}' is not a variable`);
        if (v.kind === 'builtin') this.refuse(s.pos, `assignment to ${name}`);
        if (this.ionReads.has(name)) this.refuse(s.pos, `assignment to ${name}`, `assigning ${name}, which the mechanism only READs, is not yet supported`);
        return [...pre, { k: 'store', field: this.fieldName(name, s.target.index, s.target.pos, scope), e }];
      }
      case 'block':
        return this.block(s, scope, where);
      case 'if': {
        const c = this.expr(s.cond, scope);
        const then = this.block(s.then, scope, where);
        const els = s.else ? (s.else.kind === 'if' ? this.stmt(s.else, scope, where) : this.block(s.else, scope, where)) : [];
        return [...c.pre, { k: 'if', c: c.e, then, else: els }];
      }
      case 'call': {
        const { pre, e } = this.call(s.call.name, s.call.args as Expr[], scope, s.pos, false);
        void e;
        return pre;
      }
      case 'solve': {
        if (where === 'breakpoint') return []; // handled by state()
        const target = this.blocks.get(s.block);
        if (where === 'initial' && s.steadystate && target?.kind === 'kinetic' && (s.method ?? 'sparse') === 'sparse') return lowerKinetic(this.host(), target, 'steady');
        return this.refuse(s.pos, s.steadystate ? 'STEADYSTATE' : 'SOLVE', `SOLVE ${s.block}${s.steadystate ? ' STEADYSTATE' : ''} here is not yet supported by NeuroWire's code generator`);
      }
      case 'while': {
        const c = this.expr(s.cond, scope);
        // The condition is evaluated before every round: its inlined calls go in the loop too.
        return [{ k: 'while', ...(c.pre.length ? { pre: c.pre } : {}), c: c.e, body: this.block(s.body, scope, where) }];
      }
      case 'watch': {
        // nocmodl's _nrn_watch_activate: the first WATCH run in a NET_RECEIVE call removes the instance's active ones.
        const rm: KExpr = { k: 'local', name: this.watchRm };
        const out: KStmt[] = [];
        for (const w of s.items) {
          const j = this.watches.indexOf(w);
          const f = (x: string) => `_watch${j + 1}_${x}`;
          out.push({ k: 'if', c: { k: 'cmp', op: '==', a: rm, b: num(0) }, then: this.watches.map((_, i): KStmt => ({ k: 'store', field: `_watch${i + 1}_on`, e: num(0) })) });
          out.push({ k: 'let', name: this.watchRm, e: bin('+', rm, num(1)) });
          const flag = this.expr(w.flag, scope);
          const value = this.watchValue(j, out);
          // Active, and "above" if it holds already (within hoc_epsilon 1e-11): only a later rise fires.
          out.push(...flag.pre, { k: 'store', field: f('flag'), e: flag.e }, { k: 'store', field: f('on'), e: num(1) }, { k: 'store', field: f('above'), e: truth({ k: 'cmp', op: '>=', a: value, b: num(-1e-11) }) });
        }
        return out;
      }
      case 'fornetcons': {
        const inner = new Map(scope);
        s.args.forEach((a, j) => inner.set(a.name, { k: 'arg', j, fnc: true }));
        return [{ k: 'forNetCons', counter: this.localName('fnc'), body: this.block(s.body, inner, where) }];
      }
      case 'from':
        return this.fromLoop(s, scope, (inner) => this.block(s.body, inner, where));
      case 'table': // declared for the whole FUNCTION/PROCEDURE (see tables() and tableLookup())
      case 'conductance':
      case 'marker':
        return [];
      default:
        this.refuse(s.pos, s.kind.toUpperCase());
    }
  }

  // ----------------------------------------------------------------------------- expressions

  /** An expression and the statements that must run before it (inlined function calls). */
  private expr(e: Expr, scope: Map<string, Binding>): { pre: KStmt[]; e: KExpr } {
    switch (e.kind) {
      case 'number':
        return { pre: [], e: num(e.value) };
      case 'paren':
        return this.expr(e.expr, scope);
      case 'var':
        return { pre: [], e: this.varRef(e.name, e.pos, scope, e.index) };
      case 'unary': {
        const a = this.expr(e.arg, scope);
        return { pre: a.pre, e: e.op === '-' ? { k: 'neg', a: a.e } : truth({ k: 'cmp', op: '==', a: a.e, b: num(0) }) };
      }
      case 'binary': {
        const l = this.expr(e.left, scope);
        const r = this.expr(e.right, scope);
        const pre = [...l.pre, ...r.pre];
        switch (e.op) {
          case '+':
          case '-':
          case '*':
          case '/':
            return { pre, e: bin(e.op, l.e, r.e) };
          case '^':
            return { pre, e: { k: 'call', fn: 'pow', args: [l.e, r.e] } };
          case '&&':
            return { pre, e: { k: 'cond', c: nonzero(l.e), a: truth(nonzero(r.e)), b: num(0) } };
          case '||':
            return { pre, e: { k: 'cond', c: nonzero(l.e), a: num(1), b: truth(nonzero(r.e)) } };
          default:
            return { pre, e: truth({ k: 'cmp', op: e.op, a: l.e, b: r.e }) };
        }
      }
      case 'call':
        return this.call(e.name, e.args as Expr[], scope, e.pos, true);
    }
  }

  private varRef(name: string, pos: Pos, scope: Map<string, Binding>, index?: Expr): KExpr {
    const local = scope.get(name);
    if (local?.k === 'const') return num(local.v);
    if (local?.k === 'array') {
      if (!index) return this.refuse(pos, 'arrays', `${name} is an array: give an index`);
      return { k: 'local', name: local.names[this.elementIndex(name, index, local.names.length, scope)] };
    }
    if (local?.k === 'arg') return { k: 'arg', j: local.j, ...(local.fnc ? { fnc: true } : {}) };
    if (local) return { k: 'local', name: local.name };
    const ion = this.ionReads.get(name);
    // nocmodl's BEFORE/AFTER functions read the copy the last nrn_cur or nrn_state made, not the ion's present value.
    if (ion && this.inBA) this.refuse(pos, `${name} in a BEFORE/AFTER block`, `reading the ion variable ${name} in a BEFORE/AFTER block is not yet supported by NeuroWire's code generator`);
    if (ion) return { k: 'ion', ion: ion.ion, array: ion.array };
    if (this.fileLocals.has(name)) return { k: 'field', name: this.fieldName(name, index, pos, scope) };
    const v: VarSymbol | undefined = this.m.vars.get(name);
    if (!v) this.refuse(pos, name, `'${name}' is not a variable`);
    switch (v.kind) {
      case 'builtin':
        if (name === 'v') return this.vExpr;
        if (name === 't') return { k: 't' };
        if (name === 'dt') return this.dtExpr;
        if (name === 'celsius') return { k: 'celsius' };
        if (name === 'PI') return num(Math.PI);
        if (name === 'diam') return { k: 'diam' };
        if (name === 'area') return { k: 'area' };
        return this.refuse(pos, name);
      case 'constant':
        return num(v.value ?? 0);
      case 'unit_factor': {
        if (v.value !== undefined) return num(v.value);
        const decl = this.unitDecl(name);
        const value = decl && UNIT_FACTORS.get(`${decl.from}|${decl.to}`);
        if (value === undefined) return this.refuse(pos, 'UNITS factor', `the UNITS factor ${name} ${decl ? `(${decl.from}) (${decl.to})` : ''} is not yet supported by NeuroWire's code generator`);
        return num(value);
      }
      case 'independent':
        return { k: 't' };
      default:
        if (name === 'v') return this.vExpr;
        return { k: 'field', name: this.fieldName(name, index, pos, scope) };
    }
  }

  private unitDecl(name: string): { from: string; to: string } | undefined {
    for (const b of this.m.ast.blocks) {
      if (b.kind !== 'units') continue;
      for (const d of b.defs) if (d.kind === 'factor' && d.name === name && d.from !== undefined) return { from: d.from.replace(/^\(|\)$/g, '').trim(), to: d.to.replace(/^\(|\)$/g, '').trim() };
    }
    return undefined;
  }

  /** A call: a math built-in, or a FUNCTION/PROCEDURE inlined (its value in a local). */
  private call(name: string, args: Expr[], scope: Map<string, Binding>, pos: Pos, asValue: boolean, given?: KExpr[]): { pre: KStmt[]; e: KExpr } {
    // printf only prints (to NEURON's terminal): it changes no number, so it generates nothing.
    if (name === 'printf' && !asValue) return { pre: [], e: num(0) };
    const pre: KStmt[] = [];
    const vals = given ?? args.map((a) => {
      if ((a as { kind: string }).kind === 'string') this.refuse(pos, `${name}("…")`);
      const x = this.expr(a, scope);
      pre.push(...x.pre);
      return x.e;
    });
    if (MATH.has(name)) return { pre, e: { k: 'call', fn: name as MathFn, args: vals } };
    if (name in RANDOM_FNS) {
      // scopmath's draws from NEURON's one scop_random stream: a statement each, so that they happen in source order.
      const r = this.localName(name);
      return { pre: [...pre, { k: 'random', name: r, fn: name as RandomFn, args: vals }], e: { k: 'local', name: r } };
    }
    if (name === 'state_discontinuity' && args.length === 2 && (args[0] as Expr).kind === 'var') {
      // With fixed steps NEURON's state_discontinuity(x, value) is x = value (it also re-initialises CVODE).
      const target = args[0] as Extract<Expr, { kind: 'var' }>;
      return { pre: this.stmt({ kind: 'assign', target, value: args[1] as Expr, protect: false, pos }, scope, 'net_receive'), e: num(0) };
    }
    if (name === 'net_send' && vals.length === 2) {
      // An event to this instance's own NET_RECEIVE at t + delay, with a flag (NEURON's self-event).
      return { pre: [...pre, { k: 'netSend', delay: vals[0], flag: vals[1] }], e: num(0) };
    }
    // net_event(t): the instance fires at t; net_move(t): its pending flag-1 self-event moves to t.
    if (name === 'net_event' && vals.length === 1) return { pre: [...pre, { k: 'netEvent', time: vals[0] }], e: num(0) };
    if (name === 'net_move' && vals.length === 1) return { pre: [...pre, { k: 'netMove', time: vals[0] }], e: num(0) };
    if (name === 'at_time' && vals.length === 1) {
      // NEURON's fixed-step at_time(te) (cvodestb.cpp): 1 when te − 1e-11 falls in (t − dt, t], else 0; it only matters to CVODE.
      const x = bin('-', vals[0], num(1e-11));
      return { pre, e: { k: 'cond', c: { k: 'cmp', op: '<=', a: x, b: { k: 't' } }, a: truth({ k: 'cmp', op: '>', a: x, b: bin('-', { k: 't' }, { k: 'dt' }) }), b: num(0) } };
    }
    const target = this.blocks.get(name);
    if (!target || (target.kind !== 'function' && target.kind !== 'procedure')) return this.refuse(pos, `${name}()`, `${name}() is not yet supported by NeuroWire's code generator`);
    const table = this.tableOf.get(name);
    if (table && !this.building.has(name)) return this.tableLookup(name, target, table, vals, scope, pre, pos, asValue);
    if (this.inlining.includes(name)) return this.refuse(pos, 'recursion', `${name}() calls itself; recursive functions are not yet supported by NeuroWire's code generator`);
    this.inlining.push(name);
    try {
      // Arguments and the function's value are locals of the inlined body (its own scope: only globals and its args).
      const inner = new Map<string, Binding>();
      target.args.forEach((a, k) => {
        const local = this.localName(a.name);
        inner.set(a.name, { k: 'local', name: local });
        pre.push({ k: 'let', name: local, e: vals[k] ?? num(0) });
      });
      let result: KExpr = num(0);
      if (target.kind === 'function') {
        const r = this.localName(name);
        inner.set(name, { k: 'local', name: r });
        pre.push({ k: 'let', name: r, e: num(0) });
        result = { k: 'local', name: r };
      } else if (asValue) {
        this.refuse(pos, `${name}()`, `${name} is a PROCEDURE and has no value`);
      }
      pre.push(...this.block(target.body, inner, target.kind));
      return { pre, e: result };
    } finally {
      this.inlining.pop();
    }
  }
}

/** A condition from a value: nonzero is true. */
function nonzero(e: KExpr): KExpr {
  return e.k === 'cond' && e.a.k === 'num' && e.a.v === 1 && e.b.k === 'num' && e.b.v === 0 ? e.c : { k: 'cmp', op: '!=', a: e, b: num(0) };
}

// ----------------------------------------------------------------------------- symbolic algebra

/** ∂e/∂x for a state x read as a field, or null where it is not differentiable here (conditions, calls of x other than exp/log/pow). */
function derive(e: KExpr, x: string): KExpr | null {
  switch (e.k) {
    case 'num':
    case 'v':
    case 'toDensity':
    case 'diam':
    case 'area':
    case 'ion':
    case 'dt':
    case 'celsius':
    case 't':
    case 'local':
    case 'arg':
      return num(0);
    case 'field':
      return num(e.name === x ? 1 : 0);
    case 'neg': {
      const d = derive(e.a, x);
      return d && { k: 'neg', a: d };
    }
    case 'bin': {
      const da = derive(e.a, x);
      const db = derive(e.b, x);
      if (!da || !db) return null;
      switch (e.op) {
        case '+':
          return bin('+', da, db);
        case '-':
          return bin('-', da, db);
        case '*':
          return bin('+', bin('*', da, e.b), bin('*', e.a, db));
        case '/':
          // (a/b)' = a'/b − a·b'/b²
          return bin('-', bin('/', da, e.b), bin('/', bin('*', e.a, db), bin('*', e.b, e.b)));
      }
      return null;
    }
    case 'call':
      return e.args.every((a) => isConstantIn(a, x)) ? num(0) : null;
    case 'cmp':
    case 'cond':
    case 'tableAt':
      return isConstantIn(e, x) ? num(0) : null;
  }
}

/** True when the statements or the expression read field x. */
function readsField(e: KStmt[] | KExpr, x: string): boolean {
  if (Array.isArray(e)) {
    return e.some((s) => {
      switch (s.k) {
        case 'if':
          return readsField(s.c, x) || readsField(s.then, x) || readsField(s.else ?? [], x);
        case 'for':
          return readsField(s.body, x);
        case 'storeTable':
          return readsField(s.index, x) || readsField(s.e, x);
        case 'netSend':
          return readsField(s.delay, x) || readsField(s.flag, x);
        case 'netEvent':
        case 'netMove':
          return readsField(s.time, x);
        case 'while':
          return readsField(s.pre ?? [], x) || readsField(s.c, x) || readsField(s.body, x);
        case 'forNetCons':
          return readsField(s.body, x);
        case 'watchFire':
          return readsField(s.flag, x);
        case 'random':
          return s.args.some((a) => readsField(a, x));
        default:
          return readsField(s.e, x);
      }
    });
  }
  return !isConstantIn(e, x);
}

/** True when e does not read field x. */
function isConstantIn(e: KExpr, x: string): boolean {
  switch (e.k) {
    case 'field':
      return e.name !== x;
    case 'neg':
      return isConstantIn(e.a, x);
    case 'bin':
    case 'cmp':
      return isConstantIn(e.a, x) && isConstantIn(e.b, x);
    case 'call':
      return e.args.every((a) => isConstantIn(a, x));
    case 'cond':
      return isConstantIn(e.c, x) && isConstantIn(e.a, x) && isConstantIn(e.b, x);
    case 'tableAt':
      return isConstantIn(e.index, x);
    default:
      return true;
  }
}

/** e with field x replaced by r. */
function substitute(e: KExpr, x: string, r: KExpr): KExpr {
  switch (e.k) {
    case 'field':
      return e.name === x ? r : e;
    case 'neg':
      return { k: 'neg', a: substitute(e.a, x, r) };
    case 'bin':
      return bin(e.op, substitute(e.a, x, r), substitute(e.b, x, r));
    case 'cmp':
      return { k: 'cmp', op: e.op, a: substitute(e.a, x, r), b: substitute(e.b, x, r) };
    case 'call':
      return { k: 'call', fn: e.fn, args: e.args.map((a) => substitute(a, x, r)) };
    case 'cond':
      return { k: 'cond', c: substitute(e.c, x, r), a: substitute(e.a, x, r), b: substitute(e.b, x, r) };
    default:
      return e;
  }
}

function isZero(e: KExpr | null): boolean {
  return e !== null && e.k === 'num' && e.v === 0;
}

/** Fold the 0s and 1s that differentiation leaves (exactly: x·1 = x, x + 0 = x, 0·x = 0 only for finite x — kept as NaN-safe as nocmodl's own simplification). */
function simplify(e: KExpr | null): KExpr | null {
  if (e === null) return null;
  switch (e.k) {
    case 'neg': {
      const a = simplify(e.a)!;
      if (a.k === 'num') return num(-a.v);
      if (a.k === 'neg') return a.a;
      return { k: 'neg', a };
    }
    case 'bin': {
      const a = simplify(e.a)!;
      const b = simplify(e.b)!;
      const z = (x: KExpr) => x.k === 'num' && x.v === 0;
      const one = (x: KExpr) => x.k === 'num' && x.v === 1;
      switch (e.op) {
        case '+':
          if (z(a)) return b;
          if (z(b)) return a;
          break;
        case '-':
          if (z(b)) return a;
          if (z(a)) return { k: 'neg', a: b };
          break;
        case '*':
          if (z(a) || z(b)) return num(0);
          if (one(a)) return b;
          if (one(b)) return a;
          break;
        case '/':
          if (z(a)) return num(0);
          if (one(b)) return a;
          break;
      }
      return bin(e.op, a, b);
    }
    default:
      return e;
  }
}
