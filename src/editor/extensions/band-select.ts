/** Shift-drag on the background draws a selection band; Ctrl/⌘ as well adds to the selection. */
import { Drag } from 'rete-area-plugin';
import { clientToArea } from './coordinates.ts';
import { listen } from './listen.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy, Editor } from './types.ts';

export interface BandSelect {
  /** True from the band's pointerdown until just after its pointerup (that click is not a background click). */
  active(): boolean;
  destroy: Destroy;
}

export function bandSelect(deps: { container: HTMLElement; editor: Editor; area: Area; selection: Selection }): BandSelect {
  const { container, editor, area, selection } = deps;
  let band: { el: HTMLDivElement; x0: number; y0: number; x1: number; y1: number; add: boolean } | null = null;
  let windowOffs: Array<() => void> = [];
  let clearTimer: ReturnType<typeof setTimeout> | undefined;

  // Shift-drag on the background is the band's, not a pan.
  area.area.setDragHandler(
    new Drag({
      down: (e) => !(e.pointerType === 'mouse' && e.button !== 0) && !e.shiftKey,
      move: () => true,
    }),
  );

  function draw(): void {
    if (!band) return;
    const { el, x0, y0, x1, y1 } = band;
    el.style.left = `${Math.min(x0, x1)}px`;
    el.style.top = `${Math.min(y0, y1)}px`;
    el.style.width = `${Math.abs(x1 - x0)}px`;
    el.style.height = `${Math.abs(y1 - y0)}px`;
  }

  function stopWindow(): void {
    for (const off of windowOffs) off();
    windowOffs = [];
  }

  const onDown = (e: PointerEvent) => {
    if (!e.shiftKey || e.button !== 0) return;
    // Only on the background: nodes and sockets stop their pointerdown before it gets here.
    const r = container.getBoundingClientRect();
    const el = document.createElement('div');
    el.className = 'nw-band';
    container.appendChild(el);
    band?.el.remove();
    band = { el, x0: e.clientX - r.left, y0: e.clientY - r.top, x1: e.clientX - r.left, y1: e.clientY - r.top, add: e.ctrlKey || e.metaKey };
    draw();
    stopWindow();
    windowOffs = [listen(window, 'pointermove', onMove), listen(window, 'pointerup', onUp)];
  };

  const onMove = (e: PointerEvent) => {
    if (!band) return;
    const r = container.getBoundingClientRect();
    band.x1 = e.clientX - r.left;
    band.y1 = e.clientY - r.top;
    draw();
  };

  const onUp = () => {
    stopWindow();
    if (!band) return;
    const b = band;
    b.el.remove();
    const r = container.getBoundingClientRect();
    const [ax0, ay0] = clientToArea(area, Math.min(b.x0, b.x1) + r.left, Math.min(b.y0, b.y1) + r.top);
    const [ax1, ay1] = clientToArea(area, Math.max(b.x0, b.x1) + r.left, Math.max(b.y0, b.y1) + r.top);
    const hit: string[] = [];
    for (const n of editor.getNodes()) {
      const v = area.nodeViews.get(n.id);
      if (!v) continue;
      const { x, y } = v.position;
      if (x < ax1 && x + n.width > ax0 && y < ay1 && y + n.height > ay0) hit.push(n.id);
    }
    selection.set(b.add ? [...selection.ids(), ...hit] : hit);
    // Let the pointerup that ends the band not count as a background click.
    clearTimer = setTimeout(() => {
      if (band === b) band = null;
    }, 0);
  };

  const offDown = listen(container, 'pointerdown', onDown);

  return {
    active: () => band !== null,
    destroy: () => {
      offDown();
      stopWindow();
      clearTimeout(clearTimer);
      band?.el.remove();
      band = null;
    },
  };
}
