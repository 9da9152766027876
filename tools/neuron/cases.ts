/**
 * The validation cases: each is a case file (see README.md) plus the SWC fixtures it needs,
 * generated here by NeuroWire's own code so that nothing is copied from outside data.
 * `writeCases()` writes them to tools/neuron/cases and tools/neuron/fixtures.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { syntheticProjectionNeuron } from '../../src/core/morphology/synthetic.ts';
import { writeSwc } from '../../src/core/morphology/swc.ts';
import { readConnectors, writeConnectors, POST, PRE, type ConnectorTable } from '../../src/core/morphology/connectors.ts';
import { readSwc } from '../../src/core/morphology/swc.ts';
import { reroot, scaleSkeleton } from '../../src/core/morphology/transform.ts';
import { geodesicFrom } from '../../src/core/morphology/geodesic.ts';
import { Skeleton, emptyColumns } from '../../src/core/morphology/skeleton.ts';
import { REPO, SHARED, type CaseFile } from './case.ts';

export const CASE_DIR = resolve(REPO, 'tools/neuron/cases');
export const FIXTURE_DIR = resolve(REPO, 'tools/neuron/fixtures');

/** A skeleton from a list of [id, x, y, z, r, parentId]. */
function chain(points: Array<[number, number, number, number, number, number]>, name: string): Skeleton {
  const c = emptyColumns(points.length);
  const row = new Map(points.map((p, i) => [p[0], i]));
  points.forEach(([id, x, y, z, r, p], i) => {
    c.id[i] = id;
    c.x[i] = x;
    c.y[i] = y;
    c.z[i] = z;
    c.radius[i] = r;
    c.parent[i] = p < 0 ? -1 : row.get(p)!;
  });
  return new Skeleton(c, { name });
}

/**
 * The tutorial needs "axon" and "dendrite" before the axon/dendrite split exists. Stated rule:
 * the axon is the smallest subtree spanning every presynapse-carrying node (the union of the
 * paths from each such node up to their lowest common ancestor, rooted at the soma); the
 * dendritic postsynapses are the postsynapses on nodes outside it; the dendrite is the
 * smallest subtree spanning those.
 */
export function tutorialSelection(sk: Skeleton, con: ConnectorTable, somaId: number) {
  const span = (ids: number[]): Set<number> => {
    // Mark each node's path to the root; the LCA is the deepest node on every path.
    const count = new Int32Array(sk.size);
    const rows = [...new Set(ids)].map((id) => sk.requireRow(id));
    for (const r of rows) for (let i = r; i >= 0; i = sk.parent[i]) count[i]++;
    const out = new Set<number>();
    for (const r of rows) {
      for (let i = r; i >= 0 && count[i] < rows.length; i = sk.parent[i]) out.add(i);
    }
    // Add the LCA itself.
    const first = rows[0];
    for (let i = first; i >= 0; i = sk.parent[i]) {
      if (count[i] === rows.length) {
        out.add(i);
        break;
      }
    }
    return out;
  };
  const preIds: number[] = [];
  for (let k = 0; k < con.type.length; k++) if (con.type[k] === PRE) preIds.push(con.nodeId[k]);
  const axon = span(preIds);
  const dendPost: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < con.type.length; k++) {
    const id = con.nodeId[k];
    if (con.type[k] === POST && !axon.has(sk.requireRow(id)) && !seen.has(id)) {
      seen.add(id);
      dendPost.push(id);
    }
  }
  const dend = span(dendPost);
  const dist = geodesicFrom(sk, somaId);
  let dendBase = -1;
  for (const r of dend) if (dendBase < 0 || dist[r] < dist[dendBase] || (dist[r] === dist[dendBase] && r < dendBase)) dendBase = r;
  let axonTip = -1;
  for (const r of axon) if (axonTip < 0 || dist[r] > dist[axonTip]) axonTip = r;
  return {
    axonNodes: [...axon].sort((a, b) => a - b).map((r) => sk.id[r]),
    dendriticPost: dendPost,
    dendBase: sk.id[dendBase],
    axonTip: sk.id[axonTip],
  };
}

