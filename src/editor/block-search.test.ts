import { describe, expect, it } from 'vitest';
import { BLOCKS, blockDef } from '../../nodes/index.ts';
import { matchedAlias, matchScore, searchBlocks } from './block-search.ts';

const first = (q: string) => searchBlocks(BLOCKS, q)[0]?.type;
const types = (q: string) => searchBlocks(BLOCKS, q).map((b) => b.type);

describe('block search', () => {
  it('finds blocks by their NEURON names', () => {
    expect(first('IntFire4')).toBe('point-network');
    expect(first('intfire1')).toBe('point-network');
    expect(first('IClamp')).toBe('current-clamp');
    expect(first('AlphaSynapse')).toBe('synaptic-current');
    expect(first('finitialize')).toBe('run');
    expect(first('continuerun')).toBe('run');
    expect(first('Vector.record')).toBe('voltage-recorder');
    expect(first('Ra')).toBe('set-properties');
    expect(first('hh')).toBe('insert-mechanism');
    expect(first('pas')).toBe('insert-mechanism');
    expect(first('insert')).toBe('insert-mechanism');
  });

  it('finds blocks by their navis names, with or without the module and punctuation', () => {
    expect(first('navis.read_swc')).toBe('load-skeleton');
    expect(first('read_swc')).toBe('load-skeleton');
    expect(first('readswc')).toBe('load-skeleton');
    expect(first('reroot_skeleton')).toBe('reroot');
    expect(first('split_axon_dendrite')).toBe('split-axon-dendrite');
    expect(first('CompartmentModel')).toBe('compartment-model');
    expect(first('navis.interfaces.neuron')).toBe('compartment-model');
    expect(first('add_voltage_record')).toBe('voltage-recorder');
    expect(first('add_current_record')).toBe('current-recorder');
    expect(first('add_spike_detector')).toBe('spike-detector');
    expect(first('add_synaptic_input')).toBe('synaptic-input');
    // run_simulation is both the compartment run's and the network's name: both, the compartment run first.
    expect(types('run_simulation').slice(0, 2)).toEqual(['run', 'run-network']);
  });

  it('ranks an exact name before a prefix, a prefix before text inside, titles before descriptions', () => {
    const pn = blockDef('point-network')!;
    expect(matchScore(pn, 'IntFire4')).toBe(0);
    expect(matchScore(pn, 'IntFi')).toBe(1);
    expect(matchScore(pn, 'network')).toBe(0); // a word of its title
    expect(matchScore(blockDef('run')!, 'zzz')).toBeNull();
    // "syn" is a word of ExpSyn (exact), starts Synaptic current/input (prefix), is inside "postsynapses"
    // (an alias of Select nodes), and only in the description of Load skeleton.
    const syn = types('syn');
    expect(syn.slice(0, 4)).toEqual(['expsyn-input', 'point-process', 'synaptic-current', 'synaptic-input']);
    expect(syn[4]).toBe('select');
    expect(matchScore(blockDef('select')!, 'syn')).toBe(2);
    expect(matchScore(blockDef('load-skeleton')!, 'syn')).toBe(4);
  });

  it('every word must match; prefixes of a name\'s words in order match fuzzily', () => {
    expect(first('plot trac')).toBe('plot-traces');
    // v·oltage rec·order, and v·ector.rec·ord (an alias of the current recorder) after it in catalogue order.
    expect(types('vrec')).toEqual(['voltage-recorder', 'current-recorder']);
    expect(first('asyn')).toBe('synaptic-current');
    expect(first('cmod')).toBe('compartment-model');
    expect(types('IntFire4 raster')).toEqual([]);
    // Letters that only appear scattered through a name are no match.
    expect(types('vlrdr')).toEqual([]);
  });

  it('an empty query lists the catalogue in its order', () => {
    expect(types('  ')).toEqual(BLOCKS.map((b) => b.type));
  });

  it('every block has NEURON / navis names, none repeated within a block', () => {
    for (const b of BLOCKS) {
      expect(b.aliases?.length, b.type).toBeGreaterThan(0);
      expect(new Set(b.aliases).size, b.type).toBe(b.aliases!.length);
    }
  });

  it('says which NEURON / navis name matched when the title does not show it', () => {
    expect(matchedAlias(blockDef('point-network')!, 'IntFire4')).toBe('IntFire4');
    expect(matchedAlias(blockDef('load-skeleton')!, 'read_swc')).toBe('read_swc');
    expect(matchedAlias(blockDef('run')!, 'finit')).toBe('finitialize');
    // The title says it: no alias named.
    expect(matchedAlias(blockDef('point-network')!, 'network')).toBeNull();
    expect(matchedAlias(blockDef('run')!, '')).toBeNull();
  });
});
