/**
 * The one parameter reader (`readParams`): enum spellings and aliases as `--set` and graph
 * files give them, its did-you-mean, and parameters hidden by `visibleWhen`.
 */
import { describe, expect, it } from 'vitest';
import { edgeListBlock } from '../../nodes/edge-list.ts';
import { insertMechanism } from '../../nodes/insert-mechanism.ts';
import { loadSkeleton } from '../../nodes/load-skeleton.ts';
import { select } from '../../nodes/select.ts';
import type { BlockDef } from '../../nodes/types.ts';
import type { JsonObject } from './graph.ts';
import { readParams, resolveParams } from './params.ts';
import { graphOf, n } from './test-kit.ts';
import { validateGraph } from './validate.ts';

const read = (def: BlockDef, params: JsonObject) => readParams({ id: 'b', type: def.type, params }, def);

describe('enum parameters', () => {
  it.each([
    ['8nm', '8 nm voxels'],
    ['8 nm', '8 nm voxels'],
    ['Voxels', '8 nm voxels'],
    ['8_NM-voxels', '8 nm voxels'],
    ['NM', 'nm'],
    ['µm', 'µm'],
  ])('units %j reads as the option %j, with no issue', (given, option) => {
    const r = read(loadSkeleton, { units: given });
    expect(r.issues).toEqual([]);
    expect(r.params.units).toBe(option);
  });

  it('an option written with another case or separators is that option', () => {
    expect(read(edgeListBlock, { weights: 'Synapse_Counts' }).params.weights).toBe('synapse counts');
    expect(read(select, { mode: 'Node_IDs' }).params.mode).toBe('node ids');
    // A block's own alias ('ids' for the mode 'node ids') is the reader's too.
    expect(read(select, { mode: 'IDs' }).params.mode).toBe('node ids');
  });

  it('`--set load.units=8nm` passes the graph validator', () => {
    const g = graphOf([n('load', 'load-skeleton', { units: '8nm' })]);
    expect(validateGraph(g)).toEqual([]);
    expect(resolveParams(g.nodes[0], loadSkeleton).units).toBe('8 nm voxels');
  });

  it('a wrong value lists the options and suggests the option a near-miss alias stands for, never a look-alike option', () => {
    expect(read(loadSkeleton, { units: '8nmm' }).issues.map((i) => i.message)).toEqual([
      `block 'b' (load-skeleton): parameter 'units' must be one of 'µm', 'nm' or '8 nm voxels', got the text "8nmm" (did you mean '8 nm voxels'?)`,
    ]);
    expect(read(loadSkeleton, { units: 'micrn' }).issues.map((i) => i.message)).toEqual([
      `block 'b' (load-skeleton): parameter 'units' must be one of 'µm', 'nm' or '8 nm voxels', got the text "micrn" (did you mean 'µm'?)`,
    ]);
    expect(read(loadSkeleton, { units: 'furlongs' }).issues.map((i) => i.message)).toEqual([
      `block 'b' (load-skeleton): parameter 'units' must be one of 'µm', 'nm' or '8 nm voxels', got the text "furlongs"`,
    ]);
    // The default stands in for the unusable value.
    expect(read(loadSkeleton, { units: 'furlongs' }).params.units).toBe('µm');
  });

  it('refuses text that only squashes to nothing', () => {
    expect(read(loadSkeleton, { units: ' - ' }).issues).toHaveLength(1);
  });
});

describe('parameters hidden by visibleWhen', () => {
  it('a bad value the block does not use is a warning and the default stands in; shown, it is an error', () => {
    const hidden = read(loadSkeleton, { source: 'file', swc: 'a.swc', seed: -1 });
    expect(hidden.issues).toEqual([
      {
        severity: 'warning',
        message: "block 'b' (load-skeleton): parameter 'seed' must be between 0 and 2147483647, got -1; it is ignored while 'source' is 'file'",
        node: 'b',
        param: 'seed',
      },
    ]);
    expect(hidden.params.seed).toBe(1);
    const shown = read(loadSkeleton, { source: 'synthetic', seed: -1 });
    expect(shown.issues.map((i) => [i.severity, i.message])).toEqual([['error', "block 'b' (load-skeleton): parameter 'seed' must be between 0 and 2147483647, got -1"]]);
    expect(() => resolveParams({ id: 'b', type: 'load-skeleton', params: { source: 'synthetic', seed: -1 } }, loadSkeleton)).toThrow(/parameter 'seed' must be between 0 and 2147483647/);
  });
});
