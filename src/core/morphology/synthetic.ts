import { CoreError } from '../errors.ts';
import { createRng, type Rng } from '../random.ts';
import { POST, PRE, type ConnectorTable } from './connectors.ts';
import { Skeleton, emptyColumns } from './skeleton.ts';

export interface SyntheticOptions {
  /** Seed of the random stream; the same seed gives the same neuron. */
  seed?: number;
  /** Branching depth of the dendritic tuft and of the lateral-horn arbor. */
  depth?: number;
  /** Length of the axon trunk from the junction to the lateral-horn arbor (µm). */
  axonLength?: number;
  /** Length of the cell body fiber from the soma to the junction (µm). */
  cbfLength?: number;
  /** Number of postsynapses on the dendritic tuft. */
  dendriticPost?: number;
  /** Number of presynapses (boutons) on the axon. */
  axonalPre?: number;
  /** Number of postsynapses on the axon (real projection neurons have some). */
  axonalPost?: number;
}

export interface SyntheticNeuron {
  /** Skeleton in µm, rooted at the soma (type codes: 1 soma, 0 cell body fiber, 3 dendrite, 2 axon). */
  skeleton: Skeleton;
  connectors: ConnectorTable;
  /** Node id of the soma. */
  soma: number;
  /** Node id of the junction where the cell body fiber splits into dendrite and axon. */
  junction: number;
}

type V3 = [number, number, number];

const norm = (v: V3): V3 => {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
};

/**
 * A seeded procedural skeleton shaped like an insect olfactory projection neuron: a soma, a
 * cell body fiber to a junction, a dendritic tuft (the glomerulus) carrying postsynapses, and
 * an axon with calyx collaterals and a lateral-horn arbor carrying presynaptic boutons.
 * Examples and fixtures use it so that nothing depends on outside data. Units: µm.
 */
