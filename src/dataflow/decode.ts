/**
 * From parsed JSON (already upgraded to the current version) to a typed `Graph`: the shape of
 * the document, field by field, before anything is compared with the block catalogue.
 *
 * Decoding is forgiving where the intent is clear and the damage contained (a missing
 * position puts the block at 0, 0; an unknown field is ignored with a warning) and reports an
 * error and leaves out what cannot be used (a block without an id, a wire without ends), so
 * that a damaged file still opens and shows everything else with its problems.
 */
import { GRAPH_FORMAT, GRAPH_VERSION, SHA256_PATTERN, type Asset, type Connection, type Endpoint, type Graph, type GraphMeta, type GraphNode, type Issue, type JsonObject, type JsonValue, type SubgraphDef } from './graph.ts';
import { describeValue, quotedList } from './words.ts';
import { decodeGroups, decodeVia } from './groups.ts';

const TOP_FIELDS = ['format', 'version', 'meta', 'nodes', 'connections', 'assets', 'groups', 'subgraphs'];
const SUBGRAPH_FIELDS = ['id', 'title', 'description', 'nodes', 'connections', 'inputs', 'outputs', 'params'];
const NODE_FIELDS = ['id', 'type', 'title', 'comment', 'bypass', 'collapsed', 'position', 'params'];
const META_FIELDS = ['title', 'description', 'created', 'modified'];
const ASSET_FIELDS = ['name', 'mime', 'encoding', 'data'];

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Standard base64 with padding, as `btoa` writes it. Checked as one character class plus the
 * length: a pattern with a repeated group backtracks recursively and overflowed the stack on a
 * 4 MB embedded file (the whole CLI then died with a RangeError).
 */
function isBase64(data: string): boolean {
  return data.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(data);
}

function unknownFields(obj: JsonObject, known: readonly string[], where: string, issues: Issue[], extra: Partial<Issue> = {}): void {
  const unknown = Object.keys(obj).filter((k) => !known.includes(k));
  if (unknown.length) {
    issues.push({
      severity: 'warning',
      message: `${where}: unknown field${unknown.length > 1 ? 's' : ''} ${quotedList(unknown)} ignored (and left out when the graph is saved)`,
      ...extra,
    });
  }
}

function decodeNode(raw: JsonValue, k: number, issues: Issue[], inside = ''): GraphNode | null {
  const where = `${inside}block #${k + 1}`;
  if (!isObject(raw)) {
    issues.push({ severity: 'error', message: `${where} in "nodes" must be an object, got ${describeValue(raw)}; it is left out` });
    return null;
  }
  if (typeof raw.id !== 'string' || raw.id === '') {
    issues.push({ severity: 'error', message: `${where} in "nodes" has no "id"${raw.id !== undefined ? ` (got ${describeValue(raw.id)})` : ''}; it is left out, with its connections` });
    return null;
  }
  const id = raw.id;
  const named = `${inside}block '${id}'`;
  if (typeof raw.type !== 'string' || raw.type === '') {
    issues.push({ severity: 'error', message: `${named} has no "type" (the kind of block)${raw.type !== undefined ? `, got ${describeValue(raw.type)}` : ''}; it is left out, with its connections`, node: id });
    return null;
  }
  const node: GraphNode = { id, type: raw.type, params: {}, position: [0, 0] };
  const p = raw.position;
  if (Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number') {
    node.position = [p[0], p[1]];
  } else {
    // Only the drawing depends on it: place the block and say so.
    issues.push({ severity: 'warning', message: `${named}: ${p === undefined ? 'no "position"' : `"position" must be [x, y], got ${describeValue(p)}`}; placed at 0, 0`, node: id });
  }
  if (raw.params !== undefined) {
    if (isObject(raw.params)) node.params = { ...raw.params };
    else issues.push({ severity: 'error', message: `${named}: "params" must be an object of name: value, got ${describeValue(raw.params)}; the block's defaults are used`, node: id });
  }
  for (const f of ['title', 'comment'] as const) {
    const v = raw[f];
    if (v === undefined) continue;
    if (typeof v === 'string') node[f] = v;
    else issues.push({ severity: 'warning', message: `${named}: "${f}" must be text, got ${describeValue(v)}; ignored`, node: id });
  }
  if (raw.bypass !== undefined) {
    if (typeof raw.bypass === 'boolean') node.bypass = raw.bypass;
    else issues.push({ severity: 'error', message: `${named}: "bypass" must be true or false, got ${describeValue(raw.bypass)}; the block is not bypassed`, node: id });
  }
  if (raw.collapsed !== undefined) {
    // Drawing only: a wrong value is a warning.
    if (typeof raw.collapsed === 'boolean') {
      if (raw.collapsed) node.collapsed = true;
    } else issues.push({ severity: 'warning', message: `${named}: "collapsed" must be true or false, got ${describeValue(raw.collapsed)}; it is drawn unfolded`, node: id });
  }
  unknownFields(raw, NODE_FIELDS, named, issues, { node: id });
  return node;
}

