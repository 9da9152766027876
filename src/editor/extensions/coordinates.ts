/** Screen ↔ editor coordinates. */
import type { Area } from './types.ts';

/** Editor (area) coordinates, in editor px, of a point on screen (client px). */
export function clientToArea(area: Area, cx: number, cy: number): [number, number] {
  const r = area.area.content.holder.getBoundingClientRect();
  const k = area.area.transform.k;
  return [(cx - r.left) / k, (cy - r.top) / k];
}

/** Editor coordinates (editor px) of the middle of the visible part of the container. */
export function viewportCentre(area: Area, container: HTMLElement): [number, number] {
  const r = container.getBoundingClientRect();
  return clientToArea(area, r.left + r.width / 2, r.top + r.height / 2);
}
