/**
 * Fitting the view to the graph, and auto-arrange (ELK layered, left to right, groups kept
 * together: arrange-model.ts) written to the store as one move.
 */
import { AreaExtensions } from 'rete-area-plugin';
import type { GraphStore } from '../../dataflow/store.ts';
import { arrangePositions } from '../arrange-model.ts';
import type { Area, Destroy, Editor } from './types.ts';

export interface Layout {
  zoomToFit(): Promise<void>;
  /** Auto-arrange, applied with store.moveNodes as one undo step; the graph keeps its top-left corner. */
  arrange(): Promise<void>;
  destroy: Destroy;
}

/** The next animation frame, or 50 ms when the page draws no frames (a background tab). */
function nextFrame(): Promise<void> {
  return new Promise((res) => {
    const t = setTimeout(res, 50);
    requestAnimationFrame(() => {
      clearTimeout(t);
      res();
    });
  });
}

export function layout(deps: {
  container: HTMLElement;
  editor: Editor;
  area: Area;
  store: GraphStore;
  /** Resolves when the view shows the store's document. */
  flush: () => Promise<void>;
}): Layout {
  const { container, editor, area, store } = deps;
  let destroyed = false;

  async function zoomToFit(): Promise<void> {
    await deps.flush();
    await nextFrame();
    if (destroyed || !container.clientWidth || !container.clientHeight) return;
    const nodes = editor.getNodes();
    if (!nodes.length) {
      area.area.transform.x = container.clientWidth / 2;
      area.area.transform.y = container.clientHeight / 2;
      await area.area.zoom(1, 0, 0);
      return;
    }
    await AreaExtensions.zoomAt(area, nodes, { scale: 0.9 });
  }

  async function arrange(): Promise<void> {
    await deps.flush();
    await nextFrame();
    const nodes = editor.getNodes();
    if (destroyed || !nodes.length) return;
    // Measured sizes and the ports in their drawn order; the store's groups.
    const positions = await arrangePositions({
      blocks: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height, inputs: Object.keys(n.def.inputs), outputs: Object.keys(n.def.outputs) })),
      wires: store.graph.connections,
      groups: store.graph.groups ?? [],
    });
    if (destroyed || !positions.size) return;
    // Keep the graph where it was: the arranged layout starts at the old top-left corner.
    const xs = nodes.map((n) => store.node(n.id)?.position[0] ?? 0);
    const ys = nodes.map((n) => store.node(n.id)?.position[1] ?? 0);
    const ox = Math.min(...xs);
    const oy = Math.min(...ys);
    const px = Math.min(...[...positions.values()].map((p) => p[0]));
    const py = Math.min(...[...positions.values()].map((p) => p[1]));
    store.transaction(() => {
      store.moveNodes([...positions].filter(([id]) => store.node(id)).map(([id, p]) => ({ id, position: [p[0] - px + ox, p[1] - py + oy] as [number, number] })));
      // Reroute points were placed for the old layout: the arranged wires run straight again.
      for (const c of store.graph.connections) if (c.via) store.setVia(c, []);
    });
    await zoomToFit();
  }

  return {
    zoomToFit,
    arrange,
    destroy: () => {
      destroyed = true;
    },
  };
}
