/** The model blocks (one module per block; this file only lists them). */
import type { BlockDef } from './types.ts';

export const MODEL_BLOCKS: BlockDef[] = [];
