import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { CoreError } from '../src/core/errors.ts';
import { syntheticProjectionNeuron } from '../src/core/morphology/synthetic.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { SHARED_DATA, SKIP_NOTE, coreError, hasSharedData, runBlock, snapshot, testContext } from './test-context.ts';
import type { Params } from './types.ts';
import type { NeuronValue } from './values.ts';

// Root 1 (soma) → 2 → 3, and 2 → 4: 1 µm steps along x, or 1000 nm, or 125 voxels of 8 nm.
const SWC_UM = '# tiny\n1 1 0 0 0 2 -1\n2 3 1 0 0 0.5 1\n3 3 2 0 0 0.5 2\n4 2 1 1 0 0.25 2\n';
const CSV = 'connector_id,node_id,type,x,y,z,roi,confidence\n0,3,post,2,0,0,AL,0.9\n1,4,pre,1,1,0,LH,0.8\n';
const scaled = (text: string, f: number) =>
  text.replace(/^(\d+) (\d+) (\S+) (\S+) (\S+) (\S+) (-?\d+)$/gm, (_, id, t, x, y, z, r, p) => `${id} ${t} ${x * f} ${y * f} ${z * f} ${r * f} ${p}`);

function ctx(files: Record<string, string>) {
  return testContext(undefined, { files });
}

const fromFiles = (files: Record<string, string>, params: Params) => runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', ...params }, ctx(files));

describe('load-skeleton: files', () => {
  it('reads an SWC in µm with its synapse table; the soma is the first type-1 node', async () => {
    const n = await fromFiles({ 'cells/tiny.swc': SWC_UM, 'cells/tiny.csv': CSV }, { swc: 'cells/tiny.swc', synapses: 'cells/tiny.csv' });
    expect(n.kind).toBe('neuron');
    expect(Array.from(n.skeleton.id)).toEqual([1, 2, 3, 4]);
    expect(n.skeleton.soma).toBe(0);
    expect(n.skeleton.units).toBe('µm');
    expect(n.skeleton.name).toBe('tiny');
    expect(Array.from(n.connectors!.nodeId)).toEqual([3, 4]);
    expect(n.connectorCompartment).toBeUndefined();
    expect(n.warnings).toEqual([]);
  });

  it.each([
    ['nm', 1000],
    ['8 nm voxels', 125],
    ['8nm', 125],
    ['um', 1],
    ['μm', 1], // Greek mu
  ])('units %s: skeleton and connector positions alike are converted to µm', async (units, perUm) => {
    const n = await fromFiles(
      { 'a.swc': scaled(SWC_UM, perUm), 'a.csv': CSV.replace(/,(\d+),(\d+),(\d+),(AL|LH)/g, (_, x, y, z, roi) => `,${x * perUm},${y * perUm},${z * perUm},${roi}`) },
      { swc: 'a.swc', synapses: 'a.csv', units },
    );
    expect(n.skeleton.units).toBe('µm');
    const close = (a: ArrayLike<number>, b: number[]) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));
    close(n.skeleton.x, [0, 1, 2, 1]);
    close(n.skeleton.y, [0, 0, 0, 1]);
    close(n.skeleton.radius, [2, 0.5, 0.5, 0.25]);
    close(n.connectors!.x, [2, 1]);
    close(n.connectors!.y, [0, 1]);
  });

  it('passes the reader\'s warnings on (several roots, zero radii) and warns when the units look wrong', async () => {
    const twoRoots = SWC_UM + '5 3 9 9 0 0 -1\n6 3 9 10 0 0.5 5\n';
    const n = await fromFiles({ 'b.swc': twoRoots }, { swc: 'b.swc' });
    expect(n.connectors).toBeNull();
    expect(n.warnings.join('\n')).toMatch(/2 roots: 1 \(line 2\), 5 \(line 6\)/);
    expect(n.warnings.join('\n')).toMatch(/1 node\(s\) have radius 0 \(e\.g\. 5\)/);
    // A file in 8 nm voxels loaded as µm: radii of tens of "µm".
    const v = await fromFiles({ 'v.swc': scaled(SWC_UM, 125) }, { swc: 'v.swc', units: 'µm' });
    expect(v.warnings.join('\n')).toContain(
      "radii up to 250 µm (median 62.5 µm) are far thicker than a neuron's (somata about 2–30 µm, neurites 0.05–5 µm): are the units right? Is this in 8 nm voxels? (×0.008 → soma radius 2 µm, median 0.5 µm): set 'file units' to '8 nm voxels'.",
    );
  });

  it('malformed SWC: the reader\'s CoreError naming the line', async () => {
    const e = await coreError(fromFiles({ 'bad.swc': '1 1 0 0 0 1 -1\n# a comment\n2 0 1 0 x 1 1\n' }, { swc: 'bad.swc' }));
    expect(e.message).toBe('SWC line 3: z "x" is not a number');
    expect(e.where.line).toBe(3);
    // A missing parent loads as NEURON's Import3d reads it: the lone node is joined to the root, with warnings.
    const n = await fromFiles({ 'bad.swc': '1 1 0 0 0 1 -1\n2 0 1 0 0 1 7\n' }, { swc: 'bad.swc' });
    expect(Array.from(n.skeleton.parent)).toEqual([-1, 0]);
    expect(n.warnings[0]).toContain('1 node(s) name a parent that is not in the file (1 missing id(s); e.g. node 2 on line 2: parent 7)');
    expect(n.warnings.some((w) => w.startsWith("1 lone point(s) with neither parent nor children (node 2): as NEURON's Import3d does, each is joined to the first root, node 1, by a straight cable (up to 1 µm long)"))).toBe(true);
  });

  it('a connector on a node the skeleton does not have is a CoreError naming the connector, its line and the node', async () => {
    const csv = CSV + '2,99,post,0,0,0,AL,0.5\n';
    const e = await coreError(fromFiles({ 'a.swc': SWC_UM, 'a.csv': csv }, { swc: 'a.swc', synapses: 'a.csv' }));
    expect(e.message).toBe('connector 2 (table line 4) is on node 99, which does not exist in the skeleton');
    expect(e.code).toBe('connector');
  });

  it('no SWC chosen, or an unreadable file, or unknown units: clear errors', async () => {
    expect((await coreError(fromFiles({}, {}))).message).toMatch(/no SWC file chosen/);
    expect((await coreError(fromFiles({}, { swc: 'nowhere/missing.swc' }))).message).toMatch(/cannot read file "nowhere\/missing\.swc"/);
    expect((await coreError(fromFiles({ 'a.swc': SWC_UM }, { swc: 'a.swc', units: 'inches' }))).message).toBe(
      `block 'test' (load-skeleton): parameter 'units' must be one of 'µm', 'nm' or '8 nm voxels', got the text "inches"`,
    );
  });

  it('stops when cancelled while reading', async () => {
    const ac = new AbortController();
    const c = testContext(undefined, { files: { 'a.swc': SWC_UM }, signal: ac.signal });
    ac.abort();
    const e = await coreError(runBlock(loadSkeleton, {}, { source: 'file', swc: 'a.swc' }, c));
    expect(e.code).toBe('aborted');
  });
});

