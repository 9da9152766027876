/**
 * The NMODL checker: a parsed .mod file → the checked model (symbol table, kind, ions, solves,
 * tables) that the kernel generator works from, or every error found, each as
 * `file.mod:line:col: message`. Refuses what NeuroWire does not support with
 * `<construct> is not supported` (never a silent difference from NEURON).
 */
import type { Arg, Block, Diagnostic, Expr, ModFile, Pos, Stmt, StringLit, TopBlock, VarDecl, VarRef } from './ast.ts';
import type { CommentText } from './lexer.ts';
import { quoteText } from './lexer.ts';
import { parseMod } from './parser.ts';
import { checkUnits } from './units.ts';
import {
  BUILTIN_FUNCS,
  BUILTIN_MECHANISMS,
  BUILTIN_VARS,
  EVENT_FUNCS,
  ION_VALENCE,
  METHODS,
  READ_ONLY_VARS,
  UNSUPPORTED_FUNCS,
  UNSUPPORTED_METHODS,
  ionVariables,
} from './symbols.ts';

export type MechKind = 'density' | 'point' | 'artificial';

export type VarKind = 'parameter' | 'constant' | 'state' | 'assigned' | 'independent' | 'builtin' | 'unit_factor';

/** A file-level variable. */
export interface VarSymbol {
  readonly name: string;
  readonly kind: VarKind;
  readonly unit?: string;
  readonly size?: number;
  /** Default (PARAMETER, CONSTANT, UNITS factor value) or START value. */
  readonly value?: number;
  readonly limits?: readonly [number, number];
  readonly fromTo?: readonly [number, number];
  /** Declared by the file (false: implied by USEION / NONSPECIFIC_CURRENT or NEURON itself). */
  readonly declared: boolean;
  readonly pos?: Pos;
  /** In a RANGE (per segment / per instance) or GLOBAL statement. */
  range: boolean;
  global: boolean;
  /** The ion it belongs to, for USEION variables. */
  ion?: string;
}

export interface CallableSymbol {
  readonly name: string;
  readonly kind: 'function' | 'procedure' | 'builtin';
  /** Number of arguments; null for any (printf). */
  readonly arity: number | null;
  readonly args: readonly Arg[];
  readonly unit?: string;
  readonly pos?: Pos;
}

export interface IonUse {
  readonly name: string;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly valence: number;
  readonly pos: Pos;
}

export interface SolveUse {
  readonly block: string;
  readonly blockKind: 'derivative' | 'kinetic' | 'procedure';
  /** The method (derivimplicit when a DERIVATIVE's SOLVE names none, as in NEURON); none for a PROCEDURE (or after_cvode, which runs it the same with fixed steps). */
  readonly method?: string;
  readonly steadystate: boolean;
  /** Where the SOLVE is: breakpoint, initial, function or procedure. */
  readonly in: string;
  readonly pos: Pos;
}

export interface TableUse {
  /** The FUNCTION or PROCEDURE holding the TABLE. */
  readonly in: string;
  readonly names: readonly string[];
  readonly depend: readonly string[];
  readonly from: Expr;
  readonly to: Expr;
  readonly with: number;
  readonly pos: Pos;
}

/** A .mod file that checked: everything the generator and the catalogue need. */
export interface CheckedModel {
  readonly file: string;
  readonly ast: ModFile;
  readonly comments: readonly CommentText[];
  readonly kind: MechKind;
  readonly name: string;
  readonly threadsafe: boolean;
  readonly vars: ReadonlyMap<string, VarSymbol>;
  readonly callables: ReadonlyMap<string, CallableSymbol>;
  readonly ions: readonly IonUse[];
  readonly nonspecific: readonly string[];
  readonly electrode: readonly string[];
  readonly solves: readonly SolveUse[];
  readonly tables: readonly TableUse[];
  /** The NET_RECEIVE arguments, when it has one. */
  readonly netReceive?: readonly Arg[];
  /** DERIVATIVE and KINETIC blocks by name. */
  readonly blocks: ReadonlyMap<string, 'derivative' | 'kinetic'>;
}

