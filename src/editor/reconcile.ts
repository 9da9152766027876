/**
 * What the Rete view must do to show a graph document: the editor keeps the GraphNode objects
 * it last drew and the wires it has, and the store shares unchanged nodes between documents,
 * so a node whose object is the same needs nothing.
 */
import type { Connection, Graph, GraphNode } from '../dataflow/graph.ts';

/** A wire's key (and its Rete connection id): `from.port>to.port`. */
export function connectionKey(c: Connection): string {
  return `${c.from.node}.${c.from.port}>${c.to.node}.${c.to.port}`;
}

export interface ViewState {
  /** The node objects as last drawn, by id. */
  nodes: ReadonlyMap<string, GraphNode>;
  /** Keys of the wires drawn. */
  connections: ReadonlySet<string>;
}

export interface GraphDiff {
  /** Wires to take away first (Rete refuses to remove a node that still has wires). */
  removeConnections: string[];
  removeNodes: string[];
  addNodes: GraphNode[];
  /** Nodes whose position changed. */
  moveNodes: GraphNode[];
  /** Nodes whose drawing changed (title, comment, muted, params). */
  updateNodes: GraphNode[];
  addConnections: Connection[];
}

/** Node fields that change how a block is drawn (besides where). */
function looksDifferent(a: GraphNode, b: GraphNode): boolean {
  return a.title !== b.title || a.comment !== b.comment || Boolean(a.bypass) !== Boolean(b.bypass) || Boolean(a.collapsed) !== Boolean(b.collapsed) || a.params !== b.params;
}

export function diffGraph(view: ViewState, graph: Graph): GraphDiff {
  const next = new Map(graph.nodes.map((n) => [n.id, n]));
  const removeNodes: string[] = [];
  const addNodes: GraphNode[] = [];
  const moveNodes: GraphNode[] = [];
  const updateNodes: GraphNode[] = [];
  /** Nodes drawn again from scratch (gone, or another type under the same id): their wires go too. */
  const replaced = new Set<string>();
  for (const [id, old] of view.nodes) {
    const n = next.get(id);
    if (!n || n.type !== old.type) {
      removeNodes.push(id);
      replaced.add(id);
    }
  }
  for (const n of graph.nodes) {
    const old = view.nodes.get(n.id);
    if (!old || replaced.has(n.id)) {
      addNodes.push(n);
      continue;
    }
    if (old === n) continue;
    if (old.position[0] !== n.position[0] || old.position[1] !== n.position[1]) moveNodes.push(n);
    if (looksDifferent(old, n)) updateNodes.push(n);
  }
  const wanted = new Map(graph.connections.map((c) => [connectionKey(c), c]));
  const removeConnections: string[] = [];
  for (const key of view.connections) {
    const c = wanted.get(key);
    if (!c || replaced.has(c.from.node) || replaced.has(c.to.node)) removeConnections.push(key);
  }
  const addConnections: Connection[] = [];
  for (const [key, c] of wanted) {
    if (!view.connections.has(key) || replaced.has(c.from.node) || replaced.has(c.to.node)) addConnections.push(c);
  }
  return { removeConnections, removeNodes, addNodes, moveNodes, updateNodes, addConnections };
}

/** True when the diff has nothing to do. */
export function isEmptyDiff(d: GraphDiff): boolean {
  return !d.removeConnections.length && !d.removeNodes.length && !d.addNodes.length && !d.moveNodes.length && !d.updateNodes.length && !d.addConnections.length;
}
