/**
 * Unit checking of a .mod file as NEURON 8.2's `modlunit` does it (src/modlunit: parse1.ypp's
 * actions, units.cpp, kinunit.cpp, nrnunit.cpp), from the parsed file alone so that it also runs
 * on files the checker refuses. What it flags, as modlunit:
 * - `a + b`, `a - b`, comparisons, assignments, `~ a = b`, CONSERVE terms and function arguments
 *   need the same dimensions AND the same factor (mV and V do not add without a factor 1000);
 *   a number written without a unit takes the unit it meets;
 * - `x' = f` needs f in units of x/ms; LOCALs take the unit of what is assigned to them;
 * - built-in functions (exp, log, printf, …) need dimensionless arguments with factor 1 and give
 *   a dimensionless value; `x^n` needs n dimensionless, and x dimensionless unless n is an integer
 *   literal; `(1000)` (a number alone in parentheses) is a conversion factor 1/1000;
 * - KINETIC: every species of a reaction in the same quantity units (unit × COMPARTMENT volume),
 *   rates in flux/(product of the reactants), `<<` fluxes in quantity/ms;
 * - the NEURON block: v, t, dt, celsius, diam, area, ion currents (mA/cm2; nA in a point
 *   process), concentrations (mM) and reversal potentials (mV) must have NEURON's units exactly
 *   when they appear in the file (an undeclared v has no unit, so modlunit flags it);
 * - unit text it cannot read, UNITS that redefine a known unit, `F = (u1) (u2)` not dimensionless.
 * UNITSOFF … UNITSON switches the checks off in between (as in modlunit, except the KINETIC checks
 * and the NEURON block's, and the state at the end of the file is the state at its start, because
 * modlunit reads the file three times with one flag).
 *
 * Every finding is a Diagnostic at the operator, name or statement concerned; modlunit stops at
 * the first, this reports each (at most one per statement).
 */
import type { Block, Diagnostic, Expr, ModFile, Pos, ReactTerm, Stmt, StringLit, TopBlock, VarRef } from './ast.ts';
import { NRN_UNITS } from './unit-table.ts';
import {
  DIMENSIONLESS,
  baseUnitText,
  divUnits,
  factorsDiffer,
  isDimensionless,
  isWildcard,
  mulUnits,
  parseUnitText,
  powUnit,
  sameDims,
  type UnitValue,
} from './unit-algebra.ts';

/** A value's unit while checking: `num` for a number written without a unit (it fits any unit). */
interface U {
  readonly u: UnitValue;
  readonly num: boolean;
  /** How to name the unit in a message (the declared text when there is one). */
  readonly text?: string;
}

const WILD: UnitValue = { factor: 1, dims: [9, 0, 0, 0, 0, 0, 0, 0, 0, 0] };

/** Units of the arguments (and value) of the built-ins modlunit declares (extargs.h); "m9" is any unit. */
const EXT_ARGS: ReadonlyMap<string, { value: string; args: readonly string[] }> = new Map([
  ['at_time', { value: '', args: ['ms'] }],
  ['state_discontinuity', { value: '', args: ['m9', 'm9'] }],
  ['net_send', { value: '', args: ['ms', 'm9'] }],
  ['net_event', { value: '', args: ['ms'] }],
  ['net_move', { value: '', args: ['ms'] }],
  ['nrn_ghk', { value: 'millicoulombs/cm3', args: ['millivolt', 'milli/liter', 'milli/liter', ''] }],
]);

/** NEURON's variables and the unit modlunit requires of them (nrnunit.cpp). */
const NEURON_VAR_UNITS: readonly (readonly [string, string])[] = [
  ['v', 'millivolt'],
  ['t', 'ms'],
  ['dt', 'ms'],
  ['celsius', 'degC'],
  ['diam', 'micron'],
  ['area', 'micron2'],
];

interface FileVar {
  readonly unit: string;
  readonly pos?: Pos;
}

interface LocalSym {
  /** The unit text of an argument, or the unit last assigned to a LOCAL. */
  unit: UnitValue;
  text?: string;
}

type Scope = { readonly names: Map<string, LocalSym>; readonly parent?: Scope };

/**
 * Check the units of a parsed .mod file as NEURON's modlunit does; returns one Diagnostic per
 * finding (file:line:col, message starting `units:`), none when modlunit would accept the file.
 */
