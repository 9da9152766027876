/**
 * A small expression language for values users type (per-segment parameters, measures of a
 * trace): numbers, names, function calls and the operators, loosest first, `c ? a : b`, `||`,
 * `&&`, `== != < > <= >=`, `+ -`, `* / %`, `^` (power, right to left), unary `- + !`. Strings
 * ('…' or "…") may only be compared with `==` / `!=`. Text from a graph file is data: it is
 * parsed here into a small tree and evaluated by this code, never handed to JavaScript's own
 * evaluator. Which names and functions exist is the grammar's (segment-expr.ts, trace-expr.ts).
 */
import { CoreError } from '../errors.ts';

type Value = number | string;

/** A node of a parsed expression (for code generators such as the NEURON export). */
export type ExprNode<V extends string = string> =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'var'; name: V }
  | { k: 'un'; op: '-' | '+' | '!'; a: ExprNode<V> }
  | { k: 'bin'; op: string; a: ExprNode<V>; b: ExprNode<V>; col: number }
  | { k: 'cond'; c: ExprNode<V>; a: ExprNode<V>; b: ExprNode<V> }
  | { k: 'call'; fn: string; args: ExprNode<V>[] };
type Node = ExprNode;

/** A function of an expression: its number of arguments and its value (the environment for functions of the data). */
export interface ExprFunction<E> {
  n: number | 'any';
  f: (args: number[], env: E) => number;
}

/** The names and functions an expression may use, and how a name is read from the environment. */
export interface Grammar<E> {
  /** Names an expression may read and their types. */
  vars: Readonly<Record<string, 'num' | 'str'>>;
  /** Named constants (pi). */
  constants: Readonly<Record<string, number>>;
  fns: Readonly<Record<string, ExprFunction<E>>>;
  read: (env: E, name: string) => Value;
  /** What a string used as a condition should be (the hint in the message). */
  stringHint?: string;
}

/** Functions of numbers every grammar may offer. */
export const MATH_FUNCTIONS: Readonly<Record<string, ExprFunction<unknown>>> = {
  exp: { n: 1, f: (a) => Math.exp(a[0]) },
  log: { n: 1, f: (a) => Math.log(a[0]) },
  log10: { n: 1, f: (a) => Math.log10(a[0]) },
  sqrt: { n: 1, f: (a) => Math.sqrt(a[0]) },
  abs: { n: 1, f: (a) => Math.abs(a[0]) },
  sin: { n: 1, f: (a) => Math.sin(a[0]) },
  cos: { n: 1, f: (a) => Math.cos(a[0]) },
  tan: { n: 1, f: (a) => Math.tan(a[0]) },
  floor: { n: 1, f: (a) => Math.floor(a[0]) },
  ceil: { n: 1, f: (a) => Math.ceil(a[0]) },
  round: { n: 1, f: (a) => Math.round(a[0]) },
  pow: { n: 2, f: (a) => Math.pow(a[0], a[1]) },
  min: { n: 'any', f: (a) => Math.min(...a) },
  max: { n: 'any', f: (a) => Math.max(...a) },
};

/** Binding power of each binary operator (higher binds tighter). */
const BP: Readonly<Record<string, number>> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '>': 3, '<=': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 7 };

interface Token {
  t: 'num' | 'str' | 'id' | 'op' | 'end';
  v: string;
  /** 1-based column. */
  col: number;
}

/** A parsed expression of a grammar. */
export interface Expr<E> {
  readonly text: string;
  /** Whether it reads any name (false: a constant). */
  readonly varies: boolean;
  /** The parsed tree, checked (strings only in == / !=; functions known, with their argument counts). */
  readonly tree: ExprNode;
  /** Its value in `env` (NaN for a string). */
  evaluate(env: E): number;
}

