/**
 * Pan and zoom move one layer. Rete pans and zooms by changing the CSS transform of the element
 * that holds every block and wire; without a layer of its own, each such change repaints all of
 * them (300 blocks: ~20 ms of paint and ~10 ms of layerizing per frame on the main thread,
 * bench/editor-300.ts). While the view moves (a second change within {@link GESTURE_GAP_MS}),
 * the holder gets `will-change: transform`, so the browser paints it once and then only moves
 * (and scales) that picture. When the view has been still for {@link SETTLE_MS} the hint goes:
 * the blocks are painted again at the final zoom (a layer kept for good would stay rasterised at
 * the zoom it was made at, blurred after a zoom in).
 *
 * The holder also paints the canvas (its `::before`, {@link PAN_LAYER_CLASS} in styles.ts):
 * an opaque backdrop under every block and wire. On a see-through layer the browser keeps each
 * piece of text that sits on an opaque box (titles, status lines, buttons) in a layer of its own,
 * so that it can draw it with subpixel (LCD) antialiasing: ~930 layers for 300 blocks, ~11 ms of
 * layerizing every frame of a pan or zoom at 100 %. On an opaque one it is all one layer.
 */
import { watch } from './listen.ts';
import type { Area, Destroy } from './types.ts';

/** How long (ms) the view must be still before the holder is painted normally again. */
export const SETTLE_MS = 180;
/**
 * Two view changes this close together (ms) are a gesture. A single jump (zoom to fit, arrange)
 * gets no layer: it would be painted twice (with the layer, then without it) for one frame's change.
 */
export const GESTURE_GAP_MS = 100;

/** The class of the pan/zoom holder, whose `::before` is the canvas (see above). */
export const PAN_LAYER_CLASS = 'nw-pan-layer';

export function gestureLayer(area: Area): Destroy {
  const holder = area.area.content.holder;
  holder.classList.add(PAN_LAYER_CLASS);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const settle = (): void => {
    timer = null;
    holder.style.removeProperty('will-change');
  };
  const off = watch(area, (s) => {
    if (s.type !== 'translated' && s.type !== 'zoomed') return;
    const now = performance.now();
    const moving = timer !== null || now - last < GESTURE_GAP_MS;
    last = now;
    if (!moving) return;
    if (timer === null) holder.style.willChange = 'transform';
    else clearTimeout(timer);
    timer = setTimeout(settle, SETTLE_MS);
  });
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
    settle();
    holder.classList.remove(PAN_LAYER_CLASS);
  };
}