describe('load-skeleton: synthetic', () => {
  it('is the core synthetic projection neuron for the seed, with its synapses and soma', async () => {
    const n = await runBlock<NeuronValue>(loadSkeleton, {}, {});
    const pn = syntheticProjectionNeuron({ seed: 1 });
    expect(snapshot(n.skeleton)).toEqual(snapshot(pn.skeleton));
    expect(snapshot(n.connectors)).toEqual(snapshot(pn.connectors));
    expect(n.skeleton.id[n.skeleton.soma]).toBe(pn.soma);
    expect(n.warnings).toEqual([]);
  });

  it('rejects a seed that is not a whole number', async () => {
    const e = await coreError(runBlock(loadSkeleton, {}, { source: 'synthetic', seed: 1.5 }));
    expect(e).toBeInstanceOf(CoreError);
    expect(e.message).toBe("block 'test' (load-skeleton): parameter 'seed' must be a whole number, got 1.5");
  });
});

describe.skipIf(!hasSharedData)(`load-skeleton on real files${SKIP_NOTE}`, () => {
  const zoo = testContext(resolve(SHARED_DATA, 'swc-zoo'));

  it('a fly EM skeleton in nm: loaded in µm, with its zero radii reported', async () => {
    const n = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'arbor/720575940661214849.swc', units: 'nm' }, zoo);
    expect(n.skeleton.size).toBe(2559);
    expect(n.skeleton.radius[n.skeleton.soma]).toBeCloseTo(1.856, 3);
    expect(n.warnings.join('\n')).toMatch(/45 node\(s\) have radius 0/);
    // The same file taken for µm: the units warning says so.
    const wrong = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'arbor/720575940661214849.swc' }, zoo);
    expect(wrong.warnings.join('\n')).toMatch(/are the units right\?/);
  });

  it('a file with dangling parent ids loads as NEURON reads it: 4 pieces of their own and the 4 zero-length stubs merged, with warnings', async () => {
    const n = await runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'neurom/Neuron_missing_parents.swc' }, zoo);
    expect(n.skeleton.size).toBe(843 - 4);
    expect(n.skeleton.roots().length).toBe(5);
    expect(n.warnings[0]).toMatch(/^4 node\(s\) name a parent that is not in the file \(4 missing id\(s\); e\.g\. node 6 on line 40: parent 5;/);
    expect(n.warnings).toContain(
      "4 unbranched run(s) have zero length, all their points at one place (1 → 4, 1 → 215, 1 → 426, …): their 4 point(s) after the first are merged into it (ids 4, 215, 426, 637), as NEURON's Import3d removes such sections",
    );
  });
});
