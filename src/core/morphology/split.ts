import { CoreError } from '../errors.ts';
import type { ConnectorTable } from './connectors.ts';
import { leafFlow, synapseCounts, synapseFlow, type FlowMode } from './flow.ts';
import type { Skeleton } from './skeleton.ts';
import { reroot } from './transform.ts';

/** Compartment labels of a split, as indices into COMPARTMENTS (0 = unlabelled). */
export const COMPARTMENTS = ['', 'axon', 'dendrite', 'linker', 'cellbodyfiber'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];
const AXON = 1;
const DENDRITE = 2;
const LINKER = 3;
const CBF = 4;

export interface SplitOptions {
  /** Flow metric: synapse flow centrality (default; needs connectors) or leaf-based flow. */
  metric?: 'synapse_flow' | 'leaf_flow';
  /** Mode of the synapse flow (default 'sum'). */
  mode?: FlowMode;
  /** The linker is every node with flow ≥ flowThresh × the maximum (default 0.9). */
  flowThresh?: number;
  /** 'prepost' (default): fragments with more outputs than inputs are axon; 'distance': the fragment holding the root is dendrite. */
  split?: 'prepost' | 'distance';
  /** For 'prepost': a fragment is axon if (its share of presynapses)/(its share of postsynapses) ≥ this (default 1). */
  prepostThreshold?: number;
  /** Find the cell body fiber from the soma ('soma', default false) or, without a soma, from the root ('root'). */
  cellbodyfiber?: 'soma' | 'root' | false;
}

export interface SplitResult {
  /** The input skeleton with its labels set to the compartments (rows unchanged). */
  skeleton: Skeleton;
  /** Compartment of each connector (index into COMPARTMENTS), in table order. */
  connectorCompartment: Uint8Array;
  /** Number of nodes per compartment. */
  counts: Record<Exclude<Compartment, ''>, number>;
  /** Segregation index (Schneider-Mizell et al. 2016) of the axon/dendrite split: 0 mixed, 1 fully segregated. */
  segregationIndex: number;
  /** The flow used (per row of the input skeleton). */
  flow: Float64Array;
  warnings: string[];
}

/**
 * Split a neuron into axon, dendrite, linker and cell body fiber, as navis's
 * `split_axon_dendrite(label_only=True)` does: the linker is the high-flow part; removing it
 * leaves fragments, each called axon or dendrite by its share of pre- vs postsynapses (or by
 * distance: the root's fragment is dendrite); fragments with under 1 % of both synapse kinds
 * stay undecided; axon and dendrite are each joined through linker nodes that connect them;
 * the cell body fiber is the low-flow (≤ 5 % of the maximum) part around the soma/root; any
 * node still unlabelled takes the label of its nearest labelled node (in edges). The skeleton
 * is analysed rooted at its soma (rerooted if needed; labels are per node, so the input's row
 * order is kept).
 */
