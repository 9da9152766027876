/**
 * Store → editor: every change of the store's document (the user's, undo/redo, another document
 * opened) is reconciled into Rete by a diff, one sync at a time. Blocks follow their status.
 * Wire removals done here are marked, so that wiring does not send them back to the store.
 */
import type { Observable, Subscription } from 'rxjs';
import { withAssetNames } from '../error-snippet.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';
import type { Graph, GraphNode } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import { blockDef } from '../../../nodes/index.ts';
import { BlockNode, Wire } from '../block-node.ts';
import { sameStatus } from '../view-model.ts';
import { connectionKey, diffGraph } from '../reconcile.ts';
import type { Probe } from './probe.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy, Editor } from './types.ts';

export interface ViewSync {
  /** Queue a sync with the store's current document; resolves when that sync is done. */
  schedule(): Promise<void>;
  /** Resolves when the view shows the store's current document. */
  flush(): Promise<void>;
  /** True while this module itself removes the wire (not the user: the store already knows). */
  isOwnRemoval(wireId: string): boolean;
  /** The user removed a drawn wire in Rete: it is no longer drawn. */
  forgetWire(wireId: string): void;
  destroy: Destroy;
}

export function viewSync(deps: {
  editor: Editor;
  area: Area;
  store: GraphStore;
  status$: (nodeId: string) => Observable<NodeStatus>;
  selection: Selection;
  probe: Probe;
  onResize: (node: BlockNode) => void;
  showHint: (show: boolean) => void;
  toast: (message: string, kind?: 'info' | 'error') => void;
}): ViewSync {
  const { editor, area, store, selection, probe } = deps;
  const drawn = new Map<string, GraphNode>();
  const wires = new Set<string>();
  const ownRemovals = new Set<string>();
  const statusSubs = new Map<string, Subscription>();
  let destroyed = false;

  async function removeWire(id: string): Promise<void> {
    ownRemovals.add(id);
    try {
      await editor.removeConnection(id);
    } finally {
      ownRemovals.delete(id);
    }
  }

  async function createNode(g: GraphNode): Promise<void> {
    const node = new BlockNode(g, blockDef(g.type));
    node.selected = selection.has(g.id);
    node.onResize = deps.onResize;
    node.onProbe = (n) => probe.open(n.id);
    // Follow the status before the block is drawn: its current value (status$ gives it at once)
    // goes into the first drawing instead of a second drawing of every block a frame after an open.
    let mounted = false;
    if (node.known) {
      statusSubs.get(g.id)?.unsubscribe();
      statusSubs.set(
        g.id,
        deps.status$(g.id).subscribe((s) => {
          // Embedded files by their names in messages ("kdr.mod:3:29", not "asset:<hash>:3:29").
          const next = s.state === 'error' ? { ...s, message: withAssetNames(s.message, deps.store.graph.assets) } : s;
          if (sameStatus(node.status, next)) return;
          node.status = next;
          if (mounted && editor.getNode(g.id) === node) redraw(g.id);
        }),
      );
    }
    const initial = node.status;
    await editor.addNode(node);
    mounted = true;
    // A status that arrived while Rete was adding the block may have missed its first drawing.
    if (node.status !== initial) redraw(g.id);
    await area.translate(node.id, { x: g.position[0], y: g.position[1] });
    drawn.set(g.id, g);
  }

  /**
   * Blocks whose status changed, drawn again at the next animation frame: an edit moves a dozen
   * blocks through stale → running → done within a frame or two, and one drawing each is enough.
   */
  const toRedraw = new Set<string>();
  let redrawFrame = 0;
  function redraw(id: string): void {
    toRedraw.add(id);
    if (redrawFrame === 0) redrawFrame = requestAnimationFrame(redrawNow);
  }
  function redrawNow(): void {
    redrawFrame = 0;
    const ids = [...toRedraw];
    toRedraw.clear();
    if (destroyed) return;
    for (const id of ids) {
      if (!editor.getNode(id)) continue;
      void area.update('node', id);
      if (probe.openOn() === id) probe.refresh();
    }
  }

  async function sync(graph: Graph): Promise<void> {
    const d = diffGraph({ nodes: drawn, connections: wires }, graph);
    for (const key of d.removeConnections) {
      wires.delete(key);
      if (editor.getConnection(key)) await removeWire(key);
    }
    for (const id of d.removeNodes) {
      drawn.delete(id);
      statusSubs.get(id)?.unsubscribe();
      statusSubs.delete(id);
      if (probe.openOn() === id) probe.close();
      if (editor.getNode(id)) {
        // Any wire Rete still has on it (should be none) goes first.
        for (const c of editor.getConnections().filter((c) => c.source === id || c.target === id)) {
          await removeWire(c.id);
          wires.delete(c.id);
        }
        await editor.removeNode(id);
      }
    }
    for (const g of d.addNodes) await createNode(g);
    for (const g of d.moveNodes) {
      drawn.set(g.id, g);
      editor.getNode(g.id)?.update(g);
      await area.translate(g.id, { x: g.position[0], y: g.position[1] });
    }
    for (const g of d.updateNodes) {
      drawn.set(g.id, g);
      const n = editor.getNode(g.id);
      if (!n) continue;
      n.update(g);
      await area.update('node', g.id);
    }
    // Nodes that changed in a way that is neither a move nor a visible update: keep their objects.
    for (const g of graph.nodes) if (drawn.get(g.id) !== g && drawn.has(g.id)) {
      drawn.set(g.id, g);
      editor.getNode(g.id)?.update(g);
    }
    for (const c of d.addConnections) {
      const key = connectionKey(c);
      const from = editor.getNode(c.from.node);
      const to = editor.getNode(c.to.node);
      if (!from || !to || !from.outputs[c.from.port] || !to.inputs[c.to.port]) continue;
      const wire = new Wire(from, c.from.port, to, c.to.port);
      wire.id = key;
      await editor.addConnection(wire);
      wires.add(key);
    }
    // Selection: only blocks that exist.
    const ids = selection.ids();
    const keep = ids.filter((id) => drawn.has(id));
    if (keep.length !== ids.length) selection.set(keep);
    deps.showHint(!graph.nodes.length);
  }

  let queue: Promise<void> = Promise.resolve();
  let pending = false;
  function schedule(): Promise<void> {
    if (!pending) {
      pending = true;
      queue = queue
        .then(async () => {
          pending = false;
          if (!destroyed) await sync(store.graph);
        })
        .catch((e: unknown) => {
          pending = false;
          deps.toast(`the editor could not show the graph: ${e instanceof Error ? e.message : String(e)}`, 'error');
        });
    }
    return queue;
  }

  async function flush(): Promise<void> {
    // A change may arrive while a sync runs: wait until the view is level with the store.
    for (let i = 0; i < 5; i++) {
      await queue;
      if (!pending) break;
    }
  }

  const sub = store.changes$.subscribe(() => void schedule());

  return {
    schedule,
    flush,
    isOwnRemoval: (id) => ownRemovals.has(id),
    forgetWire: (id) => {
      wires.delete(id);
    },
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      if (redrawFrame !== 0) cancelAnimationFrame(redrawFrame);
      sub.unsubscribe();
      for (const s of statusSubs.values()) s.unsubscribe();
      statusSubs.clear();
    },
  };
}