function decodeEndpoint(v: JsonValue | undefined): { node: string; port: string } | null {
  return isObject(v) && typeof v.node === 'string' && typeof v.port === 'string' ? { node: v.node, port: v.port } : null;
}

function decodeAsset(hash: string, raw: JsonValue, issues: Issue[]): Asset | null {
  const where = `embedded file ${hash.length > 16 ? hash.slice(0, 12) + '…' : `'${hash}'`}`;
  if (!SHA256_PATTERN.test(hash)) {
    issues.push({ severity: 'error', message: `${where}: its key must be the SHA-256 of its content (64 lowercase hex digits); it is left out`, asset: hash });
    return null;
  }
  if (!isObject(raw)) {
    issues.push({ severity: 'error', message: `${where} must be an object with name, mime, encoding and data; it is left out`, asset: hash });
    return null;
  }
  const { name, mime, encoding, data } = raw;
  const problems: string[] = [];
  if (typeof name !== 'string') problems.push('"name" must be text');
  if (typeof mime !== 'string') problems.push('"mime" must be text');
  if (encoding !== 'utf8' && encoding !== 'base64') problems.push(`"encoding" must be "utf8" or "base64", got ${describeValue(encoding)}`);
  if (typeof data !== 'string') problems.push('"data" must be text');
  else if (encoding === 'base64' && !isBase64(data)) problems.push('"data" is not valid base64');
  if (problems.length || typeof name !== 'string' || typeof mime !== 'string' || typeof data !== 'string' || (encoding !== 'utf8' && encoding !== 'base64')) {
    issues.push({ severity: 'error', message: `${where}${typeof name === 'string' ? ` ('${name}')` : ''}: ${problems.join('; ')}; it is left out`, asset: hash });
    return null;
  }
  unknownFields(raw, ASSET_FIELDS, `${where} ('${name}')`, issues, { asset: hash });
  return { name, mime, encoding, data };
}

function decodeMeta(raw: JsonValue, issues: Issue[]): GraphMeta | undefined {
  if (!isObject(raw)) {
    issues.push({ severity: 'warning', message: `"meta" must be an object (title, description, created, modified), got ${describeValue(raw)}; ignored` });
    return undefined;
  }
  const meta: GraphMeta = {};
  for (const f of ['title', 'description', 'created', 'modified'] as const) {
    const v = raw[f];
    if (v === undefined) continue;
    if (typeof v === 'string') meta[f] = v;
    else issues.push({ severity: 'warning', message: `"meta": "${f}" must be text, got ${describeValue(v)}; ignored` });
  }
  unknownFields(raw, META_FIELDS, '"meta"', issues);
  return meta;
}

function decodeConnections(raw: JsonValue | undefined, issues: Issue[], inside: string, into: Connection[]): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) {
    issues.push({ severity: 'error', message: `${inside}"connections" must be a list, got ${describeValue(raw)}` });
    return;
  }
  raw.forEach((c, k) => {
    const from = isObject(c) ? decodeEndpoint(c.from) : null;
    const to = isObject(c) ? decodeEndpoint(c.to) : null;
    if (!from || !to) {
      issues.push({
        severity: 'error',
        message: `${inside}connection #${k + 1} must be { "from": { "node", "port" }, "to": { "node", "port" } }, got ${describeValue(c)}; it is left out`,
      });
      return;
    }
    const conn: Connection = { from, to };
    // Reroute points: drawing only.
    const via = isObject(c) ? decodeVia(c.via, `${inside}connection #${k + 1}`, issues, into.length) : undefined;
    if (via) conn.via = via;
    into.push(conn);
    if (isObject(c)) unknownFields(c, ['from', 'to', 'via'], `${inside}connection #${k + 1}`, issues, inside ? {} : { connection: into.length - 1 });
  });
}

/** A list of objects, each decoded by `one` (null: left out, with its issue). */
function decodeList<T>(raw: JsonValue | undefined, what: string, issues: Issue[], one: (x: JsonObject, k: number) => T | null): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ severity: 'error', message: `${what} must be a list, got ${describeValue(raw)}` });
    return [];
  }
  const out: T[] = [];
  raw.forEach((x, k) => {
    if (!isObject(x)) {
      issues.push({ severity: 'error', message: `${what} #${k + 1} must be an object, got ${describeValue(x)}; it is left out` });
      return;
    }
    const v = one(x, k);
    if (v !== null) out.push(v);
  });
  return out;
}