export type CheckResult = { ok: true; model: CheckedModel; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface CheckOptions {
  /** Allow a mechanism to take the name of a NeuroWire built-in (for compiling the built-ins from their own .mod). */
  allowBuiltinNames?: boolean;
  /**
   * Unit mismatches (units.ts, as NEURON's modlunit flags them) are warnings by default, because
   * nocmodl compiles such files (7 of NEURON's own zoo files); true makes them errors.
   */
  strictUnits?: boolean;
}

/** Parse and check a .mod file's text; `file` names it in messages. */
export function checkModText(text: string, file: string, opts: CheckOptions = {}): CheckResult {
  const p = parseMod(text, file);
  if (!p.ok) return { ok: false, errors: [p.error], warnings: [] };
  const r = checkMod(p.ast, p.comments, opts);
  const units = checkUnits(p.ast);
  if (!units.length) return r;
  if (!opts.strictUnits) return { ...r, warnings: [...r.warnings, ...units] };
  const errors = [...(r.ok ? [] : r.errors), ...units].sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, errors, warnings: r.warnings };
}

/** Block kinds a statement may be in, for the rules that depend on it. */
type Where = 'initial' | 'breakpoint' | 'derivative' | 'kinetic' | 'function' | 'procedure' | 'net_receive' | 'ba' | 'other';

interface Scope {
  readonly names: Set<string>;
  readonly parent?: Scope;
}

/** Check a parsed .mod file. */
export function checkMod(ast: ModFile, comments: readonly CommentText[], opts: CheckOptions = {}): CheckResult {
  return new Checker(ast, comments, opts).run();
}

class Checker {
  private readonly errors: Diagnostic[] = [];
  private readonly warnings: Diagnostic[] = [];
  private readonly vars = new Map<string, VarSymbol>();
  private readonly callables = new Map<string, CallableSymbol>();
  private readonly blocks = new Map<string, 'derivative' | 'kinetic'>();
  private readonly ions: IonUse[] = [];
  private readonly nonspecific: string[] = [];
  private readonly electrode: string[] = [];
  private readonly solves: SolveUse[] = [];
  private readonly tables: TableUse[] = [];
  private kind: MechKind = 'density';
  private name = '';
  private threadsafe = false;
  private netReceive?: readonly Arg[];
  private topLocals = new Set<string>();

  constructor(
    private readonly ast: ModFile,
    private readonly comments: readonly CommentText[],
    private readonly opts: CheckOptions,
  ) {}

  private error(pos: Pos, message: string): void {
    this.errors.push({ file: this.ast.file, line: pos.line, col: pos.col, message });
  }

  private refuse(pos: Pos, construct: string): void {
    this.errors.push({ file: this.ast.file, line: pos.line, col: pos.col, message: `${construct} is not supported`, unsupported: construct });
  }

  private warn(pos: Pos, message: string): void {
    this.warnings.push({ file: this.ast.file, line: pos.line, col: pos.col, message });
  }

  run(): CheckResult {
    this.declare();
    this.neuron();
    for (const b of this.ast.blocks) this.body(b);
    this.sortErrors();
    if (this.errors.length) return { ok: false, errors: this.errors, warnings: this.warnings };
    return {
      ok: true,
      warnings: this.warnings,
      model: {
        file: this.ast.file,
        ast: this.ast,
        comments: this.comments,
        kind: this.kind,
        name: this.name,
        threadsafe: this.threadsafe,
        vars: this.vars,
        callables: this.callables,
        ions: this.ions,
        nonspecific: this.nonspecific,
        electrode: this.electrode,
        solves: this.solves,
        tables: this.tables,
        netReceive: this.netReceive,
        blocks: this.blocks,
      },
    };
  }

  private sortErrors(): void {
    this.errors.sort((a, b) => a.line - b.line || a.col - b.col);
  }

  // ------------------------------------------------------------ declarations

  private addVar(d: VarDecl, kind: VarKind): void {
    if (BUILTIN_VARS.has(d.name)) {
      // `v (mV)` or `celsius = 6.3 (degC)` in PARAMETER: NEURON's own variable, the unit for the reader.
      if (d.name === 'PI') this.error(d.pos, `PI is a constant of NEURON and cannot be declared`);
      this.vars.set(d.name, { name: d.name, kind: 'builtin', unit: d.unit ?? BUILTIN_VARS.get(d.name), declared: true, pos: d.pos, range: false, global: false });
      return;
    }
    const old = this.vars.get(d.name);
    if (old?.declared) {
      this.error(d.pos, `'${quoteText(d.name)}' is declared twice (first at line ${old.pos?.line})`);
      return;
    }
    this.vars.set(d.name, {
      name: d.name,
      kind,
      unit: d.unit,
      size: d.size,
      value: d.value,
      limits: d.limits,
      fromTo: d.fromTo,
      declared: true,
      pos: d.pos,
      range: false,
      global: false,
    });
  }