export function splitAxonDendrite(input: Skeleton, con: ConnectorTable, opts: SplitOptions = {}): SplitResult {
  const flowThresh = opts.flowThresh ?? 0.9;
  const split = opts.split ?? 'prepost';
  const splitVal = opts.prepostThreshold ?? 1;
  const metric = opts.metric ?? 'synapse_flow';
  const warnings: string[] = [];
  if (!(flowThresh > 0 && flowThresh <= 1)) throw new CoreError('input', `flow threshold must be in (0, 1], got ${flowThresh}`);
  const roots = input.roots();
  if (roots.length > 1) {
    throw new CoreError('input', `cannot split: the skeleton has ${roots.length} roots (disconnected fragments); heal it first (join the fragments to the main tree)`);
  }
  if (metric === 'synapse_flow' && con.nodeId.length === 0) {
    throw new CoreError('input', "cannot split by synapse flow: the neuron has no connectors; use metric 'leaf_flow' with split 'distance'");
  }
  if (split === 'prepost' && con.nodeId.length === 0) {
    throw new CoreError('input', "cannot split by pre/post synapses: the neuron has no connectors; use split 'distance'");
  }
  // Rooted at the soma, as navis's reroot_soma = True.
  const sk = input.soma >= 0 && input.parent[input.soma] !== -1 ? reroot(input, input.id[input.soma]) : input;
  const n = sk.size;
  const flow = metric === 'synapse_flow' ? synapseFlow(sk, con, opts.mode ?? 'sum') : leafFlow(sk);
  let max = 0;
  for (let i = 0; i < n; i++) if (flow[i] > max) max = flow[i];
  const linker = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (flow[i] >= max * flowThresh) linker[i] = 1;

  // Fragments left when the linker is removed (parents come before children in `order`).
  const order = sk.order;
  const comp = new Int32Array(n).fill(-1);
  let ncomp = 0;
  for (const i of order) {
    if (linker[i]) continue;
    const p = sk.parent[i];
    comp[i] = p >= 0 && !linker[p] ? comp[p] : ncomp++;
  }
  const isAxonComp = new Uint8Array(ncomp);
  const isDendComp = new Uint8Array(ncomp);
  if (split === 'prepost') {
    const { pre, post } = con.nodeId.length ? synapseCounts(sk, con) : { pre: new Int32Array(n), post: new Int32Array(n) };
    const nPre = new Float64Array(ncomp);
    const nPost = new Float64Array(ncomp);
    for (let i = 0; i < n; i++) {
      if (comp[i] < 0) continue;
      nPre[comp[i]] += pre[i];
      nPost[comp[i]] += post[i];
    }
    let sPre = 0;
    let sPost = 0;
    for (let c = 0; c < ncomp; c++) {
      sPre += nPre[c];
      sPost += nPost[c];
    }
    for (let c = 0; c < ncomp; c++) {
      // pandas: 0/0 → NaN → filled with 0; x/0 → inf.
      const fPre = sPre > 0 ? nPre[c] / sPre : 0;
      const fPost = sPost > 0 ? nPost[c] / sPost : 0;
      if (Math.max(fPre, fPost) < 0.01) continue; // too few synapses to decide
      const ratio = fPre / fPost;
      if (ratio < splitVal) isDendComp[c] = 1;
      else if (ratio >= splitVal) isAxonComp[c] = 1;
    }
  } else {
    const rootComp = comp[sk.roots()[0]];
    for (let c = 0; c < ncomp; c++) {
      if (c === rootComp) isDendComp[c] = 1;
      else isAxonComp[c] = 1;
    }
  }
  const label = new Uint8Array(n);
  const axon = new Uint8Array(n);
  const dend = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (comp[i] < 0) continue;
    if (isAxonComp[comp[i]]) axon[i] = 1;
    if (isDendComp[comp[i]]) dend[i] = 1;
  }
  // Join each compartment's fragments through the linker nodes between them.
  const axonJoined = connectedSubgraph(sk, union(axon, linker), axon);
  for (let i = 0; i < n; i++) if (axonJoined[i]) linker[i] = 0;
  const dendJoined = connectedSubgraph(sk, union(dend, linker), dend);
  for (let i = 0; i < n; i++) if (dendJoined[i]) linker[i] = 0;

  // Cell body fiber: the low-flow part around the soma (or root).
  const cbf = new Uint8Array(n);
  const somaRow = sk.soma;
  if (opts.cellbodyfiber && (somaRow >= 0 || opts.cellbodyfiber === 'root')) {
    const root = sk.roots()[0];
    const low = (i: number) => flow[i] <= max * 0.05;
    if (low(root)) {
      for (const i of order) {
        const p = sk.parent[i];
        if (i === root || (p >= 0 && cbf[p] && low(i))) cbf[i] = 1;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (linker[i]) label[i] = LINKER;
    if (dendJoined[i]) label[i] = DENDRITE;
    if (axonJoined[i]) label[i] = AXON;
    if (cbf[i]) label[i] = CBF;
  }
  const missing = fillNearest(sk, label);
  if (missing) warnings.push(`${missing} node(s) could not be given a compartment`);

  const counts = { axon: 0, dendrite: 0, linker: 0, cellbodyfiber: 0 };
  for (let i = 0; i < n; i++) if (label[i]) counts[COMPARTMENTS[label[i]] as keyof typeof counts]++;
  if (counts.axon === 0) warnings.push('no axon was found; try a lower flow threshold or split "distance"');
  if (counts.dendrite === 0) warnings.push('no dendrite was found; try a lower flow threshold or split "distance"');
  const connectorCompartment = Uint8Array.from(con.nodeId, (id) => label[sk.rowOf(id)] ?? 0);
  return {
    skeleton: input.with({ label }, { labelNames: COMPARTMENTS }),
    connectorCompartment,
    counts,
    segregationIndex: segregationIndex(con, connectorCompartment),
    flow,
    warnings,
  };
}

function union(a: Uint8Array, b: Uint8Array): Uint8Array {
  const u = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) u[i] = a[i] | b[i];
  return u;
}

