/**
 * METHOD derivimplicit for a DERIVATIVE block that is not a set of equations each linear in its
 * own state, as NEURON 8.2 runs it (nocmodl's deriv.cpp, scopmath's newton_thread.c and
 * crout_thread.c): the backward-Euler residuals F_i(x) = x_i'(x) − (x_i − x_i,old)/dt solved for
 * the states by Newton's method —
 *
 * - the Jacobian by central differences, column j with the increment max(|0.02·x_j|, 1e-6)
 *   (x_j += h, block, x_j −= 2h, block, ∂F/∂x_j = (F⁺ − F⁻)/2h, x_j += h, block), rebuilt only
 *   while the largest relative change of a state exceeds 0.05 (MAXCHANGE);
 * - Crout's LU factorisation with scaled partial pivoting (each row scaled by its entry of
 *   largest magnitude), the rows swapped here in place of nrn_crout's permutation vector;
 * - x += Δ, then the block at the new states; converged when max |Δx_i/x_i| (over |x_i| > 1e-8)
 *   ≤ 1e-6 and max |F_i| ≤ 1e-8, at most 50 iterations;
 * - then the block once more at the solution (its assignments), as nocmodl's function does.
 *
 * A singular matrix or no convergence, where NEURON stops the run, makes the states NaN (the
 * engine reports the place).
 */
import type { KExpr, KStmt } from '../cable/kernel-ir.ts';
import type { Block, Expr, Pos, Stmt, VarRef } from './ast.ts';
import type { Scope } from './lower-kinetic.ts';

/** What this module needs of the code generator (lower.ts). */
export interface DerivHost {
  expr(e: Expr, scope: Scope): { pre: KStmt[]; e: KExpr };
  stmt(s: Stmt, scope: Scope): KStmt[];
  blockLocals(b: Block, scope: Scope): { scope: Scope; init: KStmt[] };
  fieldName(ref: VarRef, scope: Scope): string;
  localName(name: string): string;
  refuse(pos: Pos | undefined, construct: string, what?: string): never;
}

/** More states than this would unroll too much code (the factorisation is O(n³) statements). */
const MAX_STATES = 24;

const num = (v: number): KExpr => ({ k: 'num', v });
const loc = (name: string): KExpr => ({ k: 'local', name });
const field = (name: string): KExpr => ({ k: 'field', name });
const bin = (op: '+' | '-' | '*' | '/', a: KExpr, b: KExpr): KExpr => ({ k: 'bin', op, a, b });
const abs = (e: KExpr): KExpr => ({ k: 'call', fn: 'fabs', args: [e] });
const lt = (op: '<' | '>' | '<=' | '>=' | '==' | '!=', a: KExpr, b: KExpr): KExpr => ({ k: 'cmp', op, a, b });
const set = (name: string, e: KExpr): KStmt => ({ k: 'let', name, e });

