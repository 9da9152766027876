/**
 * Writing a graph file. The text depends only on the graph's content, not on the order in
 * which things were edited: fields in a fixed order, parameters and embedded files sorted by
 * name, blocks and wires in the graph's own order. Two saves of the same graph are identical,
 * and a change to one parameter is a one-line diff: every wire, position and parameter value is
 * on one line of its own.
 */
import type { Asset, Connection, Graph, GraphGroup, GraphMeta, GraphNode, JsonValue, SubgraphDef } from './graph.ts';

/** A JSON value on one line, with a space after ',' and ':' (`{ "value": 8, "unit": "nm" }`). */
function inline(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  const entries = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}: ${inline(v[k])}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/** An object whose members are already rendered, one per line. */
function block(members: Array<[string, string]>, indent: string): string {
  if (!members.length) return '{}';
  const inner = indent + '  ';
  return `{\n${members.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${v}`).join(',\n')}\n${indent}}`;
}

function list(items: string[], indent: string): string {
  if (!items.length) return '[]';
  const inner = indent + '  ';
  return `[\n${items.map((s) => inner + s).join(',\n')}\n${indent}]`;
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function node(n: GraphNode, indent: string): string {
  const m: Array<[string, string]> = [
    ['id', JSON.stringify(n.id)],
    ['type', JSON.stringify(n.type)],
  ];
  if (n.title !== undefined) m.push(['title', JSON.stringify(n.title)]);
  if (n.comment !== undefined) m.push(['comment', JSON.stringify(n.comment)]);
  if (n.bypass !== undefined) m.push(['bypass', JSON.stringify(n.bypass)]);
  if (n.collapsed) m.push(['collapsed', 'true']);
  m.push(['position', inline([n.position[0], n.position[1]])]);
  const params = Object.keys(n.params)
    .filter((k) => n.params[k] !== undefined)
    .sort(byKey)
    .map((k): [string, string] => [k, inline(n.params[k])]);
  m.push(['params', block(params, indent + '  ')]);
  return block(m, indent);
}

function connection(c: Connection): string {
  const o: { [k: string]: JsonValue } = { from: { node: c.from.node, port: c.from.port }, to: { node: c.to.node, port: c.to.port } };
  if (c.via?.length) o.via = c.via.map((p) => [p[0], p[1]]);
  return inline(o);
}

function group(g: GraphGroup): string {
  const o: { [k: string]: JsonValue } = { id: g.id, title: g.title, color: g.color, nodes: [...g.nodes] };
  if (g.collapsed) o.collapsed = true;
  return inline(o);
}

function asset(a: Asset, indent: string): string {
  return block(
    [
      ['name', JSON.stringify(a.name)],
      ['mime', JSON.stringify(a.mime)],
      ['encoding', JSON.stringify(a.encoding)],
      ['data', JSON.stringify(a.data)],
    ],
    indent,
  );
}

function meta(g: GraphMeta, indent: string): string {
  const m: Array<[string, string]> = [];
  for (const f of ['title', 'description', 'created', 'modified'] as const) if (g[f] !== undefined) m.push([f, JSON.stringify(g[f])]);
  return block(m, indent);
}

/** A subgraph definition: its ports and parameters one per line, then its blocks and wires as at the top. */
function subgraph(d: SubgraphDef, indent: string): string {
  const inner = indent + '  ';
  const m: Array<[string, string]> = [
    ['id', JSON.stringify(d.id)],
    ['title', JSON.stringify(d.title)],
  ];
  if (d.description !== undefined) m.push(['description', JSON.stringify(d.description)]);
  m.push(['inputs', list(d.inputs.map((x) => inline({ name: x.name, targets: x.targets.map((t) => ({ node: t.node, port: t.port })) })), inner)]);
  m.push(['outputs', list(d.outputs.map((x) => inline({ name: x.name, from: { node: x.from.node, port: x.from.port } })), inner)]);
  m.push(['params', list(d.params.map((x) => inline({ name: x.name, node: x.node, param: x.param })), inner)]);
  m.push(['nodes', list(d.nodes.map((n) => node(n, inner + '  ')), inner)]);
  m.push(['connections', list(d.connections.map(connection), inner)]);
  return block(m, indent);
}

/**
 * The graph as the text of a graph file (pretty JSON, ending with a newline). Reading it back
 * with `parseGraph` gives an equal graph, and writing that gives the same text.
 */
export function serializeGraph(graph: Graph): string {
  const top: Array<[string, string]> = [
    ['format', JSON.stringify(graph.format)],
    ['version', JSON.stringify(graph.version)],
  ];
  if (graph.meta !== undefined) top.push(['meta', meta(graph.meta, '  ')]);
  top.push(['nodes', list(graph.nodes.map((n) => node(n, '    ')), '  ')]);
  top.push(['connections', list(graph.connections.map(connection), '  ')]);
  if (graph.groups?.length) top.push(['groups', list(graph.groups.map(group), '  ')]);
  if (graph.subgraphs?.length) top.push(['subgraphs', list(graph.subgraphs.map((d) => subgraph(d, '    ')), '  ')]);
  const hashes = Object.keys(graph.assets).sort(byKey);
  top.push(['assets', block(hashes.map((h): [string, string] => [h, asset(graph.assets[h], '    ')]), '  ')]);
  return block(top, '') + '\n';
}