export function checkUnits(ast: ModFile): Diagnostic[] {
  return new UnitChecker(ast).run();
}

class UnitChecker {
  private readonly out: Diagnostic[] = [];
  private readonly fileUnits = new Map<string, UnitValue>();
  private readonly vars = new Map<string, FileVar>();
  private readonly funcs = new Map<string, { unit: string; args: readonly string[] | null; kind: 'function' | 'procedure' }>();
  /** Names the file mentions anywhere (modlunit checks NEURON's variables only when they exist). */
  private readonly mentioned = new Set<string>();
  private on = true;
  private pointProcess = false;
  /** The current KINETIC block's COMPARTMENT units, by species. */
  private compartments = new Map<string, UnitValue>();
  private flux?: UnitValue;
  private netReceiveArgs?: readonly { name: string; unit?: string }[];
  /** Unit names already reported as unknown. */
  private readonly unknown = new Set<string>();
  /** One finding per statement: the first one, as modlunit stops there. */
  private reported = false;

  constructor(private readonly ast: ModFile) {}

  private report(pos: Pos, message: string): void {
    if (this.reported) return;
    this.reported = true;
    this.out.push({ file: this.ast.file, line: pos.line, col: pos.col, message: `units: ${message}` });
  }

  // "" is modlunit's dimensionless entry: what is left of `milli` after its prefix.
  private lookup = (name: string): UnitValue | undefined => (name === '' ? DIMENSIONLESS : (this.fileUnits.get(name) ?? NRN_UNITS.get(name)));

  /** Unit text (with or without its parentheses) → unit, or a finding at `pos`. */
  private parse(text: string, pos: Pos): UnitValue {
    const t = text.replace(/^\s*\(/, '').replace(/\)\s*$/, '').trim();
    const p = parseUnitText(t, this.lookup);
    if (p.ok) return p.unit;
    // Reported once, where modlunit's second pass first meets it (p2()).
    if (!this.unknown.has(p.unknown)) {
      this.unknown.add(p.unknown);
      this.report(pos, `cannot recognize the unit '${p.unknown}' in (${t}) (define it in UNITS, e.g. (${p.unknown}) = (…))`);
    }
    return WILD;
  }

  /**
   * modlunit's second pass: every unit written in the file is read in text order, and NEURON's
   * variables are checked where the NEURON block begins (so an unknown unit of a current is
   * reported there, as modlunit does).
   */
  private p2(): void {
    const events: { offset: number; run: () => void }[] = [];
    const unitAt = (text: string | undefined, pos: Pos): void => {
      if (text !== undefined) events.push({ offset: pos.offset, run: () => void this.parse(text, pos) });
    };
    const args = (list: readonly { unit?: string; pos: Pos }[]): void => list.forEach((a) => unitAt(a.unit, a.pos));
    for (const b of this.ast.blocks) {
      switch (b.kind) {
        case 'neuron':
          events.push({ offset: b.pos.offset, run: () => this.neuronBlock(b.pos) });
          break;
        case 'units':
          for (const d of b.defs) {
            if (d.kind === 'unit') unitAt(d.name, d.pos);
            unitAt(d.from, d.pos);
            unitAt(d.to, d.pos);
          }
          break;
        case 'parameter':
        case 'constant':
        case 'state':
        case 'assigned':
        case 'independent':
          for (const d of b.decls) unitAt(d.unit, d.pos);
          break;
        case 'function':
        case 'procedure':
        case 'function_table':
          unitAt(b.unit, b.pos);
          args(b.args);
          break;
        case 'net_receive':
          args(b.args);
          break;
        default:
          break;
      }
      if ('body' in b && b.body) visitCode(b.body.body, (e) => unitAt(e.unit, e.pos), (f) => args(f.args));
    }
    events.sort((a, b) => a.offset - b.offset);
    for (const e of events) {
      this.reported = false;
      e.run();
    }
  }

  run(): Diagnostic[] {
    this.on = this.finalFlag();
    this.declare();
    this.p2();
    for (const b of this.ast.blocks) {
      this.reported = false;
      this.top(b);
    }
    return this.out;
  }

