/**
 * Read the `<morphology>` of a NeuroML 2 file as a skeleton (µm, as NeuroML's morphology is).
 *
 * NeuroML 2 (https://docs.neuroml.org/Userdocs/Schemas/Cells.html, element `morphology`)
 * describes a cell as segments, each a frustum from a proximal to a distal point
 * (`x y z diameter`, µm). A segment's `<parent segment="p" fractionAlong="f"/>` attaches it at
 * fraction f (default 1) of its parent; a missing `<proximal>` means the point where it
 * attaches. `<segmentGroup>`s list `<member segment>`s and `<include segmentGroup>`s.
 *
 * As a skeleton: the distal point of segment s is node s (its radius is diameter / 2, its
 * parent the point where the segment starts). A root segment's proximal point, a proximal
 * point that differs from where the segment attaches (a step in position or diameter), and an
 * attachment point inside a parent (0 < f < 1, interpolated along it) are extra nodes, with
 * ids after the largest segment id. SWC types come from the groups a segment belongs to:
 * soma 1, axon 2, (basal) dendrite 3, apical dendrite 4, else 0 — by group id or neuroLexId.
 *
 * NeuroML 1 (MorphML), which NEURON 8.2's ModelView exports (`ModelViewXML.exportNeuroML`),
 * is read too when the file has no `<morphology>`: the first `<cell>`'s `<segments>` (a
 * `parent` attribute instead of a `<parent>` element) and `<cables>` (each cable's
 * `fract_along_parent` places its first segment; cable and cable group names give the types).
 *
 * The XML is read with a small tag scanner (no DOM: this runs in workers and Node too). It
 * understands elements, attributes, comments, processing instructions, CDATA and DOCTYPE, and
 * ignores namespace prefixes and any element it does not need.
 */
import { CoreError } from '../errors.ts';
import { Skeleton, emptyColumns } from './skeleton.ts';

export interface NeuroMlReadOptions {
  /** Name for messages (file name). */
  name?: string;
  /** Which `<morphology id>` to read when the file has several (default: the first). */
  morphologyId?: string;
}

