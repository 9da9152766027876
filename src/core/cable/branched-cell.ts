import { readSwc } from '../morphology/swc.ts';
import { discretize } from './discretize.ts';
import type { CableModelSpec } from './model.ts';

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

/**
 * The branched cell as a model (res 20 µm, Ra 100 Ω·cm, cm 1 µF/cm²) with a 0.3 nA clamp at
 * the soma from 2 to 32 ms and voltage recorders at the soma's centre and the tip of the second
 * dendrite; `parts` adds or replaces mechanisms, catalogue, recorders, ….
 */
export function branchedCell(parts: Partial<CableModelSpec>): CableModelSpec {
  const skeleton = readSwc(BRANCHED_SWC).skeleton;
  return {
    skeleton,
    discretization: discretize(skeleton, { res: 20 }),
    Ra: 100,
    cm: 1,
    mechanisms: [],
    pointProcesses: [{ type: 'IClamp', at: { node: 1 }, params: { del: 2, dur: 30, amp: 0.3 } }],
    recorders: [
      { label: 'soma', at: { section: 0, x: 0.5 } },
      { label: 'tip', at: { node: 42 } },
    ],
    ...parts,
  };
}