  /** The UNITSON/UNITSOFF state at the end of the file, which is where modlunit's last pass starts. */
  private finalFlag(): boolean {
    let on = true;
    const walk = (stmts: readonly Stmt[]): void => {
      for (const s of stmts) {
        if (s.kind === 'marker' && (s.word === 'UNITSON' || s.word === 'UNITSOFF')) on = s.word === 'UNITSON';
        for (const b of innerBlocks(s)) walk(b.body);
      }
    };
    for (const b of this.ast.blocks) {
      if (b.kind === 'marker') on = b.word === 'UNITSON';
      if ('body' in b && b.body) walk(b.body.body);
    }
    return on;
  }

  // ------------------------------------------------------------ declarations

  private declare(): void {
    // UNITS definitions come first (modlunit's first pass), in file order.
    for (const b of this.ast.blocks) {
      if (b.kind !== 'units') continue;
      for (const d of b.defs) {
        this.reported = false;
        if (d.kind === 'unit') {
          const name = d.name.replace(/^\s*\(|\)\s*$/g, '').trim();
          const u = this.parse(d.to, d.pos);
          if (this.lookup(name)) this.report(d.pos, `(${name}) is already a unit; modlunit refuses to redefine it`);
          else this.fileUnits.set(name, u);
        }
      }
    }
    for (const b of this.ast.blocks) {
      this.reported = false;
      switch (b.kind) {
        case 'units':
          for (const d of b.defs) {
            if (d.kind !== 'factor') continue;
            this.reported = false;
            if (d.from !== undefined) {
              const q = divUnits(this.parse(d.from, d.pos), this.parse(d.to, d.pos));
              if (!isWildcard(q) && !isDimensionless(q)) this.report(d.pos, `${d.name} = (${strip(d.from)}) (${strip(d.to)}): the two units must have the same dimensions`);
            }
            this.vars.set(d.name, { unit: strip(d.to), pos: d.pos });
          }
          break;
        case 'parameter':
        case 'constant':
        case 'state':
        case 'assigned':
        case 'independent':
          for (const d of b.decls) {
            this.vars.set(d.name, { unit: d.unit === undefined ? '' : strip(d.unit), pos: d.pos });
          }
          break;
        case 'function':
        case 'procedure':
          this.funcs.set(b.name, { unit: b.unit === undefined ? '' : strip(b.unit), args: b.args.length ? b.args.map((a) => (a.unit === undefined ? '' : strip(a.unit))) : null, kind: b.kind });
          break;
        case 'neuron':
          for (const s of b.stmts) {
            if (s.kind === 'POINT_PROCESS' || s.kind === 'ARTIFICIAL_CELL') this.pointProcess = true;
            for (const n of s.names) this.mentioned.add(n.name);
            if (s.ion) for (const n of [...s.ion.read, ...s.ion.write]) this.mentioned.add(n.name);
          }
          break;
        default:
          break;
      }
    }
    // t is NEURON's independent variable in ms unless the file says otherwise; x0 has the unit of STATE x.
    if (!this.vars.has('t')) this.vars.set('t', { unit: 'ms' });
    for (const b of this.ast.blocks) {
      if (b.kind !== 'state') continue;
      for (const d of b.decls) if (!this.vars.has(`${d.name}0`)) this.vars.set(`${d.name}0`, { unit: d.unit === undefined ? '' : strip(d.unit) });
    }
    collectNames(this.ast, this.mentioned);
  }

  // ------------------------------------------------------------ blocks

  private top(b: TopBlock): void {
    switch (b.kind) {
      case 'marker':
        this.on = b.word === 'UNITSON';
        return;
      case 'initial':
      case 'breakpoint':
      case 'constructor':
      case 'destructor':
      case 'before':
      case 'after':
      case 'derivative':
      case 'linear':
      case 'nonlinear':
      case 'discrete':
        this.block(b.body, this.root());
        return;
      case 'kinetic':
        this.kinetic(b.body);
        return;
      case 'function':
      case 'procedure': {
        const scope = this.root();
        for (const a of b.args) scope.names.set(a.name, this.argSym(a.unit, a.pos));
        this.block(b.body, scope);
        return;
      }
      case 'net_receive': {
        const scope = this.root();
        for (const a of b.args) scope.names.set(a.name, this.argSym(a.unit, a.pos));
        scope.names.set('flag', { unit: DIMENSIONLESS });
        this.netReceiveArgs = b.args;
        this.block(b.body, scope);
        return;
      }
      default:
        return;
    }
  }

