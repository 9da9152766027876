/**
 * The syntax tree of an NMODL (.mod) file, as NEURON 8.2's nocmodl reads it. Every node keeps
 * its source position so that the checker and the kernel generator can name the line and column
 * of whatever they refuse. Expressions are a small typed tree; statements stay in source order.
 */

/** A place in the .mod text: 1-based line and column, 0-based character offset. */
export interface Pos {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

// ---------------------------------------------------------------- expressions

/** nocmodl's operators (parse1.ypp): no `%`, whose precedence it declares but no rule uses. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&&' | '||' | '<' | '>' | '<=' | '>=' | '==' | '!=';

/** A number literal; `unit` is the text of a `(unit)` written right after it, e.g. `2 (mV)`. */
export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly unit?: string;
  readonly pos: Pos;
}

/** A string literal (only as an argument of a call, e.g. printf). */
export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly pos: Pos;
}

/** A variable reference; `order` counts primes (`m'` is order 1), `index` is `x[i]`. */
export interface VarRef {
  readonly kind: 'var';
  readonly name: string;
  readonly order: number;
  readonly index?: Expr;
  readonly pos: Pos;
}

export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly (Expr | StringLit)[];
  readonly pos: Pos;
}

export interface Unary {
  readonly kind: 'unary';
  readonly op: '-' | '!';
  readonly arg: Expr;
  readonly pos: Pos;
}

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

/** `( expr )`, kept so that a generator can reproduce nocmodl's evaluation order exactly. */
export interface Paren {
  readonly kind: 'paren';
  readonly expr: Expr;
  readonly pos: Pos;
}

export type Expr = NumberLit | VarRef | Call | Unary | Binary | Paren;

// ---------------------------------------------------------------- statements

/** `x = e`, `x' = e` (order 1) or `x[i] = e`; `protect` for PROTECT. */
export interface Assign {
  readonly kind: 'assign';
  readonly target: VarRef;
  readonly value: Expr;
  readonly protect: boolean;
  readonly pos: Pos;
}

/** A procedure or function called for its effect: `rates(v)`, `net_send(0, 1)`. */
export interface CallStmt {
  readonly kind: 'call';
  readonly call: Call;
  readonly pos: Pos;
}

export interface Block {
  readonly kind: 'block';
  /** LOCAL names declared at the top of this `{ }`. */
  readonly locals: readonly LocalName[];
  readonly body: readonly Stmt[];
  readonly pos: Pos;
}

export interface LocalName {
  readonly name: string;
  readonly size?: number;
  readonly pos: Pos;
}

export interface If {
  readonly kind: 'if';
  readonly cond: Expr;
  readonly then: Block;
  /** `else if` chains are nested If statements here; a plain else is a Block. */
  readonly else?: Block | If;
  readonly pos: Pos;
}

export interface While {
  readonly kind: 'while';
  readonly cond: Expr;
  readonly body: Block;
  readonly pos: Pos;
}

/** `FROM i = a TO b [BY c] { … }` (i is an integer loop variable, both ends included). */
export interface FromLoop {
  readonly kind: 'from';
  readonly index: string;
  readonly from: Expr;
  readonly to: Expr;
  readonly by?: Expr;
  readonly body: Block;
  readonly pos: Pos;
}

/** `SOLVE name [METHOD m | STEADYSTATE m]`. */
export interface Solve {
  readonly kind: 'solve';
  readonly block: string;
  readonly method?: string;
  readonly steadystate: boolean;
  readonly methodPos?: Pos;
  readonly pos: Pos;
}

/** `TABLE names DEPEND names FROM a TO b WITH n`. */
export interface Table {
  readonly kind: 'table';
  readonly names: readonly Ident[];
  readonly depend: readonly Ident[];
  readonly from: Expr;
  readonly to: Expr;
  readonly with: number;
  readonly pos: Pos;
}

export interface Ident {
  readonly name: string;
  readonly pos: Pos;
}

