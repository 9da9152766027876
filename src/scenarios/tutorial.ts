/**
 * The navis NEURON tutorial's first scenario as plain data, shared by the NEURON validation
 * cases and the app's built-in example: passive everywhere, hh on the axon, voltage at the
 * dendrite base, axon tip and soma, and 5 rounds of synaptic currents (0, 5, 10, 15, 20
 * AlphaSynapses on dendritic postsynapses at 50, 250, …, 850 ms).
 */
import type { ConnectorTable } from '../core/morphology/connectors.ts';
import type { Skeleton } from '../core/morphology/skeleton.ts';
import { splitAxonDendrite } from '../core/morphology/split.ts';
import { connectorNodes, extremeByDistance, nodesByLabel } from '../core/morphology/selection.ts';
import { setSoma } from '../core/morphology/transform.ts';
import type { MechanismSpec, NetConSpec, NetStimSpec, PointProcessSpec, RecorderSpec, RunOptions } from '../core/cable/model.ts';

/**
 * The tutorial's selections, from the axon/dendrite split (navis split_axon_dendrite with
 * cellbodyfiber='soma'): hh goes on the sections of the axon and linker nodes; the dendritic
 * postsynapses are the postsynapses on dendrite nodes (unique node ids, table order, as the
 * tutorial's `post.node_id.unique()`); the dendrite base is the dendrite node nearest to the
 * soma and the axon tip the axon node farthest from it (geodesic distance).
 */
export function tutorialSelection(sk: Skeleton, con: ConnectorTable, somaId: number) {
  const split = splitAxonDendrite(setSoma(sk, somaId), con, { cellbodyfiber: 'soma' }).skeleton;
  const axonNodes = Array.from(nodesByLabel(split, ['axon', 'linker']));
  const dendriticPost = Array.from(connectorNodes(split, con, { type: 'post', compartments: ['dendrite'], uniqueNodes: true }));
  return {
    axonNodes,
    dendriticPost,
    dendBase: extremeByDistance(split, somaId, nodesByLabel(split, ['dendrite']), 'nearest'),
    axonTip: extremeByDistance(split, somaId, nodesByLabel(split, ['axon']), 'farthest'),
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

/** The second scenario's input (navis add_synaptic_input), with the tutorial's values as defaults. */
export interface SynapticInputParams {
  /** Number of dendritic postsynapses that receive the input (the first ones, table order). */
  synapses: number;
  /** Presynaptic spikes: number, mean interval (ms), noise 0–1, first spike (ms). */
  spikeNo: number;
  spikeInt: number;
  spikeNoise: number;
  start: number;
  /** Exp2Syn rise and decay (ms) and reversal (mV). */
  tau1: number;
  tau2: number;
  synE: number;
  /** NetCon delay (ms) and weight (µS). */
  delay: number;
  weight: number;
  /** Spike detector threshold at the axon tip (mV). */
  threshold: number;
  /** Random123 seed for the NetStim's noise; none = NEURON's default generator (fresh process). */
  seed?: number;
}

export const SYNAPTIC_INPUT_DEFAULTS: SynapticInputParams = {
  synapses: 20,
  spikeNo: 20,
  spikeInt: 50,
  spikeNoise: 1,
  start: 5,
  tau1: 0.1,
  tau2: 10,
  synE: 0,
  delay: 1,
  weight: 0.04,
  threshold: 20,
};

/**
 * The tutorial's second scenario: the same cell (passive, hh on the axon, three voltage
 * recorders), one NetStim driving an Exp2Syn on each of the first 20 dendritic postsynapses
 * through NetCons (navis add_synaptic_input), and a spike detector at the axon tip (navis
 * add_spike_detector, threshold 20 mV).
 */
export function synapticInputScenario(sk: Skeleton, con: ConnectorTable, somaId: number, s: SynapticInputParams = SYNAPTIC_INPUT_DEFAULTS, p: TutorialParams = TUTORIAL_DEFAULTS) {
  const base = tutorialScenario(sk, con, somaId, p);
  const nodes = base.selection.dendriticPost.slice(0, s.synapses);
  const pointProcesses: PointProcessSpec[] = nodes.map((node) => ({ type: 'Exp2Syn', at: { node }, params: { tau1: s.tau1, tau2: s.tau2, e: s.synE } }));
  const netStims: NetStimSpec[] = [{ params: { number: s.spikeNo, interval: s.spikeInt, noise: s.spikeNoise, start: s.start }, seed: s.seed }];
  const netCons: NetConSpec[] = nodes.map((_, k) => ({ source: { netStim: 0 }, target: { pointProcess: k }, delay: s.delay, weight: s.weight }));
  netCons.push({ source: { at: { node: base.selection.axonTip }, threshold: s.threshold }, target: null, label: 'axon_tip' });
  return { ...base, pointProcesses, netStims, netCons };
}