  private declare(): void {
    for (const [name, unit] of BUILTIN_VARS) this.vars.set(name, { name, kind: 'builtin', unit, declared: false, range: false, global: false });
    for (const b of this.ast.blocks) {
      switch (b.kind) {
        case 'parameter':
        case 'constant':
        case 'state':
        case 'assigned':
          for (const d of b.decls) this.addVar(d, b.kind);
          break;
        case 'independent':
          for (const d of b.decls) if (d.name !== 't') this.refuse(d.pos, `an INDEPENDENT variable other than t ('${quoteText(d.name)}')`);
          break;
        case 'units':
          for (const u of b.defs) {
            if (u.kind !== 'factor') continue;
            if (this.vars.get(u.name)?.declared) this.error(u.pos, `'${quoteText(u.name)}' is declared twice`);
            else this.vars.set(u.name, { name: u.name, kind: 'unit_factor', unit: u.to, value: u.value, declared: true, pos: u.pos, range: false, global: false });
          }
          break;
        case 'local':
          for (const n of b.names) this.topLocals.add(n.name);
          break;
        case 'function':
        case 'procedure':
          if (this.callables.has(b.name)) this.error(b.pos, `${b.kind === 'function' ? 'FUNCTION' : 'PROCEDURE'} '${quoteText(b.name)}' is defined twice`);
          else if (BUILTIN_FUNCS.has(b.name)) this.error(b.pos, `'${quoteText(b.name)}' is a built-in function of NMODL and cannot be redefined`);
          else this.callables.set(b.name, { name: b.name, kind: b.kind, arity: b.args.length, args: b.args, unit: b.unit, pos: b.pos });
          break;
        case 'derivative':
        case 'kinetic':
          if (this.blocks.has(b.name)) this.error(b.pos, `block '${quoteText(b.name)}' is defined twice`);
          this.blocks.set(b.name, b.kind);
          break;
        default:
          break;
      }
    }
    // Every STATE x has a GLOBAL x0 that NEURON uses as its initial value when INITIAL does not set it.
    for (const v of [...this.vars.values()]) {
      if (v.kind === 'state' && !this.vars.has(`${v.name}0`)) this.vars.set(`${v.name}0`, { name: `${v.name}0`, kind: 'parameter', unit: v.unit, value: 0, declared: false, range: false, global: false });
    }
    for (const [name] of this.callables) {
      const v = this.vars.get(name);
      if (v?.declared && v.pos) this.error(v.pos, `'${quoteText(name)}' is both a variable and a FUNCTION or PROCEDURE`);
    }
  }

