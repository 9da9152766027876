/**
 * Dragging blocks: the selected blocks move together, and where they are dropped goes to the
 * store as one move (one undo step). A click on one of several selected blocks (no move)
 * selects it alone.
 */
import type { GraphStore } from '../../dataflow/store.ts';
import { watch } from './listen.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy } from './types.ts';

export function nodeDrag(deps: { area: Area; store: GraphStore; selection: Selection }): Destroy {
  const { area, store, selection } = deps;
  let dragging: string | null = null;

  /** Positions back to the store, rounded to whole editor px. */
  function endDrag(id: string): void {
    const ids = selection.has(id) ? selection.ids() : [id];
    const moves: Array<{ id: string; position: [number, number] }> = [];
    let moved = false;
    for (const i of ids) {
      const v = area.nodeViews.get(i);
      const g = store.node(i);
      if (!v || !g) continue;
      const p: [number, number] = [Math.round(v.position.x), Math.round(v.position.y)];
      if (p[0] !== g.position[0] || p[1] !== g.position[1]) moved = true;
      moves.push({ id: i, position: p });
    }
    if (moved) store.moveNodes(moves);
    else if (!selection.mods().add && selection.ids().length > 1) selection.set([id]);
  }

  return watch(area, (s) => {
    switch (s.type) {
      case 'nodepicked':
        dragging = s.data.id;
        break;
      case 'nodetranslated': {
        const { id, position, previous } = s.data;
        if (id !== dragging || !selection.has(id)) break;
        const dx = position.x - previous.x;
        const dy = position.y - previous.y;
        for (const other of selection.ids()) {
          if (other === id) continue;
          const v = area.nodeViews.get(other);
          if (v) void area.translate(other, { x: v.position.x + dx, y: v.position.y + dy });
        }
        break;
      }
      case 'nodedragged':
        if (dragging === s.data.id) endDrag(s.data.id);
        dragging = null;
        break;
    }
  });
}