/** The tutorial's first scenario on a neuron: passive everywhere, hh on the axon, 5 rounds of AlphaSynapses. */
function tutorialCase(name: string, description: string, swc: string, scale: number, root: number, sk: Skeleton, con: ConnectorTable): CaseFile {
  const sel = tutorialSelection(sk, con, root);
  const pps: CaseFile['pointProcesses'] = [];
  for (let i = 0; i < 5; i++) {
    const start = 50 + i * 200;
    for (const node of sel.dendriticPost.slice(0, i * 5)) {
      // navis add_synaptic_current(where, start, max_syn_cond=.1, rev_pot=-10) with its default tau 0.1 ms
      pps.push({ type: 'AlphaSynapse', at: { node }, params: { onset: start, tau: 0.1, gmax: 0.1, e: -10 } });
    }
  }
  return {
    name,
    description,
    morphology: { swc, scale, root },
    discretization: { res: 10 },
    Ra: 266.1,
    cm: 0.8,
    mechanisms: [
      { name: 'pas', params: { g: 1 / 20800, e: -60 }, where: 'all' },
      { name: 'hh', where: { nodes: sel.axonNodes } },
    ],
    pointProcesses: pps,
    record: [
      { label: 'dendrite_base', at: { node: sel.dendBase } },
      { label: 'axon_tip', at: { node: sel.axonTip } },
      { label: 'soma', at: { node: root } },
    ],
    run: { tstop: 1000, v_init: -60, dt: 0.025, celsius: 6.3 },
    output: { every: 4 },
  };
}

export interface GeneratedCase {
  file: CaseFile;
  /** Needs ../shared/data. */
  shared: boolean;
}

