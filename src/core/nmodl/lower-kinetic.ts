/**
 * KINETIC blocks by METHOD sparse (and STEADYSTATE sparse), as NEURON 8.2's nocmodl
 * (src/nmodl/kinetic.cpp) writes them and scopmath's sparse.c / ssimplic.c solve them:
 *
 * - the block is a function that fills the backward-Euler system of its states, RHS(i) =
 *   −(x_i − x_i,old)/dt and M(i,i) = 1/dt, both × the state's COMPARTMENT size, then each
 *   reaction ~ A + B <-> C (kf, kb) adds its net flux f − b (f = kf·B·A, b = kb·C) to the rows of
 *   its states and ∂(f − b)/∂x to the matrix; `~ x << (flux)` adds a flux to x's row, `~ x ->
 *   (k)` an outflow k·x; each CONSERVE replaces one state's row by the conservation sum (the
 *   conserve rows come first; the diagonal is the last scalar STATE of the sum not yet taken);
 * - sparse(): Newton's method on that system, the correction solved by Gaussian elimination in
 *   the pivot order of sparse.c's minimum-ordering (computed here at compile time from the
 *   matrix's structure, fill-ins included, so the arithmetic is NEURON's operation for
 *   operation), x += Δ, states clamped at 0 for nonlinear schemes, until Σ|Δ| ≤ 1e-6 (at most 21
 *   iterations), then the block once more at the solution (its assignments, f_flux, b_flux);
 *   a scheme whose reactions are all first order (nocmodl's _linmat) takes one step. When it
 *   does not converge (a 22nd iteration) or a pivot is below 1e-20, sparse() returns early
 *   (states of that iteration, or unchanged, and no final pass) and the run goes on: nocmodl's
 *   thread-safe code (sparse_thread, _ss_sparse_thread) does not check the error. (A file that
 *   nocmodl cannot make thread-safe, such as cabpump.mod, stops the run there instead.)
 * - STEADYSTATE (ssimplic.c's _ss_sparse) at dt = 1e9: linear schemes by sparse() iterated,
 *   nonlinear ones by up to 7 single Newton steps until no state is below −1e-6, then sparse().
 *
 * nocmodl pastes a rate's text before `*state`, so a rate `a + b` multiplies only b (`a + b*A`);
 * this is reproduced. States are numbered as nocmodl's symbol table lists them (by first letter,
 * the most recently seen name first within a letter).
 */
import type { KExpr, KStmt } from '../cable/kernel-ir.ts';
import type { Block, Compartment, Conserve, Expr, Ident, Pos, Reaction, ReactTerm, Stmt, VarRef } from './ast.ts';
import type { CheckedModel } from './check.ts';

/** How a name reads in the kernel being generated: an IR local, a compile-time constant (a FROM loop variable) or an array of IR locals. */
export type Binding = { k: 'local'; name: string } | { k: 'const'; v: number } | { k: 'array'; names: string[] } | { k: 'arg'; j: number; fnc?: boolean };
export type Scope = Map<string, Binding>;

/** The field of element i of array x: `x[i]` (what a recorder of `x[i]` names). */
export function elementName(name: string, i: number): string {
  return `${name}[${i}]`;
}

/** What this module needs of the code generator (lower.ts). */
export interface KineticHost {
  readonly m: CheckedModel;
  expr(e: Expr, scope: Scope): { pre: KStmt[]; e: KExpr };
  stmt(s: Stmt, scope: Scope): KStmt[];
  blockLocals(b: Block, scope: Scope): { scope: Scope; init: KStmt[] };
  fromLoop(s: Extract<Stmt, { kind: 'from' }>, scope: Scope, each: (scope: Scope) => KStmt[]): KStmt[];
  elementIndex(name: string, index: Expr, size: number, scope: Scope): number;
  localName(name: string): string;
  refuse(pos: Pos | undefined, construct: string, what?: string): never;
  /** Generate with `dt` reading as the given value. */
  withDt<T>(dt: KExpr, f: () => T): T;
}

