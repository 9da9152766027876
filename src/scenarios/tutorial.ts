/**
 * The navis NEURON tutorial's first scenario as plain data, shared by the NEURON validation
 * cases and the app's built-in example: passive everywhere, hh on the axon, voltage at the
 * dendrite base, axon tip and soma, and 5 rounds of synaptic currents (0, 5, 10, 15, 20
 * AlphaSynapses on dendritic postsynapses at 50, 250, …, 850 ms).
 */
import { POST, PRE, type ConnectorTable } from '../core/morphology/connectors.ts';
import { geodesicFrom } from '../core/morphology/geodesic.ts';
import type { Skeleton } from '../core/morphology/skeleton.ts';
import { spanningSubtree } from '../core/morphology/subtree.ts';
import type { MechanismSpec, PointProcessSpec, RecorderSpec, RunOptions } from '../core/cable/model.ts';

/**
 * "Axon" and "dendrite" before the axon/dendrite split exists. Stated rule: the axon is the
 * smallest subtree spanning every presynapse-carrying node; the dendritic postsynapses are
 * the postsynapses on nodes outside it (unique node ids, table order, as the tutorial's
 * `post.node_id.unique()`); the dendrite is the smallest subtree spanning those. The dendrite
 * base is its node nearest to the soma, the axon tip the axon node farthest from it
 * (geodesic distance).
 */
export function tutorialSelection(sk: Skeleton, con: ConnectorTable, somaId: number) {
  const preIds: number[] = [];
  for (let k = 0; k < con.type.length; k++) if (con.type[k] === PRE) preIds.push(con.nodeId[k]);
  const axon = new Set(spanningSubtree(sk, preIds));
  const dendPost: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < con.type.length; k++) {
    const id = con.nodeId[k];
    if (con.type[k] === POST && !axon.has(sk.requireRow(id)) && !seen.has(id)) {
      seen.add(id);
      dendPost.push(id);
    }
  }
  const dend = spanningSubtree(sk, dendPost);
  const dist = geodesicFrom(sk, somaId);
  let dendBase = -1;
  for (const r of dend) if (dendBase < 0 || dist[r] < dist[dendBase]) dendBase = r;
  let axonTip = -1;
  for (const r of axon) if (axonTip < 0 || dist[r] > dist[axonTip]) axonTip = r;
  return {
    axonNodes: [...axon].sort((a, b) => a - b).map((r) => sk.id[r]),
    dendriticPost: dendPost,
    dendBase: sk.id[dendBase],
    axonTip: sk.id[axonTip],
  };
}

/** Parameters of the scenario, with the tutorial's values as defaults. */
export interface TutorialParams {
  /** Segment length target (µm). */
  res: number;
  /** Axial resistivity (Ω·cm) and membrane capacitance (µF/cm²), from Tobin et al. 2017. */
  Ra: number;
  cm: number;
  /** pas conductance (S/cm²) and reversal (mV). */
  gPas: number;
  ePas: number;
  /** AlphaSynapse peak conductance (µS), reversal (mV) and time constant (ms). */
  gmax: number;
  synE: number;
  synTau: number;
  /** Run duration (ms) and initial voltage (mV). */
  tstop: number;
  vInit: number;
}

export const TUTORIAL_DEFAULTS: TutorialParams = { res: 10, Ra: 266.1, cm: 0.8, gPas: 1 / 20800, ePas: -60, gmax: 0.1, synE: -10, synTau: 0.1, tstop: 1000, vInit: -60 };

/** Mechanisms, synapses, recorders and run options of the scenario on a neuron rooted at its soma. */
export function tutorialScenario(sk: Skeleton, con: ConnectorTable, somaId: number, p: TutorialParams = TUTORIAL_DEFAULTS) {
  const sel = tutorialSelection(sk, con, somaId);
  const pointProcesses: PointProcessSpec[] = [];
  for (let i = 0; i < 5; i++) {
    // navis add_synaptic_current(where, start, max_syn_cond=.1, rev_pot=-10) with its default tau 0.1 ms
    for (const node of sel.dendriticPost.slice(0, i * 5)) {
      pointProcesses.push({ type: 'AlphaSynapse', at: { node }, params: { onset: 50 + i * 200, tau: p.synTau, gmax: p.gmax, e: p.synE } });
    }
  }
  const mechanisms: MechanismSpec[] = [
    { name: 'pas', params: { g: p.gPas, e: p.ePas }, where: 'all' },
    { name: 'hh', where: { nodes: sel.axonNodes } },
  ];
  const recorders: RecorderSpec[] = [
    { label: 'dendrite_base', at: { node: sel.dendBase } },
    { label: 'axon_tip', at: { node: sel.axonTip } },
    { label: 'soma', at: { node: somaId } },
  ];
  const run: RunOptions = { tstop: p.tstop, v_init: p.vInit, dt: 0.025, celsius: 6.3 };
  return { selection: sel, mechanisms, pointProcesses, recorders, run, discretization: { res: p.res }, Ra: p.Ra, cm: p.cm };
}