/** A DERIVATIVE block solved by NEURON's derivimplicit (Newton). */
export function lowerDerivimplicit(h: DerivHost, body: Block): KStmt[] {
  const tag = h.localName('dimplicit');
  const nm = (what: string) => `${tag}_${what}`;
  const { scope, init } = h.blockLocals(body, new Map());
  const items: Array<{ k: 'ir'; ir: KStmt[] } | { k: 'eq'; i: number; pre: KStmt[]; f: KExpr }> = [];
  const states: string[] = [];
  for (const s of body.body) {
    const eq = s.kind === 'assign' && s.target.order === 1 ? { x: s.target, rhs: s.value } : s.kind === 'equation' && s.left.kind === 'var' && s.left.order === 1 ? { x: s.left, rhs: s.right } : null;
    if (!eq) {
      if (s.kind === 'equation' || (s.kind === 'assign' && s.target.order > 1)) h.refuse(s.pos, 'equation', "only first derivatives x' = … are supported");
      items.push({ k: 'ir', ir: h.stmt(s, scope) });
      continue;
    }
    const x = h.fieldName(eq.x, scope);
    if (states.includes(x)) h.refuse(s.pos, 'equation', `${x}' is given twice`);
    const { pre, e } = h.expr(eq.rhs, scope);
    items.push({ k: 'eq', i: states.length, pre, f: e });
    states.push(x);
  }
  const n = states.length;
  if (n > MAX_STATES) h.refuse(body.pos, 'METHOD derivimplicit', `METHOD derivimplicit for ${n} coupled nonlinear states (more than ${MAX_STATES}) is not yet supported by NeuroWire's code generator`);
  const D = (i: number) => nm(`D${i}`);
  const V = (i: number) => nm(`F${i}`);
  const sav = (i: number) => nm(`sav${i}`);
  const A = (i: number, j: number) => nm(`a${i}_${j}`);
  const rowmax = (i: number) => nm(`rowmax${i}`);
  const perm = (i: number) => nm(`perm${i}`);
  const dx = (i: number) => nm(`dx${i}`);
  const fail = nm('fail');
  const change = nm('change');

  /** The block (x_i' into D_i), then the residuals F_i = D_i − (x_i − x_i,old)/dt. */
  const fun = (): KStmt[] => {
    const out: KStmt[] = [...init];
    for (const it of items) {
      if (it.k === 'ir') out.push(...it.ir);
      else out.push(...it.pre, set(D(it.i), it.f));
    }
    for (let i = 0; i < n; i++) out.push(set(V(i), bin('-', loc(D(i)), bin('/', bin('-', field(states[i]), loc(sav(i))), { k: 'dt' }))));
    return out;
  };

  // Jacobian by central differences, values negated, then Crout.
  const jacobian: KStmt[] = [];
  for (let j = 0; j < n; j++) {
    const x = states[j];
    const inc = nm('inc');
    const scaled = bin('*', num(0.02), field(x));
    jacobian.push(set(inc, { k: 'cond', c: lt('>', abs(scaled), num(1e-6)), a: abs(scaled), b: num(1e-6) }));
    jacobian.push({ k: 'store', field: x, e: bin('+', field(x), loc(inc)) }, ...fun());
    for (let i = 0; i < n; i++) jacobian.push(set(nm(`hi${i}`), loc(V(i))));
    jacobian.push({ k: 'store', field: x, e: bin('-', field(x), bin('*', num(2), loc(inc))) }, ...fun());
    for (let i = 0; i < n; i++) jacobian.push(set(A(i, j), bin('/', bin('-', loc(nm(`hi${i}`)), loc(V(i))), bin('*', num(2), loc(inc)))));
    jacobian.push({ k: 'store', field: x, e: bin('+', field(x), loc(inc)) }, ...fun());
  }
  for (let i = 0; i < n; i++) jacobian.push(set(V(i), { k: 'neg', a: loc(V(i)) }));
  jacobian.push(...crout());

  /** nrn_crout_thread with the rows held in pivot order (row r of the locals is a[perm[r]]). */
  function crout(): KStmt[] {
    const out: KStmt[] = [];
    for (let i = 0; i < n; i++) {
      out.push(set(perm(i), num(i)), set(rowmax(i), loc(A(i, 0))));
      for (let j = 1; j < n; j++) out.push({ k: 'if', c: lt('>', abs(loc(A(i, j))), abs(loc(rowmax(i)))), then: [set(rowmax(i), loc(A(i, j)))] });
    }
    const sum = nm('sum');
    for (let r = 0; r < n; r++) {
      for (let i = r; i < n; i++) {
        out.push(set(sum, num(0)));
        for (let k = 0; k < r; k++) out.push(set(sum, bin('+', loc(sum), bin('*', loc(A(i, k)), loc(A(k, r))))));
        out.push(set(A(i, r), bin('-', loc(A(i, r)), loc(sum))));
      }
      // The pivot: the largest |a[i][r]/rowmax[i]| (the first of equals), then swap it into row r.
      const e1 = nm('equil1');
      const e2 = nm('equil2');
      const save = nm('save');
      out.push(set(e1, abs(bin('/', loc(A(r, r)), loc(rowmax(r))))), set(save, num(r)));
      for (let i = r + 1; i < n; i++) {
        out.push(set(e2, abs(bin('/', loc(A(i, r)), loc(rowmax(i))))));
        out.push({ k: 'if', c: lt('>', loc(e2), loc(e1)), then: [set(save, num(i)), set(e1, loc(e2))] });
      }
      for (let i = r + 1; i < n; i++) {
        const t = nm('t');
        const swap = (a: string, b: string): KStmt[] => [set(t, loc(a)), set(a, loc(b)), set(b, loc(t))];
        const body: KStmt[] = [...swap(perm(r), perm(i)), ...swap(rowmax(r), rowmax(i))];
        for (let j = 0; j < n; j++) body.push(...swap(A(r, j), A(i, j)));
        out.push({ k: 'if', c: lt('==', loc(save), num(i)), then: body });
      }
      out.push({ k: 'if', c: lt('<', abs(loc(A(r, r))), num(1e-20)), then: [set(fail, num(1))] });
      for (let j = r + 1; j < n; j++) {
        out.push(set(sum, num(0)));
        for (let k = 0; k < r; k++) out.push(set(sum, bin('+', loc(sum), bin('*', loc(A(r, k)), loc(A(k, j))))));
        out.push(set(A(r, j), bin('/', bin('-', loc(A(r, j)), loc(sum)), loc(A(r, r)))));
      }
    }
    return out;
  }

  // nrn_scopmath_solve_thread: forward substitution with b[perm[i]], back substitution (unit diagonal).
  const step: KStmt[] = [];
  const sum = nm('ssum');
  const bPerm = (i: number): KExpr => {
    let e: KExpr = loc(V(n - 1));
    for (let k = n - 2; k >= 0; k--) e = { k: 'cond', c: lt('==', loc(perm(i)), num(k)), a: loc(V(k)), b: e };
    return e;
  };
  for (let i = 0; i < n; i++) {
    step.push(set(sum, num(0)));
    for (let j = 0; j < i; j++) step.push(set(sum, bin('+', loc(sum), bin('*', loc(A(i, j)), loc(dx(j))))));
    step.push(set(dx(i), bin('/', bin('-', bPerm(i), loc(sum)), loc(A(i, i)))));
  }
  for (let i = n - 1; i >= 0; i--) {
    step.push(set(sum, num(0)));
    for (let j = i + 1; j < n; j++) step.push(set(sum, bin('+', loc(sum), bin('*', loc(A(i, j)), loc(dx(j))))));
    step.push(set(dx(i), bin('-', loc(dx(i)), loc(sum))));
  }
  const temp = nm('temp');
  step.push(set(change, num(0)));
  for (let i = 0; i < n; i++) {
    const x = field(states[i]);
    step.push({ k: 'if', c: lt('>', abs(x), num(1e-8)), then: [set(temp, abs(bin('/', loc(dx(i)), x))), { k: 'if', c: lt('>', loc(temp), loc(change)), then: [set(change, loc(temp))] }] });
    step.push({ k: 'store', field: states[i], e: bin('+', x, loc(dx(i))) });
  }
  step.push(...fun());
  const maxdev = nm('maxdev');
  step.push(set(maxdev, num(0)));
  for (let i = 0; i < n; i++) {
    step.push(set(V(i), { k: 'neg', a: loc(V(i)) }));
    step.push({ k: 'if', c: lt('>', abs(loc(V(i))), loc(maxdev)), then: [set(maxdev, abs(loc(V(i))))] });
  }
  const done = nm('done');
  const count = nm('count');
  step.push({
    k: 'if',
    c: { k: 'cond', c: lt('<=', loc(change), num(1e-6)), a: { k: 'cond', c: lt('<=', loc(maxdev), num(1e-8)), a: num(1), b: num(0) }, b: num(0) },
    then: [set(done, num(1))],
    else: [{ k: 'if', c: lt('==', loc(count), num(49)), then: [set(fail, num(1))] }],
  });

  const out: KStmt[] = [set(fail, num(0)), set(done, num(0)), set(change, num(1))];
  for (let i = 0; i < n; i++) out.push(set(sav(i), field(states[i])));
  // Every local the loop reads is defined before it (the kernel compiler wants a set before a get).
  for (let i = 0; i < n; i++) {
    out.push(set(V(i), num(0)), set(dx(i), num(0)), set(perm(i), num(i)), set(rowmax(i), num(0)));
    for (let j = 0; j < n; j++) out.push(set(A(i, j), num(0)));
  }
  out.push({
    k: 'for',
    counter: count,
    count: 50,
    body: [
      {
        k: 'if',
        c: lt('==', loc(done), num(0)),
        then: [
          { k: 'if', c: lt('>', loc(change), num(0.05)), then: jacobian },
          { k: 'if', c: lt('!=', loc(fail), num(0)), then: [set(done, num(1))], else: step },
          { k: 'if', c: lt('!=', loc(fail), num(0)), then: [set(done, num(1))] },
        ],
      },
    ],
  });
  out.push({ k: 'if', c: lt('!=', loc(fail), num(0)), then: states.map((s): KStmt => ({ k: 'store', field: s, e: num(NaN) })) });
  // The block once more at the solution (nocmodl's function body after _newton returns).
  out.push(...fun());
  return out;
}
