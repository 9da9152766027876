/**
 * NMODL parser: a .mod file's text → its syntax tree (ast.ts), following the grammar of NEURON
 * 8.2's nocmodl (parse1.ypp). The first syntax error stops the parse, as in nocmodl, and is
 * reported as `file.mod:line:col: expected …, got …`. Constructs that are parsed but not
 * supported (VERBATIM, POINTER, LINEAR, …) are kept as nodes: refusing them is the checker's job.
 */
import type {
  Arg,
  Block,
  Compartment,
  Diagnostic,
  Expr,
  Ident,
  LocalName,
  ModFile,
  NeuronStmt,
  Pos,
  ReactTerm,
  Stmt,
  StringLit,
  TopBlock,
  UnitDef,
  UseIon,
  VarDecl,
  VarRef,
  BinaryOp,
} from './ast.ts';
import { Lexer, SyntaxError, quoteText, type CommentText, type Token } from './lexer.ts';

/** Words nocmodl reserves (init.cpp): never a variable name. */
export const KEYWORDS: ReadonlySet<string> = new Set(
  (
    'VERBATIM COMMENT TITLE CONSTANT PARAMETER INDEPENDENT ASSIGNED INITIAL DERIVATIVE EQUATION BREAKPOINT ' +
    'CONDUCTANCE SOLVE STATE LINEAR NONLINEAR DISCRETE FUNCTION FUNCTION_TABLE PROCEDURE INT DEL2 DEL LOCAL ' +
    'METHOD STEADYSTATE STEP WITH FROM TO BY if else while IF ELSE WHILE START DEFINE KINETIC CONSERVE VS LAG SWEEP ' +
    'COMPARTMENT LONGITUDINAL_DIFFUSION SOLVEFOR UNITS UNITSON UNITSOFF TABLE DEPEND NEURON SUFFIX POINT_PROCESS ' +
    'ARTIFICIAL_CELL NONSPECIFIC_CURRENT ELECTRODE_CURRENT RANGE USEION READ WRITE VALENCE CHARGE GLOBAL POINTER ' +
    'BBCOREPOINTER EXTERNAL INCLUDE CONSTRUCTOR DESTRUCTOR NET_RECEIVE BEFORE AFTER WATCH FOR_NETCONS THREADSAFE ' +
    'PROTECT MUTEXLOCK MUTEXUNLOCK REPRESENTS RANDOM'
  ).split(' '),
);

/** The result of parsing: the tree, or the syntax error. */
export type ParseResult = { ok: true; ast: ModFile; comments: readonly CommentText[] } | { ok: false; error: Diagnostic };

/** Parse a .mod file's text; `file` names it in messages (e.g. `cagk.mod`). */
export function parseMod(text: string, file: string): ParseResult {
  try {
    const p = new Parser(text, file);
    const ast = p.file();
    return { ok: true, ast, comments: p.comments() };
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, error: { file, line: e.pos.line, col: e.pos.col, message: e.message } };
    throw e;
  }
}

/** How a token reads in a message. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'name':
      return KEYWORDS.has(t.text) ? `keyword ${t.text}` : `name '${quoteText(t.text)}'`;
    case 'prime':
      return `derivative '${quoteText(t.text)}${"'".repeat(t.value)}'`;
    case 'number':
      return `number ${quoteText(t.text)}`;
    case 'string':
      return `string "${quoteText(t.text)}"`;
    case 'punct':
      return `'${t.text}'`;
    case 'title':
      return 'TITLE';
    case 'verbatim':
      return 'VERBATIM';
    case 'ontology':
      return 'REPRESENTS';
  }
}

/** Deepest nesting of blocks and expressions accepted (real files stay below 20). */
const MAX_DEPTH = 200;
/** Longest chain of operators of one precedence level in an expression (`a + b + …`). */
const MAX_CHAIN = 2000;

type BlockContext = 'plain' | 'kinetic' | 'linear' | 'net_receive';

