/**
 * Per-segment expressions (src/core/cable/segment-expr.ts) as Python functions for the NEURON
 * export. The code is generated from the PARSED tree, node by node, never from the text: a
 * number becomes a float literal, a string an escaped literal (pyStr), a name one of the
 * function's fixed arguments (d, x, y, z, diam, label), an operator or function a helper of
 * the script's own (js_div, js_exp, …) that gives JavaScript's value where Python's would
 * differ or raise (x / 0, log(0), exp(1000), fmod's sign, round half up, NaN in min/max).
 *
 * Each node is one assignment to a temporary (`t3 = js_div(t1, t2)`), so that a deeply nested
 * expression never meets Python's limit on nested parentheses.
 */
import type { SegmentNode } from '../core/cable/segment-expr.ts';
import { parseSegmentExpr } from '../core/cable/segment-expr.ts';
import { pyStr } from './python.ts';

/** A float literal: `3.0`, `1e-05`, `float("inf")` (a literal such as 1e999 parses to Infinity). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : '-float("inf")';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** Helper name per function of segment-expr.ts (all take and return floats). */
const CALLS: Readonly<Record<string, string>> = {
  exp: 'js_exp',
  log: 'js_log',
  log10: 'js_log10',
  sqrt: 'js_sqrt',
  abs: 'abs',
  sin: 'js_sin',
  cos: 'js_cos',
  tan: 'js_tan',
  floor: 'js_floor',
  ceil: 'js_ceil',
  round: 'js_round',
  pow: 'js_pow',
  min: 'js_min',
  max: 'js_max',
};

const COMPARE: Readonly<Record<string, string>> = { '==': '==', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

/**
 * The body of a Python function of (d, x, y, z, diam, label) returning the expression's value:
 * lines without indentation, the last `return tN`.
 */
export function pythonBody(tree: SegmentNode): string[] {
  const lines: string[] = [];
  let n = 0;
  const emit = (code: string): string => {
    const t = `t${++n}`;
    lines.push(`${t} = ${code}`);
    return t;
  };
  // Iterative post-order (trees can be ~1000 levels deep; no recursion limit in either language).
  const stack: Array<{ node: SegmentNode; done: boolean }> = [{ node: tree, done: false }];
  const out: string[] = [];
  const kids = (x: SegmentNode): SegmentNode[] => {
    switch (x.k) {
      case 'un':
        return [x.a];
      case 'bin':
        return [x.a, x.b];
      case 'cond':
        return [x.c, x.a, x.b];
      case 'call':
        return x.args;
      default:
        return [];
    }
  };
  while (stack.length) {
    const top = stack.pop()!;
    const ch = kids(top.node);
    if (!top.done && ch.length) {
      stack.push({ node: top.node, done: true });
      for (let k = ch.length - 1; k >= 0; k--) stack.push({ node: ch[k], done: false });
      continue;
    }
    const args = out.splice(out.length - ch.length, ch.length);
    out.push(emit(nodeCode(top.node, args)));
  }
  lines.push(`return ${out[0]}`);
  return lines;
}

/** One node's Python code over its children's temporaries. */
function nodeCode(x: SegmentNode, a: string[]): string {
  switch (x.k) {
    case 'num':
      return pyFloat(x.v);
    case 'str':
      return pyStr(x.v);
    case 'var':
      // One of the function's fixed argument names (checked, never text of the graph).
      if (!['d', 'x', 'y', 'z', 'diam', 'label'].includes(x.name)) throw new Error(`internal: variable ${JSON.stringify(x.name)}`);
      return x.name;
    case 'un':
      return x.op === '-' ? `-${a[0]}` : x.op === '+' ? `+${a[0]}` : `1.0 if ${a[0]} == 0 else 0.0`;
    case 'cond':
      // JavaScript's test: any number but 0 (NaN too) is true.
      return `${a[1]} if ${a[0]} != 0 else ${a[2]}`;
    case 'call': {
      const f = Object.hasOwn(CALLS, x.fn) ? CALLS[x.fn] : undefined;
      if (!f) throw new Error(`internal: function ${JSON.stringify(x.fn)}`);
      return `${f}(${a.join(', ')})`;
    }
    case 'bin': {
      const [l, r] = a;
      if (Object.hasOwn(COMPARE, x.op)) return `1.0 if ${l} ${COMPARE[x.op]} ${r} else 0.0`;
      switch (x.op) {
        case '&&':
          return `1.0 if ${l} != 0 and ${r} != 0 else 0.0`;
        case '||':
          return `1.0 if ${l} != 0 or ${r} != 0 else 0.0`;
        case '+':
        case '-':
        case '*':
          // Float arithmetic: IEEE results (inf on overflow) in both languages.
          return `${l} ${x.op} ${r}`;
        case '/':
          return `js_div(${l}, ${r})`;
        case '%':
          return `js_mod(${l}, ${r})`;
        case '^':
          return `js_pow(${l}, ${r})`;
      }
      throw new Error(`internal: operator ${JSON.stringify(x.op)}`);
    }
  }
}

/** A named Python function for an expression's text (parsed here; the text itself is never written as code). */
export function pythonFunction(name: string, text: string, indent: string): string[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`internal: function name ${JSON.stringify(name)}`);
  const body = pythonBody(parseSegmentExpr(text).tree);
  return [`${indent}def ${name}(d, x, y, z, diam, label):`, ...body.map((l) => `${indent}    ${l}`)];
}

/** The script's helpers: JavaScript's arithmetic where Python's differs or raises. */
export const JS_MATH_HELPERS = `
# ---------------------------------------------------------------------------------------------
# Per-segment expressions compute as NeuroWire does (JavaScript's arithmetic): these helpers
# give JavaScript's value where Python's operator or math function differs or raises.

INF = float("inf")
NAN = float("nan")


def js_div(a, b):
    if b == 0:
        if a == 0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


def js_mod(a, b):
    if b == 0 or a != a or b != b or a in (INF, -INF):
        return NAN
    return math.fmod(a, b)


def js_pow(a, b):
    if b != b or (abs(a) == 1 and b in (INF, -INF)):
        return NAN
    try:
        return math.pow(a, b)
    except OverflowError:
        return -INF if a < 0 and b == int(b) and int(b) % 2 == 1 else INF
    except (ValueError, ZeroDivisionError):
        return INF if a == 0 else NAN


def js_exp(a):
    try:
        return math.exp(a)
    except OverflowError:
        return INF


def js_log(a):
    return NAN if a != a or a < 0 else -INF if a == 0 else math.log(a)


def js_log10(a):
    return NAN if a != a or a < 0 else -INF if a == 0 else math.log10(a)


def js_sqrt(a):
    return NAN if a != a or a < 0 else math.sqrt(a)


def js_trig(f, a):
    return NAN if a != a or a in (INF, -INF) else f(a)


def js_sin(a):
    return js_trig(math.sin, a)


def js_cos(a):
    return js_trig(math.cos, a)


def js_tan(a):
    return js_trig(math.tan, a)


def js_floor(a):
    return a if a != a or a in (INF, -INF) else float(math.floor(a))


def js_ceil(a):
    return a if a != a or a in (INF, -INF) else float(math.ceil(a))


def js_round(a):
    """Math.round: the nearest integer, halves up (Python's round halves to even)."""
    if a != a or a in (INF, -INF):
        return a
    r = math.floor(a)
    return float(r + 1 if a - r >= 0.5 else r)


def js_min(*a):
    return NAN if any(v != v for v in a) else min(a)


def js_max(*a):
    return NAN if any(v != v for v in a) else max(a)
`;