/** All validation cases, with their fixtures written to FIXTURE_DIR. */
export function generateCases(): GeneratedCase[] {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const fixture = (name: string, sk: Skeleton, header: string) => {
    writeFileSync(resolve(FIXTURE_DIR, name), writeSwc(sk, [header, 'generated by tools/neuron/cases.ts']));
    return `../fixtures/${name}`;
  };
  const cases: GeneratedCase[] = [];

  // 1. One compartment: pas + IClamp (analytic: exponential approach to e + I/(g·A)).
  const single = fixture('single-compartment.swc', chain([[1, 0, 0, 0, 10, -1], [2, 20, 0, 0, 10, 1]], 'single'), 'cylinder 20 µm long, 20 µm diameter');
  cases.push({
    shared: false,
    file: {
      name: 'single-pas-iclamp',
      description: 'single compartment (20 x 20 µm cylinder, nseg 1), pas, 0.1 nA step',
      morphology: { swc: single },
      discretization: { nseg: 1 },
      Ra: 100,
      cm: 1,
      mechanisms: [{ name: 'pas', params: { g: 0.001, e: -65 }, where: 'all' }],
      pointProcesses: [{ type: 'IClamp', at: { section: 0, x: 0.5 }, params: { del: 5, dur: 40, amp: 0.1 } }],
      record: [{ label: 'soma', at: { section: 0, x: 0.5 } }],
      run: { tstop: 60, v_init: -65, dt: 0.025, celsius: 6.3 },
    },
  });

  // 2. Unbranched passive cable, 1000 µm x 1 µm, current into the sealed 0 end.
  const cablePts: Array<[number, number, number, number, number, number]> = [];
  for (let k = 0; k <= 100; k++) cablePts.push([k + 1, 10 * k, 0, 0, 0.5, k === 0 ? -1 : k]);
  const cable = fixture('passive-cable.swc', chain(cablePts, 'cable'), 'cable 1000 µm long, 1 µm diameter, points every 10 µm');
  cases.push({
    shared: false,
    file: {
      name: 'passive-cable',
      description: 'unbranched passive cable 1000 x 1 µm, res 5 (201 segments), 0.1 nA into the 0 end',
      morphology: { swc: cable },
      discretization: { res: 5 },
      Ra: 100,
      cm: 1,
      mechanisms: [{ name: 'pas', params: { g: 1 / 40000, e: -65 }, where: 'all' }],
      pointProcesses: [{ type: 'IClamp', at: { node: 1 }, params: { del: 0, dur: 1e9, amp: 0.1 } }],
      record: [
        { label: 'x0', at: { node: 1 } },
        { label: 'x500', at: { node: 51 } },
        { label: 'x1000', at: { node: 101 } },
      ],
      run: { tstop: 400, v_init: -65, dt: 0.025, celsius: 6.3 },
      output: { every: 4 },
    },
  });

  // 3. Ball and stick: a soma section and a dendrite leaving the same root point.
  const bs: Array<[number, number, number, number, number, number]> = [[1, 0, 0, 0, 10, -1], [2, -10, 0, 0, 10, 1], [3, -20, 0, 0, 10, 2]];
  for (let k = 1; k <= 40; k++) bs.push([3 + k, 5 * k, 0, 0, 0.5, k === 1 ? 1 : 2 + k]);
  const ballStick = fixture('ball-and-stick.swc', chain(bs, 'ball-and-stick'), 'soma 20 µm x 20 µm (section 0) and a 200 µm x 1 µm dendrite from the same root');
  cases.push({
    shared: false,
    file: {
      name: 'ball-and-stick-hh',
      description: 'soma with hh, passive dendrite, 0.3 nA for 80 ms: a spike train',
      morphology: { swc: ballStick },
      discretization: { res: 10 },
      Ra: 100,
      cm: 1,
      mechanisms: [
        { name: 'pas', params: { g: 1 / 20000, e: -65 }, where: 'all' },
        { name: 'hh', where: { sections: [0] } },
      ],
      pointProcesses: [{ type: 'IClamp', at: { node: 2 }, params: { del: 5, dur: 80, amp: 0.3 } }],
      record: [
        { label: 'soma', at: { node: 2 } },
        { label: 'dend_mid', at: { node: 23 } },
        { label: 'dend_tip', at: { node: 43 } },
      ],
      run: { tstop: 100, v_init: -65, dt: 0.025, celsius: 6.3 },
    },
  });

  // 4. Branched tree with hh everywhere and several AlphaSynapses, at 16 °C.
  const small = syntheticProjectionNeuron({ seed: 11, depth: 3, axonLength: 60, cbfLength: 20, dendriticPost: 40, axonalPre: 20, axonalPost: 0 });
  const tree = fixture('branched-tree.swc', small.skeleton, 'synthetic projection neuron, seed 11, depth 3');
  const sel = tutorialSelection(small.skeleton, small.connectors, small.soma);
  cases.push({
    shared: false,
    file: {
      name: 'branched-tree-hh-alpha',
      description: 'synthetic branched tree, hh everywhere (16 °C), 8 AlphaSynapses on dendrites at staggered onsets',
      morphology: { swc: tree },
      discretization: { res: 5 },
      Ra: 150,
      cm: 1,
      mechanisms: [{ name: 'hh', params: { gnabar: 0.1 }, where: 'all' }],
      pointProcesses: sel.dendriticPost.slice(0, 8).map((node, k) => ({
        type: 'AlphaSynapse',
        at: { node },
        params: { onset: 5 + 7 * k, tau: 0.5, gmax: 0.02, e: 0 },
      })),
      record: [
        { label: 'soma', at: { node: small.soma } },
        { label: 'junction', at: { node: small.junction } },
        { label: 'dendrite', at: { node: sel.dendriticPost[0] } },
        { label: 'axon_tip', at: { node: sel.axonTip } },
      ],
      run: { tstop: 80, v_init: -65, dt: 0.025, celsius: 16 },
    },
  });

  // 5. The tutorial's first scenario on the synthetic projection neuron.
  const pn = syntheticProjectionNeuron({ seed: 1 });
  const pnSwc = fixture('synthetic-pn.swc', pn.skeleton, 'synthetic projection neuron, seed 1 (µm), rooted at the soma');
  writeFileSync(resolve(FIXTURE_DIR, 'synthetic-pn.csv'), writeConnectors(pn.connectors));
  cases.push({
    shared: false,
    file: tutorialCase(
      'tutorial-synthetic',
      'tutorial scenario 1 on the synthetic PN: pas everywhere, hh on the axon, 5 rounds of 0/5/10/15/20 AlphaSynapses, 1000 ms, v_init -60',
      pnSwc,
      1,
      pn.soma,
      pn.skeleton,
      pn.connectors,
    ),
  });

  // 6. The same on the hemibrain DA1 neuron of the tutorial (needs ../shared/data).
  const da1Swc = resolve(SHARED, 'hemibrain-da1-pns/swc/1734350788.swc');
  const da1Csv = resolve(SHARED, 'hemibrain-da1-pns/synapses/1734350788.csv');
  if (existsSync(da1Swc) && existsSync(da1Csv)) {
    let sk = scaleSkeleton(readSwc(readFileSync(da1Swc, 'utf8')).skeleton, 0.008);
    sk = reroot(sk, 20);
    const con = readConnectors(readFileSync(da1Csv, 'utf8'));
    cases.push({
      shared: true,
      file: tutorialCase(
        'tutorial-da1',
        'tutorial scenario 1 on hemibrain DA1 PN 1734350788 (x0.008, soma 20, res 10)',
        'shared:hemibrain-da1-pns/swc/1734350788.swc',
        0.008,
        20,
        sk,
        con,
      ),
    });
  }
  return cases;
}

/** Write every case file; returns their paths. */
export function writeCases(): Array<{ path: string; shared: boolean; file: CaseFile }> {
  mkdirSync(CASE_DIR, { recursive: true });
  return generateCases().map((c) => {
    const path = resolve(CASE_DIR, `${c.file.name}.json`);
    writeFileSync(path, JSON.stringify(c.file, null, 1) + '\n');
    return { path, shared: c.shared, file: c.file };
  });
}
