import { CoreError } from '../errors.ts';
import { Skeleton, emptyColumns } from './skeleton.ts';

export interface SwcReadOptions {
  /** Name for messages (file name). */
  name?: string;
  /** Unit of the file's coordinates and radii, recorded on the skeleton (default 'µm'). */
  units?: string;
  /**
   * A node whose parent id is not in the file: 'root' (default) makes it the root of a separate
   * piece, with a warning, as NEURON's Import3d and navis read it; 'error' refuses the file.
   */
  missingParents?: 'root' | 'error';
}

export interface SwcReadResult {
  skeleton: Skeleton;
  /** Things that are valid but worth telling the user (several roots, zero radii, …). */
  warnings: string[];
  /** SWC line number (1-based) of each row, for messages. */
  lines: Int32Array;
}

// `\d+(\.\d*)?` rather than `\d+\.?\d*`: the latter backtracks quadratically on long digit runs.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Largest |coordinate| or radius accepted, in the file's units. */
export const MAX_MAGNITUDE = 1e100;

function field(tok: string, line: number, col: string): number {
  if (!NUMBER.test(tok)) {
    throw new CoreError('swc-syntax', `SWC line ${line}: ${col} "${tok}" is not a number`, { line });
  }
  const v = Number(tok);
  if (!Number.isFinite(v)) throw new CoreError('swc-syntax', `SWC line ${line}: ${col} ${tok} is too large (not a finite number)`, { line });
  // Beyond this, path lengths and areas summed from coordinates and radii can overflow to Infinity.
  if (Math.abs(v) > MAX_MAGNITUDE) throw new CoreError('swc-syntax', `SWC line ${line}: ${col} ${tok} is too large for a neuron (at most ±1e100: lengths and areas computed from it would overflow)`, { line });
  return v;
}

function intField(tok: string, line: number, col: string): number {
  const v = field(tok, line, col);
  if (!Number.isInteger(v)) throw new CoreError('swc-syntax', `SWC line ${line}: ${col} "${tok}" is not an integer`, { line });
  if (v > 2147483647 || v < -2147483648) {
    throw new CoreError('swc-syntax', `SWC line ${line}: ${col} ${tok} is outside the supported id range (±2^31)`, { line });
  }
  return v;
}

/**
 * Read an SWC file (`id type x y z radius parent` per line). Accepts `#` comments (whole-line
 * and trailing), blank lines, any whitespace, CRLF or CR line ends, scientific notation,
 * non-contiguous ids and parents listed after their children. Throws a `CoreError` naming the
 * line for malformed lines, duplicate ids, missing parents, negative radii and cycles. Warns
 * (without failing) about several roots, zero radii and nodes listed before their parent.
 */
