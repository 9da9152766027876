/**
 * A small branched cell for tests of mechanisms (SWC text, µm): a 20 × 20 µm soma (nodes 1–2)
 * with two unbranched dendrites of 200 µm, diameters 2 µm (nodes 3–22) and 1.4 µm (nodes 23–42).
 */
export const BRANCHED_SWC = [
  '1 1 0 0 0 10 -1',
  '2 1 20 0 0 10 1',
  ...Array.from({ length: 20 }, (_, k) => `${k + 3} 3 ${20 + 10 * (k + 1)} 0 0 1 ${k === 0 ? 2 : k + 2}`),
  ...Array.from({ length: 20 }, (_, k) => `${k + 23} 3 20 ${10 * (k + 1)} 0 0.7 ${k === 0 ? 2 : k + 22}`),
].join('\n');