  /** The NEURON block(s): kind, name, ions, currents, RANGE/GLOBAL. */
  private neuron(): void {
    let named: Pos | undefined;
    const lists: { kind: 'RANGE' | 'GLOBAL'; name: string; pos: Pos }[] = [];
    for (const b of this.ast.blocks) {
      if (b.kind !== 'neuron') continue;
      for (const s of b.stmts) {
        switch (s.kind) {
          case 'SUFFIX':
          case 'POINT_PROCESS':
          case 'ARTIFICIAL_CELL': {
            const n = s.names[0];
            if (named) this.error(s.pos, `a second mechanism name '${quoteText(n.name)}' (the first is at line ${named.line})`);
            named = s.pos;
            this.name = n.name;
            this.kind = s.kind === 'SUFFIX' ? 'density' : s.kind === 'POINT_PROCESS' ? 'point' : 'artificial';
            if (!this.opts.allowBuiltinNames && BUILTIN_MECHANISMS.includes(n.name)) this.error(n.pos, `'${n.name}' is the name of a built-in mechanism; rename the ${s.kind}`);
            break;
          }
          case 'USEION':
            if (s.ion) this.useIon(s.ion);
            break;
          case 'NONSPECIFIC_CURRENT':
          case 'ELECTRODE_CURRENT':
            for (const n of s.names) {
              (s.kind === 'NONSPECIFIC_CURRENT' ? this.nonspecific : this.electrode).push(n.name);
              this.implied(n.name, 'mA/cm2');
            }
            break;
          case 'RANGE':
          case 'GLOBAL':
            for (const n of s.names) lists.push({ kind: s.kind, name: n.name, pos: n.pos });
            break;
          case 'POINTER':
          case 'BBCOREPOINTER':
          case 'EXTERNAL':
          case 'RANDOM':
            this.refuse(s.pos, s.kind);
            break;
          case 'THREADSAFE':
            this.threadsafe = true;
            break;
          case 'REPRESENTS':
            break;
        }
      }
    }
    if (!named) this.name = this.ast.file.replace(/^.*[/\\]/, '').replace(/\.mod$/, '');
    for (const l of lists) {
      let v = this.vars.get(l.name);
      if (v && !v.declared && v.kind === 'builtin') {
        this.error(l.pos, `'${l.name}' belongs to NEURON and cannot be in ${l.kind}`);
        continue;
      }
      if (!v) {
        // nocmodl accepts an undeclared RANGE/GLOBAL name as an ASSIGNED variable.
        this.warn(l.pos, `${l.kind} '${quoteText(l.name)}' is not declared; it is taken as ASSIGNED, as NEURON does`);
        v = { name: l.name, kind: 'assigned', declared: false, range: false, global: false, pos: l.pos };
        this.vars.set(l.name, v);
      }
      if (l.kind === 'GLOBAL' && v.kind === 'state') this.error(l.pos, `'${quoteText(l.name)}' is a STATE and cannot be GLOBAL`);
      if (l.kind === 'RANGE') v.range = true;
      else v.global = true;
    }
  }

  /** A variable NEURON provides through a NEURON statement when the file does not declare it. */
  private implied(name: string, unit: string, ion?: string): void {
    const v = this.vars.get(name);
    if (v) {
      if (ion) v.ion = ion;
      return;
    }
    this.vars.set(name, { name, kind: 'assigned', unit, declared: false, range: false, global: false, ion });
  }

  private useIon(u: { name: string; read: readonly { name: string; pos: Pos }[]; write: readonly { name: string; pos: Pos }[]; valence?: number; pos: Pos }): void {
    const iv = ionVariables(u.name);
    const allowed = [iv.e, iv.i, iv.o, iv.cur];
    const units: Record<string, string> = { [iv.e]: 'mV', [iv.i]: 'mM', [iv.o]: 'mM', [iv.cur]: 'mA/cm2' };
    for (const n of [...u.read, ...u.write]) {
      if (!allowed.includes(n.name)) {
        this.error(n.pos, `'${quoteText(n.name)}' is not a variable of ion ${u.name} (${allowed.join(', ')})`);
        continue;
      }
      this.implied(n.name, units[n.name], u.name);
    }
    if (this.ions.some((i) => i.name === u.name)) this.error(u.pos, `USEION ${u.name} appears twice`);
    const valence = u.valence ?? ION_VALENCE.get(u.name);
    if (valence === undefined) {
      this.error(u.pos, `USEION ${quoteText(u.name)} needs a VALENCE (NEURON knows only na, k and ca)`);
      return;
    }
    this.ions.push({ name: u.name, read: u.read.map((n) => n.name), write: u.write.map((n) => n.name), valence, pos: u.pos });
  }

  // ------------------------------------------------------------ code blocks