export function readSwc(text: string, opts: SwcReadOptions = {}): SwcReadResult {
  const ids: number[] = [];
  const types: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const rs: number[] = [];
  const parentIds: number[] = [];
  const lines: number[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = src.split(/\r\n|\r|\n/);
  for (let ln = 0; ln < rawLines.length; ln++) {
    let s = rawLines[ln];
    const hash = s.indexOf('#');
    if (hash >= 0) s = s.slice(0, hash);
    s = s.trim();
    if (!s) continue;
    const line = ln + 1;
    const tok = s.split(/[\s,]+/);
    if (tok.length < 7) {
      throw new CoreError('swc-syntax', `SWC line ${line}: expected 7 fields (id type x y z radius parent), found ${tok.length}`, { line });
    }
    if (tok.length > 7) {
      throw new CoreError('swc-syntax', `SWC line ${line}: expected 7 fields (id type x y z radius parent), found ${tok.length}: "${s}"`, { line });
    }
    const id = intField(tok[0], line, 'id');
    const type = intField(tok[1], line, 'type');
    const x = field(tok[2], line, 'x');
    const y = field(tok[3], line, 'y');
    const z = field(tok[4], line, 'z');
    const r = field(tok[5], line, 'radius');
    const p = intField(tok[6], line, 'parent');
    if (r < 0) throw new CoreError('swc-structure', `SWC line ${line}: node ${id} has a negative radius (${tok[5]})`, { line, node: id });
    ids.push(id);
    types.push(type);
    xs.push(x);
    ys.push(y);
    zs.push(z);
    rs.push(r);
    parentIds.push(p);
    lines.push(line);
  }
  if (ids.length === 0) throw new CoreError('swc-syntax', `SWC${opts.name ? ` ${opts.name}` : ''}: no nodes found`);

  const n = ids.length;
  const rowOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const prev = rowOf.get(ids[i]);
    if (prev !== undefined) {
      throw new CoreError('swc-structure', `SWC line ${lines[i]}: node id ${ids[i]} is already used on line ${lines[prev]}`, { line: lines[i], node: ids[i] });
    }
    rowOf.set(ids[i], i);
  }
  const cols = emptyColumns(n);
  cols.id.set(ids);
  cols.type.set(types);
  cols.x.set(xs);
  cols.y.set(ys);
  cols.z.set(zs);
  cols.radius.set(rs);
  const roots: number[] = [];
  const orphans: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parentIds[i];
    if (p < 0) {
      cols.parent[i] = -1;
      roots.push(i);
      continue;
    }
    const pr = rowOf.get(p);
    if (pr === undefined) {
      if (opts.missingParents === 'error') {
        throw new CoreError('swc-structure', `SWC line ${lines[i]}: parent ${p} of node ${ids[i]} does not exist`, { line: lines[i], node: ids[i] });
      }
      // Import3d maps a missing parent to "no parent": the node starts a piece of its own.
      cols.parent[i] = -1;
      roots.push(i);
      orphans.push(i);
      continue;
    }
    if (pr === i) throw new CoreError('swc-structure', `SWC line ${lines[i]}: node ${ids[i]} is its own parent`, { line: lines[i], node: ids[i] });
    cols.parent[i] = pr;
  }
  // With no root at all, every parent walk ends in a cycle, which checkCycles names.
  checkCycles(cols.parent, ids, lines, roots.length === 0 ? ' (no node has parent -1, so the file has no root)' : '');

  const warnings: string[] = [];
  if (orphans.length) {
    const shown = orphans.slice(0, 3).map((i) => `node ${ids[i]} on line ${lines[i]}: parent ${parentIds[i]}`).join('; ');
    const missing = new Set(orphans.map((i) => parentIds[i])).size;
    warnings.push(
      `${orphans.length} node(s) name a parent that is not in the file (${missing} missing id(s); e.g. ${shown}${orphans.length > 3 ? '; …' : ''}): ` +
        `as NEURON's Import3d and navis read them, each starts a separate piece (a root of its own); join the pieces with Heal fragments, or fix the file`,
    );
  }
  if (roots.length > 1) {
    const shown = roots.slice(0, 5).map((r) => `${ids[r]} (line ${lines[r]})`).join(', ');
    warnings.push(`${roots.length} roots: ${shown}${roots.length > 5 ? ', …' : ''}; the skeleton has ${roots.length} disconnected parts`);
  }
  const zero: number[] = [];
  for (let i = 0; i < n; i++) if (rs[i] === 0) zero.push(ids[i]);
  if (zero.length) {
    warnings.push(`${zero.length} node(s) have radius 0 (e.g. ${zero.slice(0, 5).join(', ')}); a compartment model needs a minimum radius (option minRadius)`);
  }
  const early: number[] = [];
  for (let i = 0; i < n; i++) if (cols.parent[i] > i) early.push(i);
  if (early.length) {
    const shown = early
      .slice(0, 3)
      .map((i) => `node ${ids[i]} on line ${lines[i]}, parent ${ids[cols.parent[i]]} on line ${lines[cols.parent[i]]}`)
      .join('; ');
    warnings.push(`${early.length} node(s) are listed before their parent (e.g. ${shown}${early.length > 3 ? '; …' : ''}); this is allowed, but tools that read parents first will reject the file`);
  }
  let soma = -1;
  for (let i = 0; i < n; i++) if (types[i] === 1) { soma = i; break; }
  warnings.push(...somaWarnings(cols.parent, types, rs, ids, lines));
  const skeleton = new Skeleton(cols, { units: opts.units ?? 'µm', soma, name: opts.name ?? '' });
  return { skeleton, warnings, lines: Int32Array.from(lines) };
}

/**
 * What is odd about the soma points (type 1), counted, so a user sees it at load and not when
 * a model looks wrong: several somata (type-1 points in different connected groups), a soma
 * that branches into soma points, soma points with radius 0, and a soma that hangs below a
 * neurite point instead of being at the root. A file without type-1 points gets no warning
 * here (Set soma says what it guesses).
 */
