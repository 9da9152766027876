/**
 * Colours of the morphology view, shared by the block's static figure (ECharts option, SVG) and
 * the interactive canvas view, so that both draw a value in the same colour.
 *
 * - Continuous values: a viridis-like map (perceptually uniform, readable in greyscale and by
 *   colour-blind readers), linearly interpolated in sRGB between 11 published samples of
 *   matplotlib's viridis (van der Walt & Smith, 2015), as listed by R's
 *   `viridisLite::viridis(11)`. The view quantises it into BUCKETS colours (one canvas path each).
 * - Compartments: fixed colours for the tutorial's compartments from the Okabe–Ito palette
 *   (Okabe & Ito 2008, "Color Universal Design"), the others in turn from the same palette.
 */

/** viridis at 0, 0.1, …, 1 (viridisLite::viridis(11), alpha dropped). */
export const VIRIDIS_STOPS: readonly string[] = ['#440154', '#482576', '#414487', '#35608d', '#2a788e', '#21908c', '#22a884', '#43bf71', '#7ad151', '#bbdf27', '#fde725'];

/** Colour of nodes without a value (unrecorded nodes left grey, NaN). */
export const NO_VALUE_COLOUR = '#c4c4c4';

/** Number of colours the continuous map is quantised into for drawing. */
export const BUCKETS = 64;

const rgbOf = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
const STOP_RGB = VIRIDIS_STOPS.map(rgbOf);

const hex2 = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
/** '#rrggbb' of an RGB triple (0–255). */
export const rgbHex = (r: number, g: number, b: number): string => `#${hex2(r)}${hex2(g)}${hex2(b)}`;

/** The colour map at f ∈ [0, 1] (clamped; NaN gives NO_VALUE_COLOUR), as '#rrggbb'. */
export function viridis(f: number): string {
  if (Number.isNaN(f)) return NO_VALUE_COLOUR;
  const x = Math.min(1, Math.max(0, f)) * (STOP_RGB.length - 1);
  const i = Math.min(STOP_RGB.length - 2, Math.floor(x));
  const u = x - i;
  const a = STOP_RGB[i];
  const b = STOP_RGB[i + 1];
  return rgbHex(a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u);
}

/**
 * Bucket (0 … buckets−1) of a value in the range [min, max]: values at or below min go to 0,
 * at or above max to the last; NaN gives -1 (no value). A zero-width range puts everything in
 * the middle bucket.
 */
export function bucketOf(v: number, min: number, max: number, buckets = BUCKETS): number {
  if (Number.isNaN(v)) return -1;
  if (!(max > min)) return buckets >> 1;
  const b = Math.floor(((v - min) / (max - min)) * buckets);
  return b < 0 ? 0 : b >= buckets ? buckets - 1 : b;
}

/** The colour a bucket is drawn in: the map at the bucket's centre. */
export function bucketColour(b: number, buckets = BUCKETS): string {
  return b < 0 ? NO_VALUE_COLOUR : viridis((b + 0.5) / buckets);
}

/** The colours of all buckets, index = bucket. */
export function bucketColours(buckets = BUCKETS): string[] {
  return Array.from({ length: buckets }, (_, b) => bucketColour(b, buckets));
}

/** The colour a value is drawn in (its bucket's colour). */
export function valueColour(v: number, min: number, max: number, buckets = BUCKETS): string {
  return bucketColour(bucketOf(v, min, max, buckets), buckets);
}

/** Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black. */
const OKABE_ITO = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000'];

/** Fixed colours of the usual compartment names, so a compartment looks the same in every view. */
const NAMED: Record<string, string> = {
  dendrite: '#0072b2',
  'basal dendrite': '#0072b2',
  'apical dendrite': '#56b4e9',
  axon: '#d55e00',
  linker: '#009e73',
  cellbodyfiber: '#e69f00',
  soma: '#000000',
  unlabelled: '#999999',
  undefined: '#999999',
};

/** One colour per compartment name, in order; names not in the fixed list take the palette's unused colours in turn. */
export function compartmentColours(names: readonly string[]): string[] {
  const used = new Set(names.map((n) => NAMED[n]).filter((c): c is string => c !== undefined));
  const free = OKABE_ITO.filter((c) => !used.has(c));
  let k = 0;
  return names.map((n) => NAMED[n] ?? (free.length ? free[k++ % free.length] : OKABE_ITO[k++ % OKABE_ITO.length]));
}