export interface NeuroMlReadResult {
  skeleton: Skeleton;
  warnings: string[];
  /** The morphology's id attribute. */
  morphologyId: string;
  /** Node id of each segment's distal point (= the segment id). */
  segments: number;
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** Start tag (`<a>` or `<a/>`), end tag (`</a>`). */
  kind: 'open' | 'close';
  selfClosing: boolean;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

/** The tags of an XML document in order, with 1-based line numbers; text content is skipped. */
export function* xmlTags(text: string, what = 'NeuroML'): Generator<Tag> {
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const skipTo = (marker: string, start: number, name: string) => {
    const end = text.indexOf(marker, start);
    if (end < 0) throw new CoreError('input', `${what} line ${line}: ${name} is not closed (no "${marker}")`, { line });
    advance(end + marker.length);
  };
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    advance(lt);
    if (text.startsWith('<!--', pos)) skipTo('-->', pos + 4, 'a comment');
    else if (text.startsWith('<![CDATA[', pos)) skipTo(']]>', pos + 9, 'a CDATA section');
    else if (text.startsWith('<?', pos)) skipTo('?>', pos + 2, 'a processing instruction');
    else if (text.startsWith('<!', pos)) skipTo('>', pos + 2, 'a declaration');
    else {
      // A tag: find its end outside quoted attribute values.
      let i = pos + 1;
      let quote = '';
      for (; i < text.length; i++) {
        const c = text[i];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (i >= text.length) throw new CoreError('input', `${what} line ${line}: a tag is not closed (no ">")`, { line });
      const body = text.slice(pos + 1, i);
      const tagLine = line;
      advance(i + 1);
      if (body.startsWith('/')) {
        yield { name: localName(body.slice(1).trim()), attrs: {}, kind: 'close', selfClosing: false, line: tagLine };
        continue;
      }
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const m = /^\s*([^\s/>]+)/.exec(inner);
      if (!m) throw new CoreError('input', `${what} line ${tagLine}: a tag has no name ("<${body}>")`, { line: tagLine });
      const attrs: Record<string, string> = {};
      const re = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
      const rest = inner.slice(m[0].length);
      let a: RegExpExecArray | null;
      while ((a = re.exec(rest))) attrs[localName(a[1])] = decode(a[3] ?? a[4] ?? '');
      yield { name: localName(m[1]), attrs, kind: 'open', selfClosing, line: tagLine };
    }
  }
}

/** `nml:segment` → `segment` (namespace prefixes are ignored). */
function localName(n: string): string {
  const k = n.indexOf(':');
  return k >= 0 ? n.slice(k + 1) : n;
}

interface Point {
  x: number;
  y: number;
  z: number;
  /** Diameter (µm). */
  d: number;
}

interface Segment {
  id: number;
  name: string;
  line: number;
  parent: number | null;
  fraction: number;
  proximal: Point | null;
  distal: Point | null;
}

interface Group {
  id: string;
  neuroLexId: string;
  members: number[];
  includes: string[];
  line: number;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function attrNumber(tag: Tag, attr: string, what: string, where: string): number {
  const s = tag.attrs[attr];
  if (s === undefined) throw new CoreError('input', `${what} line ${tag.line}: <${tag.name}> of ${where} has no ${attr} attribute`, { line: tag.line });
  const t = s.trim();
  if (!NUMBER.test(t) || !Number.isFinite(Number(t))) throw new CoreError('input', `${what} line ${tag.line}: ${attr}="${s}" of ${where} is not a number`, { line: tag.line });
  return Number(t);
}

function attrInt(tag: Tag, attr: string, what: string, where: string): number {
  const v = attrNumber(tag, attr, what, where);
  if (!Number.isInteger(v) || v < 0 || v > 2147483647) throw new CoreError('input', `${what} line ${tag.line}: ${attr}="${tag.attrs[attr]}" of ${where} is not a segment id (a whole number ≥ 0)`, { line: tag.line });
  return v;
}

function point(tag: Tag, what: string, where: string): Point {
  const p = { x: attrNumber(tag, 'x', what, where), y: attrNumber(tag, 'y', what, where), z: attrNumber(tag, 'z', what, where), d: attrNumber(tag, 'diameter', what, where) };
  if (p.d < 0) throw new CoreError('input', `${what} line ${tag.line}: ${where} has a negative diameter (${p.d})`, { line: tag.line });
  return p;
}

/** NeuroLex ids NeuroML uses for the standard groups (https://docs.neuroml.org/Userdocs/Conventions.html). */
const NEUROLEX_TYPES: Record<string, number> = { sao864921383: 1, sao1770195789: 2, sao1211023249: 3 };

function groupType(g: Group): number {
  const lex = NEUROLEX_TYPES[g.neuroLexId.toLowerCase()];
  if (lex !== undefined) return lex;
  const id = g.id.toLowerCase();
  if (/soma/.test(id)) return 1;
  if (/axon/.test(id)) return 2;
  if (/apical/.test(id)) return 4;
  if (/dend/.test(id)) return 3;
  return 0;
}

/** Does the text look like XML (as opposed to SWC)? */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

/** Read the (first, or the named) `<morphology>` of a NeuroML 2 document as a skeleton in µm. */
export function readNeuroMl(text: string, opts: NeuroMlReadOptions = {}): NeuroMlReadResult {
  const what = `NeuroML${opts.name ? ` ${opts.name}` : ''}`;
  const segments: Segment[] = [];
  const groups: Group[] = [];
  const warnings: string[] = [];
  let morphologyId: string | null = null;
  let morphologies = 0;
  let inMorph = false;
  let depth = 0; // element depth inside the morphology being read
  let seg: Segment | null = null;
  let group: Group | null = null;
  for (const tag of xmlTags(text, what)) {
    if (tag.name === 'morphology' && tag.kind === 'open' && !inMorph) {
      morphologies++;
      const id = tag.attrs.id ?? '';
      if (morphologyId === null && (opts.morphologyId === undefined || opts.morphologyId === id)) {
        morphologyId = id;
        if (!tag.selfClosing) {
          inMorph = true;
          depth = 0;
        }
      }
      continue;
    }
    if (!inMorph) continue;
    if (tag.kind === 'close') {
      if (depth === 0 && tag.name === 'morphology') {
        inMorph = false;
        continue;
      }
      depth--;
      if (tag.name === 'segment') seg = null;
      if (tag.name === 'segmentGroup') group = null;
      continue;
    }
    if (!tag.selfClosing) depth++;
    if (tag.name === 'segment' && depth <= 1) {
      const id = attrInt(tag, 'id', what, 'a segment');
      seg = { id, name: tag.attrs.name ?? '', line: tag.line, parent: null, fraction: 1, proximal: null, distal: null };
      segments.push(seg);
      if (tag.selfClosing) {
        seg = null;
        throw new CoreError('input', `${what} line ${tag.line}: segment ${id} has no distal point`, { line: tag.line });
      }
    } else if (tag.name === 'segmentGroup' && depth <= 1) {
      group = { id: tag.attrs.id ?? '', neuroLexId: tag.attrs.neuroLexId ?? '', members: [], includes: [], line: tag.line };
      groups.push(group);
      if (tag.selfClosing) group = null;
    } else if (seg) {
      const where = `segment ${seg.id}`;
      if (tag.name === 'parent') {
        seg.parent = attrInt(tag, 'segment', what, where);
        if (tag.attrs.fractionAlong !== undefined) seg.fraction = attrNumber(tag, 'fractionAlong', what, where);
        if (!(seg.fraction >= 0 && seg.fraction <= 1)) throw new CoreError('input', `${what} line ${tag.line}: fractionAlong ${seg.fraction} of ${where} is outside 0–1`, { line: tag.line });
      } else if (tag.name === 'proximal') seg.proximal = point(tag, what, `the proximal point of ${where}`);
      else if (tag.name === 'distal') seg.distal = point(tag, what, `the distal point of ${where}`);
    } else if (group) {
      if (tag.name === 'member') group.members.push(attrInt(tag, 'segment', what, `segment group "${group.id}"`));
      else if (tag.name === 'include') {
        const g = tag.attrs.segmentGroup;
        if (g === undefined) throw new CoreError('input', `${what} line ${tag.line}: <include> in segment group "${group.id}" has no segmentGroup attribute`, { line: tag.line });
        group.includes.push(g);
      }
    }
  }
  if (morphologyId === null && morphologies === 0 && opts.morphologyId === undefined) {
    const v1 = readMorphMlV1(text, what);
    if (v1) {
      warnings.push(...v1.warnings);
      return { ...buildSkeleton(v1.segments, v1.groups, what, opts.name ?? '', warnings), morphologyId: v1.cell, segments: v1.segments.length };
    }
  }
  if (morphologyId === null) {
    throw new CoreError('input', opts.morphologyId !== undefined && morphologies ? `${what}: no <morphology id="${opts.morphologyId}">` : `${what}: no <morphology> element found (is this a NeuroML 2 file?)`);
  }
  if (morphologies > 1) warnings.push(`the file has ${morphologies} morphologies; read "${morphologyId}"`);
  if (segments.length === 0) throw new CoreError('input', `${what}: morphology "${morphologyId}" has no segments`);
  return { ...buildSkeleton(segments, groups, what, opts.name ?? '', warnings), morphologyId, segments: segments.length };
}

function same(a: Point, b: Point): boolean {
  return a.x === b.x && a.y === b.y && a.z === b.z && a.d === b.d;
}

function buildSkeleton(segments: Segment[], groups: Group[], what: string, name: string, warnings: string[]): { skeleton: Skeleton; warnings: string[] } {
  const byId = new Map<number, Segment>();
  for (const s of segments) {
    const prev = byId.get(s.id);
    if (prev) throw new CoreError('input', `${what} line ${s.line}: segment id ${s.id} is already used on line ${prev.line}`, { line: s.line });
    if (!s.distal) throw new CoreError('input', `${what} line ${s.line}: segment ${s.id} has no distal point`, { line: s.line });
    byId.set(s.id, s);
  }
  for (const s of segments) {
    if (s.parent === null) {
      if (!s.proximal) throw new CoreError('input', `${what} line ${s.line}: segment ${s.id} has no parent and no proximal point, so it has no start`, { line: s.line });
    } else {
      if (!byId.has(s.parent)) throw new CoreError('input', `${what} line ${s.line}: parent ${s.parent} of segment ${s.id} does not exist`, { line: s.line });
      if (s.parent === s.id) throw new CoreError('input', `${what} line ${s.line}: segment ${s.id} is its own parent`, { line: s.line });
    }
  }
  // Cycles: every segment must reach a root.
  const state = new Map<number, number>();
  for (const s of segments) {
    const walk: number[] = [];
    let cur: Segment | undefined = s;
    while (cur && !state.has(cur.id)) {
      state.set(cur.id, 1);
      walk.push(cur.id);
      cur = cur.parent === null ? undefined : byId.get(cur.parent);
    }
    if (cur && state.get(cur.id) === 1) {
      const cyc = walk.slice(walk.indexOf(cur.id));
      throw new CoreError('input', `${what} line ${cur.line}: the parent links form a cycle through segments ${cyc.slice(0, 8).join(' → ')}`, { line: cur.line });
    }
    for (const id of walk) state.set(id, 2);
  }

  // SWC type per segment from its groups (includes resolved); the first typed group wins.
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const typeOf = new Map<number, number>();
  const membersOf = (g: Group, seen: Set<string>): number[] => {
    if (seen.has(g.id)) return [];
    seen.add(g.id);
    const out = [...g.members];
    for (const inc of g.includes) {
      const h = groupById.get(inc);
      if (!h) {
        warnings.push(`segment group "${g.id}" includes "${inc}", which does not exist`);
        continue;
      }
      out.push(...membersOf(h, seen));
    }
    return out;
  };
  for (const g of groups) {
    const t = groupType(g);
    if (t === 0) continue;
    for (const m of membersOf(g, new Set())) if (!typeOf.has(m)) typeOf.set(m, t);
  }

  // Nodes: distal of s = id s; extra nodes (root proximal points, steps, inner attachments) after.
  const ids: number[] = [];
  const pts: Point[] = [];
  const parents: number[] = []; // node ids, −1 for roots
  const types: number[] = [];
  let next = Math.max(...segments.map((s) => s.id)) + 1;
  const distalNode = new Map<number, number>();
  const startNode = new Map<number, number>(); // node id where each segment starts
  const inner = new Map<string, number>(); // "segment:fraction" → node id
  const index = new Map<number, number>(); // node id → position in the lists
  const add = (id: number, p: Point, parent: number, type: number) => {
    index.set(id, ids.length);
    ids.push(id);
    pts.push(p);
    parents.push(parent);
    types.push(type);
    return id;
  };
  // Children lists, processed from the roots so that a parent's nodes exist first.
  const children = new Map<number, Segment[]>();
  const roots: Segment[] = [];
  for (const s of segments) {
    if (s.parent === null) roots.push(s);
    else children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  }
  const lerp = (a: Point, b: Point, f: number): Point => ({ x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y), z: a.z + f * (b.z - a.z), d: a.d + f * (b.d - a.d) });
  const pointOfNode = (id: number) => pts[index.get(id)!];
  const stack = [...roots].reverse();
  let steps = 0;
  let maxGap = 0;
  while (stack.length) {
    const s = stack.pop()!;
    const type = typeOf.get(s.id) ?? 0;
    let start: number;
    if (s.parent === null) {
      start = add(next++, s.proximal!, -1, type);
    } else {
      const p = byId.get(s.parent)!;
      const pStart = startNode.get(p.id)!;
      const pEnd = distalNode.get(p.id)!;
      let attach: number;
      if (s.fraction === 1) attach = pEnd;
      else if (s.fraction === 0) attach = pStart;
      else {
        const key = `${p.id}:${s.fraction}`;
        const existing = inner.get(key);
        if (existing !== undefined) attach = existing;
        else {
          // A point inside the parent: split its frustum there (the distal node moves under it).
          const a = pointOfNode(pStart);
          const b = p.distal!;
          const id = next++;
          // Keep points along the parent ordered by fraction: attach after the last inner point before it.
          const before = [...inner.entries()].filter(([k]) => k.startsWith(`${p.id}:`)).map(([k, v]) => [Number(k.split(':')[1]), v] as const).sort((u, v) => u[0] - v[0]);
          let prev = pStart;
          let nextNode = pEnd;
          for (const [f, node] of before) {
            if (f < s.fraction) prev = node;
            else {
              nextNode = node;
              break;
            }
          }
          add(id, lerp(a, b, s.fraction), prev, typeOf.get(p.id) ?? 0);
          parents[index.get(nextNode)!] = id;
          inner.set(key, id);
          attach = id;
        }
      }
      start = attach;
      if (s.proximal && !same(s.proximal, pointOfNode(attach))) {
        const a = pointOfNode(attach);
        maxGap = Math.max(maxGap, Math.hypot(s.proximal.x - a.x, s.proximal.y - a.y, s.proximal.z - a.z));
        start = add(next++, s.proximal, attach, type);
        steps++;
      }
    }
    startNode.set(s.id, start);
    distalNode.set(s.id, add(s.id, s.distal!, start, type));
    const kids = children.get(s.id) ?? [];
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  if (roots.length > 1) warnings.push(`${roots.length} segments have no parent (${roots.slice(0, 5).map((r) => r.id).join(', ')}); the skeleton has ${roots.length} disconnected parts`);
  if (steps) {
    warnings.push(
      `${steps} segment(s) start away from the point they attach to (a step in position or diameter); each start is an extra node${maxGap > 0 ? `, joined by a straight cable (longest ${maxGap.toPrecision(3)} µm)` : ''}`,
    );
  }
  const zero = pts.filter((p) => p.d === 0).length;
  if (zero) warnings.push(`${zero} point(s) have diameter 0; a compartment model needs a minimum radius (option minRadius)`);
  if (!groups.length) warnings.push('the morphology has no segment groups, so no node is typed as soma, axon or dendrite');

  const n = ids.length;
  const cols = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    cols.id[i] = ids[i];
    cols.parent[i] = parents[i] < 0 ? -1 : index.get(parents[i])!;
    cols.x[i] = pts[i].x;
    cols.y[i] = pts[i].y;
    cols.z[i] = pts[i].z;
    cols.radius[i] = pts[i].d / 2;
    cols.type[i] = types[i];
  }
  let soma = -1;
  for (let i = 0; i < n; i++) {
    if (types[i] === 1) {
      soma = i;
      break;
    }
  }
  return { skeleton: new Skeleton(cols, { units: 'µm', soma, name }), warnings };
}

/**
 * NeuroML 1 (MorphML) segments of the first `<cell>`, as segments and groups of the NeuroML 2
 * reader, or null when the file has no `<segments>`. A segment's attachment fraction is its
 * cable's `fract_along_parent` (default 1) when its parent is in another cable, else 1.
 */
function readMorphMlV1(text: string, what: string): { cell: string; segments: Segment[]; groups: Group[]; warnings: string[] } | null {
  const segments: Segment[] = [];
  const cableOf = new Map<number, string>();
  const cables = new Map<string, { name: string; fraction: number }>();
  const groups: Group[] = [];
  let cell: string | null = null;
  let cells = 0;
  let inCell = false;
  let where: 'segments' | 'cables' | null = null;
  let seg: Segment | null = null;
  let cableGroup: { name: string; cables: string[]; line: number } | null = null;
  const cableGroups: Array<{ name: string; cables: string[]; line: number }> = [];
  for (const tag of xmlTags(text, what)) {
    if (tag.name === 'cell') {
      if (tag.kind === 'open') {
        cells++;
        if (cell === null) {
          cell = tag.attrs.name ?? tag.attrs.id ?? '';
          inCell = !tag.selfClosing;
        }
      } else inCell = false;
      continue;
    }
    if (!inCell) continue;
    if (tag.name === 'segments' || tag.name === 'cables') {
      where = tag.kind === 'open' && !tag.selfClosing ? tag.name : null;
      continue;
    }
    if (where === 'segments') {
      if (tag.name === 'segment') {
        if (tag.kind === 'close') {
          seg = null;
          continue;
        }
        const id = attrInt(tag, 'id', what, 'a segment');
        seg = { id, name: tag.attrs.name ?? '', line: tag.line, parent: null, fraction: 1, proximal: null, distal: null };
        if (tag.attrs.parent !== undefined) seg.parent = attrInt(tag, 'parent', what, `segment ${id}`);
        if (tag.attrs.cable !== undefined) cableOf.set(id, tag.attrs.cable.trim());
        segments.push(seg);
        if (tag.selfClosing) seg = null;
      } else if (seg && tag.kind === 'open') {
        if (tag.name === 'proximal') seg.proximal = point(tag, what, `the proximal point of segment ${seg.id}`);
        else if (tag.name === 'distal') seg.distal = point(tag, what, `the distal point of segment ${seg.id}`);
      }
    } else if (where === 'cables' && tag.kind === 'open') {
      if (tag.name === 'cablegroup') {
        cableGroup = { name: tag.attrs.name ?? '', cables: [], line: tag.line };
        cableGroups.push(cableGroup);
      } else if (tag.name === 'cable' && cableGroup) cableGroup.cables.push((tag.attrs.id ?? '').trim());
      else if (tag.name === 'cable') {
        const f = tag.attrs.fract_along_parent;
        cables.set((tag.attrs.id ?? '').trim(), { name: tag.attrs.name ?? '', fraction: f === undefined ? 1 : attrNumber(tag, 'fract_along_parent', what, `cable ${tag.attrs.id}`) });
      }
    } else if (where === 'cables' && tag.kind === 'close' && tag.name === 'cablegroup') cableGroup = null;
  }
  if (cell === null || segments.length === 0) return null;
  for (const sg of segments) {
    if (sg.parent === null) continue;
    const c = cableOf.get(sg.id);
    if (c !== undefined && c !== cableOf.get(sg.parent)) sg.fraction = cables.get(c)?.fraction ?? 1;
  }
  // Types: a group per cable (by its name) and per cable group, as NeuroML 2 groups.
  const segsOfCable = (c: string) => segments.filter((sg) => cableOf.get(sg.id) === c).map((sg) => sg.id);
  for (const [id, c] of cables) groups.push({ id: c.name || id, neuroLexId: '', members: segsOfCable(id), includes: [], line: 0 });
  for (const g of cableGroups) groups.push({ id: g.name, neuroLexId: '', members: g.cables.flatMap(segsOfCable), includes: [], line: g.line });
  return { cell, segments, groups, warnings: cells > 1 ? [`the file has ${cells} cells; read "${cell}"`] : [] };
}