export interface KineticBlock {
  readonly name: string;
  readonly solvefor: readonly Ident[];
  readonly body: Block;
  readonly pos: Pos;
}

/** Lower a KINETIC block: `step` for SOLVE … METHOD sparse in BREAKPOINT, `steady` for SOLVE … STEADYSTATE sparse. */
export function lowerKinetic(h: KineticHost, block: KineticBlock, mode: 'step' | 'steady'): KStmt[] {
  const dt: KExpr = mode === 'steady' ? { k: 'num', v: 1e9 } : { k: 'dt' };
  return h.withDt(dt, () => new KineticLowering(h, block, dt).lower(mode));
}

const num = (v: number): KExpr => ({ k: 'num', v });
const loc = (name: string): KExpr => ({ k: 'local', name });
const bin = (op: '+' | '-' | '*' | '/', a: KExpr, b: KExpr): KExpr => ({ k: 'bin', op, a, b });
const field = (name: string): KExpr => ({ k: 'field', name });

/** Operators that bind looser than `*` in C: a factor pasted after such a rate's text multiplies only its last operand. */
const LOOSER = new Set(['+', '-', '<', '>', '<=', '>=', '==', '!=', '&&', '||']);

/** `<rate text> * factor` as C parses it (nocmodl concatenates text: `a + b` then `*A` is a + b·A). */
function timesText(e: Expr, factor: Expr): Expr {
  if (e.kind === 'binary' && LOOSER.has(e.op)) return { ...e, right: timesText(e.right, factor) };
  return { kind: 'binary', op: '*', left: e, right: factor, pos: e.pos };
}

type Flat = { k: 'ir'; ir: KStmt[] } | { k: 'reaction'; r: Reaction; scope: Scope } | { k: 'conserve'; c: Conserve; scope: Scope };

/** A reaction term resolved: its state row (when it is a solved STATE) and its AST reference. */
interface Term {
  readonly row: number | null;
  readonly coef: number;
  readonly ref: VarRef;
}

type Prepared =
  | { k: 'ir'; ir: KStmt[] }
  | {
      k: 'reaction';
      pre: KStmt[];
      f: KExpr;
      b: KExpr;
      rhs: Array<{ row: number; sign: '+' | '-'; coef: number }>;
      jac: Array<{ pre: KStmt[]; e: KExpr; ops: Array<{ row: number; col: number; sign: '+' | '-'; coef: number }> }>;
    }
  | { k: 'flux'; op: '<<' | '->'; pre: KStmt[]; rate: KExpr; x: KExpr; row: number }
  | { k: 'conserve'; eq: number; pre: KStmt[]; value: KExpr; terms: Array<{ col: number; coef: number; x: KExpr; cap: KExpr | null }> };

class KineticLowering {
  private readonly flat: Flat[] = [];
  private readonly compartments: Array<{ c: Compartment; scope: Scope }> = [];
  private readonly tag: number;
  private readonly F: string;
  private readonly B: string;
  /** Row of each state's first element (nocmodl's varnum). */
  private readonly base = new Map<string, number>();
  /** The field of each row. */
  private readonly slots: string[] = [];
  private ncons = 0;
  /** Compartment size per row (with the statements its expression needs), in nocmodl's order (scalars, then arrays). */
  private readonly caps: Array<{ row: number; pre: KStmt[]; e: KExpr }> = [];
  private readonly capOf = new Map<number, { pre: KStmt[]; e: KExpr }>();
  private linear = true;
  private prepared: Prepared[] = [];
  /** Structural nonzeros (fill-ins included) as "row,col", the pivot order and each row's place in it. */
  private readonly exists = new Set<string>();
  private pivots: number[] = [];
  private place: number[] = [];

  constructor(
    private readonly h: KineticHost,
    private readonly block: KineticBlock,
    private readonly dt: KExpr,
  ) {
    this.tag = Number(h.localName('kin').split('_')[1]);
    this.F = h.localName('f_flux');
    this.B = h.localName('b_flux');
  }

