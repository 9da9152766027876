/**
 * Readable at any zoom. Level of detail: below a zoom of {@link LOD_FAR} the editor root gets
 * `nw-lod-far` (each block shows its title in a large font on its status colour, styles.ts),
 * below {@link LOD_TINY} also `nw-lod-tiny` (a larger font still). Only a class changes when a
 * threshold is crossed, so zooming costs nothing more in between. Folding: a block's fold
 * button (elements.ts) asks for `collapsed`, written to the store (one undo step).
 */
import type { GraphStore } from '../../dataflow/store.ts';
import { listen, watch } from './listen.ts';
import type { Area, Destroy } from './types.ts';

/** Zoom below which blocks show their title only. */
export const LOD_FAR = 0.5;
/** Zoom below which that title is larger still. */
export const LOD_TINY = 0.25;

/** On the editor root for the frames of a level-of-detail switch: blocks change without transitions. */
export const LOD_SWITCH_CLASS = 'nw-lod-switch';

/** The level-of-detail classes for a zoom factor. */
export function lodClasses(k: number): { far: boolean; tiny: boolean } {
  return { far: k < LOD_FAR, tiny: k < LOD_TINY };
}

export function foldAndLod(deps: { container: HTMLElement; area: Area; store: GraphStore }): Destroy {
  const { container, area, store } = deps;
  let shown = { far: false, tiny: false };
  let switching = 0;
  function apply(k: number): void {
    const want = lodClasses(k);
    if (want.far === shown.far && want.tiny === shown.tiny) return;
    shown = want;
    // Without transitions for the switch: every block's border and shadow change at once, and
    // 300 blocks × 2 transitions repainted the whole graph for 120 ms of the zoom.
    container.classList.add(LOD_SWITCH_CLASS);
    container.classList.toggle('nw-lod-far', want.far);
    container.classList.toggle('nw-lod-tiny', want.tiny);
    container.dataset.lod = want.far ? 'far' : 'near';
    cancelAnimationFrame(switching);
    // Two frames: the style with the new classes has been computed (no transition started) before the class goes.
    switching = requestAnimationFrame(() => (switching = requestAnimationFrame(() => container.classList.remove(LOD_SWITCH_CLASS))));
  }
  apply(area.area.transform.k);
  const offs: Destroy[] = [
    watch(area, (s) => {
      if (s.type === 'zoomed') apply(s.data.zoom);
    }),
    listen(container, 'nw-fold', (e) => {
      const d = (e as CustomEvent<{ id: string; collapsed: boolean }>).detail;
      if (d && store.node(d.id)) store.setCollapsed(d.id, d.collapsed);
    }),
  ];
  return () => {
    for (const off of offs) off();
    cancelAnimationFrame(switching);
    container.classList.remove('nw-lod-far', 'nw-lod-tiny', LOD_SWITCH_CLASS);
  };
}