  private argSym(unit: string | undefined, pos: Pos): LocalSym {
    return unit === undefined ? { unit: DIMENSIONLESS } : { unit: this.parse(unit, pos), text: strip(unit) };
  }

  /** The file-level LOCALs. */
  private root(): Scope {
    const names = new Map<string, LocalSym>();
    for (const b of this.ast.blocks) if (b.kind === 'local') for (const n of b.names) names.set(n.name, { unit: DIMENSIONLESS });
    return { names };
  }

  /** nrn_unit_chk: NEURON's variables, currents, concentrations and potentials in NEURON's units. */
  private neuronBlock(pos: Pos): void {
    const need: [string, string][] = NEURON_VAR_UNITS.map(([n, u]) => [n, u]);
    const conductanceHint = this.ast.blocks.some((b) => 'body' in b && b.body && someStmt(b.body.body, (s) => s.kind === 'conductance'));
    const breakpointLocal = this.ast.blocks.some((b) => b.kind === 'breakpoint' && b.body.locals.length > 0);
    const currentUnit = this.pointProcess ? 'nanoamp' : 'milliamp/cm2';
    for (const b of this.ast.blocks) {
      if (b.kind !== 'neuron') continue;
      for (const s of b.stmts) {
        if ((s.kind === 'NONSPECIFIC_CURRENT' || s.kind === 'ELECTRODE_CURRENT') && !(conductanceHint && breakpointLocal)) for (const n of s.names) need.push([n.name, currentUnit]);
        if (s.kind === 'USEION' && s.ion) {
          const ion = s.ion.name;
          for (const n of [...s.ion.read, ...s.ion.write]) {
            if (n.name === `i${ion}`) {
              if (!(conductanceHint && breakpointLocal)) need.push([n.name, currentUnit]);
            } else if (n.name === `e${ion}`) need.push([n.name, 'millivolt']);
            else if (n.name === `${ion}i` || n.name === `${ion}o`) need.push([n.name, 'milli/liter']);
          }
        }
      }
    }
    for (const [name, unit] of need) {
      if (!this.mentioned.has(name) && !this.vars.has(name)) continue;
      const declared = this.vars.get(name)?.unit ?? '';
      const have = this.parse(declared, pos);
      const want = this.parseQuiet(unit);
      if (!this.on || isWildcard(have) || isWildcard(want)) continue;
      if (!sameDims(have, want) || factorsDiffer(have, want)) {
        this.reported = false;
        // At the NEURON block, as modlunit; the declaration's line is in the message.
        const at = this.vars.get(name)?.pos;
        this.report(pos, `${name} must have NEURON's unit (${unit}), not (${declared})${at ? ` (declared at line ${at.line})` : ` (declare it, e.g. in ASSIGNED: ${name} (${shortUnit(unit)}))`}`);
      }
    }
  }

  private quietParse(text: string): UnitValue | undefined {
    const p = parseUnitText(text, this.lookup);
    return p.ok ? p.unit : undefined;
  }

  private block(b: Block, parent: Scope): void {
    const scope: Scope = { names: new Map(b.locals.map((l) => [l.name, { unit: DIMENSIONLESS }])), parent };
    for (const s of b.body) this.stmt(s, scope);
  }

  private kinetic(b: Block): void {
    // modlunit reads a KINETIC block twice: the COMPARTMENTs of the whole block apply to every reaction.
    const saved = this.compartments;
    this.compartments = new Map();
    const scope = this.root();
    const collect = (stmts: readonly Stmt[], sc: Scope): void => {
      for (const s of stmts) {
        if (s.kind === 'compartment' && !s.longitudinal) {
          const inner: Scope = s.index ? { names: new Map([[s.index, { unit: DIMENSIONLESS }]]), parent: sc } : sc;
          const was = this.on;
          this.on = false;
          const vol = this.quiet(() => this.expr(s.volume, inner));
          this.on = was;
          for (const n of s.names) this.compartments.set(n.name, vol.u);
        }
        for (const ib of innerBlocks(s)) collect(ib.body, sc);
      }
    };
    collect(b.body, scope);
    this.block(b, scope);
    this.compartments = saved;
  }

