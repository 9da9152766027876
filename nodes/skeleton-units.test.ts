/**
 * Unit spellings are accepted wherever units are: by the block's own reader and by the graph
 * validator (`readParams`, which `--set load.units=8nm` and graph files go through), and the help
 * says which unit each data source uses.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readParams } from '../src/dataflow/params.ts';
import { convertUnits } from './convert-units.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { SHARED_DATA, SKIP_NOTE, hasSharedData, runBlock, testContext } from './test-context.ts';
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

describe.skipIf(!hasSharedData)(`implausible units name the likely unit, on real files${SKIP_NOTE}`, () => {
  const data = testContext(SHARED_DATA);
  const load = (swc: string, units: string) => runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc, units }, data);
  const unitWarning = (n: NeuronValue) => n.warnings.filter((w) => w.includes('are the units right') || w.includes('converted twice'));

  it('hemibrain in 8 nm voxels taken for µm: a soma of 375 "µm" suggests 8 nm voxels (×0.008 → 3 µm)', async () => {
    const n = await load('hemibrain-da1-pns/swc/1734350788.swc', 'µm');
    expect(unitWarning(n)).toHaveLength(1);
    expect(unitWarning(n)[0]).toContain('radii up to 375 µm (median 18.3 µm) are far thicker');
    expect(unitWarning(n)[0]).toContain("Is this in 8 nm voxels? (×0.008 → soma radius 3 µm, median 0.146 µm): set 'file units' to '8 nm voxels'");
    // 722817260 has no soma: the thickest radius is named instead.
    const noSoma = await load('hemibrain-da1-pns/swc/722817260.swc', 'µm');
    expect(unitWarning(noSoma)[0]).toContain("radii up to 142 µm (median 20.1 µm) are far thicker than a neuron's");
    expect(unitWarning(noSoma)[0]).toContain('Is this in 8 nm voxels? (×0.008 → radii up to 1.14 µm, median 0.161 µm)');
    // The same file taken for nm is too thin, and the same unit is suggested.
    const nm = await load('hemibrain-da1-pns/swc/1734350788.swc', 'nm');
    expect(unitWarning(nm)[0]).toContain('the median node radius is 0.0183 µm, thinner than any neurite');
    expect(unitWarning(nm)[0]).toContain("Is this in 8 nm voxels? (×0.008 → soma radius 3 µm");
    expect(unitWarning(await load('hemibrain-da1-pns/swc/1734350788.swc', '8nm'))).toEqual([]);
  });

  it('a FlyWire skeleton in nm taken for µm suggests nm (×0.001 → soma radius 1.86 µm); in nm it is quiet', async () => {
    const n = await load('swc-zoo/arbor/720575940661214849.swc', 'µm');
    expect(unitWarning(n)[0]).toContain("Is this in nm? (×0.001 → soma radius 1.86 µm, median 0.168 µm): set 'file units' to 'nm'");
    expect(unitWarning(await load('swc-zoo/arbor/720575940661214849.swc', 'nm'))).toEqual([]);
    expect(unitWarning(await load('swc-zoo/arbor/pyramidal.swc', 'µm'))).toEqual([]);
  });

  it('convert-units from the wrong unit names its own parameter', async () => {
    const raw = await load('hemibrain-da1-pns/swc/754534424.swc', 'µm');
    const out = await runBlock<NeuronValue>(convertUnits, { neuron: raw }, { from: 'nm' });
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain("Is this in 8 nm voxels? (×0.008 → soma radius 3 µm, median 0.146 µm): set 'from units' to '8 nm voxels'");
    expect((await runBlock<NeuronValue>(convertUnits, { neuron: raw }, { from: 'voxels' })).warnings).toEqual([]);
  });
});
