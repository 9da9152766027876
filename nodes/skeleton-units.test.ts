/**
 * Unit spellings are accepted wherever units are: by the block's own reader and by the graph
 * validator (`readParams`, which `--set load.units=8nm` and graph files go through), and the help
 * says which unit each data source uses.
 */
import { describe, expect, it } from 'vitest';
import { readParams } from '../src/dataflow/params.ts';
import { convertUnits } from './convert-units.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { runBlock, testContext } from './test-context.ts';
import type { NeuronValue } from './values.ts';

const SPELLINGS: Array<[string, string]> = [
  ['8nm', '8 nm voxels'],
  ['8 nm', '8 nm voxels'],
  ['8NM', '8 nm voxels'],
  ['voxels', '8 nm voxels'],
  ['voxel', '8 nm voxels'],
  ['8 nm voxels', '8 nm voxels'],
  ['nm', 'nm'],
  ['nanometres', 'nm'],
  ['um', 'µm'],
  ['μm', 'µm'], // Greek mu
  ['micron', 'µm'],
];

describe('unit spellings', () => {
  it.each(SPELLINGS)('the validator takes %j as %j on load-skeleton and convert-units', (given, canonical) => {
    const load = readParams({ id: 'load', type: 'load-skeleton', params: { units: given } }, loadSkeleton);
    expect(load.issues).toEqual([]);
    expect(load.params.units).toBe(canonical);
    const conv = readParams({ id: 'conv', type: 'convert-units', params: { from: given } }, convertUnits);
    expect(conv.issues).toEqual([]);
    expect(conv.params.from).toBe(canonical);
  });

  it('an unknown unit is still an error naming the options', () => {
    const { issues } = readParams({ id: 'load', type: 'load-skeleton', params: { units: 'furlongs' } }, loadSkeleton);
    expect(issues.map((i) => i.message)).toEqual([`block 'load' (load-skeleton): parameter 'units' must be one of 'µm', 'nm' or '8 nm voxels', got the text "furlongs"`]);
  });

  it('the block reads the spelling as given too: 375 voxels of 8 nm is a 3 µm radius', async () => {
    const swc = '1 1 0 0 0 375 -1\n2 3 125 0 0 50 1\n';
    for (const units of ['8nm', '8 nm', 'voxels']) {
      const n = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'a.swc', units }, testContext(undefined, { files: { 'a.swc': swc } }));
      expect(n.skeleton.radius[0]).toBeCloseTo(3, 12);
      expect(n.skeleton.x[1]).toBeCloseTo(1, 12);
    }
  });

  it('the help names the unit of each data source: hemibrain 8 nm voxels, FlyWire/FAFB navis exports nm', () => {
    for (const spec of [loadSkeleton.params.find((p) => p.name === 'units')!, convertUnits.params.find((p) => p.name === 'from')!]) {
      expect(spec.help).toContain("hemibrain (neuPrint, navis.example_neurons): '8 nm voxels'");
      expect(spec.help).toContain("FlyWire/FAFB skeletons exported with navis: 'nm'");
    }
  });
});