/** One side of a reaction or CONSERVE: `2 ca + pump`. */
export interface ReactTerm {
  readonly coef: number;
  readonly ref: VarRef;
}

/** `~ a <-> b (kf, kb)`, `~ a << (flux)`, `~ a -> (rate)` in KINETIC. */
export interface Reaction {
  readonly kind: 'reaction';
  readonly op: '<->' | '<<' | '->';
  readonly left: readonly ReactTerm[];
  readonly right: readonly ReactTerm[];
  /** kf for `<->` and the rate of `->`, the flux of `<<`. */
  readonly rate1: Expr;
  /** kb for `<->` only. */
  readonly rate2?: Expr;
  readonly pos: Pos;
}

/** `~ lhs = rhs` in LINEAR / NONLINEAR. */
export interface Equation {
  readonly kind: 'equation';
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

export interface Conserve {
  readonly kind: 'conserve';
  readonly terms: readonly ReactTerm[];
  readonly value: Expr;
  readonly pos: Pos;
}

/** `COMPARTMENT [i,] volume { states }` and, with `longitudinal`, LONGITUDINAL_DIFFUSION. */
export interface Compartment {
  readonly kind: 'compartment';
  readonly longitudinal: boolean;
  readonly index?: string;
  readonly volume: Expr;
  readonly names: readonly Ident[];
  readonly pos: Pos;
}

/** `WATCH (a > b) flag, …` in NET_RECEIVE. */
export interface Watch {
  readonly kind: 'watch';
  readonly items: readonly { left: Expr; dir: '<' | '>'; right: Expr; flag: Expr; pos: Pos }[];
  readonly pos: Pos;
}

export interface ForNetcons {
  readonly kind: 'fornetcons';
  readonly args: readonly Arg[];
  readonly body: Block;
  readonly pos: Pos;
}

/** INITIAL { } inside NET_RECEIVE (runs when a NetCon is initialised). */
export interface InitialStmt {
  readonly kind: 'initial';
  readonly body: Block;
  readonly pos: Pos;
}

/** VERBATIM … ENDVERBATIM: C code, kept so the checker can refuse it at its place. */
export interface Verbatim {
  readonly kind: 'verbatim';
  readonly text: string;
  readonly pos: Pos;
}

/** `CONDUCTANCE g [USEION x]`: a hint for CVODE's Jacobian; no effect on the numbers. */
export interface ConductanceHint {
  readonly kind: 'conductance';
  readonly name: string;
  readonly ion?: string;
  readonly pos: Pos;
}

/** Statements with no effect on the numbers: UNITSON/UNITSOFF, MUTEXLOCK/MUTEXUNLOCK. */
export interface Marker {
  readonly kind: 'marker';
  readonly word: 'UNITSON' | 'UNITSOFF' | 'MUTEXLOCK' | 'MUTEXUNLOCK';
  readonly pos: Pos;
}

/** `LAG x BY tau` (parsed, refused by the checker). */
export interface Lag {
  readonly kind: 'lag';
  readonly name: string;
  readonly by: string;
  readonly pos: Pos;
}

export type Stmt =
  | Assign
  | CallStmt
  | Block
  | If
  | While
  | FromLoop
  | Solve
  | Table
  | Reaction
  | Equation
  | Conserve
  | Compartment
  | Watch
  | ForNetcons
  | InitialStmt
  | Verbatim
  | ConductanceHint
  | Marker
  | Lag;

// ---------------------------------------------------------------- declarations

/** A formal argument: `v (mV)`. */
export interface Arg {
  readonly name: string;
  readonly unit?: string;
  readonly pos: Pos;
}

/** One line of PARAMETER / ASSIGNED / STATE / CONSTANT / INDEPENDENT. */
export interface VarDecl {
  readonly name: string;
  /** Array size for `x[n]`. */
  readonly size?: number;
  /** `= value` (PARAMETER, CONSTANT) or START value (STATE, ASSIGNED). */
  readonly value?: number;
  readonly unit?: string;
  /** `<lo, hi>` of a PARAMETER. */
  readonly limits?: readonly [number, number];
  /** `FROM lo TO hi` of a STATE / ASSIGNED. */
  readonly fromTo?: readonly [number, number];
  /** `<tol>`: the absolute tolerance of a STATE for CVODE. */
  readonly abstol?: number;
  readonly pos: Pos;
}

export interface UseIon {
  readonly name: string;
  readonly read: readonly Ident[];
  readonly write: readonly Ident[];
  readonly valence?: number;
  readonly pos: Pos;
}

/** The NEURON { } block (several blocks merge in source order). */
export interface NeuronStmt {
  readonly kind:
    | 'SUFFIX'
    | 'POINT_PROCESS'
    | 'ARTIFICIAL_CELL'
    | 'USEION'
    | 'NONSPECIFIC_CURRENT'
    | 'ELECTRODE_CURRENT'
    | 'RANGE'
    | 'GLOBAL'
    | 'POINTER'
    | 'BBCOREPOINTER'
    | 'EXTERNAL'
    | 'RANDOM'
    | 'THREADSAFE'
    | 'REPRESENTS';
  readonly names: readonly Ident[];
  readonly ion?: UseIon;
  readonly pos: Pos;
}

/** A line of UNITS: `(mA) = (milliamp)` or `FARADAY = (faraday) (coulomb)` / `name = 96485 (C)`. */
export interface UnitDef {
  readonly kind: 'unit' | 'factor';
  /** The new unit's text, or the factor's name. */
  readonly name: string;
  readonly value?: number;
  readonly from?: string;
  readonly to: string;
  readonly pos: Pos;
}

export type TopBlock =
  | { readonly kind: 'title'; readonly text: string; readonly pos: Pos }
  | { readonly kind: 'comment'; readonly text: string; readonly pos: Pos }
  | { readonly kind: 'define'; readonly name: string; readonly value: number; readonly pos: Pos }
  | { readonly kind: 'neuron'; readonly stmts: readonly NeuronStmt[]; readonly pos: Pos }
  | { readonly kind: 'units'; readonly defs: readonly UnitDef[]; readonly pos: Pos }
  | { readonly kind: 'parameter' | 'constant' | 'state' | 'assigned' | 'independent'; readonly decls: readonly VarDecl[]; readonly pos: Pos }
  | { readonly kind: 'local'; readonly names: readonly LocalName[]; readonly pos: Pos }
  | { readonly kind: 'initial' | 'breakpoint' | 'constructor' | 'destructor'; readonly body: Block; readonly pos: Pos }
  | { readonly kind: 'before' | 'after'; readonly when: string; readonly body: Block; readonly pos: Pos }
  | {
      readonly kind: 'derivative' | 'kinetic' | 'linear' | 'nonlinear' | 'discrete';
      readonly name: string;
      readonly solvefor: readonly Ident[];
      readonly body: Block;
      readonly pos: Pos;
    }
  | { readonly kind: 'function' | 'procedure'; readonly name: string; readonly args: readonly Arg[]; readonly unit?: string; readonly body: Block; readonly pos: Pos }
  | { readonly kind: 'function_table'; readonly name: string; readonly args: readonly Arg[]; readonly unit?: string; readonly pos: Pos }
  | { readonly kind: 'net_receive'; readonly args: readonly Arg[]; readonly body: Block; readonly pos: Pos }
  | { readonly kind: 'verbatim'; readonly text: string; readonly pos: Pos }
  | { readonly kind: 'include'; readonly file: string; readonly pos: Pos }
  | { readonly kind: 'marker'; readonly word: 'UNITSON' | 'UNITSOFF'; readonly pos: Pos };

/** A parsed .mod file: its blocks in source order. */
export interface ModFile {
  readonly file: string;
  readonly blocks: readonly TopBlock[];
}

/** A message about a place in a .mod file. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  /** For refusals: the construct that is not supported (e.g. 'VERBATIM'). */
  readonly unsupported?: string;
}

/** `file.mod:line:col: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}`;
}
