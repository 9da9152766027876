import { CoreError } from '../errors.ts';
import type { Skeleton } from './skeleton.ts';

/**
 * Multiply coordinates and radii by `factor` (unit conversion: 8 nm voxels → µm is ×0.008,
 * nm → µm is ×0.001). `units` names the new unit.
 */
export function scaleSkeleton(sk: Skeleton, factor: number, units = 'µm'): Skeleton {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new CoreError('input', `unit conversion factor must be a positive number, got ${factor}`);
  const s = (a: Float64Array) => a.map((v) => v * factor);
  return sk.with({ x: s(sk.x), y: s(sk.y), z: s(sk.z), radius: s(sk.radius) }, { units });
}

/**
 * Reroot the tree containing node `nodeId` at that node: parent links on the path from it to
 * the old root are reversed. Row order (file order) is kept; other trees are untouched.
 */
export function reroot(sk: Skeleton, nodeId: number): Skeleton {
  const r = sk.requireRow(nodeId);
  const parent = sk.parent.slice();
  let prev = -1;
  let i = r;
  while (i >= 0) {
    const next = sk.parent[i];
    parent[i] = prev;
    prev = i;
    i = next;
  }
  return sk.with({ parent });
}

/** Mark node `nodeId` as the soma (does not reroot; see `reroot`). */
export function setSoma(sk: Skeleton, nodeId: number): Skeleton {
  return sk.with({}, { soma: sk.requireRow(nodeId, 'soma node') });
}

/**
 * Raise every radius below `minRadius` to it (same unit as the skeleton, µm after conversion).
 * Zero or tiny radii make a compartment's axial resistance infinite; this is the documented
 * repair. Returns the new skeleton and the ids of the nodes changed. A minimum that is not a
 * finite number ≥ 0 is a `CoreError`: NaN would compare false everywhere and silently change
 * nothing, a negative one is meaningless. (`setMinRadius` in repair.ts wraps this with a report.)
 */
export function clampRadius(sk: Skeleton, minRadius: number): { skeleton: Skeleton; changed: number[] } {
  if (typeof minRadius !== 'number' || !(minRadius >= 0) || !Number.isFinite(minRadius)) {
    throw new CoreError('input', `minimum radius must be a finite number ≥ 0 (${sk.units}), got ${String(minRadius)}`);
  }
  const changed: number[] = [];
  const radius = sk.radius.slice();
  for (let i = 0; i < radius.length; i++) {
    if (radius[i] < minRadius) {
      radius[i] = minRadius;
      changed.push(sk.id[i]);
    }
  }
  return { skeleton: changed.length ? sk.with({ radius }) : sk, changed };
}
