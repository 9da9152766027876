/** The skeleton blocks (one module per block; this file only lists them). */
import type { BlockDef } from './types.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { convertUnits } from './convert-units.ts';
import { setSoma } from './set-soma.ts';
import { reroot } from './reroot.ts';
import { healFragments } from './heal-fragments.ts';
import { smoothRadii } from './smooth-radii.ts';
import { minRadius } from './min-radius.ts';
import { fixPinchPoints } from './fix-pinch-points.ts';
import { resample } from './resample.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { select } from './select.ts';
import { nodeTable } from './node-table.ts';

/** In the order of a typical chain: load, fix up, label, select, inspect. */
export const SKELETON_BLOCKS: BlockDef[] = [
  loadSkeleton,
  convertUnits,
  setSoma,
  reroot,
  healFragments,
  smoothRadii,
  minRadius,
  fixPinchPoints,
  resample,
  splitAxonDendrite,
  select,
  nodeTable,
];
