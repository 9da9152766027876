/**
 * Edits of subgraphs as pure functions of the document (the store applies their result as one
 * undo step): a selection becomes a subgraph and an instance of it in its place; a subgraph's
 * blocks and wires are replaced (editing inside it); a definition is added (from the palette's
 * saved blocks).
 */
import type { Connection, Endpoint, Graph, GraphNode, SubgraphDef, SubgraphInput, SubgraphOutput, SubgraphParam } from './graph.ts';
import { NODE_ID_PATTERN } from './graph.ts';
import { instanceOf, SUBGRAPH_PREFIX } from './subgraph.ts';

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
