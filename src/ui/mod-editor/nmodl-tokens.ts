/**
 * A small NMODL tokenizer for highlighting (not the compiler's parser, src/core/nmodl/parser.ts:
 * it only has to colour text while it is being typed, broken or not): block names, keywords,
 * comments (`:` and `?` to the end of the line, COMMENT … ENDCOMMENT), numbers, units in
 * parentheses and the names a block or procedure defines.
 */

export type TokenKind = 'comment' | 'block' | 'keyword' | 'number' | 'unit' | 'def';

/** A highlighted range of the text [from, to) (character offsets). */
export interface Token {
  from: number;
  to: number;
  kind: TokenKind;
}

/** Names that open a top-level block (NMODL's block keywords). */
const BLOCKS = new Set([
  'TITLE', 'NEURON', 'UNITS', 'PARAMETER', 'ASSIGNED', 'STATE', 'CONSTANT', 'INDEPENDENT', 'BREAKPOINT', 'INITIAL', 'DERIVATIVE', 'KINETIC',
  'LINEAR', 'NONLINEAR', 'DISCRETE', 'PARTIAL', 'PROCEDURE', 'FUNCTION', 'FUNCTION_TABLE', 'NET_RECEIVE', 'BEFORE', 'AFTER', 'CONSTRUCTOR',
  'DESTRUCTOR', 'VERBATIM', 'ENDVERBATIM',
]);

/** Other keywords: declarations in NEURON { }, statements, control flow. */
const KEYWORDS = new Set([
  'SUFFIX', 'POINT_PROCESS', 'ARTIFICIAL_CELL', 'USEION', 'READ', 'WRITE', 'VALENCE', 'RANGE', 'GLOBAL', 'NONSPECIFIC_CURRENT', 'ELECTRODE_CURRENT',
  'POINTER', 'BBCOREPOINTER', 'EXTERNAL', 'THREADSAFE', 'REPRESENTS', 'SOLVE', 'METHOD', 'STEADYSTATE', 'LOCAL', 'TABLE', 'DEPEND', 'FROM', 'TO',
  'BY', 'WITH', 'CONSERVE', 'COMPARTMENT', 'LONGITUDINAL_DIFFUSION', 'WATCH', 'FOR_NETCONS', 'UNITSON', 'UNITSOFF', 'INCLUDE', 'MODEL_LEVEL',
  'if', 'else', 'while', 'SWEEP', 'LAG', 'PROTECT', 'MUTEXLOCK', 'MUTEXUNLOCK', 'net_send', 'net_event', 'net_move',
]);

/** Blocks followed by the name they define (DERIVATIVE states, PROCEDURE rates). */
const NAMING = new Set(['DERIVATIVE', 'KINETIC', 'LINEAR', 'NONLINEAR', 'DISCRETE', 'PARTIAL', 'PROCEDURE', 'FUNCTION', 'FUNCTION_TABLE']);

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_]\w*/y;
/** A unit: parentheses around unit text without spaces ("(mV)", "(S/cm2)", "(/ms-mV)", "(1)"). */
const UNIT = /\((?:[A-Za-z/][\w/\-*^.]*|1)\)/y;

/** The highlighted tokens of an NMODL text, in order. */
export function nmodlTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let lineStart = true;
  let naming = false;
  const at = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m ? m[0] : null;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    // COMMENT … ENDCOMMENT: from a line starting with COMMENT to the end of the ENDCOMMENT line.
    if (lineStart && text.startsWith('COMMENT', i) && !/\w/.test(text[i + 7] ?? '')) {
      const end = text.indexOf('ENDCOMMENT', i + 7);
      const stop = end < 0 ? text.length : lineEnd(text, end);
      out.push({ from: i, to: stop, kind: 'comment' });
      i = stop;
      continue;
    }
    lineStart = false;
    if (c === ':' || c === '?') {
      const stop = lineEnd(text, i);
      out.push({ from: i, to: stop, kind: 'comment' });
      i = stop;
      continue;
    }
    if (c === '(') {
      const prev = text[i - 1] ?? ' ';
      // A call's parentheses follow its name directly: "rates(v)" is not a unit.
      const unit = /[\w)]/.test(prev) ? null : at(UNIT);
      if (unit) {
        out.push({ from: i, to: i + unit.length, kind: 'unit' });
        i += unit.length;
        continue;
      }
      i++;
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      const n = at(NUMBER)!;
      out.push({ from: i, to: i + n.length, kind: 'number' });
      i += n.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const w = at(WORD)!;
      const kind: TokenKind | null = naming ? 'def' : BLOCKS.has(w) ? 'block' : KEYWORDS.has(w) ? 'keyword' : null;
      naming = NAMING.has(w);
      if (kind) out.push({ from: i, to: i + w.length, kind });
      i += w.length;
      continue;
    }
    naming = false;
    i++;
  }
  return out;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}
