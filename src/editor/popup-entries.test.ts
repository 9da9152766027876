import { describe, expect, it } from 'vitest';
import { BLOCKS } from '../../nodes/index.ts';
import { emptyGraph } from '../dataflow/graph.ts';
import { validateGraph } from '../dataflow/validate.ts';
import { searchBlocks } from './block-search.ts';
import { blocksForSocket } from './auto-wire.ts';
import { popupEntries } from './popup-entries.ts';

describe('add popup entries', () => {
  it('lists every block once, each followed by its presets', () => {
    const entries = popupEntries(BLOCKS);
    expect(entries.filter((e) => !e.params).map((e) => e.type)).toEqual(BLOCKS.map((b) => b.type));
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
    const k = entries.findIndex((e) => e.key === 'select');
    expect(entries.slice(k, k + 5).map((e) => e.key)).toEqual(['select', 'select.soma', 'select.synapses', 'select.axon-tip', 'select.dendrite-base']);
  });

  it('every preset gives a block the validator accepts, with the parameters it names', () => {
    for (const e of popupEntries(BLOCKS).filter((x) => x.params)) {
      const g = { ...emptyGraph(), nodes: [{ id: 'n', type: e.type, params: e.params!, position: [0, 0] as [number, number] }] };
      const issues = validateGraph(g).filter((i) => !/input '\w+' is not connected/.test(i.message));
      expect(issues, e.key).toEqual([]);
    }
  });

  it('searching a wire from an input for "soma" offers the Select preset; typing a mode finds it', () => {
    const forWhere = popupEntries(blocksForSocket(BLOCKS, 'input', 'selection'));
    expect(forWhere.map((e) => e.key)).toEqual(['select', 'select.soma', 'select.synapses', 'select.axon-tip', 'select.dendrite-base']);
    expect(searchBlocks(forWhere, 'soma')[0].key).toBe('select.soma');
    expect(searchBlocks(forWhere, 'tip')[0].params).toEqual({ mode: 'farthest', farthestAmong: 'axon' });
    // In the whole catalogue "soma" finds Set soma first (catalogue order), then the preset.
    expect(searchBlocks(popupEntries(BLOCKS), 'soma').slice(0, 2).map((e) => e.key)).toEqual(['set-soma', 'select.soma']);
  });
});
