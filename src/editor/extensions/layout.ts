/** Fitting the view to the graph, and auto-arrange (ELK layered) written to the store as one move. */
import { AreaExtensions } from 'rete-area-plugin';
import { ArrangeAppliers, type AutoArrangePlugin } from 'rete-auto-arrange-plugin';
import type { GraphStore } from '../../dataflow/store.ts';
import type { Schemes } from '../block-node.ts';
import type { Area, AreaExtra, Destroy, Editor } from './types.ts';

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
  arranger: AutoArrangePlugin<Schemes, AreaExtra>;
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
    const positions = new Map<string, [number, number]>();
    // Collect ELK's positions instead of moving the blocks: the store moves them.
    class Collect extends ArrangeAppliers.StandardApplier<Schemes, AreaExtra> {
      protected override async resizeNode(): Promise<boolean> {
        return true;
      }
      protected override async translateNode(id: string, x: number, y: number): Promise<boolean> {
        positions.set(id, [Math.round(x), Math.round(y)]);
        return true;
      }
    }
    await deps.arranger.layout({
      applier: new Collect(),
      options: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.spacing.nodeNode': '40',
        'elk.layered.spacing.nodeNodeBetweenLayers': '70',
        'elk.edgeRouting': 'POLYLINE',
      },
    });
    if (destroyed || !positions.size) return;
    // Keep the graph where it was: the arranged layout starts at the old top-left corner.
    const xs = nodes.map((n) => store.node(n.id)?.position[0] ?? 0);
    const ys = nodes.map((n) => store.node(n.id)?.position[1] ?? 0);
    const ox = Math.min(...xs);
    const oy = Math.min(...ys);
    const px = Math.min(...[...positions.values()].map((p) => p[0]));
    const py = Math.min(...[...positions.values()].map((p) => p[1]));
    store.moveNodes([...positions].filter(([id]) => store.node(id)).map(([id, p]) => ({ id, position: [p[0] - px + ox, p[1] - py + oy] as [number, number] })));
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