/** Parse an expression of `grammar`; a mistake is a CoreError naming the column ("… at column 7"). */
export function parseExpr<E>(text: string, grammar: Grammar<E>): Expr<E> {
  if (text.length > 2000) throw new CoreError('input', `the expression is ${text.length} characters long; at most 2000`);
  const tokens = tokenize(text);
  let i = 0;
  let varies = false;
  const peek = () => tokens[i];
  const fail = (tok: Token, what: string): never => {
    throw new CoreError('input', `expression "${text}": ${what} at column ${tok.col}`);
  };
  const expect = (v: string) => {
    const tok = tokens[i];
    if (tok.t !== 'op' || tok.v !== v) fail(tok, tok.t === 'end' ? `'${v}' expected before the end` : `'${v}' expected, found '${tok.v}'`);
    i++;
  };
  const primary = (): Node => {
    const tok = tokens[i++];
    if (tok.t === 'num') return { k: 'num', v: Number(tok.v) };
    if (tok.t === 'str') return { k: 'str', v: tok.v };
    if (tok.t === 'op' && (tok.v === '-' || tok.v === '+' || tok.v === '!')) return { k: 'un', op: tok.v, a: binary(6) };
    if (tok.t === 'op' && tok.v === '(') {
      const e = ternary();
      expect(')');
      return e;
    }
    if (tok.t === 'id') {
      if (peek().t === 'op' && peek().v === '(') {
        if (!Object.hasOwn(grammar.fns, tok.v)) fail(tok, `unknown function '${tok.v}' (known: ${Object.keys(grammar.fns).join(', ')})`);
        const fn = grammar.fns[tok.v];
        i++;
        const args: Node[] = [];
        if (!(peek().t === 'op' && peek().v === ')')) {
          args.push(ternary());
          while (peek().t === 'op' && peek().v === ',') {
            i++;
            args.push(ternary());
          }
        }
        expect(')');
        if (fn.n === 'any' ? args.length < 1 : args.length !== fn.n) fail(tok, `${tok.v}() takes ${fn.n === 'any' ? 'one or more arguments' : `${fn.n} argument${fn.n === 1 ? '' : 's'}`}, got ${args.length}`);
        return { k: 'call', fn: tok.v, args };
      }
      if (Object.hasOwn(grammar.constants, tok.v)) return { k: 'num', v: grammar.constants[tok.v] };
      if (!Object.hasOwn(grammar.vars, tok.v)) fail(tok, `unknown name '${tok.v}' (known: ${[...Object.keys(grammar.vars), ...Object.keys(grammar.constants)].join(', ')})`);
      varies = true;
      return { k: 'var', name: tok.v };
    }
    return fail(tok, tok.t === 'end' ? 'the expression ends too early' : `unexpected '${tok.v}'`);
  };
  const binary = (min: number): Node => {
    let left = primary();
    for (;;) {
      const tok = peek();
      const bp = tok.t === 'op' ? BP[tok.v] : undefined;
      if (bp === undefined || bp < min) return left;
      i++;
      // ^ is right-associative; the others left.
      const right = binary(tok.v === '^' ? bp : bp + 1);
      left = { k: 'bin', op: tok.v, a: left, b: right, col: tok.col };
    }
  };
  const ternary = (): Node => {
    const c = binary(1);
    if (!(peek().t === 'op' && peek().v === '?')) return c;
    i++;
    const a = ternary();
    expect(':');
    const b = ternary();
    return { k: 'cond', c, a, b };
  };
  const tree = ternary();
  if (peek().t !== 'end') fail(peek(), `unexpected '${peek().v}'`);
  checkTypes(tree, text, grammar);
  return {
    text,
    varies,
    tree,
    evaluate: (env) => {
      const v = evaluate(tree, env, grammar);
      return typeof v === 'number' ? v : NaN;
    },
  };
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const col = i + 1;
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], col });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], col });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new CoreError('input', `expression "${text}": a string that is not closed at column ${col}`);
      out.push({ t: 'str', v: text.slice(i + 1, end), col });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two, col });
      i += 2;
      continue;
    }
    if ('+-*/%^()<>?:,!'.includes(c)) {
      out.push({ t: 'op', v: c, col });
      i++;
      continue;
    }
    throw new CoreError('input', `expression "${text}": unexpected character '${c}' at column ${col}`);
  }
  out.push({ t: 'end', v: '', col: text.length + 1 });
  return out;
}

/** Strings only in == / != against a string or string name; everything else numbers. */
function checkTypes<E>(n: Node, text: string, g: Grammar<E>): 'num' | 'str' {
  const bad = (col: number | undefined, what: string): never => {
    throw new CoreError('input', `expression "${text}": ${what}${col ? ` at column ${col}` : ''}`);
  };
  switch (n.k) {
    case 'num':
      return 'num';
    case 'str':
      return 'str';
    case 'var':
      return g.vars[n.name];
    case 'un':
      if (checkTypes(n.a, text, g) !== 'num') bad(undefined, `'${n.op}' of a string`);
      return 'num';
    case 'call':
      for (const a of n.args) if (checkTypes(a, text, g) !== 'num') bad(undefined, `${n.fn}() of a string`);
      return 'num';
    case 'cond':
      if (checkTypes(n.c, text, g) !== 'num') bad(undefined, `a string as a condition${g.stringHint ? ` (${g.stringHint})` : ''}`);
      if (checkTypes(n.a, text, g) !== 'num' || checkTypes(n.b, text, g) !== 'num') bad(undefined, 'a string as a value (a parameter is a number)');
      return 'num';
    case 'bin': {
      const a = checkTypes(n.a, text, g);
      const b = checkTypes(n.b, text, g);
      if (a === 'str' || b === 'str') {
        if ((n.op !== '==' && n.op !== '!=') || a !== b) bad(n.col, `'${n.op}' between ${a === 'str' ? 'a string' : 'a number'} and ${b === 'str' ? 'a string' : 'a number'} (strings are compared with == or !=)`);
      }
      return 'num';
    }
  }
}

function evaluate<E>(n: Node, env: E, g: Grammar<E>): Value {
  switch (n.k) {
    case 'num':
    case 'str':
      return n.v;
    case 'var':
      return g.read(env, n.name);
    case 'un': {
      const a = evaluate(n.a, env, g) as number;
      return n.op === '-' ? -a : n.op === '+' ? a : a === 0 ? 1 : 0;
    }
    case 'cond':
      return (evaluate(n.c, env, g) as number) !== 0 ? evaluate(n.a, env, g) : evaluate(n.b, env, g);
    case 'call':
      return g.fns[n.fn].f(
        n.args.map((a) => evaluate(a, env, g) as number),
        env,
      );
    case 'bin': {
      if (n.op === '&&') return (evaluate(n.a, env, g) as number) !== 0 && (evaluate(n.b, env, g) as number) !== 0 ? 1 : 0;
      if (n.op === '||') return (evaluate(n.a, env, g) as number) !== 0 || (evaluate(n.b, env, g) as number) !== 0 ? 1 : 0;
      const a = evaluate(n.a, env, g);
      const b = evaluate(n.b, env, g);
      switch (n.op) {
        case '==':
          return a === b ? 1 : 0;
        case '!=':
          return a !== b ? 1 : 0;
      }
      const x = a as number;
      const y = b as number;
      switch (n.op) {
        case '<':
          return x < y ? 1 : 0;
        case '>':
          return x > y ? 1 : 0;
        case '<=':
          return x <= y ? 1 : 0;
        case '>=':
          return x >= y ? 1 : 0;
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          return x / y;
        case '%':
          return x % y;
        default:
          return Math.pow(x, y);
      }
    }
  }
}