/** One subgraph definition; what cannot be read is reported and left out, like top-level blocks. */
function decodeSubgraph(raw: JsonObject, k: number, issues: Issue[]): SubgraphDef | null {
  if (typeof raw.id !== 'string' || raw.id === '') {
    issues.push({ severity: 'error', message: `subgraph #${k + 1} has no "id"; it is left out (blocks using it will say so)` });
    return null;
  }
  const where = `subgraph '${raw.id}'`;
  const title = typeof raw.title === 'string' && raw.title.trim() ? raw.title : raw.id;
  if (raw.title !== undefined && typeof raw.title !== 'string') issues.push({ severity: 'warning', message: `${where}: "title" must be text, got ${describeValue(raw.title)}; its id is shown instead` });
  const def: SubgraphDef = { id: raw.id, title, nodes: [], connections: [], inputs: [], outputs: [], params: [] };
  if (typeof raw.description === 'string') def.description = raw.description;
  if (Array.isArray(raw.nodes)) {
    raw.nodes.forEach((n, j) => {
      const node = decodeNode(n, j, issues, `${where}: `);
      if (node) def.nodes.push(node);
    });
  } else issues.push({ severity: 'error', message: `${where} has no "nodes" list${raw.nodes !== undefined ? `, got ${describeValue(raw.nodes)}` : ''}` });
  decodeConnections(raw.connections, issues, `${where}: `, def.connections);
  const endpoint = (v: JsonValue | undefined, what: string): Endpoint | null => {
    const e = decodeEndpoint(v);
    if (!e) issues.push({ severity: 'error', message: `${where}: ${what} must be { "node", "port" }, got ${describeValue(v ?? null)}; it is left out` });
    return e;
  };
  const name = (x: JsonObject, what: string): string | null => {
    if (typeof x.name === 'string' && x.name !== '') return x.name;
    issues.push({ severity: 'error', message: `${where}: ${what} has no "name"; it is left out` });
    return null;
  };
  def.inputs = decodeList(raw.inputs, `${where}: "inputs"`, issues, (x, j) => {
    const n = name(x, `input #${j + 1}`);
    if (n === null) return null;
    const targets = Array.isArray(x.targets) ? x.targets.map((t) => endpoint(t, `input '${n}': a target`)).filter((t): t is Endpoint => t !== null) : [];
    if (!Array.isArray(x.targets)) issues.push({ severity: 'error', message: `${where}: input '${n}' needs "targets", a list of { "node", "port" }` });
    return { name: n, targets };
  });
  def.outputs = decodeList(raw.outputs, `${where}: "outputs"`, issues, (x, j) => {
    const n = name(x, `output #${j + 1}`);
    const from = n === null ? null : endpoint(x.from, `output '${n}': "from"`);
    return n === null || !from ? null : { name: n, from };
  });
  def.params = decodeList(raw.params, `${where}: "params"`, issues, (x, j) => {
    const n = name(x, `parameter #${j + 1}`);
    if (n === null) return null;
    if (typeof x.node !== 'string' || typeof x.param !== 'string') {
      issues.push({ severity: 'error', message: `${where}: parameter '${n}' needs "node" and "param" (the inner block and its parameter); it is left out` });
      return null;
    }
    return { name: n, node: x.node, param: x.param };
  });
  unknownFields(raw, SUBGRAPH_FIELDS, where, issues);
  return def;
}

/**
 * The typed graph of a current-version document and the problems with its shape. Does not look
 * at block types, parameters against their specs or wiring (see validateGraph). The result
 * shares no arrays or objects with `doc` except parameter values.
 */
export function decodeGraph(doc: JsonObject): { graph: Graph; issues: Issue[] } {
  const issues: Issue[] = [];
  const graph: Graph = { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [], connections: [], assets: {} };

  if (Array.isArray(doc.nodes)) {
    doc.nodes.forEach((raw, k) => {
      const n = decodeNode(raw, k, issues);
      if (n) graph.nodes.push(n);
    });
  } else {
    issues.push({ severity: 'error', message: doc.nodes === undefined ? 'the graph has no "nodes" list' : `"nodes" must be a list of blocks, got ${describeValue(doc.nodes)}` });
  }

  decodeConnections(doc.connections, issues, '', graph.connections);

  if (doc.subgraphs !== undefined) {
    const defs = decodeList(doc.subgraphs, '"subgraphs"', issues, (x, k) => decodeSubgraph(x, k, issues));
    if (defs.length) graph.subgraphs = defs;
  }

  if (isObject(doc.assets)) {
    for (const [hash, raw] of Object.entries(doc.assets)) {
      const a = decodeAsset(hash, raw, issues);
      if (a) graph.assets[hash] = a;
    }
  } else if (doc.assets !== undefined) {
    issues.push({ severity: 'error', message: `"assets" must be an object of embedded files by hash, got ${describeValue(doc.assets)}` });
  }

  if (doc.meta !== undefined) {
    const meta = decodeMeta(doc.meta, issues);
    if (meta) graph.meta = meta;
  }
  if (doc.groups !== undefined) {
    const groups = decodeGroups(doc.groups, issues);
    if (groups.length) graph.groups = groups;
  }
  unknownFields(doc, TOP_FIELDS, 'the graph', issues);
  return { graph, issues };
}
