/**
 * Edits of subgraphs as pure functions of the document (the store applies their result as one
 * undo step): a selection becomes a subgraph and an instance of it in its place; a subgraph's
 * blocks and wires are replaced (editing inside it); a definition is added (from the palette's
 * saved blocks).
 */
import type { Connection, Endpoint, Graph, GraphNode, SubgraphDef, SubgraphInput, SubgraphOutput, SubgraphParam } from './graph.ts';
import { NODE_ID_PATTERN } from './graph.ts';
import type { BlockDef } from '../../nodes/types.ts';
import { chainPorts, instanceOf, REPEAT_PREFIX, ROUNDS_PARAM, SUBGRAPH_PREFIX, subgraphBlockDef } from './subgraph.ts';

/** A free id from a wanted one (`round`, `round-2`, …), letters, digits, '_' and '-' only. */
export function freeId(wanted: string, taken: ReadonlySet<string>): string {
  const base = wanted.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'subgraph';
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}-${k}`)) return `${base}-${k}`;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let k = 2; taken.has(name); k++) name = `${wanted}_${k}`;
  taken.add(name);
  return name;
}

const key = (e: Endpoint) => `${e.node}\u0000${e.port}`;

/** What `makeSubgraph` did. */
export interface MadeSubgraph {
  graph: Graph;
  subgraph: string;
  instance: string;
}

/**
 * The blocks `ids` moved into a new subgraph titled `title`, and one instance of it in their
 * place, wired as they were: each outside output wired into the selection becomes one input
 * (feeding every block it fed), each inner output wired out of the selection one output.
 * `params` are exposed on the instance. Throws when the selection is empty or names no block.
 */
export function makeSubgraph(graph: Graph, ids: readonly string[], title: string, params: readonly SubgraphParam[] = []): MadeSubgraph {
  const inside = new Set(ids.filter((id) => graph.nodes.some((n) => n.id === id)));
  if (!inside.size) throw new Error('select the blocks to put into the subgraph first');
  const inner = graph.nodes.filter((n) => inside.has(n.id));
  const subgraph = freeId(title, new Set((graph.subgraphs ?? []).map((d) => d.id)));
  const instance = freeId(subgraph, new Set(graph.nodes.filter((n) => !inside.has(n.id)).map((n) => n.id)));

  const inputs: SubgraphInput[] = [];
  const outputs: SubgraphOutput[] = [];
  const inByKey = new Map<string, SubgraphInput>();
  const outByKey = new Map<string, SubgraphOutput>();
  const inNames = new Set<string>();
  const outNames = new Set<string>();
  const innerWires: Connection[] = [];
  const outerWires: Connection[] = [];
  for (const c of graph.connections) {
    const fromIn = inside.has(c.from.node);
    const toIn = inside.has(c.to.node);
    if (fromIn && toIn) innerWires.push(c);
    else if (!fromIn && toIn) {
      let x = inByKey.get(key(c.from));
      if (!x) {
        x = { name: uniqueName(c.to.port, inNames), targets: [] };
        inByKey.set(key(c.from), x);
        inputs.push(x);
        outerWires.push({ from: c.from, to: { node: instance, port: x.name } });
      }
      x.targets.push({ ...c.to });
    } else if (fromIn && !toIn) {
      let x = outByKey.get(key(c.from));
      if (!x) {
        x = { name: uniqueName(c.from.port, outNames), from: { ...c.from } };
        outByKey.set(key(c.from), x);
        outputs.push(x);
      }
      outerWires.push({ from: { node: instance, port: x.name }, to: c.to });
    } else outerWires.push(c);
  }
  const x0 = Math.min(...inner.map((n) => n.position[0]));
  const y0 = Math.min(...inner.map((n) => n.position[1]));
  const def: SubgraphDef = {
    id: subgraph,
    title: title.trim() || subgraph,
    nodes: inner.map((n) => ({ ...n, position: [n.position[0] - x0, n.position[1] - y0] })),
    connections: innerWires,
    inputs,
    outputs,
    params: [...params],
  };
  const at: [number, number] = [inner.reduce((a, n) => a + n.position[0], 0) / inner.length, inner.reduce((a, n) => a + n.position[1], 0) / inner.length];
  const node: GraphNode = { id: instance, type: SUBGRAPH_PREFIX + subgraph, params: {}, position: at };
  // The instance takes the place of the first selected block in the list (wires keep their order).
  const first = graph.nodes.findIndex((n) => inside.has(n.id));
  const nodes = graph.nodes.filter((n) => !inside.has(n.id));
  nodes.splice(first, 0, node);
  return { graph: { ...graph, nodes, connections: outerWires, subgraphs: [...(graph.subgraphs ?? []), def] }, subgraph, instance };
}

/**
 * The document with subgraph `id`'s blocks and wires replaced (edits made inside it). Exposed
 * ports and parameters whose inner block is gone are dropped with it.
 */
export function setSubgraphBody(graph: Graph, id: string, nodes: GraphNode[], connections: Connection[]): Graph {
  const present = new Set(nodes.map((n) => n.id));
  const subgraphs = (graph.subgraphs ?? []).map((d) =>
    d.id !== id
      ? d
      : {
          ...d,
          nodes,
          connections,
          inputs: d.inputs.map((x) => ({ ...x, targets: x.targets.filter((t) => present.has(t.node)) })).filter((x) => x.targets.length),
          outputs: d.outputs.filter((x) => present.has(x.from.node)),
          params: d.params.filter((x) => present.has(x.node)),
        },
  );
  return { ...graph, subgraphs };
}

/**
 * The document with a definition added (a saved block from the palette) and the definitions it
 * uses (`needs`, nested subgraphs), each under its id unless the graph has an equal one; a
 * different definition under a taken id is added under a free id, and references to it follow.
 * Returns the id the definition got.
 */
export function addSubgraph(graph: Graph, def: SubgraphDef, needs: readonly SubgraphDef[] = []): { graph: Graph; id: string } {
  const have = [...(graph.subgraphs ?? [])];
  const renamed = new Map<string, string>();
  const put = (d: SubgraphDef): string => {
    const nodes = d.nodes.map((n) => {
      const ref = instanceOf(n.type);
      const to = ref && renamed.get(ref.id);
      return to ? { ...n, type: n.type.slice(0, n.type.length - ref.id.length) + to } : n;
    });
    const mine: SubgraphDef = { ...d, nodes };
    const same = have.find((x) => x.id === d.id);
    if (same && JSON.stringify(same) === JSON.stringify(mine)) return d.id;
    const id = same ? freeId(d.id, new Set(have.map((x) => x.id))) : d.id;
    if (!NODE_ID_PATTERN.test(id)) throw new Error(`'${id}' is not a usable subgraph id`);
    have.push({ ...mine, id });
    if (id !== d.id) renamed.set(d.id, id);
    return id;
  };
  for (const d of needs) put(d);
  const id = put(def);
  return { graph: { ...graph, subgraphs: have }, id };
}

/** The definitions `id` uses, at any depth, innermost first (what a saved block carries with it). */
export function subgraphNeeds(graph: Pick<Graph, 'subgraphs'>, id: string): SubgraphDef[] {
  const out: SubgraphDef[] = [];
  const seen = new Set<string>([id]);
  const visit = (at: string): void => {
    const d = graph.subgraphs?.find((x) => x.id === at);
    for (const n of d?.nodes ?? []) {
      const ref = instanceOf(n.type);
      if (!ref || seen.has(ref.id)) continue;
      seen.add(ref.id);
      visit(ref.id);
      const inner = graph.subgraphs?.find((x) => x.id === ref.id);
      if (inner) out.push(inner);
    }
  };
  visit(id);
  return out;
}

function withDef(graph: Graph, id: string, change: (d: SubgraphDef) => SubgraphDef): Graph {
  const defs = graph.subgraphs ?? [];
  if (!defs.some((d) => d.id === id)) throw new Error(`the graph has no subgraph '${id}'`);
  return { ...graph, subgraphs: defs.map((d) => (d.id === id ? change(d) : d)) };
}

/** The exposed parameter of subgraph `id` that sets `node.param`, or undefined. */
export function exposedAs(graph: Pick<Graph, 'subgraphs'>, id: string, node: string, param: string): SubgraphParam | undefined {
  return graph.subgraphs?.find((d) => d.id === id)?.params.find((x) => x.node === node && x.param === param);
}

/**
 * The document with inner parameter `node.param` of subgraph `id` exposed on its instances
 * (and Repeat blocks), under the parameter's own name, or `<node>_<param>` when another
 * exposed parameter has it (never `rounds`, the Repeat block's table). Instances keep the inner
 * value until one sets its own. Exposing one already exposed changes nothing.
 */
export function exposeParam(graph: Graph, id: string, node: string, param: string): { graph: Graph; name: string } {
  const had = exposedAs(graph, id, node, param);
  if (had) return { graph, name: had.name };
  let name = '';
  const next = withDef(graph, id, (d) => {
    if (!d.nodes.some((n) => n.id === node)) throw new Error(`subgraph '${id}' has no block '${node}'`);
    const taken = new Set([ROUNDS_PARAM, ...d.params.map((x) => x.name)]);
    name = !taken.has(param) ? param : uniqueName(`${node}_${param}`, taken);
    return { ...d, params: [...d.params, { name, node, param }] };
  });
  return { graph: next, name };
}

/**
 * The document with `node.param` of subgraph `id` no longer exposed: the instances' own values
 * of it are dropped with it (they would name a parameter the block no longer has), so every
 * instance takes the inner block's value again. Throws while a Repeat block's rounds table has
 * a column of it.
 */
export function unexposeParam(graph: Graph, id: string, node: string, param: string): Graph {
  const x = exposedAs(graph, id, node, param);
  if (!x) return graph;
  const types = new Set([SUBGRAPH_PREFIX + id, REPEAT_PREFIX + id]);
  // A Repeat block's table column is the user's data: they remove it, not this.
  const table = [graph.nodes, ...(graph.subgraphs ?? []).map((d) => d.nodes)]
    .flat()
    .find((n) => n.type === REPEAT_PREFIX + id && typeof n.params[ROUNDS_PARAM] === 'string' && headerNames(n.params[ROUNDS_PARAM]).includes(x.name));
  if (table) throw new Error(`'${x.name}' is a column of the rounds table of Repeat block '${table.id}': remove the column there first`);
  // Lists without such a value stay the same arrays: the subgraph view reopens its blocks only when they change.
  const drop = (nodes: GraphNode[]): GraphNode[] =>
    !nodes.some((n) => types.has(n.type) && Object.hasOwn(n.params, x.name))
      ? nodes
      : nodes.map((n) => {
          if (!types.has(n.type) || !Object.hasOwn(n.params, x.name)) return n;
          const { [x.name]: _gone, ...params } = n.params;
          return { ...n, params };
        });
  const next = withDef(graph, id, (d) => ({ ...d, params: d.params.filter((p) => p !== x) }));
  return { ...next, nodes: drop(next.nodes), subgraphs: next.subgraphs!.map((d) => ({ ...d, nodes: drop(d.nodes) })) };
}

/** Longest subgraph title kept (a palette entry and a block title, not a text). */
export const MAX_SUBGRAPH_TITLE = 80;

/**
 * The document with subgraph `id` titled `title` (trimmed, at most MAX_SUBGRAPH_TITLE
 * characters): the palette's My blocks entry and every instance without a title of its own
 * show it. Its id stays (files and instances name it). Throws on an empty title.
 */
export function renameSubgraph(graph: Graph, id: string, title: string): Graph {
  const t = title.trim().slice(0, MAX_SUBGRAPH_TITLE);
  if (!t) throw new Error('a subgraph needs a name');
  if (graph.subgraphs?.find((d) => d.id === id)?.title === t) return graph;
  return withDef(graph, id, (d) => ({ ...d, title: t }));
}

type Lookup = (type: string) => BlockDef | undefined;

/**
 * What "Repeat" takes when one block is selected: the block and the blocks that feed only it
 * through its other inputs than the chained one (its node selections, say), so that a round
 * is the block with its own helpers. The chained input is the one of its first output's type
 * (a model in, a model out): what feeds it is the chain, never taken.
 */
export function repeatSelection(graph: Pick<Graph, 'nodes' | 'connections'>, id: string, lookup: Lookup): string[] {
  const node = graph.nodes.find((n) => n.id === id);
  const def = node && lookup(node.type);
  if (!node || !def) return [id];
  const first = Object.values(def.outputs)[0]?.type;
  const helpers = new Set<string>();
  for (const c of graph.connections) {
    if (c.to.node !== id || c.from.node === id || def.inputs[c.to.port]?.type === first) continue;
    const feedsOnlyIt = graph.connections.every((x) => x.from.node !== c.from.node || x.to.node === id);
    if (feedsOnlyIt) helpers.add(c.from.node);
  }
  return [...graph.nodes.filter((n) => helpers.has(n.id)).map((n) => n.id), id];
}

/**
 * The blocks `ids` as a Repeat block: a new subgraph of them (makeSubgraph) and, in their place,
 * a `repeat:<id>` block wired as they were, with an empty rounds table (its header names the
 * parameters that vary, setRounds). When nothing outside takes the blocks' chained output yet
 * (the next block comes later), the inner output of the kind of an input is exposed all the
 * same, so the rounds chain. Throws when the blocks cannot be repeated (no output of an input's kind).
 */
export function makeRepeat(graph: Graph, ids: readonly string[], title: string, lookup: Lookup): MadeSubgraph {
  const made = makeSubgraph(graph, ids, title);
  let g = made.graph;
  const def = g.subgraphs!.find((d) => d.id === made.subgraph)!;
  const asBlock = subgraphBlockDef(g, SUBGRAPH_PREFIX + def.id, lookup);
  if (!asBlock || !chainPorts(asBlock)) {
    const inputTypes = new Set(Object.values(asBlock?.inputs ?? {}).map((x) => x.type));
    const wiredInside = new Set(def.connections.map((c) => key(c.from)));
    let from: Endpoint | undefined;
    // The last block's first: the chain runs through the blocks in their order.
    for (const n of [...def.nodes].reverse()) {
      const out = Object.entries(lookup(n.type)?.outputs ?? {}).find(([port, o]) => inputTypes.has(o.type) && !wiredInside.has(key({ node: n.id, port })));
      if (out) {
        from = { node: n.id, port: out[0] };
        break;
      }
    }
    if (!from) throw new Error(`these blocks cannot be repeated: a round needs an output of the kind of one of its inputs (a model in and out) to chain the rounds`);
    const names = new Set(def.outputs.map((x) => x.name));
    const out: SubgraphOutput = { name: uniqueName(from.port, names), from };
    // First: the chained output is the subgraph's first.
    g = { ...g, subgraphs: g.subgraphs!.map((d) => (d.id === def.id ? { ...d, outputs: [out, ...d.outputs] } : d)) };
  }
  // Where the chained block was: in line with the chain (the selection's middle may sit on a neighbour).
  const chained = g.subgraphs!.find((d) => d.id === made.subgraph)!.outputs[0]?.from.node;
  const at = graph.nodes.find((n) => n.id === chained)?.position;
  g = { ...g, nodes: g.nodes.map((n) => (n.id === made.instance ? { ...n, type: REPEAT_PREFIX + made.subgraph, params: { [ROUNDS_PARAM]: '' }, ...(at ? { position: [at[0], at[1]] as [number, number] } : {}) } : n)) };
  return { graph: g, subgraph: made.subgraph, instance: made.instance };
}

/** The names of a rounds table's header line (the first line not blank nor a `#` comment). */
function headerNames(text: string): string[] {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  return line ? line.split(line.includes('\t') ? '\t' : ',').map((x) => x.trim()).filter(Boolean) : [];
}

/**
 * The document with repeat block `id`'s rounds table set to `text`, and each name of its header
 * that is no exposed parameter yet but the parameter of exactly one block inside exposed under
 * that name (typing `first, start` over a select and a synapse exposes both): one edit. Other
 * names are left for the table's check to report.
 */
export function setRounds(graph: Graph, id: string, text: string, lookup: Lookup): Graph {
  const node = graph.nodes.find((n) => n.id === id);
  const ref = node && instanceOf(node.type);
  if (!node || ref?.kind !== 'repeat') throw new Error(`block '${id}' is not a Repeat block`);
  let g = graph;
  for (const name of headerNames(text)) {
    const def = g.subgraphs?.find((d) => d.id === ref.id);
    if (!def || name === ROUNDS_PARAM || def.params.some((x) => x.name === name)) continue;
    const owners = def.nodes.filter((n) => lookup(n.type)?.params.some((p) => p.name === name));
    if (owners.length !== 1 || def.params.some((x) => x.node === owners[0].id && x.param === name)) continue;
    g = exposeParam(g, ref.id, owners[0].id, name).graph;
  }
  return { ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, [ROUNDS_PARAM]: text } } : n)) };
}
