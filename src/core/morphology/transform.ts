import { CoreError } from '../errors.ts';
import type { Skeleton } from './skeleton.ts';

/** How a unit conversion multiplies: in doubles, or in single precision as navis does. */
export type ScalePrecision = 'double' | 'float32';

/**
 * `v × factor` for every value: in doubles, or (`'float32'`) as navis's `convert_units` does on
 * its float32 node table, where numpy multiplies float32 values by the factor rounded to
 * float32 and rounds the product to float32: fround(fround(v) · fround(factor)). The exact
 * product of two float32 values fits a double, so one fround gives numpy's float32 result.
 */
export function scaleValues(a: Float64Array, factor: number, precision: ScalePrecision = 'double'): Float64Array {
  if (precision === 'double') return a.map((v) => v * factor);
  const f = Math.fround(factor);
  return a.map((v) => Math.fround(Math.fround(v) * f));
}

/**
 * Multiply coordinates and radii by `factor` (unit conversion: 8 nm voxels → µm is ×0.008,
 * nm → µm is ×0.001), in doubles or in float32 as navis does (see scaleValues). `units`
 * names the new unit.
 */
export function scaleSkeleton(sk: Skeleton, factor: number, units = 'µm', precision: ScalePrecision = 'double'): Skeleton {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new CoreError('input', `unit conversion factor must be a positive number, got ${factor}`);
  const s = (a: Float64Array) => scaleValues(a, factor, precision);
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
