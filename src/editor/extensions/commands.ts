/** Editor commands on blocks that the menu, keys, drops and the app share: add, delete, mute. */
import type { GraphStore } from '../../dataflow/store.ts';
import { blockDef } from '../../../nodes/index.ts';
import { estimateNodeSize } from '../view-model.ts';
import { viewportCentre } from './coordinates.ts';
import type { Selection } from './selection.ts';
import type { Area } from './types.ts';

/** Blocks added at the same spot step aside by this much (editor px), at most this many times. */
const NUDGE_PX = 30;
const MAX_NUDGES = 20;

export interface BlockCommands {
  /** Add a block (at the viewport centre when `at` is omitted, else with its corner there, editor px), select it, return its id. */
  addBlock(type: string, at?: [number, number]): string;
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

  function addBlock(type: string, at?: [number, number]): string {
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
    const id = store.addNode(type, [Math.round(x), Math.round(y)]);
    selection.set([id]);
    return id;
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

  return { addBlock, deleteSelection, setMuted };
}
