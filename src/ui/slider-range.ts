/**
 * The ends and step of a number parameter's slider in the inspector, and the keyboard's nudge.
 * The slider spans the parameter's typical values (softMin/softMax, nodes/types.ts), else its
 * declared range, else [min, 4 × default]; the number field beside it takes any allowed value.
 * A value typed outside the slider's span stays as it is until the user moves the slider: an
 * arrow key steps from the value itself (the browser's own step would first pull it to an end).
 */
import type { ParamSpec } from '../../nodes/types.ts';

export type NumberSpec = Extract<ParamSpec, { kind: 'number' }>;

export interface SliderRange {
  lo: number;
  hi: number;
  step: number;
}

/** Spans wider than this get no slider (a seed, a count up to 1e9): one pixel would be millions. */
const MAX_SPAN = 1e7;

/** A round step giving 100–1000 positions over the span: 10^k. */
function roundStep(span: number): number {
  return 10 ** Math.floor(Math.log10(span / 100));
}

/** The slider of a number parameter, or null when it has none (no finite range). */
export function sliderRange(spec: NumberSpec): SliderRange | null {
  const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);
  const lo0 = finite(spec.softMin) ? spec.softMin : finite(spec.min) ? spec.min : spec.default > 0 ? 0 : undefined;
  const hi0 = finite(spec.softMax) ? spec.softMax : finite(spec.max) ? spec.max : lo0 !== undefined && spec.default > 0 ? Math.max(spec.default * 4, lo0 + 1) : undefined;
  if (lo0 === undefined || hi0 === undefined || !(hi0 > lo0) || hi0 - lo0 >= MAX_SPAN) return null;
  const step = spec.step ?? (spec.integer ? Math.max(1, roundStep(hi0 - lo0)) : roundStep(hi0 - lo0));
  // An exclusive bound is not a value the slider may give: stop one step inside it.
  const lo = spec.exclusive && lo0 === spec.min ? lo0 + step : lo0;
  const hi = spec.exclusive && hi0 === spec.max ? hi0 - step : hi0;
  return hi > lo ? { lo, hi, step } : null;
}

/**
 * The value after an arrow key on the slider: `value` ± one step (PageUp/PageDown: ten), from
 * the value itself wherever it lies, kept inside the parameter's own min/max (not the slider's
 * ends, which are only typical values). Rounded to the step's decimals so that 0.1 + 0.2 stays 0.3.
 */
export function nudge(spec: NumberSpec, range: SliderRange, value: number, steps: number): number {
  let x = value + steps * range.step;
  const decimals = Math.max(0, -Math.floor(Math.log10(range.step)) + 2);
  x = Number(x.toFixed(Math.min(20, decimals)));
  if (spec.integer) x = Math.round(x);
  const { min, max } = spec;
  if (min !== undefined && Number.isFinite(min) && (spec.exclusive ? x <= min : x < min)) x = spec.exclusive ? value : min;
  if (max !== undefined && Number.isFinite(max) && (spec.exclusive ? x >= max : x > max)) x = spec.exclusive ? value : max;
  return x;
}

/** Steps of a key on the slider (ArrowUp/Right +1, ArrowDown/Left −1, PageUp/PageDown ±10), or 0 for other keys. */
export function keySteps(key: string): number {
  switch (key) {
    case 'ArrowUp':
    case 'ArrowRight':
      return 1;
    case 'ArrowDown':
    case 'ArrowLeft':
      return -1;
    case 'PageUp':
      return 10;
    case 'PageDown':
      return -10;
    default:
      return 0;
  }
}