  private name(what: string): string {
    return `_K${this.tag}_${what}`;
  }
  private R(i: number): string {
    return this.name(`R${i}`);
  }
  private M(i: number, j: number): string {
    return this.name(`M${i}_${j}`);
  }
  private old(i: number): string {
    return this.name(`old${i}`);
  }

  lower(mode: 'step' | 'steady'): KStmt[] {
    const h = this.h;
    const { scope, init } = h.blockLocals(this.block.body, new Map());
    scope.set('f_flux', { k: 'local', name: this.F });
    scope.set('b_flux', { k: 'local', name: this.B });
    this.flat.push({ k: 'ir', ir: init });
    this.flatten(this.block.body.body, scope, false);
    this.number();
    this.prepare();
    this.order();
    const fail = this.name('fail');
    const out: KStmt[] = [];
    if (mode === 'step') out.push(...this.sparse(this.linear));
    else if (this.linear) out.push(...this.sparse(false));
    else {
      // ssimplic.c: up to 7 single Newton steps; when no state is below −1e-6, sparse() to convergence.
      const done = this.name('ssdone');
      const flag = this.name('ssflag');
      const step: KStmt[] = [
        ...this.sparse(true),
        {
          k: 'if',
          c: { k: 'cmp', op: '!=', a: loc(fail), b: num(0) },
          then: [{ k: 'let', name: done, e: num(1) }],
          else: [
            { k: 'let', name: flag, e: num(1) },
            ...this.slots.map((s): KStmt => ({ k: 'if', c: { k: 'cmp', op: '<', a: field(s), b: num(-1e-6) }, then: [{ k: 'store', field: s, e: num(0) }, { k: 'let', name: flag, e: num(0) }] })),
            { k: 'if', c: { k: 'cmp', op: '!=', a: loc(flag), b: num(0) }, then: [...this.sparse(false), { k: 'let', name: done, e: num(1) }] },
          ],
        },
      ];
      out.push({ k: 'let', name: done, e: num(0) });
      out.push({ k: 'for', counter: this.name('ssi'), count: 7, body: [{ k: 'if', c: { k: 'cmp', op: '==', a: loc(done), b: num(0) }, then: step }] });
    }
    return out;
  }

  // --------------------------------------------------------------------------- the block's statements

  private flatten(stmts: readonly Stmt[], scope: Scope, inLoop: boolean): void {
    const h = this.h;
    for (const s of stmts) {
      switch (s.kind) {
        case 'reaction':
          this.flat.push({ k: 'reaction', r: s, scope });
          break;
        case 'conserve':
          if (inLoop) h.refuse(s.pos, 'CONSERVE in a FROM loop', 'CONSERVE inside a FROM loop is not supported (nocmodl cannot generate it either)');
          this.flat.push({ k: 'conserve', c: s, scope });
          break;
        case 'compartment':
          if (s.longitudinal) h.refuse(s.pos, 'LONGITUDINAL_DIFFUSION');
          this.compartments.push({ c: s, scope });
          break;
        case 'block': {
          const b = h.blockLocals(s, scope);
          this.flat.push({ k: 'ir', ir: b.init });
          this.flatten(s.body, b.scope, inLoop);
          break;
        }
        case 'from':
          h.fromLoop(s, scope, (inner) => {
            const b = h.blockLocals(s.body, inner);
            this.flat.push({ k: 'ir', ir: b.init });
            this.flatten(s.body.body, b.scope, true);
            return [];
          });
          break;
        default: {
          const hidden = findKinetic(s);
          if (hidden) h.refuse(hidden.pos, `${hidden.what} inside ${s.kind}`, `a ${hidden.what} inside ${s.kind === 'if' ? 'if/else' : s.kind} in a KINETIC block is not yet supported by NeuroWire's code generator`);
          this.flat.push({ k: 'ir', ir: h.stmt(s, scope) });
        }
      }
    }
  }