class Parser {
  private readonly lex: Lexer;
  private cur: Token;
  private peeked: Token | null = null;
  private readonly defines = new Map<string, number>();
  /** Nesting of blocks and expressions: bounded, so a hostile file gets a message, not a stack overflow. */
  private depth = 0;

  constructor(
    src: string,
    private readonly fileName: string,
  ) {
    this.lex = new Lexer(src);
    this.cur = this.lex.next();
  }

  comments(): readonly CommentText[] {
    return this.lex.comments;
  }

  // ------------------------------------------------------------ token helpers

  private advance(): Token {
    const t = this.cur;
    if (this.peeked) {
      this.cur = this.peeked;
      this.peeked = null;
    } else this.cur = this.lex.next();
    return t;
  }

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lex.next();
    return this.peeked;
  }

  private fail(what: string, t: Token = this.cur): never {
    throw new SyntaxError(`expected ${what}, got ${describeToken(t)}`, t.pos);
  }

  private isP(text: string): boolean {
    return this.cur.kind === 'punct' && this.cur.text === text;
  }

  private isKw(word: string): boolean {
    return this.cur.kind === 'name' && this.cur.text === word;
  }

  private eatP(text: string): boolean {
    if (this.isP(text)) {
      this.advance();
      return true;
    }
    return false;
  }

  private eatKw(word: string): boolean {
    if (this.isKw(word)) {
      this.advance();
      return true;
    }
    return false;
  }

  private expectP(text: string, what = `'${text}'`): Token {
    if (!this.isP(text)) this.fail(what);
    return this.advance();
  }

  private expectKw(word: string): Token {
    if (!this.isKw(word)) this.fail(word);
    return this.advance();
  }

  /** A name that is not a keyword. */
  private ident(what = 'a name'): Ident {
    const t = this.cur;
    if (t.kind !== 'name' || KEYWORDS.has(t.text)) this.fail(what);
    this.advance();
    return { name: t.text, pos: t.pos };
  }

  /** `(unit)` if the current token opens one; reads the raw text. */
  private optUnit(): string | undefined {
    if (!this.isP('(')) return undefined;
    if (this.peeked) this.fail('a unit'); // cannot happen: units are never looked past
    const open = this.cur;
    const text = this.lex.readUnit(open.pos);
    this.cur = this.lex.next();
    return text;
  }

  private unit(): string {
    if (!this.isP('(')) this.fail("a unit in '( )'");
    return this.optUnit() ?? '';
  }

  /** An integer literal or a DEFINEd name. */
  private integer(what = 'an integer'): number {
    const t = this.cur;
    if (t.kind === 'number' && t.isInt) {
      this.advance();
      return t.value;
    }
    if (t.kind === 'name' && this.defines.has(t.text)) {
      this.advance();
      return this.defines.get(t.text) ?? 0;
    }
    return this.fail(what);
  }

  /** `[-] number` (PARAMETER values, limits, CONSTANT). */
  private signedNumber(what = 'a number'): number {
    const neg = this.eatP('-');
    const t = this.cur;
    let v: number;
    if (t.kind === 'number') v = t.value;
    else if (t.kind === 'name' && this.defines.has(t.text)) v = this.defines.get(t.text) ?? 0;
    else return this.fail(what);
    this.advance();
    return neg ? -v : v;
  }

  private nameList(what = 'a name'): Ident[] {
    const out = [this.ident(what)];
    while (this.eatP(',')) out.push(this.ident(what));
    return out;
  }

  // ------------------------------------------------------------ file

  file(): ModFile {
    const blocks: TopBlock[] = [];
    while (this.cur.kind !== 'eof') blocks.push(this.top());
    const comments = this.lex.comments.filter((c) => c.topLevel).map((c): TopBlock => ({ kind: 'comment', text: c.text, pos: c.pos }));
    // The lexer reads COMMENT blocks wherever they are; the file's own go back among the blocks in source order.
    const all = [...blocks, ...comments].sort((a, b) => a.pos.offset - b.pos.offset);
    return { file: this.fileName, blocks: all };
  }

  private top(): TopBlock {
    const t = this.cur;
    if (t.kind === 'title') {
      this.advance();
      return { kind: 'title', text: t.text, pos: t.pos };
    }
    if (t.kind === 'verbatim') {
      this.advance();
      return { kind: 'verbatim', text: t.text, pos: t.pos };
    }
    if (t.kind !== 'name') this.fail('a block (NEURON, PARAMETER, STATE, BREAKPOINT, …)');
    const pos = t.pos;
    switch (t.text) {
      case 'NEURON':
        this.advance();
        return this.neuronBlock(pos);
      case 'UNITS':
        this.advance();
        return this.unitsBlock(pos);
      case 'PARAMETER':
      case 'CONSTANT':
      case 'STATE':
      case 'ASSIGNED':
      case 'INDEPENDENT': {
        this.advance();
        const kind = t.text === 'PARAMETER' ? 'parameter' : t.text === 'CONSTANT' ? 'constant' : t.text === 'STATE' ? 'state' : t.text === 'ASSIGNED' ? 'assigned' : 'independent';
        return { kind, decls: this.declBlock(kind), pos };
      }
      case 'DEFINE': {
        this.advance();
        const name = this.ident('the name to DEFINE');
        const neg = this.eatP('-');
        const v = this.cur;
        if (v.kind !== 'number' || !v.isInt) this.fail('an integer');
        this.advance();
        const value = neg ? -v.value : v.value;
        this.defines.set(name.name, value);
        return { kind: 'define', name: name.name, value, pos };
      }
      case 'LOCAL':
        this.advance();
        return { kind: 'local', names: this.localNames(), pos };
      case 'INITIAL':
      case 'BREAKPOINT':
      case 'EQUATION':
      case 'CONSTRUCTOR':
      case 'DESTRUCTOR': {
        this.advance();
        const kind = t.text === 'INITIAL' ? 'initial' : t.text === 'CONSTRUCTOR' ? 'constructor' : t.text === 'DESTRUCTOR' ? 'destructor' : 'breakpoint';
        return { kind, body: this.block('plain'), pos };
      }
      case 'BEFORE':
      case 'AFTER': {
        this.advance();
        const w = this.cur;
        if (w.kind !== 'name' || !['BREAKPOINT', 'SOLVE', 'INITIAL', 'STEP'].includes(w.text)) this.fail('BREAKPOINT, SOLVE, INITIAL or STEP');
        this.advance();
        return { kind: t.text === 'BEFORE' ? 'before' : 'after', when: w.text, body: this.block('plain'), pos };
      }
      case 'DERIVATIVE':
      case 'KINETIC':
      case 'LINEAR':
      case 'NONLINEAR':
      case 'DISCRETE': {
        this.advance();
        const kind = t.text.toLowerCase() as 'derivative' | 'kinetic' | 'linear' | 'nonlinear' | 'discrete';
        const name = this.ident(`the name of the ${t.text} block`);
        const solvefor: Ident[] = [];
        if (kind !== 'derivative' && kind !== 'discrete' && this.eatKw('SOLVEFOR')) solvefor.push(...this.nameList());
        const ctx: BlockContext = kind === 'kinetic' ? 'kinetic' : kind === 'linear' || kind === 'nonlinear' ? 'linear' : 'plain';
        return { kind, name: name.name, solvefor, body: this.block(ctx), pos };
      }
      case 'FUNCTION':
      case 'PROCEDURE': {
        this.advance();
        const name = this.ident(`the name of the ${t.text}`);
        const args = this.argList();
        const unit = this.optUnit();
        return { kind: t.text === 'FUNCTION' ? 'function' : 'procedure', name: name.name, args, unit, body: this.block('plain'), pos };
      }
      case 'FUNCTION_TABLE': {
        this.advance();
        const name = this.ident('the name of the FUNCTION_TABLE');
        const args = this.argList();
        return { kind: 'function_table', name: name.name, args, unit: this.optUnit(), pos };
      }
      case 'NET_RECEIVE': {
        this.advance();
        const args = this.argList();
        return { kind: 'net_receive', args, body: this.block('net_receive'), pos };
      }
      case 'UNITSON':
      case 'UNITSOFF':
        this.advance();
        return { kind: 'marker', word: t.text, pos };
      case 'INCLUDE': {
        this.advance();
        const f = this.cur;
        if (f.kind !== 'string') this.fail('a file name in quotes');
        this.advance();
        return { kind: 'include', file: f.text, pos };
      }
      default:
        return this.fail('a block (NEURON, PARAMETER, STATE, BREAKPOINT, …)');
    }
  }

  private localNames(): LocalName[] {
    const out: LocalName[] = [];
    do {
      const n = this.ident('a LOCAL name');
      let size: number | undefined;
      if (this.eatP('[')) {
        size = this.integer('an array size');
        this.expectP(']');
      }
      out.push({ name: n.name, size, pos: n.pos });
    } while (this.eatP(','));
    return out;
  }

  private argList(): Arg[] {
    this.expectP('(');
    const args: Arg[] = [];
    if (!this.isP(')')) {
      do {
        const n = this.ident('an argument name');
        args.push({ name: n.name, unit: this.optUnit(), pos: n.pos });
      } while (this.eatP(','));
    }
    this.expectP(')', "',' or ')'");
    return args;
  }

  // ------------------------------------------------------------ declaration blocks

  private neuronBlock(pos: Pos): TopBlock {
    this.expectP('{');
    const stmts: NeuronStmt[] = [];
    while (!this.eatP('}')) {
      const t = this.cur;
      if (t.kind === 'ontology') {
        this.advance();
        stmts.push({ kind: 'REPRESENTS', names: [{ name: t.text, pos: t.pos }], pos: t.pos });
        continue;
      }
      if (t.kind !== 'name') this.fail("a NEURON statement (SUFFIX, USEION, RANGE, …) or '}'");
      switch (t.text) {
        case 'SUFFIX':
        case 'POINT_PROCESS':
        case 'ARTIFICIAL_CELL':
          this.advance();
          stmts.push({ kind: t.text, names: [this.ident(`the ${t.text} name`)], pos: t.pos });
          break;
        case 'NONSPECIFIC_CURRENT':
        case 'ELECTRODE_CURRENT':
        case 'RANGE':
        case 'GLOBAL':
        case 'POINTER':
        case 'BBCOREPOINTER':
        case 'EXTERNAL':
        case 'RANDOM':
          this.advance();
          stmts.push({ kind: t.text, names: this.nameList(), pos: t.pos });
          break;
        case 'THREADSAFE':
          this.advance();
          stmts.push({ kind: 'THREADSAFE', names: [], pos: t.pos });
          break;
        case 'USEION': {
          this.advance();
          const ion = this.useIon(t.pos);
          stmts.push({ kind: 'USEION', names: [], ion, pos: t.pos });
          break;
        }
        default:
          this.fail("a NEURON statement (SUFFIX, USEION, RANGE, …) or '}'");
      }
    }
    return { kind: 'neuron', stmts, pos };
  }

  private useIon(pos: Pos): UseIon {
    const name = this.ident('the ion name');
    let read: Ident[] = [];
    let write: Ident[] = [];
    if (this.eatKw('READ')) read = this.nameList('an ion variable');
    if (this.eatKw('WRITE')) write = this.nameList('an ion variable');
    if (!read.length && !write.length) this.fail('READ or WRITE');
    let valence: number | undefined;
    if (this.eatKw('VALENCE') || this.eatKw('CHARGE')) valence = this.signedNumber('the valence (a number)');
    if (this.cur.kind === 'ontology') this.advance();
    return { name: name.name, read, write, valence, pos };
  }

  private unitsBlock(pos: Pos): TopBlock {
    this.expectP('{');
    const defs: UnitDef[] = [];
    while (!this.eatP('}')) {
      const t = this.cur;
      if (this.isP('(')) {
        const name = this.unit();
        this.expectP('=');
        defs.push({ kind: 'unit', name, to: this.unit(), pos: t.pos });
        continue;
      }
      const n = this.ident("a unit definition: '(name) = (unit)' or 'NAME = (unit) (unit)', or '}'");
      this.expectP('=');
      if (this.isP('(')) {
        const from = this.unit();
        if (this.eatP('-')) this.expectP('>');
        defs.push({ kind: 'factor', name: n.name, from, to: this.unit(), pos: t.pos });
      } else {
        const value = this.signedNumber('a number or a unit');
        defs.push({ kind: 'factor', name: n.name, value, to: this.unit(), pos: t.pos });
      }
    }
    return { kind: 'units', defs, pos };
  }

  private declBlock(kind: 'parameter' | 'constant' | 'state' | 'assigned' | 'independent'): VarDecl[] {
    this.expectP('{');
    const out: VarDecl[] = [];
    while (!this.eatP('}')) {
      if (kind === 'independent' && this.eatKw('SWEEP')) continue;
      const t = this.cur;
      // nocmodl allows derivative names in STATE/ASSIGNED (e.g. a high-order state); keep them as names.
      if (t.kind !== 'name' || KEYWORDS.has(t.text)) this.fail(`a variable name or '}'`);
      this.advance();
      const d: { -readonly [K in keyof VarDecl]: VarDecl[K] } = { name: t.text, pos: t.pos };
      if (this.eatP('[')) {
        d.size = this.integer('an array size');
        this.expectP(']');
      }
      if (kind === 'parameter' || kind === 'constant') {
        if (this.eatP('=')) d.value = this.signedNumber();
        else if (kind === 'constant') this.fail("'='");
        d.unit = this.optUnit();
        if (kind === 'parameter' && this.eatP('<')) {
          const lo = this.signedNumber('the lower limit');
          this.expectP(',');
          const hi = this.signedNumber('the upper limit');
          this.expectP('>');
          d.limits = [lo, hi];
        }
      } else {
        if (this.eatKw('FROM')) {
          const lo = this.signedNumber();
          this.expectKw('TO');
          d.fromTo = [lo, this.signedNumber()];
          if (kind === 'independent') {
            this.expectKw('WITH');
            this.integer();
          }
        }
        if (this.eatKw('START')) d.value = this.signedNumber();
        d.unit = this.optUnit();
        if (this.eatP('<')) {
          d.abstol = this.signedNumber('a tolerance');
          this.expectP('>');
        }
      }
      out.push(d);
    }
    return out;
  }

  // ------------------------------------------------------------ statements

  /** `{ [LOCAL …] statements }`. */
  private block(ctx: BlockContext): Block {
    return this.nested(() => this.blockBody(ctx));
  }

  /** Run `f` one level deeper; more than MAX_DEPTH levels is a syntax error at the current token. */
  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new SyntaxError(`blocks or expressions nested more than ${MAX_DEPTH} deep`, this.cur.pos);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private blockBody(ctx: BlockContext): Block {
    const open = this.expectP('{');
    const locals: LocalName[] = [];
    while (this.isKw('LOCAL')) {
      this.advance();
      locals.push(...this.localNames());
    }
    const body: Stmt[] = [];
    while (!this.eatP('}')) {
      if (this.cur.kind === 'eof') this.fail("'}'");
      body.push(this.stmt(ctx));
    }
    return { kind: 'block', locals, body, pos: open.pos };
  }

  private stmt(ctx: BlockContext): Stmt {
    const t = this.cur;
    const pos = t.pos;
    if (t.kind === 'verbatim') {
      this.advance();
      return { kind: 'verbatim', text: t.text, pos };
    }
    if (this.isP('{')) return this.block(ctx);
    if (this.isP('~')) return ctx === 'kinetic' ? this.reaction() : ctx === 'linear' ? this.equation() : this.fail('a statement (equations with ~ belong in KINETIC, LINEAR or NONLINEAR blocks)');
    if (t.kind === 'prime') return this.assign(false);
    if (t.kind !== 'name') this.fail('a statement');
    switch (t.text) {
      case 'if':
      case 'IF':
        return this.ifStmt(ctx);
      case 'while':
      case 'WHILE': {
        this.advance();
        this.expectP('(');
        const cond = this.expr();
        this.expectP(')');
        return { kind: 'while', cond, body: this.block(ctx), pos };
      }
      case 'FROM': {
        this.advance();
        const index = this.ident('the loop variable').name;
        this.expectP('=');
        const from = this.expr();
        this.expectKw('TO');
        const to = this.expr();
        const by = this.eatKw('BY') ? this.expr() : undefined;
        return { kind: 'from', index, from, to, by, body: this.block(ctx), pos };
      }
      case 'SOLVE': {
        this.advance();
        const block = this.ident('the name of the block to SOLVE').name;
        let method: string | undefined;
        let methodPos: Pos | undefined;
        let steadystate = false;
        if (this.isKw('METHOD') || this.isKw('STEADYSTATE')) {
          steadystate = this.cur.text === 'STEADYSTATE';
          this.advance();
          methodPos = this.cur.pos;
          method = this.ident('a method name (cnexp, derivimplicit, sparse, euler, …)').name;
        }
        return { kind: 'solve', block, method, steadystate, methodPos, pos };
      }
      case 'TABLE':
        return this.table();
      case 'CONSERVE': {
        this.advance();
        const terms = this.reactSide();
        this.expectP('=');
        return { kind: 'conserve', terms, value: this.expr(), pos };
      }
      case 'COMPARTMENT':
      case 'LONGITUDINAL_DIFFUSION':
        return this.compartment();
      case 'INITIAL':
        if (ctx !== 'net_receive') this.fail('a statement (INITIAL inside a block belongs in NET_RECEIVE)');
        this.advance();
        return { kind: 'initial', body: this.block('plain'), pos };
      case 'WATCH':
        return this.watch();
      case 'FOR_NETCONS': {
        this.advance();
        const args = this.argList();
        return { kind: 'fornetcons', args, body: this.block('plain'), pos };
      }
      case 'UNITSON':
      case 'UNITSOFF':
      case 'MUTEXLOCK':
      case 'MUTEXUNLOCK':
        this.advance();
        return { kind: 'marker', word: t.text, pos };
      case 'CONDUCTANCE': {
        this.advance();
        const name = this.ident('a conductance name').name;
        const ion = this.eatKw('USEION') ? this.ident('an ion name').name : undefined;
        return { kind: 'conductance', name, ion, pos };
      }
      case 'PROTECT':
        this.advance();
        return this.assign(true);
      case 'LAG': {
        this.advance();
        const name = this.ident().name;
        this.expectKw('BY');
        return { kind: 'lag', name, by: this.ident().name, pos };
      }
    }
    if (t.text === 'LOCAL') throw new SyntaxError('LOCAL must come first in its { } block, before any statement', t.pos);
    if (KEYWORDS.has(t.text)) this.fail('a statement');
    if (this.peek().kind === 'punct' && this.peek().text === '(') {
      const call = this.callAfterName();
      return { kind: 'call', call, pos };
    }
    return this.assign(false);
  }

  private assign(protect: boolean): Stmt {
    const pos = this.cur.pos;
    if (this.cur.kind !== 'prime' && (this.cur.kind !== 'name' || KEYWORDS.has(this.cur.text))) this.fail('a variable to assign');
    const target = this.varRef();
    this.expectP('=', "'=' (an assignment)");
    return { kind: 'assign', target, value: this.expr(), protect, pos };
  }

  private ifStmt(ctx: BlockContext): Stmt {
    const pos = this.advance().pos;
    this.expectP('(');
    const cond = this.expr();
    this.expectP(')');
    const then = this.block(ctx);
    if (this.isKw('else') || this.isKw('ELSE')) {
      this.advance();
      if (this.isKw('if') || this.isKw('IF')) {
        const elif = this.ifStmt(ctx);
        if (elif.kind !== 'if') throw new Error('unreachable');
        return { kind: 'if', cond, then, else: elif, pos };
      }
      return { kind: 'if', cond, then, else: this.block(ctx), pos };
    }
    return { kind: 'if', cond, then, pos };
  }

  private table(): Stmt {
    const pos = this.advance().pos;
    const names: Ident[] = [];
    if (!this.isKw('DEPEND') && !this.isKw('FROM')) names.push(...this.nameList('a table variable, DEPEND or FROM'));
    const depend = this.eatKw('DEPEND') ? this.nameList('a DEPEND variable') : [];
    this.expectKw('FROM');
    const from = this.expr();
    this.expectKw('TO');
    const to = this.expr();
    this.expectKw('WITH');
    const n = this.cur;
    if (n.kind !== 'number' || !n.isInt) this.fail('the number of table intervals (an integer)');
    this.advance();
    return { kind: 'table', names, depend, from, to, with: n.value, pos };
  }

  private compartment(): Compartment {
    const t = this.advance();
    let index: string | undefined;
    if (this.cur.kind === 'name' && !KEYWORDS.has(this.cur.text) && this.peek().kind === 'punct' && this.peek().text === ',') {
      index = this.advance().text;
      this.advance();
    }
    const volume = this.expr();
    this.expectP('{');
    const names: Ident[] = [];
    while (!this.eatP('}')) names.push(this.ident("a STATE name or '}'"));
    return { kind: 'compartment', longitudinal: t.text === 'LONGITUDINAL_DIFFUSION', index, volume, names, pos: t.pos };
  }

  private watch(): Stmt {
    const pos = this.advance().pos;
    const items: { left: Expr; dir: '<' | '>'; right: Expr; flag: Expr; pos: Pos }[] = [];
    do {
      const open = this.expectP('(');
      const left = this.additive();
      const d = this.cur;
      if (!this.isP('<') && !this.isP('>')) this.fail("'>' or '<'");
      this.advance();
      const right = this.additive();
      this.expectP(')');
      items.push({ left, dir: d.text as '<' | '>', right, flag: this.unary(), pos: open.pos });
    } while (this.eatP(','));
    return { kind: 'watch', items, pos };
  }

  private reaction(): Stmt {
    const pos = this.advance().pos;
    const left = this.reactSide();
    if (this.eatP('<->')) {
      const right = this.reactSide();
      this.expectP('(');
      const rate1 = this.expr();
      this.expectP(',');
      const rate2 = this.expr();
      this.expectP(')');
      return { kind: 'reaction', op: '<->', left, right, rate1, rate2, pos };
    }
    if (this.isP('<')) {
      this.advance();
      this.expectP('<', "'<<'");
      this.expectP('(');
      const rate1 = this.expr();
      this.expectP(')');
      return { kind: 'reaction', op: '<<', left, right: [], rate1, pos };
    }
    if (this.isP('-')) {
      this.advance();
      this.expectP('>', "'->'");
      this.expectP('(');
      const rate1 = this.expr();
      this.expectP(')');
      return { kind: 'reaction', op: '->', left, right: [], rate1, pos };
    }
    return this.fail("'<->', '<<' or '->'");
  }

  private reactSide(): ReactTerm[] {
    const terms: ReactTerm[] = [];
    do {
      let coef = 1;
      if (this.cur.kind === 'number') coef = this.integer('a stoichiometric coefficient (an integer)');
      if (this.cur.kind !== 'name' || KEYWORDS.has(this.cur.text)) this.fail('a STATE name');
      terms.push({ coef, ref: this.varRef() });
    } while (this.eatP('+'));
    return terms;
  }

  private equation(): Stmt {
    const pos = this.advance().pos;
    const left = this.expr();
    this.expectP('=');
    return { kind: 'equation', left, right: this.expr(), pos };
  }

  // ------------------------------------------------------------ expressions

  /** A name or derivative, with `[index]`. */
  private varRef(): VarRef {
    const t = this.advance();
    const order = t.kind === 'prime' ? t.value : 0;
    if (this.isP('[')) {
      this.advance();
      const index = this.expr();
      this.expectP(']');
      return { kind: 'var', name: t.text, order, index, pos: t.pos };
    }
    return { kind: 'var', name: t.text, order, pos: t.pos };
  }

  /** `name(args)` with the name as the current token. */
  private callAfterName(): Expr & { kind: 'call' } {
    const n = this.advance();
    this.expectP('(');
    const args: (Expr | StringLit)[] = [];
    if (!this.isP(')')) {
      do {
        const s = this.cur;
        if (s.kind === 'string') {
          this.advance();
          args.push({ kind: 'string', value: s.text, pos: s.pos });
        } else args.push(this.expr());
      } while (this.eatP(','));
    }
    this.expectP(')', "',' or ')'");
    return { kind: 'call', name: n.text, args, pos: n.pos };
  }

  expr(): Expr {
    return this.nested(() => this.binary(0));
  }

  private static readonly LEVELS: readonly (readonly BinaryOp[])[] = [['||'], ['&&'], ['<', '>', '<=', '>=', '==', '!='], ['+', '-'], ['*', '/']];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = Parser.LEVELS[level];
    let chain = 0;
    while (this.cur.kind === 'punct' && (ops as readonly string[]).includes(this.cur.text)) {
      // The tree of a chain is as deep as the chain is long; its readers recurse on it.
      if (++chain > MAX_CHAIN) throw new SyntaxError(`more than ${MAX_CHAIN} operators in a row in one expression`, this.cur.pos);
      const op = this.advance();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: op.text as BinaryOp, left, right, pos: op.pos };
    }
    return left;
  }

  /** `+`/`-` level, for WATCH's two sides (a comparison there is the WATCH's own). */
  private additive(): Expr {
    return this.binary(3);
  }

  private unary(): Expr {
    const t = this.cur;
    if (this.isP('-') || this.isP('!')) {
      this.advance();
      return { kind: 'unary', op: t.text as '-' | '!', arg: this.nested(() => this.unary()), pos: t.pos };
    }
    return this.power();
  }

  /** `^` binds tighter than unary minus and is right-associative: -a^b^c = -(a^(b^c)). */
  private power(): Expr {
    const base = this.primary();
    if (this.isP('^')) {
      const op = this.advance();
      return { kind: 'binary', op: '^', left: base, right: this.nested(() => this.unary()), pos: op.pos };
    }
    return base;
  }

  private primary(): Expr {
    const t = this.cur;
    if (t.kind === 'number') {
      this.advance();
      const unit = this.optUnit();
      return { kind: 'number', value: t.value, text: t.text, unit, pos: t.pos };
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.advance();
      const e = this.expr();
      this.expectP(')');
      return { kind: 'paren', expr: e, pos: t.pos };
    }
    if (t.kind === 'prime') return this.varRef();
    if (t.kind === 'name' && !KEYWORDS.has(t.text)) {
      if (this.defines.has(t.text)) {
        this.advance();
        const v = this.defines.get(t.text) ?? 0;
        return { kind: 'number', value: v, text: String(v), pos: t.pos };
      }
      if (this.peek().kind === 'punct' && this.peek().text === '(') return this.callAfterName();
      return this.varRef();
    }
    return this.fail('an expression');
  }
}
