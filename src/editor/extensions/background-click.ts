/** A click on the empty background (not a pan, not a band) clears the selection and closes the probe. */
import { watch } from './listen.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy } from './types.ts';

/** A pointer that moved less than this (screen px) between down and up clicked. */
const CLICK_SLOP_PX = 4;

export function backgroundClick(deps: { area: Area; selection: Selection; bandActive: () => boolean; closeProbe: () => void }): Destroy {
  const { area, selection } = deps;
  let down: { x: number; y: number } | null = null;
  return watch(area, (s) => {
    if (s.type === 'pointerdown') {
      down = { x: s.data.event.clientX, y: s.data.event.clientY };
    } else if (s.type === 'pointerup') {
      if (down && Math.hypot(s.data.event.clientX - down.x, s.data.event.clientY - down.y) < CLICK_SLOP_PX && !deps.bandActive()) {
        if (!selection.mods().add) selection.set([]);
        deps.closeProbe();
      }
      down = null;
    }
  });
}