function somaWarnings(parent: Int32Array, types: number[], rs: number[], ids: number[], lines: number[]): string[] {
  const n = types.length;
  const out: string[] = [];
  // A soma group starts at a type-1 point whose parent is not type 1.
  const starts: number[] = [];
  const somaChildren = new Int32Array(n);
  let zero = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (types[i] !== 1) continue;
    count++;
    if (rs[i] === 0) zero++;
    const p = parent[i];
    if (p < 0 || types[p] !== 1) starts.push(i);
    else somaChildren[p]++;
  }
  if (count === 0) return out;
  if (starts.length > 1) {
    const shown = starts.slice(0, 5).map((i) => `node ${ids[i]} (line ${lines[i]})`).join(', ');
    out.push(`${starts.length} separate somata (groups of type-1 points): ${shown}${starts.length > 5 ? ', …' : ''}; the first is taken as the soma, set another with Set soma`);
  }
  // A soma point with several soma children is a branching soma unless those children are
  // end points: the NeuroMorpho 3-point soma (centre and two points ±r) is a legal layout.
  const branching: number[] = [];
  for (let i = 0; i < n; i++) {
    if (somaChildren[i] < 2) continue;
    for (let c = 0; c < n; c++) {
      if (parent[c] === i && types[c] === 1 && somaChildren[c] > 0) {
        branching.push(i);
        break;
      }
    }
  }
  if (branching.length) {
    out.push(`the soma branches: ${branching.length} soma point(s) have several soma children that go on (e.g. node ${ids[branching[0]]} on line ${lines[branching[0]]}); a soma is a single point, a 3-point sphere or an unbranched chain, so its shape is a guess`);
  }
  if (zero) out.push(`${zero} of ${count} soma point(s) have radius 0: the soma has no membrane there`);
  // A soma below a neurite point of a standard type (2 axon, 3 basal, 4 apical): the file's
  // root is a neurite. (Fly EM files have their root on type 0 and the soma inside; that is normal.)
  const below = starts.filter((i) => parent[i] >= 0 && types[parent[i]] >= 2 && types[parent[i]] <= 4);
  if (below.length) {
    const i = below[0];
    out.push(`${below.length} soma point(s) hang below a neurite point (e.g. node ${ids[i]} on line ${lines[i]}, whose parent ${ids[parent[i]]} has type ${types[parent[i]]}): the file's root is not the soma; Reroot at the soma before building a model`);
  }
  return out;
}

/** Every node must reach a root by following parents; otherwise name a cycle (`note` is appended to the message). */
function checkCycles(parent: Int32Array, ids: number[], lines: number[], note: string): void {
  const n = parent.length;
  // 0 unknown, 1 on current walk, 2 reaches a root
  const state = new Uint8Array(n);
  const walk: number[] = [];
  for (let s = 0; s < n; s++) {
    if (state[s]) continue;
    walk.length = 0;
    let i = s;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      walk.push(i);
      i = parent[i];
    }
    if (i >= 0 && state[i] === 1) {
      const at = walk.indexOf(i);
      const cyc = walk.slice(at).map((r) => ids[r]);
      throw new CoreError(
        'swc-structure',
        `SWC line ${lines[i]}: the parent links form a cycle through node(s) ${cyc.slice(0, 8).join(' → ')}${cyc.length > 8 ? ' → …' : ''}${note}`,
        { line: lines[i], node: ids[i] },
      );
    }
    for (const r of walk) state[r] = 2;
  }
}

/** Format a number compactly but exactly (shortest round-trip representation). */
function num(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/**
 * Write a skeleton as SWC (`id type x y z radius parent`), one line per node in row order,
 * with optional `#` header lines. Numbers use the shortest representation that reads back
 * to the same double, so write → read is lossless.
 */
export function writeSwc(sk: Skeleton, header: string[] = []): string {
  const out: string[] = [];
  for (const h of header) out.push(`# ${h}`);
  for (let i = 0; i < sk.size; i++) {
    const p = sk.parent[i];
    out.push(`${sk.id[i]} ${sk.type[i]} ${num(sk.x[i])} ${num(sk.y[i])} ${num(sk.z[i])} ${num(sk.radius[i])} ${p < 0 ? -1 : sk.id[p]}`);
  }
  return out.join('\n') + '\n';
}
