/**
 * The 'import3d' soma policy against NEURON 8.2's Import3d on the swc-zoo: every file NEURON
 * loads is built by tools/neuron/import3d_ref.py (one python process for all files) and by
 * NeuroWire (readSwc → discretize with somaPolicy 'import3d' → compileModel), and the two must
 * have the same sections, the same total membrane area (1e-9 relative) and the same voltage
 * at the root section's 0.5 in a passive run with an IClamp there (1e-6 mV). Files where
 * NeuroWire differs on purpose are listed in DIFFERENT with the reason. Also small inline
 * cases of each soma kind, which need neither the shared data nor NEURON.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../cable/compile.ts';
import { discretize } from '../cable/discretize.ts';
import { segmentGeometry } from '../cable/geometry.ts';
import { readSwc } from './swc.ts';
import type { Skeleton } from './skeleton.ts';
import { sharedPath } from '../../../tools/shared-data.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ZOO = sharedPath('swc-zoo');
const PYTHON = '/usr/bin/python3';
const hasZoo = existsSync(ZOO);
const hasNeuron = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const skipNote = !hasZoo ? ' (skipped: ../shared/data/swc-zoo is absent)' : !hasNeuron ? ' (skipped: /usr/bin/python3 cannot import neuron)' : '';

interface NrnFile {
  file: string;
  error?: string;
  sections: Array<{ name: string; n3d: number; L: number; nseg: number; area: number; parent: number; parentX: number | null }>;
  area: number;
  root: number;
  v: Array<number | null>;
}

/**
 * Files NEURON loads that NeuroWire's 'import3d' policy does not build as NEURON does, and why.
 * Each is checked to fail with that reason, so a change in either shows.
 */
const DIFFERENT: Record<string, string> = {
  // Several roots: Import3d hangs each extra piece on the root section, with a first point read
  // from before the start of its arrays (e.g. (0, 0, 0) with diameter 0); NeuroWire refuses.
  'morphio/disconnected_neurite.swc': 'skeleton has 2 roots',
  'morphio/multiple_soma.swc': 'skeleton has 2 roots',
  'neurom/multiple_somata.swc': 'skeleton has 2 roots',
  'neurom/Neuron_missing_ids.swc': 'skeleton has 3 roots',
  'neurom/Neuron_missing_parents.swc': 'skeleton has 5 roots',
  'neurom/Neuron_disconnected_components.swc': 'skeleton has 5 roots',
  // Import3d keeps a section of 11 coinciding points (L = 0); NeuroWire refuses a zero-length section.
  'neurom/Neuron_zero_length_sections.swc': 'has zero length',
  // 0.1 nA into a 0.13 µm² sphere: NEURON runs it to thousands of mV, NeuroWire stops it as unstable.
  'neurom/point_soma.swc': 'the simulation became unstable',
  // Every soma radius 0: with minRadius 1e-9 µm the soma is a 1e-9 µm cylinder and the run explodes.
  'neurom/bifurcating_soma.swc': 'the simulation became unstable',
  // A one-point soma of radius 0 is a sphere of length 0 (NEURON: L = 0); NeuroWire refuses it.
  'neurom/soma_zero_radius.swc': 'has zero length',
};

/**
 * Files with radius 0: NeuroWire refuses them unless a minimum radius is set (NEURON floors the
 * axial conductance instead); built here with minRadius 1e-9 µm, which changes the area by far
 * less than 1e-9 and the voltage by far less than 1e-6 mV, unless NEURON's voltage is not a number.
 */
const ZERO_RADIUS = new Set([
  'neurom/bifurcating_soma.swc',
  'neurom/custom_type.swc',
  'neurom/dangling_axon.swc',
  'neurom/root_node_jump.swc',
  'neurom/sequential_trunk_off_42_16pt.swc',
  'neurom/soma_zero_radius.swc',
  'neurom/three_pt_soma.swc',
  'neurom/undefined_type.swc',
]);

interface Ours {
  sections: number;
  area: number;
  v: Float64Array;
  rootPoints: number;
}

function build(sk: Skeleton, minRadius?: number): Ours {
  const disc = discretize(sk, { res: 10, somaPolicy: 'import3d', minRadius });
  let area = 0;
  for (const s of disc.sections) for (const a of segmentGeometry(s, 100).area) area += a;
  const at = { section: 0, x: 0.5 };
  const eng = compileModel({
    skeleton: sk,
    discretization: disc,
    Ra: 100,
    cm: 1,
    mechanisms: [{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }],
    pointProcesses: [{ type: 'IClamp', at, params: { del: 1, dur: 1, amp: 0.1 } }],
    recorders: [{ label: 'v', at }],
  });
  const r = eng.run({ tstop: 5, dt: 0.025, v_init: -65 });
  return { sections: disc.sections.length, area, v: r.traces.v, rootPoints: disc.sections[0].x.length };
}

const swc = (text: string) => readSwc(text).skeleton;