  /** Is `ref` a STATE this block solves for? */
  private isState(ref: VarRef): boolean {
    const v = this.h.m.vars.get(ref.name);
    if (v?.kind !== 'state') return false;
    return this.block.solvefor.length === 0 || this.block.solvefor.some((s) => s.name === ref.name);
  }

  /** Number the states as nocmodl does (massagekinetic): conservation diagonals first, then the symbol table's order. */
  private number(): void {
    const h = this.h;
    const used = new Set<string>();
    const conserves = this.flat.filter((f): f is Extract<Flat, { k: 'conserve' }> => f.k === 'conserve');
    for (const f of this.flat) {
      const terms = f.k === 'reaction' ? [...f.r.left, ...f.r.right] : f.k === 'conserve' ? f.c.terms : [];
      for (const t of terms) if (this.isState(t.ref)) used.add(t.ref.name);
    }
    if (!used.size) h.refuse(this.block.pos, 'KINETIC', `KINETIC ${this.block.name} contains no reactions`);
    let count = 0;
    const taken = new Set<string>();
    // nocmodl's conslist holds the last CONSERVE first and each sum's terms last first.
    for (const f of [...conserves].reverse()) {
      const diag =
        [...f.c.terms].reverse().find((t) => this.isState(t.ref) && !taken.has(t.ref.name) && h.m.vars.get(t.ref.name)?.size === undefined) ??
        h.refuse(f.c.pos, 'CONSERVE', 'CONSERVE: no scalar STATE of this sum is left for its equation (nocmodl fails to diagonalize it too)');
      taken.add(diag.ref.name);
      this.base.set(diag.ref.name, count++);
      this.slots.push(diag.ref.name);
    }
    this.ncons = count;
    const seen = firstSeen(h.m);
    const rest = [...used].filter((n) => !taken.has(n));
    // SYMITER: the lists of first letters 'A'…'z' in turn, each with the most recently installed name first.
    rest.sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0) || (seen.get(b) ?? 0) - (seen.get(a) ?? 0));
    for (const n of rest) {
      const size = h.m.vars.get(n)?.size;
      this.base.set(n, count);
      if (size === undefined) this.slots.push(n);
      else for (let i = 0; i < size; i++) this.slots.push(elementName(n, i));
      count += size ?? 1;
    }
    // COMPARTMENT sizes (the last COMPARTMENT naming a state wins); names that are not solved STATEs are ignored, as nocmodl does.
    const capState = new Map<string, { c: Compartment; scope: Scope }>();
    for (const c of this.compartments) for (const n of c.c.names) if (this.base.has(n.name)) capState.set(n.name, c);
    const order = [...this.base.keys()].sort((a, b) => this.base.get(a)! - this.base.get(b)!);
    const scalars = order.filter((n) => h.m.vars.get(n)?.size === undefined);
    const arrays = order.filter((n) => h.m.vars.get(n)?.size !== undefined);
    for (const n of [...scalars, ...arrays]) {
      const c = capState.get(n);
      if (!c) continue;
      const size = h.m.vars.get(n)?.size;
      for (let i = 0; i < (size ?? 1); i++) {
        const scope = c.c.index !== undefined ? new Map(c.scope).set(c.c.index, { k: 'const', v: i } as Binding) : c.scope;
        const x = h.expr(c.c.volume, scope);
        const row = this.base.get(n)! + i;
        this.capOf.set(row, x);
        if (row >= this.ncons) this.caps.push({ row, ...x });
      }
    }
  }

  private term(t: ReactTerm, scope: Scope): Term {
    const ref = t.ref;
    if (!this.isState(ref)) return { row: null, coef: t.coef, ref };
    const size = this.h.m.vars.get(ref.name)?.size;
    let row = this.base.get(ref.name)!;
    if (size !== undefined) {
      if (!ref.index) this.h.refuse(ref.pos, 'arrays', `${ref.name} is an array: give an index`);
      row += this.h.elementIndex(ref.name, ref.index, size, scope);
    } else if (ref.index) this.h.refuse(ref.pos, 'array index', `${ref.name} is not an array`);
    return { row, coef: t.coef, ref };
  }

  /** Each statement with its expressions lowered once (the block's code is emitted several times). */
  private prepare(): void {
    const h = this.h;
    let eq = this.flat.filter((f) => f.k === 'conserve').length;
    for (const f of this.flat) {
      if (f.k === 'ir') {
        this.prepared.push(f);
        continue;
      }
      if (f.k === 'conserve') {
        // genconservterms: RHS(eq) = total − Σ x·size, M(eq, x) = coef·size.
        eq--;
        const v = h.expr(f.c.value, f.scope);
        const pre = [...v.pre];
        const terms = [...f.c.terms].reverse().map((t) => {
          const tt = this.term(t, f.scope);
          const x = h.expr(t.ref, f.scope);
          pre.push(...x.pre);
          const cap = this.capOf.get(tt.row!);
          if (cap) pre.push(...cap.pre);
          return { col: tt.row!, coef: t.coef, x: x.e, cap: cap?.e ?? null };
        });
        this.prepared.push({ k: 'conserve', eq, pre, value: v.e, terms });
        continue;
      }
      const r = f.r;
      const scope = f.scope;
      if (r.op !== '<->') {
        const t = this.term(r.left[0], scope);
        if (r.left.length !== 1 || r.left[0].coef !== 1) h.refuse(r.pos, `~ ${r.op}`, 'a flux reaction involves one state only');
        const row = t.row ?? h.refuse(r.pos, `~ ${r.op}`, `${t.ref.name} must be a (solved) STATE in a flux reaction`);
        if (row < this.ncons) h.refuse(r.pos, `~ ${r.op}`, `${t.ref.name} is conserved and has a flux`);
        const rate = h.expr(r.rate1, scope);
        const x = h.expr(t.ref, scope);
        this.prepared.push({ k: 'flux', op: r.op, pre: [...rate.pre, ...x.pre], rate: rate.e, x: x.e, row });
        continue;
      }
      // nocmodl's term lists hold each side's names last first.
      const sides = [r.left, r.right].map((side) => [...side].reverse().map((t) => this.term(t, scope)));
      const rates = [r.rate1, r.rate2!];
      const product = (j: number, skip: Term | null, withCoef: number): Expr => {
        let e: Expr = rates[j];
        if (withCoef !== 1) e = timesText(e, { kind: 'number', value: withCoef, text: String(withCoef), pos: r.pos });
        for (const t of sides[j]) for (let k = 0; k < t.coef - (t === skip ? 1 : 0); k++) e = timesText(e, t.ref);
        return e;
      };
      const fx = h.expr(product(0, null, 1), scope);
      const bx = h.expr(product(1, null, 1), scope);
      const rhs: Array<{ row: number; sign: '+' | '-'; coef: number }> = [];
      for (let j = 0; j < 2; j++) for (const t of sides[j]) if (t.row !== null && t.row >= this.ncons) rhs.push({ row: t.row, sign: j === 0 ? '-' : '+', coef: t.coef });
      const jac: Extract<Prepared, { k: 'reaction' }>['jac'] = [];
      for (let j = 0; j < 2; j++) {
        for (const t of sides[j]) {
          const col = t.row;
          if (col === null) continue;
          // A factor other than the rate makes the scheme nonlinear (nocmodl's linmat = 0), even a constant's.
          if (sides[j].reduce((n, u) => n + u.coef, 0) > 1) this.linear = false;
          const e = h.expr(product(j, t, t.coef), scope);
          const ops: Array<{ row: number; col: number; sign: '+' | '-'; coef: number }> = [];
          for (let j1 = 0; j1 < 2; j1++) for (const t1 of sides[j1]) if (t1.row !== null && t1.row >= this.ncons) ops.push({ row: t1.row, col, sign: j === j1 ? '+' : '-', coef: t1.coef });
          jac.push({ pre: e.pre, e: e.e, ops });
        }
      }
      this.prepared.push({ k: 'reaction', pre: [...fx.pre, ...bx.pre], f: fx.e, b: bx.e, rhs, jac });
    }
  }

  // --------------------------------------------------------------------------- the sparse matrix

  /**
   * sparse.c's spar_minorder on this matrix's structure: rows by how many elements they have
   * (ties: the one inserted last first), each pivot's fill-ins created as it is taken.
   */
  private order(): void {
    const n = this.slots.length;
    const key = (r: number, c: number) => `${r},${c}`;
    const add = (r: number, c: number) => this.exists.add(key(r, c));
    for (let i = 0; i < n; i++) add(i, i);
    for (const p of this.prepared) {
      if (p.k === 'reaction') for (const j of p.jac) for (const o of j.ops) add(o.row, o.col);
      else if (p.k === 'flux' && p.op === '->') add(p.row, p.row);
      else if (p.k === 'conserve') for (const t of p.terms) add(p.eq, t.col);
    }
    const norder = Array.from({ length: n }, (_, r) => [...Array(n).keys()].filter((c) => this.exists.has(key(r, c))).length);
    const list: number[] = [];
    const insert = (r: number) => {
      const at = list.findIndex((q) => norder[q] >= norder[r]);
      if (at < 0) list.push(r);
      else list.splice(at, 0, r);
    };
    const remove = (r: number) => list.splice(list.indexOf(r), 1);
    for (let r = 0; r < n; r++) insert(r);
    const unpivoted = [...Array(n).keys()];
    for (let i = 0; i < n; i++) {
      const p = list[0];
      unpivoted.splice(unpivoted.indexOf(p), 1);
      this.pivots.push(p);
      const below = unpivoted.filter((r) => this.exists.has(key(r, p)));
      const right = unpivoted.filter((c) => this.exists.has(key(p, c)));
      for (const r of below) {
        for (const c of right) {
          if (this.exists.has(key(r, c))) continue;
          add(r, c);
          remove(r);
          norder[r]++;
          insert(r);
        }
        remove(r);
        norder[r]--;
        insert(r);
      }
      remove(p);
    }
    this.place = Array(n).fill(0);
    this.pivots.forEach((p, i) => (this.place[p] = i));
  }

  private has(r: number, c: number): boolean {
    return this.exists.has(`${r},${c}`);
  }

  /** matsol + bksub: elimination in pivot order, then back substitution; |pivot| ≤ 1e-20 is SINGULAR. */
  private solve(): KStmt[] {
    const out: KStmt[] = [];
    const n = this.slots.length;
    const later = (i: number) => this.pivots.slice(i + 1);
    for (let i = 0; i < n; i++) {
      const p = this.pivots[i];
      out.push({ k: 'if', c: { k: 'cmp', op: '<=', a: { k: 'call', fn: 'fabs', args: [loc(this.M(p, p))] }, b: num(1e-20) }, then: [{ k: 'let', name: this.name('fail'), e: num(1) }] });
      for (const q of later(i)) {
        if (!this.has(q, p)) continue;
        const r = this.name('r');
        out.push({ k: 'let', name: r, e: bin('/', loc(this.M(q, p)), loc(this.M(p, p))) });
        out.push({ k: 'let', name: this.R(q), e: bin('-', loc(this.R(q)), bin('*', loc(this.R(p)), loc(r))) });
        for (const c of later(i)) if (this.has(p, c)) out.push({ k: 'let', name: this.M(q, c), e: bin('-', loc(this.M(q, c)), bin('*', loc(this.M(p, c)), loc(r))) });
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const p = this.pivots[i];
      for (const c of later(i)) if (this.has(p, c)) out.push({ k: 'let', name: this.R(p), e: bin('-', loc(this.R(p)), bin('*', loc(this.M(p, c)), loc(this.R(c)))) });
      out.push({ k: 'let', name: this.R(p), e: bin('/', loc(this.R(p)), loc(this.M(p, p))) });
    }
    return out;
  }

  // --------------------------------------------------------------------------- code

  /** The block as a function: with `system`, filling RHS and M (Jacobian at the current states); without, only its own effects (assignments, f_flux, b_flux). */
  private fun(system: boolean): KStmt[] {
    const out: KStmt[] = [];
    const n = this.slots.length;
    const F = loc(this.F);
    const B = loc(this.B);
    const addM = (r: number, c: number, sign: '+' | '-', e: KExpr): KStmt => ({ k: 'let', name: this.M(r, c), e: bin(sign, loc(this.M(r, c)), e) });
    const times = (coef: number, e: KExpr): KExpr => (coef === 1 ? e : bin('*', num(coef), e));
    if (system) {
      // init_coef_list: every element of the matrix (fill-ins too) to 0.
      for (const k of this.exists) {
        const [r, c] = k.split(',').map(Number);
        out.push({ k: 'let', name: this.M(r, c), e: num(0) });
      }
      const dt1 = this.name('dt1');
      out.push({ k: 'let', name: dt1, e: bin('/', num(1), this.dt) });
      for (let i = this.ncons; i < n; i++) {
        out.push({ k: 'let', name: this.R(i), e: bin('*', { k: 'neg', a: loc(dt1) }, bin('-', field(this.slots[i]), loc(this.old(i)))) });
        out.push({ k: 'let', name: this.M(i, i), e: loc(dt1) });
      }
      for (const c of this.caps) {
        out.push(...c.pre);
        out.push({ k: 'let', name: this.R(c.row), e: bin('*', loc(this.R(c.row)), c.e) });
        out.push({ k: 'let', name: this.M(c.row, c.row), e: bin('*', loc(this.M(c.row, c.row)), c.e) });
      }
    }
    // f_flux and b_flux are C locals of the block's function: defined here.
    out.push({ k: 'let', name: this.F, e: num(0) }, { k: 'let', name: this.B, e: num(0) });
    for (const p of this.prepared) {
      switch (p.k) {
        case 'ir':
          out.push(...p.ir);
          break;
        case 'reaction':
          out.push(...p.pre, { k: 'let', name: this.F, e: p.f }, { k: 'let', name: this.B, e: p.b });
          if (!system) break;
          for (const r of p.rhs) out.push({ k: 'let', name: this.R(r.row), e: bin(r.sign, loc(this.R(r.row)), times(r.coef, bin('-', F, B))) });
          for (const j of p.jac) {
            const term = this.name('term');
            out.push(...j.pre, { k: 'let', name: term, e: j.e });
            for (const o of j.ops) out.push(addM(o.row, o.col, o.sign, times(o.coef, loc(term))));
          }
          break;
        case 'flux':
          out.push(...p.pre, { k: 'let', name: this.F, e: num(0) }, { k: 'let', name: this.B, e: num(0) });
          if (p.op === '<<') {
            out.push({ k: 'let', name: this.B, e: p.rate });
            if (system) out.push({ k: 'let', name: this.R(p.row), e: bin('+', loc(this.R(p.row)), B) });
          } else {
            out.push({ k: 'let', name: this.F, e: bin('*', p.rate, p.x) });
            if (system) out.push({ k: 'let', name: this.R(p.row), e: bin('-', loc(this.R(p.row)), F) }, addM(p.row, p.row, '+', p.rate));
          }
          break;
        case 'conserve':
          if (!system) break;
          out.push(...p.pre, { k: 'let', name: this.R(p.eq), e: p.value });
          for (const t of p.terms) {
            out.push({ k: 'let', name: this.M(p.eq, t.col), e: t.cap ? bin('*', num(t.coef), t.cap) : num(t.coef) });
            const x = t.cap ? bin('*', t.x, t.cap) : t.x;
            out.push({ k: 'let', name: this.R(p.eq), e: bin('-', loc(this.R(p.eq)), t.coef === 1 ? x : bin('*', x, num(t.coef))) });
          }
          break;
      }
    }
    return out;
  }

  /**
   * scopmath's sparse(): Newton iterations (one when `linflag`), the states clamped at 0 unless
   * `linflag`, then the block at the solution. `fail` is set when it returns early (SINGULAR:
   * states unchanged; EXCEED_ITERS: the 22nd iteration's states), without the final pass.
   */
  private sparse(linflag: boolean): KStmt[] {
    const n = this.slots.length;
    const fail = this.name('fail');
    const out: KStmt[] = [{ k: 'let', name: fail, e: num(0) }];
    for (let i = 0; i < n; i++) out.push({ k: 'let', name: this.old(i), e: field(this.slots[i]) });
    const err = this.name('err');
    const conv = this.name('conv');
    const j = this.name('j');
    const update: KStmt[] = [{ k: 'let', name: err, e: num(0) }];
    for (let i = 0; i < n; i++) {
      const s = this.slots[i];
      update.push({ k: 'store', field: s, e: bin('+', field(s), loc(this.R(i))) });
      if (!linflag) update.push({ k: 'if', c: { k: 'cmp', op: '<', a: field(s), b: num(0) }, then: [{ k: 'store', field: s, e: num(0) }] });
      update.push({ k: 'let', name: err, e: bin('+', loc(err), { k: 'call', fn: 'fabs', args: [loc(this.R(i))] }) });
    }
    // for (err = 1, j = 0; err > CONVERGE; j++) { …; if (j > MAXSTEPS) return EXCEED_ITERS; if (linflag) break; }
    if (linflag) update.push({ k: 'let', name: conv, e: num(1) });
    else
      update.push({
        k: 'if',
        c: { k: 'cmp', op: '>', a: loc(j), b: num(20) },
        then: [{ k: 'let', name: fail, e: num(1) }],
        else: [{ k: 'let', name: conv, e: { k: 'cond', c: { k: 'cmp', op: '>', a: loc(err), b: num(1e-6) }, a: num(0), b: num(1) } }],
      });
    const iteration: KStmt[] = [...this.fun(true), ...this.solve(), { k: 'if', c: { k: 'cmp', op: '==', a: loc(fail), b: num(0) }, then: update }];
    out.push({ k: 'let', name: conv, e: num(0) });
    out.push({ k: 'for', counter: j, count: linflag ? 1 : 22, body: [{ k: 'if', c: { k: 'cmp', op: '==', a: bin('+', loc(conv), loc(fail)), b: num(0) }, then: iteration }] });
    out.push({ k: 'if', c: { k: 'cmp', op: '==', a: loc(fail), b: num(0) }, then: this.fun(false) });
    return out;
  }
}

