/**
 * NMODL tokens, read on demand (the parser asks for one token at a time, because a unit such as
 * `(mA/cm2)` or `(k-mole)` is raw text that only the parser knows is a unit: see `readUnit`).
 * Follows nocmodl's lex.lpp: `:` and `?` start line comments, COMMENT…ENDCOMMENT and
 * VERBATIM…ENDVERBATIM end at a line whose first word is the END word, TITLE takes the rest of
 * its line, `name'` is a derivative, numbers are `1`, `1.5`, `.5`, `1e-3`.
 */
import type { Pos } from './ast.ts';

export type TokenKind = 'name' | 'prime' | 'number' | 'string' | 'punct' | 'title' | 'verbatim' | 'ontology' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The name (without primes), the operator, the number's text, or the block's text. */
  readonly text: string;
  /** Number value; for a prime, the number of primes. */
  readonly value: number;
  /** For numbers: written without `.` or exponent. */
  readonly isInt: boolean;
  readonly pos: Pos;
  /** Offset just past the token. */
  readonly end: number;
}

/** A syntax error at a place (the parser turns it into a Diagnostic). */
export class SyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
  }
}

/** A COMMENT…ENDCOMMENT block, kept for the help text. */
export interface CommentText {
  readonly text: string;
  readonly pos: Pos;
  /** Outside every { } block: a description of the file rather than a note on the code. */
  readonly topLevel: boolean;
}

const PUNCT3 = ['<->'];
const PUNCT2 = ['<=', '>=', '==', '!=', '&&', '||'];
const PUNCT1 = '{}()[],=+-*/^<>!~@';

export class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  /** Depth of { } braces so far, to tell a file's COMMENT blocks from those inside code. */
  private braces = 0;
  /** COMMENT blocks met so far, in order. */
  readonly comments: CommentText[] = [];

  constructor(private readonly src: string) {}

  private pos(at = this.i): Pos {
    return { line: this.line, col: at - this.lineStart + 1, offset: at };
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  /** Skip to the end of the current line (not past the newline). */
  private restOfLine(): string {
    const start = this.i;
    while (this.i < this.src.length && this.src[this.i] !== '\n' && this.src[this.i] !== '\r') this.i++;
    return this.src.slice(start, this.i);
  }

  /** Past the next line break, if any. */
  private skipLineBreak(): void {
    if (this.src[this.i] === '\r' && this.src[this.i + 1] === '\n') this.i++;
    if (this.i < this.src.length) {
      this.newline(this.i);
      this.i++;
    }
  }

  /** The lines after the current one up to a line whose first word is `end`; that line is consumed. */
  private block(word: string, at: Pos): string {
    this.restOfLine();
    const lines: string[] = [];
    for (;;) {
      if (this.i >= this.src.length) throw new SyntaxError(`${word} block goes to the end of the file (no END${word})`, at);
      this.skipLineBreak();
      const text = this.restOfLine();
      const first = /^[ \t]*([A-Za-z]+)/.exec(text);
      if (first && first[1] === `END${word}`) return lines.join('\n');
      lines.push(text);
    }
  }

  /**
   * The raw text of a unit up to the closing `)` on the same line, for a parser that has just
   * read the `(` token (and nothing after it). Returns the trimmed text; the `)` is consumed.
   */
  readUnit(open: Pos): string {
    const start = this.i;
    while (this.i < this.src.length && this.src[this.i] !== ')' && this.src[this.i] !== '\n' && this.src[this.i] !== '\r') this.i++;
    if (this.src[this.i] !== ')') throw new SyntaxError("unit has no closing ')' on its line", open);
    const text = this.src.slice(start, this.i).trim();
    this.i++;
    return text;
  }

  /** The next token. */
  next(): Token {
    const s = this.src;
    for (;;) {
      if (this.i >= s.length) return this.tok('eof', '', this.i, this.i);
      const c = s[this.i];
      if (c === '\n') {
        this.newline(this.i);
        this.i++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') this.i++;
      else if (c === ':' || c === '?') this.restOfLine();
      else break;
    }
    const start = this.i;
    const c = s[start];
    if (/[A-Za-z]/.test(c)) {
      let j = start + 1;
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j])) j++;
      const name = s.slice(start, j);
      let primes = 0;
      while (s[j + primes] === "'") primes++;
      if (primes > 0) {
        this.i = j + primes;
        return { ...this.tok('prime', name, start, this.i), value: primes };
      }
      this.i = j;
      const at = this.pos(start);
      if (name === 'COMMENT') {
        const text = this.block('COMMENT', at);
        this.comments.push({ text, pos: at, topLevel: this.braces === 0 });
        return this.next();
      }
      if (name === 'VERBATIM') {
        const text = this.block('VERBATIM', at);
        return { ...this.tok('verbatim', text, start, this.i), pos: at };
      }
      if (name === 'TITLE') {
        const text = this.restOfLine().trim();
        return { ...this.tok('title', text, start, this.i), pos: at };
      }
      if (name === 'REPRESENTS') {
        // An ontology id such as NCIT:C17145 contains ':', which would otherwise start a comment.
        while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
        const from = this.i;
        while (this.i < s.length && /[^\s]/.test(s[this.i])) this.i++;
        return { ...this.tok('ontology', s.slice(from, this.i), start, this.i), pos: at };
      }
      return this.tok('name', name, start, j);
    }
    if (/[0-9.]/.test(c)) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/.exec(s.slice(start, start + 400));
      if (!m || m[0] === '.') throw new SyntaxError(`unexpected character '.'`, this.pos(start));
      this.i = start + m[0].length;
      const isInt = /^[0-9]+$/.test(m[0]);
      return { ...this.tok('number', m[0], start, this.i), value: Number(m[0]), isInt };
    }
    if (c === '"') {
      const close = s.indexOf('"', start + 1);
      if (close < 0) throw new SyntaxError('string has no closing "', this.pos(start));
      const text = s.slice(start + 1, close);
      const at = this.pos(start);
      for (let k = start; k < close; k++) if (s[k] === '\n') this.newline(k);
      this.i = close + 1;
      return { ...this.tok('string', text, start, this.i), pos: at };
    }
    for (const p of [...PUNCT3, ...PUNCT2]) {
      if (s.startsWith(p, start)) {
        this.i = start + p.length;
        return this.tok('punct', p, start, this.i);
      }
    }
    if (PUNCT1.includes(c)) {
      this.i = start + 1;
      if (c === '{') this.braces++;
      else if (c === '}') this.braces = Math.max(0, this.braces - 1);
      return this.tok('punct', c, start, this.i);
    }
    throw new SyntaxError(`unexpected character ${quoteChar(c)}`, this.pos(start));
  }

  private tok(kind: TokenKind, text: string, start: number, end: number): Token {
    return { kind, text, value: 0, isInt: false, pos: this.pos(start), end };
  }
}

/** A character for a message: printable as itself, anything else as a \\u escape. */
export function quoteChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0x20 && code < 0x7f) return `'${c}'`;
  return `'\\u${code.toString(16).padStart(4, '0')}'`;
}

/** Text from the .mod quoted for a message: control and bidi characters escaped, long text cut. */
export function quoteText(s: string, max = 40): string {
  const cut = s.length > max ? s.slice(0, max) + '…' : s;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