describe('import3d soma policy: the soma kinds, inline', () => {
  it('a one-point soma is a 3-point cylinder along x, as long as wide; children attach at 0.5 without their wire point', () => {
    const sk = swc('1 1 0 0 0 3 -1\n2 3 0 3 0 1 1\n3 3 0 13 0 1 2\n');
    const d = discretize(sk, { somaPolicy: 'import3d' });
    expect(d.sections).toHaveLength(2);
    const [soma, dend] = d.sections;
    expect(Array.from(soma.x)).toEqual([-3, 0, 3]);
    expect(Array.from(soma.d)).toEqual([6, 6, 6]);
    expect(soma.L).toBe(6);
    expect([dend.parent, dend.parentX]).toEqual([0, 0.5]);
    // The wire (soma centre → first dendrite point) is not cable: the dendrite starts at node 2.
    expect(Array.from(dend.y)).toEqual([3, 13]);
    expect(dend.L).toBe(10);
    expect([d.nodeSection[0], d.nodeX[0]]).toEqual([0, 0.5]);
    expect([d.nodeSection[1], d.nodeX[1]]).toEqual([1, 0]);
  });

  it('the NeuroMorpho 3-point soma (length = diameter) is the same sphere', () => {
    const sk = swc('1 1 0 0 0 2 -1\n2 1 0 -2 0 2 1\n3 1 0 2 0 2 1\n4 3 2 0 0 0.5 1\n5 3 12 0 0 0.5 4\n');
    const d = discretize(sk, { somaPolicy: 'import3d' });
    expect(d.sections).toHaveLength(2);
    expect(Array.from(d.sections[0].x)).toEqual([-2, 0, 2]);
    expect(d.sections[1].parentX).toBe(0.5);
    expect([d.nodeSection[1], d.nodeX[1], d.nodeSection[2], d.nodeX[2]]).toEqual([0, 0.5, 0, 0.5]);
  });

  it('a line of soma points is one soma section; a child of its first point attaches at 0, of an interior point at 0.5, of its last at 1', () => {
    const sk = swc(['1 1 0 0 0 2 -1', '2 1 4 0 0 2 1', '3 1 8 0 0 2 2', '4 3 0 5 0 1 1', '5 3 4 5 0 1 2', '6 3 8 5 0 1 3'].join('\n'));
    const d = discretize(sk, { somaPolicy: 'import3d' });
    expect(d.sections.map((s) => [s.parent, s.parentX])).toEqual([
      [-1, 1],
      [0, 0],
      [0, 0.5],
      [0, 1],
    ]);
    expect(d.sections[0].L).toBe(8);
    // A dendrite's first point copies the soma point with the dendrite's diameter.
    expect(Array.from(d.sections[3].d)).toEqual([2, 2]);
    expect(Array.from(d.sections[3].x)).toEqual([8, 8]);
  });

  it('navis stays the default: the same file gives the navis sections', () => {
    const sk = swc('1 1 0 0 0 3 -1\n2 3 0 3 0 1 1\n3 3 0 13 0 1 2\n');
    expect(discretize(sk).sections.map((s) => s.L)).toEqual([13]);
    expect(() => discretize(sk, { somaPolicy: 'neuron' as 'navis' })).toThrow(/soma policy must be 'navis' or 'import3d'/);
  });
});

describe.skipIf(!!skipNote)(`import3d soma policy vs NEURON's Import3d on the swc-zoo${skipNote}`, () => {
  const files = hasZoo ? ['arbor', 'morphio', 'neurom'].flatMap((d) => readdirSync(resolve(ZOO, d)).map((f) => `${d}/${f}`)).sort() : [];
  let nrn: Map<string, NrnFile> | null = null;
  const neuron = (): Map<string, NrnFile> => {
    if (nrn) return nrn;
    const p = spawnSync(PYTHON, [resolve(REPO, 'tools/neuron/import3d_ref.py'), ...files.map((f) => resolve(ZOO, f))], { encoding: 'utf8', maxBuffer: 1 << 28 });
    nrn = new Map();
    if (p.status !== 0) throw new Error(`import3d_ref.py failed: ${p.stderr.slice(-2000)}`);
    nrn = new Map(
      p.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as NrnFile)
        .map((r) => [r.file.slice(ZOO.length + 1), r]),
    );
    return nrn;
  };

  it.each(files)('%s', (file) => {
    const ref = neuron().get(file)!;
    if (ref.error) return; // NEURON does not load it: nothing to compare
    let ours: Ours;
    try {
      ours = build(readSwc(readFileSync(resolve(ZOO, file), 'utf8'), { name: file }).skeleton, ZERO_RADIUS.has(file) ? 1e-9 : undefined);
    } catch (e) {
      console.log(`${file}: not built: ${(e as Error).message}`);
      expect(DIFFERENT[file], `${file}: ${(e as Error).message}`).toBeDefined();
      expect((e as Error).message).toContain(DIFFERENT[file]);
      return;
    }
    expect(DIFFERENT[file], `${file} is listed as different but builds`).toBeUndefined();
    // NEURON's own run can be NaN (a section whose every diameter is 0 has no area): geometry only.
    const nrnNaN = ref.v.some((v) => v === null);
    const dv = nrnNaN ? NaN : Math.max(...ref.v.map((v, k) => Math.abs(v! - ours.v[k])));
    const relArea = Math.abs(ours.area - ref.area) / ref.area;
    console.log(`${file}: sections ${ours.sections}/${ref.sections.length}, area ${ours.area.toFixed(6)}/${ref.area.toFixed(6)} (rel ${relArea.toExponential(2)}), ${nrnNaN ? "NEURON's voltage is not a number" : `max |ΔV| ${dv.toExponential(2)} mV`}`);
    expect(ours.sections).toBe(ref.sections.length);
    expect(relArea).toBeLessThan(1e-9);
    if (nrnNaN) return;
    expect(ours.v.length).toBe(ref.v.length);
    expect(dv).toBeLessThan(1e-6);
  });
});
