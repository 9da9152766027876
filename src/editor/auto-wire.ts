/**
 * Which wires a newly added block gets by itself, as pure functions of the graph: the block
 * picked for a wire dropped on empty canvas is wired to the dragged socket; a block added while
 * one block is selected takes that block's output; and a block added to feed an input takes its
 * other required inputs from the blocks upstream of the one it feeds (a Select nodes added for
 * hh's "where" reads the neuron the model was built from). The store still checks every wire.
 */
import type { Connection, Graph } from '../dataflow/graph.ts';
import type { BlockDef } from '../../nodes/types.ts';

type Defs = (type: string) => BlockDef | undefined;

/** A socket of a block in the graph, as the user dragged it. */
export interface DraggedSocket {
  node: string;
  port: string;
  side: 'input' | 'output';
}

/** A socket's value type, or undefined for a port the block does not have. */
export function socketType(graph: Graph, defs: Defs, s: DraggedSocket): string | undefined {
  const n = graph.nodes.find((x) => x.id === s.node);
  const def = n ? defs(n.type) : undefined;
  const ports = s.side === 'output' ? def?.outputs : def?.inputs;
  return ports && Object.hasOwn(ports, s.port) ? ports[s.port].type : undefined;
}

/**
 * The port of a block type that a wire from a socket of `type` on `side` reaches: for a dragged
 * output, the block's first input of that type; for a dragged input, its first output of that
 * type; null when it has none (the block is not offered).
 */
export function reachablePort(def: BlockDef, side: 'input' | 'output', type: string): string | null {
  const ports = side === 'output' ? def.inputs : def.outputs;
  for (const [name, spec] of Object.entries(ports)) if (spec.type === type) return name;
  return null;
}

/** The block types a dragged socket can be wired to (catalogue order kept). */
export function blocksForSocket<B extends BlockDef>(blocks: readonly B[], side: 'input' | 'output', type: string): B[] {
  return blocks.filter((b) => reachablePort(b, side, type) !== null);
}

/** The wire between a dragged socket and the block `id` just added for it, or null. */
export function wireToDragged(graph: Graph, defs: Defs, dragged: DraggedSocket, id: string): Connection | null {
  const type = socketType(graph, defs, dragged);
  const n = graph.nodes.find((x) => x.id === id);
  const def = n ? defs(n.type) : undefined;
  if (!type || !def) return null;
  const port = reachablePort(def, dragged.side, type);
  if (!port) return null;
  return dragged.side === 'output' ? { from: { node: dragged.node, port: dragged.port }, to: { node: id, port } } : { from: { node: id, port }, to: { node: dragged.node, port: dragged.port } };
}

const wiredInputs = (graph: Graph, id: string) => new Set(graph.connections.filter((c) => c.to.node === id).map((c) => c.to.port));

/**
 * The first output of block `a` (in its order) whose type an input of block `b` not in `taken`
 * takes, with that input (the first such): `[output, input]`, or null when they share no type.
 */
export function sharedSocket(a: BlockDef, b: BlockDef, taken: ReadonlySet<string> = new Set()): [string, string] | null {
  for (const [out, o] of Object.entries(a.outputs)) {
    for (const [inp, i] of Object.entries(b.inputs)) if (i.type === o.type && !taken.has(inp)) return [out, inp];
  }
  return null;
}

/**
 * The wire from the selected block `from` into the new block `id` (sharedSocket, the new block's
 * wired inputs left out), or null.
 */
export function wireFromSelected(graph: Graph, defs: Defs, from: string, id: string): Connection | null {
  const a = graph.nodes.find((x) => x.id === from);
  const b = graph.nodes.find((x) => x.id === id);
  const aDef = a ? defs(a.type) : undefined;
  const bDef = b ? defs(b.type) : undefined;
  if (!aDef || !bDef || from === id) return null;
  const ports = sharedSocket(aDef, bDef, wiredInputs(graph, id));
  return ports ? { from: { node: from, port: ports[0] }, to: { node: id, port: ports[1] } } : null;
}

/**
 * Wires for the required inputs of `id` that have none, each from the nearest output of its type
 * upstream of `feeds` (breadth first over the wires into `feeds`, then into those blocks, …; `id`
 * itself and what is downstream of it left out, so no loop is made). Inputs with no such output
 * stay unwired.
 */
export function fillFromUpstream(graph: Graph, defs: Defs, id: string, feeds: string): Connection[] {
  const n = graph.nodes.find((x) => x.id === id);
  const def = n ? defs(n.type) : undefined;
  if (!def) return [];
  const taken = wiredInputs(graph, id);
  const missing = Object.entries(def.inputs).filter(([name, s]) => !s.optional && !taken.has(name));
  if (!missing.length) return [];
  // Blocks in order of distance upstream of `feeds`.
  const order: string[] = [];
  const seen = new Set<string>([feeds, id]);
  let level = [feeds];
  while (level.length) {
    const next: string[] = [];
    for (const x of level) {
      for (const c of graph.connections) {
        if (c.to.node === x && !seen.has(c.from.node)) {
          seen.add(c.from.node);
          next.push(c.from.node);
        }
      }
    }
    order.push(...next);
    level = next;
  }
  const out: Connection[] = [];
  for (const [port, spec] of missing) {
    for (const up of order) {
      const u = graph.nodes.find((x) => x.id === up);
      const uDef = u ? defs(u.type) : undefined;
      const o = uDef ? Object.entries(uDef.outputs).find(([, s]) => s.type === spec.type) : undefined;
      if (o) {
        out.push({ from: { node: up, port: o[0] }, to: { node: id, port } });
        break;
      }
    }
  }
  return out;
}