  private quiet<T>(f: () => T): T {
    const r = this.reported;
    this.reported = true;
    try {
      return f();
    } finally {
      this.reported = r;
    }
  }

  // ------------------------------------------------------------ statements

  private stmt(s: Stmt, scope: Scope): void {
    this.reported = false;
    switch (s.kind) {
      case 'marker':
        if (s.word === 'UNITSON' || s.word === 'UNITSOFF') this.on = s.word === 'UNITSON';
        return;
      case 'assign':
        this.assign(s.target, s.value, scope, s.pos);
        return;
      case 'call':
        this.expr(s.call, scope);
        return;
      case 'block':
        this.block(s, scope);
        return;
      case 'if':
        this.expr(s.cond, scope);
        this.block(s.then, scope);
        if (s.else) {
          if (s.else.kind === 'block') this.block(s.else, scope);
          else this.stmt(s.else, scope);
        }
        return;
      case 'while':
        this.expr(s.cond, scope);
        this.block(s.body, scope);
        return;
      case 'from':
        this.block(s.body, { names: new Map([[s.index, { unit: DIMENSIONLESS }]]), parent: scope });
        return;
      case 'table':
        this.expr(s.from, scope);
        this.expr(s.to, scope);
        return;
      case 'reaction':
        this.reaction(s, scope);
        return;
      case 'conserve': {
        let acc: U | undefined;
        for (const t of s.terms) {
          const q = this.quantity(t.ref, scope);
          acc = acc ? this.same(acc, q, t.ref.pos, (a, b) => `the CONSERVE terms are in (${a}) and (${b})`) : q;
        }
        const v = this.expr(s.value, scope);
        if (acc) this.same(acc, v, s.value.pos, (a, b) => `CONSERVE: the terms are in (${a}) but the total is in (${b})`);
        return;
      }
      case 'compartment':
        return; // read before the block (kinetic())
      case 'equation': {
        const l = this.expr(s.left, scope);
        const r = this.expr(s.right, scope);
        this.same(l, r, s.pos, (a, b) => `the two sides of ~ are in (${a}) and (${b})`);
        return;
      }
      case 'watch':
        for (const w of s.items) {
          const l = this.expr(w.left, scope);
          const r = this.expr(w.right, scope);
          this.same(l, r, w.pos, (a, b) => `(${a}) ${w.dir} (${b}) cannot be compared`);
        }
        return;
      case 'fornetcons': {
        const nr = this.netReceiveArgs ?? [];
        const inner: Scope = { names: new Map(), parent: scope };
        s.args.forEach((a, i) => {
          const want = nr[i]?.unit === undefined ? undefined : strip(nr[i].unit ?? '');
          const have = a.unit === undefined ? undefined : strip(a.unit);
          if (have !== undefined && have !== want) this.report(a.pos, `'${a.name}' in FOR_NETCONS is (${have}) but the NET_RECEIVE argument is (${want ?? ''})`);
          const text = have ?? want;
          inner.names.set(a.name, text === undefined ? { unit: DIMENSIONLESS } : { unit: this.parse(text, a.pos), text });
        });
        this.block(s.body, inner);
        return;
      }
      case 'initial':
        this.block(s.body, scope);
        return;
      default:
        return;
    }
  }

