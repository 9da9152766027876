/** The block catalogue: every block type by its id. */
import type { BlockDef } from './types.ts';
import { SKELETON_BLOCKS } from './catalogue-skeleton.ts';
import { MODEL_BLOCKS } from './catalogue-model.ts';
import { NETWORK_BLOCKS } from './catalogue-network.ts';

export const BLOCKS: readonly BlockDef[] = [...SKELETON_BLOCKS, ...MODEL_BLOCKS, ...NETWORK_BLOCKS];

const byType = new Map(BLOCKS.map((b) => [b.type, b]));

/** The block definition of a type, or undefined. */
export function blockDef(type: string): BlockDef | undefined {
  return byType.get(type);
}
