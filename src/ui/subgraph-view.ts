/**
 * Editing inside a subgraph: the editor and inspector work on a store of the definition's
 * blocks (an ordinary GraphStore, so every editor gesture, undo and the inspector work as at
 * the top); each change there is written into the open graph's definition as one edit, so every
 * instance of the subgraph recomputes. A change of the open graph from elsewhere (the toolbar's
 * undo) is brought into the inner store; if the definition or the instance is gone, `gone` is
 * called and the view should be left.
 */
import type { Subscription } from 'rxjs';
import type { BlockDef } from '../../nodes/types.ts';
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type Issue, type SubgraphDef } from '../dataflow/graph.ts';
import { GraphStore } from '../dataflow/store.ts';
import { setSubgraphBody } from '../dataflow/subgraph-edit.ts';
import { INNER_SEPARATOR, instanceOf } from '../dataflow/subgraph.ts';

export class SubgraphView {
  /** The definition's blocks and wires, as the editor edits them. */
  readonly store: GraphStore;
  /** Prefix of the inner blocks' ids in the session (`<instance>/`, a repeat's first round `<repeat>/1/`). */
  readonly prefix: string;
  private readonly subs: Subscription[] = [];

  private readonly root: GraphStore;
  /** The instance entered (a block of the open graph). */
  readonly instance: string;
  private readonly gone: () => void;
  /** The subgraph's id. */
  readonly subgraph: string;

  constructor(root: GraphStore, instance: string, blockDef: (type: string) => BlockDef | undefined, gone: () => void) {
    this.root = root;
    this.instance = instance;
    this.gone = gone;
    const node = root.node(instance);
    const ref = node && instanceOf(node.type);
    const def = ref && this.definition(ref.id);
    if (!ref || !def) throw new Error(`block '${instance}' is not a subgraph block`);
    this.subgraph = ref.id;
    this.prefix = instance + INNER_SEPARATOR + (ref.kind === 'repeat' ? `1${INNER_SEPARATOR}` : '');
    this.store = new GraphStore(this.body(def), { blockDef });
    this.subs.push(
      this.store.changes$.subscribe((c) => {
        if (c.kind === 'open') return;
        const g = c.graph;
        this.root.replaceDocument(setSubgraphBody(this.root.graph, this.subgraph, g.nodes, g.connections), c.kind === 'layout' ? 'layout' : 'structure');
      }),
      this.root.changes$.subscribe(() => this.follow()),
    );
  }

  /** The definition's title, for the breadcrumb. */
  get title(): string {
    return this.definition(this.subgraph)?.title ?? this.subgraph;
  }

  /**
   * Whether an issue of the inner blocks is only the view's: an input "not connected" inside
   * that an exposed input of the subgraph feeds from outside.
   */
  readonly fedFromOutside = (i: Issue): boolean => {
    const m = /input '([^']*)' is not connected/.exec(i.message);
    const d = this.definition(this.subgraph);
    return Boolean(m && i.node && d?.inputs.some((x) => x.targets.some((t) => t.node === i.node && t.port === m[1])));
  };

  dispose(): void {
    for (const s of this.subs) s.unsubscribe();
  }

  private definition(id: string): SubgraphDef | undefined {
    return this.root.graph.subgraphs?.find((d) => d.id === id);
  }

  /** The inner store's document: the definition's blocks with the open graph's files and subgraphs. */
  private body(def: SubgraphDef): Graph {
    const g = this.root.graph;
    return { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: def.nodes, connections: def.connections, assets: g.assets, ...(g.subgraphs ? { subgraphs: g.subgraphs } : {}) };
  }

  private follow(): void {
    const def = this.definition(this.subgraph);
    if (!def || !this.root.node(this.instance)) {
      this.gone();
      return;
    }
    // Our own edit written back: the inner store already shows it.
    const cur = this.store.graph;
    if (def.nodes === cur.nodes && def.connections === cur.connections) return;
    this.store.open(this.body(def));
  }
}