  private local(name: string, scope: Scope): LocalSym | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const l = s.names.get(name);
      if (l) return l;
    }
    return undefined;
  }

  private assign(target: VarRef, value: Expr, scope: Scope, pos: Pos): void {
    const v = this.expr(value, scope);
    const loc = target.order === 0 ? this.local(target.name, scope) : undefined;
    if (loc) {
      // A LOCAL takes the unit of what is assigned to it.
      loc.unit = v.u;
      loc.text = v.text;
      return;
    }
    const t = this.varUnit(target, scope);
    this.same(t, v, pos, (a, b) =>
      target.order > 0 ? `${target.name}' must be in (${a}) (the unit of ${target.name} per ms), not (${b})` : `'${target.name}' is in (${a}) but is assigned (${b})`,
    );
  }

  /** A reaction: species in one quantity unit, rates in flux/(reactants) (kinunit.cpp). */
  private reaction(s: Extract<Stmt, { kind: 'reaction' }>, scope: Scope): void {
    const side = (terms: readonly ReactTerm[]): U => {
      let acc: U = { u: DIMENSIONLESS, num: true };
      for (const t of terms) {
        const x = this.varUnit(t.ref, scope);
        acc = { u: mulUnits(acc.u, powUnit(x.u, t.coef)), num: false };
      }
      return acc;
    };
    const left = side(s.left);
    const right = side(s.right);
    const r1 = this.expr(s.rate1, scope);
    const r2 = s.rate2 ? this.expr(s.rate2, scope) : undefined;
    // These checks do not depend on UNITSOFF in modlunit (unit_diff ignores the flag).
    let quantity: U | undefined;
    for (const t of [...s.left, ...s.right]) {
      const q = this.quantity(t.ref, scope);
      if (!quantity) quantity = q;
      else if (!this.diff(quantity.u, q.u)) {
        this.report(t.ref.pos, `'${t.ref.name}' is in (${show(q)}) of material but the first species of the reaction in (${show(quantity)}): a COMPARTMENT statement is missing or wrong`);
        return;
      }
    }
    const flux = divUnits(quantity?.u ?? DIMENSIONLESS, this.parseQuiet('ms'));
    this.flux = flux;
    if (s.op === '<<') {
      if (!r1.num && !this.diff(r1.u, flux)) this.report(s.rate1.pos, `the flux of << must be in (${baseUnitText(flux)}), not (${show(r1)})`);
      return;
    }
    const want1 = divUnits(flux, left.u);
    if (!r1.num && !this.diff(r1.u, want1)) this.report(s.rate1.pos, `the forward rate must be in (${baseUnitText(want1)}), not (${show(r1)})`);
    if (r2 && s.op === '<->') {
      const want2 = divUnits(flux, right.u);
      if (!r2.num && !this.diff(r2.u, want2)) this.report(s.rate2?.pos ?? s.pos, `the backward rate must be in (${baseUnitText(want2)}), not (${show(r2)})`);
    }
  }

  private parseQuiet(t: string): UnitValue {
    return this.quietParse(t) ?? WILD;
  }

  /** modlunit's unit_diff: true when the units agree (or either is the wildcard). */
  private diff(a: UnitValue, b: UnitValue): boolean {
    if (isWildcard(a) || isWildcard(b)) return true;
    return sameDims(a, b) && !factorsDiffer(a, b);
  }

  /** A species' amount: its unit times its COMPARTMENT volume. */
  private quantity(r: VarRef, scope: Scope): U {
    const x = this.varUnit(r, scope);
    const c = this.compartments.get(r.name);
    return c ? { u: mulUnits(x.u, c), num: false } : { u: x.u, num: false, text: x.text };
  }

  // ------------------------------------------------------------ expressions

  /** Unit_cmp: `b` must have `a`'s dimensions and factor; a bare number fits anything. Returns the unit of the result. */
  private same(a: U, b: U, pos: Pos, what: (a: string, b: string) => string): U {
    if (b.num) return a;
    if (a.num) return { ...b, num: false };
    if (!this.on || isWildcard(a.u) || isWildcard(b.u)) return a;
    if (!sameDims(a.u, b.u)) this.report(pos, `${what(show(a), show(b))}: the dimensions differ (${baseUnitText(a.u)} vs ${baseUnitText(b.u)})`);
    else if (factorsDiffer(a.u, b.u)) this.report(pos, `${what(show(a), show(b))}: they differ by a factor of ${Number((b.u.factor / a.u.factor).toPrecision(6))} (write the conversion factor)`);
    return a;
  }

  /** unit_less: dimensionless with factor 1. */
  private less(x: U, pos: Pos, what: string): void {
    if (!this.on || isWildcard(x.u)) return;
    if (!isDimensionless(x.u)) this.report(pos, `${what} must be dimensionless, not (${show(x)})`);
    else if (factorsDiffer(x.u, DIMENSIONLESS)) this.report(pos, `${what} is dimensionless but needs the conversion factor ${Number((1 / x.u.factor).toPrecision(6))}`);
  }

  private varUnit(r: VarRef, scope: Scope): U {
    if (r.order > 0) {
      const base = this.vars.get(r.name);
      const t = this.parseQuiet(this.vars.get('t')?.unit ?? 'ms');
      const u = base ? this.parse(base.unit, r.pos) : DIMENSIONLESS;
      return { u: divUnits(u, powUnit(t, r.order)), num: false, text: `${base?.unit || '1'}/ms` };
    }
    const loc = this.local(r.name, scope);
    if (loc) return { u: loc.unit, num: false, text: loc.text };
    if ((r.name === 'f_flux' || r.name === 'b_flux') && this.flux) return { u: this.flux, num: false };
    const f = this.funcs.get(r.name);
    if (f) return { u: this.parse(f.unit, r.pos), num: false, text: f.unit };
    const v = this.vars.get(r.name);
    if (!v) return { u: DIMENSIONLESS, num: false, text: '' };
    return { u: this.parse(v.unit, r.pos), num: false, text: v.unit };
  }

  private expr(e: Expr | StringLit, scope: Scope): U {
    switch (e.kind) {
      case 'string':
        return { u: DIMENSIONLESS, num: true };
      case 'number':
        return e.unit === undefined ? { u: DIMENSIONLESS, num: true } : { u: this.parse(e.unit, e.pos), num: false, text: strip(e.unit) };
      case 'var':
        return this.varUnit(e, scope);
      case 'paren': {
        const x = this.expr(e.expr, scope);
        // `(1000)`: a number alone in parentheses is a conversion factor (modlunit's ifcnvfac).
        if (e.expr.kind === 'number' && e.expr.unit === undefined) return { u: { factor: 1 / e.expr.value, dims: DIMENSIONLESS.dims }, num: false };
        return x;
      }
      case 'unary': {
        const x = this.expr(e.arg, scope);
        return e.op === '!' ? { u: DIMENSIONLESS, num: false } : x;
      }
      case 'binary':
        return this.binary(e, scope);
      case 'call':
        return this.call(e, scope);
    }
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): U {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    switch (e.op) {
      case '+':
      case '-':
        return this.same(l, r, e.pos, (a, b) => `(${a}) ${e.op} (${b}) do not ${e.op === '+' ? 'add' : 'subtract'}`);
      case '*':
        return { u: mulUnits(l.u, r.u), num: l.num && r.num, text: compose(l, '*', r) };
      case '/':
        return { u: divUnits(l.u, r.u), num: l.num && r.num, text: compose(l, '/', r) };
      case '^': {
        this.less(r, e.right.pos, 'an exponent');
        const lit = e.right.kind === 'number' && e.right.unit === undefined && /^\d+$/.test(e.right.text);
        if (lit) return { u: powUnit(l.u, e.right.kind === 'number' ? e.right.value : 1), num: l.num };
        this.less(l, e.left.pos, 'the base of a power with a non-integer or variable exponent');
        return { u: DIMENSIONLESS, num: false };
      }
      case '&&':
      case '||':
        return { u: DIMENSIONLESS, num: false };
      default:
        this.same(l, r, e.pos, (a, b) => `(${a}) ${e.op} (${b}) cannot be compared`);
        return { u: DIMENSIONLESS, num: false };
    }
  }

  private call(c: Extract<Expr, { kind: 'call' }>, scope: Scope): U {
    const user = this.funcs.get(c.name);
    const ext = EXT_ARGS.get(c.name);
    const declared = user ? user.args : ext ? ext.args : null;
    c.args.forEach((a, i) => {
      if (a.kind === 'string') return;
      const x = this.expr(a, scope);
      if (declared && i < declared.length) {
        const want: U = { u: this.parse(declared[i], a.pos), num: false, text: declared[i] };
        this.same(want, x, a.pos, (w, h) => `argument ${i + 1} of ${c.name}() must be in (${w}), not (${h})`);
      } else if (!declared) this.less(x, a.pos, `the argument of ${c.name}()`);
    });
    const value = user ? user.unit : ext ? ext.value : '';
    return { u: this.parse(value, c.pos), num: false, text: value };
  }
}

