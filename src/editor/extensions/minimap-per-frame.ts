/**
 * The minimap redrawn at most once per animation frame, and only when what it shows moved.
 * Rete's minimap plugin redraws on every block render, and each redraw measures the editor
 * (a forced layout) and re-renders every mini block: during a slider drag each edit re-renders a
 * dozen blocks (stale, running, done), which made the minimap the largest single cost on the
 * main thread (DA1 tutorial, bench/drag-da1.ts). A block's status changes neither its place nor,
 * mostly, its size; what the minimap draws is the blocks' rectangles, the view's transform and
 * the editor's size, so a redraw with those unchanged is skipped.
 */
import type { MinimapPlugin } from 'rete-minimap-plugin';
import type { Schemes } from '../block-node.ts';

export function minimapPerFrame(minimap: MinimapPlugin<Schemes>, container: HTMLElement): { destroy: () => void } {
  // `render` is private in the plugin's types; its pipe calls it through the instance.
  const plugin = minimap as unknown as { render(): void };
  const draw = plugin.render.bind(minimap);
  let frame = 0;
  let drawn = '';
  // The editor's size, kept without reading layout on each redraw.
  let size = '';
  const resize = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1]?.contentRect;
    if (r) size = `${r.width}x${r.height}`;
    plugin.render();
  });
  resize.observe(container);
  /** While the view pans or zooms, the minimap follows at most this often (ms): each redraw measures the editor (bench/editor-300.ts). */
  const VIEW_ONLY_MS = 200;
  let lastDraw = 0;
  let blocksDrawn = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const blocks = (): string => {
    const parts: Array<string | number> = [size];
    for (const n of minimap.editor.getNodes()) {
      const p = minimap.area.nodeViews.get(n.id)?.position;
      parts.push(n.id, n.width, n.height, p?.x ?? NaN, p?.y ?? NaN);
    }
    return parts.join(',');
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
      const now = `${b}|${view()}`;
      if (now === drawn) return;
      const since = performance.now() - lastDraw;
      // Only the view moved, and the minimap was drawn a moment ago: draw once the pan or zoom pauses.
      if (b === blocksDrawn && since < VIEW_ONLY_MS) {
        timer ??= setTimeout(() => {
          timer = null;
          plugin.render();
        }, VIEW_ONLY_MS - since);
        return;
      }
      drawn = now;
      blocksDrawn = b;
      lastDraw = performance.now();
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
