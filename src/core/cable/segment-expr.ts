/**
 * Per-segment parameter expressions, as NEURON's CellBuilder writes them: a value of each
 * segment computed once from its centre — `0.0002 * exp(d / 323)`, `d < 100 ? 0.01 : 0.001`,
 * `label == "dendrite" ? 2e-4 : 0`. Text from a graph file is data: it is parsed here into a
 * small tree and evaluated by this code, never handed to JavaScript's own evaluator.
 *
 * Names: d (path distance from the root along the tree, µm: NEURON's distance() with its origin
 * at the root's 0 end), x, y, z (the segment centre, µm), diam (the segment's diameter, µm),
 * label (the compartment label of the segment's nodes, a string), pi. Functions: exp, log, log10,
 * sqrt, abs, pow, min, max, sin, cos, tan, floor, ceil, round. Operators, loosest first:
 * `c ? a : b`, `||`, `&&`, `== != < > <= >=`, `+ -`, `* / %`, `^` (power, right to left), unary
 * `- + !`. Strings ('…' or "…") may only be compared with `==` / `!=`.
 */
import { CoreError } from '../errors.ts';

/** What an expression may read at a segment. */
export interface SegmentEnv {
  /** Path distance from the root (µm). */
  d: number;
  x: number;
  y: number;
  z: number;
  /** Diameter (µm). */
  diam: number;
  /** Compartment label ('' when unlabelled). */
  label: string;
}

type Value = number | string;
/** A node of a parsed expression (for code generators such as the NEURON export). */
export type SegmentNode =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'var'; name: keyof SegmentEnv }
  | { k: 'un'; op: '-' | '+' | '!'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node; col: number }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] };
type Node = SegmentNode;

const VARS: ReadonlySet<string> = new Set(['d', 'x', 'y', 'z', 'diam', 'label']);
const FNS: Readonly<Record<string, { n: number | 'any'; f: (...a: number[]) => number }>> = {
  exp: { n: 1, f: Math.exp },
  log: { n: 1, f: Math.log },
  log10: { n: 1, f: Math.log10 },
  sqrt: { n: 1, f: Math.sqrt },
  abs: { n: 1, f: Math.abs },
  sin: { n: 1, f: Math.sin },
  cos: { n: 1, f: Math.cos },
  tan: { n: 1, f: Math.tan },
  floor: { n: 1, f: Math.floor },
  ceil: { n: 1, f: Math.ceil },
  round: { n: 1, f: Math.round },
  pow: { n: 2, f: Math.pow },
  min: { n: 'any', f: Math.min },
  max: { n: 'any', f: Math.max },
};

/** Binding power of each binary operator (higher binds tighter). */
const BP: Readonly<Record<string, number>> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '>': 3, '<=': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 7 };

interface Token {
  t: 'num' | 'str' | 'id' | 'op' | 'end';
  v: string;
  /** 1-based column. */
  col: number;
}

/** A compiled expression: its value at a segment. */
export interface SegmentExpr {
  readonly text: string;
  /** Whether it reads d, x, y, z, diam or label (false: a constant). */
  readonly varies: boolean;
  evaluate(env: SegmentEnv): number;
  /** The parsed tree, checked (strings only in == / !=; functions known, with their argument counts). */
  readonly tree: SegmentNode;
}

/** Parse a segment expression; a mistake is a CoreError naming the column ("… at column 7"). */
export function parseSegmentExpr(text: string): SegmentExpr {
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
        const fn = FNS[tok.v];
        if (!fn || !Object.hasOwn(FNS, tok.v)) fail(tok, `unknown function '${tok.v}' (known: ${Object.keys(FNS).join(', ')})`);
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
      if (tok.v === 'pi') return { k: 'num', v: Math.PI };
      if (!VARS.has(tok.v)) fail(tok, `unknown name '${tok.v}' (known: d, x, y, z, diam, label, pi)`);
      varies = true;
      return { k: 'var', name: tok.v as keyof SegmentEnv };
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
  checkTypes(tree, text);
  return {
    text,
    varies,
    tree,
    evaluate: (env) => {
      const v = evaluate(tree, env);
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

/** Strings only in == / != against a string or label; everything else numbers. */
function checkTypes(n: Node, text: string): 'num' | 'str' {
  const bad = (col: number | undefined, what: string): never => {
    throw new CoreError('input', `expression "${text}": ${what}${col ? ` at column ${col}` : ''}`);
  };
  switch (n.k) {
    case 'num':
      return 'num';
    case 'str':
      return 'str';
    case 'var':
      return n.name === 'label' ? 'str' : 'num';
    case 'un':
      if (checkTypes(n.a, text) !== 'num') bad(undefined, `'${n.op}' of a string`);
      return 'num';
    case 'call':
      for (const a of n.args) if (checkTypes(a, text) !== 'num') bad(undefined, `${n.fn}() of a string`);
      return 'num';
    case 'cond':
      if (checkTypes(n.c, text) !== 'num') bad(undefined, 'a string as a condition (compare it: label == "dendrite")');
      if (checkTypes(n.a, text) !== 'num' || checkTypes(n.b, text) !== 'num') bad(undefined, 'a string as a value (a parameter is a number)');
      return 'num';
    case 'bin': {
      const a = checkTypes(n.a, text);
      const b = checkTypes(n.b, text);
      if (a === 'str' || b === 'str') {
        if ((n.op !== '==' && n.op !== '!=') || a !== b) bad(n.col, `'${n.op}' between ${a === 'str' ? 'a string' : 'a number'} and ${b === 'str' ? 'a string' : 'a number'} (strings are compared with == or !=)`);
      }
      return 'num';
    }
  }
}

function evaluate(n: Node, env: SegmentEnv): Value {
  switch (n.k) {
    case 'num':
    case 'str':
      return n.v;
    case 'var':
      return env[n.name];
    case 'un': {
      const a = evaluate(n.a, env) as number;
      return n.op === '-' ? -a : n.op === '+' ? a : a === 0 ? 1 : 0;
    }
    case 'cond':
      return (evaluate(n.c, env) as number) !== 0 ? evaluate(n.a, env) : evaluate(n.b, env);
    case 'call':
      return FNS[n.fn].f(...n.args.map((a) => evaluate(a, env) as number));
    case 'bin': {
      if (n.op === '&&') return (evaluate(n.a, env) as number) !== 0 && (evaluate(n.b, env) as number) !== 0 ? 1 : 0;
      if (n.op === '||') return (evaluate(n.a, env) as number) !== 0 || (evaluate(n.b, env) as number) !== 0 ? 1 : 0;
      const a = evaluate(n.a, env);
      const b = evaluate(n.b, env);
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