export function syntheticProjectionNeuron(opts: SyntheticOptions = {}): SyntheticNeuron {
  // A zero-length trunk grows no nodes and leaves nothing to branch from.
  for (const [name, v] of [['axonLength', opts.axonLength], ['cbfLength', opts.cbfLength]] as const) {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) {
      throw new CoreError('input', `synthetic neuron: ${name} must be a positive length in µm, got ${v}`);
    }
  }
  const rng = createRng(opts.seed ?? 1);
  const depth = opts.depth ?? 5;
  const ids: number[] = [];
  const parents: number[] = [];
  const pos: V3[] = [];
  const rad: number[] = [];
  const types: number[] = [];
  const add = (parent: number, p: V3, r: number, type: number): number => {
    const id = ids.length + 1;
    ids.push(id);
    parents.push(parent);
    pos.push(p);
    rad.push(r);
    types.push(type);
    return id;
  };
  const jitter = (d: V3, s: number): V3 => norm([d[0] + s * rng.normal(), d[1] + s * rng.normal(), d[2] + s * rng.normal()]);

  /** Grow an unbranched neurite of `length` µm from node `from`; radius tapers r0 → r1. Returns node ids. */
  const grow = (from: number, dir: V3, length: number, r0: number, r1: number, type: number): number[] => {
    const out: number[] = [];
    let d = norm(dir);
    let p = pos[from - 1];
    let s = 0;
    let last = from;
    while (s < length) {
      const step = Math.min(rng.range(0.6, 1.6), length - s) || 0.5;
      s += step;
      d = jitter(d, 0.12);
      p = [p[0] + step * d[0], p[1] + step * d[1], p[2] + step * d[2]];
      const r = r0 + (r1 - r0) * Math.min(1, s / length);
      last = add(last, p, r * rng.range(0.9, 1.1), type);
      out.push(last);
    }
    return out;
  };

  /** A random binary arbor below node `from`, `levels` deep. Returns all its node ids. */
  const arbor = (from: number, dir: V3, levels: number, len: [number, number], r: number, type: number, rngA: Rng): number[] => {
    const nodes = grow(from, dir, rngA.range(len[0], len[1]), r, r * 0.85, type);
    if (levels <= 1 || nodes.length === 0) return nodes;
    const end = nodes[nodes.length - 1];
    const kids = rngA.uniform() < 0.15 ? 3 : 2;
    for (let k = 0; k < kids; k++) {
      const d = jitter(dir, 0.9);
      nodes.push(...arbor(end, d, levels - 1, len, Math.max(0.1, r * 0.8), type, rngA));
    }
    return nodes;
  };

  const soma = add(-1, [0, 0, 0], 3, 1);
  const cbf = grow(soma, [1, 0.2, 0], opts.cbfLength ?? 35, 0.5, 0.35, 0);
  const junction = cbf[cbf.length - 1];
  const dendTrunk = grow(junction, [0.2, -1, 0.3], 8, 0.45, 0.4, 3);
  const dend = [...dendTrunk, ...arbor(dendTrunk[dendTrunk.length - 1], [0, -1, 0], depth, [4, 10], 0.35, 3, rng)];
  const axonTrunk = grow(junction, [1, 0.6, 0], opts.axonLength ?? 120, 0.4, 0.3, 2);
  const boutonSites: number[] = [];
  // Calyx collaterals leave the trunk around 60 % of its length.
  for (let c = 0; c < 3; c++) {
    const at = axonTrunk[Math.floor(axonTrunk.length * (0.55 + 0.05 * c))];
    boutonSites.push(...arbor(at, [0.3, 1, 0.2 * (c - 1)], 2, [6, 12], 0.2, 2, rng));
  }
  const lh = arbor(axonTrunk[axonTrunk.length - 1], [1, 0.3, 0], depth - 1, [5, 12], 0.28, 2, rng);
  boutonSites.push(...lh);
  const axonAll = [...axonTrunk.slice(Math.floor(axonTrunk.length * 0.5)), ...boutonSites];

  const n = ids.length;
  const cols = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    cols.id[i] = ids[i];
    cols.parent[i] = parents[i] < 0 ? -1 : parents[i] - 1;
    cols.x[i] = pos[i][0];
    cols.y[i] = pos[i][1];
    cols.z[i] = pos[i][2];
    cols.radius[i] = rad[i];
    cols.type[i] = types[i];
  }
  const skeleton = new Skeleton(cols, { units: 'µm', soma: 0, name: `synthetic-pn-${opts.seed ?? 1}` });

  // Connectors: postsynapses on the tuft, boutons and a few postsynapses on the axon, in an
  // interleaved table order (as exported tables are not grouped by type).
  const entries: Array<{ node: number; type: number }> = [];
  for (let k = 0; k < (opts.dendriticPost ?? 250); k++) entries.push({ node: dend[rng.int(0, dend.length - 1)], type: POST });
  for (let k = 0; k < (opts.axonalPre ?? 90); k++) entries.push({ node: boutonSites[rng.int(0, boutonSites.length - 1)], type: PRE });
  for (let k = 0; k < (opts.axonalPost ?? 20); k++) entries.push({ node: axonAll[rng.int(0, axonAll.length - 1)], type: POST });
  for (let k = entries.length - 1; k > 0; k--) {
    const j = rng.int(0, k);
    [entries[k], entries[j]] = [entries[j], entries[k]];
  }
  const m = entries.length;
  const connectors: ConnectorTable = {
    connectorId: Float64Array.from({ length: m }, (_, k) => k),
    nodeId: Int32Array.from(entries, (e) => e.node),
    type: Uint8Array.from(entries, (e) => e.type),
    x: Float64Array.from(entries, (e) => pos[e.node - 1][0] + 0.3 * rng.normal()),
    y: Float64Array.from(entries, (e) => pos[e.node - 1][1] + 0.3 * rng.normal()),
    z: Float64Array.from(entries, (e) => pos[e.node - 1][2] + 0.3 * rng.normal()),
    roi: entries.map((e) => (dend.includes(e.node) ? 'AL' : 'LH')),
    confidence: Float64Array.from(entries, () => 0.5 + 0.5 * rng.uniform()),
  };
  return { skeleton, connectors, soma, junction };
}