/**
 * navis's connected_subgraph(subgraph(mask), ss): in each connected part of `mask`, the paths
 * from every ss node that has no ss child up to their deepest common ancestor, plus all of ss.
 */
function connectedSubgraph(sk: Skeleton, mask: Uint8Array, ss: Uint8Array): Uint8Array {
  const n = sk.size;
  const order = sk.order;
  const { childStart: start, childList: list } = sk;
  // ss "leaves": ss nodes with no child in ss.
  const lc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!ss[i]) continue;
    let leaf = 1;
    for (let c = start[i]; c < start[i + 1]; c++) if (ss[list[c]]) leaf = 0;
    lc[i] = leaf;
  }
  // Leaves below each node, within the mask.
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const p = sk.parent[i];
    if (mask[i] && p >= 0 && mask[p]) lc[p] += lc[i];
  }
  // Total per part: the count at the part's top.
  const total = new Int32Array(n);
  for (const i of order) {
    if (!mask[i]) continue;
    const p = sk.parent[i];
    total[i] = p >= 0 && mask[p] ? total[p] : lc[i];
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    if (ss[i] || (lc[i] >= 1 && lc[i] < total[i])) out[i] = 1;
    else if (lc[i] === total[i] && total[i] > 0) {
      // The deepest node every path shares: none of its children carries all the leaves.
      let deepest = 1;
      for (let c = start[i]; c < start[i + 1]; c++) if (mask[list[c]] && lc[list[c]] === total[i]) deepest = 0;
      if (deepest) out[i] = 1;
    }
  }
  return out;
}

/** Give every unlabelled node the label of its nearest labelled node, in edges (multi-source BFS). Returns how many stay unlabelled. */
function fillNearest(sk: Skeleton, label: Uint8Array): number {
  const n = sk.size;
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (label[i]) queue[tail++] = i;
  const { childStart: start, childList: list } = sk;
  while (head < tail) {
    const i = queue[head++];
    const p = sk.parent[i];
    if (p >= 0 && !label[p]) {
      label[p] = label[i];
      queue[tail++] = p;
    }
    for (let c = start[i]; c < start[i + 1]; c++) {
      const k = list[c];
      if (!label[k]) {
        label[k] = label[i];
        queue[tail++] = k;
      }
    }
  }
  return n - tail;
}

/**
 * Segregation index (Schneider-Mizell et al. 2016): 1 − H/H₀ where H is the synapse-weighted
 * mean entropy of the pre/post mix in axon and dendrite, and H₀ the entropy of the whole neuron.
 */
export function segregationIndex(con: ConnectorTable, compartment: Uint8Array): number {
  const ent = (p: number) => (p <= 0 || p >= 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)));
  let preAll = 0;
  let all = 0;
  let h = 0;
  let total = 0;
  for (const c of [AXON, DENDRITE]) {
    let pre = 0;
    let m = 0;
    for (let k = 0; k < con.type.length; k++) {
      if (compartment[k] !== c) continue;
      m++;
      if (con.type[k] === 0) pre++;
    }
    if (m === 0) continue;
    h += m * ent(pre / m);
    total += m;
    preAll += pre;
    all += m;
  }
  const h0 = all ? ent(preAll / all) : 0;
  if (total === 0 || h0 === 0) return 0;
  return 1 - h / total / h0;
}
