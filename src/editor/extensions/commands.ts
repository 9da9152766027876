/** Editor commands on blocks that the menu, keys, drops and the app share: add, delete, mute. */
import type { GraphStore } from '../../dataflow/store.ts';
import type { Params } from '../../../nodes/types.ts';
import { blockDef } from '../../../nodes/index.ts';
import { sharedSocket, wireFromSelected } from '../auto-wire.ts';
import { estimateNodeSize, NODE_WIDTH, paramSummary } from '../view-model.ts';
import { viewportCentre } from './coordinates.ts';
import type { Selection } from './selection.ts';
import type { Area } from './types.ts';

/** Blocks added at the same spot step aside by this much (editor px), at most this many times. */
const NUDGE_PX = 30;
const MAX_NUDGES = 20;
/** A block added after the selected one goes this far (editor px) right of it. */
const AFTER_GAP_PX = 60;
/** A block added off screen is brought this far (screen px) inside the editor's edge. */
const VIEW_MARGIN_PX = 40;

export interface BlockCommands {
  /** Add a block (at the viewport centre when `at` is omitted, else with its corner there, editor px) with `params` set, select it, return its id. */
  addBlock(type: string, at?: [number, number], params?: Params): string;
  /**
   * Add a block as `addBlock` does and, when one block is selected and the two have a socket type
   * in common, wire the selected block's output into it (one undo step). Without `at` it goes
   * right of the selected block, and the view pans to show it.
   */
  addAfterSelection(type: string, at?: [number, number], params?: Params): string;
  deleteSelection(): void;
  /** Mute (bypass) or unmute blocks, as one undo step. */
  setMuted(ids: readonly string[], bypass: boolean): void;
}

export function blockCommands(deps: {
  container: HTMLElement;
  area: Area;
  store: GraphStore;
  selection: Selection;
  toast: (message: string, kind?: 'info' | 'error') => void;
}): BlockCommands {
  const { container, area, store, selection } = deps;

  function addBlock(type: string, at?: [number, number], params: Params = {}): string {
    const def = blockDef(type);
    if (!def) {
      deps.toast(`there is no block type "${type}"`, 'error');
      throw new Error(`unknown block type "${type}"`);
    }
    let x: number;
    let y: number;
    if (at) {
      [x, y] = at;
    } else {
      const size = estimateNodeSize(def, {});
      const c = viewportCentre(area, container);
      x = c[0] - size.width / 2;
      y = c[1] - size.height / 2;
      // Not exactly on top of another block.
      const taken = (px: number, py: number) => store.graph.nodes.some((n) => Math.abs(n.position[0] - px) < 12 && Math.abs(n.position[1] - py) < 12);
      for (let k = 0; k < MAX_NUDGES && taken(Math.round(x), Math.round(y)); k++) {
        x += NUDGE_PX;
        y += NUDGE_PX;
      }
    }
    const id = store.addNode(type, [Math.round(x), Math.round(y)], { ...params });
    selection.set([id]);
    return id;
  }

  function addAfterSelection(type: string, at?: [number, number], params: Params = {}): string {
    const sel = selection.ids();
    const from = sel.length === 1 ? store.node(sel[0]) : undefined;
    const fromDef = from ? blockDef(from.type) : undefined;
    const def = blockDef(type);
    if (!from || !fromDef || !def || !sharedSocket(fromDef, def)) return addBlock(type, at, params);
    let pos = at;
    if (!pos) {
      const x = from.position[0] + NODE_WIDTH + AFTER_GAP_PX;
      let y = from.position[1];
      const size = estimateNodeSize(def, {}, 'summary');
      // Down past any block that the new one would overlap (sizes as estimated before drawing).
      const over = (py: number) =>
        store.graph.nodes.find((n) => {
          const d = blockDef(n.type);
          const s = d ? estimateNodeSize(d, n, paramSummary(n, d)) : { width: NODE_WIDTH, height: 120 };
          return n.position[0] < x + size.width && x < n.position[0] + s.width && n.position[1] < py + size.height && py < n.position[1] + s.height;
        });
      for (let k = 0, n = over(y); k < MAX_NUDGES && n; k++, n = over(y)) {
        const d = blockDef(n.type);
        y = n.position[1] + (d ? estimateNodeSize(d, n, paramSummary(n, d)).height : 120) + NUDGE_PX;
      }
      pos = [x, y];
    }
    let id = '';
    store.transaction(() => {
      id = addBlock(type, pos, params);
      const w = wireFromSelected(store.graph, blockDef, from.id, id);
      if (w) store.connect(w);
    });
    if (!at) showBlock(pos, estimateNodeSize(def, {}));
    return id;
  }

  /** Pan the view so that a block's box (editor px) is on screen. */
  function showBlock(pos: [number, number], size: { width: number; height: number }): void {
    const t = area.area.transform;
    const r = container.getBoundingClientRect();
    const left = pos[0] * t.k + t.x;
    const top = pos[1] * t.k + t.y;
    const right = left + size.width * t.k;
    const bottom = top + size.height * t.k;
    let dx = 0;
    let dy = 0;
    if (right > r.width - VIEW_MARGIN_PX) dx = r.width - VIEW_MARGIN_PX - right;
    if (left + dx < VIEW_MARGIN_PX) dx = VIEW_MARGIN_PX - left;
    if (bottom > r.height - VIEW_MARGIN_PX) dy = r.height - VIEW_MARGIN_PX - bottom;
    if (top + dy < VIEW_MARGIN_PX) dy = VIEW_MARGIN_PX - top;
    if (dx || dy) void area.area.translate(t.x + dx, t.y + dy);
  }

  function deleteSelection(): void {
    const ids = selection.ids();
    if (!ids.length) return;
    selection.set([]);
    store.removeNodes(ids);
  }

  function setMuted(ids: readonly string[], bypass: boolean): void {
    store.transaction(() => {
      for (const id of ids) if (store.node(id)) store.setBypass(id, bypass);
    });
  }

  return { addBlock, addAfterSelection, deleteSelection, setMuted };
}