/** A reaction, CONSERVE or COMPARTMENT nested in another statement (where its place in the matrix would depend on values). */
function findKinetic(s: Stmt): { pos: Pos; what: string } | null {
  switch (s.kind) {
    case 'reaction':
      return { pos: s.pos, what: 'reaction' };
    case 'conserve':
      return { pos: s.pos, what: 'CONSERVE' };
    case 'compartment':
      return { pos: s.pos, what: 'COMPARTMENT' };
    case 'block':
      for (const t of s.body) {
        const f = findKinetic(t);
        if (f) return f;
      }
      return null;
    case 'if':
      return findKinetic(s.then) ?? (s.else ? findKinetic(s.else) : null);
    case 'while':
    case 'from':
      return findKinetic(s.body);
    default:
      return null;
  }
}

/** Where each name first occurs in the file (nocmodl installs a name in its symbol table when it first reads it). */
function firstSeen(m: CheckedModel): Map<string, number> {
  const seen = new Map<string, number>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    const pos = o.pos as Pos | undefined;
    if (typeof o.name === 'string' && pos && typeof pos.offset === 'number') {
      const was = seen.get(o.name);
      if (was === undefined || pos.offset < was) seen.set(o.name, pos.offset);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'pos' && typeof v === 'object') walk(v);
  };
  walk(m.ast.blocks);
  return seen;
}