  private body(b: TopBlock): void {
    switch (b.kind) {
      case 'verbatim':
        this.refuse(b.pos, 'VERBATIM');
        return;
      case 'include':
        this.refuse(b.pos, 'INCLUDE');
        return;
      case 'linear':
      case 'nonlinear':
      case 'discrete':
        this.refuse(b.pos, b.kind.toUpperCase());
        return;
      case 'function_table':
        this.refuse(b.pos, 'FUNCTION_TABLE');
        return;
      case 'constructor':
      case 'destructor':
        this.refuse(b.pos, b.kind.toUpperCase());
        return;
      case 'before':
      case 'after': {
        // nocmodl accepts every pair, but NEURON 8.2 registers only these (hoc_reg_ba, init.cpp) and
        // exits when it loads a mechanism with another.
        const what = `${b.kind.toUpperCase()} ${b.when}`;
        if (!['BEFORE BREAKPOINT', 'AFTER SOLVE', 'BEFORE INITIAL', 'AFTER INITIAL', 'BEFORE STEP'].includes(what)) {
          this.error(b.pos, `${what} is not run by NEURON (it exits when loading the mechanism: "before-after processing … not implemented"); use BEFORE BREAKPOINT, AFTER SOLVE, BEFORE INITIAL, AFTER INITIAL or BEFORE STEP`);
          return;
        }
        this.blockIn(b.body, 'ba', { names: new Set(this.topLocals) });
        return;
      }
      case 'initial':
        this.blockIn(b.body, 'initial', { names: new Set(this.topLocals) });
        return;
      case 'breakpoint':
        this.blockIn(b.body, 'breakpoint', { names: new Set(this.topLocals) });
        return;
      case 'derivative':
      case 'kinetic':
        this.blockIn(b.body, b.kind, { names: new Set(this.topLocals) });
        return;
      case 'function':
      case 'procedure': {
        // Inside a FUNCTION its own name is the return value.
        const names = new Set([...this.topLocals, ...b.args.map((a) => a.name), ...(b.kind === 'function' ? [b.name] : [])]);
        this.dupArgs(b.args);
        this.blockIn(b.body, b.kind, { names }, b.name);
        return;
      }
      case 'net_receive':
        if (this.kind === 'density') this.error(b.pos, 'NET_RECEIVE needs a POINT_PROCESS or ARTIFICIAL_CELL');
        if (b.args.length === 0) this.error(b.pos, 'NET_RECEIVE must have at least one argument (the weight)');
        this.dupArgs(b.args);
        this.netReceive = b.args;
        this.blockIn(b.body, 'net_receive', { names: new Set([...this.topLocals, ...b.args.map((a) => a.name), 'flag']) });
        return;
      default:
        return;
    }
  }

  private dupArgs(args: readonly Arg[]): void {
    const seen = new Set<string>();
    for (const a of args) {
      if (seen.has(a.name)) this.error(a.pos, `argument '${quoteText(a.name)}' appears twice`);
      seen.add(a.name);
    }
  }

  private blockIn(b: Block, where: Where, scope: Scope, owner?: string): void {
    const names = new Set<string>();
    for (const l of b.locals) {
      if (names.has(l.name)) this.error(l.pos, `LOCAL '${quoteText(l.name)}' is declared twice`);
      names.add(l.name);
    }
    const inner: Scope = { names, parent: scope };
    for (const s of b.body) this.stmt(s, where, inner, owner);
  }

  private known(name: string, scope: Scope | undefined): boolean {
    for (let s = scope; s; s = s.parent) if (s.names.has(name)) return true;
    return false;
  }