// ------------------------------------------------------------ helpers

function strip(u: string): string {
  return u.replace(/^\s*\(/, '').replace(/\)\s*$/, '').trim();
}

/** A unit for a message: its text when it has one, else its value in base units. */
function show(x: U): string {
  if (x.text !== undefined && x.text !== '') return x.text;
  return baseUnitText(x.u);
}

function compose(a: U, op: '*' | '/', b: U): string | undefined {
  if (a.text === undefined || b.text === undefined || a.text === '' || b.text === '') return undefined;
  return `${a.text}${op === '*' ? '·' : '/'}${/[/·]/.test(b.text) ? `(${b.text})` : b.text}`;
}

/** `mA/cm2` for `milliamp/cm2`: the short form users write. */
function shortUnit(u: string): string {
  return ({ millivolt: 'mV', 'milliamp/cm2': 'mA/cm2', nanoamp: 'nA', 'milli/liter': 'mM', micron: 'um', micron2: 'um2' } as Record<string, string>)[u] ?? u;
}

function innerBlocks(s: Stmt): Block[] {
  switch (s.kind) {
    case 'block':
      return [s];
    case 'if':
      return [s.then, ...(s.else ? (s.else.kind === 'block' ? [s.else] : innerBlocks(s.else)) : [])];
    case 'while':
    case 'from':
    case 'fornetcons':
    case 'initial':
      return [s.body];
    default:
      return [];
  }
}

