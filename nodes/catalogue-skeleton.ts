/** The skeleton blocks (one module per block; this file only lists them). */
import type { BlockDef } from './types.ts';

export const SKELETON_BLOCKS: BlockDef[] = [];