  private stmt(s: Stmt, where: Where, scope: Scope, owner?: string): void {
    switch (s.kind) {
      case 'assign':
        this.assignTarget(s.target, where, scope);
        this.expr(s.value, where, scope);
        return;
      case 'call':
        this.call(s.call, where, scope);
        return;
      case 'block':
        this.blockIn(s, where, scope, owner);
        return;
      case 'if':
        this.expr(s.cond, where, scope);
        this.blockIn(s.then, where, scope, owner);
        if (s.else) this.stmt(s.else, where, scope, owner);
        return;
      case 'while':
        this.expr(s.cond, where, scope);
        this.blockIn(s.body, where, scope, owner);
        return;
      case 'from': {
        this.expr(s.from, where, scope);
        this.expr(s.to, where, scope);
        if (s.by) this.expr(s.by, where, scope);
        this.blockIn(s.body, where, { names: new Set([s.index]), parent: scope }, owner);
        return;
      }
      case 'solve':
        this.solve(s, where);
        return;
      case 'table':
        if (where !== 'function' && where !== 'procedure') {
          this.error(s.pos, 'TABLE belongs in a FUNCTION or PROCEDURE');
          return;
        }
        if (owner) {
          const c = this.callables.get(owner);
          if (c && c.arity !== 1) this.error(s.pos, `a FUNCTION or PROCEDURE with a TABLE must have exactly one argument ('${quoteText(owner)}' has ${c.arity})`);
          if (c?.kind === 'procedure' && s.names.length === 0) this.error(s.pos, 'the TABLE of a PROCEDURE must name the variables it tabulates');
        }
        for (const n of [...s.names, ...s.depend]) if (!this.vars.has(n.name)) this.error(n.pos, `TABLE variable '${quoteText(n.name)}' is not declared`);
        for (const n of s.names) {
          const v = this.vars.get(n.name);
          if (v && v.kind !== 'assigned') this.error(n.pos, `TABLE variable '${quoteText(n.name)}' must be ASSIGNED (it is ${v.kind.toUpperCase()})`);
        }
        this.expr(s.from, where, scope);
        this.expr(s.to, where, scope);
        this.tables.push({ in: owner ?? '', names: s.names.map((n) => n.name), depend: s.depend.map((n) => n.name), from: s.from, to: s.to, with: s.with, pos: s.pos });
        return;
      case 'reaction':
        for (const t of [...s.left, ...s.right]) this.reactRef(t.ref, scope, 'in a reaction');
        this.expr(s.rate1, where, scope);
        if (s.rate2) this.expr(s.rate2, where, scope);
        return;
      case 'conserve':
        for (const t of s.terms) this.reactRef(t.ref, scope, 'in CONSERVE', true);
        this.expr(s.value, where, scope);
        return;
      case 'compartment':
        if (s.longitudinal) {
          this.refuse(s.pos, 'LONGITUDINAL_DIFFUSION');
          return;
        }
        if (where !== 'kinetic') this.error(s.pos, 'COMPARTMENT belongs in a KINETIC block');
        this.expr(s.volume, where, s.index ? { names: new Set([s.index]), parent: scope } : scope);
        for (const n of s.names) {
          const v = this.vars.get(n.name);
          // nocmodl drops names that are not STATEs (e.g. cao held constant), so only undeclared ones are errors.
          if (!v) this.error(n.pos, `'${quoteText(n.name)}' in COMPARTMENT is not declared`);
        }
        return;
      case 'equation':
        this.expr(s.left, where, scope);
        this.expr(s.right, where, scope);
        return;
      case 'watch':
        if (where !== 'net_receive') this.error(s.pos, 'WATCH belongs in NET_RECEIVE');
        for (const w of s.items) {
          this.expr(w.left, where, scope);
          this.expr(w.right, where, scope);
          this.expr(w.flag, where, scope);
        }
        return;
      case 'fornetcons':
        if (where !== 'net_receive') this.error(s.pos, 'FOR_NETCONS belongs in NET_RECEIVE');
        else if (this.netReceive && s.args.length !== this.netReceive.length)
          this.error(s.pos, `FOR_NETCONS has ${s.args.length} argument(s) but NET_RECEIVE has ${this.netReceive.length}`);
        this.blockIn(s.body, where, { names: new Set(s.args.map((a) => a.name)), parent: scope });
        return;
      case 'initial':
        this.blockIn(s.body, 'net_receive', scope);
        return;
      case 'verbatim':
        this.refuse(s.pos, 'VERBATIM');
        return;
      case 'lag':
        this.refuse(s.pos, 'LAG');
        return;
      case 'conductance':
      case 'marker':
        return;
    }
  }

