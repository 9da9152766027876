/** The network blocks (one module per block; this file only lists them). */
import type { BlockDef } from './types.ts';

export const NETWORK_BLOCKS: BlockDef[] = [];
