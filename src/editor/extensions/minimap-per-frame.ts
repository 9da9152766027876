/**
 * The minimap redrawn at most once per animation frame, and only when what it shows moved.
 * Rete's minimap plugin redraws on every block render, and each redraw measures the editor
 * (a forced layout) and re-renders every mini block: during a slider drag each edit re-renders a
 * dozen blocks (stale, running, done), which made the minimap the largest single cost on the
 * main thread (DA1 tutorial, bench/drag-da1.ts). A block's status changes neither its place nor,
 * mostly, its size; what the minimap draws is the blocks' rectangles, the view's transform and
 * the editor's size, so a redraw with those unchanged is skipped.
 *
 * When only the view moved (pan, zoom), what a redraw costs depends on where the view is. Inside
 * the blocks' bounding box, the minimap's scale is the blocks' and only its viewport rectangle
 * moves: cheap, drawn at once (a drag of that rectangle follows the pointer). Reaching outside it
 * (zoomed out, as after zoom to fit), the minimap rescales to include the view, and every mini
 * block moves: ~15 ms of script, style and layout for 300 blocks (bench/editor-300.ts), a dropped
 * frame each time. That redraw waits until the view has been still for {@link VIEW_SETTLE_MS}.
 */
import type { MinimapPlugin } from 'rete-minimap-plugin';
import type { Schemes } from '../block-node.ts';

/** How long (ms) the view must be still before a minimap that rescales with it is drawn again. */
export const VIEW_SETTLE_MS = 150;

/** An axis-aligned box in editor px. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** True when `inner` lies within `outer` (edges included). */
export function within(inner: Box, outer: Box): boolean {
  return inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;
}

export function minimapPerFrame(minimap: MinimapPlugin<Schemes>, container: HTMLElement): { destroy: () => void } {
  // `render` is private in the plugin's types; its pipe calls it through the instance.
  const plugin = minimap as unknown as { render(): void };
  const draw = plugin.render.bind(minimap);
  let frame = 0;
  let drawn = '';
  // The editor's size (px), kept without reading layout on each redraw.
  let width = 0;
  let height = 0;
  const resize = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1]?.contentRect;
    if (r) {
      width = r.width;
      height = r.height;
    }
    plugin.render();
  });
  resize.observe(container);
  let blocksDrawn = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The view has been still long enough: the next redraw goes ahead whatever moved. */
  let settled = false;
  /** The blocks' rectangles as a key, and their bounding box (editor px). */
  const blocks = (): { key: string; box: Box } => {
    const parts: Array<string | number> = [width, height];
    const box: Box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    for (const n of minimap.editor.getNodes()) {
      const p = minimap.area.nodeViews.get(n.id)?.position;
      parts.push(n.id, n.width, n.height, p?.x ?? NaN, p?.y ?? NaN);
      if (!p) continue;
      box.left = Math.min(box.left, p.x);
      box.top = Math.min(box.top, p.y);
      box.right = Math.max(box.right, p.x + n.width);
      box.bottom = Math.max(box.bottom, p.y + n.height);
    }
    return { key: parts.join(','), box };
  };
  /** The part of the editor on screen, in editor px (as the plugin computes it). */
  const viewBox = (): Box => {
    const t = minimap.area.area.transform;
    return { left: -t.x / t.k, top: -t.y / t.k, right: (width - t.x) / t.k, bottom: (height - t.y) / t.k };
  };
  const view = (): string => {
    const t = minimap.area.area.transform;
    return `${t.x},${t.y},${t.k}`;
  };
  plugin.render = () => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const b = blocks();
      const now = `${b.key}|${view()}`;
      if (now === drawn) return;
      // Only the view moved, and the minimap would rescale with it: draw once the view is still.
      if (!settled && b.key === blocksDrawn && !within(viewBox(), b.box)) {
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          settled = true;
          plugin.render();
        }, VIEW_SETTLE_MS);
        return;
      }
      settled = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      drawn = now;
      blocksDrawn = b.key;
      draw();
    });
  };
  return {
    destroy: () => {
      resize.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
      frame = 0;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