  private solve(s: Extract<Stmt, { kind: 'solve' }>, where: Where): void {
    if (where !== 'breakpoint' && where !== 'initial' && where !== 'function' && where !== 'procedure') {
      this.error(s.pos, 'SOLVE belongs in BREAKPOINT, INITIAL, a FUNCTION or a PROCEDURE');
      return;
    }
    const bk = this.blocks.get(s.block);
    const proc = this.callables.get(s.block);
    const mpos = s.methodPos ?? s.pos;
    // after_cvode only matters to CVODE (nocmodl's solve.cpp drops the method for a PROCEDURE): with
    // fixed steps the PROCEDURE runs in nrn_state, after v is advanced, like a plain SOLVE of it.
    if (s.method === 'after_cvode' && proc?.kind === 'procedure' && !bk && where === 'breakpoint') {
      if (proc.arity !== 0) this.error(s.pos, `SOLVE of PROCEDURE '${quoteText(s.block)}' needs a PROCEDURE without arguments`);
      this.solves.push({ block: s.block, blockKind: 'procedure', method: s.method, steadystate: false, in: where, pos: s.pos });
      return;
    }
    if (s.method && UNSUPPORTED_METHODS.has(s.method)) {
      this.refuse(mpos, `METHOD ${s.method}`);
      return;
    }
    if (s.method && !METHODS.has(s.method)) {
      this.error(mpos, `unknown method '${quoteText(s.method)}' (cnexp, derivimplicit, sparse or euler)`);
      return;
    }
    if (bk) {
      // Without METHOD nocmodl uses derivimplicit for a DERIVATIVE block and _advance for a KINETIC one (solve.cpp).
      if (!s.method && bk === 'kinetic') {
        this.refuse(s.pos, `SOLVE of a KINETIC block without METHOD (NEURON's _advance; write METHOD sparse)`);
        return;
      }
      const block = this.ast.blocks.find((b) => (b.kind === 'derivative' || b.kind === 'kinetic') && b.name === s.block);
      // nocmodl generates the solver where it meets the block, so it needs a SOLVE of it first (later ones may follow it).
      if (block && block.pos.offset < s.pos.offset && !this.solves.some((u) => u.block === s.block)) this.error(s.pos, `SOLVE ${quoteText(s.block)} must come before the ${bk.toUpperCase()} block ${quoteText(s.block)} (line ${block.pos.line}), as NEURON requires`);
      const method = s.method ?? 'derivimplicit';
      if (!(METHODS.get(method) ?? []).includes(bk)) this.error(mpos, `METHOD ${method} cannot solve the ${bk.toUpperCase()} block '${quoteText(s.block)}'`);
      this.solves.push({ block: s.block, blockKind: bk, method, steadystate: s.steadystate, in: where, pos: s.pos });
      return;
    }
    if (proc?.kind === 'procedure' && !s.method) {
      if (proc.arity !== 0) this.error(s.pos, `SOLVE of PROCEDURE '${quoteText(s.block)}' needs a PROCEDURE without arguments`);
      this.solves.push({ block: s.block, blockKind: 'procedure', steadystate: false, in: where, pos: s.pos });
      return;
    }
    const unsupportedKind = this.ast.blocks.find((b) => (b.kind === 'linear' || b.kind === 'nonlinear' || b.kind === 'discrete') && b.name === s.block);
    if (unsupportedKind) return; // refused at the block itself
    this.error(s.pos, `SOLVE '${quoteText(s.block)}': there is no DERIVATIVE, KINETIC or PROCEDURE block of that name`);
  }

  /**
   * A reaction or CONSERVE operand. nocmodl (kinetic.cpp) allows a STATE, or a PARAMETER,
   * CONSTANT or ASSIGNED held fixed in a reaction; CONSERVE takes STATEs only.
   */
  private reactRef(r: VarRef, scope: Scope, what: string, statesOnly = false): void {
    if (this.known(r.name, scope)) {
      this.error(r.pos, `'${quoteText(r.name)}' ${what} must be a STATE, not a LOCAL or argument`);
      return;
    }
    const v = this.vars.get(r.name);
    if (!v) this.error(r.pos, `'${quoteText(r.name)}' is not declared`);
    else if (statesOnly ? v.kind !== 'state' : !['state', 'parameter', 'constant', 'assigned'].includes(v.kind))
      this.error(r.pos, `'${quoteText(r.name)}' ${what} must be a STATE${statesOnly ? '' : ', PARAMETER, CONSTANT or ASSIGNED'}`);
    if (r.index) this.expr(r.index, 'kinetic', scope);
  }

  private assignTarget(t: VarRef, where: Where, scope: Scope): void {
    if (t.index) this.expr(t.index, where, scope);
    if (t.order > 0) {
      const v = this.vars.get(t.name);
      if (where !== 'derivative') this.error(t.pos, `a derivative ${quoteText(t.name)}' belongs in a DERIVATIVE block`);
      else if (!v || v.kind !== 'state') this.error(t.pos, `'${quoteText(t.name)}' must be declared as a STATE to have a derivative`);
      if (t.order > 1) this.refuse(t.pos, 'a higher-order derivative');
      return;
    }
    if (this.known(t.name, scope)) return;
    const v = this.vars.get(t.name);
    if (!v) {
      this.undefinedVar(t.name, t.pos);
      return;
    }
    // nocmodl compiles an assignment to a CONSTANT or a UNITS factor (it changes the value for every instance): warned, not refused.
    if (v.kind === 'constant' || v.kind === 'unit_factor') this.warn(t.pos, `'${quoteText(t.name)}' is a ${v.kind === 'constant' ? 'CONSTANT' : 'UNITS constant'} and is assigned here`);
    else if (v.kind === 'builtin' && READ_ONLY_VARS.has(t.name)) this.error(t.pos, `'${t.name}' is a variable of NEURON and cannot be assigned in a mechanism`);
    else if (v.kind === 'parameter' && (where === 'breakpoint' || where === 'derivative' || where === 'kinetic'))
      this.warn(t.pos, `PARAMETER '${quoteText(t.name)}' is assigned in a block NEURON runs every step`);
    if (t.index === undefined && v.size !== undefined) this.error(t.pos, `'${quoteText(t.name)}' is an array: give an index`);
  }