/** Every node of an expression, depth first in text order (a node before its parts). */
function walkExpr(e: Expr | StringLit, f: (e: Expr | StringLit) => void): void {
  f(e);
  switch (e.kind) {
    case 'var':
      if (e.index) walkExpr(e.index, f);
      return;
    case 'call':
      for (const a of e.args) walkExpr(a, f);
      return;
    case 'unary':
      walkExpr(e.arg, f);
      return;
    case 'paren':
      walkExpr(e.expr, f);
      return;
    case 'binary':
      walkExpr(e.left, f);
      walkExpr(e.right, f);
      return;
    default:
      return;
  }
}

/** The expressions a statement holds itself (not those of its inner blocks), in text order. */
function stmtExprs(s: Stmt): Array<Expr | StringLit> {
  switch (s.kind) {
    case 'assign':
    case 'conserve':
      return [s.value];
    case 'call':
      return [s.call];
    case 'if':
    case 'while':
      return [s.cond];
    case 'reaction':
      return s.rate2 ? [s.rate1, s.rate2] : [s.rate1];
    case 'compartment':
      return [s.volume];
    case 'equation':
      return [s.left, s.right];
    case 'watch':
      return s.items.flatMap((w) => [w.left, w.right, w.flag]);
    case 'table':
      return [s.from, s.to];
    case 'from':
      return s.by ? [s.from, s.to, s.by] : [s.from, s.to];
    default:
      return [];
  }
}

/** Calls `num` for every number literal of the code and `fnc` for every FOR_NETCONS, in text order. */
function visitCode(stmts: readonly Stmt[], num: (e: Extract<Expr, { kind: 'number' }>) => void, fnc: (s: Extract<Stmt, { kind: 'fornetcons' }>) => void): void {
  for (const s of stmts) {
    for (const e of stmtExprs(s)) walkExpr(e, (x) => x.kind === 'number' && num(x));
    if (s.kind === 'fornetcons') fnc(s);
    for (const b of innerBlocks(s)) visitCode(b.body, num, fnc);
  }
}

function someStmt(stmts: readonly Stmt[], f: (s: Stmt) => boolean): boolean {
  return stmts.some((s) => f(s) || innerBlocks(s).some((b) => someStmt(b.body, f)));
}

/** Every name the file's code mentions (modlunit creates a symbol for each). */
function collectNames(ast: ModFile, out: Set<string>): void {
  const stmts = (list: readonly Stmt[]): void => {
    for (const s of list) {
      if (s.kind === 'assign') out.add(s.target.name);
      else if (s.kind === 'reaction') for (const t of [...s.left, ...s.right]) out.add(t.ref.name);
      else if (s.kind === 'conserve') for (const t of s.terms) out.add(t.ref.name);
      else if (s.kind === 'table') for (const n of [...s.names, ...s.depend]) out.add(n.name);
      for (const e of stmtExprs(s)) walkExpr(e, (x) => x.kind === 'var' && out.add(x.name));
      for (const b of innerBlocks(s)) stmts(b.body);
    }
  };
  for (const b of ast.blocks) if ('body' in b && b.body) stmts(b.body.body);
}