  private undefinedVar(name: string, pos: Pos): void {
    if (this.callables.has(name) || BUILTIN_FUNCS.has(name)) this.error(pos, `'${quoteText(name)}' is a FUNCTION or PROCEDURE; call it with ( )`);
    else this.error(pos, `'${quoteText(name)}' is not declared (declare it in PARAMETER, ASSIGNED, STATE or LOCAL)`);
  }

  private expr(e: Expr | StringLit, where: Where, scope: Scope): void {
    switch (e.kind) {
      case 'number':
      case 'string':
        return;
      case 'paren':
        this.expr(e.expr, where, scope);
        return;
      case 'unary':
        this.expr(e.arg, where, scope);
        return;
      case 'binary':
        this.expr(e.left, where, scope);
        this.expr(e.right, where, scope);
        return;
      case 'call':
        this.call(e, where, scope);
        return;
      case 'var': {
        if (e.index) this.expr(e.index, where, scope);
        if (e.order > 0) {
          const v = this.vars.get(e.name);
          if (where !== 'derivative' || !v || v.kind !== 'state') this.error(e.pos, `derivative ${quoteText(e.name)}' is only defined for a STATE inside its DERIVATIVE block`);
          return;
        }
        if (this.known(e.name, scope)) return;
        if ((e.name === 'f_flux' || e.name === 'b_flux') && where === 'kinetic') return;
        if (!this.vars.has(e.name)) this.undefinedVar(e.name, e.pos);
        return;
      }
    }
  }

  private call(c: Extract<Expr, { kind: 'call' }>, where: Where, scope: Scope): void {
    for (const a of c.args) this.expr(a, where, scope);
    if (UNSUPPORTED_FUNCS.has(c.name)) {
      this.refuse(c.pos, `the function ${c.name}()`);
      return;
    }
    const user = this.callables.get(c.name);
    const arity = user ? user.arity : BUILTIN_FUNCS.get(c.name);
    if (arity === undefined) {
      if (this.known(c.name, scope) || this.vars.has(c.name)) this.error(c.pos, `'${quoteText(c.name)}' is a variable, not a FUNCTION or PROCEDURE`);
      else this.error(c.pos, `'${quoteText(c.name)}' is not a FUNCTION or PROCEDURE of this file nor a built-in function`);
      return;
    }
    if (arity !== null && c.args.length !== arity) this.error(c.pos, `'${quoteText(c.name)}' takes ${arity} argument${arity === 1 ? '' : 's'}, got ${c.args.length}`);
    if (!user && c.name !== 'printf') for (const a of c.args) if (a.kind === 'string') this.error(a.pos, `a string cannot be an argument of ${c.name}()`);
    // nocmodl's rules (parsact.cpp): net_send in INITIAL or NET_RECEIVE, net_event and net_move in NET_RECEIVE only.
    if (EVENT_FUNCS.has(c.name)) {
      if (this.kind === 'density') this.error(c.pos, `${c.name}() needs a POINT_PROCESS or ARTIFICIAL_CELL`);
      else if (c.name === 'net_send' && where !== 'net_receive' && where !== 'initial') this.error(c.pos, 'net_send() belongs in INITIAL or NET_RECEIVE');
      else if (c.name !== 'net_send' && where !== 'net_receive') this.error(c.pos, `${c.name}() belongs in NET_RECEIVE`);
      else if (c.name === 'net_send' && !this.ast.blocks.some((b) => b.kind === 'net_receive')) this.error(c.pos, 'net_send() needs a NET_RECEIVE block to receive the event');
    }
  }
}
